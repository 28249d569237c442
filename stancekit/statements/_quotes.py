"""Find direct quotations by scanning quotation marks, paragraph by paragraph.

Pure text functions: no parse needed. A quote that stays open at the end of a paragraph
continues only if the next paragraph opens with a quotation mark (the newspaper convention
for quotes running over several paragraphs); any other unmatched mark is skipped and the
reason is logged at DEBUG level rather than guessed at.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from stancekit.statements._types import Kind, Span
from stancekit.statements.cues import (
    BULLETS,
    DOUBLE_QUOTES,
    MIN_MIXED_QUOTE_WORDS,
    SINGLE_QUOTES,
)

logger = logging.getLogger("stancekit.statements")

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Segment:
    """One paragraph's part of a direct quotation.

    ``open`` is the offset of the opening mark; ``close`` the offset of the closing mark,
    or None when the quote runs on to the next paragraph (then ``end`` is the end of the
    paragraph). ``para`` is the paragraph index.
    """

    open: int
    close: int | None
    end: int
    para: int

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the text between the marks."""
        return self.open + 1, self.close if self.close is not None else self.end


Quote = tuple[Segment, ...]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the non-blank lines of ``text``, stripped."""
    spans = []
    for m in _LINE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def body_start(text: str, start: int, end: int) -> int:
    """Return the offset after a leading bullet marker and spaces in ``text[start:end]``."""
    i = start
    if i < end and text[i] in BULLETS and (i + 1 == end or text[i + 1].isspace()):
        i += 1
    elif i < end and text[i] in "\u2022\u25cf\u25aa":
        i += 1
    while i < end and text[i].isspace():
        i += 1
    return i


def _is_opening(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return not after.isspace() and (before.isspace() or before in "([{\u2014\u2013-:/")


def _plural_possessive(text: str, i: int, end: int) -> bool:
    """Whether the mark at ``i`` may be a plural possessive: "members' employers"."""
    if i == 0 or text[i - 1] not in "sS" or i + 2 >= end or text[i + 1] != " ":
        return False
    return text[i + 2].islower()


def _closes_later(text: str, start: int, end: int, mark: str) -> bool:
    """Whether a later ``mark`` in ``text[start:end]`` can close a quote (after a word or
    punctuation, before no letter)."""
    for j in range(start, end):
        if text[j] == mark and not text[j - 1].isspace():
            after = text[j + 1] if j + 1 < end else " "
            if not after.isalnum():
                return True
    return False


def _scan_single(text: str, start: int, end: int, para: int) -> list[Segment]:
    """Single-quoted spans (British style), ignoring apostrophes."""
    found: list[Segment] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if open_at is None:
            if ch in SINGLE_QUOTES and _is_opening(text, i, start, end):
                open_at = i
        elif ch in SINGLE_QUOTES.values() and ch == SINGLE_QUOTES[text[open_at]]:
            after = text[i + 1] if i + 1 < end else " "
            if not after.isalnum() and not text[i - 1].isspace():
                if _plural_possessive(text, i, end) and _closes_later(text, i + 1, end, ch):
                    continue  # "our members' employers": an apostrophe, the quote goes on
                found.append(Segment(open_at, i, end, para))
                open_at = None
    if open_at is not None:
        logger.debug("unmatched single quotation mark at %d: not a quote", open_at)
    return found


def scan_paragraph(text: str, start: int, end: int, para: int) -> list[Segment]:
    """Return the quoted segments of one paragraph, in order.

    Double quotation marks are primary; single marks count in a paragraph with no double
    marks, or where every double-quoted span lies inside a single-quoted one (British style,
    'The minister calls this a "managed transition", but ...'). The last segment has
    ``close=None`` if its quote is left open.
    """
    if not any(ch in text[start:end] for ch in DOUBLE_QUOTES):
        return _scan_single(text, start, end, para)
    doubled = _scan_double(text, start, end, para)
    single = _scan_single(text, start, end, para) if doubled else []
    inside = [
        d.close is not None
        and any(o.open < d.open and o.close is not None and d.close < o.close for o in single)
        for d in doubled
    ]
    return single if single and all(inside) else doubled


def _scan_double(text: str, start: int, end: int, para: int) -> list[Segment]:
    """Double-quoted segments of a paragraph (see :func:`scan_paragraph`)."""
    found: list[Segment] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == '"':
            if open_at is None:
                open_at = i
            elif _is_opening(text, i, start, end) and text[open_at] == '"':
                logger.debug(
                    "straight quotation mark at %d may open a nested quote: "
                    "paragraph at %d skipped as ambiguous",
                    i,
                    start,
                )
                return []
            else:
                found.append(Segment(open_at, i, end, para))
                open_at = None
        elif ch in DOUBLE_QUOTES:
            if open_at is not None:
                logger.debug(
                    "opening mark at %d inside the quote opened at %d: dropping the earlier mark",
                    i,
                    open_at,
                )
            open_at = i
        elif ch in DOUBLE_QUOTES.values():
            if open_at is None:
                logger.debug("closing mark at %d with no opening mark: ignored", i)
            else:
                found.append(Segment(open_at, i, end, para))
                open_at = None
    if open_at is not None:
        found.append(Segment(open_at, None, end, para))
    return found


def find_quotes(text: str) -> list[Quote]:
    """Return the direct quotations of ``text``, each as a tuple of paragraph segments.

    Parameters
    ----------
    text : str
        The source text.

    Returns
    -------
    list of tuple of Segment
        Quotes in text order. A quote spanning paragraphs has one segment per paragraph.
    """
    paras = paragraphs(text)
    quotes: list[Quote] = []
    pending: list[Segment] = []
    for k, (start, end) in enumerate(paras):
        segments = scan_paragraph(text, start, end, k)
        if pending:
            first = segments[0] if segments else None
            if first is not None and first.open == body_start(text, start, end):
                pending.append(first)
                segments = segments[1:]
                if first.close is not None:
                    quotes.append(tuple(pending))
                    pending = []
            else:
                logger.debug("quote opened at %d is never closed: skipped", pending[0].open)
                pending = []
        for seg in segments:
            if seg.close is None:
                pending = [seg]
            else:
                quotes.append((seg,))
    if pending:
        logger.debug("quote opened at %d runs to the end of the text: skipped", pending[0].open)
    return quotes


def iter_inner_spans(quotes: list[Quote]) -> Iterator[tuple[int, int]]:
    """Yield the inner ``(start, end)`` span of every segment of every quote."""
    for quote in quotes:
        for seg in quote:
            yield seg.inner


def close_quotes(content: Span, quote_spans: list[Span], hi: int, text: str = "") -> Span:
    """Extend a content span to the closing mark of a quote it opens but cuts off (up to ``hi``).

    Past ``hi`` too when only punctuation lies between the content's end and the closing mark
    (a sentence split after the full stop of ``"not serious."``), given ``text``.
    """
    start, end = content
    for s, e in quote_spans:
        tail = text[end:e]
        if start < s < end < e + 1 and (e + 1 <= hi or text and not any(c.isalnum() for c in tail)):
            end = e + 1
    return start, end


def reported_kind(content: Span, quote_spans: list[Span], text: str) -> Kind:
    """ "mixed" when reported content holds a quotation of several words, else "indirect"."""
    for s, e in quote_spans:
        within = content[0] <= s and e <= content[1] + 1
        if within and len(text[s:e].split()) >= MIN_MIXED_QUOTE_WORDS:
            return "mixed"
    return "indirect"
