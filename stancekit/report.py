"""One self-contained HTML report: positions with intervals, distances, coalitions, map, evidence.

The pictures are PNGs inlined as base64 ``data:`` URIs, so the file can be mailed or archived
alone. All text from documents and names is HTML-escaped.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancekit.coalitions import Coalitions, classical_mds, cluster_actors
from stancekit.distances import DistanceMatrix, actor_distances
from stancekit.positions import Evidence, PositionMatrix

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["render_report", "report_figures", "write_report"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1100px;
color:#222;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pos{color:#2166ac}.neg{color:#b2182b}.na{color:#999}
img{max-width:100%;border:1px solid #eee}
.ev{margin:.4em 0 1em 0}.ev blockquote{margin:.2em 0 .2em 1em;padding-left:.6em;
border-left:3px solid #ccc}.meta{color:#666;font-size:.85em}
.small{font-size:.85em;color:#555}
"""


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _fmt(x: float, digits: int = 2, sign: bool = True) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"


def _cell_id(i: int, j: int) -> str:
    return f"cell-{i}-{j}"


def with_evidence(P: PositionMatrix) -> PositionMatrix:
    """``P`` restricted to the actors with a position on at least one topic.

    Actors without evidence have no distance to anyone; the heatmap, the clusters and the map
    leave them out (the positions table still lists them).
    """
    keep = [a for a, n in zip(P.actors, P.counts.sum(axis=1)) if n > 0]
    return P.subset(actors=keep)


def report_figures(
    P: PositionMatrix,
    D: DistanceMatrix | None = None,
    coalitions: Coalitions | None = None,
) -> dict[str, Figure]:
    """The report's figures: "positions", "distances" (heatmap) and "map" (MDS).

    "distances" and "map" are left out when there are fewer than 2 actors.
    """
    from stancekit.plots import plot_actor_map, plot_distance_heatmap, plot_positions

    D = actor_distances(with_evidence(P)) if D is None else D
    C = cluster_actors(D) if coalitions is None else coalitions
    # Rows of the positions plot: clustered actors first, in cluster order, then the others.
    clustered = [P.actors.index(D.actors[i]) for i in C.order if D.actors[i] in P.actors]
    order = clustered + [i for i in range(len(P.actors)) if i not in clustered]
    figures = {"positions": plot_positions(P, order=order if order else None)}
    if len(D.actors) >= 2:
        figures["distances"] = plot_distance_heatmap(D, C)
        figures["map"] = plot_actor_map(classical_mds(D), C)
    return figures


def render_report(
    P: PositionMatrix,
    *,
    distances: DistanceMatrix | None = None,
    coalitions: Coalitions | None = None,
    documents: Mapping[str, str] | None = None,
    title: str = "stancekit report",
    png_dir: str | Path | None = None,
) -> str:
    """Render the HTML report as a string.

    Parameters
    ----------
    P : PositionMatrix
        Positions; with ``evidence`` the report lists the statements behind each cell, with
        document, character offsets, score, weight and class probabilities; with intervals it
        shows them.
    distances : DistanceMatrix, optional
        Default: ``actor_distances(with_evidence(P))`` (euclidean, actors with evidence).
    coalitions : Coalitions, optional
        Default: :func:`~stancekit.coalitions.cluster_actors` on the distances.
    documents : mapping of doc_id -> text, optional
        Used to check the offsets: a statement whose span does not match its document is
        flagged.
    title : str
    png_dir : str or Path, optional
        Also write the pictures there as ``positions.png``, ``distances.png``, ``map.png``.

    Returns
    -------
    str
        A complete HTML document.
    """
    D = actor_distances(with_evidence(P)) if distances is None else distances
    C = cluster_actors(D) if coalitions is None else coalitions
    figures = report_figures(P, D, C)
    images = {name: _png(fig) for name, fig in figures.items()}
    if png_dir is not None:
        folder = Path(png_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in images.items():
            (folder / f"{name}.png").write_bytes(data)

    n_records = len(P.evidence) if P.evidence is not None else int(P.counts.sum())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="small">{len(P.actors)} actors, {len(P.topics)} topics, {n_records} '
        f"statement-topic records; positions are P(favor) − P(against) averaged over an actor's "
        f"on-topic statements, in [−1, 1]. Distances: {escape(D.metric)} over shared topics.</p>",
        "<h2>Positions</h2>",
        _positions_table(P),
    ]
    parts += _image("positions", images, "Positions of actors on topics")
    parts += ["<h2>Distances and coalitions</h2>", _coalitions_html(C)]
    parts += _image("distances", images, "Distance heatmap ordered by cluster")
    parts += _image("map", images, "Map of actors (classical MDS)")
    parts += [_distances_table(D), "<h2>Evidence behind each cell</h2>"]
    parts += [_evidence_html(P, documents)]
    parts += ["</body></html>"]
    return "\n".join(parts) + "\n"


def write_report(
    source: Any,
    path: str | Path,
    *,
    metric: str = "euclidean",
    n_clusters: int | None = None,
    title: str = "stancekit report",
    png_dir: str | Path | None = None,
) -> Path:
    """Write the HTML report of an :class:`~stancekit.analysis.Analysis` or a PositionMatrix.

    Parameters
    ----------
    source : Analysis or PositionMatrix
        An Analysis contributes its documents (to check offsets) as well as its positions.
    path : str or Path
        The HTML file to write.
    metric : str, default="euclidean"
        Distance metric (see :func:`~stancekit.distances.actor_distances`).
    n_clusters : int, optional
        Default: chosen by silhouette.
    title : str
    png_dir : str or Path, optional
        Also write the pictures there as PNG files.

    Returns
    -------
    Path
    """
    P = source if isinstance(source, PositionMatrix) else getattr(source, "positions", None)
    if not isinstance(P, PositionMatrix):
        raise TypeError(
            f"source must be an Analysis or a PositionMatrix; got {type(source).__name__}"
        )
    documents = getattr(source, "documents", None)
    D = actor_distances(with_evidence(P), metric)
    C = cluster_actors(D, n_clusters)
    html = render_report(
        P, distances=D, coalitions=C, documents=documents, title=title, png_dir=png_dir
    )
    path = Path(path)
    path.write_text(html, encoding="utf-8")
    return path


# -- pieces ----------------------------------------------------------------------------------


def _image(name: str, images: Mapping[str, bytes], alt: str) -> list[str]:
    if name not in images:
        return [f'<p class="na">({escape(alt)}: needs at least two actors.)</p>']
    data = base64.b64encode(images[name]).decode("ascii")
    return [f'<p><img alt="{escape(alt)}" src="data:image/png;base64,{data}"></p>']


def _positions_table(P: PositionMatrix) -> str:
    head = "".join(f"<th>{escape(t)}</th>" for t in P.topics)
    rows = []
    has_ci = P.lower is not None and P.upper is not None
    for i, actor in enumerate(P.actors):
        cells = []
        for j in range(len(P.topics)):
            v = float(P.values[i, j])
            if math.isnan(v):
                cells.append(f'<td class="na">– (n={int(P.counts[i, j])})</td>')
                continue
            css = "pos" if v > 0 else "neg" if v < 0 else ""
            ci = ""
            if has_ci:
                assert P.lower is not None and P.upper is not None
                ci = f" [{_fmt(float(P.lower[i, j]))}, {_fmt(float(P.upper[i, j]))}]"
            link = f"#{_cell_id(i, j)}" if P.evidence is not None else ""
            text = f"{_fmt(v)}{ci} (n={int(P.counts[i, j])})"
            body = f'<a href="{link}">{text}</a>' if link else text
            cells.append(f'<td class="num {css}">{body}</td>')
        rows.append(f"<tr><th>{escape(actor)}</th>{''.join(cells)}</tr>")
    note = (
        f'<p class="small">[lower, upper]: {P.level:.0%} bootstrap interval (resampling the '
        "actor's statements on the topic; one statement gives a zero-width interval).</p>"
        if has_ci and P.level
        else ""
    )
    return f"<table><tr><th>actor</th>{head}</tr>{''.join(rows)}</table>{note}"


def _coalitions_html(C: Coalitions) -> str:
    items = "".join(
        f"<li>cluster {k + 1}: {escape(', '.join(members))}</li>"
        for k, members in enumerate(C.members())
    )
    sil = ", ".join(f"{k}: {s:.2f}" for k, s in C.silhouette.items())
    how = f"chosen by silhouette ({sil})" if sil else "given"
    imputed = f"; {C.n_imputed} undefined pairs set to the largest distance" if C.n_imputed else ""
    return (
        f"<p>{C.n_clusters} clusters, {how}, average-linkage hierarchical clustering{imputed}:"
        f"</p><ul>{items}</ul>"
    )


def _distances_table(D: DistanceMatrix) -> str:
    head = "".join(f"<th>{escape(a)}</th>" for a in D.actors)
    rows = []
    for i, a in enumerate(D.actors):
        cells = "".join(
            f'<td class="num">{_fmt(float(D.values[i, j]), sign=False)} '
            f'<span class="meta">({int(D.n_shared[i, j])})</span></td>'
            for j in range(len(D.actors))
        )
        rows.append(f"<tr><th>{escape(a)}</th>{cells}</tr>")
    return (
        f'<p class="small">Distance ({escape(D.metric)}) and, in brackets, the number of shared '
        f"topics.</p><table><tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )


def _evidence_html(P: PositionMatrix, documents: Mapping[str, str] | None) -> str:
    if P.evidence is None:
        return '<p class="na">This position matrix keeps no evidence.</p>'
    out = []
    for i, actor in enumerate(P.actors):
        for j, topic in enumerate(P.topics):
            records = [e for e in P.evidence if e.actor == actor and e.topic == topic]
            if not records:
                continue
            v = float(P.values[i, j])
            out.append(
                f'<div class="ev" id="{_cell_id(i, j)}"><h3>{escape(actor)} on '
                f"{escape(topic)}: {_fmt(v)} (n={int(P.counts[i, j])})</h3>"
            )
            out.extend(_statement_html(e, documents) for e in records)
            out.append("</div>")
    return "\n".join(out) if out else '<p class="na">No statement is on topic.</p>'


def _statement_html(e: Evidence, documents: Mapping[str, str] | None) -> str:
    where = [f"doc {escape(str(e.doc_id))}" if e.doc_id is not None else "doc ?"]
    if e.span is not None:
        where.append(f"chars {e.span[0]}–{e.span[1]}")
    if e.statement is not None:
        where.append(f"statement #{e.statement}")
    if e.date:
        where.append(escape(e.date))
    proba = ""
    if e.proba:
        proba = ", ".join(f"P({escape(k)})={v:.2f}" for k, v in e.proba.items())
    text = e.text
    flag = ""
    if documents is not None and e.doc_id is not None and e.doc_id in documents and e.span:
        source = documents[e.doc_id][e.span[0] : e.span[1]]
        if text is None:
            text = source
        elif source != text:
            flag = ' <span class="neg">(offsets do not match the document)</span>'
    quote = f"<blockquote>{escape(text)}</blockquote>" if text else ""
    score = f"score {_fmt(e.score)}, weight {_fmt(e.weight, sign=False)}"
    return (
        f'<div>{quote}<div class="meta">{"; ".join(where)}; {score}'
        f"{'; ' + proba if proba else ''}{flag}</div></div>"
    )
