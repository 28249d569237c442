"""Positions and distances on real roll calls: Voteview, US Senate, 114th Congress.

Each roll call is a topic; yea = +1, nay = -1, anything else is missing. Builds the position
matrix with ``position_matrix``, the senator distance matrix with ``actor_distances`` and checks:

- the distances rank pairs like DW-NOMINATE's first dimension (Spearman of the pair distances
  with ``|dim1_a - dim1_b|``);
- the 2-cluster split (``cluster_actors``) matches party for every senator but the independents;
- each senator's position on the September 2015 Iran-deal votes (roll calls 264, 265, 267;
  yea = against the deal).

Run: ``python benchmarks/voteview_senate.py [--metric disagreement] [--n-boot 200]``.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import peak_rss_mb, save, versions  # noqa: E402

from stancekit._paths import data_dir  # noqa: E402
from stancekit.coalitions import classical_mds, cluster_actors  # noqa: E402
from stancekit.distances import DISTANCE_METRICS, actor_distances  # noqa: E402
from stancekit.positions import position_matrix  # noqa: E402

IRAN_ROLL_CALLS = (264, 265, 267)
PARTY = {100: "D", 200: "R", 328: "I"}


def load(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    members = pd.read_csv(folder / "S114_members.csv")
    members = members[members["chamber"] == "Senate"].copy()
    members["actor"] = (
        members["bioname"].str.split(",").str[0].str.title()
        + " ("
        + members["party_code"].map(PARTY)
        + "-"
        + members["state_abbrev"]
        + ")"
    )
    votes = pd.read_csv(folder / "S114_votes.csv")
    votes = votes[votes["cast_code"].isin([1, 6]) & votes["icpsr"].isin(members["icpsr"])]
    names = dict(zip(members["icpsr"], members["actor"]))
    records = pd.DataFrame(
        {
            "actor": votes["icpsr"].map(names),
            "topic": "rc" + votes["rollnumber"].astype(str),
            "score": np.where(votes["cast_code"] == 1, 1.0, -1.0),
        }
    )
    return members, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metric", default="disagreement", choices=sorted(DISTANCE_METRICS))
    parser.add_argument("--n-boot", type=int, default=200, help="bootstrap replicates (topics)")
    args = parser.parse_args()

    folder = data_dir() / "voteview-senate-114"
    tracemalloc.start()
    t0 = time.perf_counter()
    members, records = load(folder)
    t_load = time.perf_counter() - t0

    t1 = time.perf_counter()
    P = position_matrix(records, actors=sorted(members["actor"]))
    t_positions = time.perf_counter() - t1
    t2 = time.perf_counter()
    D = actor_distances(P, args.metric)
    t_distances = time.perf_counter() - t2

    dim1 = members.set_index("actor").loc[P.actors, "nominate_dim1"].to_numpy()
    party = members.set_index("actor").loc[P.actors, "party_code"].map(PARTY).to_numpy()
    iu = np.triu_indices(len(P.actors), k=1)
    reference = np.abs(dim1[:, None] - dim1[None, :])
    rho = float(spearmanr(D.values[iu], reference[iu]).statistic)
    all_metrics = {
        m: float(spearmanr(actor_distances(P, m).values[iu], reference[iu]).statistic)
        for m in sorted(DISTANCE_METRICS)
    }

    t3 = time.perf_counter()
    C = cluster_actors(D, 2)
    t_cluster = time.perf_counter() - t3
    partisan = party != "I"
    # the party of each cluster: the majority party among its members
    cluster_party = {
        k: pd.Series(party[(C.labels == k) & partisan]).mode().iloc[0] for k in range(2)
    }
    predicted = np.array([cluster_party[k] for k in C.labels])
    mismatches = [a for a, p, q, s in zip(P.actors, party, predicted, partisan) if s and p != q]
    independents = {a: cluster_party[k] for a, k, p in zip(P.actors, C.labels, party) if p == "I"}
    chosen = cluster_actors(D)
    M = classical_mds(D)
    mds_rho = float(spearmanr(M.coords[:, 0], dim1).statistic)

    t4 = time.perf_counter()
    Dboot = actor_distances(P, args.metric, n_boot=args.n_boot, resample="topics", random_state=0)
    t_boot = time.perf_counter() - t4
    width = Dboot.upper[iu] - Dboot.lower[iu]  # type: ignore[index]

    iran_topics = [f"rc{r}" for r in IRAN_ROLL_CALLS]
    iran = P.subset(topics=iran_topics).to_frame("wide")
    iran["party"] = party
    wall = time.perf_counter() - t0
    _, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"Voteview 114th Senate: {len(P.actors)} senators x {len(P.topics)} roll calls, "
        f"{int(P.counts.sum())} yea/nay votes ({np.isnan(P.values).mean():.1%} cells missing)"
    )
    print(f"metric={args.metric}: Spearman with |DW-NOMINATE dim1 difference| = {rho:.4f}")
    print("  all metrics: " + ", ".join(f"{m}={r:.4f}" for m, r in all_metrics.items()))
    print(
        f"2-cluster split vs party (independents excluded): {len(mismatches)} mismatches "
        f"{mismatches}; independents joined {independents}"
    )
    print(
        f"silhouette-chosen clusters: {chosen.n_clusters} "
        f"(scores {', '.join(f'{k}: {s:.3f}' for k, s in chosen.silhouette.items())})"
    )
    print(
        f"classical MDS dim 1 vs DW-NOMINATE dim1: Spearman {mds_rho:.4f} "
        f"(explained {M.explained[0]:.1%}, {M.explained[1]:.1%})"
    )
    print(
        f"bootstrap ({args.n_boot} x resampled roll calls): median 95% interval width "
        f"{np.nanmedian(width):.4f}"
    )
    print("\nSeptember 2015 Iran-deal votes (yea = +1 = against the deal; NaN = did not vote):")
    with pd.option_context("display.max_rows", 200, "display.width", 120):
        print(iran.sort_values(["party", *iran_topics]).to_string(float_format="%+.0f"))
    print(
        f"\ntimes: load {t_load:.2f}s, positions {t_positions:.2f}s, distances "
        f"{t_distances:.3f}s, clustering {t_cluster:.3f}s, bootstrap {t_boot:.2f}s; "
        f"wall {wall:.2f}s; peak traced {peak_traced / 2**20:.1f} MiB, "
        f"peak RSS {peak_rss_mb():.0f} MiB"
    )

    path = save(
        "voteview_senate",
        {
            "parameters": {
                "metric": args.metric,
                "n_boot": args.n_boot,
                "n_clusters": 2,
                "linkage": "average",
                "data": str(folder),
            },
            "versions": versions(),
            "wall_time_s": wall,
            "times_s": {
                "load": t_load,
                "positions": t_positions,
                "distances": t_distances,
                "clustering": t_cluster,
                "bootstrap": t_boot,
            },
            "peak_traced_mib": peak_traced / 2**20,
            "peak_rss_mib": peak_rss_mb(),
            "scores": {
                "n_senators": len(P.actors),
                "n_roll_calls": len(P.topics),
                "spearman_dim1": rho,
                "spearman_dim1_by_metric": all_metrics,
                "party_mismatches": mismatches,
                "n_party_mismatches": len(mismatches),
                "independents_joined": independents,
                "silhouette_n_clusters": chosen.n_clusters,
                "silhouette": chosen.silhouette,
                "mds_dim1_spearman": mds_rho,
                "bootstrap_median_interval_width": float(np.nanmedian(width)),
            },
            "iran_deal_positions": {
                a: {t: (None if np.isnan(v) else float(v)) for t, v in row.items()}
                for a, row in iran[iran_topics].iterrows()
            },
        },
    )
    print(f"saved {path}")


if __name__ == "__main__":
    main()
