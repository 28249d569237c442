"""Selection run: the n-gram heads' settings (vocabulary size, C, weight), on P-Stance val.

An n-gram head (:mod:`stancekit.stances.ngram_heads`) is a TF-IDF logistic regression per topic,
mixed in last (weight w for the n-gram head, 1 - w for the rest of the model). This script fits
n-gram heads for the three candidates on P-Stance **train** for every vocabulary size and C of a
grid and scores every w on P-Stance's validation split (mean F_avg over the three candidates, the
more probable of favor / against). The model's own probabilities come from ``predict_proba``
once, without n-gram heads, and are then mixed by :meth:`NgramHeads.mix`, the step that
``predict_proba`` ends with, so each cell equals the full model's reading with those heads.

Use a model whose P-Stance parts saw train only (the shipped model's topic encoder also learned
from val): for example the recipe's encoder refitted on train alone,
``python -m stancekit.train_topic_heads --model models/stance-minilm-2026-11-28 --out DIR
--topic-encoder-only --no-topic-encoder-val``. Validation split only: no test split is read.

Run from the repo root: ``python -m benchmarks.ngram_val --model DIR``; writes
``benchmarks/results/ngram_val.json``.
"""

from __future__ import annotations

import itertools

import numpy as np

from benchmarks._common import (
    BenchmarkRun,
    base_parser,
    load_model,
    print_table,
    restricted_argmax,
    sample_rows,
    stance_report,
)

NAME = "ngram_val"
MAX_FEATURES = (20_000, 40_000, 100_000)
CS = (1.0, 4.0)
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
TARGETS = ("trump", "biden", "bernie")
LABELS = ("against", "favor")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_pstance
    from stancekit.stances.ngram_heads import NgramHeads

    model, info = load_model(args.model)
    model.ngram_heads_ = None
    train = load_pstance("all", "train")
    val = {}
    for key in TARGETS:
        data = load_pstance(key, "val")
        data = data.take(sample_rows(len(data), args.limit))
        proba = model.predict_proba(data.texts, data.topics, batch_size=args.batch_size)
        val[key] = (data, proba)
    classes = model.classes_.tolist()
    scores: dict[str, dict[str, float]] = {}
    for max_features, C in itertools.product(MAX_FEATURES, CS):
        heads = NgramHeads(C=C, max_features=max_features).fit(
            train.texts, train.topics, train.labels
        )
        for w in WEIGHTS:
            heads.weight = w
            cell = scores.setdefault(f"features={max_features} C={C:g} w={w:g}", {})
            for key, (data, proba) in val.items():
                mixed = heads.mix(proba, data.texts, data.topics[0], classes)
                pred = restricted_argmax(mixed, classes, LABELS)
                cell[key] = stance_report(data.labels, pred, [*LABELS, "none"])["f_avg"]
            cell["mean"] = float(np.mean([cell[k] for k in TARGETS]))
    rows = [{"setting": s, **v} for s, v in scores.items()]
    print_table(rows, ["setting", *TARGETS, "mean"], "P-Stance val, F_avg in %")
    best = max(scores, key=lambda s: scores[s]["mean"])
    print(f"best on val: {best} ({100 * scores[best]['mean']:.2f})")
    encoder = model.topic_heads_.config()["encoder"] if model.topic_heads_ is not None else None
    path = run.save(
        scores,
        model=info,
        topic_encoder=encoder,
        best=best,
        grid={"max_features": list(MAX_FEATURES), "C": list(CS), "weight": list(WEIGHTS)},
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
