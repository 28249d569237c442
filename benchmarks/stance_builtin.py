"""stancekit's own labelled statements on the built-in topics: test, test2, dev to dev4, challenge.

Each statement is labelled against every built-in topic (favor / against / none), so one
statement gives one row per topic. Metric: macro-F1 over the three classes on the test split
(``stancekit/datasets/builtin_topics_test.jsonl`` via ``load_builtin("test")``), with a
per-class report, per-topic macro-F1, the share of `none` rows read as a stance
(``false_stance_rate``), the dev split (which the training recipe used for model selection, and
which the train2 batch was written to fix, so its figure is optimistic), dev2 (a later selection
split that nothing was trained on; see ``BUILTIN_TOPICS.md``), and the challenge split:
phrasings found wrong in an error analysis (judgments of the 2018 US withdrawal, sentiment
reversed by the frame, third-person plans, Israel's "freedom of action"), never trained on,
reported as a diagnostic. dev3 (selection) and test2 (reporting) are mostly statements on other
subjects (trade, climate, labour, other deals, other "normalizations", other nuclear subjects),
`none` for both topics, with a quarter on-topic statements in the same generic wording: they
measure whether the model keeps off-topic stances off the built-in topics. dev4 (selection) is
stances worded without the topics' keywords ("restore the accord", "a trap", "no ties without a
Palestinian state"), which an error analysis on new articles found misread (train6, written
for them with it, was tried and not kept; ``BUILTIN_TOPICS.md``).

Training data: the shipped model's joint layers read the train and train2 splits (and the research
data sets), its topic heads train to train5; the baselines train on the same five splits, in the
same run, as one model over "topic [SEP] text".

The hand-written splits share stock news phrasing ("turnout was 48.8 percent", "a stab in the back
of the Palestinian people"), so test and test2 are also scored without their statements whose
content nearly matches a training text (:func:`near_match`), as ``test_without_near_matches``
and ``test2_without_near_matches``.

No published numbers: the set is stancekit's own. Goal: test macro-F1 >= 0.85.

Run from the repo root: ``python -m benchmarks.stance_builtin [--model DIR] [--limit N]``.
"""

from __future__ import annotations

import difflib
import functools
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from benchmarks._baselines import CachedEncoder, standard_baselines
from benchmarks._common import (
    BenchmarkRun,
    base_parser,
    load_model,
    print_table,
    sample_rows,
    stance_report,
    timed,
)

if TYPE_CHECKING:
    from stancekit.datasets import StanceData

NAME = "stance_builtin"
LABELS = ("against", "favor", "none")
GOAL = {"macro_f1_test": 0.85}
#: Scored splits: test and test2 (final reporting), dev to dev4 (selection), challenge.
SPLITS = ("test", "test2", "dev", "dev2", "dev3", "dev4", "challenge")
#: The splits also scored without statements that nearly match a training text.
TEST_SPLITS = ("test", "test2")


def false_stance_rate(labels: Sequence[str], pred: Sequence[str]) -> float:
    """Share of the rows labelled none that were read as favor or against.

    Examples
    --------
    >>> false_stance_rate(["none", "none", "favor", "none"], ["none", "favor", "favor", "against"])
    0.6666666666666666
    """
    rows = [p for y, p in zip(labels, pred) if y == "none"]
    return sum(p != "none" for p in rows) / len(rows) if rows else float("nan")


def near_match(a: str, b: str) -> bool:
    """Whether two texts nearly match: word Jaccard >= 0.5 or difflib ratio >= 0.7, lower-cased.

    Examples
    --------
    >>> near_match("turnout was 48.8 percent", "Turnout had been 48.8 percent")
    True
    >>> near_match("Iran will respond", "the talks resume on Monday")
    False
    """
    a, b = a.lower(), b.lower()
    wa, wb = set(a.split()), set(b.split())
    if wa and wb and len(wa & wb) / len(wa | wb) >= 0.5:
        return True
    m = difflib.SequenceMatcher(None, a, b)  # the quick ratios bound ratio() from above
    return m.real_quick_ratio() >= 0.7 and m.quick_ratio() >= 0.7 and m.ratio() >= 0.7


def near_matched_groups(data: StanceData, train: StanceData) -> set[str]:
    """Statements (groups) of ``data`` whose text nearly matches a training text."""
    pool = sorted(set(train.texts))
    return {g for t, g in zip(data.texts, data.groups) if any(near_match(t, u) for u in pool)}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = base_parser(__doc__)
    parser.add_argument(
        "--text",
        choices=("content", "sentence"),
        default="content",
        help="what the model reads: the attributed content (as the pipeline feeds it) or the "
        "whole sentence",
    )
    args = parser.parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_builtin
    from stancekit.metrics import macro_f1
    from stancekit.topics import TOPICS
    from stancekit.train_topic_heads import BUILTIN_HEAD_SPLITS

    model, info = load_model(args.model)
    train = functools.reduce(
        operator.add, (load_builtin(split, text=args.text) for split in BUILTIN_HEAD_SPLITS)
    )
    encoder = None if args.no_baselines else CachedEncoder(batch_size=args.batch_size)
    baselines = {} if encoder is None else standard_baselines(encoder, per_topic=False)
    for system in baselines.values():
        system.fit(train.texts, train.topics, train.labels)
    short = {t.proposition: key for key, t in TOPICS.items()}

    scores: dict[str, dict] = {}
    rows = []
    near: set[str] = set()  # test statements that nearly match a training text
    for split in SPLITS:
        data = load_builtin(split, text=args.text)
        data = data.take(sample_rows(len(data), args.limit))
        if split in TEST_SPLITS:
            near = near_matched_groups(data, train)
        proba, seconds = timed(
            model.predict_proba, data.texts, data.topics, batch_size=args.batch_size
        )
        systems = {
            "stancekit": {
                "pred": model.classes_[np.asarray(proba).argmax(axis=1)].tolist(),
                "predict_seconds": seconds,
            }
        }
        for name, system in baselines.items():
            pred, sec = timed(system.predict, data.texts, data.topics)
            systems[name] = {"pred": pred, "predict_seconds": sec}
        for name, res in systems.items():
            rep = stance_report(data.labels, res["pred"], LABELS)
            rep["per_topic_macro_f1"] = {
                short.get(t, t): macro_f1(
                    [y for y, u in zip(data.labels, data.topics) if u == t],
                    [p for p, u in zip(res["pred"], data.topics) if u == t],
                )
                for t in sorted(set(data.topics))
            }
            rep["n_statements"] = len(set(data.groups))
            rep["predict_seconds"] = res["predict_seconds"]
            rep["false_stance_rate"] = false_stance_rate(data.labels, res["pred"])
            scores.setdefault(name, {})[split] = rep
            if split in TEST_SPLITS:
                keep = [i for i, g in enumerate(data.groups) if g not in near]
                clean = stance_report(
                    [data.labels[i] for i in keep], [res["pred"][i] for i in keep], LABELS
                )
                clean["n_statements"] = len({data.groups[i] for i in keep})
                clean["left_out"] = sorted(near)
                scores[name][f"{split}_without_near_matches"] = clean
            rows.append(
                {
                    "split": split,
                    "system": name,
                    "macro-F1": rep["macro_f1"],
                    **{f"F1 {c}": rep["per_class"][c]["f1"] for c in LABELS},
                    **rep["per_topic_macro_f1"],
                    "acc": rep["accuracy"],
                }
            )
    topics = sorted({k for s in scores.values() for k in s["test"]["per_topic_macro_f1"]})
    cols = ["split", "system", "macro-F1", *[f"F1 {c}" for c in LABELS], *topics, "acc"]
    print_table(rows, cols, "Built-in topics (rows = statement x topic), scores in %")
    rep = scores["stancekit"]["test"]
    print("stancekit test confusion (rows true, cols predicted):", rep["confusion"]["labels"])
    for lab, line in zip(LABELS, rep["confusion"]["rows_true_cols_pred"]):
        print(f"  {lab:8s} {line.tolist()}")
    path = run.save(
        scores,
        model=info,
        goal=GOAL,
        n_train_rows=len(train),
        train_splits=list(BUILTIN_HEAD_SPLITS),
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
