"""The fast extractor: attributed statements from the raw text with ``re`` and word lists.

No spaCy, no torch: sentences are split with a regex, cues are found with one regex built
from :data:`stancekit.statements.cues.REPORTING_VERBS` (all inflected forms), and speakers
are the words next to the cue up to a clause boundary. It handles the common newswire
patterns::

    "...," SPEAKER said.          "...," said SPEAKER.        SPEAKER said: "..."
    SPEAKER said (that) ...       SPEAKER told X (that) ...   ..., SPEAKER said.
    ..., said SPEAKER.            according to SPEAKER, ...   ..., according to SPEAKER.

It is many times faster than ``method="rules"`` and less accurate (no parse: long or nested
sentences, verbs that are also nouns and speakers far from their cue are where it misses).

The work is split by job: :mod:`._fast_text` (cue regex, sentences), :mod:`._fast_words`
(shared word tables), :mod:`._fast_speakers` (speaker phrases), :mod:`._fast_att`
(speaker + cue), :mod:`._fast_direct` (quotations), :mod:`._fast_reported` (reported speech
and "according to") and :mod:`._fast_actors` (actor names); this module merges their drafts
and builds the statements.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping

from stancekit.statements._dateline import mask_datelines
from stancekit.statements._draft import Draft, is_anonymity_request, is_duplicate, to_statement
from stancekit.statements._fast_actors import classify_words, find_names, resolve
from stancekit.statements._fast_att import Att
from stancekit.statements._fast_direct import direct_drafts, quote_content
from stancekit.statements._fast_labels import label_drafts
from stancekit.statements._fast_reported import reported_drafts
from stancekit.statements._fast_speakers import SPEAKER_NOUNS
from stancekit.statements._fast_text import normalize_quotes, sentences
from stancekit.statements._quotes import Quote, find_quotes, iter_inner_spans
from stancekit.statements._types import Span, Statement
from stancekit.statements._validate import check_all
from stancekit.statements.actors import normalize_actors
from stancekit.statements.cues import UNKNOWN_ACTOR


# ---------------------------------------------------------------------------- public
def fast_drafts(text: str) -> list[Draft]:
    """Every draft of a text (direct quotes, then reported speech), deduplicated, sorted.

    Parameters
    ----------
    text : str
        The source text.

    Returns
    -------
    list of Draft
        Sorted by content span; ``meta["att"]`` holds the speaker words used for actors.
    """
    quotes = find_quotes(text)
    quote_spans = sorted(iter_inner_spans(quotes))
    return _drafts(text, quotes, quote_spans, sentences(text, quote_spans))


def _drafts(
    text: str, quotes: list[Quote], quote_spans: list[Span], sents: list[Span]
) -> list[Draft]:
    """:func:`fast_drafts` from the text's quotes and sentences, found once by the caller."""
    kept, atts = direct_drafts(text, quotes)
    used = {a.cue[0] for a in atts}
    for draft in reported_drafts(text, sents, quote_spans, used, atts):
        if not is_duplicate(draft, kept):
            kept.append(draft)
    labels = label_drafts(text, kept)
    turns = [d.content for d in labels if d.meta["turn"]]
    # a transcript's turn is the speaker's whole answer: it replaces what was found inside it
    kept = [d for d in kept if not any(t[0] <= d.content[0] < t[1] for t in turns)] + labels
    return sorted(kept, key=lambda d: (d.content[0], d.content[1]))


def fast_doc_statements(text: str, doc_id: str) -> tuple[list[Statement], list[str]]:
    """Statements of one text with per-document actors, and the person names seen.

    Parameters
    ----------
    text : str
        The source text.
    doc_id : str
        Identifier stored on each statement.

    Returns
    -------
    statements : list of Statement
        Sorted by content start, spans checked; actors not yet merged across documents.
    names : list of str
        Capitalised multi-word person names outside quotes, for
        :func:`stancekit.statements.normalize_actors`.
    """
    norm = mask_datelines(normalize_quotes(text))
    quotes = find_quotes(norm)
    quote_spans = sorted(iter_inner_spans(quotes))
    sents = sentences(norm, quote_spans)
    drafts = [
        d
        for d in _drafts(norm, quotes, quote_spans, sents)
        if not is_anonymity_request(text[d.content[0] : d.content[1]])
    ]
    names = find_names(norm, quote_spans)
    sent_starts = [s for s, _ in sents]
    classified = []
    for d in drafts:
        att: Att = d.meta["att"]
        if d.speaker is None:
            continue
        actor, kind = classify_words(att.words)
        classified.append((d.speaker[0], bisect_right(sent_starts, d.speaker[0]), actor, kind))
    resolved = iter(resolve(classified, names, norm))
    statements = []
    for d in drafts:
        actor, actor_type = next(resolved) if d.speaker is not None else (UNKNOWN_ACTOR, "unknown")
        statements.append(to_statement(d, text, doc_id, actor, actor_type))
    check_all(statements, text)
    return statements, [n for _, n, _ in names]


def fast_corpus_statements(
    documents: Iterable[tuple[str, str]],
) -> tuple[list[Statement], list[str]]:
    """:func:`fast_doc_statements` of ``(doc_id, text)`` pairs, concatenated.

    Returns
    -------
    statements : list of Statement
        Document by document; actors not yet merged across documents.
    names : list of str
        The person names seen in all documents.
    """
    statements: list[Statement] = []
    names: list[str] = []
    for doc_id, text in documents:
        found, seen = fast_doc_statements(text, doc_id)
        statements.extend(found)
        names.extend(seen)
    return statements, names


def fast_statements(
    text: str, doc_id: str = "doc", *, aliases: Mapping[str, str] | None = None
) -> list[Statement]:
    """Extract attributed statements with regular expressions and word lists only.

    Parameters
    ----------
    text : str
        The source text (paragraphs separated by line breaks).
    doc_id : str, default="doc"
        Identifier stored on each statement.
    aliases : mapping of str to str, optional
        ``{mention or actor: actor}`` applied last, as in
        :func:`stancekit.statements.extract_statements`.

    Returns
    -------
    list of Statement
        Sorted by content start; ``meta["rule"]`` is ``"fast-direct"``, ``"fast-reported"``
        or ``"fast-according"``. Every span satisfies ``text[start:end] == field``.

    Examples
    --------
    >>> s = fast_statements('"We will win," said Jane Doe.')[0]
    >>> (s.speaker, s.actor, s.cue, s.content, s.kind)
    ('Jane Doe', 'Jane Doe', 'said', 'We will win', 'direct')
    """
    statements, names = fast_doc_statements(text, doc_id)
    return normalize_actors(statements, aliases=aliases, names=names)


__all__ = [
    "SPEAKER_NOUNS",
    "fast_corpus_statements",
    "fast_doc_statements",
    "fast_drafts",
    "fast_statements",
    "quote_content",
]
