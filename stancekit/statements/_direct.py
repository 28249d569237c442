"""Attribute direct quotations: cue after, cue before, colon quotes, split quotes."""

from __future__ import annotations

import logging
import re

from spacy.tokens import Doc

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
    doc_text,
    first_sentence_end,
    last_sentence_start,
    only_punct,
    tokens_in,
    trim,
)
from stancekit.statements._types import Span
from stancekit.statements.cues import QUOTE_ADJECTIVES, SPEAKER_DEPS

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
    return att if only_punct(text[lo:first]) else None


#: Words between a cue and the colon before its quote ("said in an interview with CNN:").
_MAX_MODIFIER = 8


def _before(doc: Doc, lo: int, seg: Segment) -> Attribution | None:
    """Attribution right before an opening mark: 'Y said: "X"' or 'Y said, "X"'."""
    text = doc_text(doc)
    lo = last_sentence_start(text, lo, seg.open)
    prefix = text[lo : seg.open].rstrip()
    if not prefix or prefix[-1] not in ":," and not prefix[-1].isalpha():
        return None
    start = lo
    while True:
        att = find_attribution(tokens_in(doc, start, seg.open), lo, seg.open)
        if att is None:
            return _adjectival(doc, lo, seg) if start == lo else None
        end = max(att.cue[1], att.speaker[1])
        tail = text[end : seg.open]
        if only_punct(tail):
            return att
        # 'said in response: "..."', 'fired back on X: "..."': a short modifier of the cue and
        # a colon
        if tail.rstrip().endswith(":") and _modifies_cue(doc, att, end, seg.open):
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


#: Words of a participle phrase after a cue ("he said, gesturing at a scooter ...").
_MAX_ASIDE = 14


def _participle_aside(doc: Doc, att: Attribution, lo: int, hi: int) -> bool:
    """Whether ``[lo, hi)`` is a participle phrase hanging on the cue, set off by a comma, with
    no subject of its own ('“...,” he said, gesturing at a scooter. “...”')."""
    words = [t for t in tokens_in(doc, lo, hi) if not t.is_punct]
    if not words or len(words) > _MAX_ASIDE or not doc_text(doc)[lo:hi].lstrip().startswith(","):
        return False
    head = words[0]
    sub = {t.i for t in att.verb.subtree}
    return (
        head.tag_ == "VBG"
        and head.head.i == att.verb.i
        and all(t.i in sub for t in words)
        and not any(t.dep_ in ("nsubj", "nsubjpass") for t in words)
    )


def _adjectival(doc: Doc, lo: int, seg: Segment) -> Attribution | None:
    """'X was blunt: "..."', 'X was equally adamant in an interview: "..."': a form of "be", an
    adjective of :data:`~stancekit.statements.cues.QUOTE_ADJECTIVES` and a colon."""
    text = doc_text(doc)
    if not text[lo : seg.open].rstrip().endswith(":"):
        return None
    tokens = tokens_in(doc, lo, seg.open)
    for adj in tokens:
        verb = adj.head
        if not (
            adj.lower_ in QUOTE_ADJECTIVES
            and adj.dep_ == "acomp"
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
        if att is None and prev_att is not None:
            said_end = max(prev_att.cue[1], prev_att.speaker[1])
            # '"X," Y said Friday. "Z."', '"X," Y said by phone. "Z."': Z is Y's too
            gap = text[max(lo, said_end) : first.open]
            if only_punct(_TIME_WORDS.sub("", gap)) or (
                gap.rstrip().endswith((".", "!", "?"))
                and (
                    _modifies_cue(doc, prev_att, max(lo, said_end), first.open)
                    or _participle_aside(doc, prev_att, max(lo, said_end), first.open)
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
