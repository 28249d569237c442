"""Actor networks from statements, as in Discourse Network Analyzer (DNA).

A statement says that an actor agrees or disagrees with a concept (a topic). Two actors are
*congruent* on a concept when they take the same side on it and in *conflict* when they take
opposite sides. Following DNA's one-mode export (Leifeld, ``Exporter.computeOneModeMatrix``),
with ``C[a, t, q]`` the number of statements of actor ``a`` on concept ``t`` with qualifier
``q`` (disagree, agree):

- congruence: ``sum_t sum_q C[a, t, q] * C[b, t, q]``
- conflict: ``sum_t sum_q C[a, t, q] * C[b, t, 1 - q]``
- subtract: congruence minus conflict (each normalized first).

Each edge is then divided by a normalization of :data:`NORMALIZATIONS` ("no", "average" for
average activity, "jaccard", "cosine"; DNA's definitions). The diagonal is 0. Duplicate control
("document") counts one statement per actor, concept, qualifier and document, as DNA's
"ignore duplicates within document".
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

from stancekit.positions import PositionMatrix, _as_day, _in_window

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "NETWORK_DUPLICATES",
    "NETWORK_KINDS",
    "NORMALIZATIONS",
    "Network",
    "NetworkRecord",
    "actor_network",
    "count_tensor",
    "network_records",
]

NETWORK_KINDS = ("congruence", "conflict", "subtract")
NETWORK_DUPLICATES = ("include", "document")


class NetworkRecord(NamedTuple):
    """One coded statement: ``actor`` agrees (or not) with ``concept``.

    Attributes
    ----------
    actor, concept : str
    agree : bool
        True for agreement, False for disagreement.
    doc_id : str or None
        Document, for duplicate control.
    date : str or None
        ISO date, for time windows.
    """

    actor: str
    concept: str
    agree: bool
    doc_id: str | None = None
    date: str | None = None


@dataclass(eq=False, repr=False)
class Network:
    """A weighted, undirected one-mode network of actors.

    Attributes
    ----------
    actors : list of str
        Nodes.
    weights : ndarray of shape (n_actors, n_actors)
        Symmetric edge weights, 0 on the diagonal and where there is no edge.
    kind : {"congruence", "conflict", "subtract"}
    normalization : str
        A key of :data:`NORMALIZATIONS`.
    activity : ndarray of shape (n_actors,)
        Number of statements of each actor (after duplicate control).
    """

    actors: list[str]
    weights: np.ndarray
    kind: str
    normalization: str
    activity: np.ndarray

    def __repr__(self) -> str:
        n = len(self.actors)
        edges = int(np.count_nonzero(np.triu(self.weights, 1)))
        return (
            f"Network({self.kind}, normalization={self.normalization!r}, {n} actors, {edges} edges)"
        )

    def to_frame(self) -> pd.DataFrame:
        """Edge list as a DataFrame with columns source, target, weight (each edge once)."""
        import pandas as pd

        i, j = np.triu_indices(len(self.actors), k=1)
        keep = self.weights[i, j] != 0
        names = np.asarray(self.actors, dtype=object)
        return pd.DataFrame(
            {"source": names[i[keep]], "target": names[j[keep]], "weight": self.weights[i, j][keep]}
        )

    def to_networkx(self) -> nx.Graph:
        """A ``networkx.Graph``: every actor a node (with its activity), every nonzero weight an
        edge (attribute ``weight``)."""
        import networkx as nx

        G = nx.Graph(kind=self.kind, normalization=self.normalization)
        for actor, n in zip(self.actors, self.activity.tolist()):
            G.add_node(actor, activity=float(n))
        i, j = np.nonzero(np.triu(self.weights, 1))
        G.add_weighted_edges_from(
            (self.actors[a], self.actors[b], float(self.weights[a, b])) for a, b in zip(i, j)
        )
        return G

    def write_graphml(self, path: str | Path) -> Path:
        """Write the network as GraphML (readable by Gephi, visone, igraph); return the path."""
        import networkx as nx

        path = Path(path)
        nx.write_graphml(self.to_networkx(), path)
        return path

    def write_gexf(self, path: str | Path) -> Path:
        """Write the network as GEXF (Gephi's format); return the path."""
        import networkx as nx

        path = Path(path)
        nx.write_gexf(self.to_networkx(), path)
        return path


# -- normalizations: (C of shape (A, T, 2)) -> denominators of shape (A, A) ------------------


def _activity(C: np.ndarray) -> np.ndarray:
    return C.sum(axis=(1, 2))


def _no_normalization(C: np.ndarray) -> np.ndarray:
    return np.ones((C.shape[0], C.shape[0]))


def _average_activity(C: np.ndarray) -> np.ndarray:
    """``(n_a + n_b) / 2``, with ``n_a`` the number of statements of ``a``."""
    n = _activity(C)
    return (n[:, None] + n[None, :]) / 2.0


def _jaccard(C: np.ndarray) -> np.ndarray:
    """DNA's Jaccard: ``m10 + m01 + m11`` over concept x qualifier cells, where ``m10`` sums
    ``a``'s counts in cells ``b`` leaves empty and ``m11`` sums the products of counts."""
    F = C.reshape(C.shape[0], -1)
    empty = (F == 0).astype(float)
    m11 = F @ F.T
    m10 = F @ empty.T
    return m11 + m10 + m10.T


def _cosine(C: np.ndarray) -> np.ndarray:
    """DNA's cosine denominator, ``n_a * n_b`` (``sqrt(n_a^2) * sqrt(n_b^2)`` in its code)."""
    n = _activity(C)
    return n[:, None] * n[None, :]


NORMALIZATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "no": _no_normalization,
    "average": _average_activity,
    "jaccard": _jaccard,
    "cosine": _cosine,
}


def count_tensor(
    records: Iterable[Any] | pd.DataFrame,
    *,
    actors: Sequence[str] | None = None,
    concepts: Sequence[str] | None = None,
    duplicates: Literal["include", "document"] = "include",
    start: Any = None,
    end: Any = None,
) -> tuple[list[str], list[str], np.ndarray]:
    """Count statements per actor, concept and qualifier.

    Parameters
    ----------
    records : iterable of NetworkRecord or tuple, or pandas.DataFrame
        ``(actor, concept, agree[, doc_id[, date]])`` with ``agree`` True/1 (agree) or
        False/0/-1 (disagree); or a DataFrame with columns actor, concept, agreement and
        optionally doc_id, date.
    actors, concepts : sequence of str, optional
        Rows and columns; default: those of the records (actors sorted, concepts in first-seen
        order).
    duplicates : {"include", "document"}, default="include"
        "document": count a statement once per actor, concept, qualifier and document.
    start, end : ISO date, optional
        Keep only the records dated in ``[start, end)`` (undated ones are then left out).

    Returns
    -------
    actors : list of str
    concepts : list of str
    C : ndarray of shape (n_actors, n_concepts, 2)
        ``C[a, t, 0]`` disagreements, ``C[a, t, 1]`` agreements.

    Raises
    ------
    ValueError
        If a record is malformed, an agreement is not one of the allowed values, an actor or
        concept is not in the given lists, or an option is unknown.
    """
    if duplicates not in NETWORK_DUPLICATES:
        raise ValueError(
            f"The 'duplicates' parameter must be one of {list(NETWORK_DUPLICATES)}. "
            f"Got {duplicates!r} instead."
        )
    rows = _records(records)
    lo, hi = _as_day(start, "start"), _as_day(end, "end")
    rows = [r for r in rows if _in_window(r.date, lo, hi)]
    if duplicates == "document":
        missing = [i for i, r in enumerate(rows) if r.doc_id is None]
        if missing:
            raise ValueError(
                f"duplicates='document' needs a doc_id on every record; record {missing[0]} "
                "has none"
            )
        first: dict[tuple[Any, ...], NetworkRecord] = {}
        for r in rows:
            first.setdefault((r.actor, r.concept, r.agree, r.doc_id), r)
        rows = list(first.values())
    actor_names = sorted({r[0] for r in rows}) if actors is None else list(actors)
    concept_names = list(dict.fromkeys(r[1] for r in rows)) if concepts is None else list(concepts)
    a_index = {a: i for i, a in enumerate(actor_names)}
    c_index = {c: j for j, c in enumerate(concept_names)}
    unknown_actors = sorted({r.actor for r in rows if r.actor not in a_index})
    if unknown_actors:
        raise ValueError(f"records have actors not in the given actors: {unknown_actors}")
    unknown_concepts = sorted({r.concept for r in rows if r.concept not in c_index})
    if unknown_concepts:
        raise ValueError(f"records have concepts not in the given concepts: {unknown_concepts}")
    C = np.zeros((len(actor_names), len(concept_names), 2))
    if rows:
        a = np.fromiter((a_index[r[0]] for r in rows), dtype=np.intp, count=len(rows))
        c = np.fromiter((c_index[r[1]] for r in rows), dtype=np.intp, count=len(rows))
        q = np.fromiter((bool(r[2]) for r in rows), dtype=np.intp, count=len(rows))
        np.add.at(C, (a, c, q), 1.0)
    return actor_names, concept_names, C


def actor_network(
    records: Iterable[Any] | pd.DataFrame,
    kind: Literal["congruence", "conflict", "subtract"] = "congruence",
    normalization: str = "no",
    *,
    actors: Sequence[str] | None = None,
    concepts: Sequence[str] | None = None,
    duplicates: Literal["include", "document"] = "include",
    start: Any = None,
    end: Any = None,
) -> Network:
    """DNA's one-mode actor network: congruence, conflict or subtract.

    Parameters
    ----------
    records : iterable of NetworkRecord or tuple, or pandas.DataFrame
        See :func:`count_tensor`; :func:`network_records` makes them from a PositionMatrix.
    kind : {"congruence", "conflict", "subtract"}, default="congruence"
    normalization : {"no", "average", "jaccard", "cosine"}, default="no"
        A key of :data:`NORMALIZATIONS`. Pairs whose denominator is 0 get weight 0.
    actors, concepts, duplicates, start, end
        See :func:`count_tensor`.

    Returns
    -------
    Network

    Raises
    ------
    ValueError
        If ``kind`` or ``normalization`` is unknown, or the records are malformed.

    Examples
    --------
    >>> from stancekit.networks import actor_network
    >>> N = actor_network([("A", "tax", True), ("B", "tax", True), ("B", "tax", True),
    ...                    ("C", "tax", False)], "congruence", "average")
    >>> N.actors, N.weights.round(3).tolist()
    (['A', 'B', 'C'], [[0.0, 1.333, 0.0], [1.333, 0.0, 0.0], [0.0, 0.0, 0.0]])
    """
    if kind not in NETWORK_KINDS:
        raise ValueError(
            f"The 'kind' parameter of actor_network must be one of {list(NETWORK_KINDS)}. "
            f"Got {kind!r} instead."
        )
    if normalization not in NORMALIZATIONS:
        raise ValueError(
            f"The 'normalization' parameter of actor_network must be one of "
            f"{list(NORMALIZATIONS)}. Got {normalization!r} instead."
        )
    names, _, C = count_tensor(
        records, actors=actors, concepts=concepts, duplicates=duplicates, start=start, end=end
    )
    disagree, agree = C[:, :, 0], C[:, :, 1]
    congruence = agree @ agree.T + disagree @ disagree.T
    conflict = agree @ disagree.T
    conflict += conflict.T
    raw = {
        "congruence": congruence,
        "conflict": conflict,
        "subtract": congruence - conflict,
    }[kind]
    norm = NORMALIZATIONS[normalization](C)
    W = np.zeros_like(raw)
    np.divide(raw, norm, out=W, where=norm > 0)
    np.fill_diagonal(W, 0.0)
    return Network(names, W, kind, normalization, _activity(C))


def network_records(P: PositionMatrix) -> list[NetworkRecord]:
    """DNA-style records from a PositionMatrix's evidence: one per statement that takes a side.

    A statement with score > 0 agrees with its topic, < 0 disagrees; a score of exactly 0
    takes no side and is left out.

    Raises
    ------
    ValueError
        If the matrix keeps no evidence.
    """
    if P.evidence is None:
        raise ValueError(
            "network_records needs a PositionMatrix with evidence; build it with "
            "position_matrix or positions_from_stances"
        )
    return [
        NetworkRecord(e.actor, e.topic, e.score > 0, e.doc_id, e.date)
        for e in P.evidence
        if e.score != 0
    ]


def _records(records: Iterable[Any] | pd.DataFrame) -> list[NetworkRecord]:
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(records, pandas.DataFrame):
        missing = [c for c in ("actor", "concept", "agreement") if c not in records.columns]
        if missing:
            raise ValueError(
                "records DataFrame must have columns ['actor', 'concept', 'agreement'] and "
                f"optionally 'doc_id', 'date'; missing {missing}, got {list(records.columns)}"
            )
        n = len(records)
        doc = records["doc_id"].tolist() if "doc_id" in records.columns else [None] * n
        date = records["date"].tolist() if "date" in records.columns else [None] * n
        items: Iterable[Any] = zip(
            records["actor"].tolist(),
            records["concept"].tolist(),
            records["agreement"].tolist(),
            doc,
            date,
        )
    elif isinstance(records, (str, bytes)):
        raise TypeError("records must be an iterable of tuples or a DataFrame; got a string")
    else:
        items = records
    out = []
    for i, r in enumerate(items):
        if isinstance(r, (str, bytes)) or not 3 <= len(r) <= 5:
            raise ValueError(
                f"each record must be (actor, concept, agree[, doc_id[, date]]); got {r!r} at "
                f"index {i}"
            )
        actor, concept, agree = r[0], r[1], r[2]
        if not isinstance(actor, str) or not isinstance(concept, str):
            raise TypeError(f"actor and concept must be strings; got {r[:2]!r} at index {i}")
        if agree in (True, 1):
            flag = True
        elif agree in (False, 0, -1):
            flag = False
        else:
            raise ValueError(
                f"agree must be True/1 (agree) or False/0/-1 (disagree); got {agree!r} at index {i}"
            )
        doc_id = r[3] if len(r) > 3 and isinstance(r[3], str) else None
        date = r[4] if len(r) > 4 else None
        day = _as_day(date, f"date of record {i}")
        out.append(NetworkRecord(actor, concept, flag, doc_id, None if day is None else str(day)))
    return out
