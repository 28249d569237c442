"""Step 6: positions -> distances between actors.

Positions have holes: an actor speaks to some topics and not others. Every metric here compares
two actors over the topics on which both have a position (their *shared* topics) and reports how
many there were; pairs with too few shared topics get NaN rather than a guess.

As in ``sklearn.metrics.pairwise``, each metric is one small vectorized function, they sit in the
registry :data:`DISTANCE_METRICS`, and :func:`actor_distances` dispatches on a name or a callable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from stancekit.positions import PositionMatrix, _intervals, bootstrap_positions

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DISTANCE_METRICS",
    "EMBEDDING_METRICS",
    "RESAMPLING",
    "DistanceMatrix",
    "actor_centroids",
    "actor_distances",
    "centroid_distances",
    "cityblock_distances",
    "cosine_distances",
    "disagreement_distances",
    "euclidean_distances",
]

MetricFunction = Callable[..., tuple[np.ndarray, np.ndarray]]
RESAMPLING = ("statements", "topics")


@dataclass(eq=False, repr=False)
class DistanceMatrix:
    """Distances between every pair of actors.

    Attributes
    ----------
    actors : list of str
        Row and column labels.
    values : ndarray of shape (n_actors, n_actors)
        Symmetric distances; NaN where a pair shares fewer topics than required; the diagonal
        is 0 where the actor has enough topics, NaN otherwise.
    metric : str
        Name of the metric (a callable's ``__name__``).
    n_shared : ndarray of shape (n_actors, n_actors)
        Number of topics on which both actors have a position (int); the diagonal is the
        number of topics of each actor.
    lower, upper : ndarray of shape (n_actors, n_actors) or None
        Bootstrap confidence interval of each distance, when asked for (``n_boot > 0``).
    level : float or None
        Confidence level of the interval.
    """

    actors: list[str]
    values: np.ndarray
    metric: str
    n_shared: np.ndarray
    lower: np.ndarray | None = None
    upper: np.ndarray | None = None
    level: float | None = None

    def __post_init__(self) -> None:
        self.actors = list(self.actors)
        n = len(self.actors)
        self.values = np.asarray(self.values, dtype=float)
        self.n_shared = np.asarray(self.n_shared)
        for name in ("values", "n_shared"):
            got = getattr(self, name).shape
            if got != (n, n):
                raise ValueError(
                    f"{name} must have shape (n_actors, n_actors) = {(n, n)}; got {got}"
                )

    def __repr__(self) -> str:
        n = len(self.actors)
        upper = np.triu_indices(n, k=1)
        defined = int(np.isfinite(self.values[upper]).sum())
        return (
            f"DistanceMatrix({n} actors, metric={self.metric!r}, "
            f"{defined} of {len(upper[0])} pairs defined)"
        )

    def loc(self, a: str, b: str) -> float:
        """Return the distance between actors ``a`` and ``b`` (NaN when undefined).

        Raises
        ------
        KeyError
            If an actor is not in the matrix.
        """
        return float(self.values[self._index(a), self._index(b)])

    def _index(self, actor: str) -> int:
        try:
            return self.actors.index(actor)
        except ValueError:
            raise KeyError(f"unknown actor {actor!r}; known actors are {self.actors}") from None

    def to_frame(
        self, form: Literal["wide", "long"] = "wide", *, dropna: bool = True
    ) -> pd.DataFrame:
        """Return the distances as a pandas DataFrame.

        Parameters
        ----------
        form : {"wide", "long"}, default="wide"
            "wide": the square matrix, actors as index and columns. "long": one row per pair
            of distinct actors (each pair once) with columns actor_a, actor_b, distance,
            n_shared (and lower, upper when there are intervals).
        dropna : bool, default=True
            In the long form, leave out the undefined pairs.
        """
        import pandas as pd

        if form == "wide":
            return pd.DataFrame(
                self.values.copy(),
                index=pd.Index(self.actors, name="actor"),
                columns=pd.Index(self.actors, name="actor"),
            )
        if form != "long":
            raise ValueError(f"form must be one of ['wide', 'long']; got {form!r}")
        i, j = np.triu_indices(len(self.actors), k=1)
        names = np.asarray(self.actors, dtype=object)
        frame = pd.DataFrame(
            {
                "actor_a": names[i],
                "actor_b": names[j],
                "distance": self.values[i, j],
                "n_shared": self.n_shared[i, j],
            }
        )
        if self.lower is not None and self.upper is not None:
            frame["lower"] = self.lower[i, j]
            frame["upper"] = self.upper[i, j]
        if dropna:
            frame = frame[np.isfinite(frame["distance"].to_numpy())].reset_index(drop=True)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serializable dict (NaN becomes None)."""
        return {
            "actors": list(self.actors),
            "metric": self.metric,
            "values": _nan_to_none(self.values),
            "n_shared": self.n_shared.tolist(),
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


# -- metrics: (X of shape (A, T) with NaN) -> (D of shape (A, A), n_shared of shape (A, A)) ----


def _masked(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return X with NaN set to 0, the float mask of present cells, and the shared counts."""
    present = ~np.isnan(X)
    mask = present.astype(float)
    X0 = np.where(present, X, 0.0)
    # float32 products of 0/1 are exact integers below 2**24 topics, and twice as fast
    m32 = present.astype(np.float32)
    n_shared = (m32 @ m32.T).astype(np.int64)
    return X0, mask, n_shared


def euclidean_distances(
    X: np.ndarray, topic_weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Euclidean distance over the shared topics of each pair.

    ``d(a, b) = sqrt(sum over shared topics t of w_t (x_at - x_bt) ** 2)``, with no rescaling
    for missing topics (unlike ``sklearn.metrics.pairwise.nan_euclidean_distances``): on one
    shared topic the distance is ``|x_a - x_b|``. Computed as one matrix product on the
    zero-filled data, ``[x^2, m, x] @ [m, x^2, -2x].T``, so it is fast but can be off by about
    1e-8 for nearly equal positions.

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing.
    topic_weights : ndarray of shape (n_topics,), optional
        Weights ``w_t >= 0``; default 1.

    Returns
    -------
    D : ndarray of shape (n_actors, n_actors)
        Distances (garbage where ``n_shared`` is 0; the dispatcher sets those to NaN).
    n_shared : ndarray of shape (n_actors, n_actors)
        Number of shared topics.

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.distances import euclidean_distances
    >>> D, n = euclidean_distances(np.array([[-0.6, np.nan], [0.5, 1.0]]))
    >>> D.round(3)
    array([[0. , 1.1],
           [1.1, 0. ]])
    """
    X0, mask, n_shared = _masked(X)
    if topic_weights is not None:
        X0 = X0 * np.sqrt(topic_weights)
    # sum_t m_b x_a^2 + m_a x_b^2 - 2 x_a x_b  =  A A^T - B B^T  with  A = (x^2 + m) / sqrt 2,
    # B = [(x^2 - m) / sqrt 2, sqrt 2 x]: two symmetric products (BLAS syrk), exactly symmetric.
    sq = X0 * X0
    A = (sq + mask) * np.sqrt(0.5)
    B = np.hstack([(sq - mask) * np.sqrt(0.5), X0 * np.sqrt(2.0)])
    D = A @ A.T
    D -= B @ B.T
    np.maximum(D, 0.0, out=D)
    np.sqrt(D, out=D)
    np.fill_diagonal(D, 0.0)
    return D, n_shared


def cityblock_distances(
    X: np.ndarray, topic_weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """City-block (Manhattan, L1) distance over the shared topics of each pair.

    ``d(a, b) = sum over shared topics t of w_t |x_at - x_bt|``, no rescaling for missing
    topics. Vectorized over pairs, one pass per topic.

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing.
    topic_weights : ndarray of shape (n_topics,), optional
        Weights ``w_t >= 0``; default 1.

    Returns
    -------
    D, n_shared : ndarray of shape (n_actors, n_actors)
        Distances and number of shared topics.

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.distances import cityblock_distances
    >>> D, n = cityblock_distances(np.array([[-0.5, 1.0], [0.5, 0.0]]))
    >>> D
    array([[0., 2.],
           [2., 0.]])
    """
    X0, mask, n_shared = _masked(X)
    if topic_weights is not None:
        X0 = X0 * topic_weights
    n = X.shape[0]
    D = np.zeros((n, n))
    for t in range(X.shape[1]):
        rows = np.flatnonzero(mask[:, t])
        x = X0[rows, t]
        D[np.ix_(rows, rows)] += np.abs(x[:, None] - x[None, :])
    return D, n_shared


def cosine_distances(
    X: np.ndarray, topic_weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Cosine distance ``1 - cos(x_a, x_b)`` over the shared topics of each pair.

    Both vectors are restricted to the shared topics before the angle is taken. The result is
    clipped to [0, 2] and the diagonal is exactly 0. A pair where either vector is all zeros on
    the shared topics (neutral on all of them) has no angle: NaN. With topic weights the
    inner product is ``sum w_t x_at x_bt``.

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing.
    topic_weights : ndarray of shape (n_topics,), optional
        Weights ``w_t >= 0``; default 1.

    Returns
    -------
    D, n_shared : ndarray of shape (n_actors, n_actors)
        Distances and number of shared topics.

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.distances import cosine_distances
    >>> D, n = cosine_distances(np.array([[1.0, 0.0], [0.5, 0.5], [-1.0, np.nan]]))
    >>> D.round(3)
    array([[0.   , 0.293, 2.   ],
           [0.293, 0.   , 2.   ],
           [2.   , 2.   , 0.   ]])
    """
    X0, mask, n_shared = _masked(X)
    if topic_weights is not None:
        X0 = X0 * np.sqrt(topic_weights)
    norms = (X0 * X0) @ mask.T  # norms[a, b] = squared norm of x_a over the topics of b
    norms *= norms.T
    np.sqrt(norms, out=norms)
    D = X0 @ X0.T
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(D, norms, out=D)
    D[norms == 0] = np.nan
    np.subtract(1.0, D, out=D)
    np.clip(D, 0.0, 2.0, out=D)
    np.fill_diagonal(D, 0.0)
    return D, n_shared


def disagreement_distances(
    X: np.ndarray, topic_weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Share of the shared topics on which two actors take opposite sides.

    Opposite sides means one position is > 0 and the other < 0; a position of exactly 0 is
    on neither side, so it never disagrees. In [0, 1]. With topic weights it is the weighted
    share ``sum w_t [opposite on t] / sum w_t`` over the shared topics.

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing.
    topic_weights : ndarray of shape (n_topics,), optional
        Weights ``w_t >= 0``; default 1.

    Returns
    -------
    D, n_shared : ndarray of shape (n_actors, n_actors)
        Distances and number of shared topics.

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.distances import disagreement_distances
    >>> D, n = disagreement_distances(np.array([[0.5, -0.2], [-0.1, -0.9]]))
    >>> D
    array([[0. , 0.5],
           [0.5, 0. ]])
    """
    _, mask, n_shared = _masked(X)
    favor = (X > 0).astype(float)  # NaN compares False
    against = (X < 0).astype(float)
    if topic_weights is None:
        total = n_shared.astype(float)
    else:
        favor *= topic_weights
        total = (mask * topic_weights) @ mask.T
    opposite = favor @ against.T
    opposite += opposite.T
    with np.errstate(divide="ignore", invalid="ignore"):
        D = opposite / total
    return D, n_shared


def centroid_distances(
    X: np.ndarray, topic_weights: np.ndarray | None = None, *, centroids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cosine distance between the centroids of the actors' statement embeddings.

    This compares how actors talk, not where they stand: it needs no shared topic, so the
    dispatcher does not apply ``min_shared`` to it. An actor whose centroid is all zeros or
    NaN (no statements) gets NaN.

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing; only used for ``n_shared``.
    topic_weights : None
        Not used (accepted so every metric has the same call).
    centroids : ndarray of shape (n_actors, n_features)
        One mean embedding per actor, rows in the order of ``X`` (see
        :func:`actor_centroids`).

    Returns
    -------
    D, n_shared : ndarray of shape (n_actors, n_actors)
        Distances in [0, 2] and number of shared topics.

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.distances import centroid_distances
    >>> C = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    >>> D, n = centroid_distances(np.zeros((3, 1)), centroids=C)
    >>> D.round(3)
    array([[0.   , 0.293,   nan],
           [0.293, 0.   ,   nan],
           [  nan,   nan,   nan]])
    """
    _, _, n_shared = _masked(X)
    C = np.asarray(centroids, dtype=float)
    if C.ndim != 2 or C.shape[0] != X.shape[0]:
        raise ValueError(
            f"centroids must have shape (n_actors, n_features) with n_actors = {X.shape[0]}; "
            f"got {C.shape}"
        )
    norms = np.linalg.norm(C, axis=1)
    ok = np.isfinite(norms) & (norms > 0)
    U = np.zeros_like(C)
    U[ok] = C[ok] / norms[ok, None]
    D = 1.0 - U @ U.T
    np.clip(D, 0.0, 2.0, out=D)
    np.fill_diagonal(D, 0.0)
    D[~ok, :] = np.nan
    D[:, ~ok] = np.nan
    return D, n_shared


def actor_centroids(
    embeddings: np.ndarray, actors: Sequence[str], order: Sequence[str] | None = None
) -> tuple[list[str], np.ndarray]:
    """Mean embedding of each actor's statements.

    Parameters
    ----------
    embeddings : ndarray of shape (n_statements, n_features)
    actors : sequence of str of length n_statements
        The actor of each statement.
    order : sequence of str, optional
        Rows of the result; actors without statements get a zero row. Default: sorted actors.

    Returns
    -------
    actors : list of str
    centroids : ndarray of shape (n_actors, n_features)

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.distances import actor_centroids
    >>> names, C = actor_centroids(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), ["a", "a", "b"])
    >>> names, C.tolist()
    (['a', 'b'], [[0.5, 0.5], [1.0, 1.0]])
    """
    E = np.asarray(embeddings, dtype=float)
    if E.ndim != 2 or E.shape[0] != len(actors):
        raise ValueError(
            f"embeddings must have shape (n_statements, n_features) with n_statements = "
            f"len(actors) = {len(actors)}; got {E.shape}"
        )
    names = sorted(set(actors)) if order is None else list(order)
    index = {a: i for i, a in enumerate(names)}
    unknown = sorted({a for a in actors if a not in index})
    if unknown:
        raise ValueError(f"actors {unknown} are not in order; order is {names}")
    rows = np.fromiter((index[a] for a in actors), dtype=np.intp, count=len(actors))
    sums = np.zeros((len(names), E.shape[1]))
    np.add.at(sums, rows, E)
    n = np.bincount(rows, minlength=len(names))
    return names, sums / np.maximum(n, 1)[:, None]


DISTANCE_METRICS: dict[str, MetricFunction] = {
    "euclidean": euclidean_distances,
    "cityblock": cityblock_distances,
    "manhattan": cityblock_distances,
    "cosine": cosine_distances,
    "disagreement": disagreement_distances,
}
"""Metrics on positions: ``f(X, topic_weights=None) -> (D, n_shared)``."""

EMBEDDING_METRICS: dict[str, MetricFunction] = {"centroid": centroid_distances}
"""Metrics on statement embeddings: ``f(X, topic_weights=None, *, centroids) -> (D, n_shared)``."""


def actor_distances(
    P: PositionMatrix | np.ndarray,
    metric: str | Callable[[np.ndarray, np.ndarray], float] = "euclidean",
    *,
    topics: Sequence[str] | None = None,
    min_shared: int = 1,
    topic_weights: Sequence[float] | Mapping[str, float] | np.ndarray | None = None,
    centroids: np.ndarray | None = None,
    n_boot: int = 0,
    level: float = 0.95,
    resample: Literal["statements", "topics"] = "statements",
    random_state: int | np.random.Generator | None = None,
) -> DistanceMatrix:
    """Distances between every pair of actors, over the topics both have a position on.

    Parameters
    ----------
    P : PositionMatrix or ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing. An array gets actors and topics named "0", "1", ...
    metric : str or callable, default="euclidean"
        A key of :data:`DISTANCE_METRICS` ("euclidean", "cityblock", "manhattan", "cosine",
        "disagreement"), "centroid" (:data:`EMBEDDING_METRICS`: cosine distance between the
        actors' mean statement embeddings, given as ``centroids``), or a function
        ``f(u, v) -> float`` called on the two actors' positions over their shared topics
        (1-D arrays of equal length, no NaN; slow).
    topics : sequence of str, optional
        Use only these topics.
    min_shared : int, default=1
        Pairs sharing fewer topics get NaN (and so does the diagonal of an actor with fewer
        topics than this). Not applied to "centroid".
    topic_weights : array-like of shape (n_topics,) or mapping of topic -> float, optional
        Weight ``>= 0`` of each topic (of ``topics`` when given, else of all topics, in
        order; a mapping gives 1 to the topics it leaves out). Not for callables.
    centroids : ndarray of shape (n_actors, n_features), optional
        Needed by "centroid"; rows in the order of the actors (see :func:`actor_centroids`).
    n_boot : int, default=0
        If > 0, fill ``lower`` and ``upper`` with a percentile bootstrap interval from this
        many replicates.
    level : float in (0, 1), default=0.95
    resample : {"statements", "topics"}, default="statements"
        What the bootstrap resamples: each cell's statements (:func:`bootstrap_positions`;
        needs a PositionMatrix built from records), or the topics (columns, with
        replacement; the usual choice for roll calls, where each cell is one vote).
    random_state : int, numpy Generator or None

    Returns
    -------
    DistanceMatrix
        With ``values`` of shape (n_actors, n_actors).

    Raises
    ------
    ValueError
        If ``metric`` is unknown, a topic is unknown, ``min_shared`` is not an integer >= 1, an
        array ``P`` is not 2-D or holds infinite values, or an option is out of range.

    Examples
    --------
    >>> from stancekit.positions import position_matrix
    >>> from stancekit.distances import actor_distances
    >>> P = position_matrix([("Bennett", "iran_deal", -0.6), ("Biden", "iran_deal", 0.5)])
    >>> D = actor_distances(P)
    >>> round(D.loc("Bennett", "Biden"), 6)
    1.1
    >>> D.n_shared
    array([[1, 1],
           [1, 1]])
    """
    if isinstance(P, PositionMatrix):
        X, actors, topic_names = P.values, list(P.actors), list(P.topics)
    else:
        X = np.asarray(P, dtype=float)
        if X.ndim != 2:
            raise ValueError(
                f"P must be a PositionMatrix or a 2-D array (n_actors, n_topics); got shape "
                f"{X.shape}"
            )
        if np.isinf(X).any():
            raise ValueError("P must hold finite positions or NaN; got inf")
        actors = [str(i) for i in range(X.shape[0])]
        topic_names = [str(j) for j in range(X.shape[1])]
    if (
        isinstance(min_shared, bool)
        or not isinstance(min_shared, (int, np.integer))
        or (min_shared < 1)
    ):
        raise ValueError(f"min_shared must be an integer >= 1; got {min_shared!r}")
    columns = list(range(len(topic_names)))
    if topics is not None:
        if isinstance(topics, str):
            topics = [topics]
        unknown = [t for t in topics if t not in topic_names]
        if unknown:
            raise ValueError(f"unknown topics {unknown}; known topics are {topic_names}")
        columns = [topic_names.index(t) for t in topics]
        X = X[:, columns]
    used = [topic_names[j] for j in columns]
    w = _topic_weights(topic_weights, used)
    if resample not in RESAMPLING:
        raise ValueError(
            f"The 'resample' parameter of actor_distances must be one of {list(RESAMPLING)}. "
            f"Got {resample!r} instead."
        )

    def compute(Y: np.ndarray, wy: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if callable(metric):
            return _callable_distances(Y, metric, min_shared)
        if metric == "centroid":
            return centroid_distances(Y, centroids=centroids)  # type: ignore[arg-type]
        return DISTANCE_METRICS[metric](Y, wy)

    if callable(metric):
        if w is not None:
            raise ValueError("topic_weights cannot be used with a callable metric; got both")
        name = getattr(metric, "__name__", type(metric).__name__)
    elif isinstance(metric, str) and (metric in DISTANCE_METRICS or metric in EMBEDDING_METRICS):
        name = metric
        if metric == "centroid" and centroids is None:
            raise ValueError("metric='centroid' needs centroids= (see actor_centroids); got None")
    else:
        raise ValueError(
            f"The 'metric' parameter of actor_distances must be one of "
            f"{sorted(DISTANCE_METRICS)} or a callable. Got {metric!r} instead. "
            f"(Also {sorted(EMBEDDING_METRICS)}, on statement embeddings, with centroids=.)"
        )
    D, n_shared = compute(X, w)
    if name != "centroid":
        D[n_shared < min_shared] = np.nan
    out = DistanceMatrix(actors=actors, values=D, metric=name, n_shared=n_shared)
    if n_boot:
        from stancekit.positions import _check_boot

        _check_boot(n_boot, level, allow_zero=False)
        out.lower, out.upper = _intervals(
            _bootstrap_distances(P, X, columns, w, compute, n_boot, resample, random_state),
            level,
        )
        out.lower[np.isnan(D)] = np.nan
        out.upper[np.isnan(D)] = np.nan
        out.level = float(level)
    return out


def _bootstrap_distances(
    P: PositionMatrix | np.ndarray,
    X: np.ndarray,
    columns: list[int],
    w: np.ndarray | None,
    compute: Callable[[np.ndarray, np.ndarray | None], tuple[np.ndarray, np.ndarray]],
    n_boot: int,
    resample: str,
    random_state: int | np.random.Generator | None,
) -> np.ndarray:
    """Distance replicates of shape (n_boot, n_actors, n_actors)."""
    rng = np.random.default_rng(random_state)
    n = X.shape[0]
    out = np.empty((n_boot, n, n))
    if resample == "topics":
        for b in range(n_boot):
            idx = rng.integers(0, X.shape[1], X.shape[1]) if X.shape[1] else np.zeros(0, int)
            out[b] = compute(X[:, idx], None if w is None else w[idx])[0]
        return out
    if not isinstance(P, PositionMatrix):
        raise ValueError(
            "resample='statements' needs a PositionMatrix built from records; got an array "
            "(use resample='topics')"
        )
    replicates = bootstrap_positions(P, n_boot, random_state=rng)[:, :, columns]
    for b in range(n_boot):
        out[b] = compute(replicates[b], w)[0]
    return out


def _topic_weights(
    weights: Sequence[float] | Mapping[str, float] | np.ndarray | None, topics: list[str]
) -> np.ndarray | None:
    if weights is None:
        return None
    if isinstance(weights, Mapping):
        unknown = [t for t in weights if t not in topics]
        if unknown:
            raise ValueError(f"topic_weights has unknown topics {unknown}; topics are {topics}")
        w = np.array([float(weights.get(t, 1.0)) for t in topics])
    else:
        w = np.asarray(weights, dtype=float)
        if w.shape != (len(topics),):
            raise ValueError(
                f"topic_weights must have shape (n_topics,) = ({len(topics)},); got {w.shape}"
            )
    if not (np.isfinite(w).all() and (w >= 0).all()):
        raise ValueError(f"topic_weights must be finite and >= 0; got {w.tolist()}")
    return w


def _nan_to_none(values: np.ndarray) -> list[list[float | None]]:
    return [[None if np.isnan(v) else v for v in row] for row in values.tolist()]


def _callable_distances(
    X: np.ndarray, metric: Callable[[np.ndarray, np.ndarray], float], min_shared: int
) -> tuple[np.ndarray, np.ndarray]:
    """Call ``metric(u, v)`` on the shared topics of every pair with enough of them."""
    _, _, n_shared = _masked(X)
    present = ~np.isnan(X)
    n = X.shape[0]
    D = np.full((n, n), np.nan)
    np.fill_diagonal(D, 0.0)
    for a in range(n):
        for b in range(a + 1, n):
            if n_shared[a, b] < min_shared:
                continue
            both = present[a] & present[b]
            D[a, b] = D[b, a] = float(metric(X[a, both], X[b, both]))
    return D, n_shared
