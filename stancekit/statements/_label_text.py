"""Speaker labels without a parse: the patterns both extractors share.

A label is a short run of capitalised words and a colon opening a paragraph ("Pence: ...",
"WALLACE: ..."); :mod:`stancekit.statements._labels` (rules) and
:mod:`stancekit.statements._fast_labels` decide which labels name speakers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from stancekit.statements._quotes import body_start, paragraphs
from stancekit.statements._tokens import overlap, trim_content
from stancekit.statements._types import Kind, Span
from stancekit.statements.cues import DOUBLE_QUOTES

#: Words of at most this many make a speaker label.
MAX_SPEAKER_LABEL_WORDS = 6
#: Labels that are never speakers, even when tagged as names ("Update:", "Q:").
NOT_SPEAKERS: frozenset[str] = frozenset(
    """
    a also more plus q update updated correction editor note photo photos video watch read
    related see source sources credit image getty advertisement disclosure transcript breaking
    exclusive opinion analysis reporter reporters question questioner interviewer audience
    """.split()
)
_WORD = r"[A-Z][\w.'\u2019&-]*"
_MORE = MAX_SPEAKER_LABEL_WORDS - 1
LABEL = re.compile(
    rf"(?P<label>{_WORD}(?:[ ](?:{_WORD}|of|the|al|bin|de|van|von)){{0,{_MORE}}})"
    # a parliamentary record's constituency or name in brackets: "Ms KERR (Braddon):"
    r"(?P<paren>[ ]\([^()\n]{1,60}\))?"
    # a transcript's affiliation in capitals: "LEILA HADDAD, CENTER FOR ARAB POLICY STUDIES:"
    r"(?P<affil>,[ ][A-Z][A-Z0-9 .'\u2019&/()-]{1,80})?"
    r":[ \t\u00a0]+(?=\S)"
)
#: Honorifics before a surname in capitals ("Ms KERR", "The MINISTER FOR TRANSPORT").
_HONORIFICS = frozenset({"mr", "ms", "mrs", "dr", "sir", "dame", "the", "hon", "lord", "lady"})


def colon_at(m: re.Match[str]) -> int:
    """Offset of a label's colon (after its bracket and affiliation, if any)."""
    return max(m.end(g) for g in ("label", "paren", "affil") if m.group(g))


def first_word(label: str) -> str:
    """The label's first word in lower case, without period or possessive ("Editor's": "editor")."""
    word = label.split()[0].lower().strip(".")
    return re.sub(r"['\u2019]s?$", "", word)


def is_list(content: str) -> bool:
    """Whether ``content`` is a list of names ("Reuters, AP News and CNN")."""
    items = [i.strip() for i in re.split(r",|\band\b|;", content) if i.strip()]
    if len(items) < 2:
        return False
    return all(len(i.split()) <= 4 and all(w[:1].isupper() for w in i.split()) for i in items)


def bracket_name(m: re.Match[str]) -> str | None:
    """The person a label's bracket names after an honorific ("The MINISTER FOR TRANSPORT (Mr
    Gavin Tully):" -> "Gavin Tully"); None for a constituency or party ("(Braddon)")."""
    words = (m.group("paren") or "").strip(" ()").split()
    if len(words) < 2 or words[0].lower().rstrip(".") not in _HONORIFICS - {"the"}:
        return None
    return " ".join(words[1:]) if all(w[:1].isupper() for w in words[1:]) else None


def caps(label: str) -> bool:
    """Whether a label is written in capitals ("WALLACE"), as a transcript's turns are; an
    honorific before it may not be ("Ms KERR", "Dr COLES", as in a parliamentary record)."""
    words = label.split()
    if len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        label = " ".join(words[1:])
    return label.isupper() and any(c.isalpha() for c in label)


def find_labels(text: str) -> tuple[list[tuple[re.Match[str], int]], bool]:
    """The labels that open paragraphs of ``text``, each with its paragraph's end, and whether
    the text is a transcript: turns in capitals by at least two speakers, one of them speaking
    again ("REPORTER:" and "Q:" count for that, but never speak)."""
    found = []
    for start, end in paragraphs(text):
        body = body_start(text, start, end)
        body += len(text[body:end]) - len(text[body:end].lstrip("\"\u201c'"))
        m = LABEL.match(text, body, end)
        if m is not None:
            found.append((m, end))
    turns = [m.group("label") for m, _ in found if caps(m.group("label"))]
    return found, len(set(turns)) >= 2 and len(turns) > len(set(turns))


def turn_labels(found: list[tuple[re.Match[str], int]], transcript: bool) -> frozenset[str]:
    """The labels of ``found`` whose paragraphs are turns (the speaker's whole answer): a
    transcript's labels in capitals, and a published interview's in title case ("Mendonça:
    ...", "Valadares: ...": those opening two paragraphs or more, where at least two labels do).
    """
    labels = [m.group("label") for m, _ in found]
    turns = {label for label in labels if transcript and caps(label)}
    recurring = {label for label, n in Counter(labels).items() if n >= 2}
    return frozenset(turns | (recurring if len(recurring) >= 2 else set()))


def label_content(
    text: str, m: re.Match[str], end: int, turn: bool, covered: Sequence[Span]
) -> tuple[Span, Kind] | None:
    """The content of the paragraph a label ``m`` opens (to ``end``) and its kind, or None.

    None for an empty paragraph, a list of names, or one that ``covered`` statements overlap
    (unless it is a transcript's ``turn``, the speaker's whole answer, which wins). A turn is
    "direct", as is a paragraph that is one quotation (without its marks); else "indirect".
    """
    content = trim_content(text, m.end(), end)
    if content[1] <= content[0] or is_list(text[content[0] : content[1]]):
        return None  # (a list: "Sources: Reuters, AP News")
    if not turn and any(overlap(content, c) for c in covered):
        return None
    kind: Kind = "direct" if turn else "indirect"
    first, last = text[content[0]], text[content[1] - 1]
    if first in DOUBLE_QUOTES and last == DOUBLE_QUOTES[first]:
        content, kind = (content[0] + 1, content[1] - 1), "direct"
    return content, kind


__all__ = [
    "bracket_name",
    "colon_at",
    "find_labels",
    "turn_labels",
    "MAX_SPEAKER_LABEL_WORDS",
    "NOT_SPEAKERS",
    "caps",
    "first_word",
    "is_list",
    "label_content",
]
