"""The internal record of one statement before actors are resolved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stancekit.statements._tokens import overlap
from stancekit.statements._types import Kind, Span, Statement
from stancekit.statements.cues import ANONYMITY_REQUESTS


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


_ANONYMITY = re.compile(
    r"(?:that\s+)?(?:" + "|".join(re.escape(p) for p in ANONYMITY_REQUESTS) + r")\b",
    re.IGNORECASE,
)


def is_anonymity_request(content: str) -> bool:
    """Whether a content is a source asking not to be named, not something it said.

    Examples
    --------
    >>> is_anonymity_request("not to be named because he was not authorized to speak")
    True
    >>> is_anonymity_request("the talks had failed")
    False
    """
    return _ANONYMITY.match(content.strip()) is not None


def is_duplicate(draft: Draft, kept: Sequence[Draft]) -> bool:
    """A reported draft repeating a cue or a quote that is already kept."""
    length = draft.content[1] - draft.content[0]
    for other in kept:
        if other.cue == draft.cue and overlap(other.content, draft.content):
            return True
        if other.kind == "direct" and overlap(other.content, draft.content) * 2 > length:
            return True
    return False


def to_statement(draft: Draft, text: str, doc_id: str, actor: str, actor_type: str) -> Statement:
    """The :class:`Statement` of a draft of ``text`` once its actor is resolved.

    ``meta`` gets ``actor_type``, ``rule`` (the draft's source), and where present
    ``content_parts`` and ``quote_id``.
    """
    d = draft
    meta: dict[str, Any] = {"actor_type": actor_type, "rule": d.source}
    if d.parts:
        meta["content_parts"] = [list(p) for p in d.parts]
    if "quote_id" in d.meta:
        meta["quote_id"] = d.meta["quote_id"]
    return Statement(
        doc_id=doc_id,
        speaker=text[d.speaker[0] : d.speaker[1]] if d.speaker else None,
        actor=actor,
        cue=text[d.cue[0] : d.cue[1]] if d.cue else None,
        content=text[d.content[0] : d.content[1]],
        kind=d.kind,
        speaker_span=d.speaker,
        cue_span=d.cue,
        content_span=d.content,
        meta=meta,
    )
