"""Direct quotations of the fast extractor: each quote and the attribution next to it.

Patterns: ``"...," SPEAKER said``, ``"...," said SPEAKER``, ``SPEAKER said: "..."``, split
quotes (``"...," X said, "..."``), quote paragraphs that continue the one before, and
consecutive quotes in a paragraph that share one attribution.
"""

from __future__ import annotations

import re

from stancekit.statements._draft import Draft
from stancekit.statements._fast_att import Att, is_cue, make_att
from stancekit.statements._fast_speakers import core_words, speaker_after, speaker_before
from stancekit.statements._fast_text import (
    CUE_RE,
    cue_lemma,
    cue_role,
    sentence_end,
    sentence_start,
)
from stancekit.statements._fast_words import TIME
from stancekit.statements._quotes import Quote, Segment, body_start, paragraphs
from stancekit.statements._tokens import only_punct, trim
from stancekit.statements._types import Span
from stancekit.statements.cues import QUOTE_ADJECTIVES


def quote_content(text: str, seg: Segment) -> Span:
    """The inner span of a segment, trimmed of spaces and a trailing comma or dash."""
    start, end = trim(text, *seg.inner)
    while end > start and text[end - 1] in ", \u2014\u2013":
        end -= 1
    return start, end


#: A dash and a capitalised name of one to four words closing a quotation, then nothing,
#: a period or the next quotation ("\u201d \u2015 Sonya Herridge").
_CREDIT = re.compile(
    r"[ \t]*([\u2015\u2014])[ \t]*"
    r"([A-Z][\w'\u2019.-]*(?:[ \t]+(?:[A-Z][\w'\u2019.-]*|[A-Z]\.)){0,3})"
    r"(?=[.,]?[ \t]*(?:$|\n|[\u201c\"])|[.,][ \t]{2})"
)


def _speech_cue(text: str, m: re.Match[str]) -> bool:
    """A cue that can attribute a quotation (not "called", "wants", "cited")."""
    return is_cue(text, m) and cue_role(m.group()) in ("speech", "clause")


def _attribution_at(text: str, lo: int, hi: int) -> Att | None:
    """An attribution that starts at ``lo`` (after punctuation): 'said X' or 'X said'."""
    pos = lo
    while pos < hi and not text[pos].isalnum():
        pos += 1
    if pos >= hi:
        return None
    m = CUE_RE.match(text, pos)
    if m is not None and _speech_cue(text, m):
        att = make_att(text, m, None, None)
        found = speaker_after(text, att.cue[1], hi)
        if found is None:
            return None
        return Att(found[0], att.cue, core_words(text, found[1]), att.lemma, att.role)
    for m in CUE_RE.finditer(text, pos, hi):
        if not _speech_cue(text, m) or cue_lemma(m.group()) == "according":
            continue
        progressive = m.group().lower().endswith("ing")
        speaker = speaker_before(text, pos, m.start(), progressive)
        if speaker is None or speaker[0] != pos:
            return None
        return make_att(text, m, speaker, speaker)
    return None


def _after(text: str, seg: Segment, hi: int) -> Att | None:
    """The attribution right after a quote's closing mark, in the same sentence."""
    assert seg.close is not None
    lo = seg.close + 1
    return _attribution_at(text, lo, sentence_end(text, lo, hi)) or _credit(text, lo, hi)


def _credit(text: str, lo: int, hi: int) -> Att | None:
    """A dash credit after a quotation: ``"..." \u2015 Jane Doe`` (the dash is the cue)."""
    m = _CREDIT.match(text, lo, hi)
    if m is None:
        return None
    name = m.span(2)
    return Att(name, m.span(1), core_words(text, name), "credit")


#: 'X was blunt:', 'X was equally adamant in an interview:' right before a quotation.
_ADJECTIVAL = re.compile(
    r"\b(?:is|was|are|were|has been|had been)\s+"
    r"(?:(?:equally|even|more|very|just as|as|also|similarly|typically|characteristically)\s+)*"
    r"(" + "|".join(sorted(QUOTE_ADJECTIVES)) + r")\b([^:.;!?\n]{0,60}):\s*$",
    re.IGNORECASE,
)


#: A short modifier of a cue and the end of its sentence: " by phone.", " in an email to the
#: AP.", " on Friday." (a preposition or a time word first, at most 8 words, no other sentence).
_CUE_MODIFIER = re.compile(
    r"\s*(?:by|in|on|at|to|during|from|over|via|after|while|last|this|early|late|earlier|later|"
    r"today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
    r"(?:[ \t]+[^\s.,!?:;\"\u201c\u201d]+){0,7}[.!?][ \t]*\n?[ \t]*",
    re.IGNORECASE,
)


#: Whom a cue told, and the end of its sentence: " The Canadian Press.", " analysts on a
#: conference call." (at most 8 words, no other sentence).
_TOLD_WHOM = re.compile(
    r"(?:[ \t]+[^\s.,!?:;\"\u201c\u201d]+){1,8}[.!?][ \t]*\n?[ \t]*", re.IGNORECASE
)


#: Lower-case words that open whom a cue told ("told analysts on a conference call.").
_AUDIENCES = frozenset(
    "the a an reporters journalists analysts investors lawmakers colleagues listeners viewers"
    " supporters delegates students workers".split()
)


def _told_whom(gap: str) -> bool:
    """Whether ``gap`` is whom a cue told and the end of its sentence (" The Canadian Press.",
    " analysts on a conference call."), not another sentence (" Jones disagreed.")."""
    words = gap.split()
    if not _TOLD_WHOM.fullmatch(gap) or not words:
        return False
    first = words[0]
    opens = first[:1].isupper() or first.lower() in _AUDIENCES
    return opens and not any(w.rstrip(".!?").endswith("ed") for w in words)


def _adjectival(text: str, lo: int, seg: Segment) -> Att | None:
    """'X was blunt: "..."': a form of "be", an adjective of
    :data:`~stancekit.statements.cues.QUOTE_ADJECTIVES` and a colon."""
    m = _ADJECTIVAL.search(text, lo, seg.open)
    if m is None:
        return None
    speaker = speaker_before(text, lo, m.start(), False)
    if speaker is None:
        return None
    return Att(speaker, (m.start(), m.end(1)), core_words(text, speaker), "be", "speech")


#: What may follow a label's speaker before the colon: a phrase of where or how it was said
#: after a comma ("Sen. Lisa Carrow (R-Texas), in a statement:") or "on X" ("Grace Moloney on
#: X:").
_LABEL_TAIL = re.compile(
    r"(?:,[ \t]*(?:in|to|on|at|via)\b[^:\n]{0,60}|[ \t]+(?:on|via)[ \t]+[A-Z][\w.]*)[ \t]*$"
)
#: Words of a speaker label at most.
_MAX_LABEL = 10


def _colon_label(text: str, lo: int, hi: int) -> Att | None:
    """A speaker label without a cue before a colon and the quotation at ``hi`` ('Palestinian
    Authority official Hussam Odeh: "..."', 'Israel's defense minister, Avi Sela: "..."'):
    at least two words that make a speaker phrase from the start of the sentence (the colon
    is the cue)."""
    prefix = text[lo:hi].rstrip()
    if not prefix.endswith(":"):
        return None
    colon = lo + len(prefix) - 1
    tail = _LABEL_TAIL.search(text, lo, colon)
    stop = tail.start() if tail is not None else colon
    words = text[lo:stop].split()
    if not 2 <= len(words) <= _MAX_LABEL:
        return None
    speaker = speaker_before(text, lo, stop, False)
    if speaker is None:
        return None
    if speaker[0] != lo:  # "Israel's defense minister, Avi Sela": a name in apposition
        before = text[lo : speaker[0]].rstrip()
        if not before.endswith(",") or "," in before[:-1] or len(words) - len(before.split()) > 4:
            return None
    return Att(speaker, (colon, colon + 1), core_words(text, speaker), "label", "speech")


def _before(text: str, lo: int, seg: Segment) -> Att | None:
    """'X said: "..."' or 'X said, "..."' (or 'X was blunt: "..."')."""
    lo = sentence_start(text, lo, seg.open)
    prefix = text[lo : seg.open].rstrip()
    if not prefix or prefix[-1] not in ":," and not prefix[-1].isalpha():
        return None
    found = None
    for m in CUE_RE.finditer(text, lo, seg.open):
        if _speech_cue(text, m):
            found = m
    if found is None:
        return _adjectival(text, lo, seg) or _colon_label(text, lo, seg.open)
    if cue_lemma(found.group()) == "according":
        return None
    att = make_att(text, found, None, None)
    tail = text[att.cue[1] : seg.open]
    time = TIME.match(tail)
    if not only_punct(tail[time.end() :] if time else tail):
        return None
    speaker = speaker_before(text, lo, found.start(), found.group().lower().endswith("ing"))
    if speaker is None:
        return None
    return Att(speaker, att.cue, core_words(text, speaker), att.lemma, att.role)


def _prefix_allows_quote(text: str, lo: int, seg: Segment) -> bool:
    """Whether the text before a quote leaves it free to take an attribution after it."""
    start = sentence_start(text, lo, seg.open)
    prefix = text[start : seg.open].strip()
    if only_punct(prefix) or prefix.endswith(":"):
        return True
    return _before(text, lo, seg) is not None


def direct_drafts(text: str, quotes: list[Quote]) -> tuple[list[Draft], list[Att]]:
    """One draft per attributed quotation (per paragraph of a multi-paragraph quote).

    Parameters
    ----------
    text : str
        The source text (quotes normalised).
    quotes : list of Quote
        From :func:`stancekit.statements._quotes.find_quotes`.

    Returns
    -------
    drafts : list of Draft
        ``source="fast-direct"``, ``meta["quote_id"]`` the quote's index.
    atts : list of Att
        The attribution of each attributed quote, in text order.
    """
    paras = paragraphs(text)
    drafts: list[Draft] = []
    atts: list[Att] = []
    prev_att: Att | None = None
    prev_para, prev_close = -1, None
    para_att: dict[int, Att] = {}
    consumed: set[int] = set()
    for qi, quote in enumerate(quotes):
        if qi in consumed:
            continue
        first, last = quote[0], quote[-1]
        if first.para != prev_para:
            prev_att, prev_close = None, None
        body = body_start(text, *paras[first.para])
        lo = body if prev_close is None else prev_close + 1
        nxt = quotes[qi + 1][0] if qi + 1 < len(quotes) else None
        same_para_next = nxt is not None and nxt.para == last.para
        hi = nxt.open if same_para_next and nxt is not None else paras[last.para][1]
        att = _after(text, last, hi) if last.close is not None else None
        if att is not None and not _prefix_allows_quote(text, lo, first):
            prev_para, prev_close = last.para, last.close
            continue
        att = att or _before(text, lo, first)
        if att is None and prev_att is not None:
            # '"X," Y said. "Z."', '"X," Y said by phone. "Z."': Z is Y's too
            gap = text[max(lo, prev_att.end) : first.open]
            told = prev_att.lemma == "tell" and _told_whom(gap)
            if only_punct(gap) or _CUE_MODIFIER.fullmatch(gap) or told:
                att = prev_att  # (also '"X," Y told The Canadian Press. "Z."')
        if att is None and first.open == body and first.para > 0:
            # 'Young Farmers Ireland has posted:' on the line before the quotation
            above = paras[first.para - 1]
            if text[above[1] - 1] == ":":
                line = Segment(above[1], None, above[1], first.para - 1)
                att = _before(text, body_start(text, *above), line)
        if (
            att is None
            and first.open == body
            and first.para - 1 in para_att
            and last.close is not None
            and only_punct(text[last.close : paras[last.para][1]])
        ):
            att = para_att[first.para - 1]  # a quote paragraph continuing the one before
        if att is None:
            prev_para, prev_close = last.para, last.close
            continue
        segments = list(quote)
        if (
            same_para_next
            and nxt is not None
            and len(quote) == 1
            and last.close is not None
            and text[quote_content(text, last)[1] : last.close + 1].startswith(",")
            and text[att.end : nxt.open].strip() == ","
        ):
            segments.append(nxt)
            consumed.add(qi + 1)
            segments.extend(quotes[qi + 1][1:])
        by_para: dict[int, list[Span]] = {}
        for seg in segments:
            by_para.setdefault(seg.para, []).append(quote_content(text, seg))
        for parts in by_para.values():
            if parts[-1][1] <= parts[0][0]:
                continue
            drafts.append(
                Draft(
                    speaker=att.speaker,
                    cue=att.cue,
                    content=(parts[0][0], parts[-1][1]),
                    kind="direct",
                    head=None,
                    source="fast-direct",
                    parts=tuple(parts) if len(parts) > 1 else (),
                    meta={"quote_id": qi, "att": att},
                )
            )
        atts.append(att)
        prev_att = att
        prev_para, prev_close = segments[-1].para, segments[-1].close
        tail_end = paras[segments[-1].para][1]
        if segments[-1].close is not None and only_punct(
            text[max(segments[-1].close, att.end) : tail_end]
        ):
            para_att[segments[-1].para] = att
    return drafts, atts


__all__ = ["direct_drafts", "quote_content"]
