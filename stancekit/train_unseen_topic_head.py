"""Fit a stance model's unseen-topic head (``python -m stancekit.train_unseen_topic_head``).

An optional step 4 of the recipe, after ``stancekit.train`` and ``stancekit.train_topic_heads``;
the default model does not take it (the head gained on the news stories but lost on the DNA
sample's hearings; see the README). The head
(:mod:`stancekit.stances.unseen_topic_head`) is one logistic regression over the joint layers'
features, for every topic without a head of its own (a user's propositions). It is fitted on the
train splits of stancekit's proposition set (:func:`stancekit.datasets.load_propositions`: 1,440
statements on 60 policy subjects, each labelled for two propositions) and of its proposition
stories (:func:`stancekit.datasets.load_proposition_stories`: 18 coded stories, 492 statements),
none of whose subjects is a topic the model has labels for or a news story's; each statement is
read as its content. Its settings (C and weight) were chosen on the dev splits by ``python -m
benchmarks.unseen_topic_val``. Every other tensor of the model is kept as it is; the head reads
the joint layers, so rerun this step after retraining them. ``--remove`` takes the head out.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import logging
import sys
import time
from pathlib import Path

from stancekit._machine import machine_info
from stancekit.datasets import StanceData
from stancekit.stances.unseen_topic_head import DEFAULT_C, DEFAULT_WEIGHT

logger = logging.getLogger("stancekit")

#: The card's data line for the head (replaces an earlier one).
DATA_PREFIX = "step 4, unseen-topic head:"
SELECTION = (
    "C and weight chosen on the proposition set's dev and dev2 splits "
    "(python -m benchmarks.unseen_topic_val)"
)


def training_data() -> StanceData:
    """The head's training rows: the proposition set's train split and the train proposition
    stories' coded statements, each read as its content (one row per statement and
    proposition)."""
    from stancekit.datasets import load_proposition_stories, load_propositions, news_story_stances

    return load_propositions("train") + news_story_stances(load_proposition_stories("train"))


def selection_data() -> dict[str, StanceData]:
    """The selection splits: the proposition set's dev and dev2, and the dev proposition
    stories."""
    from stancekit.datasets import load_proposition_stories, load_propositions, news_story_stances

    return {
        "dev": load_propositions("dev"),
        "dev2": load_propositions("dev2"),
        "stories dev": news_story_stances(load_proposition_stories("dev")),
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = argparse.ArgumentParser(
        prog="python -m stancekit.train_unseen_topic_head", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--model", type=Path, required=True, help="stance model folder")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: --model)")
    parser.add_argument("--C", type=float, default=DEFAULT_C, help="the regression's C")
    parser.add_argument(
        "--weight",
        type=float,
        default=DEFAULT_WEIGHT,
        help="the head's weight in its mix with the rest of the model",
    )
    parser.add_argument(
        "--remove", action="store_true", help="drop the model's unseen-topic head and save"
    )
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.threads is not None:
        import torch

        torch.set_num_threads(args.threads)
    from stancekit.stances import StanceModel

    t0 = time.perf_counter()
    model = StanceModel.load(args.model)
    card = dict(model.card_)
    data_lines = [d for d in card.get("data", []) if not d.startswith(DATA_PREFIX)]
    if args.remove:
        model.unseen_topic_head_ = None
        card.pop("unseen_topic_head", None)
    else:
        train = training_data()
        n_topics = len(set(train.topics))
        logger.info("fitting the unseen-topic head on %d rows (%d topics)", len(train), n_topics)
        model.fit_unseen_topic_head(
            train.texts, train.topics, train.labels, C=args.C, weight=args.weight
        )
        card["unseen_topic_head"] = {
            "command": "python -m stancekit.train_unseen_topic_head "
            + " ".join(argv if argv is not None else sys.argv[1:]),
            "fitted": _dt.date.today().isoformat(),
            "seconds": round(time.perf_counter() - t0, 1),
            "machine": machine_info(),
            "selection": SELECTION,
        }
        data_lines.append(
            f"{DATA_PREFIX} stancekit's proposition set and proposition stories, train splits "
            f"({len(train)} rows of statement x proposition, {n_topics} propositions; contents)"
        )
    if "data" in card:
        card["data"] = data_lines
    model.card_ = card
    out = model.save(args.out or args.model)
    logger.info("saved %s in %.0fs", out, time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
