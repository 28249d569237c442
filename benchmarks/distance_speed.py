"""Speed of the default actor distance against sklearn's ``nan_euclidean_distances``.

5,000 actors x 50 topics, half the cells missing at random; both run on the same matrix in the
same process, best of ``--repeat`` runs each (BLAS threads as configured; the machine may be
shared, so compare the two numbers of one run, not across runs).

Run: ``python benchmarks/distance_speed.py [--actors 5000 --topics 50 --missing 0.5 --repeat 5]``.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from sklearn.metrics.pairwise import nan_euclidean_distances

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import peak_rss_mb, save, versions  # noqa: E402

from stancekit.distances import actor_distances  # noqa: E402


def best_of(f, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument("--missing", type=float, default=0.5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    t0 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    X = rng.uniform(-1, 1, (args.actors, args.topics))
    X[rng.random(X.shape) < args.missing] = np.nan

    ours = actor_distances(X)  # warm-up, and the values to check
    theirs = nan_euclidean_distances(X)
    # sklearn rescales by sqrt(n_topics / n_shared); undo it to compare the same quantity
    with np.errstate(divide="ignore", invalid="ignore"):
        rescaled = ours.values * np.sqrt(args.topics / ours.n_shared)
    both = np.isfinite(rescaled) & np.isfinite(theirs)
    max_diff = float(np.abs(rescaled[both] - theirs[both]).max())

    t_ours, runs_ours = best_of(lambda: actor_distances(X), args.repeat)
    t_theirs, runs_theirs = best_of(lambda: nan_euclidean_distances(X), args.repeat)
    tracemalloc.start()
    actor_distances(X)
    _, peak_ours = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    nan_euclidean_distances(X)
    _, peak_theirs = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    wall = time.perf_counter() - t0

    ratio = t_theirs / t_ours
    print(
        f"{args.actors} actors x {args.topics} topics, {args.missing:.0%} missing, "
        f"best of {args.repeat}:"
    )
    print(
        f"  stancekit actor_distances (euclidean): {t_ours:.3f}s  "
        f"(peak traced {peak_ours / 2**20:.0f} MiB)"
    )
    print(
        f"  sklearn nan_euclidean_distances:        {t_theirs:.3f}s  "
        f"(peak traced {peak_theirs / 2**20:.0f} MiB)"
    )
    print(
        f"  speed-up {ratio:.2f}x; same values after sklearn's rescaling: max |diff| "
        f"{max_diff:.2e}; not slower: {t_ours <= t_theirs}"
    )
    path = save(
        "distance_speed",
        {
            "parameters": vars(args),
            "versions": versions(),
            "wall_time_s": wall,
            "peak_rss_mib": peak_rss_mb(),
            "peak_traced_mib": {"stancekit": peak_ours / 2**20, "sklearn": peak_theirs / 2**20},
            "scores": {
                "stancekit_best_s": t_ours,
                "sklearn_nan_euclidean_best_s": t_theirs,
                "stancekit_runs_s": runs_ours,
                "sklearn_runs_s": runs_theirs,
                "speedup": ratio,
                "not_slower": bool(t_ours <= t_theirs),
                "max_abs_diff_after_rescaling": max_diff,
            },
        },
    )
    print(f"saved {path}")


if __name__ == "__main__":
    main()
