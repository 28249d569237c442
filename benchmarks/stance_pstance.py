"""P-Stance: stance of political tweets towards Trump, Biden and Sanders (favor / against).

Metric: F_avg = (F1 favor + F1 against) / 2 on each target's test split (in-target setting), and
the mean over the three targets.

P-Stance has no "none" class. The primary figure reads the model's most probable label among
favor and against (the task's label set, known from its training data; no threshold). The
unrestricted three-way argmax is reported beside it: a "none" then counts as an error. When the
model's heads hold a topic encoder for the target, the same run also scores the model without it
(encoder weight 0: the heads alone meet the joint layers), and when it holds n-gram heads for the
target, without them (n-gram weight 0: the model as it was before them, every other weight equal).

Training data: each target's train split (Trump 6,362, Biden 5,806, Sanders 5,056 tweets). The
shipped model trained on all three train splits (and its other data sets); the baselines train
one model per target on that target's train split, in the same run.

Published (Li et al. 2021, in-target F_avg, mean of the three targets): BERTweet 80.53.
stancekit's goal: mean >= 80.

Run from the repo root: ``python -m benchmarks.stance_pstance [--model DIR] [--limit N]``.
"""

from __future__ import annotations

from typing import Any

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
    timed,
)

NAME = "stance_pstance"
TARGETS = ("trump", "biden", "bernie")
LABELS = ("against", "favor")
PUBLISHED = {"BERTweet (Li et al. 2021), mean F_avg": 80.53}
GOAL = {"f_avg_mean": 80.0}


def _ablation(model: Any, part: Any, weight: str, test: Any, batch_size: int) -> dict[str, Any]:
    """Predictions of ``model`` on ``test`` with ``part``'s mixing ``weight`` set to 0."""
    shipped = getattr(part, weight)
    try:
        setattr(part, weight, 0.0)
        proba, seconds = timed(model.predict_proba, test.texts, test.topics, batch_size=batch_size)
    finally:
        setattr(part, weight, shipped)
    return {
        "pred": restricted_argmax(proba, model.classes_, LABELS),
        "fit_seconds": None,
        "predict_seconds": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_pstance

    model, info = load_model(args.model)
    encoder = None if args.no_baselines else CachedEncoder(batch_size=args.batch_size)
    scores: dict[str, dict] = {}
    sizes = {}
    for key in TARGETS:
        train, test = load_pstance(key, "train"), load_pstance(key, "test")
        test = test.take(sample_rows(len(test), args.limit))
        if args.limit is not None:
            train = train.take(sample_rows(len(train), 4 * args.limit))
        sizes[key] = {"n_train": len(train), "n_test": len(test), "target": test.topics[0]}
        print(f"{test.topics[0]}: train {len(train)}, test {len(test)}", flush=True)

        proba, seconds = timed(
            model.predict_proba, test.texts, test.topics, batch_size=args.batch_size
        )
        systems = {
            "stancekit": {
                "pred": restricted_argmax(proba, model.classes_, LABELS),
                "fit_seconds": None,
                "predict_seconds": seconds,
            },
            "stancekit (3-way argmax)": {
                "pred": model.classes_[np.asarray(proba).argmax(axis=1)].tolist(),
                "fit_seconds": None,
                "predict_seconds": seconds,
            },
        }
        heads, ngrams = model.topic_heads_, model.ngram_heads_
        if heads is not None and heads.encoder_columns(test.topics[0]) is not None:
            # the heads alone meet the joint model
            systems["stancekit (heads without the topic encoder)"] = _ablation(
                model, heads, "encoder_weight", test, args.batch_size
            )
        if ngrams is not None and ngrams.usable(test.topics[0], model.classes_.tolist()):
            # the model as it was before its n-gram heads
            systems["stancekit (without the n-gram heads)"] = _ablation(
                model, ngrams, "weight", test, args.batch_size
            )
        if encoder is not None:
            systems |= fit_predict(
                standard_baselines(encoder, per_topic=True),
                (train.texts, train.topics, train.labels),
                (test.texts, test.topics),
            )
        for name, res in systems.items():
            rep = stance_report(test.labels, res["pred"], [*LABELS, "none"])
            rep["fit_seconds"], rep["predict_seconds"] = res["fit_seconds"], res["predict_seconds"]
            scores.setdefault(name, {})[key] = rep

    rows = []
    for name, per in scores.items():
        per["f_avg_mean"] = float(np.mean([per[k]["f_avg"] for k in TARGETS]))
        rows.append(
            {"system": name, **{k: per[k]["f_avg"] for k in TARGETS}, "mean": per["f_avg_mean"]}
        )
    print_table(rows, ["system", *TARGETS, "mean"], "P-Stance test, F_avg per target, %")
    print("published:", ", ".join(f"{k} {v}" for k, v in PUBLISHED.items()))
    path = run.save(scores, model=info, data=sizes, published=PUBLISHED, goal=GOAL)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
