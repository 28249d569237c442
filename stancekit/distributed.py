"""The whole path on a Dask cluster: partitions of articles -> one PositionMatrix.

Needs the ``dask`` extra: ``pip install "stancekit[dask]"``.

Each partition of a Dask DataFrame (or of a parquet / JSONL glob) goes through
:func:`stancekit.streaming.analyze_chunk` on a worker, in chunks of ``chunk_size`` rows; the
stance model is loaded once per worker process. Partitions send back only small summaries
(provisional actor x topic sums, weights, counts and the person names seen), which the client
merges exactly and renames to corpus-wide actors as :func:`stancekit.streaming.analyze_stream`
does, so the result equals the local one on the same documents.

.. important::
   Dask's worker *processes* re-import the calling script. A script that calls
   :func:`analyze_dask` (and so starts a local cluster) must protect its entry point with
   ``if __name__ == "__main__":``, or every worker starts a cluster of its own.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stancekit.positions import PositionMatrix
from stancekit.streaming import (
    DEFAULT_TOPICS,
    ChunkSummary,
    analyze_chunk,
    check_extractor,
    finalize,
    resolve_topic_list,
)
from stancekit.topics import Topic

if TYPE_CHECKING:
    import dask.dataframe as dd

__all__ = ["analyze_dask", "read_articles"]

_INSTALL_HINT = 'stancekit.distributed needs Dask: pip install "stancekit[dask]"'
#: Models loaded in this (worker) process, by model path ("" = the shipped default).
_MODELS: dict[str, Any] = {}
#: One partition at a time per process: spaCy pipelines are not safe to share between threads.
_LOCK = threading.Lock()


def _import_dask() -> Any:
    try:
        import dask.dataframe as dd
        import distributed  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(_INSTALL_HINT) from exc
    return dd


def worker_model(model_path: str | os.PathLike[str] | None) -> Any:
    """The stance model at ``model_path`` (None: the shipped one), loaded once per process."""
    key = "" if model_path is None else str(model_path)
    with _LOCK:
        if key not in _MODELS:
            from stancekit.stances import StanceModel

            _MODELS[key] = StanceModel.load(model_path)
    return _MODELS[key]


def read_articles(
    source: str | Sequence[str],
    *,
    blocksize: int | str | None = "16MiB",
) -> dd.DataFrame:
    """A Dask DataFrame of articles from a parquet or JSONL glob (or list of paths).

    Parameters
    ----------
    source : str or sequence of str
        Paths or globs ending in ``.parquet`` / ``.pq`` (a folder of parquet files works too)
        or ``.jsonl`` / ``.json`` (one JSON object per line).
    blocksize : int or str, default="16MiB"
        Bytes of JSONL per partition (parquet partitions follow the files' row groups).
    """
    dd = _import_dask()
    first = source if isinstance(source, str) else source[0]
    name = first.rstrip("/").lower()
    if name.endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz")):
        return dd.read_json(source, lines=True, blocksize=blocksize)
    if name.endswith((".parquet", ".pq")) or os.path.isdir(first):
        return dd.read_parquet(source)
    raise ValueError(
        "source must be a Dask DataFrame or a path / glob of .parquet or .jsonl files; "
        f"got {first!r}"
    )


def _analyze_partition(
    frame: Any,
    topics: list[Topic],
    model: Any,
    model_path: str | None,
    options: dict[str, Any],
    columns: tuple[str, str, str | None],
    chunk_size: int,
) -> ChunkSummary:
    """One partition (a pandas DataFrame) -> its mergeable summary, on a worker."""
    id_col, text_col, date_col = columns
    model = model if model is not None else worker_model(model_path)
    ids = [str(x) for x in frame[id_col].tolist()]
    texts = ["" if not isinstance(t, str) else t for t in frame[text_col].tolist()]
    dates = frame[date_col].tolist() if date_col is not None else [None] * len(ids)
    rows = iter(zip(ids, texts, dates))
    summary = ChunkSummary(evidence=[] if options.get("keep_records") else None)
    while True:
        docs = list(itertools.islice(rows, chunk_size))
        if not docs:
            return summary
        with _LOCK:
            part, _ = analyze_chunk(docs, topics, model, **options)
        summary = summary.merge(part)


def analyze_dask(
    source: dd.DataFrame | str | Sequence[str],
    topics: str | Topic | Sequence[str | Topic] = DEFAULT_TOPICS,
    *,
    client: Any = None,
    model: Any = None,
    model_path: str | os.PathLike[str] | None = None,
    text_col: str = "text",
    id_col: str = "id",
    date_col: str | None = None,
    chunk_size: int = 256,
    n_workers: int = 2,
    aliases: Mapping[str, str] | None = None,
    min_relevance: float = 0.5,
    weighting: str = "none",
    batch_size: int = 64,
    keep_records: bool = False,
    duplicates: str = "keep",
    n_boot: int = 0,
    level: float = 0.95,
    random_state: int | None = 0,
    extractor: str = "rules",
) -> PositionMatrix:
    """Analyse articles on a Dask cluster and reduce them to one :class:`PositionMatrix`.

    Parameters
    ----------
    source : dask.dataframe.DataFrame, str or sequence of str
        Articles with columns ``id_col``, ``text_col`` and optionally ``date_col``, or a
        parquet / JSONL glob of them (see :func:`read_articles`).
    topics : topic or sequence of topics, default=("iran_deal", "gulf_normalization")
    client : distributed.Client, optional
        E.g. ``Client("tcp://scheduler:8786")`` or ``Client(SLURMCluster(...))``. Default:
        a local cluster of ``n_workers`` processes listening on 127.0.0.1 only (no dashboard
        outside the machine), closed when done.
    model : StanceModel, optional
        A model object, sent to each worker once. Default: ``model_path``.
    model_path : path-like, optional
        A saved model folder readable by the workers, loaded once per worker process;
        None: the shipped default model.
    text_col, id_col, date_col : str
        Column names (``date_col`` only matters with ``keep_records=True``).
    chunk_size : int, default=256
        Rows analysed at a time within a partition (bounds a worker's memory).
    n_workers : int, default=2
        Workers of the local cluster (ignored with ``client``).
    aliases, min_relevance, weighting, batch_size, keep_records, duplicates, n_boot, level,
    random_state, extractor
        As in :func:`stancekit.streaming.analyze_stream`.

    Returns
    -------
    PositionMatrix
        Equal (to floating-point rounding) to ``analyze_stream`` on the same articles.

    Raises
    ------
    ImportError
        If Dask is not installed (``pip install "stancekit[dask]"``).

    Notes
    -----
    Dask's worker processes re-import the calling script: guard it with
    ``if __name__ == "__main__":``.
    """
    dd = _import_dask()
    from dask import delayed

    topic_list = resolve_topic_list(topics)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int; got {chunk_size!r}")
    frame = source if isinstance(source, dd.DataFrame) else read_articles(source)  # type: ignore[arg-type]
    needed = [c for c in (id_col, text_col, date_col) if c is not None]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the articles lack columns {missing}; they have {list(frame.columns)} "
            "(set id_col, text_col, date_col)"
        )
    options = {
        "aliases": aliases,
        "min_relevance": min_relevance,
        "weighting": weighting,
        "batch_size": batch_size,
        "keep_records": keep_records,
        "extractor": check_extractor(extractor, "analyze_dask"),
    }
    own_cluster = None
    if client is None:
        from distributed import Client, LocalCluster

        own_cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        )
        client = Client(own_cluster)
    try:
        model_ref = client.scatter(model, broadcast=True) if model is not None else None
        path = None if model_path is None else str(model_path)
        columns = (id_col, text_col, date_col)
        parts = [
            delayed(_analyze_partition, pure=False)(
                part, topic_list, model_ref, path, options, columns, chunk_size
            )
            for part in frame[needed].to_delayed()
        ]
        summaries: list[ChunkSummary] = client.gather(client.compute(parts))
    finally:
        if own_cluster is not None:
            client.close()
            own_cluster.close()
    summary = ChunkSummary(evidence=[] if keep_records else None)
    for part in summaries:
        summary = summary.merge(part)
    return finalize(
        summary,
        [t.key for t in topic_list],
        aliases=aliases,
        duplicates=duplicates,
        n_boot=n_boot,
        level=level,
        random_state=random_state,
    )
