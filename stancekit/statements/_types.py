"""The record that crosses from extraction to the rest of the pipeline."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Span = tuple[int, int]
Kind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class Statement:
    """One attributed statement: who said what, where in the source text.

    Every span is a ``(start, end)`` pair of character offsets into the source
    text, such that ``text[start:end]`` equals the matching field.

    Attributes
    ----------
    doc_id : str
        Identifier of the document the statement comes from.
    speaker : str or None
        The speaker mention as written ("an Israeli official", "he"), or None
        when the text names no speaker.
    actor : str
        Normalized actor name; mentions of the same actor share it across a
        corpus ("General Mark Milley" and "Milley" -> "Mark Milley").
    cue : str or None
        The attribution cue as written ("said", "told me", "according to").
    content : str
        What was said, as written (without enclosing quotation marks).
    kind : {"direct", "indirect", "mixed"}
        Direct quote, reported speech, or a mix of the two.
    speaker_span, cue_span, content_span : tuple of (int, int) or None
        Character offsets of the fields in the source text.
    """

    doc_id: str
    speaker: str | None
    actor: str
    cue: str | None
    content: str
    kind: Kind
    speaker_span: Span | None = None
    cue_span: Span | None = None
    content_span: Span | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the statement as a JSON-serializable dict."""
        d = asdict(self)
        for key in ("speaker_span", "cue_span", "content_span"):
            if d[key] is not None:
                d[key] = list(d[key])
        return d
