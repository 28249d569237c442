"""Attribute direct quotations: cue after, cue before, colon quotes, split quotes."""

from __future__ import annotations

import logging
import re

from spacy.tokens import Doc, Token

from stancekit.statements._attribution import (
    Attribution,
    cue_span,
    find_attribution,
    may_speak,
    speaker_span,
)
from stancekit.statements._draft import Draft
from stancekit.statements._quotes import Quote, Segment, body_start, paragraphs
from stancekit.statements._tokens import (
    SPEAKER_STRIP,
    doc_text,
    first_sentence_end,
    last_sentence_start,
    only_punct,
    tokens_in,
    trim,
)
from stancekit.statements._types import Span
from stancekit.statements.cues import (
    DOCUMENT_NOUNS,
    QUOTE_ADJECTIVES,
    SOURCE_NOUNS,
    SPEAKER_DEPS,
    TITLES,
)

logger = logging.getLogger("stancekit.statements")


def quote_content(text: str, seg: Segment) -> Span:
    """The inner span of a segment, trimmed of spaces and a trailing comma."""
    start, end = trim(text, *seg.inner)
    while end > start and text[end - 1] in ", \u2014\u2013":
        end -= 1
    return start, end


#: Times that may follow a cue before the quote goes on ('..., she said Friday. "..."').
_TIME_WORDS = re.compile(
    r"\b(?:on|last|this|late|early|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|"
    r"tonight|morning|afternoon|evening|night|week)\b",
    re.IGNORECASE,
)

#: A preposition right before a quotation: its object, a title ('said on "Fox News Sunday."').
_TITLE_BEFORE = re.compile(r"\b(?:on|in|to|at|of|from|by|with)\s*$", re.IGNORECASE)

#: '"X." \u2015 Jane Doe': a dash, then a name that ends its line or meets the next quote.
_DASH_NAME = re.compile(
    r"[ \t\u00a0]*(?P<dash>[\u2015\u2014\u2013]|--)[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ ][A-Z][\w.'\u2019-]*){0,3})"
    r"[.,;]?(?=[ \t\u00a0]*(?:$|\n|[\u201c\"]))"
)


def _dash_attribution(doc: Doc, seg: Segment) -> Attribution | None:
    """Attribution by a dash and a bare name after a closing mark (an epigraph)."""
    assert seg.close is not None
    m = _DASH_NAME.match(doc_text(doc), seg.close + 1)
    if m is None:
        return None
    name = doc.char_span(*m.span("name"), alignment_mode="expand")
    dash = doc.char_span(*m.span("dash"), alignment_mode="expand")
    if name is None or dash is None or not any(t.pos_ == "PROPN" for t in name):
        return None
    return Attribution(m.span("name"), m.span("dash"), name[-1], dash[0])


def _after(doc: Doc, seg: Segment, hi: int) -> Attribution | None:
    """Attribution right after a closing mark: '"X," said Y.', '"X," Y said.' or
    '"X." \u2015 Y' (a dash and a bare name)."""
    assert seg.close is not None
    text = doc_text(doc)
    lo = seg.close + 1
    hi = first_sentence_end(text, lo, hi)
    att = find_attribution(tokens_in(doc, lo, hi), lo, hi)
    if att is None:
        return _dash_attribution(doc, seg)
    first = min(att.speaker[0], att.cue[0])
    if not only_punct(text[lo:first]):
        return None
    # '"... centrifuges." Shaked-Levi said the government should ...': after a quotation that
    # ends its sentence, a cue with a clause of its own starts a statement of its own
    inner_end = text[: quote_content(text, seg)[1]].rstrip()
    if inner_end.endswith((".", "!", "?")) and _has_content_clause(att.verb, hi):
        return None
    return att


def _has_content_clause(verb: Token, hi: int) -> bool:
    """Whether a cue verb governs a clause after it, before ``hi`` ("said the government
    should ...", "added that ...")."""
    return any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i and c.idx < hi for c in verb.children)


#: Words between a cue and the colon before its quote ("said in an interview with CNN:").
_MAX_MODIFIER = 8


def _before(doc: Doc, lo: int, seg: Segment) -> Attribution | None:
    """Attribution right before an opening mark: 'Y said: "X"' or 'Y said, "X"'."""
    return _before_at(doc, lo, seg.open)


def _before_at(doc: Doc, lo: int, hi: int) -> Attribution | None:
    """Attribution at the end of ``text[lo:hi]``, a quotation's opening mark at ``hi``."""
    text = doc_text(doc)
    lo = last_sentence_start(text, lo, hi)
    prefix = text[lo:hi].rstrip()
    if not prefix or prefix[-1] not in ":," and not prefix[-1].isalpha():
        return None
    start = lo
    while True:
        att = find_attribution(tokens_in(doc, start, hi), lo, hi)
        if att is None:
            if start != lo:
                return None
            return _adjectival(doc, lo, hi) or _verb_colon(doc, lo, hi) or _colon_label(doc, lo, hi)
        end = max(att.cue[1], att.speaker[1])
        tail = text[end:hi]
        if only_punct(tail):
            return att
        # 'said in response: "..."', 'fired back on X: "..."': a short modifier of the cue and
        # a colon
        if tail.rstrip().endswith(":") and _modifies_cue(doc, att, end, hi):
            return att
        # 'hit back, saying: "..."', 'the minister said, adding: "..."': a later cue may
        # introduce the quote
        start = att.cue[1]


def _modifies_cue(doc: Doc, att: Attribution, lo: int, hi: int) -> bool:
    """Whether the words in ``[lo, hi)`` are a short modifier of the cue ("in response", "by
    phone", "in an email to The Associated Press"): few, in the cue verb's subtree, no verb."""
    words = [t for t in tokens_in(doc, lo, hi) if not t.is_punct]
    sub = {t.i for t in att.verb.subtree}
    return len(words) <= _MAX_MODIFIER and all(
        t.i in sub and t.pos_ not in ("VERB", "AUX") for t in words
    )


#: Words of the rest of an attribution's sentence after its cue or speaker.
_MAX_REST = 20


def _rest_of_attribution(doc: Doc, att: Attribution, lo: int, hi: int) -> bool:
    """Whether ``[lo, hi)`` only ends the attribution's sentence: a few words in the cue verb's
    parse ('said by phone.', 'he said, gesturing at a scooter.', 'said before handing down the
    sentence.'), or in its sentence with no subject of their own ('she said, her voice
    breaking.', which the parse may hang elsewhere). The quotation after it is the same
    speaker's; not after another sentence ('Jones disagreed.')."""
    words = [t for t in tokens_in(doc, lo, hi) if not t.is_punct]
    if not 0 < len(words) <= _MAX_REST:
        return False
    sub = {t.i for t in att.verb.subtree}
    if all(t.i in sub for t in words):
        return True
    sent = att.verb.sent
    # (a subject of a finite verb of its own is a new statement; "who" of a speaker's
    # relative clause is not)
    subjects = [
        t
        for t in words
        if t.dep_ in ("nsubj", "nsubjpass")
        and t.head.tag_ in ("VBD", "VBZ", "VBP", "MD")
        and t.lower_ not in ("who", "which", "that")
    ]
    return all(sent.start <= t.i < sent.end for t in words) and not subjects


def _adjectival(doc: Doc, lo: int, hi: int) -> Attribution | None:
    """'X was blunt: "..."', 'X was equally adamant in an interview: "..."': a form of "be", an
    adjective of :data:`~stancekit.statements.cues.QUOTE_ADJECTIVES` and a colon."""
    text = doc_text(doc)
    if not text[lo:hi].rstrip().endswith(":"):
        return None
    tokens = tokens_in(doc, lo, hi)
    for adj in tokens:
        verb = adj.head
        if not (
            adj.lower_ in QUOTE_ADJECTIVES
            and adj.dep_ in ("acomp", "attr")  # ("was blunter:" may be tagged a noun)
            and verb.lemma_ == "be"
            and lo <= verb.idx < adj.idx
        ):
            continue
        subject = next((c for c in verb.children if c.dep_ in SPEAKER_DEPS), None)
        if subject is None or not lo <= subject.idx < verb.idx or not may_speak(subject):
            continue  # "The weather was clear:" speaks for no one
        # nothing but the adjective's own words or a short modifier between it and the colon
        after = [t for t in tokens if t.i > adj.i and not t.is_punct]
        if len(after) > _MAX_MODIFIER or any(t.pos_ in ("VERB", "AUX") for t in after):
            continue
        cue = (verb.idx, adj.idx + len(adj))
        return Attribution(speaker_span(subject, lo, verb.idx, avoid=cue), cue, subject, verb)
    return None


#: Words between a verb and the colon before its quotation ("Carrow tied the two together:").
_MAX_VERB_COLON = 12


def _before_colon(doc: Doc, lo: int, hi: int) -> tuple[int, list[Token]] | None:
    """Where ``text[lo:hi]`` ends in a colon, and its tokens before it; None if it does not."""
    prefix = doc_text(doc)[lo:hi].rstrip()
    if not prefix.endswith(":"):
        return None
    colon = lo + len(prefix) - 1
    return colon, [t for t in tokens_in(doc, lo, colon) if not t.is_space]


def _verb_colon(doc: Doc, lo: int, hi: int) -> Attribution | None:
    """'Carrow tied the two together: "..."', 'The ambassador struck a similar note at a
    reception: "..."': a sentence of a speaking subject and its verb that ends in a colon
    before the quotation (the verb is the cue)."""
    before = _before_colon(doc, lo, hi)
    if before is None:
        return None
    colon, tokens = before
    roots = [t for t in tokens if t.head.i == t.i or not lo <= t.head.idx < colon]
    if len(roots) != 1 or roots[0].pos_ != "VERB" or roots[0].tag_ not in _FINITE:
        return None
    verb = roots[0]
    subject = next((c for c in verb.children if c.dep_ in SPEAKER_DEPS and c.i < verb.i), None)
    if subject is None or not may_speak(subject):
        return None
    after = [t for t in tokens if t.i > verb.i and not t.is_punct]
    if len(after) > _MAX_VERB_COLON or any(
        t.pos_ in ("VERB", "AUX") and any(c.dep_ in SPEAKER_DEPS for c in t.children) for t in after
    ):
        return None  # a clause of its own before the colon: not the subject's quotation
    cue = (verb.idx, verb.idx + len(verb))
    return Attribution(speaker_span(subject, lo, verb.idx, avoid=cue), cue, subject, verb)


#: Tags of finite verbs.
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
#: Words of a speaker label before a colon, its modifier included.
_MAX_LABEL = 14
#: Prepositions that open a phrase of where or how a label's speaker said it ("on X").
_LABEL_PREPS = frozenset({"on", "in", "to", "at", "via"})
#: Entities that may name a speaker on their own in a label.
_LABEL_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _colon_label(doc: Doc, lo: int, hi: int) -> Attribution | None:
    """A speaker label without a verb before a colon and the quotation: 'Sen. Lisa Carrow
    (R-Texas), in a statement: "..."', 'Israel's defense minister, Avi Sela: "..."',
    'Palestinian Authority official Hussam Odeh: "..."' (newsletters, live blogs). The label
    is a name or a source noun, maybe a name in apposition to it and a short phrase after a
    comma that opens with a preposition ("to me", "on Israeli radio"); section labels ("The
    other side:", "Between the lines:") name no speaker."""
    text = doc_text(doc)
    before = _before_colon(doc, lo, hi)
    if before is None:
        return None
    colon, tokens = before
    words = [t for t in tokens if not t.is_punct]
    if not words or len(words) > _MAX_LABEL or not words[0].text[:1].isupper():
        return None
    parts: list[list[Token]] = [[]]
    depth = 0
    for t in tokens:
        depth += (t.text == "(") - (t.text == ")")
        if t.text == "," and depth == 0:
            parts.append([])
        elif not t.is_punct or t.text in (".", "-", "'s"):
            parts[-1].append(t)
    cut = next(
        (k for k, t in enumerate(parts[0]) if k and t.pos_ == "ADP" and t.lower_ in _LABEL_PREPS),
        None,
    )
    if cut is not None:  # "Labour TD Grace Moloney on X:": the name, then where it was said
        parts = [parts[0][:cut], parts[0][cut:], *parts[1:]]
    if not parts[0] or any(t.pos_ in ("VERB", "AUX") for t in parts[0]):
        return None
    named = [t for t in parts[0] if t.ent_type_ == "PERSON"]
    end = parts[0][-1]
    for part in parts[1:]:
        if not part:
            return None
        names = [t for t in part if t.text != "-"]
        if all(t.pos_ == "PROPN" for t in names) and (
            any(t.ent_type_ == "PERSON" for t in names) or 2 <= len(names) <= 4
        ):  # "Israel's defense minister, Avi Sela:"
            if part is not parts[1]:
                return None
            named, end = [names[-1]], part[-1]
        elif part[0].pos_ != "ADP" or any(
            t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in part
        ):
            return None  # only a short phrase of where or how it was said may follow
    head = (
        named[-1]
        if named
        else next((t for t in parts[0] if t.head.i == t.i or t.head not in parts[0]), parts[0][-1])
    )
    lemma = head.lemma_.lower()
    if len(parts[0]) == 1 and not named:
        speaks = head.ent_type_ in _LABEL_ENTITIES
    else:
        speaks = (
            bool(named)
            or head.ent_type_ in _LABEL_ENTITIES
            or head.tag_ in ("NNP", "NNPS")
            or lemma in SOURCE_NOUNS
            or lemma in TITLES
            or lemma in DOCUMENT_NOUNS
        )
    if not speaks:
        return None
    stop = end.idx + len(end)
    stop += text[stop : stop + 1] == ")"  # "Sen. Lisa Carrow (R-Texas)"
    speaker = trim(text, parts[0][0].idx, stop, SPEAKER_STRIP)
    cue = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if cue is None:
        return None
    return Attribution(speaker, (colon, colon + 1), head, cue[0])


def _prefix_allows_quote(doc: Doc, lo: int, seg: Segment) -> bool:
    """Whether a quote starts its sentence (else it is a partial quote in reported speech)."""
    text = doc_text(doc)
    start = last_sentence_start(text, lo, seg.open)
    prefix = text[start : seg.open].strip()
    if only_punct(prefix) or prefix.endswith(":"):
        return True
    return _before(doc, lo, seg) is not None


class _Paragraphs:
    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = paragraphs(text)

    def body(self, k: int) -> int:
        return body_start(self.text, *self.spans[k])

    def end(self, k: int) -> int:
        return self.spans[k][1]


def direct_drafts(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    """Return one draft per quote segment that has an attribution.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed source text.
    quotes : list of tuple of Segment
        Quotes from :func:`stancekit.statements._quotes.find_quotes`.

    Returns
    -------
    list of Draft
        Direct-quote drafts; a quote split around its cue gives one draft whose
        ``parts`` are the two quoted pieces.
    """
    text = doc_text(doc)
    paras = _Paragraphs(text)
    drafts: list[Draft] = []
    prev_att: Attribution | None = None
    prev_para = -1
    prev_close: int | None = None
    consumed: set[int] = set()
    for qi, quote in enumerate(quotes):
        if qi in consumed:
            continue
        first, last = quote[0], quote[-1]
        if first.para != prev_para:
            prev_att, prev_close = None, None
        lo = paras.body(first.para) if prev_close is None else prev_close + 1
        nxt = quotes[qi + 1][0] if qi + 1 < len(quotes) else None
        same_para_next = nxt is not None and nxt.para == last.para
        hi = nxt.open if same_para_next and nxt is not None else paras.end(last.para)
        att = _after(doc, last, hi) if last.close is not None else None
        # (an epigraph's dash needs no clean start: the line before may end in a name)
        epigraph = att is not None and att.verb.is_punct
        if att is not None and not epigraph and not _prefix_allows_quote(doc, lo, first):
            logger.debug("quote at %d is part of a sentence: left to reported speech", first.open)
            prev_para, prev_close = last.para, last.close
            continue
        att = att or _before(doc, lo, first)
        if att is None and first.para > 0 and first.open == paras.body(first.para):
            # 'Young Farmers Ireland has posted:' on the line before the quotation
            before = first.para - 1
            if text[: paras.end(before)].endswith(":"):
                att = _before_at(doc, paras.body(before), paras.end(before))
        if att is None and prev_att is not None:
            said_end = max(prev_att.cue[1], prev_att.speaker[1])
            # '"X," Y said Friday. "Z."', '"X," Y said by phone. "Z."': Z is Y's too
            gap = text[max(lo, said_end) : first.open]
            titled = _TITLE_BEFORE.search(gap) is not None  # 'said on "Fox News Sunday."'
            if (not titled and only_punct(_TIME_WORDS.sub("", gap))) or (
                gap.rstrip().endswith((".", "!", "?"))
                and (
                    # ("said by phone.", "he said, gesturing at a scooter.", "she said, her
                    # voice breaking.")
                    _rest_of_attribution(doc, prev_att, max(lo, said_end), first.open)
                )
            ):
                att = prev_att
        if att is None:
            logger.debug("quote at %d has no attribution: skipped", first.open)
            prev_para, prev_close = last.para, last.close
            continue
        segments = list(quote)
        # "X," he said, "Y."  -> one statement in two parts.
        if (
            same_para_next
            and nxt is not None
            and len(quote) == 1
            and last.close is not None
            and text[quote_content(text, last)[1] : last.close + 1].startswith(",")
            and text[max(att.cue[1], att.speaker[1]) : nxt.open].strip() == ","
        ):
            segments.append(nxt)
            consumed.add(qi + 1)
            if len(quotes[qi + 1]) > 1:
                segments.extend(quotes[qi + 1][1:])
        drafts.extend(_segment_drafts(text, segments, att, qi))
        prev_att = att
        prev_para = segments[-1].para
        prev_close = segments[-1].close
    return drafts


def _segment_drafts(
    text: str, segments: list[Segment], att: Attribution, quote_id: int
) -> list[Draft]:
    """One draft per paragraph; pieces in the same paragraph form one split draft."""
    by_para: dict[int, list[Span]] = {}
    for seg in segments:
        by_para.setdefault(seg.para, []).append(quote_content(text, seg))
    drafts = []
    for parts in by_para.values():
        outer = (parts[0][0], parts[-1][1])
        drafts.append(
            Draft(
                speaker=att.speaker,
                cue=att.cue,
                content=outer,
                kind="direct",
                head=att.head.i,
                source="quote",
                parts=tuple(parts) if len(parts) > 1 else (),
                meta={"quote_id": quote_id, "cue_token": att.verb.i},
            )
        )
    return drafts


__all__ = ["cue_span", "direct_drafts", "quote_content"]
