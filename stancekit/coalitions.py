"""Coalitions and maps of actors from their distance matrix.

:func:`cluster_actors` groups actors by hierarchical clustering of the distance matrix (scipy's
``linkage`` on the condensed matrix), with the number of clusters given or chosen by the
silhouette (scikit-learn's ``silhouette_score`` on the precomputed distances).
:func:`classical_mds` places actors on a map (Torgerson's classical multidimensional scaling).

Both need every distance: an undefined pair (NaN, too few shared topics) is set to the largest
defined distance, as if the two actors were as far apart as any pair seen. ``n_imputed`` says
how many pairs were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from stancekit.distances import DistanceMatrix

__all__ = ["LINKAGES", "ActorMap", "Coalitions", "classical_mds", "cluster_actors"]

LINKAGES = ("average", "complete", "single", "weighted")


@dataclass(eq=False)
class Coalitions:
    """The result of :func:`cluster_actors`.

    Attributes
    ----------
    actors : list of str
    labels : ndarray of shape (n_actors,)
        Cluster of each actor, 0 .. n_clusters - 1, numbered by first appearance in ``actors``.
    n_clusters : int
    silhouette : dict of int -> float
        Silhouette score of each number of clusters tried (empty when ``n_clusters`` was given
        or there are fewer than 3 actors).
    order : ndarray of shape (n_actors,)
        Leaf order of the dendrogram: indices of ``actors``, similar ones next to each other.
    linkage : ndarray of shape (n_actors - 1, 4)
        scipy linkage matrix.
    n_imputed : int
        Number of undefined pairs set to the largest distance.
    """

    actors: list[str]
    labels: np.ndarray
    n_clusters: int
    silhouette: dict[int, float] = field(default_factory=dict)
    order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    linkage: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)), repr=False)
    n_imputed: int = 0

    def members(self) -> list[list[str]]:
        """Actors of each cluster, in cluster order."""
        return [
            [a for a, lab in zip(self.actors, self.labels) if lab == k]
            for k in range(self.n_clusters)
        ]


@dataclass(eq=False)
class ActorMap:
    """The result of :func:`classical_mds`.

    Attributes
    ----------
    actors : list of str
    coords : ndarray of shape (n_actors, n_components)
    eigenvalues : ndarray of shape (n_components,)
        Of the doubly centered squared distances; 0 where the space has fewer dimensions.
    explained : ndarray of shape (n_components,)
        Share of the sum of positive eigenvalues that each dimension carries.
    n_imputed : int
        Number of undefined pairs set to the largest distance.
    """

    actors: list[str]
    coords: np.ndarray
    eigenvalues: np.ndarray
    explained: np.ndarray
    n_imputed: int = 0


def _complete(D: DistanceMatrix | np.ndarray, name: str = "D") -> tuple[list[str], np.ndarray, int]:
    """Labels, a full symmetric distance array, and the number of imputed pairs."""
    if isinstance(D, DistanceMatrix):
        actors, M = list(D.actors), np.array(D.values, dtype=float)
    else:
        M = np.array(D, dtype=float)
        if M.ndim != 2 or M.shape[0] != M.shape[1]:
            raise ValueError(
                f"{name} must be a DistanceMatrix or a square array (n_actors, n_actors); "
                f"got shape {M.shape}"
            )
        actors = [str(i) for i in range(M.shape[0])]
    np.fill_diagonal(M, 0.0)
    off = ~np.eye(len(M), dtype=bool)
    missing = np.isnan(M) & off
    if (M[~np.isnan(M)] < 0).any() or np.isinf(M).any():
        raise ValueError(f"{name} must hold finite distances >= 0 or NaN; got negative or inf")
    finite = M[off & ~missing]
    M[missing] = finite.max() if finite.size else 1.0
    M = (M + M.T) / 2.0
    return actors, M, int(missing.sum() // 2)


def cluster_actors(
    D: DistanceMatrix | np.ndarray,
    n_clusters: int | None = None,
    *,
    method: str = "average",
    max_clusters: int = 8,
) -> Coalitions:
    """Hierarchical clustering of actors on their distance matrix.

    Parameters
    ----------
    D : DistanceMatrix or ndarray of shape (n_actors, n_actors)
        Symmetric distances, NaN where undefined (imputed, see the module docstring).
    n_clusters : int, optional
        Number of clusters. Default: the one in ``2 .. min(max_clusters, n_actors - 1)`` with
        the highest silhouette (1 cluster when there are fewer than 3 actors).
    method : {"average", "complete", "single", "weighted"}, default="average"
        Linkage (scipy).
    max_clusters : int, default=8
        Largest number of clusters tried by the silhouette.

    Returns
    -------
    Coalitions

    Raises
    ------
    ValueError
        If ``method`` is unknown, ``n_clusters`` is not in ``1 .. n_actors``, or ``D`` is not a
        square matrix of distances.

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.coalitions import cluster_actors
    >>> D = np.array([[0, 1, 9, 9], [1, 0, 9, 9], [9, 9, 0, 1], [9, 9, 1, 0]], dtype=float)
    >>> C = cluster_actors(D)
    >>> C.n_clusters, C.labels.tolist()
    (2, [0, 0, 1, 1])
    """
    from scipy.cluster.hierarchy import fcluster, leaves_list, linkage
    from scipy.spatial.distance import squareform

    if method not in LINKAGES:
        raise ValueError(
            f"The 'method' parameter of cluster_actors must be one of {list(LINKAGES)}. "
            f"Got {method!r} instead."
        )
    actors, M, n_imputed = _complete(D)
    n = len(actors)
    if n_clusters is not None and (
        isinstance(n_clusters, bool)
        or not isinstance(n_clusters, (int, np.integer))
        or not 1 <= n_clusters <= max(n, 1)
    ):
        raise ValueError(
            f"n_clusters must be an integer in [1, {n}] (n_actors); got {n_clusters!r}"
        )
    if isinstance(max_clusters, bool) or not isinstance(max_clusters, int) or max_clusters < 2:
        raise ValueError(f"max_clusters must be an integer >= 2; got {max_clusters!r}")
    if n < 2:
        return Coalitions(actors, np.zeros(n, dtype=np.intp), n, order=np.arange(n))
    Z = linkage(squareform(M, checks=False), method=method)
    order = leaves_list(Z)

    def cut(k: int) -> np.ndarray:
        return _renumber(fcluster(Z, k, criterion="maxclust"))

    scores: dict[int, float] = {}
    if n_clusters is None:
        if n < 3:
            n_clusters = 1
        else:
            from sklearn.metrics import silhouette_score

            for k in range(2, min(max_clusters, n - 1) + 1):
                labels = cut(k)
                if len(set(labels.tolist())) == k:
                    scores[k] = float(silhouette_score(M, labels, metric="precomputed"))
            n_clusters = max(scores, key=lambda k: scores[k]) if scores else 1
    labels = cut(int(n_clusters))
    return Coalitions(actors, labels, int(labels.max()) + 1, scores, order, Z, n_imputed)


def classical_mds(D: DistanceMatrix | np.ndarray, n_components: int = 2) -> ActorMap:
    """Classical (Torgerson) multidimensional scaling: a map whose distances match ``D``.

    The squared distances are doubly centered, ``B = -J D^2 J / 2``, and the actors placed at
    the top eigenvectors of ``B`` scaled by the square roots of their eigenvalues. Each axis's
    sign is fixed so that its largest coordinate (in absolute value) is positive.

    Parameters
    ----------
    D : DistanceMatrix or ndarray of shape (n_actors, n_actors)
        NaN pairs are imputed (see the module docstring).
    n_components : int, default=2

    Returns
    -------
    ActorMap
        ``coords`` of shape (n_actors, n_components).

    Examples
    --------
    >>> import numpy as np
    >>> from stancekit.coalitions import classical_mds
    >>> M = classical_mds(np.array([[0.0, 3.0, 5.0], [3.0, 0.0, 4.0], [5.0, 4.0, 0.0]]))
    >>> P = M.coords
    >>> round(float(np.linalg.norm(P[0] - P[2])), 6)
    5.0
    """
    actors, M, n_imputed = _complete(D)
    if (
        isinstance(n_components, bool)
        or not isinstance(n_components, (int, np.integer))
        or n_components < 1
    ):
        raise ValueError(f"n_components must be an integer >= 1; got {n_components!r}")
    n = len(actors)
    if n == 0:
        z = np.zeros(n_components)
        return ActorMap(actors, np.zeros((0, n_components)), z, z.copy(), n_imputed)
    J = np.eye(n) - 1.0 / n
    B = -0.5 * J @ (M * M) @ J
    vals, vecs = np.linalg.eigh((B + B.T) / 2.0)
    top = np.argsort(vals)[::-1]
    vals, vecs = vals[top], vecs[:, top]
    positive = vals[vals > 1e-12 * max(abs(vals).max(), 1.0)].sum()
    k = min(n_components, n)
    lam = np.clip(vals[:k], 0.0, None)
    V = vecs[:, :k]
    signs = np.sign(V[np.abs(V).argmax(axis=0), np.arange(k)])
    signs[signs == 0] = 1.0
    coords = np.zeros((n, n_components))
    coords[:, :k] = V * signs * np.sqrt(lam)
    eigen = np.zeros(n_components)
    eigen[:k] = lam
    explained = eigen / positive if positive > 0 else np.zeros(n_components)
    return ActorMap(actors, coords, eigen, explained, n_imputed)


def _renumber(labels: Sequence[int] | np.ndarray) -> np.ndarray:
    """Renumber cluster labels 0, 1, ... in order of first appearance."""
    labels = np.asarray(labels)
    _, first = np.unique(labels, return_index=True)
    rank = {int(labels[i]): r for r, i in enumerate(sorted(first))}
    return np.array([rank[int(x)] for x in labels], dtype=np.intp)
