import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from stancekit.coalitions import LINKAGES, classical_mds, cluster_actors
from stancekit.distances import actor_distances

nan = np.nan

# Two tight groups, {a, b, c} and {d, e}, far apart on a line.
POINTS = np.array([[0.0], [0.1], [0.2], [5.0], [5.1]])
LINE = np.abs(POINTS - POINTS.T)


@pytest.mark.parametrize("method", LINKAGES)
def test_two_groups_by_silhouette(method):
    C = cluster_actors(LINE, method=method)
    assert C.n_clusters == 2
    assert_array_equal(C.labels, [0, 0, 0, 1, 1])
    assert max(C.silhouette, key=C.silhouette.get) == 2
    assert C.members() == [["0", "1", "2"], ["3", "4"]]
    assert sorted(C.order.tolist()) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("k, labels", [(1, [0] * 5), (3, [0, 0, 1, 2, 2]), (5, [0, 1, 2, 3, 4])])
def test_given_number_of_clusters(k, labels):
    C = cluster_actors(LINE, k, method="complete")
    assert C.n_clusters == k and C.silhouette == {}
    assert_array_equal(C.labels, labels)


def test_undefined_pairs_are_imputed_with_the_largest_distance():
    D = LINE.copy()
    D[0, 4] = D[4, 0] = nan
    C = cluster_actors(D)
    assert C.n_imputed == 1
    assert_array_equal(C.labels, [0, 0, 0, 1, 1])


def test_from_distance_matrix_keeps_names():
    X = np.array([[1.0, 1.0], [0.9, 1.0], [-1.0, -1.0], [-1.0, -0.8]])
    C = cluster_actors(actor_distances(X, "euclidean"))
    assert C.actors == ["0", "1", "2", "3"] and C.labels.tolist() == [0, 0, 1, 1]


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny(n):
    C = cluster_actors(LINE[:n, :n])
    assert len(C.labels) == n
    assert C.n_clusters == min(n, 1)


def test_mds_recovers_a_planar_configuration():
    rng = np.random.default_rng(0)
    Y = rng.normal(size=(12, 2))
    D = np.linalg.norm(Y[:, None] - Y[None], axis=-1)
    M = classical_mds(D)
    assert M.coords.shape == (12, 2)
    assert_allclose(np.linalg.norm(M.coords[:, None] - M.coords[None], axis=-1), D, atol=1e-9)
    assert_allclose(M.explained.sum(), 1.0)
    assert M.eigenvalues[0] >= M.eigenvalues[1] > 0


def test_mds_line_and_sign():
    M = classical_mds(LINE, 2)
    assert_allclose(np.abs(M.coords[:, 0] - M.coords[0, 0]), POINTS[:, 0], atol=1e-9)
    assert M.coords[np.abs(M.coords[:, 0]).argmax(), 0] > 0
    assert_allclose(M.coords[:, 1], 0, atol=1e-6)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: cluster_actors(LINE, method="ward"), r"'method' parameter .* Got 'ward'"),
        (lambda: cluster_actors(LINE, 6), r"n_clusters must be an integer in \[1, 5\]"),
        (lambda: cluster_actors(LINE, max_clusters=1), "max_clusters must be an integer >= 2"),
        (lambda: cluster_actors(LINE[0]), "must be a DistanceMatrix or a square array"),
        (lambda: cluster_actors(-LINE), "finite distances >= 0"),
        (lambda: classical_mds(LINE, 0), "n_components must be an integer >= 1; got 0"),
    ],
)
def test_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
