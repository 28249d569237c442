"""The whole path in one call: documents -> statements -> stances -> positions -> distances."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from stancekit.distances import DistanceMatrix, actor_distances
from stancekit.positions import PositionMatrix, positions_from_stances
from stancekit.statements import Statement
from stancekit.topics import Topic, resolve_topic

if TYPE_CHECKING:
    from stancekit.coalitions import Coalitions
    from stancekit.networks import Network

DEFAULT_TOPICS = ("iran_deal", "gulf_normalization")


class Stance(NamedTuple):
    """The model's reading of one statement on one topic."""

    statement: int
    actor: str
    topic: str
    label: str
    proba: dict[str, float]


@dataclass
class Stances:
    """Stance probabilities for every statement x topic.

    Attributes
    ----------
    topics : list of str
        Topic keys (columns).
    classes : list of str
        Labels of the last axis of ``proba``.
    proba : ndarray of shape (n_statements, n_topics, n_classes)
    actors : list of str
        The actor of each statement.
    """

    topics: list[str]
    classes: list[str]
    proba: np.ndarray
    actors: list[str]

    @property
    def labels(self) -> np.ndarray:
        """Most probable label, ndarray of str of shape (n_statements, n_topics)."""
        if self.proba.size == 0:
            return np.empty(self.proba.shape[:2], dtype=object)
        return np.asarray(self.classes)[self.proba.argmax(-1)]

    def __len__(self) -> int:
        return int(self.proba.shape[0] * self.proba.shape[1])

    def __iter__(self) -> Iterator[Stance]:
        labels = self.labels
        for i in range(self.proba.shape[0]):
            for j, topic in enumerate(self.topics):
                yield Stance(
                    i,
                    self.actors[i],
                    topic,
                    str(labels[i, j]),
                    {c: float(p) for c, p in zip(self.classes, self.proba[i, j])},
                )

    def to_records(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per statement x topic."""
        return [s._asdict() for s in self]


@dataclass
class Analysis:
    """The result of :func:`analyze`.

    Attributes
    ----------
    statements : list of Statement
    topics : list of Topic
    stances : Stances
        Per statement x topic, with probabilities.
    positions : PositionMatrix
        Actors x topics, values in [-1, 1] (NaN = no evidence), with counts, bootstrap
        intervals and the evidence behind each cell.
    documents : dict of str -> str
        The texts, by doc_id.
    dates : dict of str -> str
        ISO date of each dated document.
    """

    statements: list[Statement]
    topics: list[Topic]
    stances: Stances
    positions: PositionMatrix
    documents: dict[str, str] = field(default_factory=dict, repr=False)
    dates: dict[str, str] = field(default_factory=dict, repr=False)

    def distances(
        self,
        topics: Sequence[str | Topic] | None = None,
        metric: str | Callable[[np.ndarray, np.ndarray], float] = "euclidean",
        **kwargs: Any,
    ) -> DistanceMatrix:
        """Actor x actor distances over ``topics`` (default: all), skipping missing topics.

        Keyword arguments go to :func:`~stancekit.distances.actor_distances`. With
        ``metric="centroid"`` and no ``centroids``, the statements are embedded with the
        packaged sentence encoder and averaged per actor.
        """
        keys = None if topics is None else [resolve_topic(t).key for t in topics]
        if metric == "centroid" and kwargs.get("centroids") is None:
            kwargs["centroids"] = self.centroids()
        return actor_distances(self.positions, metric, topics=keys, **kwargs)

    def centroids(self, encoder: Any = None) -> np.ndarray:
        """Mean statement embedding of each actor, ndarray of shape (n_actors, n_features).

        Rows follow ``positions.actors``; ``encoder`` defaults to the packaged
        :class:`~stancekit.embeddings.Encoder`.
        """
        from stancekit.distances import actor_centroids

        if encoder is None:
            from stancekit.embeddings import Encoder

            encoder = Encoder()
        texts = [s.content for s in self.statements]
        E = encoder.encode(texts) if texts else np.zeros((0, 1))
        return actor_centroids(E, [s.actor for s in self.statements], self.positions.actors)[1]

    def network(
        self, kind: str = "congruence", normalization: str = "no", **kwargs: Any
    ) -> Network:
        """DNA-style actor network from the statements that take a side on a topic.

        See :func:`~stancekit.networks.actor_network` for the options.
        """
        from stancekit.networks import actor_network, network_records

        return actor_network(
            network_records(self.positions),
            kind,  # type: ignore[arg-type]
            normalization,
            actors=self.positions.actors,
            **kwargs,
        )

    def coalitions(self, n_clusters: int | None = None, **kwargs: Any) -> Coalitions:
        """Clusters of actors on :meth:`distances` (keyword arguments go there)."""
        from stancekit.coalitions import cluster_actors

        return cluster_actors(self.distances(**kwargs), n_clusters)

    def report(self, path: str | Path, **kwargs: Any) -> Path:
        """Write the self-contained HTML report (see :func:`~stancekit.report.write_report`)."""
        from stancekit.report import write_report

        return write_report(self, path, **kwargs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of statements, stances and positions."""
        return {
            "topics": [
                {"key": t.key, "proposition": t.proposition, "kind": t.kind} for t in self.topics
            ],
            "statements": [s.to_dict() for s in self.statements],
            "stances": self.stances.to_records(),
            "positions": self.positions.to_dict(),
        }


def as_documents(documents: str | Sequence[str] | Mapping[str, str]) -> dict[str, str]:
    """Normalize ``documents`` (one text, a list of texts, or {doc_id: text}) to a dict.

    Raises
    ------
    TypeError
        If ``documents`` or one of its texts or ids has the wrong type.
    """
    if isinstance(documents, str):
        return {"doc0": documents}
    if isinstance(documents, Mapping):
        items = list(documents.items())
    elif isinstance(documents, Sequence):
        items = [(f"doc{i}", t) for i, t in enumerate(documents)]
    else:
        raise TypeError(
            "documents must be a str, a list of str or a {doc_id: text} mapping; "
            f"got {type(documents).__name__}"
        )
    out: dict[str, str] = {}
    for doc_id, text in items:
        if not isinstance(doc_id, str):
            raise TypeError(
                f"documents: doc ids must be str; got {type(doc_id).__name__}: {doc_id!r}"
            )
        if not isinstance(text, str):
            raise TypeError(
                f"documents: the text of {doc_id!r} must be a str; got {type(text).__name__}"
            )
        out[doc_id] = text
    return out


_DEFAULT_MODEL: list[Any] = []


def default_model() -> Any:
    """The shipped stance model, loaded once per process."""
    if not _DEFAULT_MODEL:
        from stancekit.stances import StanceModel

        _DEFAULT_MODEL.append(StanceModel.load())
    return _DEFAULT_MODEL[0]


def analyze(
    documents: str | Sequence[str] | Mapping[str, str],
    topics: str | Topic | Sequence[str | Topic] = DEFAULT_TOPICS,
    model: Any = None,
    *,
    aliases: Mapping[str, str] | None = None,
    min_relevance: float = 0.5,
    weighting: str = "none",
    batch_size: int = 64,
    show_progress_bar: bool | None = None,
    dates: Mapping[str, Any] | None = None,
    duplicates: str = "keep",
    n_boot: int = 1000,
    level: float = 0.95,
    random_state: int | None = 0,
    extractor: str = "rules",
) -> Analysis:
    """Extract statements, classify each on each topic and aggregate actor positions.

    Parameters
    ----------
    documents : str, list of str, or mapping of doc_id -> str
        A list gets ids "doc0", "doc1", ...; every document is kept, even one without statements.
    topics : topic or sequence of topics, default=("iran_deal", "gulf_normalization")
        TOPICS keys, Topic objects, or any target / proposition string.
    model : StanceModel, optional
        Defaults to the shipped model.
    aliases : mapping of str -> str, optional
        Mention or actor name -> actor, overriding automatic merging.
    min_relevance : float, default=0.5
        A statement counts for a topic only if the model's 1 - P(none) exceeds this.
        Statements that relay nested statements of others (see
        :func:`stancekit.statements.outer_reports`) never count; the nested ones do.
        The model reads each statement's content (without an interrupting cue) sentence by
        sentence, pooled by relevance (:mod:`stancekit.stances.pooling`).
    weighting : {"none", "confidence"}, default="none"
    batch_size : int, default=64
    show_progress_bar : bool or None
    dates : mapping of doc_id -> date, optional
        ISO date (or date / datetime64) of each document, kept on its statements' evidence
        for time windows (:meth:`PositionMatrix.between`, :func:`time_windows`).
    duplicates : {"keep", "document"}, default="keep"
        "document": one vote per actor, topic and document.
    n_boot : int, default=1000
        Bootstrap replicates for the positions' confidence intervals (0: none).
    level : float, default=0.95
    random_state : int or None, default=0
        Seed of the bootstrap.
    extractor : {"rules", "tagger", "fast"}, default="rules"
        The statement extractor (``method`` of :func:`stancekit.statements.extract_statements`):
        rules over the spaCy parse; the learned attribution tagger (trained on PolNeAR; finds
        more indirect and unquoted attributions, about 1.6x slower); or "fast", patterns over
        the raw text without a parser (many times faster, less accurate: see the README's
        attribution table).

    Returns
    -------
    Analysis
    """
    from stancekit.stances.pooling import predict_proba_pooled
    from stancekit.statements import extract_corpus, outer_reports

    docs = as_documents(documents)
    topic_list = (
        [resolve_topic(topics)]
        if isinstance(topics, (str, Topic))
        else [resolve_topic(t) for t in topics]
    )
    if not topic_list:
        raise ValueError("topics must name at least one topic; got an empty sequence")
    keys = [t.key for t in topic_list]
    if len(set(keys)) != len(keys):
        raise ValueError(f"topics must be distinct; got {keys}")
    from stancekit.streaming import check_extractor

    check_extractor(extractor, "analyze")
    model = default_model() if model is None else model
    statements = extract_corpus(
        docs, aliases=aliases, show_progress_bar=show_progress_bar, method=extractor
    )
    n_s, n_t = len(statements), len(topic_list)
    texts = [model_text(s, docs[s.doc_id]) for s in statements for _ in topic_list]
    pair_topics = topic_list * n_s
    proba = predict_proba_pooled(
        model, texts, pair_topics, batch_size=batch_size, show_progress_bar=show_progress_bar
    )
    classes = [str(c) for c in model.classes_]
    actors = [s.actor for s in statements]
    stances = Stances(keys, classes, proba.reshape(n_s, n_t, len(classes)), actors)
    date_of = _dates(dates, docs)
    # A statement that relays other statements ("Milley said X, an official said") is not
    # evidence of its own speaker's stance: the nested statements carry it.
    relays = outer_reports(statements)
    positions = (
        positions_from_stances(
            [a for a in actors for _ in topic_list],
            keys * n_s,
            proba,
            classes,
            min_relevance=min_relevance,
            weighting=weighting,  # type: ignore[arg-type]
            doc_ids=[s.doc_id for s in statements for _ in topic_list],
            dates=[date_of.get(s.doc_id) for s in statements for _ in topic_list],
            statements=[i for i in range(n_s) for _ in topic_list],
            spans=[s.content_span for s in statements for _ in topic_list],
            texts=[s.content for s in statements for _ in topic_list],
            duplicates=duplicates,  # type: ignore[arg-type]
            n_boot=n_boot,
            level=level,
            random_state=random_state,
            include=[not r for r in relays for _ in topic_list],
        )
        if n_s
        else _empty_positions(keys)
    )
    return Analysis(statements, topic_list, stances, positions, docs, date_of)


def model_text(statement: Statement, text: str) -> str:
    """What the stance model reads for a statement: its content, without a cue that interrupts
    it ("X, he said, Y" -> "X Y")."""
    parts = statement.meta.get("content_parts")
    if parts:
        return " ".join(text[a:b].strip() for a, b in parts)
    return statement.content


def _dates(dates: Mapping[str, Any] | None, docs: Mapping[str, str]) -> dict[str, str]:
    """Check ``dates`` against the documents and turn them into ISO strings."""
    from stancekit.positions import _iso

    if dates is None:
        return {}
    if not isinstance(dates, Mapping):
        raise TypeError(f"dates must be a mapping of doc_id -> date; got {type(dates).__name__}")
    unknown = sorted(set(dates) - set(docs))
    if unknown:
        raise ValueError(f"dates has unknown doc ids {unknown}; documents are {sorted(docs)}")
    out = {}
    for doc_id, value in dates.items():
        iso = _iso(value)
        if iso is not None:
            out[doc_id] = iso
    return out


def _empty_positions(topics: list[str]) -> PositionMatrix:
    z = np.zeros((0, len(topics)))
    return PositionMatrix([], topics, z, z.copy(), z.astype(np.int64))
