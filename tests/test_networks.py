import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from stancekit._paths import data_dir
from stancekit.networks import (
    NORMALIZATIONS,
    NetworkRecord,
    actor_network,
    count_tensor,
    network_records,
)
from stancekit.positions import Evidence, position_matrix

# Three actors on two concepts, worked out by hand.
#   A: tax agree x2 (doc d1), tax disagree x1 (d2)    -> 3 statements
#   B: tax agree x1 (d1), war agree x1 (d1)           -> 2 statements
#   C: tax disagree x1 (d3), war agree x1 (d3)        -> 2 statements
TOY = [
    ("A", "tax", True, "d1"),
    ("A", "tax", 1, "d1"),
    ("A", "tax", False, "d2"),
    ("B", "tax", True, "d1"),
    ("B", "war", True, "d1"),
    ("C", "tax", -1, "d3"),
    ("C", "war", 1, "d3"),
]
# congruence A-B: tax agree 2*1 = 2; A-C: tax disagree 1*1 = 1; B-C: war agree 1*1 = 1
# conflict   A-B: tax disagree-agree 1*1 = 1; A-C: tax agree-disagree 2*1 = 2; B-C: tax 1*1 = 1
CONGRUENCE = np.array([[0, 2, 1], [2, 0, 1], [1, 1, 0]], dtype=float)
CONFLICT = np.array([[0, 1, 2], [1, 0, 1], [2, 1, 0]], dtype=float)
ACTIVITY = np.array([3.0, 2.0, 2.0])
AVERAGE = (ACTIVITY[:, None] + ACTIVITY[None, :]) / 2
COSINE = ACTIVITY[:, None] * ACTIVITY[None, :]
# Jaccard (DNA): cells (tax-, tax+, war-, war+): A (1, 2, 0, 0), B (0, 1, 0, 1), C (1, 0, 0, 1)
#   A-B: m11 = 2*1 = 2, m10 = A where B empty = 1, m01 = B where A empty = 1 -> 4
#   A-C: m11 = 1, m10 = 2, m01 = 1 -> 4;  B-C: m11 = 1, m10 = 1, m01 = 1 -> 3
JACCARD = np.array([[1, 4, 4], [4, 1, 3], [4, 3, 1]], dtype=float)


def off_diagonal(M):
    M = M.copy()
    np.fill_diagonal(M, 0)
    return M


@pytest.mark.parametrize(
    "kind, normalization, expected",
    [
        ("congruence", "no", CONGRUENCE),
        ("conflict", "no", CONFLICT),
        ("subtract", "no", CONGRUENCE - CONFLICT),
        ("congruence", "average", off_diagonal(CONGRUENCE / AVERAGE)),
        ("conflict", "average", off_diagonal(CONFLICT / AVERAGE)),
        ("congruence", "jaccard", off_diagonal(CONGRUENCE / JACCARD)),
        ("congruence", "cosine", off_diagonal(CONGRUENCE / COSINE)),
        ("subtract", "average", off_diagonal((CONGRUENCE - CONFLICT) / AVERAGE)),
    ],
)
def test_toy(kind, normalization, expected):
    N = actor_network(TOY, kind, normalization)
    assert N.actors == ["A", "B", "C"]
    assert_allclose(N.weights, expected)
    assert_array_equal(N.activity, ACTIVITY)


def test_duplicates_within_document():
    # A's two tax agreements in d1 count once: congruence A-B = 1, activity A = 2
    N = actor_network(TOY, duplicates="document")
    assert N.weights[0, 1] == 1.0
    assert_array_equal(N.activity, [2, 2, 2])


def test_count_tensor_and_time_window():
    dated = [NetworkRecord("A", "t", True, "d1", "2005-01-01"),
             NetworkRecord("B", "t", True, "d2", "2005-03-01")]  # fmt: skip
    actors, concepts, C = count_tensor(dated, start="2005-02-01")
    assert actors == ["B"] and concepts == ["t"]
    assert_array_equal(C, [[[0, 1]]])


def test_network_records_from_positions():
    P = position_matrix(
        [Evidence("A", "t", 0.5, doc_id="d"), Evidence("B", "t", 0.8, doc_id="d"),
         Evidence("C", "t", -0.2, doc_id="d"), Evidence("D", "t", 0.0, doc_id="d")]
    )  # fmt: skip
    records = network_records(P)
    assert [(r.actor, r.agree) for r in records] == [("A", True), ("B", True), ("C", False)]
    N = actor_network(records, "conflict")
    assert N.weights[0, 2] == 1 and N.weights[0, 1] == 0


def test_exports(tmp_path):
    import networkx as nx

    N = actor_network(TOY, "congruence", "average")
    G = N.to_networkx()
    assert set(G.nodes) == {"A", "B", "C"}
    assert G["A"]["B"]["weight"] == pytest.approx(2 / 2.5)
    for write, read in ((N.write_graphml, nx.read_graphml), (N.write_gexf, nx.read_gexf)):
        H = read(write(tmp_path / f"net.{write.__name__}"))
        assert H.number_of_edges() == 3
        weights = sorted(float(d["weight"]) for _, _, d in H.edges(data=True))
        assert_allclose(weights, sorted([2 / 2.5, 1 / 2.5, 1 / 2]))
    frame = N.to_frame()
    assert list(frame.columns) == ["source", "target", "weight"] and len(frame) == 3


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"kind": "agreement"}, ValueError, r"'kind' parameter .* Got 'agreement'"),
        ({"normalization": "prominence"}, ValueError, r"must be one of \['no', 'average'"),
        ({"duplicates": "week"}, ValueError, r"'duplicates' parameter must be one of"),
        ({"actors": ["A"]}, ValueError, r"actors not in the given actors: \['B', 'C'\]"),
    ],
)
def test_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        actor_network(TOY, **kwargs)


@pytest.mark.parametrize(
    "records, match",
    [
        ([("A", "t")], r"each record must be \(actor, concept, agree"),
        ([("A", "t", 2)], "agree must be True/1 .* got 2 at index 0"),
        ([("A", "t", True, None)], None),
    ],
)
def test_record_errors(records, match):
    if match is None:
        with pytest.raises(ValueError, match="needs a doc_id"):
            actor_network(records, duplicates="document")
    else:
        with pytest.raises(ValueError, match=match):
            actor_network(records)


def test_registry():
    assert list(NORMALIZATIONS) == ["no", "average", "jaccard", "cosine"]


# -- the DNA sample database ------------------------------------------------------------------

DNA = data_dir() / "dna-sample" / "statements.csv"

EEA = "Energy and Environmental Analysis, Inc."
SENATE = "Senate"
EPA = "Environmental Protection Agency"
ASE = "Alliance to Save Energy"
SIERRA = "Sierra Club"
PIRG = "U.S. Public Interest Research Group"
NPRA = "National Petrochemical & Refiners Association"

# Statements per organisation, concept and agreement, counted by hand from statements.csv
# (40 DNA statements, the annotation left out). Concepts: econ = "CO2 legislation will not hurt
# the economy.", co2 = "Emissions legislation should regulate CO2.", legis = "There should be
# legislation to regulate emissions.", ghg = "Climate change is caused by greenhouse gases
# (CO2).", real = "Climate change is real and anthropogenic.", cap = "Cap and trade ...".
#   EEA     (doc 1): econ- 2, co2- 1, co2+ 1                       -> 4
#   Senate  (doc 2): econ- 2, legis+ 2, co2- 1                     -> 5
#   EPA     (doc 3): legis+ 10, econ- 1                            -> 11
#   ASE     (doc 4): co2+ 2, legis+ 1, ghg+ 1                      -> 4
#   Sierra  (doc 5): real+ 1, co2+ 1, econ+ 2, ghg+ 1, legis+ 1    -> 6
#   PIRG    (doc 6): real+ 2, econ+ 1, ghg+ 1, co2+ 1, cap+ 1      -> 6
#   NPRA    (doc 7): econ- 2, legis- 2                             -> 4
# Congruence = sum over concept and side of the products of the counts; average activity
# divides by the mean of the two organisations' statement counts:
DNA_CONGRUENCE = {
    (EEA, SENATE): (2 * 2 + 1 * 1) / ((4 + 5) / 2),  # econ-, co2-
    (EEA, EPA): (2 * 1) / ((4 + 11) / 2),  # econ-
    (EEA, ASE): (1 * 2) / ((4 + 4) / 2),  # co2+
    (EEA, SIERRA): (1 * 1) / ((4 + 6) / 2),  # co2+
    (EEA, PIRG): (1 * 1) / ((4 + 6) / 2),  # co2+
    (EEA, NPRA): (2 * 2) / ((4 + 4) / 2),  # econ-
    (SENATE, EPA): (2 * 1 + 2 * 10) / ((5 + 11) / 2),  # econ-, legis+
    (SENATE, ASE): (2 * 1) / ((5 + 4) / 2),  # legis+
    (SENATE, SIERRA): (2 * 1) / ((5 + 6) / 2),  # legis+
    (SENATE, PIRG): 0.0,
    (SENATE, NPRA): (2 * 2) / ((5 + 4) / 2),  # econ-
    (EPA, ASE): (10 * 1) / ((11 + 4) / 2),  # legis+
    (EPA, SIERRA): (10 * 1) / ((11 + 6) / 2),  # legis+
    (EPA, PIRG): 0.0,
    (EPA, NPRA): (1 * 2) / ((11 + 4) / 2),  # econ-
    (ASE, SIERRA): (2 * 1 + 1 * 1 + 1 * 1) / ((4 + 6) / 2),  # co2+, legis+, ghg+
    (ASE, PIRG): (2 * 1 + 1 * 1) / ((4 + 6) / 2),  # co2+, ghg+
    (ASE, NPRA): 0.0,
    (SIERRA, PIRG): (1 * 2 + 2 * 1 + 1 * 1 + 1 * 1) / ((6 + 6) / 2),  # real+, econ+, ghg+, co2+
    (SIERRA, NPRA): 0.0,
    (PIRG, NPRA): 0.0,
}


def test_dna_sample_organisation_congruence_average_activity():
    import pandas as pd

    assert DNA.is_file(), f"DNA sample not found at {DNA}; set STANCEKIT_DATA"
    rows = pd.read_csv(DNA)
    rows = rows[rows["statement_type"] == "DNA Statement"]
    records = pd.DataFrame(
        {
            "actor": rows["organization"],
            "concept": rows["concept"],
            "agreement": rows["agreement"].astype(int),
            "doc_id": rows["document_id"].astype(str),
        }
    )
    N = actor_network(records, "congruence", "average")
    assert sorted(N.actors) == sorted({a for pair in DNA_CONGRUENCE for a in pair})
    assert dict(zip(N.actors, N.activity.tolist())) == {
        EEA: 4, SENATE: 5, EPA: 11, ASE: 4, SIERRA: 6, PIRG: 6, NPRA: 4
    }  # fmt: skip
    for (a, b), expected in DNA_CONGRUENCE.items():
        i, j = N.actors.index(a), N.actors.index(b)
        assert N.weights[i, j] == pytest.approx(expected), (a, b)
        assert N.weights[j, i] == N.weights[i, j]
    assert (np.diag(N.weights) == 0).all()
    assert math.isclose(N.weights[N.actors.index(SENATE), N.actors.index(EPA)], 2.75)
