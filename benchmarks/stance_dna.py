"""Unseen topics: the Discourse Network Analyzer sample (climate-policy hearing testimony, 2005).

40 excerpts of US congressional testimony, each coded by hand (DNA's sample database) with a
concept, a proposition no stancekit training set has ("There should be legislation to regulate
emissions.", "CO2 legislation will not hurt the economy.", "Cap and trade is the solution.", 6 in
all), and whether the speaker agrees (favor) or disagrees (against). Nothing is trained or tuned
on it: the set has no split and is read for reporting only. SemEval's target "Climate Change is a
Real Concern" is the closest training topic (near two of the concepts).

Systems, each given (excerpt, concept) and asked favor or against (the gold has no "none"):

- stancekit: the shipped model's most probable of favor / against (its "none" share is
  reported beside it);
- majority class, TF-IDF + LinearSVC and MiniLM emb. + LogReg (``benchmarks._baselines``), as
  one model over all topics ("topic [SEP] text"; embeddings ``[text, topic, text * topic]``),
  trained in the same run on the favor / against rows of the model's own training sets
  (SemEval-2016 train + trial, P-Stance train, Emergent train, stancekit's built-in train splits).

Metrics: accuracy and F_avg (mean F1 of favor and against) over the 40 statements, each with a
95% bootstrap interval (2,000 resamples of the statements, seed 0): with 40 rows one statement is
2.5 points. Actor level: each (organization, concept) cell with a clear gold majority is read as
favor or against by the mean of P(favor) - P(against) (stancekit) or by the majority of the
predicted labels (baselines); the share of cells read right is reported.

Run from the repo root: ``python -m benchmarks.stance_dna [--model DIR] [--no-baselines]``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from benchmarks._baselines import CachedEncoder, fit_predict, standard_baselines
from benchmarks._common import (
    BenchmarkRun,
    base_parser,
    load_model,
    print_table,
    restricted_argmax,
    sample_rows,
    stance_report,
)

NAME = "stance_dna"
LABELS = ("against", "favor")
N_BOOT = 2000


def bootstrap_interval(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    metric: str,
    *,
    n_boot: int = N_BOOT,
    seed: int = 0,
) -> list[float]:
    """95% percentile interval of ``metric`` ("accuracy" or "f_avg") over resampled rows.

    Examples
    --------
    >>> bootstrap_interval(["favor"] * 4, ["favor"] * 4, "accuracy", n_boot=10)
    [1.0, 1.0]
    """
    from stancekit.metrics import f_avg

    if metric not in ("accuracy", "f_avg"):
        raise ValueError(f"metric must be 'accuracy' or 'f_avg'; got {metric!r}")
    if len(y_true) != len(y_pred) or not y_true:
        raise ValueError(
            f"y_true and y_pred must be non-empty and of equal lengths; got "
            f"{len(y_true)} and {len(y_pred)}"
        )
    yt, yp = np.asarray(y_true), np.asarray(y_pred)
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_boot):
        i = rng.integers(0, len(yt), len(yt))
        values.append(
            float((yt[i] == yp[i]).mean())
            if metric == "accuracy"
            else f_avg(yt[i].tolist(), yp[i].tolist())
        )
    lo, hi = np.percentile(values, [2.5, 97.5])
    return [float(lo), float(hi)]


def actor_cells(
    actors: Sequence[str], topics: Sequence[str], gold: Sequence[str], scores: Sequence[float]
) -> dict[str, float | int]:
    """Share of (actor, topic) cells whose sign of the mean score matches the gold majority.

    ``scores`` are per statement: +1 favor / -1 against for labels, or P(favor) - P(against).
    Cells whose gold is split evenly are left out.

    Examples
    --------
    >>> gold = ["favor", "favor", "against"]
    >>> actor_cells(["a", "a", "b"], ["t", "t", "t"], gold, [0.2, -0.1, 0.3])
    {'cells': 2, 'right': 1, 'accuracy': 0.5}
    """
    gold_sum: dict[tuple[str, str], float] = defaultdict(float)
    pred_sum: dict[tuple[str, str], float] = defaultdict(float)
    for a, t, g, s in zip(actors, topics, gold, scores):
        gold_sum[a, t] += 1.0 if g == "favor" else -1.0
        pred_sum[a, t] += float(s)
    cells = [k for k, v in gold_sum.items() if v != 0]
    right = sum(np.sign(pred_sum[k]) == np.sign(gold_sum[k]) for k in cells)
    return {
        "cells": len(cells),
        "right": int(right),
        "accuracy": float(right / len(cells)) if cells else float("nan"),
    }


def training_rows(limit: int | None) -> tuple[list[str], list[str], list[str]]:
    """Favor / against rows of the stance model's training sets, for the baselines."""
    from stancekit.datasets import load_builtin, load_emergent, load_pstance, load_semeval
    from stancekit.train_topic_heads import BUILTIN_HEAD_SPLITS

    data = load_semeval("train") + load_pstance("all", "train") + load_emergent("train")
    for split in BUILTIN_HEAD_SPLITS:
        data = data + load_builtin(split)
    keep = [i for i, lab in enumerate(data.labels) if lab in LABELS]
    data = data.take([keep[i] for i in sample_rows(len(keep), limit)])
    return data.texts, data.topics, data.labels


def _per_topic(topics: Sequence[str], gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Rows and accuracy per topic."""
    out: dict[str, dict[str, float | int]] = {}
    for t in dict.fromkeys(topics):
        idx = [i for i, x in enumerate(topics) if x == t]
        right = sum(gold[i] == pred[i] for i in idx)
        out[t] = {"n": len(idx), "right": int(right), "accuracy": right / len(idx)}
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_dna_sample

    test = load_dna_sample()
    test = test.take(sample_rows(len(test), args.limit))
    model, info = load_model(args.model)
    classes = list(model.classes_)

    t0 = time.perf_counter()
    proba = np.asarray(model.predict_proba(test.texts, test.topics, batch_size=args.batch_size))
    seconds = time.perf_counter() - t0
    margin = proba[:, classes.index("favor")] - proba[:, classes.index("against")]
    systems: dict[str, dict] = {
        "stancekit": {
            "pred": restricted_argmax(proba, classes, LABELS),
            "cell_scores": margin.tolist(),
            "fit_seconds": None,
            "predict_seconds": seconds,
        }
    }
    none_share = float((proba.argmax(axis=1) == classes.index("none")).mean())
    n_train = 0
    if not args.no_baselines:
        train = training_rows(None if args.limit is None else 20 * args.limit)
        n_train = len(train[0])
        chosen = standard_baselines(CachedEncoder(batch_size=args.batch_size), per_topic=False)
        for name, res in fit_predict(chosen, train, (test.texts, test.topics)).items():
            res["cell_scores"] = [1.0 if p == "favor" else -1.0 for p in res["pred"]]
            systems[name] = res

    scores, rows = {}, []
    for name, res in systems.items():
        rep = stance_report(test.labels, res["pred"], LABELS)
        rep["fit_seconds"], rep["predict_seconds"] = res["fit_seconds"], res["predict_seconds"]
        rep["accuracy_ci95"] = bootstrap_interval(test.labels, res["pred"], "accuracy")
        rep["f_avg_ci95"] = bootstrap_interval(test.labels, res["pred"], "f_avg")
        rep["actor_cells"] = actor_cells(test.groups, test.topics, test.labels, res["cell_scores"])
        scores[name] = rep
        rows.append(
            {
                "system": name,
                "accuracy": rep["accuracy"],
                "95% CI": "{:.1f}-{:.1f}".format(*(100 * v for v in rep["accuracy_ci95"])),
                "F_avg": rep["f_avg"],
                "F1 favor": rep["per_class"]["favor"]["f1"],
                "F1 against": rep["per_class"]["against"]["f1"],
                "actor cells": rep["actor_cells"]["accuracy"],
            }
        )
    cols = ["system", "accuracy", "95% CI", "F_avg", "F1 favor", "F1 against", "actor cells"]
    print_table(rows, cols, f"DNA sample, unseen topics (n={len(test)}), scores in %")
    print(f"stancekit's most probable class is none for {100 * none_share:.1f}% of the statements")
    path = run.save(
        scores,
        model=info,
        data={
            "n_test": len(test),
            "n_concepts": len(set(test.topics)),
            "labels": {lab: test.labels.count(lab) for lab in LABELS},
            "n_train_baselines": n_train,
            "stancekit_none_share": none_share,
            "per_concept_stancekit": _per_topic(
                test.topics, test.labels, systems["stancekit"]["pred"]
            ),
        },
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
