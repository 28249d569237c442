import json
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from stancekit.distances import (
    DISTANCE_METRICS,
    DistanceMatrix,
    actor_distances,
)
from stancekit.positions import position_matrix

nan = np.nan

# Four actors on three topics, worked out by hand.
#   a and b share topics 0 and 1: differences 1.5 and 0.
#   b and c share topic 2: 1.0 vs -1.0.
#   a and c share nothing; d has no position at all.
X = np.array(
    [
        [1.0, 0.5, nan],
        [-0.5, 0.5, 1.0],
        [nan, nan, -1.0],
        [nan, nan, nan],
    ]
)
N_SHARED = np.array([[2, 2, 0, 0], [2, 3, 1, 0], [0, 1, 1, 0], [0, 0, 0, 0]])


def toy(ab: float, bc: float) -> np.ndarray:
    return np.array(
        [
            [0.0, ab, nan, nan],
            [ab, 0.0, bc, nan],
            [nan, bc, 0.0, nan],
            [nan, nan, nan, nan],
        ]
    )


# cosine a-b: a = (1, 0.5), b = (-0.5, 0.5): cos = -0.25 / sqrt(1.25 * 0.5) = -0.1 * sqrt(10)
TOY_EXPECTED = [
    ("euclidean", toy(1.5, 2.0)),
    ("cityblock", toy(1.5, 2.0)),
    ("manhattan", toy(1.5, 2.0)),
    ("cosine", toy(1 + 0.1 * math.sqrt(10), 2.0)),
    ("disagreement", toy(0.5, 1.0)),
]


@pytest.mark.parametrize("metric, expected", TOY_EXPECTED)
def test_toy(metric, expected):
    D = actor_distances(X, metric)
    assert D.actors == ["0", "1", "2", "3"]
    assert D.metric == metric
    assert_allclose(D.values, expected, atol=1e-12)
    assert_array_equal(D.n_shared, N_SHARED)
    assert D.n_shared.dtype.kind == "i"


@pytest.mark.parametrize("metric", sorted(DISTANCE_METRICS))
def test_min_shared(metric):
    D = actor_distances(X, metric, min_shared=2)
    defined = np.isfinite(D.values)
    assert_array_equal(
        defined,
        [
            [True, True, False, False],
            [True, True, False, False],
            [False, False, False, False],  # c has one topic: even its diagonal is undefined
            [False, False, False, False],
        ],
    )


@pytest.mark.parametrize("metric, expected", TOY_EXPECTED)
def test_topic_restriction(metric, expected):
    # Without topic 2, only a and b have positions, and they share both topics left.
    D = actor_distances(X, metric, topics=["0", "1"])
    ab = expected[0, 1]
    assert_allclose(D.values[:2, :2], [[0.0, ab], [ab, 0.0]], atol=1e-12)
    assert np.isnan(D.values[2:]).all() and np.isnan(D.values[:, 2:]).all()
    assert_array_equal(D.n_shared, [[2, 2, 0, 0], [2, 2, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])


# The issue's example: on iran_deal, one actor at -0.6 and one at +0.5.
ISSUE = position_matrix([("Bennett", "iran_deal", -0.6), ("Biden", "iran_deal", 0.5)])


@pytest.mark.parametrize(
    "metric, expected",
    [("euclidean", 1.1), ("cityblock", 1.1), ("cosine", 2.0), ("disagreement", 1.0)],
)
def test_issue_example(metric, expected):
    D = actor_distances(ISSUE, metric)
    assert D.actors == ["Bennett", "Biden"]
    assert D.loc("Bennett", "Biden") == pytest.approx(expected)
    assert D.loc("Biden", "Bennett") == pytest.approx(expected)
    assert D.loc("Biden", "Biden") == 0.0


def test_position_matrix_topic_names():
    P = position_matrix(
        [("a", "iran_deal", -0.6), ("b", "iran_deal", 0.5), ("a", "gulf", 1.0), ("b", "gulf", -1.0)]
    )
    assert actor_distances(P).loc("a", "b") == pytest.approx(math.hypot(1.1, 2.0))
    assert actor_distances(P, topics=["iran_deal"]).loc("a", "b") == pytest.approx(1.1)


def test_cosine_zero_vector_is_undefined():
    D = actor_distances(np.array([[0.0, 0.0], [0.5, -0.5]]), "cosine")
    assert math.isnan(D.values[0, 1])
    assert_array_equal(np.diag(D.values), [0.0, 0.0])


def test_cosine_clipped_and_exact_diagonal():
    rng = np.random.default_rng(1)
    Y = rng.uniform(-1, 1, (30, 4))
    Y[::3] = Y[1::3] * 0.3  # parallel rows: distance 0 up to rounding
    D = actor_distances(Y, "cosine").values
    assert (D >= 0).all() and (D <= 2).all()
    assert_array_equal(np.diag(D), 0.0)


def test_disagreement_ignores_zero():
    D = actor_distances(np.array([[0.0, 0.5], [-1.0, 0.5]]), "disagreement")
    assert D.values[0, 1] == 0.0


def _brute_force(Y, f):
    n = len(Y)
    D = np.full((n, n), nan)
    for i in range(n):
        for j in range(n):
            both = ~np.isnan(Y[i]) & ~np.isnan(Y[j])
            if both.any():
                D[i, j] = 0.0 if i == j else f(Y[i, both], Y[j, both])
    return D


def _cosine(u, v):
    norm = np.linalg.norm(u) * np.linalg.norm(v)
    return nan if norm == 0 else float(np.clip(1 - u @ v / norm, 0, 2))


BRUTE = [
    ("euclidean", lambda u, v: float(np.sqrt(((u - v) ** 2).sum()))),
    ("cityblock", lambda u, v: float(np.abs(u - v).sum())),
    ("cosine", _cosine),
    ("disagreement", lambda u, v: float(np.mean(np.sign(u) * np.sign(v) < 0))),
]


@pytest.fixture(scope="module")
def random_positions():
    rng = np.random.default_rng(0)
    Y = rng.uniform(-1, 1, (40, 6))
    Y[rng.random(Y.shape) < 0.5] = nan
    Y[3] = nan  # one actor with no evidence
    return Y


@pytest.mark.parametrize("metric, f", BRUTE)
def test_against_brute_force(random_positions, metric, f):
    D = actor_distances(random_positions, metric)
    assert_allclose(D.values, _brute_force(random_positions, f), rtol=1e-9, atol=1e-9)
    assert_array_equal(D.values, D.values.T)


@pytest.mark.parametrize("metric, f", BRUTE)
def test_callable_matches_registry(random_positions, metric, f):
    fast = actor_distances(random_positions, metric, min_shared=2)
    slow = actor_distances(random_positions, f, min_shared=2)
    assert_allclose(slow.values, fast.values, rtol=1e-9, atol=1e-9)
    assert_array_equal(slow.n_shared, fast.n_shared)


def test_callable_metric_name_and_shared_coordinates():
    seen = []

    def chebyshev(u, v):
        seen.append(len(u))
        return float(np.abs(u - v).max())

    D = actor_distances(X, chebyshev)
    assert D.metric == "chebyshev"
    assert_allclose(D.values, toy(1.5, 2.0))
    assert sorted(seen) == [1, 2]  # only the pairs a-b and b-c are computed


def test_empty_matrix():
    D = actor_distances(np.empty((0, 3)))
    assert D.values.shape == (0, 0)


# -- DistanceMatrix ----------------------------------------------------------------------------


def test_loc_unknown_actor():
    with pytest.raises(KeyError, match="unknown actor 'Putin'; known actors are"):
        actor_distances(ISSUE).loc("Putin", "Biden")


def test_to_dict_is_json():
    d = json.loads(json.dumps(actor_distances(X).to_dict()))
    assert d["metric"] == "euclidean"
    assert d["values"][0][1] == pytest.approx(1.5)
    assert d["values"][0][2] is None
    assert d["n_shared"] == N_SHARED.tolist()


def test_to_frame():
    import pandas  # noqa: F401  (a dev dependency)

    D = actor_distances(X)
    wide = D.to_frame()
    assert list(wide.index) == list(wide.columns) == D.actors
    assert_allclose(wide.to_numpy(), toy(1.5, 2.0))
    long = D.to_frame("long")
    assert list(long.columns) == ["actor_a", "actor_b", "distance", "n_shared"]
    assert long[["actor_a", "actor_b"]].to_numpy().tolist() == [["0", "1"], ["1", "2"]]
    assert len(D.to_frame("long", dropna=False)) == 6
    with pytest.raises(ValueError, match=r"form must be one of \['wide', 'long'\]; got 'x'"):
        D.to_frame("x")


def test_repr():
    assert repr(actor_distances(X)) == (
        "DistanceMatrix(4 actors, metric='euclidean', 2 of 6 pairs defined)"
    )


def test_distance_matrix_validates_shape():
    with pytest.raises(ValueError, match=r"values must have shape \(n_actors, n_actors\)"):
        DistanceMatrix(actors=["a"], values=np.zeros((2, 2)), metric="x", n_shared=np.ones((1, 1)))


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "P, kwargs, match",
    [
        (
            X,
            {"metric": "jaccard"},
            r"The 'metric' parameter of actor_distances must be one of \['cityblock', 'cosine', "
            r"'disagreement', 'euclidean', 'manhattan'\] or a callable. Got 'jaccard' instead.",
        ),
        (X, {"metric": 3}, "Got 3 instead"),
        (
            ISSUE,
            {"topics": ["gulf"]},
            r"unknown topics \['gulf'\]; known topics are \['iran_deal'\]",
        ),
        (X, {"topics": ["3"]}, r"unknown topics \['3'\]; known topics are \['0', '1', '2'\]"),
        (X, {"min_shared": 0}, "min_shared must be an integer >= 1; got 0"),
        (X, {"min_shared": 1.5}, "min_shared must be an integer >= 1; got 1.5"),
        (X[0], {}, r"P must be a PositionMatrix or a 2-D array .*got shape \(3,\)"),
        (np.array([[np.inf]]), {}, "P must hold finite positions or NaN; got inf"),
    ],
)
def test_actor_distances_errors(P, kwargs, match):
    with pytest.raises(ValueError, match=match):
        actor_distances(P, **kwargs)


# -- topic weights, centroids, bootstrap intervals ---------------------------------------------

from stancekit.distances import EMBEDDING_METRICS, actor_centroids  # noqa: E402
from stancekit.positions import Evidence  # noqa: E402

# a and b on X's topics 0 and 1 (differences 1.5 and 0), weights (4, 1, 1):
#   euclidean sqrt(4 * 1.5^2) = 3; cityblock 4 * 1.5 = 6; disagreement 4 / (4 + 1) = 0.8
#   cosine: a' = (2, 0.5), b' = (-1, 0.5): cos = -1.75 / sqrt(4.25 * 1.25)
WEIGHTED = [
    ("euclidean", 3.0),
    ("cityblock", 6.0),
    ("disagreement", 0.8),
    ("cosine", 1 + 1.75 / math.sqrt(4.25 * 1.25)),
]


@pytest.mark.parametrize("metric, expected", WEIGHTED)
def test_topic_weights(metric, expected):
    D = actor_distances(X, metric, topic_weights=[4.0, 1.0, 1.0])
    assert D.loc("0", "1") == pytest.approx(expected)
    assert_array_equal(D.n_shared, N_SHARED)  # weights do not change what is shared


@pytest.mark.parametrize("metric", sorted(DISTANCE_METRICS))
def test_unit_weights_change_nothing(random_positions, metric):
    plain = actor_distances(random_positions, metric)
    weighted = actor_distances(random_positions, metric, topic_weights={"0": 1.0})
    assert_allclose(weighted.values, plain.values, rtol=1e-12, atol=1e-12)


def test_topic_weights_follow_the_topic_restriction():
    D = actor_distances(X, "euclidean", topics=["0"], topic_weights=[9.0])
    assert D.loc("0", "1") == pytest.approx(4.5)


def test_centroid_distance():
    names, C = actor_centroids(
        np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), ["0", "0", "1", "2"]
    )
    assert names == ["0", "1", "2"]
    D = actor_distances(X[:3], "centroid", centroids=C, min_shared=3)
    assert "centroid" in EMBEDDING_METRICS
    # not limited by shared topics: "0" and "2" share none
    assert_allclose(D.values, [[0, 1, 1 - 1 / math.sqrt(2)], [1, 0, 1 - 1 / math.sqrt(2)],
                               [1 - 1 / math.sqrt(2), 1 - 1 / math.sqrt(2), 0]])  # fmt: skip


def test_bootstrap_over_topics_brackets_the_distance(random_positions):
    D = actor_distances(random_positions, "disagreement", n_boot=200, resample="topics",
                        random_state=0)  # fmt: skip
    ok = np.isfinite(D.values)
    assert D.level == 0.95
    assert (D.lower[ok] <= D.upper[ok]).all()
    assert np.isnan(D.lower[~ok]).all()
    assert {"lower", "upper"} <= set(D.to_frame("long").columns)
    json.dumps(D.to_dict())


def test_bootstrap_over_statements():
    P = position_matrix(
        [Evidence("a", "t", s) for s in (1.0, 0.6, 0.8)] + [Evidence("b", "t", -1.0)]
    )
    D = actor_distances(P, "euclidean", n_boot=300, random_state=0)
    # a's mean ranges over means of 3 draws from {1, 0.6, 0.8}: distance in [1.6, 2.0]
    assert 1.6 <= D.lower[0, 1] < D.values[0, 1] < D.upper[0, 1] <= 2.0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"topic_weights": [1.0, 2.0]}, r"topic_weights must have shape \(n_topics,\) = \(3,\)"),
        ({"topic_weights": [1.0, -1.0, 1.0]}, "topic_weights must be finite and >= 0"),
        ({"topic_weights": {"9": 1.0}}, r"topic_weights has unknown topics \['9'\]"),
        ({"metric": "centroid"}, "metric='centroid' needs centroids="),
        ({"metric": "centroid", "centroids": np.ones((2, 3))}, r"centroids must have shape"),
        ({"metric": len, "topic_weights": [1, 1, 1]}, "cannot be used with a callable metric"),
        ({"n_boot": 5}, "resample='statements' needs a PositionMatrix built from records"),
        ({"n_boot": 5, "resample": "votes"}, r"'resample' parameter .* \['statements', 'topics'\]"),
        ({"n_boot": -2}, "n_boot must be an integer >= 1; got -2"),
    ],
)
def test_new_option_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        actor_distances(X, **kwargs)
