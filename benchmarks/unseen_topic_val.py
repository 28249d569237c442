"""Selection run: the unseen-topic head's C and weight on the proposition set's selection splits.

The unseen-topic head (:mod:`stancekit.stances.unseen_topic_head`) is one logistic regression
over the joint layers' features for every topic without a head of its own, mixed last into the
model's probabilities (weight w for the head). This script fits it on the recipe's training rows
(:func:`stancekit.train_unseen_topic_head.training_data`: the proposition set's train split, 60
subjects, and 18 coded proposition stories) for each C of a grid and scores
each (C, w) on the selection splits (macro-F1 over the three classes, rows = statement x
proposition) and their mean: the set's dev and dev2 (12 other subjects, 24 propositions) and the
dev proposition stories (3 coded stories, 6 propositions). w = 0 is the model without the
head (any the model holds is set aside first). The criterion is feature_heads_val's: the best mean
among the settings that score no split below w = 0 (``best``); the best mean alone is recorded too
(``best_mean``). No test data is read (the news stories benchmark, ``benchmarks.stance_news``, is
the held-out reading).

Run from the repo root: ``python -m benchmarks.unseen_topic_val [--model DIR]``; writes
``benchmarks/results/unseen_topic_val.json``.
"""

from __future__ import annotations

from typing import Any

from benchmarks._common import (
    BenchmarkRun,
    base_parser,
    head_inputs,
    load_model,
    print_table,
    stance_report,
)
from benchmarks.feature_heads_val import choose

NAME = "unseen_topic_val"
C_GRID = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
WEIGHT_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)
SPLITS = ("dev", "dev2", "stories dev")
LABELS = ("against", "favor", "none")


def _cell(C: float, w: float) -> str:
    return f"C={C:g} w={w:g}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.stances.unseen_topic_head import UnseenTopicHead
    from stancekit.train_unseen_topic_head import selection_data, training_data

    model, info = load_model(args.model)
    shipped = model.unseen_topic_head_
    shipped_setting = None if shipped is None else {"C": shipped.C, "weight": shipped.weight}
    model.unseen_topic_head_ = None  # the base: everything but the head
    train = training_data()
    X_train = model.feature_head_inputs(train.texts, train.topics, batch_size=args.batch_size)
    classes = model.classes_.tolist()
    evals: dict[str, dict[str, Any]] = {}
    for split, data in selection_data().items():
        evals[split] = head_inputs(model, data, args.limit, args.batch_size)
    model.unseen_topic_head_ = shipped
    scores: dict[str, dict[str, float]] = {}
    reports: dict[str, dict[str, Any]] = {}
    for C in C_GRID:
        head = UnseenTopicHead(C=C).fit(X_train, train.topics, train.labels)
        for w in WEIGHT_GRID:
            head.weight = w
            for split, e in evals.items():
                proba = head.mix(e["base"], e["X"], classes)
                pred = [classes[i] for i in proba.argmax(axis=1)]
                rep = stance_report(e["data"].labels, pred, LABELS)
                scores.setdefault(_cell(C, w), {})[split] = rep["macro_f1"]
                reports.setdefault(_cell(C, w), {})[split] = rep
    for v in scores.values():
        v["mean"] = sum(v[s] for s in SPLITS) / len(SPLITS)
    best, best_mean = choose(scores, _cell(C_GRID[0], 0.0), SPLITS)
    rows = [{"setting": k, **v} for k, v in scores.items()]
    print_table(rows, ["setting", *SPLITS, "mean"], "proposition selection splits, macro-F1 in %")
    print(
        f"best on the mean of {', '.join(SPLITS)} with no split below w=0: {best}; best on the "
        f"mean alone: {best_mean}; shipped: {shipped_setting}"
    )
    path = run.save(
        scores,
        model=info,
        shipped=shipped_setting,
        best=best,
        best_mean=best_mean,
        reports={k: reports[k] for k in dict.fromkeys([_cell(C_GRID[0], 0.0), best, best_mean])},
        C_grid=list(C_GRID),
        weight_grid=list(WEIGHT_GRID),
        n_train=len(train),
        n_train_topics=len(set(train.topics)),
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
