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
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DUPLICATES",
    "Evidence",
    "PositionMatrix",
    "bootstrap_positions",
    "combine",
    "position_matrix",
    "positions_from_stances",
    "time_windows",
]

STANCE_CLASSES = ("against", "favor", "none")
WEIGHTINGS = ("none", "confidence")
DUPLICATES = ("keep", "document")


class Evidence(NamedTuple):
    """One record behind a cell of a :class:`PositionMatrix`: a statement's score on a topic.

    Attributes
    ----------
    actor, topic : str
        The cell.
    score : float
        In [-1, 1] (-1 against, +1 in favor); for a stance model ``P(favor) - P(against)``.
    weight : float, default=1.0
        Finite and >= 0 (the model's confidence with ``weighting="confidence"``).
    doc_id : str or None
        The document the statement comes from (needed for ``duplicates="document"``).
    statement : int or None
        Index of the statement in its analysis.
    span : tuple of (int, int) or None
        Character offsets of the statement's content in its document.
    proba : dict of str -> float or None
        The stance model's class probabilities.
    date : str or None
        ISO date (``YYYY-MM-DD``) of the document (needed for time windows).
    text : str or None
        The statement's content.
    """

    actor: str
    topic: str
    score: float
    weight: float = 1.0
    doc_id: str | None = None
    statement: int | None = None
    span: tuple[int, int] | None = None
    proba: dict[str, float] | None = None
    date: str | None = None
    text: str | None = None


class _Units(NamedTuple):
    """The votes a matrix aggregates (after duplicate control): what the bootstrap resamples."""

    row: np.ndarray  # (n_units,) int
    col: np.ndarray  # (n_units,) int
    score: np.ndarray  # (n_units,) float
    weight: np.ndarray  # (n_units,) float
    date: np.ndarray  # (n_units,) datetime64[D], NaT when unknown


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
    lower, upper : ndarray of shape (n_actors, n_topics) or None
        Bootstrap confidence interval of each value (NaN where there is no value), when
        built with ``n_boot > 0``; see :func:`bootstrap_positions`.
    level : float or None
        Confidence level of ``lower`` and ``upper``.
    evidence : list of Evidence or None
        The records behind the cells (all of them, also those merged by duplicate control),
        when the matrix was built from records; :meth:`evidence_for` picks a cell's.
    """

    actors: list[str]
    topics: list[str]
    sums: np.ndarray
    weights: np.ndarray
    counts: np.ndarray
    values: np.ndarray = field(init=False)
    lower: np.ndarray | None = None
    upper: np.ndarray | None = None
    level: float | None = None
    evidence: list[Evidence] | None = None
    _units: _Units | None = field(default=None, repr=False)

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
        for name in ("lower", "upper"):
            bound = getattr(self, name)
            if bound is not None:
                bound = np.asarray(bound, dtype=float)
                if bound.shape != shape:
                    raise ValueError(
                        f"{name} must have shape (n_actors, n_topics) = {shape}; got {bound.shape}"
                    )
                setattr(self, name, bound)

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
        actor_names = [self.actors[i] for i in rows]
        topic_names = [self.topics[j] for j in cols]
        keep_a, keep_t = set(actor_names), set(topic_names)
        out = PositionMatrix(
            actors=actor_names,
            topics=topic_names,
            sums=self.sums[grid],
            weights=self.weights[grid],
            counts=self.counts[grid],
            lower=None if self.lower is None else self.lower[grid],
            upper=None if self.upper is None else self.upper[grid],
            level=self.level,
            evidence=None
            if self.evidence is None
            else [e for e in self.evidence if e.actor in keep_a and e.topic in keep_t],
        )
        if self._units is not None:
            u = self._units
            row_map = np.full(len(self.actors), -1)
            row_map[rows] = np.arange(len(rows))
            col_map = np.full(len(self.topics), -1)
            col_map[cols] = np.arange(len(cols))
            r, c = row_map[u.row], col_map[u.col]
            ok = (r >= 0) & (c >= 0)
            out._units = _Units(r[ok], c[ok], u.score[ok], u.weight[ok], u.date[ok])
        return out

    def evidence_for(self, actor: str, topic: str) -> list[Evidence]:
        """Return the records behind the cell (``actor``, ``topic``).

        Raises
        ------
        KeyError
            If the actor or the topic is not in the matrix.
        ValueError
            If the matrix keeps no evidence (it was built from sums, not records).
        """
        _index_of(self.actors, actor, "actor")
        _index_of(self.topics, topic, "topic")
        if self.evidence is None:
            raise ValueError(
                "this PositionMatrix keeps no evidence; build it with position_matrix or "
                "positions_from_stances"
            )
        return [e for e in self.evidence if e.actor == actor and e.topic == topic]

    def between(self, start: Any = None, end: Any = None) -> PositionMatrix:
        """Return the matrix of the records dated in ``[start, end)``.

        Parameters
        ----------
        start, end : str, datetime.date or numpy.datetime64, optional
            ISO dates; None leaves that side open. Records without a date are left out
            unless both are None.

        Returns
        -------
        PositionMatrix
            Same actors and topics; no intervals (recompute them with
            :func:`bootstrap_positions`).

        Raises
        ------
        ValueError
            If the matrix was not built from records, or a date does not parse.
        """
        if self._units is None:
            raise ValueError(
                "between needs the records behind the matrix; build it with position_matrix "
                "or positions_from_stances"
            )
        lo, hi = _as_day(start, "start"), _as_day(end, "end")
        u = self._units
        keep = np.ones(len(u.row), dtype=bool)
        if lo is not None or hi is not None:
            keep &= ~np.isnat(u.date)
        if lo is not None:
            keep &= u.date >= lo
        if hi is not None:
            keep &= u.date < hi
        evidence = None
        if self.evidence is not None:
            evidence = [e for e in self.evidence if _in_window(e.date, lo, hi)]
        return _from_units(
            self.actors,
            self.topics,
            _Units(u.row[keep], u.col[keep], u.score[keep], u.weight[keep], u.date[keep]),
            evidence,
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
            weight, sum (and lower, upper when the matrix has intervals). "wide": the
            values, actors as index and topics as columns.
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
        if self.lower is not None and self.upper is not None:
            frame["lower"] = self.lower.ravel()
            frame["upper"] = self.upper.ravel()
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
            **(
                {}
                if self.lower is None or self.upper is None
                else {
                    "lower": _nan_to_none(self.lower),
                    "upper": _nan_to_none(self.upper),
                    "level": self.level,
                }
            ),
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
            lower=_none_to_nan(data.get("lower"), n_t),
            upper=_none_to_nan(data.get("upper"), n_t),
            level=data.get("level"),
        )


def position_matrix(
    records: Iterable[tuple[Any, ...]] | pd.DataFrame,
    *,
    actors: Sequence[str] | None = None,
    topics: Sequence[str] | None = None,
    duplicates: Literal["keep", "document"] = "keep",
    n_boot: int = 0,
    level: float = 0.95,
    random_state: int | np.random.Generator | None = None,
) -> PositionMatrix:
    """Aggregate (actor, topic, score[, weight]) records into a :class:`PositionMatrix`.

    Each cell holds the weighted mean of the scores of its records.

    Parameters
    ----------
    records : iterable of tuple or Evidence, or pandas.DataFrame
        Tuples ``(actor, topic, score)`` or ``(actor, topic, score, weight)``, :class:`Evidence`
        records (which also carry document, date, offsets and probabilities), or a DataFrame
        with columns actor, topic, score and optionally weight, doc_id and date. Scores are in
        [-1, 1] (-1 against, +1 in favor); weights are finite and >= 0 (default 1). A cell
        whose weights sum to 0 has a count but no value.
    actors : sequence of str, optional
        Rows, in this order; actors without records get a NaN row. Default: the actors of
        the records, sorted.
    topics : sequence of str, optional
        Columns, in this order; topics without records get a NaN column. Default: the topics
        of the records, in first-seen order.
    duplicates : {"keep", "document"}, default="keep"
        "keep": every record is a vote. "document": one vote per actor, topic and document
        (DNA's duplicate control): the records an actor makes on a topic in one document
        become one vote, their weighted mean score with their mean weight. Needs a doc_id on
        every record. ``counts`` then counts votes; ``evidence`` keeps every record.
    n_boot : int, default=0
        If > 0, fill ``lower`` and ``upper`` with a percentile bootstrap interval of each
        cell from this many resamples of its votes (see :func:`bootstrap_positions`).
    level : float in (0, 1), default=0.95
        Confidence level of the interval.
    random_state : int, numpy Generator or None
        Seed of the bootstrap.

    Returns
    -------
    PositionMatrix
        With ``values`` of shape (n_actors, n_topics) and ``evidence``.

    Raises
    ------
    ValueError
        If a record has the wrong length, a score is NaN or outside [-1, 1], a weight is
        negative or not finite, a DataFrame lacks a column, a record's actor or topic is
        not in the given ``actors`` or ``topics``, a date does not parse, or an option is
        out of range.
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
    if duplicates not in DUPLICATES:
        raise ValueError(
            f"The 'duplicates' parameter of position_matrix must be one of {list(DUPLICATES)}. "
            f"Got {duplicates!r} instead."
        )
    _check_boot(n_boot, level)
    evidence = _as_evidence(records)
    actor_col = [e.actor for e in evidence]
    topic_col = [e.topic for e in evidence]
    _check_labels(actor_col, "actor")
    _check_labels(topic_col, "topic")
    score = _as_float([e.score for e in evidence], "score")
    weight = _as_float([e.weight for e in evidence], "weight")
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
    dates = np.array(
        [_as_day(e.date, f"date of record {i}") for i, e in enumerate(evidence)],
        dtype="datetime64[D]",
    ).reshape(-1)

    actor_names = sorted(set(actor_col)) if actors is None else _unique_labels(actors, "actors")
    topic_names = (
        list(dict.fromkeys(topic_col)) if topics is None else _unique_labels(topics, "topics")
    )
    rows = _codes(actor_col, actor_names, "actor", "actors")
    cols = _codes(topic_col, topic_names, "topic", "topics")
    units = _Units(rows, cols, score, weight, dates)
    if duplicates == "document":
        units = _one_vote_per_document(units, [e.doc_id for e in evidence], len(topic_names))
    P = _from_units(actor_names, topic_names, units, evidence)
    if n_boot:
        P.lower, P.upper = _intervals(
            bootstrap_positions(P, n_boot, random_state=random_state), level
        )
        P.level = float(level)
    return P


def bootstrap_positions(
    P: PositionMatrix,
    n_boot: int = 1000,
    *,
    random_state: int | np.random.Generator | None = None,
) -> np.ndarray:
    """Bootstrap replicates of the positions, resampling each cell's votes.

    In each replicate every cell draws as many votes as it has, with replacement, from its
    own votes (statements, or one per document after duplicate control) and takes their
    weighted mean. A cell with one vote never varies, so its interval has width 0: the
    bootstrap measures disagreement between an actor's statements, not the model's error.

    Parameters
    ----------
    P : PositionMatrix
        Built from records (by :func:`position_matrix` or :func:`positions_from_stances`).
    n_boot : int, default=1000
        Number of replicates.
    random_state : int, numpy Generator or None

    Returns
    -------
    ndarray of shape (n_boot, n_actors, n_topics)
        NaN where a cell has no value.

    Raises
    ------
    ValueError
        If ``P`` keeps no records or ``n_boot`` is not a positive integer.

    Examples
    --------
    >>> from stancekit.positions import bootstrap_positions, position_matrix
    >>> P = position_matrix([("A", "t", 1.0), ("A", "t", -1.0), ("B", "t", 0.5)])
    >>> B = bootstrap_positions(P, 200, random_state=0)
    >>> B.shape, sorted(set(B[:, 0, 0].tolist())), set(B[:, 1, 0].tolist())
    ((200, 2, 1), [-1.0, 0.0, 1.0], {0.5})
    """
    if not isinstance(P, PositionMatrix):
        raise TypeError(f"P must be a PositionMatrix; got {type(P).__name__}")
    _check_boot(n_boot, 0.95, allow_zero=False)
    if P._units is None:
        raise ValueError(
            "bootstrap_positions needs the records behind the matrix; build it with "
            "position_matrix or positions_from_stances (merged or hand-made matrices keep none)"
        )
    rng = np.random.default_rng(random_state)
    n_a, n_t = P.shape
    size = n_a * n_t
    u = P._units
    cell = u.row * n_t + u.col
    order = np.argsort(cell, kind="stable")
    cell, score, weight = cell[order], u.score[order], u.weight[order]
    n_per_cell = np.bincount(cell, minlength=size)
    start = np.concatenate([[0], np.cumsum(n_per_cell)[:-1]])
    first, n_of = start[cell], n_per_cell[cell]
    out = np.empty((n_boot, n_a, n_t))
    chunk = max(1, 4_000_000 // max(len(cell), 1))
    for b0 in range(0, n_boot, chunk):
        b1 = min(n_boot, b0 + chunk)
        idx = first + (rng.random((b1 - b0, len(cell))) * n_of).astype(np.intp)
        flat = (np.arange(b1 - b0)[:, None] * size + cell).ravel()
        w = weight[idx].ravel()
        sums = np.bincount(flat, weights=w * score[idx].ravel(), minlength=(b1 - b0) * size)
        wsum = np.bincount(flat, weights=w, minlength=(b1 - b0) * size)
        vals = np.full(sums.shape, np.nan)
        np.divide(sums, wsum, out=vals, where=wsum > 0)
        out[b0:b1] = np.clip(vals, -1.0, 1.0).reshape(b1 - b0, n_a, n_t)
    out[:, np.isnan(P.values)] = np.nan
    return out


def time_windows(
    P: PositionMatrix, days: int, *, step: int | None = None
) -> list[tuple[np.datetime64, np.datetime64, PositionMatrix]]:
    """Positions in consecutive (or sliding) time windows.

    Parameters
    ----------
    P : PositionMatrix
        Built from dated records.
    days : int
        Width of each window in days.
    step : int, optional
        Days between window starts; default ``days`` (windows that do not overlap).

    Returns
    -------
    list of (start, end, PositionMatrix)
        Windows ``[start, end)`` from the first dated record until the last is covered.

    Raises
    ------
    ValueError
        If ``days`` or ``step`` is not a positive integer, or no record has a date.

    Examples
    --------
    >>> from stancekit.positions import Evidence, position_matrix, time_windows
    >>> P = position_matrix([Evidence("A", "t", 1.0, date="2015-09-01"),
    ...                      Evidence("A", "t", -1.0, date="2015-09-20")])
    >>> [(str(a), W.loc("A", "t")) for a, b, W in time_windows(P, 14)]
    [('2015-09-01', 1.0), ('2015-09-15', -1.0)]
    """
    for name, value in (("days", days), ("step", days if step is None else step)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1; got {value!r}")
    if P._units is None or np.isnat(P._units.date).all():
        raise ValueError("time_windows needs records with dates; none of P's records has one")
    dated = P._units.date[~np.isnat(P._units.date)]
    first, last = dated.min(), dated.max()
    width, stride = np.timedelta64(days, "D"), np.timedelta64(step or days, "D")
    out = []
    start = first
    while True:
        end = start + width
        out.append((start, end, P.between(start, end)))
        if end > last:
            break
        start = start + stride
    return out


def combine(matrices: Iterable[PositionMatrix]) -> PositionMatrix:
    """Merge position matrices built over disjoint sets of statements.

    Sums, weights and counts add cell by cell and values are recomputed, so this is exact
    (up to floating-point rounding of the sums): combining the matrices of the parts of a
    split set of records gives the matrix of the whole. Actors are the sorted union of all
    actors; topics are in first-seen order across the matrices. Evidence and records are
    carried over when every part has them; intervals are not (recompute them with
    :func:`bootstrap_positions`).

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
    out = PositionMatrix(actors=actors, topics=topics, sums=sums, weights=weights, counts=counts)
    if all(part.evidence is not None for part in parts):
        out.evidence = [e for part in parts for e in part.evidence or []]
    if all(part._units is not None for part in parts):
        pieces = []
        for part in parts:
            u = part._units
            assert u is not None
            row_map = np.array([actor_index[a] for a in part.actors], dtype=np.intp)
            col_map = np.array([topic_index[t] for t in part.topics], dtype=np.intp)
            pieces.append(_Units(row_map[u.row], col_map[u.col], u.score, u.weight, u.date))
        out._units = _Units(*(np.concatenate(arrays) for arrays in zip(*pieces)))
    return out


def positions_from_stances(
    actors: Sequence[str],
    topics: Sequence[str],
    proba: np.ndarray,
    classes: Sequence[str] = STANCE_CLASSES,
    *,
    min_relevance: float = 0.5,
    weighting: Literal["none", "confidence"] = "none",
    doc_ids: Sequence[str | None] | None = None,
    dates: Sequence[Any] | None = None,
    statements: Sequence[int | None] | None = None,
    spans: Sequence[tuple[int, int] | None] | None = None,
    texts: Sequence[str | None] | None = None,
    duplicates: Literal["keep", "document"] = "keep",
    n_boot: int = 0,
    level: float = 0.95,
    random_state: int | np.random.Generator | None = None,
    include: Sequence[bool] | None = None,
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
    doc_ids, dates, statements, spans, texts : sequence of length n_rows, optional
        Per row: document id, ISO date, statement index, content offsets and content. They
        are kept in the matrix's ``evidence`` (with the row's probabilities); ``doc_ids`` is
        needed for ``duplicates="document"`` and ``dates`` for time windows.
    duplicates, n_boot, level, random_state
        As in :func:`position_matrix`.
    include : sequence of bool of length n_rows, optional
        Rows marked False are never evidence (e.g. statements that only relay other speakers'
        words); their actors and topics still appear.

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
    if include is not None:
        if isinstance(include, str) or len(include) != len(keep):
            raise ValueError(
                f"include must be a sequence of bools of length n_rows = {len(keep)}; "
                f"got {'a string' if isinstance(include, str) else f'length {len(include)}'}"
            )
        keep &= np.asarray(include, dtype=bool)
    weight = relevance if weighting == "confidence" else np.ones_like(relevance)
    actor_col, topic_col = list(actors), list(topics)
    _check_labels(actor_col, "actor")
    _check_labels(topic_col, "topic")
    n = len(actor_col)
    extra: dict[str, Sequence[Any]] = {}
    for name, column in (
        ("doc_ids", doc_ids),
        ("dates", dates),
        ("statements", statements),
        ("spans", spans),
        ("texts", texts),
    ):
        if column is not None:
            if isinstance(column, str) or len(column) != n:
                got = "a string" if isinstance(column, str) else f"length {len(column)}"
                raise ValueError(f"{name} must be a sequence of length n_rows = {n}; got {got}")
            extra[name] = column

    def get(name: str, i: Any) -> Any:
        column = extra.get(name)
        return None if column is None else column[i]

    kept = np.flatnonzero(keep)
    records = [
        Evidence(
            actor_col[i],
            topic_col[i],
            float(score[i]),
            float(weight[i]),
            doc_id=get("doc_ids", i),
            statement=None if get("statements", i) is None else int(get("statements", i)),
            span=None if get("spans", i) is None else tuple(get("spans", i)),
            proba={c: float(p) for c, p in zip(classes, proba[i])},
            date=_iso(get("dates", i)),
            text=get("texts", i),
        )
        for i in kept
    ]
    return position_matrix(
        records,
        actors=sorted(set(actor_col)),
        topics=list(dict.fromkeys(topic_col)),
        duplicates=duplicates,
        n_boot=n_boot,
        level=level,
        random_state=random_state,
    )


# -- helpers ---------------------------------------------------------------------------------


def _as_evidence(records: Iterable[tuple[Any, ...]] | pd.DataFrame) -> list[Evidence]:
    """Turn tuples, Evidence records or a DataFrame into a list of Evidence."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(records, pandas.DataFrame):
        missing = [c for c in ("actor", "topic", "score") if c not in records.columns]
        if missing:
            raise ValueError(
                "records DataFrame must have columns ['actor', 'topic', 'score'] and optionally "
                f"'weight', 'doc_id', 'date'; missing {missing}, got {list(records.columns)}"
            )
        n = len(records)
        score = _as_float(records["score"].to_numpy(), "score")
        weight = (
            _as_float(records["weight"].to_numpy(), "weight")
            if "weight" in records.columns
            else np.ones(n)
        )
        doc = records["doc_id"].tolist() if "doc_id" in records.columns else [None] * n
        date = records["date"].tolist() if "date" in records.columns else [None] * n
        return [
            Evidence(a, t, s, w, doc_id=d, date=_iso(day))
            for a, t, s, w, d, day in zip(
                records["actor"].tolist(),
                records["topic"].tolist(),
                score.tolist(),
                weight.tolist(),
                doc,
                date,
            )
        ]
    if isinstance(records, (str, bytes)):
        raise TypeError("records must be an iterable of tuples or a DataFrame; got a string")
    out = []
    for i, record in enumerate(records):
        if isinstance(record, Evidence):
            out.append(record)
            continue
        if isinstance(record, (str, bytes)) or len(record) not in (3, 4):
            raise ValueError(
                "each record must be (actor, topic, score) or (actor, topic, score, weight); "
                f"got {record!r} at index {i}"
            )
        out.append(Evidence(*record))
    return out


def _iso(value: Any) -> str | None:
    """An ISO date string (or None) from a str, date, datetime or numpy datetime64."""
    day = _as_day(value, "date")
    return None if day is None else str(day)


def _as_day(value: Any, name: str) -> np.datetime64 | None:
    if value is None:
        return None
    pandas = sys.modules.get("pandas")
    if pandas is not None and value is pandas.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    try:
        day = (
            np.datetime64(value, "D")
            if not isinstance(value, str)
            else np.datetime64(value[:10], "D")
        )
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be an ISO date (YYYY-MM-DD), a date or a datetime64; got {value!r}"
        ) from None
    return None if np.isnat(day) else day


def _in_window(date: str | None, lo: np.datetime64 | None, hi: np.datetime64 | None) -> bool:
    if lo is None and hi is None:
        return True
    if date is None:
        return False
    day = np.datetime64(date, "D")
    return bool((lo is None or day >= lo) and (hi is None or day < hi))


def _check_boot(n_boot: Any, level: Any, *, allow_zero: bool = True) -> None:
    low = 0 if allow_zero else 1
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < low:
        raise ValueError(f"n_boot must be an integer >= {low}; got {n_boot!r}")
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise ValueError(f"level must be a float in (0, 1); got {level!r}")


def _intervals(replicates: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over the first axis (NaN where all replicates are NaN)."""
    alpha = (1.0 - level) / 2.0
    shape = replicates.shape[1:]
    lower, upper = np.full(shape, np.nan), np.full(shape, np.nan)
    ok = ~np.isnan(replicates).all(axis=0)
    if ok.any():
        q = np.nanquantile(replicates[:, ok], [alpha, 1.0 - alpha], axis=0)
        lower[ok], upper[ok] = q[0], q[1]
    return lower, upper


def _one_vote_per_document(units: _Units, doc_ids: list[str | None], n_topics: int) -> _Units:
    """Merge the units of one actor on one topic in one document into a single vote."""
    missing = [i for i, d in enumerate(doc_ids) if d is None]
    if missing:
        raise ValueError(
            f"duplicates='document' needs a doc_id on every record; record {missing[0]} has none"
        )
    doc_names = list(dict.fromkeys(doc_ids))
    doc_code = _codes(doc_ids, doc_names, "doc_id", "doc_ids")  # type: ignore[arg-type]
    key = (units.row * n_topics + units.col) * len(doc_names) + doc_code
    uniq, first, group = np.unique(key, return_index=True, return_inverse=True)
    n = len(uniq)
    wsum = np.bincount(group, weights=units.weight, minlength=n)
    ssum = np.bincount(group, weights=units.weight * units.score, minlength=n)
    size = np.bincount(group, minlength=n)
    plain = np.bincount(group, weights=units.score, minlength=n) / size
    score = np.divide(ssum, wsum, out=plain, where=wsum > 0)
    return _Units(units.row[first], units.col[first], score, wsum / size, units.date[first])


def _from_units(
    actors: list[str], topics: list[str], units: _Units, evidence: list[Evidence] | None
) -> PositionMatrix:
    shape = (len(actors), len(topics))
    size = shape[0] * shape[1]
    flat = units.row * shape[1] + units.col
    P = PositionMatrix(
        actors=actors,
        topics=topics,
        sums=np.bincount(flat, weights=units.weight * units.score, minlength=size).reshape(shape),
        weights=np.bincount(flat, weights=units.weight, minlength=size).reshape(shape),
        counts=np.bincount(flat, minlength=size).astype(np.int64).reshape(shape),
        evidence=evidence,
    )
    P._units = units
    return P


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


def _none_to_nan(values: Any, n_topics: int) -> np.ndarray | None:
    if values is None:
        return None
    rows = [[np.nan if v is None else v for v in row] for row in values]
    return np.asarray(rows, dtype=float).reshape(-1, n_topics)
