"""Recognise attribution cues and their speakers in a dependency parse."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from stancekit.statements._tokens import (
    NAME_ABBREVIATIONS,
    SPEAKER_STRIP,
    doc_text,
    subtree_span,
    trim,
)
from stancekit.statements._types import Span
from stancekit.statements.cues import (
    BULLETS,
    CLAUSE_CUE_VERBS,
    CUE_TAILS,
    DOCUMENT_NOUNS,
    DOUBLE_QUOTES,
    FINDING_VERBS,
    OBJECT_CUE_VERBS,
    OBJECT_PHRASE_CUES,
    PERSON_NOUNS,
    PHRASAL_CUES,
    PREPOSITIONAL_CUES,
    PROFESSIONS,
    QUOTE_CUE_VERBS,
    QUOTED_AS_VERBS,
    REPORTING_ADJECTIVES,
    REPORTING_VERBS,
    SOURCE_NOUNS,
    SPEAKER_DEPS,
    TITLES,
)


@dataclass(frozen=True)
class Attribution:
    """A speaker and a cue: character spans plus the tokens they hang on."""

    speaker: Span
    cue: Span
    head: Token
    verb: Token


def _match_tail(text: str, pos: int, tails: tuple[str, ...]) -> int | None:
    """End offset of the first of ``tails`` that follows ``pos`` as whole words."""
    rest = text[pos:]
    stripped = rest.lstrip(" ")
    gap = len(rest) - len(stripped)
    if gap == 0 or gap > 1:
        return None
    for tail in sorted(tails, key=len, reverse=True):
        n = len(tail)
        if stripped[:n].lower() == tail and (n == len(stripped) or not stripped[n].isalnum()):
            return pos + gap + n
    return None


def _attributive(token: Token) -> bool:
    """Whether "according to" attributes: set off ("According to X, ...", "..., according to
    X") or naming a source ("said according to officials"), not "sorted according to size"."""
    if token.i == token.sent.start or token.nbor(-1).is_punct:
        return True
    return _names_source(prepositional_speaker(token))


def _set_off_source(token: Token) -> bool:
    """Whether a one-word cue ("per") is set off and names a source: "Per a senior aide, ...",
    "..., per two people familiar with the talks", not "$5 per person" or "per cent"."""
    marks = (",", "\u2014", "\u2013", "(")
    prev = token.nbor(-1) if token.i > token.sent.start else None
    # (also after a conjunction that opens a clause: "..., but per a statement from X, ...")
    linked = prev is not None and prev.lower_ in ("but", "and") and prev.i > token.sent.start
    set_off = prev is None or prev.text in marks or (linked and prev.nbor(-1).text in marks)
    obj = prepositional_speaker(token)
    return set_off and _names_source(obj) and obj is not None and obj.ent_type_ not in _AMOUNTS


#: Entity types of amounts: ", per year" and ", per cent" are no sources.
_AMOUNTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})


def documents(token: Token) -> bool:
    """Whether ``token`` is a document noun ("survey", "reports")."""
    return token.lemma_.lower() in DOCUMENT_NOUNS or token.lower_ in DOCUMENT_NOUNS


def _names_source(obj: Token | None) -> bool:
    """Whether the object of a prepositional cue can be a source (a name, a pronoun, a source
    or document noun)."""
    if obj is None:
        return False
    lemma = obj.lemma_.lower()
    return (
        obj.pos_ in ("PROPN", "PRON")
        or bool(obj.ent_type_)
        or lemma in SOURCE_NOUNS
        or lemma in DOCUMENT_NOUNS
        or obj.lower_ in SOURCE_NOUNS
        or obj.lower_ in DOCUMENT_NOUNS
    )


def _hyphenated(token: Token) -> bool:
    """Whether ``token`` ends a hyphenated word ("co-wrote", "re-announced")."""
    if token.i == 0:
        return False
    prev = token.doc[token.i - 1]
    return prev.text in ("-", "\u2010") and not prev.whitespace_


_HYPHENS = ("-", "\u2010")


def _joined(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` is a hyphen inside a word ("Ben-Gvir", "Abu-Rudeineh")."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in _HYPHENS
        and not doc[i].whitespace_
        and not doc[i - 1].whitespace_
    )


def word_end(token: Token) -> Token:
    """The last token of the hyphenated word that holds ``token`` ("Ben" -> "Gvir")."""
    doc, i = token.doc, token.i
    while i + 2 < len(doc) and _joined(doc, i + 1) and doc[i + 2].is_alpha:
        i += 2
    return doc[i]


def word_start(token: Token) -> Token:
    """The first token of the hyphenated word that holds ``token`` ("Gvir" -> "Ben")."""
    doc, i = token.doc, token.i
    while i >= 2 and _joined(doc, i - 1) and doc[i - 2].is_alpha:
        i -= 2
    return doc[i]


def is_cue_verb(token: Token) -> bool:
    """Whether ``token`` is a verb whose lemma is a reporting verb or a phrasal cue.

    Not the end of a hyphenated word ("who co-wrote the bill") nor a participle used as an
    adjective ("a written assurance").
    """
    return (
        token.tag_.startswith("VB")
        and (
            token.lemma_.lower() in REPORTING_VERBS
            or token.lemma_.lower() in PHRASAL_CUES
            or _reporting_be(token)
        )
        and not _hyphenated(token)
        and token.dep_ != "amod"  # "a written assurance"
    )


def _reporting_be(token: Token) -> bool:
    """Whether ``token`` is "be" with a reporting adjective and a clause after it ("Smith was
    adamant that ..."), its subject no "it" or "there"."""
    if token.lemma_.lower() != "be":
        return False
    adjectives = [c for c in token.children if c.dep_ == "acomp"]
    if not adjectives or adjectives[0].lower_ not in REPORTING_ADJECTIVES:
        return False
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    clause = [
        c for c in [*token.children, *adjectives[0].children]
        if c.dep_ == "ccomp" and c.i > adjectives[0].i
    ]  # fmt: skip
    return bool(subjects and clause) and subjects[0].lower_ not in ("it", "there")


def cue_span(token: Token) -> Span | None:
    """Return the character span of the cue headed by ``token``, or None.

    Phrasal cues ("made it clear") need their continuation; optional continuations
    ("told me", "said in a statement") and particles ("pointed out") are included.
    """
    text = doc_text(token.doc)
    start, end = token.idx, token.idx + len(token)
    lemma = token.lemma_.lower()
    if token.lower_ in PREPOSITIONAL_CUES:
        if not PREPOSITIONAL_CUES[token.lower_]:  # "Per a senior aide, ..."
            return (start, end) if _set_off_source(token) else None
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if nxt is not None and nxt.lower_ == PREPOSITIONAL_CUES[token.lower_]:
            if _attributive(token):
                return start, nxt.idx + len(nxt)
        return None
    if not is_cue_verb(token):
        return None
    if lemma in PHRASAL_CUES:
        tail_end = _match_tail(text, end, PHRASAL_CUES[lemma])
        if tail_end is None:
            return None
        end = tail_end
    elif lemma == "be":  # "was adamant": the adjective too (is_cue_verb checked the parse)
        tail_end = _match_tail(text, end, REPORTING_ADJECTIVES)
        if tail_end is None:
            return None
        return start, tail_end
    elif lemma not in REPORTING_VERBS:
        return None
    tail_end = _match_tail(text, end, CUE_TAILS)
    return start, tail_end if tail_end is not None else end


#: Children of a quote cue verb that hold its object ("called the talks \u201ca stab\u201d").
_QUOTE_OBJECT_DEPS = frozenset({"dobj", "oprd", "ccomp", "xcomp", "attr"})


def object_cue_span(token: Token) -> Span | None:
    """Character span of a cue that speaks only in reported speech, or None.

    These cues never attribute a direct quote: a phrase of
    :data:`~stancekit.statements.cues.OBJECT_PHRASE_CUES` ("called for"); a verb of
    :data:`~stancekit.statements.cues.OBJECT_CUE_VERBS` with a direct object or infinitive
    after it ("condemned the deal", "wants to return"); one of
    :data:`~stancekit.statements.cues.CLAUSE_CUE_VERBS` with a finite clause after it ("the
    study found that ..."); or one of :data:`~stancekit.statements.cues.QUOTE_CUE_VERBS` whose
    object holds a double quotation mark ("called the talks \u201ca stab in the back\u201d").
    """
    lemma = token.lemma_.lower()
    if not token.tag_.startswith("VB") or lemma in REPORTING_VERBS or _hyphenated(token):
        return None
    text = doc_text(token.doc)
    start, end = token.idx, token.idx + len(token)
    if lemma in OBJECT_PHRASE_CUES:
        tail_end = _match_tail(text, end, OBJECT_PHRASE_CUES[lemma])
        if tail_end is not None:
            return start, tail_end
    if lemma in OBJECT_CUE_VERBS:
        deps = ("dobj", "xcomp")
        if any(c.dep_ in deps and c.i > token.i for c in token.children) or _finite_clause(
            token, marked=True
        ):
            return start, end  # "demanded its withdrawal", "demanded that CMRL introduce ..."
        return None
    if lemma in CLAUSE_CUE_VERBS:
        # "found that X was ...", not "will find it impossible to ..."
        if _finite_clause(token):
            return start, end
        # "a survey by the agency found residues of ...": a document's finding
        subject = speaker_head(token, inherit=False)
        finding = lemma in FINDING_VERBS and subject is not None and documents(subject)
        if finding and any(c.dep_ == "dobj" and c.i > token.i for c in token.children):
            return start, end
        return None
    if lemma not in QUOTE_CUE_VERBS:
        return None
    objects = [
        c
        for c in token.children
        if c.i > token.i
        and (c.dep_ in _QUOTE_OBJECT_DEPS or (c.dep_ == "prep" and c.lower_ == "as"))
    ]
    if not objects:
        return None
    right = max(c.right_edge for c in objects)
    if any(mark in text[end : right.idx + len(right)] for mark in DOUBLE_QUOTES):
        return start, end
    # "called the vote a disgrace", "termed the hike anti-people": an object and what the
    # speaker calls it, no quotation needed (not "called him Bob", nor "called the police")
    if any(c.dep_ == "dobj" for c in objects) and any(
        c.dep_ == "oprd" and c.pos_ in ("NOUN", "ADJ") for c in objects
    ):
        return start, end
    return None


def _finite_clause(token: Token, *, marked: bool = False) -> bool:
    """Whether a clause with a verb or a "that" (``marked``: a "that") follows ``token`` as its
    complement."""
    return any(
        c.dep_ == "ccomp"
        and c.i > token.i
        and (
            (c.pos_ in ("VERB", "AUX") and not marked)
            or any(k.dep_ == "mark" and (k.lower_ == "that" or not marked) for k in c.children)
        )
        for c in token.children
    )


def speaker_head(verb: Token, *, inherit: bool = True) -> Token | None:
    """Return the subject of a cue verb, inheriting it through coordination.

    A hyphenated name parsed as several subjects ("Ben", "-", "Gvir") gives its last word.
    """
    head = _speaker_head(verb, inherit=inherit)
    return None if head is None else word_end(head)


def _speaker_head(verb: Token, *, inherit: bool) -> Token | None:
    subjects = [_unbulleted(c) for c in verb.children if c.dep_ in SPEAKER_DEPS]
    if subjects:
        # "Israel, Netanyahu said, will ...", parsed with two subjects: the one next to the cue
        before = [c for c in subjects if c.i < verb.i]
        return _fronted(before[-1] if before else subjects[0])
    # "In Sarajevo, Amra Kovacevic, ..., wrote": the person parsed as coordinated with the place
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.i < verb.i:
            for obj in prep.children:
                fronted = _fronted(obj) if obj.dep_ == "pobj" else obj
                if fronted is not obj:
                    return fronted
                if obj.dep_ == "pobj":
                    apposed = _apposed_source(obj, verb)
                    if apposed is not None:
                        return apposed
    doc = verb.doc
    # "Speaking on Corrib FM's Morning Show, the council's director of transport, Siobhán Ní
    # Fhlatharta, said ...": the speaker parsed as an apposition inside the fronted participle
    for child in verb.children:
        if child.dep_ == "advcl" and child.tag_ == "VBG" and child.i < verb.i:
            end = child.right_edge
            if end.i + 2 == verb.i and doc[end.i + 1].text == "," and end.dep_ == "appos":
                if end.pos_ == "PROPN" or end.ent_type_ == "PERSON":
                    return end
    # "X, asked about Y, said ...", parsed with X as the subject of "asked"
    for child in verb.children:
        set_off = 0 < child.i < verb.i and doc[child.i - 1].text == "," == doc[verb.i - 1].text
        if child.dep_ == "ccomp" and child.tag_ in ("VBN", "VBD") and set_off:
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.i < child.i:
                return subject
        # "Daniel Okafor, whose daughter's operation has been postponed, says ...", parsed
        # with the name as the subject of the relative clause's verb
        if child.dep_ == "ccomp" and child.i < verb.i and doc[verb.i - 1].text == ",":
            deps = ("nsubj", "nsubjpass")
            named = next((c for c in child.children if c.dep_ in deps), None)
            if named is not None and named.pos_ == "PROPN" and named.i + 2 < child.i:
                if doc[named.i + 1].text == "," and doc[named.i + 2].lower_ in ("who", "whose"):
                    return named
    # "Aguilar, whose district runs along the border, added ...", parsed with the name as the
    # root and the cue as its clause: the name is the subject
    noun = verb.head
    if (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBZ", "VBN")
        and noun.dep_ == "ROOT"
        and noun.pos_ in ("PROPN", "NOUN")
        and doc[verb.i - 1].text == ","
        and any(c.dep_ in ("relcl", "appos") and noun.i < c.i < verb.i for c in noun.children)
    ):
        return noun
    # '"...," a White House official granted anonymity to discuss it told Playbook', parsed
    # with the source as the subject of "granted"
    for child in verb.children:
        if (
            child.dep_ == "ccomp"
            and child.i < verb.i
            and child.tag_ in ("VBN", "VBD")
            and child.lemma_.lower() in _ANONYMITY_VERBS
            and any(t.lower_ == "anonymity" for t in child.subtree)
        ):
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.i < child.i:
                return subject
    # "..., prompting the chair, Fiona Baird, to warn senators that ...": the object of the
    # causing verb whose clause the cue is (not "urged X to reject": X has not spoken)
    if inherit and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _CAUSING_VERBS:
        controller = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        if controller and controller[-1].pos_ in ("PROPN", "NOUN", "PRON"):
            return controller[-1]
    # "X was quoted (by Y) as saying ...": the passive subject of "quoted"
    passive = verb.head.head if verb.dep_ == "pcomp" and verb.head.lower_ == "as" else None
    if passive is not None and passive.lemma_.lower() in QUOTED_AS_VERBS:
        # "X was quoted as saying", or the active "IRNA quoted X as saying"
        quoted = [c for c in passive.children if c.dep_ in ("nsubjpass", "dobj")]
        return quoted[0] if quoted else None
    participle = verb.dep_ == "advcl" and verb.tag_ == "VBG"  # '..., adding that'
    outer = verb.head.head if verb.head.dep_ == "ccomp" else None
    denied = verb.head.head.head if verb.head.dep_ == "acl" else None
    if inherit and participle and denied is not None and verb.head.head.dep_ == "dobj":
        if object_cue_span(denied) is not None:
            # "He dismissed reports that Tehran had agreed ..., calling them ...": the
            # participle hangs off the clause of the cue's object; he is the one calling them so
            return _speaker_head(denied, inherit=True)
    if inherit and participle and outer is not None and cue_span(outer) is not None:
        # "X said the talks would resume, adding that ...": the participle hangs off the
        # reported clause, but X is still the one speaking
        return _speaker_head(outer, inherit=True)
    if inherit and (verb.dep_ == "conj" or participle) and verb.head.i != verb.i:
        inherited = _speaker_head(verb.head, inherit=True)
        reported = verb.head.head if verb.head.dep_ == "ccomp" else None
        if (
            verb.dep_ == "conj"
            and (is_cue_verb(verb) or object_cue_span(verb) is not None)
            and reported is not None
            and cue_span(reported) is not None
            and cue_span(verb.head) is None
            and (inherited is None or not may_speak(inherited) or _quote_closes(verb.head, verb))
        ):
            # "X warned that Iran's patience was running out and urged ...": a cue coordinated
            # with the reported clause's verb, whose subject cannot speak, is still X's; so is
            # one after the clause's quotation closed ('said the government "has spent ..."
            # and argued that ...')
            return _speaker_head(reported, inherit=True)
        return inherited
    return None


#: Verbs whose object does what their clause says ("prompting X to warn": X warned).
_CAUSING_VERBS = frozenset({"prompt", "lead", "force", "spur", "cause", "drive"})

#: Closing quotation marks that end a quoted part of a reported clause.
_CLOSING_MARKS = ("\u201d", '"')


def _quote_closes(first: Token, second: Token) -> bool:
    """Whether a quotation closes between two tokens, right before "and" / "but" and the
    second: '... "has spent ..." and argued'."""
    doc = first.doc
    between = list(doc[first.i + 1 : second.i])
    tail = [t.text for t in between[-3:]]
    return any(mark in tail for mark in _CLOSING_MARKS) and any(
        t.dep_ == "cc" for t in between[-2:]
    )


#: Entity types of subjects that can speak.
_SPEAKING_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def may_speak(token: Token) -> bool:
    """Whether a subject could be a speaker: a name, a pronoun or a noun for people or
    bodies ("officials", "the minister"), not "Iran's patience" or "prices"."""
    lemma = token.lemma_.lower()
    return (
        token.ent_type_ in _SPEAKING_ENTITIES
        or token.tag_ in ("PRP", "NNP", "NNPS")
        or lemma in SOURCE_NOUNS
        or token.lower_ in SOURCE_NOUNS
        or lemma in TITLES
        or lemma in PROFESSIONS
        or lemma in PERSON_NOUNS
        # "His ethics critic, Dana Kowalczyk, was more careful:"
        or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children)
    )


def _apposed_source(obj: Token, verb: Token) -> Token | None:
    """A source parsed as an apposition to a fronted phrase's object, right before the cue:
    "In Ottawa, a spokesperson for the minister said", "For the civic group Budget Watch
    Nigeria, its Programme Director, Ms. Hauwa Ibrahim, said" (the last person or source of
    the chain of appositions)."""
    chain, node = [], obj
    while True:
        nxt = [c for c in node.children if c.dep_ == "appos" and c.i < verb.i]
        if not nxt:
            break
        node = nxt[-1]
        chain.append(node)
    sources = [
        t
        for t in chain
        if t.ent_type_ == "PERSON" or t.lemma_.lower() in SOURCE_NOUNS or t.lower_ in TITLES
    ]
    if not sources or obj.doc[sources[-1].left_edge.i - 1].text != ",":
        return None
    gap = obj.doc[sources[-1].right_edge.i + 1 : verb.i]
    return sources[-1] if all(t.is_punct for t in gap) else None


#: Verbs of "granted anonymity to discuss ..." after a source.
_ANONYMITY_VERBS = frozenset({"grant", "give", "offer", "promise"})


def _unbulleted(subject: Token) -> Token:
    """The noun a bullet parsed as the subject stands before ("• Rep. Mark Halvorsen, ...,
    told me", with "•" as the subject and the name hung on it); else ``subject``."""
    if subject.text not in BULLETS:
        return subject
    nouns = [c for c in subject.children if c.pos_ in ("PROPN", "NOUN", "PRON")]
    return nouns[0] if nouns else subject


def _fronted(subject: Token) -> Token:
    """The person after a fronted phrase parsed as the subject: "Outside Parliament, Moira
    Campbell, ... said" (a coordination without "and" or "or", of a name that is no person's
    with a person's) -> "Campbell"; else ``subject``."""
    if subject.ent_type_ == "PERSON" or any(c.dep_ == "cc" for c in subject.children):
        return subject
    people = [c for c in subject.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"]
    if len(people) == 1 and subject.doc[people[0].left_edge.i - 1].text == ",":
        return people[0]
    return subject


def prepositional_speaker(token: Token) -> Token | None:
    """Return the object of "according to" or "per" (the speaker), or None."""
    if token.i + 1 >= len(token.doc):
        return None
    if not PREPOSITIONAL_CUES.get(token.lower_, "to"):  # "per": its own object only
        return next((c for c in token.children if c.dep_ == "pobj"), None)
    prep = token.nbor(1)
    for t in (prep, token):
        for child in t.children:
            if child.dep_ == "pobj":
                return child
    if prep.i + 1 < len(token.doc):
        return prep.nbor(1)
    return None


def speaker_span(head: Token, lo: int, hi: int, *, avoid: Span | None = None) -> Span:
    """Character span of the speaker phrase headed by ``head`` inside ``[lo, hi)``.

    The phrase never reaches into ``avoid`` (the cue), and is trimmed of punctuation.
    """
    if avoid is not None:
        if head.idx >= avoid[1]:
            lo = max(lo, avoid[1])
        else:
            hi = min(hi, avoid[0])
    # "Minister Itamar Ben-Gvir": one word of three tokens, its title hanging off "Ben"
    first, last = word_start(head), word_end(head)
    pieces = [t for t in head.doc[first.i : last.i + 1] if t.is_alpha or t.i == head.i]
    spans = [subtree_span(t, lo, hi) for t in pieces]
    start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    # "Mr al-Mansouri said", parsed as two subjects: the title before the name is the speaker's
    doc = head.doc
    before = doc.char_span(start, start + 1, alignment_mode="expand")
    k = before.start - 1 if before is not None else -1
    while k >= 0 and doc[k].idx >= lo and _is_title_token(doc[k]) and doc[k].head.i == head.head.i:
        start = doc[k].idx
        k -= 1
    return trim(doc_text(doc), start, end, SPEAKER_STRIP)


def _is_title_token(token: Token) -> bool:
    """Whether a token is an honorific before a name ("Mr", "Dr.", "Sen.")."""
    return token.lower_.rstrip(".") in NAME_ABBREVIATIONS


def find_attribution(tokens: list[Token], lo: int, hi: int) -> Attribution | None:
    """Return the first cue with a speaker among ``tokens`` (all inside ``[lo, hi)``).

    The speaker is the cue's subject, or else a noun phrase right after the cue
    ("said an Israeli official") or right before it.
    """
    for token in tokens:
        cue = cue_span(token)
        if cue is None or cue[1] > hi:
            continue
        if token.lower_ in PREPOSITIONAL_CUES:
            head = prepositional_speaker(token)
        else:
            head = speaker_head(token, inherit=False)
            if head is None or not lo <= head.idx < hi:
                if token.tag_ == "VBG":
                    # "..., saying taxpayers '...'": a participle's speaker is its clause's
                    # subject, never the noun after it
                    head = speaker_head(token)
                else:
                    head = _adjacent_noun(token, cue, lo, hi)
            if head is not None and head.dep_ in ("dobj", "pobj") and head.head.i == token.i:
                # "..., accusing the movement of '...'": the object is no speaker
                head = speaker_head(token)
        if head is None or not lo <= head.idx < hi:
            continue
        return Attribution(speaker_span(head, lo, hi, avoid=cue), cue, head, token)
    return None


def _adjacent_noun(verb: Token, cue: Span, lo: int, hi: int) -> Token | None:
    doc = verb.doc
    after = [t for t in doc[verb.i + 1 : verb.i + 6] if t.idx >= cue[1] and t.idx < hi]
    for t in after:
        if t.pos_ in ("NOUN", "PROPN", "PRON"):
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.i != verb.i:
                return None  # 'but said the president "wants ..."': the reported clause's subject
            return t.head if t.dep_ == "compound" and t.head.idx < hi else word_end(t)
        if t.pos_ not in ("DET", "ADJ", "NUM", "ADV"):
            break
    if verb.i > 0:
        prev = doc[verb.i - 1]
        if prev.idx >= lo and prev.pos_ in ("NOUN", "PROPN", "PRON"):
            return prev
        # '"...," Tolliver said': a surname the small model tags an adverb
        if prev.idx >= lo and prev.is_title and prev.is_alpha and _after_quote(prev):
            return prev
    return None


def _after_quote(token: Token) -> bool:
    """Whether ``token`` follows a closing quotation mark and maybe a comma."""
    k = token.i - 1
    while k >= 0 and token.doc[k].text in (",", "\u2014", "\u2013"):
        k -= 1
    return k >= 0 and token.doc[k].text in ('"', "\u201d", "''", "\u2019", "'")
