import json
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from stancekit.positions import (
    PositionMatrix,
    combine,
    position_matrix,
    positions_from_stances,
)

# Worked out by hand: actors sorted, topics in first-seen order.
#   Bennett: iran_deal -0.6;                      gulf: no evidence
#   Biden:   iran_deal  0.5;                      gulf: (1.0 * 1 + 0.5 * 3) / 4 = 0.625
#   Raisi:   iran_deal (0.25 - 0.75) / 2 = -0.25; gulf: -1.0
RECORDS = [
    ("Biden", "iran_deal", 0.5),
    ("Bennett", "iran_deal", -0.6),
    ("Biden", "gulf", 1.0),
    ("Biden", "gulf", 0.5, 3.0),
    ("Raisi", "iran_deal", 0.25),
    ("Raisi", "iran_deal", -0.75),
    ("Raisi", "gulf", -1.0),
]
ACTORS = ["Bennett", "Biden", "Raisi"]
TOPICS = ["iran_deal", "gulf"]
VALUES = np.array([[-0.6, np.nan], [0.5, 0.625], [-0.25, -1.0]])
COUNTS = np.array([[1, 0], [1, 2], [2, 1]])
WEIGHTS = np.array([[1.0, 0.0], [1.0, 4.0], [2.0, 1.0]])
SUMS = np.array([[-0.6, 0.0], [0.5, 2.5], [-0.5, -1.0]])


def assert_same(P: PositionMatrix, Q: PositionMatrix) -> None:
    assert P.actors == Q.actors
    assert P.topics == Q.topics
    assert_array_equal(P.values, Q.values)
    assert_array_equal(P.counts, Q.counts)
    assert_array_equal(P.weights, Q.weights)
    assert_array_equal(P.sums, Q.sums)


def test_position_matrix_toy():
    P = position_matrix(RECORDS)
    assert P.actors == ACTORS
    assert P.topics == TOPICS
    assert_allclose(P.values, VALUES)
    assert_array_equal(P.counts, COUNTS)
    assert P.counts.dtype.kind == "i"
    assert_allclose(P.weights, WEIGHTS)
    assert_allclose(P.sums, SUMS)
    assert P.shape == (3, 2)


@pytest.mark.parametrize(
    "actor, topic, expected",
    [("Bennett", "iran_deal", -0.6), ("Biden", "gulf", 0.625), ("Raisi", "iran_deal", -0.25)],
)
def test_loc(actor, topic, expected):
    assert position_matrix(RECORDS).loc(actor, topic) == pytest.approx(expected)


def test_loc_missing_cell_is_nan():
    assert math.isnan(position_matrix(RECORDS).loc("Bennett", "gulf"))


@pytest.mark.parametrize(
    "actor, topic, match",
    [("Putin", "gulf", "unknown actor 'Putin'"), ("Biden", "trade", "unknown topic 'trade'")],
)
def test_loc_unknown(actor, topic, match):
    with pytest.raises(KeyError, match=match):
        position_matrix(RECORDS).loc(actor, topic)


def test_fixed_actors_and_topics_add_empty_rows_and_columns():
    P = position_matrix(
        RECORDS,
        actors=["Raisi", "Putin", "Biden", "Bennett"],
        topics=["gulf", "trade", "iran_deal"],
    )
    assert P.actors == ["Raisi", "Putin", "Biden", "Bennett"]
    assert P.topics == ["gulf", "trade", "iran_deal"]
    expected = np.array(
        [[-1.0, np.nan, -0.25], [np.nan] * 3, [0.625, np.nan, 0.5], [np.nan, np.nan, -0.6]]
    )
    assert_allclose(P.values, expected)
    assert_array_equal(P.counts[1], [0, 0, 0])
    assert_array_equal(P.counts[:, 1], [0, 0, 0, 0])


def test_empty_records_with_fixed_labels():
    P = position_matrix([], actors=["a", "b"], topics=["t"])
    assert P.values.shape == (2, 1)
    assert np.isnan(P.values).all()
    assert_array_equal(P.counts, [[0], [0]])


def test_zero_weight_counts_but_gives_no_value():
    P = position_matrix([("a", "t", 0.5, 0.0)])
    assert_array_equal(P.counts, [[1]])
    assert np.isnan(P.values).all()


def test_dataframe_input_matches_tuples():
    import pandas as pd

    rows = [r if len(r) == 4 else (*r, 1.0) for r in RECORDS]
    frame = pd.DataFrame(rows, columns=["actor", "topic", "score", "weight"])
    assert_same(position_matrix(frame), position_matrix(RECORDS))


def test_dataframe_without_weight_column():
    import pandas as pd

    frame = pd.DataFrame(
        {"actor": ["a", "a", "b"], "topic": ["t", "t", "t"], "score": [0.5, 0.0, -1.0]}
    )
    P = position_matrix(frame)
    assert_allclose(P.values, [[0.25], [-1.0]])
    assert_array_equal(P.weights, [[2.0], [1.0]])


def test_dataframe_missing_column():
    import pandas as pd

    frame = pd.DataFrame({"actor": ["a"], "stance": [0.5]})
    with pytest.raises(ValueError, match=r"must have columns.*missing \['topic', 'score'\]"):
        position_matrix(frame)


# -- merging ---------------------------------------------------------------------------------


def test_merge_of_split_records_is_exact():
    # Scores and weights are dyadic rationals, so the sums are exact in floating point.
    P = position_matrix(RECORDS)
    merged = position_matrix(RECORDS[:3]).merge(position_matrix(RECORDS[3:]))
    assert_same(merged, P)


def test_combine_many_parts_disjoint_labels():
    parts = [position_matrix([r]) for r in RECORDS]
    assert_same(combine(parts), position_matrix(RECORDS))


def test_merge_random_split():
    rng = np.random.default_rng(0)
    n = 500
    records = [
        (f"actor{rng.integers(20)}", f"topic{rng.integers(8)}", rng.uniform(-1, 1), rng.random())
        for _ in range(n)
    ]
    full = position_matrix(records)
    cut = rng.permutation(n)
    parts = [position_matrix([records[i] for i in idx]) for idx in np.array_split(cut, 4)]
    merged = combine(parts).subset(topics=full.topics)
    assert merged.actors == full.actors
    assert_array_equal(merged.counts, full.counts)
    assert_allclose(merged.sums, full.sums, rtol=1e-12, atol=1e-12)
    assert_allclose(merged.weights, full.weights, rtol=1e-12)
    assert_allclose(merged.values, full.values, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    "matrices, error, match",
    [
        ([], ValueError, "at least one PositionMatrix"),
        (["x"], TypeError, "must contain PositionMatrix objects; got str at index 0"),
    ],
)
def test_combine_errors(matrices, error, match):
    with pytest.raises(error, match=match):
        combine(matrices)


def test_merge_rejects_other_types():
    with pytest.raises(TypeError, match="other must be a PositionMatrix; got dict"):
        position_matrix(RECORDS).merge({})


# -- views and serialization -------------------------------------------------------------------


def test_subset_orders_and_restricts():
    S = position_matrix(RECORDS).subset(actors=["Raisi", "Bennett"], topics=["gulf"])
    assert S.actors == ["Raisi", "Bennett"]
    assert S.topics == ["gulf"]
    assert_allclose(S.values, [[-1.0], [np.nan]])
    assert_array_equal(S.counts, [[1], [0]])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"actors": ["Putin"]}, r"unknown actors \['Putin'\]; known actors are"),
        ({"topics": ["trade"]}, r"unknown topics \['trade'\]; known topics are"),
    ],
)
def test_subset_unknown(kwargs, match):
    with pytest.raises(ValueError, match=match):
        position_matrix(RECORDS).subset(**kwargs)


def test_to_frame_long():
    import pandas  # noqa: F401  (a dev dependency)

    frame = position_matrix(RECORDS).to_frame()
    assert list(frame.columns) == ["actor", "topic", "value", "count", "weight", "sum"]
    assert len(frame) == 5  # Bennett has no gulf position
    row = frame[(frame.actor == "Biden") & (frame.topic == "gulf")].iloc[0]
    assert row["value"] == pytest.approx(0.625)
    assert row["count"] == 2
    assert len(position_matrix(RECORDS).to_frame(dropna=False)) == 6


def test_to_frame_wide():
    import pandas  # noqa: F401  (a dev dependency)

    frame = position_matrix(RECORDS).to_frame("wide")
    assert list(frame.index) == ACTORS
    assert list(frame.columns) == TOPICS
    assert_allclose(frame.to_numpy(), VALUES)


def test_to_frame_bad_form():
    import pandas  # noqa: F401  (a dev dependency)

    with pytest.raises(ValueError, match=r"form must be one of \['long', 'wide'\]; got 'tall'"):
        position_matrix(RECORDS).to_frame("tall")


def test_to_dict_is_json_and_round_trips():
    P = position_matrix(RECORDS)
    d = json.loads(json.dumps(P.to_dict()))
    assert d["actors"] == ACTORS
    assert d["values"][0][1] is None
    assert d["counts"] == COUNTS.tolist()
    assert_same(PositionMatrix.from_dict(d), P)


def test_repr():
    assert repr(position_matrix(RECORDS)) == (
        "PositionMatrix(3 actors x 2 topics, 5 cells with evidence, 7 records)"
    )


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "records, error, match",
    [
        ([("a", "t", 1.5)], ValueError, r"score must be in \[-1, 1\]; got 1.5 in record 0"),
        ([("a", "t", 0.1), ("a", "t", -2)], ValueError, r"score must be in .*got -2.0 in record 1"),
        ([("a", "t", float("nan"))], ValueError, r"score must be a number in \[-1, 1\]; got nan"),
        ([("a", "t", "high")], ValueError, "score must be numbers"),
        ([("a", "t", 0.5, -1.0)], ValueError, r"weight must be finite and >= 0; got -1.0"),
        ([("a", "t", 0.5, float("inf"))], ValueError, r"weight must be finite and >= 0; got inf"),
        ([("a", "t")], ValueError, r"each record must be \(actor, topic, score\)"),
        ([("a", "t", 0.5, 1.0, "x")], ValueError, "each record must be"),
        ([(1, "t", 0.5)], TypeError, "actor must be a string; got int 1 in record 0"),
        ([("a", None, 0.5)], TypeError, "topic must be a string; got NoneType"),
        ("a,t,0.5", TypeError, "records must be an iterable of tuples or a DataFrame"),
    ],
)
def test_position_matrix_errors(records, error, match):
    with pytest.raises(error, match=match):
        position_matrix(records)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"actors": ["Biden"]},
            ValueError,
            r"actors not in the given actors: \['Bennett', 'Raisi'\]",
        ),
        ({"topics": ["gulf"]}, ValueError, r"topics not in the given topics: \['iran_deal'\]"),
        ({"actors": ["a", "a"]}, ValueError, r"actors must be unique; got duplicates \['a'\]"),
        ({"topics": "gulf"}, TypeError, "topics must be a sequence of strings; got the string"),
    ],
)
def test_position_matrix_label_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        position_matrix(RECORDS, **kwargs)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"sums": np.zeros((2, 2))}, r"sums must have shape \(n_actors, n_topics\) = \(1, 2\)"),
        ({"weights": -np.ones((1, 2))}, "weights must be finite and >= 0"),
        ({"counts": np.full((1, 2), 0.5)}, "counts must be integers >= 0"),
        ({"sums": np.full((1, 2), np.nan)}, "sums must be finite"),
    ],
)
def test_position_matrix_class_validates(kwargs, match):
    args = {
        "actors": ["a"],
        "topics": ["t", "u"],
        "sums": np.zeros((1, 2)),
        "weights": np.ones((1, 2)),
        "counts": np.ones((1, 2), dtype=int),
    }
    with pytest.raises(ValueError, match=match):
        PositionMatrix(**(args | kwargs))


# -- from stance probabilities -----------------------------------------------------------------

# Columns: against, favor, none.
PROBA = np.array(
    [
        [0.1, 0.8, 0.1],  # Biden iran_deal: score 0.7, relevance 0.9
        [0.0, 0.6, 0.4],  # Biden iran_deal: score 0.6, relevance 0.6
        [0.2, 0.2, 0.6],  # Biden gulf: relevance 0.4 -> left out
        [0.7, 0.1, 0.2],  # Raisi iran_deal: score -0.6, relevance 0.8
    ]
)
STANCE_ACTORS = ["Biden", "Biden", "Biden", "Raisi"]
STANCE_TOPICS = ["iran_deal", "iran_deal", "gulf", "iran_deal"]


@pytest.mark.parametrize(
    "weighting, expected",
    [
        ("none", [[0.65, np.nan], [-0.6, np.nan]]),
        # (0.7 * 0.9 + 0.6 * 0.6) / (0.9 + 0.6) = 0.66
        ("confidence", [[0.66, np.nan], [-0.6, np.nan]]),
    ],
)
def test_positions_from_stances(weighting, expected):
    P = positions_from_stances(STANCE_ACTORS, STANCE_TOPICS, PROBA, weighting=weighting)
    assert P.actors == ["Biden", "Raisi"]
    assert P.topics == ["iran_deal", "gulf"]  # gulf kept as an empty column
    assert_allclose(P.values, expected)
    assert_array_equal(P.counts, [[2, 0], [1, 0]])


def test_positions_from_stances_class_order():
    order = [2, 0, 1]
    P = positions_from_stances(
        STANCE_ACTORS, STANCE_TOPICS, PROBA[:, order], classes=("none", "against", "favor")
    )
    assert_allclose(P.values, [[0.65, np.nan], [-0.6, np.nan]])


@pytest.mark.parametrize(
    "p_none, min_relevance, kept",
    [
        (0.3, 0.5, True),  # relevance 0.7 > 0.5
        (0.5, 0.5, False),  # relevance 0.5 is not > 0.5: P(none) < 0.5 is required
        (0.49, 0.5, True),
        (0.3, 0.6, True),
        (0.3, 0.7, False),
        (0.3, 0.8, False),  # a higher bar keeps fewer rows
        (0.0, 0.0, True),
        (1.0, 0.0, False),
    ],
)
def test_min_relevance_rule(p_none, min_relevance, kept):
    proba = np.array([[0.0, 1.0 - p_none, p_none]])
    P = positions_from_stances(["a"], ["t"], proba, min_relevance=min_relevance)
    assert P.counts[0, 0] == int(kept)


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        ((["a"], ["t", "t"], PROBA[:1]), {}, "must have the same length; got 1, 2 and 1"),
        ((["a"], ["t"], PROBA[:2]), {}, "must have the same length; got 1, 1 and 2"),
        ((["a"], ["t"], [[0.5, 0.5]]), {}, r"proba must have shape \(n_rows, 3\)"),
        ((["a"], ["t"], [[0.5, 0.4, 0.0]]), {}, r"rows must sum to 1 \(within 1e-4\); row 0"),
        ((["a"], ["t"], [[1.5, -0.5, 0.0]]), {}, r"proba must hold probabilities in \[0, 1\]"),
        (
            (["a"], ["t"], [[0.5, 0.5, 0.0]], ("con", "pro", "none")),
            {},
            r"classes must contain \['against', 'favor', 'none'\].*missing \['against', 'favor'\]",
        ),
        (
            (["a"], ["t"], [[0.5, 0.5, 0.0]], ("none", "none", "favor")),
            {},
            "classes must be unique",
        ),
        (
            (["a"], ["t"], PROBA[:1]),
            {"weighting": "softmax"},
            r"The 'weighting' parameter of positions_from_stances must be one of "
            r"\['none', 'confidence'\]. Got 'softmax' instead.",
        ),
        ((["a"], ["t"], PROBA[:1]), {"min_relevance": 1.5}, r"min_relevance must be a float in"),
        ((["a"], ["t"], PROBA[:1]), {"min_relevance": "high"}, "got 'high'"),
    ],
)
def test_positions_from_stances_errors(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        positions_from_stances(*args, **kwargs)


def test_positions_from_stances_tolerates_rounding():
    proba = np.array([[0.0, 1.00005, 0.0]])
    with pytest.raises(ValueError, match="proba must hold probabilities"):
        positions_from_stances(["a"], ["t"], proba)
    proba = np.array([[0.33333, 0.33333, 0.33333]])  # sums to 0.99999
    P = positions_from_stances(["a"], ["t"], proba)
    assert P.values[0, 0] == pytest.approx(0.0)


# -- evidence, duplicate control, bootstrap intervals, time windows ---------------------------

from stancekit.positions import Evidence, bootstrap_positions, time_windows  # noqa: E402

# Biden speaks three times on iran_deal: twice in d1 (+1.0, +0.5), once in d2 (-0.5).
# keep:     (1.0 + 0.5 - 0.5) / 3 = 1/3, count 3
# document: d1 -> 0.75, d2 -> -0.5: (0.75 - 0.5) / 2 = 0.125, count 2
DATED = [
    Evidence("Biden", "iran_deal", 1.0, doc_id="d1", date="2015-09-01", span=(0, 10)),
    Evidence("Biden", "iran_deal", 0.5, doc_id="d1", date="2015-09-01", span=(20, 30)),
    Evidence("Biden", "iran_deal", -0.5, doc_id="d2", date="2015-09-20", span=(5, 9)),
    Evidence("Raisi", "iran_deal", -1.0, doc_id="d2", date="2015-09-20"),
]


@pytest.mark.parametrize(
    "duplicates, value, count",
    [("keep", 1 / 3, 3), ("document", 0.125, 2)],
)
def test_duplicates(duplicates, value, count):
    P = position_matrix(DATED, duplicates=duplicates)
    assert P.loc("Biden", "iran_deal") == pytest.approx(value)
    assert P.counts[0, 0] == count
    assert len(P.evidence_for("Biden", "iran_deal")) == 3  # evidence keeps every statement


def test_evidence_for_and_subset_keep_the_records():
    P = position_matrix(DATED)
    assert [e.span for e in P.evidence_for("Biden", "iran_deal")] == [(0, 10), (20, 30), (5, 9)]
    Q = P.subset(actors=["Raisi"])
    assert Q.evidence == [DATED[3]]
    assert_allclose(bootstrap_positions(Q, 5, random_state=0), -1.0)


def test_evidence_for_errors():
    with pytest.raises(KeyError, match="unknown actor 'Nobody'"):
        position_matrix(DATED).evidence_for("Nobody", "iran_deal")
    hand_made = PositionMatrix(
        ["a"], ["t"], np.zeros((1, 1)), np.ones((1, 1)), np.ones((1, 1), int)
    )
    with pytest.raises(ValueError, match="keeps no evidence"):
        hand_made.evidence_for("a", "t")


def test_bootstrap_values_come_from_the_cells_records():
    P = position_matrix([("A", "t", 1.0), ("A", "t", -1.0), ("B", "t", 0.5), ("B", "u", 0.2)])
    B = bootstrap_positions(P, 300, random_state=1)
    assert B.shape == (300, 2, 2)
    assert set(np.unique(B[:, 0, 0]).tolist()) == {-1.0, 0.0, 1.0}  # means of 2 draws of +-1
    assert_array_equal(B[:, 1, 0], 0.5)  # one record: no spread
    assert np.isnan(B[:, 0, 1]).all()  # A has no position on u


def test_intervals_cover_the_value_and_are_reproducible():
    rng = np.random.default_rng(0)
    records = [("A", "t", float(s)) for s in rng.uniform(-0.2, 0.8, 40)]
    P = position_matrix(records, n_boot=500, random_state=0)
    Q = position_matrix(records, n_boot=500, random_state=0)
    assert P.level == 0.95
    assert P.lower[0, 0] < P.values[0, 0] < P.upper[0, 0]
    # the 95% interval of a mean of 40 draws from U(-0.2, 0.8) is about +-2 * 0.289 / sqrt(40)
    assert P.upper[0, 0] - P.lower[0, 0] == pytest.approx(4 * 0.2887 / math.sqrt(40), rel=0.25)
    assert_array_equal(P.lower, Q.lower)
    frame = P.to_frame()
    assert list(frame.columns)[-2:] == ["lower", "upper"]
    d = json.loads(json.dumps(P.to_dict()))
    assert_allclose(PositionMatrix.from_dict(d).upper, P.upper)


def test_combine_keeps_records_for_the_bootstrap():
    P = combine([position_matrix(DATED[:2]), position_matrix(DATED[2:])])
    assert len(P.evidence) == 4
    assert bootstrap_positions(P, 10, random_state=0).shape == (10, 2, 1)
    assert P.lower is None


@pytest.mark.parametrize(
    "start, end, biden, raisi",
    [
        (None, "2015-09-10", 0.75, np.nan),
        ("2015-09-10", None, -0.5, -1.0),
        ("2015-09-01", "2015-09-21", 1 / 3, -1.0),
    ],
)
def test_between(start, end, biden, raisi):
    P = position_matrix(DATED).between(start, end)
    assert_allclose([P.loc("Biden", "iran_deal"), P.loc("Raisi", "iran_deal")], [biden, raisi])


def test_time_windows():
    windows = time_windows(position_matrix(DATED), 14)
    assert [(str(a), str(b)) for a, b, _ in windows] == [
        ("2015-09-01", "2015-09-15"),
        ("2015-09-15", "2015-09-29"),
    ]
    assert [W.counts.sum() for _, _, W in windows] == [2, 2]


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: position_matrix(RECORDS, duplicates="all"), "'duplicates' parameter .* Got 'all'"),
        (lambda: position_matrix(RECORDS, duplicates="document"), "needs a doc_id on every"),
        (lambda: position_matrix(RECORDS, n_boot=-1), "n_boot must be an integer >= 0; got -1"),
        (
            lambda: position_matrix(RECORDS, n_boot=10, level=95),
            r"level must be a float in \(0, 1\)",
        ),
        (lambda: position_matrix([Evidence("a", "t", 0.1, date="Sept")]), "must be an ISO date"),
        (lambda: bootstrap_positions(combine([position_matrix(RECORDS)]).subset(), 0), "n_boot"),
        (lambda: time_windows(position_matrix(RECORDS), 7), "needs records with dates"),
        (lambda: time_windows(position_matrix(DATED), 0), "days must be an integer >= 1; got 0"),
    ],
)
def test_new_option_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_positions_from_stances_keeps_evidence():
    P = positions_from_stances(
        STANCE_ACTORS,
        STANCE_TOPICS,
        PROBA,
        doc_ids=["d1", "d1", "d1", "d2"],
        spans=[(0, 4), (5, 9), (5, 9), (0, 7)],
        texts=["good", "fine", "fine", "bad deal"],
        statements=[0, 1, 1, 2],
        dates=["2015-09-01", "2015-09-01", "2015-09-01", None],
    )
    (ev,) = P.evidence_for("Raisi", "iran_deal")
    assert ev.span == (0, 7) and ev.text == "bad deal" and ev.statement == 2
    assert ev.proba == {"against": 0.7, "favor": 0.1, "none": 0.2}
    assert ev.score == pytest.approx(-0.6)
    assert len(P.evidence) == 3  # the off-topic row is not evidence
    with pytest.raises(ValueError, match=r"doc_ids must be a sequence of length n_rows = 4; got"):
        positions_from_stances(STANCE_ACTORS, STANCE_TOPICS, PROBA, doc_ids=["d1"])
