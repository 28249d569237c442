"""Reported (indirect) speech from the dependency parse.

A cue (a reporting verb, a phrasal cue such as "made it clear", or "according to") with a
speaker gives a statement whose content is, in order of preference:

1. the clause after the cue (its ccomp / xcomp / "that"-clause or direct object);
2. the text after the cue up to the end of the sentence or the next inverted attribution;
3. the text before the cue for inversions ("X, officials said." / "X, said Y."), plus the
   rest of the sentence when the cue interrupts it ("If X, Israelis argued, Y.").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from stancekit.statements._attribution import (
    cue_span,
    documents,
    object_cue_span,
    prepositional_speaker,
    speaker_head,
    speaker_span,
)
from stancekit.statements._draft import Draft
from stancekit.statements._quotes import close_quotes, reported_kind
from stancekit.statements._tokens import doc_text, inside, trim, trim_content
from stancekit.statements._types import Span
from stancekit.statements.cues import (
    BULLETS,
    CONTENT_DEPS,
    FINDING_VERBS,
    MAX_LABEL_WORDS,
    OBJECT_CONTENT_VERBS,
    OBJECT_CUE_VERBS,
    OBJECT_PHRASE_CUES,
    OBJECT_PREP_CUES,
    PREPOSITIONAL_CUES,
    QUOTE_CUE_VERBS,
)

logger = logging.getLogger("stancekit.statements")

_OPEN_MARKS = "\u201c\u2018\"'"
# A set, so that "" (no character before) is not a member, as it is of every str.
_INVERSION_MARKS = frozenset(",\u2014\u2013\u201d\"'\u2019")
#: Tags of verbs with a tense.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Marks that set off an interjected cue ("X, the minister said, Y").
_SET_OFF_MARKS = frozenset(",\u2014\u2013")
_MODIFIER_DEPS = frozenset({"advcl", "prep", "advmod", "npadvmod", "intj", "punct", "cc", "mark"})
_FIRST_PERSONS = frozenset({"i", "we", "you"})
#: Cue verbs whose "as" phrase belongs to the content ("described it as ...", "praised X as ...").
_AS_CUE_VERBS = QUOTE_CUE_VERBS | OBJECT_CUE_VERBS
_CLAUSE_LINKS = frozenset({"while", "but", "and", "whereas", "although", "though", "as"})


@dataclass(frozen=True)
class _Candidate:
    verb: Token
    cue: Span
    head: Token
    speaker: Span
    inherited: bool

    @property
    def start(self) -> int:
        return self.cue[0] if self.inherited else min(self.cue[0], self.speaker[0])

    @property
    def end(self) -> int:
        return self.cue[1] if self.inherited else max(self.cue[1], self.speaker[1])


def _content_start(sent: SpacySpan) -> int:
    """First offset of a sentence's content: after a bullet and a short "Label:"."""
    tokens = [t for t in sent if not t.is_space and t.text not in BULLETS]
    if not tokens:
        return sent.end_char
    for t in tokens[: MAX_LABEL_WORDS + 1]:
        if t.text == ":" and t.i + 1 < sent.end:
            return t.idx + 1
    return tokens[0].idx


def _candidates(sent: SpacySpan, quote_spans: list[Span], used: set[int]) -> list[_Candidate]:
    found = []
    for t in sent:
        if t.i in used or inside(t.idx, quote_spans):
            continue
        cue = cue_span(t)
        weak = cue is None  # an object cue: "I want to ask you" is no statement
        cue = cue or object_cue_span(t)
        if cue is None:
            continue
        inherited = False
        if t.lower_ in PREPOSITIONAL_CUES:
            head = prepositional_speaker(t)
        else:
            head = speaker_head(t, inherit=False)
            if head is None:
                head = speaker_head(t)
                inherited = head is not None
        if head is None or inside(head.idx, quote_spans) or head.pos_ == "DET":
            continue
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in t.children):
            continue  # "Asked whether Prairie State would agree to ...": asked, not said
        if t.lemma_.lower() == "ask" and head.lower_ in ("i", "we") and _asks_whether(t):
            continue  # "I asked her whether she would sell": the writer's question
        if weak and head.lower_ in _FIRST_PERSONS:
            continue
        if not sent.start_char <= head.idx < sent.end_char:
            continue
        spk = speaker_span(head, sent.start_char, sent.end_char, avoid=cue)
        found.append(_Candidate(t, cue, head, spk, inherited))
    return found


def _asks_whether(verb: Token) -> bool:
    """Whether "asked" reports a yes-no question ("asked her whether she would sell")."""
    return any(
        g.dep_ == "mark" and g.lower_ in ("whether", "if")
        for c in verb.children
        if c.dep_ in ("ccomp", "advcl") and c.i > verb.i
        for g in c.children
    )


def _prev_char(text: str, pos: int, lo: int) -> str:
    i = pos - 1
    while i >= lo and text[i].isspace():
        i -= 1
    return text[i] if i >= lo else ""


def _boundary(other: _Candidate, lo: int) -> int | None:
    """Where a later attribution cuts a content off: "X, officials said" / "X while Y said"."""
    text = doc_text(other.verb.doc)
    if _prev_char(text, other.start, lo) in _INVERSION_MARKS:
        return other.start - 1
    doc = other.verb.doc
    first = doc.char_span(other.start, other.end, alignment_mode="expand")
    if first is not None and first.start > 0:
        prev = doc[first.start - 1]
        if prev.lower_ in _CLAUSE_LINKS and prev.idx >= lo:
            return prev.idx
    return None


def _opens_content(cand: _Candidate, other: _Candidate, text: str) -> bool:
    """Whether ``other`` opens the content of a set-off prepositional cue: "According to a
    senior aide, the mayor has briefed the council" (the comma is the cue's, not an
    inversion's)."""
    between = text[cand.end : other.start]
    return cand.verb.lower_ in PREPOSITIONAL_CUES and not between.strip(" ,\u2014\u2013")


def _content_child(cand: _Candidate, hi: int) -> Span | None:
    """Span of the clause the cue governs, if the parse gives one after the cue."""
    doc = cand.verb.doc
    heads = [t for t in doc[cand.verb.i :] if t.idx < cand.cue[1]]
    deps = set(CONTENT_DEPS)
    lemma = cand.verb.lemma_.lower()
    preps = OBJECT_PREP_CUES.get(lemma, ())
    if lemma in OBJECT_CONTENT_VERBS or preps or lemma in OBJECT_CUE_VERBS:
        deps.add("dobj")
    if lemma in FINDING_VERBS and documents(cand.head):
        deps.add("dobj")  # "A 2023 survey by the agency found residues of a fungicide in ..."
    objects: set[Token] = set()
    if lemma in QUOTE_CUE_VERBS or lemma in OBJECT_PHRASE_CUES:
        deps |= {"dobj", "oprd", "attr"}
        # "called for X" / "called on X to Y": the object of the cue's preposition
        tails = OBJECT_PHRASE_CUES.get(lemma, ())
        for child in cand.verb.children:
            if child.dep_ == "prep" and child.lower_ in tails and child.idx < cand.cue[1]:
                objects.update(c for c in child.children if c.dep_ == "pobj")
    starts, ends = [], []
    for h in heads:
        for child in h.children:
            # "accused X of Y": the object and its preposition; "described X as Y"
            of_cue = (
                child.dep_ == "prep"
                and h.i == cand.verb.i
                and (child.lower_ in preps or (child.lower_ == "as" and lemma in _AS_CUE_VERBS))
            )
            of_cue = of_cue or child in objects
            if (child.dep_ in deps or of_cue) and child.idx >= cand.cue[1]:
                if child.dep_ == "advcl" and h.i == cand.verb.i:
                    continue
                right = child.right_edge
                start, end = max(child.left_edge.idx, cand.cue[1]), min(right.idx + len(right), hi)
                if end > start:  # (a clause that the bound ``hi`` cuts off before it starts)
                    starts.append(start)
                    ends.append(end)
    return (min(starts), max(ends)) if ends else None


#: Cue verbs that also mean making or adding a thing: with a noun object they report nothing
#: ("who wrote a similar bill", "the levy could add hundreds of pounds to the cost"); other
#: cues' objects can be content ("announced a plan").
_AUTHORING_VERBS = frozenset({"write", "co-write", "draft", "pen", "add"})


def _authors_object(cand: _Candidate) -> bool:
    """Whether the cue verb has a noun object that is no speech ("who wrote a similar bill")."""
    verb = cand.verb
    if verb.lemma_.lower() not in _AUTHORING_VERBS:
        return False
    return any(
        c.dep_ == "dobj"
        and c.i > verb.i
        and c.pos_ in ("NOUN", "PROPN", "NUM")
        # "added a warning that X": the noun's clause is speech
        and not any(g.dep_ in ("acl", "ccomp") for g in c.children)
        for c in verb.children
    )


def _forward(cand: _Candidate, hi: int) -> Span | None:
    doc = cand.verb.doc
    text = doc_text(doc)
    # "..., said Themba Zulu, who chairs the forum.": the speaker after the cue is no content
    after = not cand.inherited and cand.speaker[0] >= cand.cue[1]
    start = cand.end if cand.verb.lower_ in PREPOSITIONAL_CUES or after else cand.cue[1]
    child = _content_child(cand, hi)
    if child is not None and cand.verb.lower_ not in PREPOSITIONAL_CUES:
        start, end = child
        last = doc.char_span(start, end, alignment_mode="expand")
        if last is not None and len(last) and last[-1].dep_ == "cc":
            # "that the levy was necessary but 'nowhere near enough' to ...": a clause parsed
            # to end in its conjunction goes on to the end of the sentence
            end = hi
    else:
        if _authors_object(cand):
            return None
        rest = text[start:hi].lstrip()
        if cand.verb.lower_ in PREPOSITIONAL_CUES:
            rest = rest.lstrip(",\u2014\u2013 ")
        if not rest or rest[0] in ".,;!?)":
            return None
        tokens = [t for t in doc[cand.verb.i + 1 :] if start <= t.idx < hi and not t.is_punct]
        first = next((t for t in tokens if t.idx >= start), None)
        verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
        after_phrase = _clause_after_phrase(tokens)
        if after_phrase is not None and cand.verb.lower_ not in PREPOSITIONAL_CUES:
            # "told reporters outside the courthouse that ...", "on arrival that ...": a short
            # phrase of place or time, then the reported clause (parsed as the noun's clause)
            start, end = trim_content(text, after_phrase, hi)
            return (start, end) if end > start else None
        if cand.verb.lemma_.lower() == "tell" and _told_whom_only(tokens, text, start):
            # "X, the minister told parliament on Tuesday, setting up ...": what follows "told"
            # without a clause is whom it was told and when; the content is before the cue ...
            lo = _content_start(cand.verb.sent)
            if cand.start <= lo or _prev_char(text, cand.start, lo) not in _SET_OFF_MARKS:
                return None
            # ... unless the cue is set off inside the content: "The government, he told the
            # Commons, shared the bill's ambition" (the caller joins the words before it)
            comma = text.find(",", start, hi)
            clause = trim_content(text, comma + 1, hi) if comma >= 0 else (hi, hi)
            words = [t for t in tokens if t.idx >= clause[0]]
            finite = [t for t in words[:3] if t.tag_ in _FINITE_TAGS]
            if not finite or any(
                t.pos_ not in ("ADV", "PART") for t in words[: finite[0].i - words[0].i]
            ):
                return None  # not "..., setting up a fight": a verb with a tense next
            return clause if clause[1] > clause[0] else None
        if cand.verb.lower_ in PREPOSITIONAL_CUES:
            if len(tokens) < 2:
                return None
        elif len(tokens) < 3 or not verbs or first is None or first.pos_ in ("ADP", "ADV"):
            return None
        elif first.ent_type_ in ("DATE", "TIME"):  # "..., X said Monday, as talks ..."
            return None
        end = hi
    start, end = trim_content(text, start, end)
    if text[start : start + 5].lower() == "that " and not _determiner_at(doc, start):
        start += 5  # the complementizer, not "echoed that view"
    return (start, end) if end > start else None


def _told_whom_only(tokens: list[Token], text: str, start: int) -> bool:
    """Whether the words after "told" are an addressee and a time or place up to a comma, with
    no clause of their own ("told parliament on Tuesday, setting up ...")."""
    if any(t.lower_ == "that" for t in tokens):
        return False
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
    return not verbs or "," in text[start : verbs[0].idx]


#: Roles of a relative "that" (a pronoun: "the plan that the minister wrote").
_GAP_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "attr"})
#: Words of a phrase of place or time between a cue and "that" ("outside the courthouse").
_MAX_PHRASE_WORDS = 6


def _clause_after_phrase(tokens: list[Token]) -> int | None:
    """Where a "that" clause starts after a short prepositional phrase opening ``tokens`` (the
    words after a cue), or None: "outside the courthouse that utilities had ...", not "on the
    plan that the minister wrote" (a verb before "that") nor "in that case"."""
    if not tokens or tokens[0].pos_ != "ADP":
        return None
    for k, t in enumerate(tokens[: _MAX_PHRASE_WORDS + 1]):
        if t.pos_ in ("VERB", "AUX"):
            return None
        if t.lower_ == "that" and k >= 2 and k + 1 < len(tokens) and t.dep_ not in _GAP_DEPS:
            nxt = tokens[k + 1]
            subject = nxt.pos_ in ("DET", "PROPN", "PRON", "NOUN", "NUM", "ADJ")
            # a clause with an auxiliary or an object of its own: not "the plan that the
            # minister wrote", whose object is the plan
            window = tokens[k + 2 : k + 8]
            verb = next((v for v in window if v.pos_ == "VERB"), None)
            whole = any(v.pos_ == "AUX" for v in window) or (
                verb is not None and any(c.dep_ in ("dobj", "attr") for c in verb.children)
            )
            # "on Saturday that Unit 4 at the Kusile power station had returned ...": a
            # long subject; a "that" marking a verb with a subject opens a clause
            whole = whole or (
                t.dep_ == "mark"
                and t.head.pos_ in ("VERB", "AUX")
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.head.children)
            )
            return t.idx + len(t) if subject and whole else None
    return None


def _determiner_at(doc: Doc, pos: int) -> bool:
    """Whether the token starting at character ``pos`` is a determiner ("that view")."""
    span = doc.char_span(pos, pos + 4)
    return span is not None and span[0].pos_ == "DET"


def _modifies_cue(verb: Token, span: Span) -> bool:
    """Whether the text in ``span`` only modifies the cue ("Asked about it, Lee said no")."""
    links = [
        t
        for t in verb.doc.char_span(*span, alignment_mode="contract") or ()
        if not span[0] <= t.head.idx < span[1]
    ]
    return bool(links) and all(t.head.i == verb.i and t.dep_ in _MODIFIER_DEPS for t in links)


def _backward(cand: _Candidate, sent: SpacySpan, hi: int) -> tuple[Span, tuple[Span, ...]] | None:
    text = doc_text(sent.doc)
    lo = _content_start(sent)
    if cand.start <= lo or _prev_char(text, cand.start, lo) not in _INVERSION_MARKS:
        return None
    if cand.verb.dep_ == "relcl" or _authors_object(cand):  # "X, who wrote the bill, ..."
        return None
    before = trim_content(text, lo, cand.start)
    if before[1] <= before[0]:
        return None
    if text[before[0]] in _OPEN_MARKS:
        logger.debug("content at %d is a quote with no usable attribution: skipped", before[0])
        return None
    verb = cand.verb
    after = trim_content(text, cand.end, hi)
    continues = text[cand.end : hi].lstrip().startswith(",") and after[1] > after[0]
    governs_after = (
        verb.lower_ in PREPOSITIONAL_CUES
        or (verb.head.i != verb.i and verb.head.i > verb.i and verb.head.idx >= cand.end)
        or any(c.dep_ in ("ccomp", "parataxis") and c.idx >= cand.end for c in verb.children)
    )
    if continues and governs_after:
        return (before[0], after[1]), (before, after)
    if _modifies_cue(verb, before):
        return None
    return before, ()


def _interjected(
    cand: _Candidate, sent: SpacySpan, content: Span, cands: list[_Candidate]
) -> Span | None:
    """The text before a cue set off by commas, when the content after it continues that text.

    "Such a move, the minister said on Tuesday, would be a disaster" and "The plan, according
    to two officials, would cut emissions": the parse gives the clause after the cue, and the
    words before it belong to the same content. Not when they only modify the cue ("On Tuesday,
    the minister said, ..."), hold another attribution, or open a quote.
    """
    text = doc_text(sent.doc)
    lo = _content_start(sent)
    if cand.start <= lo or _prev_char(text, cand.start, lo) not in _SET_OFF_MARKS:
        return None
    if _prev_char(text, content[0], cand.end) not in _SET_OFF_MARKS:
        return None
    before = trim_content(text, lo, cand.start)
    if before[1] <= before[0] or text[before[0]] in _OPEN_MARKS:
        return None
    if any(o is not cand and before[0] <= o.start < before[1] for o in cands):
        return None
    links = [
        t
        for t in sent.doc.char_span(*before, alignment_mode="contract") or ()
        if not before[0] <= t.head.idx < before[1]
    ]
    # "If Iran complies, X said, Y" (a subordinate clause) and "Such a move, X warned, would
    # be ..." (a noun phrase the parser hangs on the cue as a clause) are content
    clause = any(
        t.dep_ == "advcl"
        and (t.pos_ in ("NOUN", "PROPN", "PRON") or any(c.dep_ == "mark" for c in t.children))
        for t in links
    )
    if _modifies_cue(cand.verb, before) and not clause:
        return None
    return before


_QUESTION_WORDS = frozenset("what whether if how when where why who which".split())


def _open_question(verb: Token) -> bool:
    """Whether a negated cue leaves a question open ("would not say whether ...")."""
    if not any(c.dep_ == "neg" for c in verb.children):
        return False
    doc = verb.doc
    after = [t for t in doc[verb.i + 1 : verb.i + 4] if not t.is_punct]
    return bool(after) and after[0].lower_ in _QUESTION_WORDS


def _quote_cue_bounds(sent: SpacySpan, used: set[int], lo: int) -> list[int]:
    """Where the cues of direct quotes after ``lo`` cut a reported content off: at the comma or
    dash before them ("said that talks would resume, telling reporters: '...'")."""
    text = doc_text(sent.doc)
    out = []
    for t in sent:
        if t.i in used and t.idx > lo:
            i = t.idx
            while i > lo and text[i - 1].isspace():
                i -= 1
            if i > lo and text[i - 1] in _INVERSION_MARKS:
                out.append(i - 1)
    return out


def reported_drafts(sents: list[SpacySpan], quote_spans: list[Span], used: set[int]) -> list[Draft]:
    """Return drafts for reported speech in ``sents``.

    Parameters
    ----------
    sents : list of spacy.tokens.Span
        Sentences of the parsed document.
    quote_spans : list of (int, int)
        Inner spans of all direct quotes; cues and speakers inside them are ignored.
    used : set of int
        Token indices of cues already used by direct quotes.

    Returns
    -------
    list of Draft
    """
    drafts: list[Draft] = []
    for sent in sents:
        text = doc_text(sent.doc)
        sent_end = trim(text, sent.start_char, sent.end_char)[1]
        cands = _candidates(sent, quote_spans, used)
        for cand in cands:
            if _open_question(cand.verb):
                continue  # "he did not say what those steps would be": no statement, a bound
            bounds = [
                _boundary(o, cand.end)
                for o in cands
                if o is not cand and o.start > cand.end and not _opens_content(cand, o, text)
            ]
            bounds += _quote_cue_bounds(sent, used, cand.end)
            hi = min([sent_end, *(b for b in bounds if b is not None)])
            parts: tuple[Span, ...] = ()
            content = _forward(cand, hi)
            front = _interjected(cand, sent, content, cands) if content else None
            # "The government, he told the Commons, shared ...": the clause after whom it was
            # told goes on with the words before the cue
            told = (
                content is not None
                and cand.verb.lemma_.lower() == "tell"
                and "," in text[cand.end : content[0]]
                and _content_child(cand, hi) is None
            )
            if front is not None and cand.verb.lower_ not in PREPOSITIONAL_CUES:
                # only for the clause the cue governs, not for text that merely follows it
                # (or, after "told" and whom, a verb phrase that goes on with the front's
                # subject)
                front = front if _content_child(cand, hi) is not None or told else None
            elif told and front is None:
                front = trim_content(text, _content_start(sent), cand.start)
                if front[1] <= front[0] or text[front[0]] in _OPEN_MARKS:
                    front = None
            if content is not None and front is not None:
                content, parts = (front[0], content[1]), (front, content)
            elif content is None:
                back = _backward(cand, sent, sent_end)
                if back is None:
                    continue
                content, parts = back
            content = close_quotes(content, quote_spans, sent_end, text)
            drafts.append(
                Draft(
                    speaker=cand.speaker,
                    cue=cand.cue,
                    content=content,
                    kind=reported_kind(content, quote_spans, text),
                    head=cand.head.i,
                    source="according" if cand.verb.lower_ in PREPOSITIONAL_CUES else "reported",
                    parts=parts,
                    meta={"cue_token": cand.verb.i},
                )
            )
    return drafts
