"""Nested attribution: statements whose content reports other statements.

In "Milley made it clear that X, but said Y, an Israeli official said", the official's content holds
two statements by Milley. The outer statement relays words whose stance belongs to the inner
speaker, so position estimates should rest on the inner statements; the outer one stays in the
statement list (it is a real attribution) and is flagged as a report.
"""

from __future__ import annotations

from collections.abc import Sequence

from stancekit.statements._types import Span, Statement


def _inside(inner: Span | None, outer: Span) -> bool:
    return inner is not None and outer[0] <= inner[0] and inner[1] <= outer[1]


def outer_reports(statements: Sequence[Statement]) -> list[bool]:
    """Flag each statement whose content contains another statement of the same document.

    A statement A contains B when B's content and B's cue (or speaker) lie inside A's content.

    Parameters
    ----------
    statements : sequence of Statement of length n

    Returns
    -------
    list of bool of length n
        True where the statement relays other statements.

    Examples
    --------
    >>> from stancekit.statements import Statement
    >>> outer = Statement("d", "an official", "officials", "said", "Milley said X", "indirect",
    ...                   (16, 27), (28, 32), (0, 13))
    >>> inner = Statement("d", "Milley", "Mark Milley", "said", "X", "indirect",
    ...                   (0, 6), (7, 11), (12, 13))
    >>> outer_reports([outer, inner])
    [True, False]
    """
    flags = [False] * len(statements)
    for i, a in enumerate(statements):
        if a.content_span is None:
            continue
        for j, b in enumerate(statements):
            if i == j or b.doc_id != a.doc_id or b.content_span is None:
                continue
            if b.content_span == a.content_span:
                continue
            if _inside(b.content_span, a.content_span) and (
                _inside(b.cue_span, a.content_span) or _inside(b.speaker_span, a.content_span)
            ):
                flags[i] = True
                break
    return flags
