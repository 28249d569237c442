"""What the joint layers buy: the stance model's three ways to read a topic, on labelled data.

The stance model (:class:`stancekit.stances.StanceModel`) reads a (text, topic) pair with joint
layers over [topic; text] (about 0.4 encoder passes per extra topic, see
``benchmarks/throughput.py``) and, for topics with their own labels, mixes in a topic head (a
logistic regression on the frozen encoder's sentence embedding: no per-topic pass). This script
scores, on the same rows in the same run:

* ``mixed``: the default (joint layers, mixed with the topic head where there is one);
* ``heads_only``: ``StanceModel(heads_only=True)``: topics with a head over all classes read by
  the head alone (one encoder pass for all of them); other topics as in ``mixed``;
* ``joint_only``: the joint layers alone (topic heads, their topic encoders, n-gram heads and
  feature heads switched off);
* ``head_first``: ``StanceModel(head_threshold=0.8)``: the head answers alone where it is at
  least 0.8 sure, the other rows are read as in ``mixed``; ``head_first_share`` is the share of
  rows that skipped the joint layers (0.8 is the lowest of 0.7 / 0.8 / 0.9 at which every
  built-in dev prediction equals the mixed reading's).

Data (test splits, final evaluation only; nothing is chosen on them): SemEval-2016 Task 6A
(F_avg, pooled), the built-in topics' test and dev splits (macro-F1), P-Stance (mean F_avg over
the three targets, favor / against). P-Stance's heads have two classes and cannot say "none",
so ``heads_only`` reads P-Stance exactly as ``mixed`` does (the script checks it).

Run from the repo root: ``python -m benchmarks.topic_cost [--model DIR] [--limit N]``; writes
``benchmarks/results/topic_cost.json``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

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

NAME = "topic_cost"
MODES = ("mixed", "heads_only", "joint_only", "head_first")
HEAD_FIRST = 0.8


def _datasets(limit: int | None) -> dict[str, Any]:
    from stancekit.datasets import load_builtin, load_pstance, load_semeval

    out: dict[str, Any] = {
        "semeval_test": load_semeval("test"),
        "builtin_test": load_builtin("test"),
        "builtin_dev": load_builtin("dev"),
    }
    for target in ("trump", "biden", "bernie"):
        out[f"pstance_{target}_test"] = load_pstance(target, "test")
    return {k: d.take(sample_rows(len(d), limit)) for k, d in out.items()}


def _predict(model: Any, mode: str) -> Callable[..., np.ndarray]:
    """``model.predict_proba`` in ``mode`` (the model's settings are restored afterwards)."""

    def run(texts: list[str], topics: list[str], batch_size: int) -> np.ndarray:
        heads, only, threshold = model.topic_heads_, model.heads_only, model.head_threshold
        ngrams, features = model.ngram_heads_, model.feature_heads_
        try:
            model.heads_only = mode == "heads_only"
            model.head_threshold = HEAD_FIRST if mode == "head_first" else None
            if mode == "joint_only":
                model.topic_heads_, model.ngram_heads_ = None, None
                model.feature_heads_ = None
            return np.asarray(model.predict_proba(texts, topics, batch_size=batch_size))
        finally:
            model.topic_heads_, model.heads_only = heads, only
            model.head_threshold, model.ngram_heads_ = threshold, ngrams
            model.feature_heads_ = features

    return run


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = base_parser(__doc__)
    args = parser.parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    model, info = load_model(args.model)
    model.predict_proba(["warm-up"], "iran_deal")
    data = _datasets(args.limit)
    scores: dict[str, Any] = {}
    rows = []
    for name, d in data.items():
        pstance = name.startswith("pstance")
        preds: dict[str, np.ndarray] = {}
        for mode in MODES:
            proba, seconds = timed(_predict(model, mode), d.texts, d.topics, args.batch_size)
            if pstance:
                pred = restricted_argmax(proba, model.classes_, ["against", "favor"])
                labels: tuple[str, ...] = ("against", "favor")
            else:
                pred = model.classes_[proba.argmax(axis=1)].tolist()
                labels = ("against", "favor", "none")
            rep = stance_report(d.labels, pred, labels)
            rep["predict_seconds"] = seconds
            rep["n"] = len(d)
            preds[mode] = np.asarray(pred)
            if mode == "heads_only":
                sure = proba.max(axis=1)
            if mode == "head_first":
                rep["agreement_with_mixed"] = float(np.mean(preds[mode] == preds["mixed"]))
                if not pstance:  # two-class heads: nothing is read head first
                    rep["head_first_share"] = float(np.mean(sure >= HEAD_FIRST))
            scores.setdefault(name, {})[mode] = rep
        if pstance:
            same = scores[name]["heads_only"]["macro_f1"] == scores[name]["mixed"]["macro_f1"]
            scores[name]["heads_only_equals_mixed"] = bool(same)
    mean_pstance = {
        mode: float(np.mean([scores[k][mode]["f_avg"] for k in scores if k.startswith("pstance")]))
        for mode in MODES
    }
    scores["pstance_mean_f_avg"] = mean_pstance
    for name in ("semeval_test", "builtin_test", "builtin_dev"):
        metric = "f_avg" if name.startswith("semeval") else "macro_f1"
        rows.append(
            {
                "data": name,
                "metric": metric,
                **{mode: 100 * scores[name][mode][metric] for mode in MODES},
                **{
                    f"s {mode}": scores[name][mode]["predict_seconds"]
                    for mode in ("mixed", "heads_only", "head_first")
                },
                "share": scores[name]["head_first"]["head_first_share"],
            }
        )
    rows.append(
        {"data": "pstance_test (mean)", "metric": "f_avg"}
        | {mode: 100 * mean_pstance[mode] for mode in MODES}
    )
    print_table(
        [{k: (f"{v:.2f}" if isinstance(v, float) else v) for k, v in r.items()} for r in rows],
        ["data", "metric", *MODES, "s mixed", "s heads_only", "s head_first", "share"],
        "Stance model: joint layers, topic heads, or both (scores in %, seconds to predict)",
    )
    print(run.save(scores, model=info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
