"""Selection run: the built-in topics' feature heads (C and weight) on the selection splits.

A feature head (:mod:`stancekit.stances.feature_heads`) is a per-topic logistic regression over
the joint layers' pooled features of [topic; text] and the sentence embedding, mixed last into
the model's probabilities (weight w for the head). This script fits the built-in topics' heads
on the training splits the topic heads learn from (train to train5), for each C of a grid, and
scores each (C, w) on the selection splits dev to dev4 (macro-F1 over the three classes, rows =
statement x topic) and their mean. w = 0 is the model without feature heads (any the model holds
are set aside first). The criterion: the best mean among the settings that score no selection
split below the model without feature heads (``best``); the best mean alone is recorded too
(``best_mean``). Selection splits only: no test split is read.

Run from the repo root: ``python -m benchmarks.feature_heads_val [--model DIR]``; writes
``benchmarks/results/feature_heads_val.json``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks._common import (
    BenchmarkRun,
    base_parser,
    head_inputs,
    load_model,
    print_table,
    stance_report,
)

NAME = "feature_heads_val"
C_GRID = (0.01, 0.1, 0.3, 1.0)
WEIGHT_GRID = (0.0, 0.2, 0.3, 0.4, 0.5, 1.0)
SPLITS = ("dev", "dev2", "dev3", "dev4")
LABELS = ("against", "favor", "none")


def _cell(C: float, w: float) -> str:
    return f"C={C:g} w={w:g}"


def choose(
    scores: dict[str, dict[str, float]], base: str, splits: tuple[str, ...] = SPLITS
) -> tuple[str, str]:
    """The criterion's setting and the best mean's.

    Parameters
    ----------
    scores : dict
        ``{setting: {split: score, ..., "mean": score}}``.
    base : str
        The setting without feature heads (weight 0).
    splits : tuple of str

    Returns
    -------
    best : str
        The highest mean among the settings that score every split at least as well as
        ``base`` (``base`` itself qualifies; the first of equal means wins).
    best_mean : str
        The highest mean alone.
    """
    floor = scores[base]
    safe = [k for k, v in scores.items() if all(v[s] >= floor[s] for s in splits)]
    best = max(safe, key=lambda k: scores[k]["mean"])
    return best, max(scores, key=lambda k: scores[k]["mean"])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_builtin
    from stancekit.stances.feature_heads import FeatureHeads
    from stancekit.train_topic_heads import BUILTIN_HEAD_SPLITS

    model, info = load_model(args.model)
    shipped = model.feature_heads_
    shipped_setting = None if shipped is None else {"C": shipped.C, "weight": shipped.weight}
    model.feature_heads_ = None  # the base: everything but the feature heads
    train = load_builtin(BUILTIN_HEAD_SPLITS[0])
    for split in BUILTIN_HEAD_SPLITS[1:]:
        train = train + load_builtin(split)
    X_train = model.feature_head_inputs(train.texts, train.topics, batch_size=args.batch_size)
    classes = model.classes_.tolist()
    evals: dict[str, dict[str, Any]] = {}
    for split in SPLITS:
        evals[split] = head_inputs(model, load_builtin(split), args.limit, args.batch_size)
    model.feature_heads_ = shipped
    scores: dict[str, dict[str, float]] = {}
    for C in C_GRID:
        heads = FeatureHeads(C=C).fit(X_train, train.topics, train.labels)
        for w in WEIGHT_GRID:
            heads.weight = w
            for split, e in evals.items():
                data, proba = e["data"], e["base"].copy()
                topics = np.asarray(data.topics, dtype=object)
                for topic in dict.fromkeys(data.topics):
                    idx = np.flatnonzero(topics == topic)
                    proba[idx] = heads.mix(proba[idx], e["X"][idx], topic, classes)
                pred = [classes[i] for i in proba.argmax(axis=1)]
                rep = stance_report(data.labels, pred, LABELS)
                scores.setdefault(_cell(C, w), {})[split] = rep["macro_f1"]
    for v in scores.values():
        v["mean"] = sum(v[s] for s in SPLITS) / len(SPLITS)
    best, best_mean = choose(scores, _cell(C_GRID[0], 0.0))
    rows = [{"setting": k, **v} for k, v in scores.items()]
    print_table(rows, ["setting", *SPLITS, "mean"], "built-in selection splits, macro-F1 in %")
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
        C_grid=list(C_GRID),
        weight_grid=list(WEIGHT_GRID),
        training_splits=list(BUILTIN_HEAD_SPLITS),
        n_train=len(train),
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
