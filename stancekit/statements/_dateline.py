"""Datelines ("WASHINGTON (Reuters) -") and live blogs' time stamps ("16:31 -") are not part of
what anyone said; nor are markdown bold markers ("**The other side:**").

A news story's first paragraph often opens with a dateline. Parsed as part of the sentence,
it becomes the subject of the cue ("TEHRAN (AP) -- Iran's top diplomat said ...") or the
start of the reported content. The extractors therefore read the text with every dateline
blanked out (same length, so offsets do not move) and take the fields from the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from stancekit.statements._types import Statement

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "WASHINGTON", "TEL AVIV", "U.N.", "SAN'A": words in capitals (at least one word of 3+).
_CAPS_PLACE = r"(?=[A-Z.'\u2019-]*[A-Z]{3})[A-Z][A-Z.'\u2019-]*(?:[ ][A-Z][A-Z.'\u2019-]*){0,3}"
# "Tel Aviv": title case, only with a news agency after it.
_TITLE_PLACE = r"[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2}"
# ", Israel" / ", N.Y." / ", Nov. 28" / ", Nov. 28, 2021"
_TAIL = rf"(?:,[ ](?:{_MONTH}[ ]\d{{1,2}}(?:,[ ]\d{{4}})?|[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)?))*"
_AGENCY = r"\([A-Z][A-Za-z.&' ]{0,30}\)"
# An em or en dash, with or without spaces; a hyphen or "--" only between spaces.
_DASH = r"(?:[ ]*[\u2014\u2013][ ]*|[ ]+(?:-|--)[ ]+|[ ]*--[ ]*)"

# A live blog's time stamp: "16:31", "4.05pm", "9:15 a.m. ET".
_TIME = r"\d{1,2}[:.]\d{2}(?:[ ]?[ap]\.?m\.?)?(?:[ ](?:GMT|BST|CET|ET|EST|EDT|PT|UTC))?"

#: A dateline (or a live blog's time stamp) at the start of a paragraph, up to and including
#: its dash.
DATELINE = re.compile(
    rf"(?m)^[ \t]*(?:{_CAPS_PLACE}{_TAIL}(?:[ ]?{_AGENCY})?|{_TITLE_PLACE}{_TAIL}[ ]?{_AGENCY}"
    rf"|{_AGENCY}|{_TIME}){_DASH}(?=\S)"
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of every dateline in ``text``, dash included.

    Examples
    --------
    >>> text = "JERUSALEM, Dec 3 (Reuters) - Israel will act, Bennett said."
    >>> [text[s:e] for s, e in dateline_spans(text)]
    ['JERUSALEM, Dec 3 (Reuters) - ']
    """
    return [m.span() for m in DATELINE.finditer(text)]


def mask_datelines(text: str) -> str:
    """Return ``text`` with every dateline, and every markdown bold marker ("**What they're
    saying:**"), replaced by spaces (same length)."""
    spans = dateline_spans(text)
    if "**" in text:
        spans += [m.span() for m in _BOLD.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


_BOLD = re.compile(r"\*\*")


def _field(text: str, span: tuple[int, int] | None, value: str | None) -> str | None:
    return value if span is None else text[span[0] : span[1]]


def restore_fields(statements: Iterable[Statement], text: str) -> list[Statement]:
    """Take every field of statements found in a masked text from the original ``text``."""
    return [
        replace(
            s,
            speaker=_field(text, s.speaker_span, s.speaker),
            cue=_field(text, s.cue_span, s.cue),
            content=_field(text, s.content_span, s.content) or s.content,
        )
        for s in statements
    ]
