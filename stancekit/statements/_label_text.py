"""Speaker labels without a parse: the patterns both extractors share.

A label is a short run of capitalised words and a colon opening a paragraph ("Pence: ...",
"WALLACE: ..."); :mod:`stancekit.statements._labels` (rules) and
:mod:`stancekit.statements._fast_labels` decide which labels name speakers.
"""

from __future__ import annotations

import re

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
    r":[ \t\u00a0]+(?=\S)"
)


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


def caps(label: str) -> bool:
    """Whether a label is written in capitals ("WALLACE"), as a transcript's turns are."""
    return label.isupper() and any(c.isalpha() for c in label)


__all__ = ["LABEL", "MAX_SPEAKER_LABEL_WORDS", "NOT_SPEAKERS", "caps", "first_word", "is_list"]
