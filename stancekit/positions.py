"""Step 5: stances -> positions, one score per (actor, topic).

A position is the weighted mean of the stance scores an actor's statements take on a topic, in
[-1, 1] (-1 against, +1 in favor). :class:`PositionMatrix` keeps the weighted sums, the summed
weights and the record counts next to the means, so that matrices built over disjoint sets of
statements merge exactly (:meth:`PositionMatrix.merge`, :func:`combine`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PositionMatrix", "combine", "position_matrix", "positions_from_stances"]

STANCE_CLASSES = ("against", "favor", "none")
WEIGHTINGS = ("none", "confidence")


@dataclass(eq=False, repr=False)
class PositionMatrix:
    """Positions of actors on topics, with what is needed to merge them exactly.

    Build one with :func:`position_matrix` or :func:`positions_from_stances`.

    Attributes
    ----------
    actors : list of str
        Row labels.
    topics : list of str
        Column labels.
    sums : ndarray of shape (n_actors, n_topics)
        Weighted sum of the scores aggregated in each cell.
    weights : ndarray of shape (n_actors, n_topics)
        Sum of the weights of the records aggregated in each cell.
    counts : ndarray of shape (n_actors, n_topics)
        Number of records aggregated in each cell (int).
    values : ndarray of shape (n_actors, n_topics)
        ``sums / weights`` in [-1, 1] where ``weights > 0``, NaN (no evidence) elsewhere.
        Computed, not passed.
    """

    actors: list[str]
    topics: list[str]
    sums: np.ndarray
    weights: np.ndarray
    counts: np.ndarray
    values: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.actors = _unique_labels(self.actors, "actors")
        self.topics = _unique_labels(self.topics, "topics")
        shape = (len(self.actors), len(self.topics))
        self.sums = np.asarray(self.sums, dtype=float)
        self.weights = np.asarray(self.weights, dtype=float)
        self.counts = np.asarray(self.counts)
        for name in ("sums", "weights", "counts"):
            got = getattr(self, name).shape
            if got != shape:
                raise ValueError(
                    f"{name} must have shape (n_actors, n_topics) = {shape}; got {got}"
                )
        if not np.isfinite(self.sums).all():
            raise ValueError("sums must be finite; got NaN or inf")
        if not (np.isfinite(self.weights).all() and (self.weights >= 0).all()):
            raise ValueError("weights must be finite and >= 0; got negative, NaN or inf values")
        if self.counts.size and not (
            np.issubdtype(self.counts.dtype, np.integer) and (self.counts >= 0).all()
        ):
            raise ValueError("counts must be integers >= 0")
        self.counts = self.counts.astype(np.int64, copy=False)
        values = np.full(shape, np.nan)
        np.divide(self.sums, self.weights, out=values, where=self.weights > 0)
        self.values = np.clip(values, -1.0, 1.0)

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_actors, n_topics)``."""
        return len(self.actors), len(self.topics)

    def __repr__(self) -> str:
        n_a, n_t = self.shape
        filled = int((self.weights > 0).sum())
        return (
            f"PositionMatrix({n_a} actors x {n_t} topics, {filled} cells with evidence, "
            f"{int(self.counts.sum())} records)"
        )

    def loc(self, actor: str, topic: str) -> float:
        """Return the position of ``actor`` on ``topic`` (NaN when there is no evidence).

        Raises
        ------
        KeyError
            If the actor or the topic is not in the matrix.
        """
        i = _index_of(self.actors, actor, "actor")
        j = _index_of(self.topics, topic, "topic")
        return float(self.values[i, j])

    def subset(
        self, actors: Sequence[str] | None = None, topics: Sequence[str] | None = None
    ) -> PositionMatrix:
        """Return the matrix restricted to (and ordered as) ``actors`` and ``topics``.

        ``None`` keeps all of them in the current order.

        Raises
        ------
        ValueError
            If a name is not in the matrix; the message lists the known ones.
        """
        rows = _indices(self.actors, actors, "actors")
        cols = _indices(self.topics, topics, "topics")
        grid = np.ix_(rows, cols)
        return PositionMatrix(
            actors=[self.actors[i] for i in rows],
            topics=[self.topics[j] for j in cols],
            sums=self.sums[grid],
            weights=self.weights[grid],
            counts=self.counts[grid],
        )

    def merge(self, other: PositionMatrix) -> PositionMatrix:
        """Merge with a matrix built over a disjoint set of statements.

        Sums, weights and counts add cell by cell, and values are recomputed, so merging the
        matrices of the parts of a split set of records gives the matrix of the whole (up to
        floating-point rounding of the sums). Actors are the sorted union; topics are this
        matrix's topics followed by the new ones of ``other``.
        """
        if not isinstance(other, PositionMatrix):
            raise TypeError(f"other must be a PositionMatrix; got {type(other).__name__}")
        return combine([self, other])

    def to_frame(
        self, form: Literal["long", "wide"] = "long", *, dropna: bool = True
    ) -> pd.DataFrame:
        """Return the matrix as a pandas DataFrame.

        Parameters
        ----------
        form : {"long", "wide"}, default="long"
            "long": one row per (actor, topic) with columns actor, topic, value, count,
            weight, sum. "wide": the values, actors as index and topics as columns.
        dropna : bool, default=True
            In the long form, leave out the cells with no evidence.
        """
        import pandas as pd

        if form == "wide":
            return pd.DataFrame(
                self.values.copy(),
                index=pd.Index(self.actors, name="actor"),
                columns=pd.Index(self.topics, name="topic"),
            )
        if form != "long":
            raise ValueError(f"form must be one of ['long', 'wide']; got {form!r}")
        n_a, n_t = self.shape
        frame = pd.DataFrame(
            {
                "actor": np.repeat(np.asarray(self.actors, dtype=object), n_t),
                "topic": np.tile(np.asarray(self.topics, dtype=object), n_a),
                "value": self.values.ravel(),
                "count": self.counts.ravel(),
                "weight": self.weights.ravel(),
                "sum": self.sums.ravel(),
            }
        )
        if dropna:
            frame = frame[frame["weight"].to_numpy() > 0].reset_index(drop=True)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serializable dict (NaN values become None).

        :meth:`from_dict` reads it back.
        """
        return {
            "actors": list(self.actors),
            "topics": list(self.topics),
            "values": _nan_to_none(self.values),
            "counts": self.counts.tolist(),
            "weights": self.weights.tolist(),
            "sums": self.sums.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PositionMatrix:
        """Build a matrix from the output of :meth:`to_dict` (values are recomputed)."""
        n_t = len(data["topics"])
        return cls(
            actors=data["actors"],
            topics=data["topics"],
            sums=np.asarray(data["sums"], dtype=float).reshape(-1, n_t),
            weights=np.asarray(data["weights"], dtype=float).reshape(-1, n_t),
            counts=np.asarray(data["counts"], dtype=np.int64).reshape(-1, n_t),
        )


def position_matrix(
    records: Iterable[tuple[Any, ...]] | pd.DataFrame,
    *,
    actors: Sequence[str] | None = None,
    topics: Sequence[str] | None = None,
) -> PositionMatrix:
    """Aggregate (actor, topic, score[, weight]) records into a :class:`PositionMatrix`.

    Each cell holds the weighted mean of the scores of its records.

    Parameters
    ----------
    records : iterable of tuple or pandas.DataFrame
        Tuples ``(actor, topic, score)`` or ``(actor, topic, score, weight)``, or a DataFrame
        with columns actor, topic, score and optionally weight. Scores are in [-1, 1]
        (-1 against, +1 in favor); weights are finite and >= 0 (default 1). A cell whose
        weights sum to 0 has a count but no value.
    actors : sequence of str, optional
        Rows, in this order; actors without records get a NaN row. Default: the actors of
        the records, sorted.
    topics : sequence of str, optional
        Columns, in this order; topics without records get a NaN column. Default: the topics
        of the records, in first-seen order.

    Returns
    -------
    PositionMatrix
        With ``values`` of shape (n_actors, n_topics).

    Raises
    ------
    ValueError
        If a record has the wrong length, a score is NaN or outside [-1, 1], a weight is
        negative or not finite, a DataFrame lacks a column, or a record's actor or topic is
        not in the given ``actors`` or ``topics``.
    TypeError
        If an actor or topic is not a string.

    Examples
    --------
    >>> from stancekit.positions import position_matrix
    >>> P = position_matrix([("Biden", "iran_deal", 0.5), ("Bennett", "iran_deal", -0.6),
    ...                      ("Biden", "iran_deal", 0.7, 2.0)])
    >>> P.actors, P.topics
    (['Bennett', 'Biden'], ['iran_deal'])
    >>> P.values.round(3)
    array([[-0.6  ],
           [ 0.633]])
    >>> P.counts
    array([[1],
           [2]])
    """
    actor_col, topic_col, score, weight = _columns(records)
    _check_labels(actor_col, "actor")
    _check_labels(topic_col, "topic")
    if not np.isfinite(score).all():
        i = int(np.flatnonzero(~np.isfinite(score))[0])
        raise ValueError(f"score must be a number in [-1, 1]; got {score[i]} in record {i}")
    bad = np.flatnonzero((score < -1) | (score > 1))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"score must be in [-1, 1]; got {score[i]} in record {i}")
    bad = np.flatnonzero(~np.isfinite(weight) | (weight < 0))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"weight must be finite and >= 0; got {weight[i]} in record {i}")

    actor_names = sorted(set(actor_col)) if actors is None else _unique_labels(actors, "actors")
    topic_names = (
        list(dict.fromkeys(topic_col)) if topics is None else _unique_labels(topics, "topics")
    )
    rows = _codes(actor_col, actor_names, "actor", "actors")
    cols = _codes(topic_col, topic_names, "topic", "topics")
    shape = (len(actor_names), len(topic_names))
    flat = rows * shape[1] + cols
    size = shape[0] * shape[1]
    return PositionMatrix(
        actors=actor_names,
        topics=topic_names,
        sums=np.bincount(flat, weights=weight * score, minlength=size).reshape(shape),
        weights=np.bincount(flat, weights=weight, minlength=size).reshape(shape),
        counts=np.bincount(flat, minlength=size).astype(np.int64).reshape(shape),
    )


def combine(matrices: Iterable[PositionMatrix]) -> PositionMatrix:
    """Merge position matrices built over disjoint sets of statements.

    Sums, weights and counts add cell by cell and values are recomputed, so this is exact
    (up to floating-point rounding of the sums): combining the matrices of the parts of a
    split set of records gives the matrix of the whole. Actors are the sorted union of all
    actors; topics are in first-seen order across the matrices.

    Parameters
    ----------
    matrices : iterable of PositionMatrix
        At least one.

    Returns
    -------
    PositionMatrix

    Examples
    --------
    >>> from stancekit.positions import combine, position_matrix
    >>> a = position_matrix([("Biden", "iran_deal", 0.5)])
    >>> b = position_matrix([("Biden", "iran_deal", 1.0), ("Raisi", "iran_deal", -1.0)])
    >>> combine([a, b]).values
    array([[ 0.75],
           [-1.  ]])
    """
    parts = list(matrices)
    if not parts:
        raise ValueError("matrices must contain at least one PositionMatrix; got none")
    for i, part in enumerate(parts):
        if not isinstance(part, PositionMatrix):
            raise TypeError(
                f"matrices must contain PositionMatrix objects; got {type(part).__name__} "
                f"at index {i}"
            )
    actors = sorted({a for part in parts for a in part.actors})
    topics = list(dict.fromkeys(t for part in parts for t in part.topics))
    shape = (len(actors), len(topics))
    sums, weights = np.zeros(shape), np.zeros(shape)
    counts = np.zeros(shape, dtype=np.int64)
    actor_index = {a: i for i, a in enumerate(actors)}
    topic_index = {t: j for j, t in enumerate(topics)}
    for part in parts:
        grid = np.ix_([actor_index[a] for a in part.actors], [topic_index[t] for t in part.topics])
        sums[grid] += part.sums
        weights[grid] += part.weights
        counts[grid] += part.counts
    return PositionMatrix(actors=actors, topics=topics, sums=sums, weights=weights, counts=counts)


def positions_from_stances(
    actors: Sequence[str],
    topics: Sequence[str],
    proba: np.ndarray,
    classes: Sequence[str] = STANCE_CLASSES,
    *,
    min_relevance: float = 0.5,
    weighting: Literal["none", "confidence"] = "none",
) -> PositionMatrix:
    """Aggregate stance-model probabilities into positions.

    Row ``i`` is one (statement, topic) pair: the statement of ``actors[i]`` judged on
    ``topics[i]``. Its score is ``P(favor) - P(against)``, in [-1, 1]. Its relevance is
    ``1 - P(none)``, how sure the model is that the statement speaks to the topic at all.

    The row counts only when the model judges it on-topic, that is when its relevance is
    strictly greater than ``min_relevance``: ``1 - P(none) > min_relevance``. With the
    default 0.5 this is ``P(none) < 0.5``. Raising ``min_relevance`` keeps fewer rows.

    Parameters
    ----------
    actors : sequence of str of length n_rows
        The actor of each row.
    topics : sequence of str of length n_rows
        The topic of each row.
    proba : array-like of shape (n_rows, n_classes)
        Class probabilities; each row sums to 1 (within 1e-4).
    classes : sequence of str of length n_classes, default=("against", "favor", "none")
        The class of each column of ``proba``; must contain "against", "favor" and "none".
    min_relevance : float in [0, 1], default=0.5
        Rows with relevance ``1 - P(none)`` at or below this are left out.
    weighting : {"none", "confidence"}, default="none"
        "none": each kept row has weight 1. "confidence": its weight is its relevance.

    Returns
    -------
    PositionMatrix
        Actors sorted, topics in first-seen order. Every actor and topic of the input appears,
        even when none of its rows is kept (NaN values, count 0).

    Raises
    ------
    ValueError
        If the lengths differ, ``proba`` has the wrong shape, is not a probability
        distribution per row, ``classes`` lacks a label, or a parameter is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.positions import positions_from_stances
    >>> proba = np.array([[0.1, 0.8, 0.1],    # on topic, favor
    ...                   [0.2, 0.2, 0.6],    # judged off-topic: left out
    ...                   [0.7, 0.1, 0.2]])   # on topic, against
    >>> P = positions_from_stances(["Biden", "Biden", "Raisi"], ["iran_deal"] * 3, proba)
    >>> P.values.round(2)
    array([[ 0.7],
           [-0.6]])
    >>> P.counts
    array([[1],
           [1]])
    """
    classes = list(classes)
    if len(set(classes)) != len(classes):
        raise ValueError(f"classes must be unique; got {classes}")
    missing = [c for c in STANCE_CLASSES if c not in classes]
    if missing:
        raise ValueError(
            f"classes must contain {list(STANCE_CLASSES)}; got {classes} (missing {missing})"
        )
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[1] != len(classes):
        raise ValueError(
            f"proba must have shape (n_rows, {len(classes)}) to match classes; got {proba.shape}"
        )
    if not (len(actors) == len(topics) == proba.shape[0]):
        raise ValueError(
            "actors, topics and proba must have the same length; got "
            f"{len(actors)}, {len(topics)} and {proba.shape[0]}"
        )
    if not np.isfinite(proba).all() or (proba < 0).any() or (proba > 1).any():
        raise ValueError("proba must hold probabilities in [0, 1]; got values outside or NaN")
    row_sums = proba.sum(axis=1)
    bad = np.flatnonzero(np.abs(row_sums - 1) > 1e-4)
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"proba rows must sum to 1 (within 1e-4); row {i} sums to {row_sums[i]}")
    if isinstance(min_relevance, bool) or not (
        isinstance(min_relevance, (int, float, np.floating)) and 0 <= min_relevance <= 1
    ):
        raise ValueError(f"min_relevance must be a float in [0, 1]; got {min_relevance!r}")
    if weighting not in WEIGHTINGS:
        raise ValueError(
            f"The 'weighting' parameter of positions_from_stances must be one of "
            f"{list(WEIGHTINGS)}. Got {weighting!r} instead."
        )

    score = proba[:, classes.index("favor")] - proba[:, classes.index("against")]
    score = np.clip(score, -1.0, 1.0)
    relevance = 1.0 - proba[:, classes.index("none")]
    keep = relevance > min_relevance
    weight = relevance if weighting == "confidence" else np.ones_like(relevance)
    actor_col, topic_col = list(actors), list(topics)
    _check_labels(actor_col, "actor")
    _check_labels(topic_col, "topic")
    kept = np.flatnonzero(keep)
    return position_matrix(
        [(actor_col[i], topic_col[i], score[i], weight[i]) for i in kept],
        actors=sorted(set(actor_col)),
        topics=list(dict.fromkeys(topic_col)),
    )


# -- helpers ---------------------------------------------------------------------------------


def _columns(
    records: Iterable[tuple[Any, ...]] | pd.DataFrame,
) -> tuple[list[Any], list[Any], np.ndarray, np.ndarray]:
    """Split records into actor and topic lists and float score and weight arrays."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(records, pandas.DataFrame):
        missing = [c for c in ("actor", "topic", "score") if c not in records.columns]
        if missing:
            raise ValueError(
                "records DataFrame must have columns ['actor', 'topic', 'score'] and optionally "
                f"'weight'; missing {missing}, got {list(records.columns)}"
            )
        actor_col, topic_col = records["actor"].tolist(), records["topic"].tolist()
        score_col = records["score"].to_numpy()
        weight_col = records["weight"].to_numpy() if "weight" in records.columns else None
    else:
        if isinstance(records, (str, bytes)):
            raise TypeError("records must be an iterable of tuples or a DataFrame; got a string")
        actor_col, topic_col, score_list, weight_list = [], [], [], []
        for i, record in enumerate(records):
            if isinstance(record, (str, bytes)) or len(record) not in (3, 4):
                raise ValueError(
                    "each record must be (actor, topic, score) or (actor, topic, score, weight); "
                    f"got {record!r} at index {i}"
                )
            actor_col.append(record[0])
            topic_col.append(record[1])
            score_list.append(record[2])
            weight_list.append(record[3] if len(record) == 4 else 1.0)
        score_col, weight_col = score_list, weight_list
    score = _as_float(score_col, "score")
    weight = np.ones_like(score) if weight_col is None else _as_float(weight_col, "weight")
    return actor_col, topic_col, score, weight


def _as_float(values: Any, name: str) -> np.ndarray:
    try:
        out = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers; got a value that is not: {exc}") from None
    if out.ndim != 1:
        raise ValueError(f"{name} must be one number per record; got shape {out.shape}")
    return out


def _check_labels(labels: Sequence[Any], name: str) -> None:
    for i, label in enumerate(labels):
        if not isinstance(label, str):
            raise TypeError(
                f"{name} must be a string; got {type(label).__name__} {label!r} in record {i}"
            )


def _unique_labels(labels: Sequence[str], name: str) -> list[str]:
    if isinstance(labels, str):
        raise TypeError(f"{name} must be a sequence of strings; got the string {labels!r}")
    out = list(labels)
    for label in out:
        if not isinstance(label, str):
            raise TypeError(
                f"{name} must be a sequence of strings; got {type(label).__name__} {label!r}"
            )
    if len(set(out)) != len(out):
        dupes = sorted({x for x in out if out.count(x) > 1})
        raise ValueError(f"{name} must be unique; got duplicates {dupes}")
    return out


def _codes(column: list[str], names: list[str], what: str, param: str) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    unknown = sorted({x for x in column if x not in index})
    if unknown:
        raise ValueError(
            f"records have {what}s not in the given {param}: {unknown}; "
            f"{param} are {names} (leave {param}=None to take them from the records, or use "
            "PositionMatrix.subset afterwards)"
        )
    return np.fromiter((index[x] for x in column), dtype=np.intp, count=len(column))


def _index_of(names: list[str], name: str, what: str) -> int:
    try:
        return names.index(name)
    except ValueError:
        raise KeyError(f"unknown {what} {name!r}; known {what}s are {names}") from None


def _indices(names: list[str], wanted: Sequence[str] | None, param: str) -> list[int]:
    if wanted is None:
        return list(range(len(names)))
    wanted = _unique_labels(wanted, param)
    index = {name: i for i, name in enumerate(names)}
    unknown = [x for x in wanted if x not in index]
    if unknown:
        raise ValueError(f"unknown {param} {unknown}; known {param} are {names}")
    return [index[x] for x in wanted]


def _nan_to_none(values: np.ndarray) -> list[list[float | None]]:
    return [[None if np.isnan(v) else float(v) for v in row] for row in values.tolist()]
