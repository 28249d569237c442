import numpy as np
import pytest

from stancekit.coalitions import classical_mds, cluster_actors  # noqa: E402
from stancekit.distances import actor_distances  # noqa: E402
from stancekit.plots import plot_actor_map, plot_distance_heatmap, plot_positions  # noqa: E402
from stancekit.positions import position_matrix  # noqa: E402

RECORDS = [
    ("Biden", "iran_deal", 0.7), ("Biden", "iran_deal", 0.4), ("Biden", "gulf", 0.5),
    ("Blinken", "iran_deal", 0.8), ("Bennett", "iran_deal", -0.9), ("Bennett", "gulf", 0.6),
    ("Raisi", "iran_deal", -0.2), ("Raisi", "gulf", -0.8), ("Lapid", "iran_deal", -0.6),
]  # fmt: skip


@pytest.fixture(scope="module")
def P():
    return position_matrix(RECORDS, n_boot=100, random_state=0)


def non_blank(path):
    from matplotlib.image import imread

    img = imread(path)
    assert img.ndim == 3 and img.shape[0] > 100 and img.shape[1] > 100
    assert img[..., :3].std() > 0.05  # not one flat color
    return img


@pytest.mark.parametrize(
    "draw",
    [
        lambda P, path: plot_positions(P, path=path),
        lambda P, path: plot_distance_heatmap(actor_distances(P), path=path),
        lambda P, path: plot_actor_map(actor_distances(P), path=path),
        lambda P, path: plot_actor_map(classical_mds(actor_distances(P)), path=path, label=False),
        lambda P, path: plot_distance_heatmap(
            actor_distances(P, "cosine"),
            cluster_actors(actor_distances(P, "cosine"), 2),
            path=path,
            title="cosine",
        ),
    ],
)
def test_pictures_are_written_and_not_blank(P, tmp_path, draw):
    path = tmp_path / "fig.png"
    fig = draw(P, path)
    assert fig.get_axes()
    non_blank(path)


def test_heatmap_orders_by_cluster(P):
    D = actor_distances(P)
    C = cluster_actors(D, 2)
    fig = plot_distance_heatmap(D, C)
    ticks = [t.get_text() for t in fig.get_axes()[0].get_yticklabels()]
    ordered = [C.labels[D.actors.index(a)] for a in ticks]
    assert ordered == sorted(ordered)


def test_single_actor_map(tmp_path):
    P = position_matrix([("A", "t", 0.5)])
    plot_actor_map(actor_distances(P), path=tmp_path / "one.png")
    assert np.isfinite(classical_mds(actor_distances(P)).coords).all()
