"""The internal record of one statement before actors are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stancekit.statements._types import Kind, Span


@dataclass
class Draft:
    """A statement found in a parsed document, with offsets but no actor yet.

    ``head`` is the token index of the speaker's syntactic head (None when unknown);
    ``parts`` are the pieces of the content that exclude an interrupting attribution;
    ``source`` names the rule that found it ("quote", "reported", "according", "bullet").
    """

    speaker: Span | None
    cue: Span | None
    content: Span
    kind: Kind
    head: int | None
    source: str
    parts: tuple[Span, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
