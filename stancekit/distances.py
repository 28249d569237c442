"""Step 6: positions -> distances between actors.

Positions have holes: an actor speaks to some topics and not others. Every metric here compares
two actors over the topics on which both have a position (their *shared* topics) and reports how
many there were; pairs with too few shared topics get NaN rather than a guess.

As in ``sklearn.metrics.pairwise``, each metric is one small vectorized function, they sit in the
registry :data:`DISTANCE_METRICS`, and :func:`actor_distances` dispatches on a name or a callable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from stancekit.positions import PositionMatrix

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DISTANCE_METRICS",
    "DistanceMatrix",
    "actor_distances",
    "cityblock_distances",
    "cosine_distances",
    "disagreement_distances",
    "euclidean_distances",
]

MetricFunction = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


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
    """

    actors: list[str]
    values: np.ndarray
    metric: str
    n_shared: np.ndarray

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
            n_shared.
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
        if dropna:
            frame = frame[np.isfinite(frame["distance"].to_numpy())].reset_index(drop=True)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serializable dict (NaN becomes None)."""
        return {
            "actors": list(self.actors),
            "metric": self.metric,
            "values": [[None if np.isnan(v) else v for v in row] for row in self.values.tolist()],
            "n_shared": self.n_shared.tolist(),
        }


# -- metrics: (X of shape (A, T) with NaN) -> (D of shape (A, A), n_shared of shape (A, A)) ----


def _masked(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return X with NaN set to 0, the float mask of present cells, and the shared counts."""
    present = ~np.isnan(X)
    mask = present.astype(float)
    X0 = np.where(present, X, 0.0)
    n_shared = np.rint(mask @ mask.T).astype(np.int64)
    return X0, mask, n_shared


def euclidean_distances(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Euclidean distance over the shared topics of each pair.

    ``d(a, b) = sqrt(sum over shared topics t of (x_at - x_bt) ** 2)``, with no rescaling for
    missing topics (unlike ``sklearn.metrics.pairwise.nan_euclidean_distances``): on one shared
    topic the distance is ``|x_a - x_b|``. Computed with matrix products on the zero-filled
    data, ``sum(m_b x_a^2) + sum(m_a x_b^2) - 2 sum(x_a x_b)``, so it is fast but can be off by
    about 1e-8 for nearly equal positions.

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing.

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
    sq = X0 * X0
    D = sq @ mask.T
    D += D.T  # sum(m_b x_a^2) + sum(m_a x_b^2)
    cross = X0 @ X0.T
    cross *= 2.0
    D -= cross
    np.maximum(D, 0.0, out=D)
    np.sqrt(D, out=D)
    np.fill_diagonal(D, 0.0)
    return D, n_shared


def cityblock_distances(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """City-block (Manhattan, L1) distance over the shared topics of each pair.

    ``d(a, b) = sum over shared topics t of |x_at - x_bt|``, no rescaling for missing topics.
    Vectorized over pairs, one pass per topic.

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing.

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
    n = X.shape[0]
    D = np.zeros((n, n))
    for t in range(X.shape[1]):
        rows = np.flatnonzero(mask[:, t])
        x = X0[rows, t]
        D[np.ix_(rows, rows)] += np.abs(x[:, None] - x[None, :])
    return D, n_shared


def cosine_distances(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cosine distance ``1 - cos(x_a, x_b)`` over the shared topics of each pair.

    Both vectors are restricted to the shared topics before the angle is taken. The result is
    clipped to [0, 2] and the diagonal is exactly 0. A pair where either vector is all zeros on
    the shared topics (neutral on all of them) has no angle: NaN.

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing.

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


def disagreement_distances(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of the shared topics on which two actors take opposite sides.

    Opposite sides means one position is > 0 and the other < 0; a position of exactly 0 is
    on neither side, so it never disagrees. In [0, 1].

    Parameters
    ----------
    X : ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing.

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
    _, _, n_shared = _masked(X)
    favor = (X > 0).astype(float)  # NaN compares False
    against = (X < 0).astype(float)
    opposite = favor @ against.T
    opposite += opposite.T
    with np.errstate(divide="ignore", invalid="ignore"):
        D = opposite / n_shared
    return D, n_shared


DISTANCE_METRICS: dict[str, MetricFunction] = {
    "euclidean": euclidean_distances,
    "cityblock": cityblock_distances,
    "manhattan": cityblock_distances,
    "cosine": cosine_distances,
    "disagreement": disagreement_distances,
}


def actor_distances(
    P: PositionMatrix | np.ndarray,
    metric: str | Callable[[np.ndarray, np.ndarray], float] = "euclidean",
    *,
    topics: Sequence[str] | None = None,
    min_shared: int = 1,
) -> DistanceMatrix:
    """Distances between every pair of actors, over the topics both have a position on.

    Parameters
    ----------
    P : PositionMatrix or ndarray of shape (n_actors, n_topics)
        Positions, NaN where missing. An array gets actors and topics named "0", "1", ...
    metric : str or callable, default="euclidean"
        A key of :data:`DISTANCE_METRICS` ("euclidean", "cityblock", "manhattan", "cosine",
        "disagreement"), or a function ``f(u, v) -> float`` called on the two actors'
        positions over their shared topics (1-D arrays of equal length, no NaN; slow).
    topics : sequence of str, optional
        Use only these topics.
    min_shared : int, default=1
        Pairs sharing fewer topics get NaN (and so does the diagonal of an actor with fewer
        topics than this).

    Returns
    -------
    DistanceMatrix
        With ``values`` of shape (n_actors, n_actors).

    Raises
    ------
    ValueError
        If ``metric`` is unknown, a topic is unknown, ``min_shared`` is not an integer >= 1, or
        an array ``P`` is not 2-D or holds infinite values.

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
    if topics is not None:
        if isinstance(topics, str):
            topics = [topics]
        unknown = [t for t in topics if t not in topic_names]
        if unknown:
            raise ValueError(f"unknown topics {unknown}; known topics are {topic_names}")
        X = X[:, [topic_names.index(t) for t in topics]]

    if callable(metric):
        D, n_shared = _callable_distances(X, metric, min_shared)
        name = getattr(metric, "__name__", type(metric).__name__)
    elif isinstance(metric, str) and metric in DISTANCE_METRICS:
        D, n_shared = DISTANCE_METRICS[metric](X)
        name = metric
    else:
        raise ValueError(
            f"The 'metric' parameter of actor_distances must be one of "
            f"{sorted(DISTANCE_METRICS)} or a callable. Got {metric!r} instead."
        )
    D[n_shared < min_shared] = np.nan
    return DistanceMatrix(actors=actors, values=D, metric=name, n_shared=n_shared)


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
