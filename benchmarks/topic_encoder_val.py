"""Selection check: the topic encoder's weight in its mix with the topic heads, on P-Stance val.

The recipe's topic encoder (:meth:`stancekit.stances.StanceModel.fit_topic_encoder`, fitted on
P-Stance train) is mixed with each candidate's head by a weighted geometric mean (the encoder gets
weight w, the head 1 - w) before the joint layers join (joint weight 0.25). This script scores
every w of a grid on P-Stance's validation split (mean F_avg over the three candidates, the
most probable of favor / against), through ``predict_proba`` with the model's
``topic_heads_.encoder_weight`` set to w: w = 0 is the model without its encoder, w = 1 the
encoder alone in place of the heads. Validation split only: no test split is read.

Run from the repo root: ``python -m benchmarks.topic_encoder_val [--model DIR]``; writes
``benchmarks/results/topic_encoder_val.json``.
"""

from __future__ import annotations

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

NAME = "topic_encoder_val"
GRID = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)
TARGETS = ("trump", "biden", "bernie")
LABELS = ("against", "favor")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_pstance

    model, info = load_model(args.model)
    heads = model.topic_heads_
    if heads is None or heads.encoder_ is None:
        raise SystemExit("the model's topic heads hold no topic encoder: nothing to weigh")
    shipped = heads.encoder_weight
    scores: dict[str, dict[str, float]] = {}
    try:
        for key in TARGETS:
            data = load_pstance(key, "val")
            data = data.take(sample_rows(len(data), args.limit))
            for w in GRID:
                heads.encoder_weight = w
                proba = model.predict_proba(data.texts, data.topics, batch_size=args.batch_size)
                pred = restricted_argmax(proba, model.classes_, LABELS)
                rep = stance_report(data.labels, pred, [*LABELS, "none"])
                scores.setdefault(f"{w:g}", {})[key] = rep["f_avg"]
    finally:
        heads.encoder_weight = shipped
    for per in scores.values():
        per["mean"] = float(np.mean([per[k] for k in TARGETS]))
    rows = [{"encoder weight": w, **v} for w, v in scores.items()]
    print_table(rows, ["encoder weight", *TARGETS, "mean"], "P-Stance val, F_avg in %")
    best = max(scores, key=lambda w: scores[w]["mean"])
    print(f"shipped encoder weight {shipped:g}; best on val {best}")
    path = run.save(scores, model=info, shipped_encoder_weight=shipped, best=best, grid=list(GRID))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
