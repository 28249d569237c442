"""Selection check: the topic heads' joint weight on the built-in topics' selection splits.

The stance model mixes a topic head with its joint layers by a weighted geometric mean
(:func:`stancekit.stances.topic_heads.geometric_mix`; the joint layers get weight w, the head
1 - w). The recipe picked w = 0.25 on P-Stance val and the built-in dev split. The built-in
dev split is a biased judge of that choice: the train2 batch, which the heads learn from, was
written after an error analysis on dev. dev2 (``BUILTIN_TOPICS.md``) was written later, was never
trained on, and re-checks the choice, as do dev3 and dev4, written later still. This script
scores every w of a grid on dev to dev4 (macro-F1 over the three classes, rows = statement x
topic), through ``predict_proba`` with the
model's ``topic_heads_.joint_weight`` set to w; w = 1 is the joint layers alone, w = 0 the heads
alone. Selection splits only: no test split is read.

Run from the repo root: ``python -m benchmarks.head_weight [--model DIR]``; writes
``benchmarks/results/head_weight.json``.
"""

from __future__ import annotations

from benchmarks._common import (
    BenchmarkRun,
    base_parser,
    load_model,
    print_table,
    sample_rows,
    stance_report,
)

NAME = "head_weight"
GRID = (0.0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0)
SPLITS = ("dev", "dev2", "dev3", "dev4")
LABELS = ("against", "favor", "none")


def _best_weight(scores: dict[str, dict[str, float]], split: str) -> str:
    """The grid weight with the highest score on ``split``."""
    return max(scores, key=lambda w: scores[w][split])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_builtin

    model, info = load_model(args.model)
    heads = model.topic_heads_
    if heads is None:
        raise SystemExit("the model has no topic heads: nothing to weigh")
    shipped = heads.joint_weight
    scores: dict[str, dict[str, float]] = {}
    try:
        for split in SPLITS:
            data = load_builtin(split)
            data = data.take(sample_rows(len(data), args.limit))
            for w in GRID:
                heads.joint_weight = w
                pred = model.predict(data.texts, data.topics, batch_size=args.batch_size)
                rep = stance_report(data.labels, pred.tolist(), LABELS)
                scores.setdefault(f"{w:g}", {})[split] = rep["macro_f1"]
    finally:
        heads.joint_weight = shipped
    for v in scores.values():
        v["mean"] = sum(v[s] for s in SPLITS) / len(SPLITS)
    best = {s: _best_weight(scores, s) for s in (*SPLITS, "mean")}
    rows = [{"joint weight": w, **v} for w, v in scores.items()]
    print_table(rows, ["joint weight", *SPLITS, "mean"], "built-in selection splits, macro-F1 in %")
    print(f"shipped joint weight {shipped:g}; best on " + ", ".join(f"{s} {best[s]}" for s in best))
    path = run.save(scores, model=info, shipped_joint_weight=shipped, best=best, grid=list(GRID))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
