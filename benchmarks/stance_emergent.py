"""Emergent: stance of a news headline towards a claim (for / against / observing).

The claim headline is the topic and the article headline the text; for / against / observing
read as favor / against / none. Metric: accuracy on the claim-disjoint test split (524 headlines,
60 claims), with per-class F1 and macro-F1 beside it.

Training data: the train split (2,071 headlines, 240 claims). The shipped model trained on it
with 10% of the claims held out for model selection (plus its other data sets); the baselines
train on the whole train split, in the same run, as one model over "claim [SEP] headline"
(claims never repeat across splits, so per-claim models are impossible).

The model reads each claim as a ``Topic(kind="claim")``, so its claim head (cue words: hedges,
refuting words, question marks; and a claim encoder, fine-tuned top layers over the headline;
both fitted on Emergent train) joins the joint model. Ablations: "stancekit (claims read as
positions)" is the joint model alone; "stancekit (claim head without its encoder)" mixes the cue
counts alone with it.

Published (Ferreira & Vlachos 2016, full feature model, willferreira/mscproject): accuracy 73.28,
F1 for 78.9 / against 75.7 / observing 62.3. stancekit's goal: accuracy >= 78.

Run from the repo root: ``python -m benchmarks.stance_emergent [--model DIR] [--limit N]``.
"""

from __future__ import annotations

import time

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

NAME = "stance_emergent"
LABELS = ("against", "favor", "none")
PUBLISHED = {"Ferreira & Vlachos 2016 (accuracy)": 73.28}
GOAL = {"accuracy": 78.0}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_emergent

    train, test = load_emergent("train"), load_emergent("test")
    test = test.take(sample_rows(len(test), args.limit))
    if args.limit is not None:
        train = train.take(sample_rows(len(train), 4 * args.limit))

    from stancekit import Topic

    model, info = load_model(args.model)
    claims = [Topic(key=t, proposition=t, kind="claim") for t in test.topics]
    systems = run_systems(
        model,
        train,
        test,
        batch_size=args.batch_size,
        baselines=not args.no_baselines,
        per_topic=False,
        model_topics=claims,
    )
    t0 = time.perf_counter()
    proba = model.predict_proba(test.texts, test.topics, batch_size=args.batch_size)
    systems["stancekit (claims read as positions)"] = {
        "pred": model.classes_[np.asarray(proba).argmax(axis=1)].tolist(),
        "fit_seconds": None,
        "predict_seconds": time.perf_counter() - t0,
    }
    head = model.claim_head_
    if head is not None and head.encoder_ is not None:
        shipped = head.encoder_weight
        t0 = time.perf_counter()
        try:
            head.encoder_weight = 0.0  # the cue counts alone meet the joint model
            proba = model.predict_proba(test.texts, claims, batch_size=args.batch_size)
        finally:
            head.encoder_weight = shipped
        systems["stancekit (claim head without its encoder)"] = {
            "pred": model.classes_[np.asarray(proba).argmax(axis=1)].tolist(),
            "fit_seconds": None,
            "predict_seconds": time.perf_counter() - t0,
        }

    scores, rows = {}, []
    for name, res in systems.items():
        rep = stance_report(test.labels, res["pred"], LABELS)
        rep["fit_seconds"], rep["predict_seconds"] = res["fit_seconds"], res["predict_seconds"]
        scores[name] = rep
        rows.append(
            {
                "system": name,
                "accuracy": rep["accuracy"],
                "F1 for": rep["per_class"]["favor"]["f1"],
                "F1 against": rep["per_class"]["against"]["f1"],
                "F1 observing": rep["per_class"]["none"]["f1"],
                "macro-F1": rep["macro_f1"],
            }
        )
    cols = ["system", "accuracy", "F1 for", "F1 against", "F1 observing", "macro-F1"]
    print_table(rows, cols, f"Emergent test (n={len(test)}), scores in %")
    print("published:", ", ".join(f"{k} {v}" for k, v in PUBLISHED.items()))
    path = run.save(
        scores,
        model=info,
        data={
            "n_train": len(train),
            "n_test": len(test),
            "n_test_claims": len(set(test.groups)),
            "claim_head": model.claim_head_.config() if model.claim_head_ is not None else None,
        },
        published=PUBLISHED,
        goal=GOAL,
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
