"""Recipe step 3: fit the topic heads, topic encoder, claim head and n-gram heads of a stance model.

Run after :mod:`stancekit.train`::

    python -m stancekit.train_topic_heads --model models/stance-minilm-YYYY-MM-DD

For every topic of the training data with at least ``--min-examples`` labelled texts (SemEval's
five targets, P-Stance's three candidates, the two built-in topics; Emergent's claims are too
small), a logistic regression on the frozen encoder's sentence embeddings
(:mod:`stancekit.stances.topic_heads`). Training splits only: SemEval-2016 train + trial,
P-Stance train, stancekit's built-in train to train5 statements. The defaults
(C = 0.3, joint weight 0.25, shared by all topics) were chosen on P-Stance's validation split and
the built-in dev split; no test split is read. Takes a few minutes on 2 CPU cores (one encoder
pass over about 22k texts).

``--mean-max SET ...`` gives the heads of those data sets' topics the mean and the max pooled last
layer (standardized). The shipped model uses none; measured with the shipped joint model:

- SemEval: on the recipe's held-out 10% of SemEval train (291 tweets; heads fitted on the other
  90% for the comparison), F_avg 67.0 with the mean, 68.2 with mean and max at C = 0.3 (67.4-67.8
  and 68.2-69.2 over C = 0.1 / 0.3 / 1), a gain within that small split's noise. On the test split
  it scored 68.12 against the shipped 70.68 (``stance_semeval_meanmax.json``), so it was not
  adopted; that decision saw the test split, so read the shipped SemEval figure with it in mind.
- P-Stance: val preferred the mean (mean F_avg 76.5 against 73.7).
- Built-in topics: better on the selection splits (macro-F1 dev 89.8 -> 90.3, dev2 90.5 -> 92.6 at
  C = 0.3, ``benchmarks/head_weight.py``) and on the test split, read once, 82.27 -> 87.11, but not
  shipped: the seed story's Biden statement ("he will return to the 2015 deal if Iran is back into
  compliance and ... a broader and longer-lasting deal") drops from +0.28 to +0.23, under the +0.25
  that the end-to-end issue requires (C = 1 or 3, chosen on dev and dev2 pooled, lowers it further).
  Those figures are with the train and train2 statements. With train3 added, the mean heads score
  dev 92.7 / dev2 92.3 and mean and max 92.4 / 92.5 at C = 0.3 (C = 1: 93.4 / 91.4 and 90.3 / 92.5);
  with train3 and train4 (the shipped data), mean 92.7 / 93.5 and mean and max 90.6 / 92.2. No gain
  from max pooling, so the heads keep the mean (the seed's Biden statement reads +0.30).

The P-Stance candidates' heads also get a topic encoder (:meth:`StanceModel.fit_topic_encoder`;
``--topic-encoder SET ...`` picks the data sets, none for no encoder): the encoder's top 2 layers
fine-tuned on P-Stance train over the trunk states of the tweet, one two-class softmax per
candidate, 5 epochs at a peak learning rate of 1e-4 with linear warm-up and decay, about 27 min
on 2 cores. Those settings were chosen in scratch runs scored on P-Stance val (mean F_avg of the
encoder alone after epochs 1-5: 75.07 / 76.70 / 77.85 / 78.23 / 78.42; a constant 5e-5 for 4
epochs reached 77.15), and the encoder's weight in its mix with the heads by
``python -m benchmarks.topic_encoder_val``. Once those were chosen, the shipped encoder was fitted
on P-Stance train and val together (``--topic-encoder-val``, the default; 19,417 tweets;
``--no-topic-encoder-val`` for selection runs), so its figures on val are no longer a selection
score. ``--topic-encoder-only`` refits the topic encoder alone and keeps every other tensor.

Since then the recipe fits **two** such encoders (seeds 0 and 1, ``--topic-encoder-members``) and
averages their logits, draws batches sorted by length within runs of 50 batches
(``--topic-encoder-length-buckets``: about 145 s per epoch on P-Stance train instead of about 300)
and stores them in int8 with a float16 scale per row (``--topic-encoder-dtype``: the two take the
7.1 MB that one took in float16). On P-Stance val, train-only scratch runs: the seed-1 encoder with
length buckets alone 78.25 (seed 0, plain batches: 78.42), mixed at weight 0.7 78.76 (78.51);
int8 changed 0.2% of its predictions (78.39 alone, 78.76 mixed); the pair, mixed at 0.7, 78.95
(alone 78.79). Also measured: a four-layer encoder (the trunk's top two layers too; twice the time)
alone 78.15 and mixed 78.57 (it peaked after epoch 2 at 1e-4); with the seed-0 and seed-1 pair,
79.97 mixed, the best reading, but the three take about 55 min, past the recipe's hour; three
members of three epochs each: the first scored 77.53 alone, 78.17 mixed, so that run was stopped.

The two members now differ in depth (``--topic-encoder-layers 2 3 --topic-encoder-epochs 5 3``):
the second copies the trunk's last layer too and reads its third layer's states (kept from the
trunk pass when predicting), for 3 epochs, which costs about what a two-layer member's 5 do
(218 s per epoch on P-Stance train). Train-only scratch runs on P-Stance val, mixed at 0.7: a
three-layer encoder of 3 epochs alone 78.76 (of 5 epochs 77.90, 78.60 after its third); with the
seed-0 two-layer encoder 79.48, with the seed-1 one 79.47, against 78.95 for the two-layer pair;
that is what depth buys an ensemble (the four-layer encoder with either two-layer one: 79.36 and
79.32). Also measured and not kept: a one-layer member (72 s per epoch) alone 76.84, with the pair
79.05; reading hashtags and mentions split into words and HTML entities unescaped (a seed-1
encoder alone 78.32 against 78.25, mixed 78.85 against 78.76: no gain past noise).
Nor, for a two-layer encoder on P-Stance val (78.64 mixed), an exponential moving average of its
weights (78.54), its last epochs' logits averaged (78.39), or dropout left on at prediction (78.61
over 16 passes); details in the README.
Since 2026-12-06 the recipe fits a **third** member, the encoder's top four layers for 3 epochs
(seed 2; ``--topic-encoder-layers 2 3 4 --topic-encoder-epochs 5 3 3 --topic-encoder-members 3``),
and stores all three in int4 (``--topic-encoder-dtype int4``: each copied layer's change from the
encoder's own; in int8 the three would not fit the 25 MB). Train-only runs on P-Stance val with the
n-gram heads at the shipped settings (``benchmarks/results/ngram_val_*_members.json``): the pair
79.42 (int8; 79.50 in int4), with the four-layer member 79.60, with a fourth (a second four-layer
member) 79.54. The third costs about 10 minutes on the 2-core machine where the whole recipe ran
in 45 minutes, about 16 on the slower one of the earlier timings (README, "The stance model").
``--topic-encoder semeval pstance`` (one encoder for both sets' eight targets) read SemEval's
held-out 10% better (``benchmarks/topic_encoder_semeval.py``) but scored P-Stance val 78.04 at
weight 0.7 (78.62 at best) against 78.93 for P-Stance alone, so the default stays P-Stance only.

Last come the *n-gram heads* (:mod:`stancekit.stances.ngram_heads`; ``--ngram SET ...``, default
P-Stance only): per candidate a logistic regression over TF-IDF word 1-2-grams and character
2-5-grams (one vocabulary of 20,000 + 20,000 n-grams, C = 4), mixed in after everything else at
weight 0.3, fitted on P-Stance train and val (``--ngram-val``, the default; under a minute).
``python -m benchmarks.ngram_val --model DIR`` chose those settings on P-Stance val with a model
whose P-Stance parts saw train only (a two-layer seed-0 topic encoder of 5 epochs, as the recipe
fits it, on train): 78.64 without n-gram heads, 79.38 with them (20,000 / 100,000 features:
79.14 / 79.20 at C = 4; every setting of the grid at weights 0.1-0.3 scored 78.73-79.38).
``--ngram-only`` refits them alone and keeps every other tensor.

The built-in topics also get *feature heads* (:mod:`stancekit.stances.feature_heads`;
``--feature-heads SET ...``, default the built-in topics only): per topic a logistic regression over
the joint layers' pooled features of [topic; text] and the sentence embedding (standardized, C =
0.1), mixed in last at weight 0.3, fitted on the built-in train to train5 statements (about a
minute). ``python -m benchmarks.feature_heads_val`` chose those settings on the built-in dev to
dev4 splits (the mean of the four; ``benchmarks/results/feature_heads_val.json``).
``--feature-heads-only`` refits them alone and keeps every other tensor. They read the joint
layers, so a model whose joint layers are trained again (``stancekit.train``) needs them refitted.

The claim head (:mod:`stancekit.stances.claim_head`: cue counts of a text, for topics of kind
"claim") is fitted on Emergent's training split, all claims (observing = none). Its settings
(C = 1, joint weight 0.1) were chosen by claim-grouped 5-fold cross-validation inside that split
and on the recipe's claim-disjoint held-out claims; Emergent's test split is not read. With it
comes a claim encoder (:mod:`stancekit.stances.claim_encoder`; ``--claim-encoder-layers 0`` leaves
it out): the encoder's top 4 layers (the trunk's top two too, over its second layer's states)
fine-tuned on the same headlines for 6 epochs, mixed with the cue counts at weight 0.4, stored in
int8, all chosen by ``python -m benchmarks.claim_encoder_cv --layers 2 4 --name
claim_encoder_cv_deep`` (claim-grouped 5-fold cross-validation on Emergent train: 79.0 against 78.2
for the best two-layer setting, 6 epochs at weight 0.5, which the recipe used before).
``--claim-head-only`` refits the claim head alone and keeps
the model's topic heads bit for bit (about 80 s).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import itertools
import logging
import sys
import time
from pathlib import Path

from stancekit._machine import machine_info
from stancekit.datasets import (
    StanceData,
    load_builtin,
    load_builtin_stories,
    load_emergent,
    load_pstance,
    load_semeval,
    news_story_stances,
)
from stancekit.stances import StanceModel
from stancekit.stances.claim_encoder import DEFAULT_EPOCHS as CLAIM_EPOCHS
from stancekit.stances.claim_encoder import DEFAULT_LEARNING_RATE as CLAIM_LEARNING_RATE
from stancekit.stances.claim_encoder import DEFAULT_SCHEDULE as CLAIM_SCHEDULE
from stancekit.stances.claim_encoder import DTYPES as ENCODER_DTYPES
from stancekit.stances.claim_head import DEFAULT_C as CLAIM_C
from stancekit.stances.claim_head import DEFAULT_JOINT_WEIGHT as CLAIM_JOINT_WEIGHT
from stancekit.stances.claim_head import RECIPE_ENCODER_DTYPE as CLAIM_ENCODER_DTYPE
from stancekit.stances.claim_head import RECIPE_ENCODER_LAYERS as CLAIM_ENCODER_LAYERS
from stancekit.stances.claim_head import RECIPE_ENCODER_WEIGHT as CLAIM_ENCODER_RECIPE_WEIGHT
from stancekit.stances.feature_heads import DEFAULT_C as FEATURE_C
from stancekit.stances.feature_heads import DEFAULT_WEIGHT as FEATURE_WEIGHT
from stancekit.stances.ngram_heads import DEFAULT_C as NGRAM_C
from stancekit.stances.ngram_heads import DEFAULT_MAX_FEATURES as NGRAM_MAX_FEATURES
from stancekit.stances.ngram_heads import DEFAULT_WEIGHT as NGRAM_WEIGHT
from stancekit.stances.topic_heads import DEFAULT_C, DEFAULT_JOINT_WEIGHT, MIN_EXAMPLES
from stancekit.stances.topic_heads import DEFAULT_ENCODER_EPOCHS as TOPIC_ENCODER_EPOCHS
from stancekit.stances.topic_heads import DEFAULT_ENCODER_WEIGHT as TOPIC_ENCODER_WEIGHT
from stancekit.topics import TOPICS

logger = logging.getLogger("stancekit.train_topic_heads")

DATA = (
    "SemEval-2016 Task 6 train + trial (5 targets; against / favor / none)",
    "P-Stance train (Trump, Biden, Sanders; against / favor)",
    "stancekit built-in statements, train to train5 splits (content readings)",
)
#: The data line of ``--builtin-stories``.
STORIES_DATA = "stancekit built-in-topic stories, train split (coded contents)"


def _data(args: argparse.Namespace) -> list[str]:
    """The topic heads' data lines of this run."""
    return [*DATA, *([STORIES_DATA] if getattr(args, "builtin_stories", False) else [])]


#: What follows the topic heads' data in a card's step-3 data line (see ``main``).
_STEP3_PARTS = ("; topic encoder:", "; claim head:", "; n-gram heads:", "; feature heads:")
#: ``--mean-max`` defaults: the data sets whose heads read mean and max pooled states (none: the
#: shipped model's heads all read the mean; see the module docstring).
MEAN_MAX_DEFAULT: tuple[str, ...] = ()
#: the built-in statements the heads learn from: the joint model's (``stancekit.train``) and train3
#: to train5, which were written after the shipped joint model was trained (``BUILTIN_TOPICS.md``).
#: train6 was tried with C = 1 and not kept (``BUILTIN_TOPICS.md``).
BUILTIN_HEAD_SPLITS = ("train", "train2", "train3", "train4", "train5")
#: ``--builtin-C`` default: None, the built-in heads take the shared ``--C`` (C = 1 with train6 was
#: tried and not kept, ``BUILTIN_TOPICS.md``).
BUILTIN_C: float | None = None
#: ``--topic-encoder`` default: the data sets whose topics get the topic encoder (chosen on
#: P-Stance val; see the module docstring).
TOPIC_ENCODER_DEFAULT: tuple[str, ...] = ("pstance",)
#: The recipe's topic encoder: layers, members (seeds), length buckets, storage (chosen on P-Stance
#: val; see the module docstring).
TOPIC_ENCODER_RECIPE_LAYERS: tuple[int, ...] = (2, 3, 4)
TOPIC_ENCODER_RECIPE_EPOCHS: tuple[int, ...] = (TOPIC_ENCODER_EPOCHS, 3, 3)
TOPIC_ENCODER_RECIPE_MEMBERS = 3
TOPIC_ENCODER_RECIPE_BUCKETS = 50
TOPIC_ENCODER_RECIPE_DTYPE = "int4"
CLAIM_DATA = "claim head: Emergent train, all claims (article headlines; observing = none)"
#: ``--ngram`` default: the data sets whose topics get n-gram heads (chosen on P-Stance val; see
#: the module docstring).
NGRAM_DEFAULT: tuple[str, ...] = ("pstance",)
#: ``--feature-heads`` default: the data sets whose topics get feature heads (chosen on the
#: built-in dev to dev4 splits; see the module docstring).
FEATURE_HEADS_DEFAULT: tuple[str, ...] = ("builtin",)
FEATURE_SELECTION = (
    "feature heads: C and weight chosen on the built-in dev to dev4 splits "
    "(python -m benchmarks.feature_heads_val)"
)


def head_training_data(
    builtin_stories: bool = False,
) -> tuple[StanceData, dict[str, frozenset[str]]]:
    """The labelled training texts of the topics that get heads, and each data set's topics.

    Parameters
    ----------
    builtin_stories : bool
        Also the coded statements of the built-in-topic stories' train split
        (:func:`stancekit.datasets.load_builtin_stories`; tried, not shipped).

    Returns
    -------
    data : StanceData
    sets : dict
        ``{"semeval" | "pstance" | "builtin": topics of that data set}``.
    """
    semeval, pstance = load_semeval("train"), load_pstance("all", "train")
    data = semeval + pstance
    for split in BUILTIN_HEAD_SPLITS:
        data = data + load_builtin(split)
    if builtin_stories:
        data = data + news_story_stances(load_builtin_stories("train"))
    sets = {
        "semeval": frozenset(semeval.topics),
        "pstance": frozenset(pstance.topics),
        "builtin": frozenset(t.proposition for t in TOPICS.values()),
    }
    return data, sets


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="stance model folder")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: --model)")
    parser.add_argument("--C", type=float, default=DEFAULT_C, help="topic heads' C")
    parser.add_argument(
        "--builtin-C",
        type=float,
        default=BUILTIN_C,
        help="C of the built-in topics' heads (default: --C)",
    )
    parser.add_argument("--joint-weight", type=float, default=DEFAULT_JOINT_WEIGHT)
    parser.add_argument("--min-examples", type=int, default=MIN_EXAMPLES)
    parser.add_argument("--claim-C", type=float, default=CLAIM_C, help="claim head's C")
    parser.add_argument(
        "--claim-joint-weight",
        type=float,
        default=CLAIM_JOINT_WEIGHT,
        help="joint model's weight in the claim head's mix",
    )
    parser.add_argument(
        "--claim-encoder-layers",
        type=int,
        default=CLAIM_ENCODER_LAYERS,
        help="layers of the claim head's fine-tuned claim encoder (0: cue counts alone)",
    )
    parser.add_argument(
        "--claim-encoder-dtype",
        choices=ENCODER_DTYPES,
        default=CLAIM_ENCODER_DTYPE,
        help="storage of the claim encoder's weights (int8: a float16 scale per row; int4: each "
        "copied layer's change from the encoder's own, a float16 scale per 32 columns)",
    )
    parser.add_argument(
        "--claim-encoder-weight",
        type=float,
        default=CLAIM_ENCODER_RECIPE_WEIGHT,
        help="the claim encoder's weight in its mix with the cue counts",
    )
    parser.add_argument(
        "--claim-epochs", type=int, default=CLAIM_EPOCHS, help="claim encoder's epochs"
    )
    parser.add_argument(
        "--claim-learning-rate",
        type=float,
        default=CLAIM_LEARNING_RATE,
        help="claim encoder's (peak) learning rate",
    )
    parser.add_argument(
        "--claim-schedule",
        choices=("constant", "linear"),
        default=CLAIM_SCHEDULE,
        help="claim encoder's learning-rate schedule",
    )
    parser.add_argument(
        "--no-claim-head", action="store_true", help="fit no claim head (drops an existing one)"
    )
    parser.add_argument(
        "--claim-head-only",
        action="store_true",
        help="refit the claim head alone and keep the model's topic heads as they are",
    )
    parser.add_argument(
        "--topic-encoder",
        nargs="*",
        choices=("semeval", "pstance", "builtin"),
        default=list(TOPIC_ENCODER_DEFAULT),
        metavar="SET",
        help="data sets whose topics get the topic encoder, fine-tuned on their training texts "
        f"(default: {' '.join(TOPIC_ENCODER_DEFAULT)}; none: no topic encoder)",
    )
    parser.add_argument(
        "--topic-encoder-layers",
        type=int,
        nargs="+",
        default=list(TOPIC_ENCODER_RECIPE_LAYERS),
        metavar="K",
        help="layers of the topic encoder (up to 6: above 2 it copies trunk layers too); several "
        "values: one member each (e.g. 2 3)",
    )
    parser.add_argument(
        "--topic-encoder-members",
        type=int,
        default=None,
        help="topic encoders fitted with seeds 0, 1, ... whose logits are averaged (with "
        "layers or epochs given per member: 1 or as many; default: as many as they give, "
        f"else the recipe's {TOPIC_ENCODER_RECIPE_MEMBERS})",
    )
    parser.add_argument(
        "--topic-encoder-length-buckets",
        type=int,
        default=TOPIC_ENCODER_RECIPE_BUCKETS,
        help="sort each run of this many batches by length (0: plain shuffled batches)",
    )
    parser.add_argument(
        "--topic-encoder-dtype",
        choices=ENCODER_DTYPES,
        default=TOPIC_ENCODER_RECIPE_DTYPE,
        help="storage of the topic encoder's weights (int8: a float16 scale per row; int4: each "
        "copied layer's change from the encoder's own, a float16 scale per 32 columns)",
    )
    parser.add_argument(
        "--topic-encoder-add",
        action="store_true",
        help="with --topic-encoder-only: keep the model's topic-encoder members and fit the "
        "members that --topic-encoder-layers / --topic-encoder-epochs give as more (seeded on "
        "from those it has); all are stored in --topic-encoder-dtype",
    )
    parser.add_argument(
        "--topic-encoder-epochs",
        type=int,
        nargs="+",
        default=list(TOPIC_ENCODER_RECIPE_EPOCHS),
        metavar="N",
        help="its epochs; several values: one per member",
    )
    parser.add_argument(
        "--topic-encoder-weight",
        type=float,
        default=TOPIC_ENCODER_WEIGHT,
        help="the topic encoder's weight in its mix with each head",
    )
    parser.add_argument(
        "--topic-encoder-val",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also fine-tune the topic encoder on P-Stance's validation split, whose scores chose "
        "its settings (default: yes; --no-topic-encoder-val for selection runs). SemEval and the "
        "built-in topics add nothing: their selection splits stay unseen",
    )
    parser.add_argument(
        "--topic-encoder-only",
        action="store_true",
        help="refit the topic encoder alone; keep the topic heads and the claim head as they are",
    )
    parser.add_argument(
        "--mean-max",
        nargs="*",
        choices=("semeval", "pstance", "builtin"),
        default=list(MEAN_MAX_DEFAULT),
        metavar="SET",
        help="data sets (semeval, pstance, builtin) whose heads read mean and max pooled states "
        "instead of the mean alone (default: none, as shipped; see the module docstring for "
        "what each set's validation and test data said)",
    )
    parser.add_argument(
        "--ngram",
        nargs="*",
        choices=("semeval", "pstance", "builtin"),
        default=list(NGRAM_DEFAULT),
        metavar="SET",
        help="data sets whose topics get n-gram heads (TF-IDF logistic regressions mixed in "
        f"last; default: {' '.join(NGRAM_DEFAULT)}; none: no n-gram heads)",
    )
    parser.add_argument("--ngram-C", type=float, default=NGRAM_C, help="n-gram heads' C")
    parser.add_argument(
        "--ngram-weight",
        type=float,
        default=NGRAM_WEIGHT,
        help="the n-gram heads' weight in their mix with the rest of the model",
    )
    parser.add_argument(
        "--ngram-max-features",
        type=int,
        default=NGRAM_MAX_FEATURES,
        help="size of the n-gram vocabulary (half words, half characters)",
    )
    parser.add_argument(
        "--ngram-val",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also fit the n-gram heads on P-Stance's validation split, whose scores chose "
        "their settings (default: yes; --no-ngram-val for selection runs)",
    )
    parser.add_argument(
        "--ngram-only",
        action="store_true",
        help="refit the n-gram heads alone; keep every other part of the model as it is",
    )
    parser.add_argument(
        "--feature-heads",
        nargs="*",
        choices=("semeval", "pstance", "builtin"),
        default=list(FEATURE_HEADS_DEFAULT),
        metavar="SET",
        help="data sets whose topics get feature heads (regressions on the joint layers' pooled "
        f"features, mixed in last; default: {' '.join(FEATURE_HEADS_DEFAULT)}; none: no "
        "feature heads)",
    )
    parser.add_argument("--feature-C", type=float, default=FEATURE_C, help="feature heads' C")
    parser.add_argument(
        "--feature-weight",
        type=float,
        default=FEATURE_WEIGHT,
        help="the feature heads' weight in their mix with the rest of the model",
    )
    parser.add_argument(
        "--feature-heads-only",
        action="store_true",
        help="refit the feature heads alone; keep every other part of the model as it is",
    )
    parser.add_argument(
        "--heads-only",
        nargs="+",
        choices=("semeval", "pstance", "builtin"),
        default=None,
        metavar="SET",
        help="refit the topic heads of these data sets alone (e.g. builtin, after new "
        "statements); keep every other part of the model as it is",
    )
    parser.add_argument(
        "--builtin-stories",
        action="store_true",
        help="the built-in topics' heads (and feature heads) also learn from the built-in-topic "
        "stories' train split (tried, not shipped: benchmarks/builtin_stories_val.py)",
    )
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    if args.claim_head_only and args.no_claim_head:
        parser.error("--claim-head-only and --no-claim-head exclude each other")
    if args.topic_encoder_only and (args.claim_head_only or args.no_claim_head):
        parser.error(
            "--topic-encoder-only keeps the claim head: drop --claim-head-only / --no-claim-head"
        )
    if args.topic_encoder_add and not args.topic_encoder_only:
        parser.error(
            "--topic-encoder-add grows the model's topic encoder: use it with --topic-encoder-only"
        )
    if args.topic_encoder_only and not args.topic_encoder:
        parser.error("--topic-encoder-only needs at least one --topic-encoder SET")
    if args.ngram_only and (args.claim_head_only or args.topic_encoder_only or args.no_claim_head):
        parser.error(
            "--ngram-only keeps every other part: drop --claim-head-only / --topic-encoder-only "
            "/ --no-claim-head"
        )
    if args.heads_only and (
        args.claim_head_only or args.topic_encoder_only or args.ngram_only or args.no_claim_head
    ):
        parser.error(
            "--heads-only keeps every other part: drop --claim-head-only / --topic-encoder-only "
            "/ --ngram-only / --no-claim-head"
        )
    if args.feature_heads_only and (
        args.claim_head_only
        or args.topic_encoder_only
        or args.ngram_only
        or args.heads_only
        or args.no_claim_head
    ):
        parser.error(
            "--feature-heads-only keeps every other part: drop --claim-head-only / "
            "--topic-encoder-only / --ngram-only / --heads-only / --no-claim-head"
        )
    if args.feature_heads_only and not args.feature_heads:
        parser.error("--feature-heads-only needs at least one --feature-heads SET")
    model = StanceModel.load(args.model)
    data: StanceData | None = None
    sets: dict[str, frozenset[str]] = {}
    if not args.claim_head_only:
        data, sets = head_training_data(True) if args.builtin_stories else head_training_data()
    if args.heads_only:
        assert data is not None
        return _refit_heads_only(model, args, data, sets, _command(argv), t0)
    if args.feature_heads_only:
        assert data is not None
        return _refit_feature_heads_only(model, args, data, sets, _command(argv), t0)
    only = args.claim_head_only or args.topic_encoder_only or args.ngram_only
    if not only:
        assert data is not None
        _fit_topic_heads(model, args, data, sets)
    heads = model.topic_heads_
    if heads is None:
        raise SystemExit(f"{args.model} has no topic heads; run without --claim-head-only")
    if data is not None and not args.ngram_only:
        _fit_topic_encoder(model, args, data, sets)
    if not (args.topic_encoder_only or args.ngram_only):
        _fit_claim_head(model, args)
    if data is not None and not (args.topic_encoder_only or args.claim_head_only):
        _fit_ngram_heads(model, args, data, sets)
    if data is not None and not only:
        _fit_feature_heads(model, args, data, sets)
    card = dict(model.card_)
    before = card.get("topic_heads") or {}
    command = _command(argv)
    card["topic_heads"] = {
        "data": _data(args),
        "command": command,
        "fitted": _dt.date.today().isoformat(),
        "seconds": round(time.perf_counter() - t0, 1),
        "machine": machine_info(),
        "selection": "topic heads: C and joint weight chosen on P-Stance val and built-in dev "
        "only, pooling per data set on SemEval's held-out 10%, P-Stance val and built-in "
        "dev / dev2; topic encoder: on P-Stance val; claim head: on Emergent train "
        "(claim-grouped cross-validation, held-out claims); " + FEATURE_SELECTION,
        "mean_max": list(args.mean_max),
        "topic_encoder": list(args.topic_encoder),
        "topic_encoder_val": bool(args.topic_encoder_val),
        "ngram": list(args.ngram),
        "ngram_val": bool(args.ngram_val),
        "feature_heads": list(args.feature_heads),
    }
    if args.claim_head_only:
        # The topic heads are the earlier run's: keep its record, add this one's.
        card["topic_heads"] = {**before, "claim_head_command": command}
    if args.topic_encoder_only:
        card["topic_heads"] = {
            **before,
            "topic_encoder_command": command,
            "topic_encoder_val": bool(args.topic_encoder_val),
            "topic_encoder_seconds": round(time.perf_counter() - t0, 1),
            "topic_encoder_machine": machine_info(),
        }
    if args.ngram_only:
        card["topic_heads"] = {
            **before,
            "ngram_command": command,
            "ngram": list(args.ngram),
            "ngram_val": bool(args.ngram_val),
            "ngram_seconds": round(time.perf_counter() - t0, 1),
        }
    if card.get("data"):
        data_lines = [d for d in card["data"] if not d.startswith("step 3")]
        step3 = "step 3, topic heads: " + "; ".join(_data(args))
        if args.topic_encoder:
            step3 += "; topic encoder: the training texts of " + ", ".join(args.topic_encoder)
            if args.topic_encoder_val and "pstance" in args.topic_encoder:
                step3 += " and P-Stance val (its settings chosen on val first)"
        if model.claim_head_ is not None:
            step3 += "; " + CLAIM_DATA
        if model.ngram_heads_ is not None:
            step3 += "; n-gram heads: the training texts of " + ", ".join(args.ngram)
            if args.ngram_val and "pstance" in args.ngram:
                step3 += " and P-Stance val (their settings chosen on val first)"
        step3 += _feature_heads_data(model, before.get("feature_heads") if only else None, args)
        card["data"] = [*data_lines, step3]
    model.card_ = card
    out = model.save(args.out or args.model)
    logger.info("saved %s with %d topic heads in %.0fs", out, len(heads), time.perf_counter() - t0)
    return 0


def _command(argv: list[str] | None) -> str:
    """This run's command line, for the model card."""
    return "python -m stancekit.train_topic_heads " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )


def _with_head_data(line: str, data: list[str] | None = None) -> str:
    """A card's step-3 data line with its topic heads' part rewritten from ``data`` (default
    :data:`DATA`)."""
    if not line.startswith("step 3, topic heads: "):
        return line
    cut = min((k for k in (line.find(p) for p in _STEP3_PARTS) if k >= 0), default=len(line))
    return "step 3, topic heads: " + "; ".join(data or DATA) + line[cut:]


def _refit_heads_only(
    model: StanceModel,
    args: argparse.Namespace,
    data: StanceData,
    sets: dict[str, frozenset[str]],
    command: str,
    t0: float,
) -> int:
    """Refit the topic heads of ``args.heads_only``'s sets; every other tensor stays as it was."""
    if model.topic_heads_ is None:
        raise SystemExit(f"{args.model} has no topic heads to refit; run without --heads-only")
    wanted = frozenset().union(*(sets[name] for name in args.heads_only))
    _fit_topic_heads(model, args, data, sets, only=wanted)
    card = dict(model.card_)
    card["topic_heads"] = {
        **(card.get("topic_heads") or {}),
        "data": _data(args),
        "heads_command": command,
        "heads_refitted": list(args.heads_only),
        "heads_fitted": _dt.date.today().isoformat(),
    }
    if card.get("data"):
        card["data"] = [
            _with_head_data(d, _data(args)) if "builtin" in args.heads_only else d
            for d in card["data"]
        ]
    model.card_ = card
    out = model.save(args.out or args.model)
    logger.info(
        "saved %s (heads of %s refitted) in %.0fs",
        out,
        ", ".join(args.heads_only),
        time.perf_counter() - t0,
    )
    return 0


def _feature_heads_data(
    model: StanceModel, kept: list[str] | None, args: argparse.Namespace
) -> str:
    """The feature heads' part of a card's step-3 data line ("" without feature heads).

    ``kept``: the data sets of feature heads that this run kept from the model (runs that refit
    another part only); None: this run's ``--feature-heads``.
    """
    if model.feature_heads_ is None:
        return ""
    sets = list(args.feature_heads) if kept is None else list(kept)
    return "; feature heads: the training texts of " + ", ".join(sets)


def _without_feature_heads(line: str) -> str:
    """A card's step-3 data line without its feature heads' part (always the last one)."""
    cut = line.find("; feature heads:")
    return line if cut < 0 else line[:cut]


def _refit_feature_heads_only(
    model: StanceModel,
    args: argparse.Namespace,
    data: StanceData,
    sets: dict[str, frozenset[str]],
    command: str,
    t0: float,
) -> int:
    """Refit the feature heads alone; every other tensor stays as it was."""
    _fit_feature_heads(model, args, data, sets)
    card = dict(model.card_)
    card["topic_heads"] = {
        **(card.get("topic_heads") or {}),
        "feature_heads_command": command,
        "feature_heads": list(args.feature_heads),
        "feature_heads_fitted": _dt.date.today().isoformat(),
        "feature_heads_selection": FEATURE_SELECTION,
        "feature_heads_seconds": round(time.perf_counter() - t0, 1),
    }
    if card.get("data"):
        card["data"] = [
            _without_feature_heads(d) + _feature_heads_data(model, None, args)
            if d.startswith("step 3")
            else d
            for d in card["data"]
        ]
    model.card_ = card
    out = model.save(args.out or args.model)
    logger.info("saved %s (feature heads refitted) in %.0fs", out, time.perf_counter() - t0)
    return 0


def _fit_feature_heads(
    model: StanceModel, args: argparse.Namespace, data: StanceData, sets: dict[str, frozenset[str]]
) -> None:
    """Fit the feature heads on the training texts of ``args.feature_heads``'s sets (replacing
    all)."""
    model.feature_heads_ = None
    if not args.feature_heads:
        return
    part = _of_sets(data, sets, args.feature_heads)
    logger.info("fitting feature heads on %d texts", len(part))
    model.fit_feature_heads(
        part.texts,
        part.topics,
        part.labels,
        C=args.feature_C,
        weight=args.feature_weight,
        min_examples=args.min_examples,
    )
    if model.feature_heads_ is not None:
        for topic, head in model.feature_heads_.heads.items():
            logger.info("feature head %r: %s, %d texts", topic, head.classes, head.n_train)


def _of_sets(data: StanceData, sets: dict[str, frozenset[str]], names: list[str]) -> StanceData:
    """The rows of ``data`` whose topic belongs to one of the data sets ``names``."""
    wanted = frozenset().union(*(sets[name] for name in names))
    return data.take([i for i, t in enumerate(data.topics) if t in wanted])


def _fit_topic_encoder(
    model: StanceModel, args: argparse.Namespace, data: StanceData, sets: dict[str, frozenset[str]]
) -> None:
    """Fine-tune the topic encoder on the training texts of ``args.topic_encoder``'s sets."""
    heads = model.topic_heads_
    assert heads is not None
    if not args.topic_encoder_add:
        heads.encoder_ = None
        heads.encoder_topics_ = {}
    if not args.topic_encoder:
        return
    part = _of_sets(data, sets, args.topic_encoder)
    if args.topic_encoder_val and "pstance" in args.topic_encoder:
        part = part + load_pstance("all", "val")
    logger.info(
        "fitting the topic encoder on %d texts (%s)", len(part), ", ".join(sorted(set(part.topics)))
    )
    model.fit_topic_encoder(
        part.texts,
        part.topics,
        part.labels,
        layers=_one_or_each(args.topic_encoder_layers),
        encoder_weight=args.topic_encoder_weight,
        epochs=_one_or_each(args.topic_encoder_epochs),
        members=_members(args),
        length_buckets=args.topic_encoder_length_buckets,
        dtype=args.topic_encoder_dtype,
        add=args.topic_encoder_add,
    )


def _fit_ngram_heads(
    model: StanceModel, args: argparse.Namespace, data: StanceData, sets: dict[str, frozenset[str]]
) -> None:
    """Fit the n-gram heads on the training texts of ``args.ngram``'s sets (replacing all)."""
    model.ngram_heads_ = None
    if not args.ngram:
        return
    part = _of_sets(data, sets, args.ngram)
    if args.ngram_val and "pstance" in args.ngram:
        part = part + load_pstance("all", "val")
    model.fit_ngram_heads(
        part.texts,
        part.topics,
        part.labels,
        C=args.ngram_C,
        weight=args.ngram_weight,
        max_features=args.ngram_max_features,
        min_examples=args.min_examples,
    )
    if model.ngram_heads_ is not None:
        for topic, head in model.ngram_heads_.heads.items():
            logger.info("n-gram head %r: %s, %d texts", topic, head.classes, head.n_train)


def _members(args: argparse.Namespace) -> int:
    """``--topic-encoder-members``; else 1 when a flag gives values per member, which
    :meth:`StanceModel.fit_topic_encoder` reads as "as many as they give" (and rejects flags
    that disagree), else the recipe's."""
    if args.topic_encoder_members is not None:
        return int(args.topic_encoder_members)
    per_member = max(len(args.topic_encoder_layers), len(args.topic_encoder_epochs)) > 1
    return 1 if per_member else TOPIC_ENCODER_RECIPE_MEMBERS


def _one_or_each(values: list[int]) -> int | list[int]:
    """A flag's one value (for every member), or its several values (one per member)."""
    return values[0] if len(values) == 1 else values


def _fit_claim_head(model: StanceModel, args: argparse.Namespace) -> None:
    """Fit the claim head on Emergent train (or drop it with ``--no-claim-head``)."""
    model.claim_head_ = None
    if not args.no_claim_head:
        claims = load_emergent("train")
        model.fit_claim_head(
            claims.texts,
            claims.labels,
            C=args.claim_C,
            joint_weight=args.claim_joint_weight,
            encoder_layers=args.claim_encoder_layers,
            dtype=args.claim_encoder_dtype,
            encoder_weight=args.claim_encoder_weight,
            epochs=args.claim_epochs,
            learning_rate=args.claim_learning_rate,
            schedule=args.claim_schedule,
        )
        logger.info("claim head: %d texts", len(claims))


def _fit_topic_heads(
    model: StanceModel,
    args: argparse.Namespace,
    data: StanceData,
    sets: dict[str, frozenset[str]],
    only: frozenset[str] | None = None,
) -> None:
    """Fit the topic heads of the recipe's data into ``model``.

    Every head, replacing the model's heads; or with ``only`` the heads of those topics, the
    others kept.
    """
    logger.info("fitting topic heads on %d texts", len(data))
    if only is None:
        model.topic_heads_ = None
    rich = frozenset().union(*(sets[name] for name in args.mean_max))
    for pooling, builtin in itertools.product(("mean", "mean+max"), (False, True)):
        rows = [
            i
            for i, t in enumerate(data.topics)
            if (only is None or t in only)
            and (t in rich) == (pooling != "mean")
            and (t in sets["builtin"]) == builtin
        ]
        if not rows:
            continue
        part = data.take(rows)
        model.fit_topic_heads(
            part.texts,
            part.topics,
            part.labels,
            C=args.builtin_C if builtin and args.builtin_C is not None else args.C,
            joint_weight=args.joint_weight,
            min_examples=args.min_examples,
            pooling=pooling,
        )
    heads = model.topic_heads_
    assert heads is not None
    for topic, head in heads.heads.items():
        logger.info("head %r: %s, %s, %d texts", topic, head.classes, head.pooling, head.n_train)


if __name__ == "__main__":
    raise SystemExit(main())
