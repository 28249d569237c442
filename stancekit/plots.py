"""Pictures of positions, distances and coalitions (matplotlib, Agg backend, imported lazily).

Every function returns the matplotlib ``Figure`` and, given ``path``, also saves it as PNG.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from stancekit.coalitions import ActorMap, Coalitions, classical_mds, cluster_actors
from stancekit.distances import DistanceMatrix
from stancekit.positions import PositionMatrix

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_actor_map", "plot_distance_heatmap", "plot_positions"]

_CLUSTER_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")


def _figure(width: float, height: float) -> Figure:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _save(fig: Figure, path: str | Path | None) -> Figure:
    if path is not None:
        fig.savefig(Path(path), format="png")
    return fig


def _short(name: str, n: int = 28) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def plot_distance_heatmap(
    D: DistanceMatrix,
    coalitions: Coalitions | None = None,
    *,
    path: str | Path | None = None,
    title: str | None = None,
) -> Figure:
    """Heatmap of the distance matrix, actors ordered by cluster (dendrogram leaf order).

    Parameters
    ----------
    D : DistanceMatrix
    coalitions : Coalitions, optional
        Default: :func:`~stancekit.coalitions.cluster_actors` on ``D``. Cluster boundaries are
        drawn as lines; undefined pairs are grey.
    path : str or Path, optional
        Save a PNG there.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    C = cluster_actors(D) if coalitions is None else coalitions
    n = len(D.actors)
    order = np.argsort(C.labels[C.order], kind="stable")
    order = np.asarray(C.order)[order] if n else np.zeros(0, dtype=np.intp)
    M = D.values[np.ix_(order, order)]
    side = min(3.0 + 0.22 * n, 16.0)
    fig = _figure(side + 1.5, side)
    ax = fig.add_subplot()
    import matplotlib as mpl

    cmap = mpl.colormaps["viridis"].with_extremes(bad="#dddddd")
    im = ax.imshow(np.ma.masked_invalid(M), cmap=cmap, interpolation="nearest")
    fig.colorbar(im, ax=ax, shrink=0.8, label=f"{D.metric} distance")
    labels = [_short(D.actors[i]) for i in order]
    if n <= 60:
        ax.set_xticks(range(n), labels, rotation=90, fontsize=7)
        ax.set_yticks(range(n), labels, fontsize=7)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    sorted_labels = C.labels[order]
    for b in np.flatnonzero(np.diff(sorted_labels)) + 0.5:
        ax.axhline(b, color="black", lw=1.2)
        ax.axvline(b, color="black", lw=1.2)
    finite = M[np.isfinite(M)]
    mid = (finite.min() + finite.max()) / 2 if finite.size else 0.0
    if n <= 12:
        for i in range(n):
            for j in range(n):
                if np.isfinite(M[i, j]) and i != j:
                    ax.text(
                        j,
                        i,
                        f"{M[i, j]:.2f}",
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="black" if M[i, j] > mid else "white",
                    )
    ax.set_title(title or f"Distances between actors ({C.n_clusters} clusters)")
    return _save(fig, path)


def plot_actor_map(
    D: DistanceMatrix | ActorMap,
    coalitions: Coalitions | None = None,
    *,
    path: str | Path | None = None,
    title: str | None = None,
    label: bool | None = None,
) -> Figure:
    """Actors on a 2-D map (classical MDS of the distances), colored by cluster.

    Parameters
    ----------
    D : DistanceMatrix or ActorMap
        Distances (mapped with :func:`~stancekit.coalitions.classical_mds`) or a ready map.
    coalitions : Coalitions, optional
        Colors; default :func:`~stancekit.coalitions.cluster_actors` when ``D`` is a
        DistanceMatrix, one color otherwise.
    path : str or Path, optional
        Save a PNG there.
    title : str, optional
    label : bool, optional
        Write the actor names; default when there are at most 40 actors.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if isinstance(D, ActorMap):
        M = D
        C = coalitions
    else:
        M = classical_mds(D, 2)
        C = cluster_actors(D) if coalitions is None else coalitions
    n = len(M.actors)
    labels = np.zeros(n, dtype=int) if C is None else C.labels
    fig = _figure(7.5, 6.0)
    ax = fig.add_subplot()
    xy = M.coords[:, :2] if M.coords.shape[1] >= 2 else np.c_[M.coords, np.zeros(n)]
    for k in sorted(set(labels.tolist())):
        sel = labels == k
        ax.scatter(
            xy[sel, 0],
            xy[sel, 1],
            s=40,
            color=_CLUSTER_COLORS[k % 7],
            alpha=0.85,
            label=f"cluster {k + 1} ({int(sel.sum())})",
            edgecolor="black",
            lw=0.4,
        )
    if label if label is not None else n <= 40:
        for (x, y), name in zip(xy, M.actors):
            ax.annotate(_short(name), (x, y), xytext=(4, 3), textcoords="offset points", fontsize=8)
    ex = M.explained
    ax.set_xlabel(f"dimension 1 ({ex[0]:.0%})" if len(ex) > 0 else "dimension 1")
    ax.set_ylabel(f"dimension 2 ({ex[1]:.0%})" if len(ex) > 1 else "dimension 2")
    ax.axhline(0, color="#999999", lw=0.5)
    ax.axvline(0, color="#999999", lw=0.5)
    ax.set_aspect("equal", adjustable="datalim")  # map distances read true in both directions
    if C is not None:
        ax.legend(loc="best", fontsize=8)
    if n == 1:
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
    ax.set_title(title or "Map of actors (classical MDS of the distances)")
    return _save(fig, path)


def plot_positions(
    P: PositionMatrix,
    *,
    path: str | Path | None = None,
    title: str | None = None,
    order: Any = None,
) -> Figure:
    """The actor x topic table as a picture: each cell's position, interval and count.

    One panel per topic; each actor is a dot at its position in [-1, 1] with its bootstrap
    interval as a bar (when the matrix has intervals) and its number of votes; actors without
    a position on the topic are left out of that panel.

    Parameters
    ----------
    P : PositionMatrix
    path : str or Path, optional
        Save a PNG there.
    title : str, optional
    order : sequence of int, optional
        Row order of the actors (e.g. a Coalitions ``order``); default: as in ``P``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    n_a, n_t = P.shape
    rows = np.arange(n_a) if order is None else np.asarray(order)
    n_panels = max(n_t, 1)
    fig = _figure(min(3.2 * n_panels + 2.5, 18.0), min(1.2 + 0.3 * n_a, 20.0))
    axes = fig.subplots(1, n_panels, sharey=True, squeeze=False)[0]
    y = np.arange(len(rows))[::-1]
    for j in range(n_panels):
        ax = axes[j]
        ax.axvline(0, color="#999999", lw=0.8)
        ax.set_xlim(-1.15, 1.15)
        ax.set_xticks([-1, 0, 1], ["against", "0", "favor"])
        if j < n_t:
            v = P.values[rows, j]
            ok = np.isfinite(v)
            if P.lower is not None and P.upper is not None:
                lo, hi = P.lower[rows, j], P.upper[rows, j]
                ax.hlines(y[ok], lo[ok], hi[ok], color="#555555", lw=2)
            colors = np.where(v[ok] >= 0, "#2166ac", "#b2182b")
            ax.scatter(v[ok], y[ok], c=colors, s=45, zorder=3, edgecolor="black", lw=0.4)
            for yy, vv, cc in zip(y[ok], v[ok], P.counts[rows, j][ok]):
                ax.annotate(
                    f"{vv:+.2f} (n={cc})",
                    (vv, yy),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                )
            ax.set_title(_short(P.topics[j], 40), fontsize=9)
        ax.set_ylim(-0.8, len(rows) - 0.2)
    axes[0].set_yticks(y, [_short(P.actors[i]) for i in rows], fontsize=8)
    level = f", {P.level:.0%} bootstrap intervals" if P.lower is not None and P.level else ""
    fig.suptitle(title or f"Positions of actors on topics{level}", fontsize=11)
    return _save(fig, path)
