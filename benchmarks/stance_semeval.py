"""SemEval-2016 Task 6A: stance of tweets towards five targets (favor / against / none).

Metric: F_avg = (F1 favor + F1 against) / 2, pooled over all 1,249 test tweets, as the official
evaluation script computes it. Per-target F_avg and their unweighted mean are reported too.

Training data: train + trial (2,914 tweets). The shipped model trained on 90% of each target's
rows (10% held out for model selection) together with its other data sets; the baselines train on
all 2,914 rows, in the same run.

Published test F_avg: SVM n-grams (the task's baseline) 68.98, MITRE (best SemEval entry) 67.82,
BERTweet 71.2, TimeLMs 72.9. stancekit's goal: >= 70.

Run from the repo root: ``python -m benchmarks.stance_semeval [--model DIR] [--limit N]``.
"""

from __future__ import annotations

import numpy as np

from benchmarks._baselines import run_systems
from benchmarks._common import (
    BenchmarkRun,
    base_parser,
    load_model,
    print_table,
    sample_rows,
    stance_report,
)

NAME = "stance_semeval"
LABELS = ("against", "favor", "none")
PUBLISHED = {
    "SVM n-grams (task baseline)": 68.98,
    "MITRE (best SemEval-2016 entry)": 67.82,
    "BERTweet": 71.2,
    "TimeLMs": 72.9,
}
GOAL = {"f_avg": 70.0}


def per_target(topics: list[str], y_true: list[str], y_pred: list[str]) -> dict[str, float]:
    """F_avg of each target."""
    from stancekit.metrics import f_avg

    out = {}
    for target in sorted(set(topics)):
        idx = [i for i, t in enumerate(topics) if t == target]
        out[target] = f_avg([y_true[i] for i in idx], [y_pred[i] for i in idx])
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_semeval

    train, test = load_semeval("train"), load_semeval("test")
    test = test.take(sample_rows(len(test), args.limit))
    if args.limit is not None:
        train = train.take(sample_rows(len(train), 4 * args.limit))

    model, info = load_model(args.model)
    systems = run_systems(
        model,
        train,
        test,
        batch_size=args.batch_size,
        baselines=not args.no_baselines,
        per_topic=True,
    )

    scores, rows = {}, []
    for name, res in systems.items():
        rep = stance_report(test.labels, res["pred"], LABELS)
        rep["per_target_f_avg"] = per_target(test.topics, test.labels, res["pred"])
        rep["f_avg_macro_over_targets"] = float(np.mean(list(rep["per_target_f_avg"].values())))
        rep["fit_seconds"], rep["predict_seconds"] = res["fit_seconds"], res["predict_seconds"]
        scores[name] = rep
        rows.append(
            {
                "system": name,
                "F_avg": rep["f_avg"],
                "F_avg (target mean)": rep["f_avg_macro_over_targets"],
                "F1 favor": rep["per_class"]["favor"]["f1"],
                "F1 against": rep["per_class"]["against"]["f1"],
                "macro-F1": rep["macro_f1"],
                "acc": rep["accuracy"],
            }
        )
    cols = ["system", "F_avg", "F_avg (target mean)", "F1 favor", "F1 against", "macro-F1", "acc"]
    print_table(rows, cols, f"SemEval-2016 Task 6A test (n={len(test)}), scores in %")
    targets = sorted(set(test.topics))
    short = {t: t.split()[0] for t in targets}
    print_table(
        [
            {"system": n, **{short[t]: scores[n]["per_target_f_avg"][t] for t in targets}}
            for n in scores
        ],
        ["system", *short.values()],
        "F_avg per target, %",
    )
    print("published F_avg:", ", ".join(f"{k} {v}" for k, v in PUBLISHED.items()))
    path = run.save(
        scores,
        model=info,
        data={
            "train": "train + trial",
            "n_train": len(train),
            "test": "test A",
            "n_test": len(test),
        },
        published_f_avg=PUBLISHED,
        goal=GOAL,
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
