"""The whole path over a stream of documents, chunk by chunk, in bounded memory.

:func:`analyze_stream` reads documents from any iterable, extracts and classifies them one
chunk at a time, and merges the chunks' positions exactly at the end (positions are sums,
weights and counts, see :func:`stancekit.positions.combine`). Only small per-chunk summaries
are kept between chunks: a provisional actor x topic matrix and the set of person names seen,
so memory does not grow with the number of documents (unless ``keep_records=True``).

Actor names are corpus-wide, as in :func:`~stancekit.analysis.analyze`: a chunk keeps each
statement under its actor *before* name merging ("Milley"), and the merge into the longest
full name seen anywhere in the stream ("Mark Milley") is decided at the end, from the names of
all chunks, and applied to the rows of the merged matrix. So the result does not depend on how
the documents are chunked, and the Dask path (:mod:`stancekit.distributed`) gives the same
matrix as the local one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from stancekit.positions import Evidence, PositionMatrix, combine, position_matrix
from stancekit.positions import positions_from_stances as _positions_from_stances
from stancekit.statements import Statement
from stancekit.topics import Topic, resolve_topic

__all__ = [
    "Chunk",
    "ChunkSummary",
    "analyze_chunk",
    "analyze_stream",
    "extract_chunk",
    "finalize",
    "iter_documents",
]

DEFAULT_TOPICS = ("iran_deal", "gulf_normalization")
#: Marks a provisional row whose actor a speaker alias already fixed (never renamed later).
_FIXED = "\x00"


class Chunk(NamedTuple):
    """What one chunk gives to ``on_chunk``.

    Attributes
    ----------
    doc_ids : list of str
        Every document of the chunk, in input order, also those without statements.
    statements : list of Statement
        Their statements; actors are merged within the chunk only (the returned
        PositionMatrix uses the names merged over the whole stream).
    proba : ndarray of shape (n_statements, n_topics, n_classes)
    topics : list of str
    classes : list of str
    """

    doc_ids: list[str]
    statements: list[Statement]
    proba: np.ndarray
    topics: list[str]
    classes: list[str]


@dataclass
class ChunkSummary:
    """The mergeable part of a chunk's (or a Dask partition's) analysis.

    Attributes
    ----------
    positions : PositionMatrix or None
        Rows are provisional actors (before corpus-wide name merging); None if no statement.
    persons : set of str
        Provisional actors that are persons (candidates for name merging).
    names : set of str
        Person names seen in the texts (a surname can merge into a full name that never speaks).
    evidence : list of Evidence or None
        The records, when ``keep_records=True``.
    n_documents, n_statements : int
    """

    positions: PositionMatrix | None = None
    persons: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    evidence: list[Evidence] | None = None
    n_documents: int = 0
    n_statements: int = 0

    def merge(self, other: ChunkSummary) -> ChunkSummary:
        """Exact merge of two summaries of disjoint documents."""
        parts = [p for p in (self.positions, other.positions) if p is not None]
        evidence = (
            None
            if self.evidence is None and other.evidence is None
            else [*(self.evidence or []), *(other.evidence or [])]
        )
        return ChunkSummary(
            combine(parts) if len(parts) > 1 else (parts[0] if parts else None),
            self.persons | other.persons,
            self.names | other.names,
            evidence,
            self.n_documents + other.n_documents,
            self.n_statements + other.n_statements,
        )


def iter_documents(
    documents: Mapping[str, str] | Iterable[str] | Iterable[tuple[Any, ...]],
) -> Iterator[tuple[str, str, Any]]:
    """Normalize a document source to ``(doc_id, text, date)`` triples, lazily.

    Accepts a ``{doc_id: text}`` mapping, an iterable of texts (ids "doc0", "doc1", ...), or
    an iterable of ``(doc_id, text)`` or ``(doc_id, text, date)`` tuples.

    Raises
    ------
    TypeError
        If an item has the wrong type (checked as the stream is read).
    """
    if isinstance(documents, str):
        raise TypeError(
            "documents must be an iterable of texts or (doc_id, text) pairs, or a mapping; "
            "got a single string (wrap it in a list)"
        )
    items: Iterable[Any] = documents.items() if isinstance(documents, Mapping) else documents
    for i, item in enumerate(items):
        if isinstance(item, str):
            doc_id, text, date = f"doc{i}", item, None
        elif isinstance(item, tuple) and len(item) in (2, 3):
            doc_id, text, date = item[0], item[1], item[2] if len(item) == 3 else None
        else:
            raise TypeError(
                "documents must yield str or (doc_id, text[, date]) tuples; "
                f"got {type(item).__name__} at position {i}"
            )
        if not isinstance(doc_id, str) or not isinstance(text, str):
            raise TypeError(
                f"documents: doc_id and text must be str; got {type(doc_id).__name__} and "
                f"{type(text).__name__} at position {i}"
            )
        yield doc_id, text, date


def check_extractor(extractor: object, function: str) -> str:
    """Validate an ``extractor`` argument against the extraction methods."""
    from stancekit.statements._extract import METHODS

    if not isinstance(extractor, str) or extractor not in METHODS:
        raise ValueError(
            f"The 'extractor' parameter of {function} must be one of {list(METHODS)}. "
            f"Got {extractor!r} instead."
        )
    return extractor


class _Extracted(NamedTuple):
    docs: Sequence[tuple[str, str, Any]]
    raw: list[Statement]  # statements before corpus-wide actor merging
    names: set[str]


def extract_chunk(
    docs: Sequence[tuple[str, str, Any]], nlp: Any = None, extractor: str = "rules"
) -> _Extracted:
    """Extract one chunk's statements, keeping actors before name merging.

    Parameters
    ----------
    docs : sequence of (doc_id, text, date)
    nlp : spacy.language.Language, optional
        The spaCy pipeline of the "rules" and "tagger" extractors; default: the shared one.
    extractor : str, default="rules"
        An extraction method of :func:`stancekit.statements.extract_statements`.

    Returns
    -------
    _Extracted
        The documents, their statements (per-document actors) and the person names seen.
    """
    method = check_extractor(extractor, "extract_chunk")
    live = [(d, t) for d, t, _ in docs if t.strip()]
    if method == "fast":  # no parser: plain-text patterns
        from stancekit.statements.fast import fast_corpus_statements

        fast_raw, fast_names = fast_corpus_statements(live)
        return _Extracted(docs, fast_raw, set(fast_names))
    from stancekit.statements import load_nlp
    from stancekit.statements._coref import person_mentions
    from stancekit.statements._dateline import mask_datelines
    from stancekit.statements._extract import parsed_statements

    pipeline = nlp or load_nlp()
    raw = []
    names: set[str] = set()
    # spaCy interns every new word in the shared vocabulary for the life of the process;
    # a memory zone frees the chunk's strings again, so a long stream keeps flat memory.
    # Nothing leaves the zone but plain Python strings (statements and names).
    with _memory_zone(pipeline):
        texts = (mask_datelines(t) for _, t in live)
        for (doc_id, text), doc in zip(live, pipeline.pipe(texts, batch_size=64)):
            raw.extend(parsed_statements(doc, doc_id, text, method))
            names.update(m.actor for m in person_mentions(doc, []))
    return _Extracted(docs, raw, names)


def _memory_zone(nlp: Any) -> Any:
    """``nlp.memory_zone()`` where spaCy has it (3.8+), else a no-op context."""
    import contextlib

    zone = getattr(nlp, "memory_zone", None)
    return zone() if zone is not None else contextlib.nullcontext()


def analyze_chunk(
    docs: Sequence[tuple[str, str, Any]] | _Extracted,
    topics: Sequence[Topic],
    model: Any,
    *,
    aliases: Mapping[str, str] | None = None,
    min_relevance: float = 0.5,
    weighting: str = "none",
    batch_size: int = 64,
    keep_records: bool = False,
    statement_offset: int = 0,
    nlp: Any = None,
    extractor: str = "rules",
) -> tuple[ChunkSummary, Chunk]:
    """Analyse one chunk of ``(doc_id, text, date)`` documents.

    ``extractor`` is the extraction method (see :func:`extract_chunk`); ignored when ``docs``
    were extracted already.

    Returns the mergeable :class:`ChunkSummary` (provisional actors) and the :class:`Chunk`
    (statements with actors merged within the chunk, and the stance probabilities).
    """
    from stancekit.analysis import model_text
    from stancekit.positions import _iso
    from stancekit.stances.pooling import predict_proba_pooled
    from stancekit.statements import normalize_actors, outer_reports
    from stancekit.statements.actors import check_aliases

    alias_map = check_aliases(aliases)
    keys = [t.key for t in topics]
    extracted = docs if isinstance(docs, _Extracted) else extract_chunk(docs, nlp, extractor)
    rows, raw, names = extracted.docs, extracted.raw, extracted.names
    persons = {s.actor for s in raw if s.meta.get("actor_type") == "person"}
    provisional = [_provisional_key(s, alias_map) for s in raw]
    statements = normalize_actors(raw, aliases=aliases, names=names)
    classes = [str(c) for c in model.classes_]
    n_s, n_t = len(raw), len(keys)
    # Same reading as analyze(): content without interrupting cues, sentence-pooled stance,
    # and statements that relay others' statements are not evidence.
    text_of = {d: text for d, text, _ in rows}
    texts = [model_text(s, text_of[s.doc_id]) for s in raw for _ in keys]
    proba = (
        predict_proba_pooled(model, texts, [t for _ in raw for t in topics], batch_size=batch_size)
        if n_s
        else np.zeros((0, len(classes)))
    )
    relays = outer_reports(raw)
    positions, evidence = None, None
    if n_s:
        date_of = {d: _iso(day) for d, _, day in rows if day is not None}
        P = _positions_from_stances(
            [a for a in provisional for _ in keys],
            keys * n_s,
            proba,
            classes,
            min_relevance=min_relevance,
            weighting=weighting,  # type: ignore[arg-type]
            doc_ids=[s.doc_id for s in raw for _ in keys] if keep_records else None,
            dates=[date_of.get(s.doc_id) for s in raw for _ in keys] if keep_records else None,
            statements=(
                [statement_offset + i for i in range(n_s) for _ in keys] if keep_records else None
            ),
            spans=[s.content_span for s in raw for _ in keys] if keep_records else None,
            texts=texts if keep_records else None,
            include=[not r for r in relays for _ in keys],
        )
        positions = PositionMatrix(P.actors, P.topics, P.sums, P.weights, P.counts)
        evidence = P.evidence if keep_records else None
    summary = ChunkSummary(
        positions,
        persons,
        names,
        evidence if keep_records else None,
        n_documents=len(rows),
        n_statements=n_s,
    )
    chunk = Chunk(
        [d for d, _, _ in rows],
        statements,
        proba.reshape(n_s, n_t, len(classes)),
        keys,
        classes,
    )
    return summary, chunk


def _provisional_key(s: Statement, alias_map: Mapping[str, str]) -> str:
    """The statement's row before corpus-wide merging; a speaker alias fixes it for good."""
    if s.speaker is not None:
        override = alias_map.get(s.speaker.strip().lower())
        if override is not None:
            return _FIXED + override
    return s.actor


def actor_names(
    keys: Iterable[str],
    persons: Iterable[str],
    names: Iterable[str],
    aliases: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Final actor of each provisional key: the rule of :func:`normalize_actors`, corpus-wide."""
    from stancekit.statements.actors import check_aliases, clean_person_name, merge_names

    alias_map = check_aliases(aliases)
    persons = set(persons)
    merged = merge_names({clean_person_name(n) for n in [*persons, *names]})
    out = {}
    for key in keys:
        if key.startswith(_FIXED):
            out[key] = key[len(_FIXED) :]
            continue
        actor = merged.get(clean_person_name(key), key) if key in persons else key
        override = alias_map.get(actor.lower()) or alias_map.get(key.lower())
        out[key] = override if override is not None else actor
    return out


def finalize(
    summary: ChunkSummary,
    topics: Sequence[str],
    *,
    aliases: Mapping[str, str] | None = None,
    duplicates: str = "keep",
    n_boot: int = 0,
    level: float = 0.95,
    random_state: int | None = 0,
) -> PositionMatrix:
    """Rename the provisional rows of a merged summary to corpus-wide actors.

    Rows that end up with the same actor add up (sums, weights, counts), so the result is the
    matrix :func:`~stancekit.analysis.analyze` would give on all the documents at once.
    """
    topics = list(topics)
    P = summary.positions
    if P is None:
        z = np.zeros((0, len(topics)))
        return PositionMatrix([], topics, z, z.copy(), z.astype(np.int64))
    rename = actor_names(P.actors, summary.persons, summary.names, aliases)
    actors = sorted(set(rename.values()))
    if summary.evidence is not None:
        return position_matrix(
            [e._replace(actor=rename[e.actor]) for e in summary.evidence],
            actors=actors,
            topics=topics,
            duplicates=duplicates,  # type: ignore[arg-type]
            n_boot=n_boot,
            level=level,
            random_state=random_state,
        )
    if duplicates != "keep" or n_boot:
        raise ValueError(
            "duplicates='document' and n_boot > 0 need the records: pass keep_records=True"
        )
    row = {a: i for i, a in enumerate(actors)}
    rows = np.array([row[rename[a]] for a in P.actors], dtype=np.intp)
    cols = [P.topics.index(t) for t in topics]
    shape = (len(actors), len(topics))
    sums, weights = np.zeros(shape), np.zeros(shape)
    counts = np.zeros(shape, dtype=np.int64)
    np.add.at(sums, rows, P.sums[:, cols])
    np.add.at(weights, rows, P.weights[:, cols])
    np.add.at(counts, rows, P.counts[:, cols])
    return PositionMatrix(actors, topics, sums, weights, counts)


def resolve_topic_list(topics: str | Topic | Sequence[str | Topic]) -> list[Topic]:
    """Topics as a non-empty list of distinct :class:`Topic` objects."""
    out = (
        [resolve_topic(topics)]
        if isinstance(topics, (str, Topic))
        else [resolve_topic(t) for t in topics]
    )
    if not out:
        raise ValueError("topics must name at least one topic; got an empty sequence")
    keys = [t.key for t in out]
    if len(set(keys)) != len(keys):
        raise ValueError(f"topics must be distinct; got {keys}")
    return out


def analyze_stream(
    documents: Mapping[str, str] | Iterable[str] | Iterable[tuple[Any, ...]],
    topics: str | Topic | Sequence[str | Topic] = DEFAULT_TOPICS,
    model: Any = None,
    *,
    chunk_size: int = 256,
    aliases: Mapping[str, str] | None = None,
    min_relevance: float = 0.5,
    weighting: str = "none",
    batch_size: int = 64,
    on_chunk: Callable[[Chunk], None] | None = None,
    keep_records: bool = False,
    prefetch: bool = False,
    duplicates: str = "keep",
    n_boot: int = 0,
    level: float = 0.95,
    random_state: int | None = 0,
    extractor: str = "rules",
) -> PositionMatrix:
    """Analyse a stream of documents chunk by chunk and merge the positions exactly.

    Parameters
    ----------
    documents : mapping of doc_id -> text, iterable of str, or iterable of tuples
        ``(doc_id, text)`` or ``(doc_id, text, date)``; read lazily, once. Texts get ids
        "doc0", "doc1", ... Empty documents are counted as processed and yield no statement.
    topics : topic or sequence of topics, default=("iran_deal", "gulf_normalization")
    model : StanceModel, optional
        Defaults to the shipped model.
    chunk_size : int, default=256
        Documents per chunk: memory holds one chunk's texts, parses and statements at a time.
    aliases, min_relevance, weighting, batch_size
        As in :func:`~stancekit.analysis.analyze`.
    on_chunk : callable, optional
        Called with each :class:`Chunk` (documents, statements, probabilities) as it is done,
        e.g. to write statements to disk.
    keep_records : bool, default=False
        Keep every on-topic record (:class:`~stancekit.positions.Evidence`, with document,
        date, offsets, text): needed for ``duplicates="document"``, bootstrap intervals and
        time windows, but memory then grows with the number of statements.
    duplicates, n_boot, level, random_state
        As in :func:`~stancekit.analysis.analyze`; need ``keep_records=True`` unless left at
        their defaults ("keep", 0).
    prefetch : bool, default=False
        Parse the next chunk in a background thread while the stance model classifies the
        current one (spaCy and torch both release the GIL in their heavy loops). Worth it
        when the machine has cores to spare beyond torch's threads; the result is the same.
    extractor : {"rules", "tagger", "fast"}, default="rules"
        The statement extractor, as in :func:`~stancekit.analysis.analyze`.

    Returns
    -------
    PositionMatrix
        Equal (to floating-point rounding) to ``analyze(documents, topics, model).positions``
        on the same documents, whatever ``chunk_size``: actors are merged over the whole
        stream. Unlike :func:`~stancekit.analysis.analyze`, it has no bootstrap intervals by
        default and, without ``keep_records``, no evidence; statements reach you only
        through ``on_chunk``.

    Examples
    --------
    >>> docs = ((path.name, path.read_text()) for path in folder.glob("*.txt"))  # doctest: +SKIP
    >>> P = analyze_stream(docs, topics=["iran_deal"], chunk_size=512)          # doctest: +SKIP
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int; got {chunk_size!r}")
    topic_list = resolve_topic_list(topics)
    extractor = check_extractor(extractor, "analyze_stream")
    if model is None:
        from stancekit.analysis import default_model

        model = default_model()
    summary = ChunkSummary(evidence=[] if keep_records else None)
    stream = iter_documents(documents)
    chunks = iter(lambda: list(itertools.islice(stream, chunk_size)), [])
    for extracted in _extracted(chunks, prefetch, extractor):
        part, chunk = analyze_chunk(
            extracted,
            topic_list,
            model,
            aliases=aliases,
            min_relevance=min_relevance,
            weighting=weighting,
            batch_size=batch_size,
            keep_records=keep_records,
            statement_offset=summary.n_statements,
        )
        summary = summary.merge(part)
        if on_chunk is not None:
            on_chunk(chunk)
    return finalize(
        summary,
        [t.key for t in topic_list],
        aliases=aliases,
        duplicates=duplicates,
        n_boot=n_boot,
        level=level,
        random_state=random_state,
    )


def _extracted(
    chunks: Iterator[list[tuple[str, str, Any]]], prefetch: bool, extractor: str = "rules"
) -> Iterator[_Extracted]:
    """Extract chunk after chunk; with ``prefetch``, one chunk ahead in a worker thread."""
    if not prefetch:
        yield from (extract_chunk(docs, extractor=extractor) for docs in chunks)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stancekit-extract") as pool:
        pending = None
        for docs in chunks:
            ahead = pool.submit(extract_chunk, docs, None, extractor)
            if pending is not None:
                yield pending.result()
            pending = ahead
        if pending is not None:
            yield pending.result()
