"""Offsets must always be exact: check every statement against its source text."""

from __future__ import annotations

from collections.abc import Iterable

from stancekit.statements._types import Statement


class SpanError(ValueError):
    """A statement's span does not match its field in the source text."""


def check_spans(statement: Statement, text: str) -> None:
    """Raise :class:`SpanError` unless every span of ``statement`` points at its field.

    Parameters
    ----------
    statement : Statement
        The statement to check.
    text : str
        The source text the statement was extracted from.

    Raises
    ------
    SpanError
        If ``text[start:end]`` differs from the field for any non-None span, a field is
        set without its span, or the content is empty.
    """
    pairs = (
        ("speaker", statement.speaker, statement.speaker_span),
        ("cue", statement.cue, statement.cue_span),
        ("content", statement.content, statement.content_span),
    )
    for name, value, span in pairs:
        if span is None:
            continue
        start, end = span
        if not 0 <= start < end <= len(text) or text[start:end] != value:
            got = text[start:end] if 0 <= start <= end <= len(text) else None
            raise SpanError(
                f"{name} span {span} of a statement in {statement.doc_id!r} gives {got!r}, "
                f"not {value!r}"
            )
    if not statement.content.strip():
        raise SpanError(f"empty content in a statement of {statement.doc_id!r}")
    for part in statement.meta.get("content_parts", ()):
        if not statement.content_span or not (
            statement.content_span[0] <= part[0] < part[1] <= statement.content_span[1]
        ):
            raise SpanError(f"content part {part} lies outside the content span")


def check_all(statements: Iterable[Statement], text: str) -> None:
    """Run :func:`check_spans` on every statement."""
    for statement in statements:
        check_spans(statement, text)
