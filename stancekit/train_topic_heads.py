"""Recipe step 3: fit the topic heads of a trained stance model and save it.

Run after :mod:`stancekit.train`::

    python -m stancekit.train_topic_heads --model models/stance-minilm-YYYY-MM-DD

For every topic of the training data with at least ``--min-examples`` labelled texts (SemEval's
five targets, P-Stance's three candidates, the two built-in topics; Emergent's claims are too
small), a logistic regression on the frozen encoder's sentence embeddings
(:mod:`stancekit.stances.topic_heads`). Training splits only: SemEval-2016 train + trial,
P-Stance train, stancekit's built-in train and train2 statements. The defaults (C = 0.3, joint
weight 0.25, shared by all topics) were chosen on P-Stance's validation split and the built-in
dev split; no test split is read. Takes a few minutes on 2 CPU cores (one encoder pass over
about 22k texts).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import logging
import sys
import time
from pathlib import Path

from stancekit.datasets import StanceData, load_builtin, load_pstance, load_semeval
from stancekit.stances import StanceModel
from stancekit.stances.topic_heads import DEFAULT_C, DEFAULT_JOINT_WEIGHT, MIN_EXAMPLES

logger = logging.getLogger("stancekit.train_topic_heads")

DATA = (
    "SemEval-2016 Task 6 train + trial (5 targets; against / favor / none)",
    "P-Stance train (Trump, Biden, Sanders; against / favor)",
    "stancekit built-in statements, train and train2 splits (content readings)",
)


def head_training_data() -> StanceData:
    """The labelled training texts of the topics that get heads."""
    data = load_semeval("train") + load_pstance("all", "train")
    for split in ("train", "train2"):
        data = data + load_builtin(split)
    return data


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="stance model folder")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: --model)")
    parser.add_argument("--C", type=float, default=DEFAULT_C)
    parser.add_argument("--joint-weight", type=float, default=DEFAULT_JOINT_WEIGHT)
    parser.add_argument("--min-examples", type=int, default=MIN_EXAMPLES)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    model = StanceModel.load(args.model)
    data = head_training_data()
    logger.info("fitting topic heads on %d texts", len(data))
    model.topic_heads_ = None
    model.fit_topic_heads(
        data.texts,
        data.topics,
        data.labels,
        C=args.C,
        joint_weight=args.joint_weight,
        min_examples=args.min_examples,
    )
    heads = model.topic_heads_
    assert heads is not None
    for topic, head in heads.heads.items():
        logger.info("head %r: %s, %d texts", topic, head.classes, head.n_train)
    card = dict(model.card_)
    card["topic_heads"] = {
        "data": list(DATA),
        "command": "python -m stancekit.train_topic_heads "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "fitted": _dt.date.today().isoformat(),
        "seconds": round(time.perf_counter() - t0, 1),
        "selection": "C and joint weight chosen on P-Stance val and built-in dev only",
    }
    if card.get("data") and "topic heads" not in " ".join(card["data"]):
        card["data"] = [*card["data"], "step 3, topic heads: " + "; ".join(DATA)]
    model.card_ = card
    out = model.save(args.out or args.model)
    logger.info("saved %s with %d topic heads in %.0fs", out, len(heads), time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
