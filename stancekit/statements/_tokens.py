"""Tiny helpers between character offsets and spaCy tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from stancekit.statements._types import Span

_SENTENCE_END = re.compile(r"[.!?][\u201d\u2019\"')\]]*\s+(?=\S|$)")

#: Characters trimmed from the edges of a content span.
CONTENT_STRIP = " \t\r\n,;:.\u2014\u2013"
#: Characters trimmed from the edges of a speaker span.
SPEAKER_STRIP = " \t\r\n,;:.\u2014\u2013-\u201c\u201d\"'\u2018\u2019"


def doc_text(doc: Doc) -> str:
    """Return ``doc.text``, built once per document (spaCy joins every token on each access)."""
    text = doc.user_data.get("stancekit.text")
    if text is None:
        text = doc.user_data["stancekit.text"] = doc.text
    return text


def trim(text: str, start: int, end: int, chars: str = " \t\r\n") -> Span:
    """Return ``(start, end)`` shrunk past any of ``chars`` at both ends."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def trim_content(text: str, start: int, end: int) -> Span:
    """Trim a content span, keeping a final "?" or "!" and a final "." inside quotes."""
    start, end = trim(text, start, end)
    while start < end and text[start] in CONTENT_STRIP:
        start += 1
    while end > start and text[end - 1] in CONTENT_STRIP:
        end -= 1
    return start, end


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """Return the tokens lying wholly inside ``[start, end)``."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return [] if span is None else list(span)


def subtree_span(token: Token, lo: int, hi: int) -> Span:
    """Return the character span of ``token``'s subtree, clipped to ``[lo, hi)``."""
    chars = [(t.idx, t.idx + len(t)) for t in token.subtree if lo <= t.idx and t.idx + len(t) <= hi]
    if not chars:
        return token.idx, token.idx + len(token)
    return min(c[0] for c in chars), max(c[1] for c in chars)


def inside(pos: int, spans: Iterable[Span]) -> bool:
    """Whether offset ``pos`` falls inside any of ``spans``."""
    return any(s <= pos < e for s, e in spans)


def overlap(a: Span, b: Span) -> int:
    """Number of characters shared by spans ``a`` and ``b``."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def last_sentence_start(text: str, lo: int, hi: int) -> int:
    """Offset where the last sentence of ``text[lo:hi]`` starts."""
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if ends_sentence(text, m.start()):
            start = m.end()
    return start


#: Abbreviations that stand before a name and so never end a sentence ("Mr. Obama said").
NAME_ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col capt sgt adm maj prof rev st fr".split()
)
_WORD_BEFORE = re.compile(r"(\w+)$")
#: The period of an AP party-state label ("Sen. Chris Murphy (D-Conn.) said", "R-W.Va.").
_PARTY_STATE_END = re.compile(r"\b[DRI]-[A-Z][A-Za-z.]{0,8}$")


def ends_sentence(text: str, dot: int) -> bool:
    """Whether the mark at ``dot`` can end a sentence: not the period of "Mr.", of an
    initial ("John F. Kennedy") or of a party-state label ("Sen. Chris Murphy (D-Conn.)")."""
    if text[dot] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)  # (a window: texts can be long)
    if m is None:
        return True
    word = m.group(1)
    if text[dot + 1 : dot + 2] in (")", ",") and _PARTY_STATE_END.search(
        text, max(0, dot - 14), dot
    ):
        return False
    return word.lower() not in NAME_ABBREVIATIONS and not (len(word) == 1 and word.isupper())


def first_sentence_end(text: str, lo: int, hi: int) -> int:
    """Offset just after the first sentence of ``text[lo:hi]`` (or ``hi``)."""
    for m in re.finditer(r"[.!?](\s|$)", text[lo:hi]):
        if ends_sentence(text, lo + m.start()):
            return lo + m.end()
    return hi


def only_punct(text: str) -> bool:
    """Whether ``text`` has no letters or digits."""
    return all(not ch.isalnum() for ch in text)
