"""Train stancekit's default stance model: ``python -m stancekit.train --out models/NAME``.

The recipe reads the training splits of the shared research data (``$STANCEKIT_DATA``) and
stancekit's own labelled statements on the built-in topics; it never reads a test split.

Data mix (all as (text, topic, label) rows, topics as written in each data set):

- SemEval-2016 Task 6 train + trial (targets such as "Hillary Clinton"), 10% of each target held
  out for model selection;
- P-Stance train (Trump, Biden, Sanders); its validation split for selection;
- Emergent train (claim headline as topic, article headline as text; observing -> none), 10% of
  claims held out;
- off-topic pairs labelled "none": texts paired with a topic from another data set or another
  claim, so that the model learns to say when a statement is not about the topic.

Stage 1 trains on these. Stage 2 fine-tunes on stancekit's own statements on the built-in topics
(its train splits, each read as content and as full sentence) with stage-1 rows replayed, so the
model keeps what it learned. Model selection in both stages uses the held-out parts above plus
the built-in dev split.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stancekit._machine import machine_info
from stancekit.datasets import StanceData, load_builtin, load_emergent, load_pstance, load_semeval
from stancekit.metrics import f_avg, macro_f1
from stancekit.topics import TOPICS

logger = logging.getLogger("stancekit")

#: stancekit's own training splits of the built-in topic statements (dev and test are held out).
#: train3 feeds only the topic heads (recipe step 3): with it in stage 2 the joint layers scored
#: worse on the clean dev2 split (85.35 against 88.44 macro-F1; ``BUILTIN_TOPICS.md``).
BUILTIN_TRAIN_SPLITS = ("train", "train2")
#: research sets that ``--exclude`` may leave out.
RESEARCH_SETS = ("semeval", "pstance", "emergent")


def _hold_out(
    data: StanceData, share: float, rng: np.random.Generator, *, by_group: bool
) -> tuple[StanceData, StanceData]:
    """Split ``data``: by whole groups (claims) or stratified within each group (targets)."""
    groups = np.asarray(data.groups)
    val: list[int] = []
    if by_group:
        uniq = rng.permutation(sorted(set(data.groups)))
        chosen = set(uniq[: max(1, int(round(share * len(uniq))))].tolist())
        val = [i for i, g in enumerate(data.groups) if g in chosen]
    else:
        for g in sorted(set(data.groups)):
            idx = rng.permutation(np.flatnonzero(groups == g))
            val.extend(idx[: int(round(share * len(idx)))].tolist())
    vset = set(val)
    train = [i for i in range(len(data)) if i not in vset]
    return data.take(train), data.take(sorted(val))


def _off_topic(
    texts: list[str], topics: list[str], n: int, rng: np.random.Generator, source: str
) -> StanceData:
    """``n`` rows pairing random ``texts`` with random ``topics``, labelled "none"."""
    ti = rng.integers(0, len(texts), n)
    pi = rng.integers(0, len(topics), n)
    return StanceData(
        [texts[i] for i in ti], [topics[j] for j in pi], ["none"] * n, [source] * n, source
    )


def _emergent_off_claim(data: StanceData, n: int, rng: np.random.Generator) -> StanceData:
    """Headlines paired with another claim's headline, labelled "none"."""
    claims = sorted({(g, t) for g, t in zip(data.groups, data.topics)})
    out = StanceData([], [], [], [], "emergent-off-claim")
    while len(out) < n:
        i = int(rng.integers(0, len(data)))
        g, topic = claims[int(rng.integers(0, len(claims)))]
        if g != data.groups[i]:
            out.texts.append(data.texts[i])
            out.topics.append(topic)
            out.labels.append("none")
            out.groups.append("emergent-off-claim")
    return out


def build_training_data(
    seed: int = 0, exclude: Sequence[str] = ()
) -> tuple[StanceData, np.ndarray, StanceData, dict[str, StanceData]]:
    """Stage-1 data: the research sets and off-topic pairs.

    Returns (train, sample weights, validation, validation parts by name). The validation
    parts include stancekit's built-in dev split, so that model selection watches the built-in
    topics too. ``exclude`` names research sets (``RESEARCH_SETS``) left out entirely, train
    and validation rows alike, e.g. ``("pstance",)`` for a model that never saw P-Stance's
    targets (a cold start for the few-shot benchmark).
    """
    unknown = sorted(set(exclude) - set(RESEARCH_SETS))
    if unknown:
        raise ValueError(f"exclude must name sets among {list(RESEARCH_SETS)}; got {unknown}")
    rng = np.random.default_rng(seed)
    empty = StanceData([], [], [], [], "excluded")
    sem_train, sem_val = _hold_out(load_semeval("train"), 0.1, rng, by_group=False)
    ps_train = load_pstance("all", "train")
    ps_val_all = load_pstance("all", "val")
    ps_val = ps_val_all.take(sorted(rng.permutation(len(ps_val_all))[:900].tolist()))
    em_train, em_val = _hold_out(load_emergent("train"), 0.1, rng, by_group=True)
    bt_train, bt_val = load_builtin("train"), load_builtin("dev")
    if "semeval" in exclude:
        sem_train, sem_val = empty, empty
    if "pstance" in exclude:
        ps_train, ps_val = empty, empty
    if "emergent" in exclude:
        em_train, em_val = empty, empty

    builtin_topics = [t.proposition for t in TOPICS.values()]
    other_topics = sorted(set(sem_train.topics) | set(ps_train.topics))
    news_texts = sem_train.texts + ps_train.texts + em_train.texts
    parts = [
        sem_train,
        ps_train,
        em_train,
        _off_topic(news_texts, builtin_topics, 1000, rng, "off-topic-builtin"),
        _off_topic(bt_train.texts, other_topics, 400, rng, "off-topic-other"),
    ]
    if len(em_train):
        parts.append(_emergent_off_claim(em_train, 800, rng))
    train = parts[0]
    for d in parts[1:]:
        train = train + d
    weights = np.ones(len(train))
    val_parts = {"semeval": sem_val, "pstance": ps_val, "emergent": em_val, "builtin": bt_val}
    val_parts = {name: d for name, d in val_parts.items() if len(d)}
    val = StanceData([], [], [], [], "validation")
    for name, d in val_parts.items():
        val = val + StanceData(d.texts, d.topics, d.labels, [name] * len(d), name)
    return train, weights, val, val_parts


def build_builtin_data(general: StanceData, n_replay: int, seed: int = 0) -> StanceData:
    """Stage-2 data: the built-in topic statements (content and full-sentence readings of each
    training split) plus ``n_replay`` rows of stage-1 data, so the model does not forget."""
    rng = np.random.default_rng(seed + 1)
    out = StanceData([], [], [], [], "builtin")
    for split in BUILTIN_TRAIN_SPLITS:
        for text in ("content", "sentence"):
            out = out + load_builtin(split, text=text)
    replay = rng.choice(len(general), size=min(n_replay, len(general)), replace=False)
    return out + general.take(sorted(replay.tolist()))


def evaluate_parts(model: object, parts: dict[str, StanceData]) -> list[dict[str, object]]:
    """Scores of ``model`` on each validation part: F_avg and macro-F1."""
    scores: list[dict[str, object]] = []
    for name, d in parts.items():
        pred = model.predict(d.texts, d.topics).tolist()  # type: ignore[attr-defined]
        scores.append(
            {"set": f"{name} (validation)", "metric": "F_avg", "value": f_avg(d.labels, pred)}
        )
        scores.append(
            {"set": f"{name} (validation)", "metric": "macro-F1", "value": macro_f1(d.labels, pred)}
        )
    return scores


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    from stancekit.stances import StanceModel, TrainingOptions

    parser = argparse.ArgumentParser(
        prog="python -m stancekit.train", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, required=True, help="model folder to write")
    parser.add_argument("--shared-layers", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=3, help="stage-1 epochs")
    parser.add_argument("--lr", type=float, default=8e-5, help="stage-1 learning rate")
    parser.add_argument("--stage2-epochs", type=int, default=5)
    parser.add_argument("--stage2-lr", type=float, default=5e-5)
    parser.add_argument("--replay", type=int, default=3000, help="stage-1 rows replayed in stage 2")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--stage1", type=Path, help="reuse a stage-1 model folder saved by an earlier run"
    )
    parser.add_argument(
        "--set-default", action="store_true", help="point models/default.json at --out"
    )
    parser.add_argument(
        "--exclude",
        action="append",
        choices=RESEARCH_SETS,
        default=[],
        help="leave a research set out, train and validation rows alike (repeatable); "
        "--exclude pstance gives a cold-start base for benchmarks/fewshot_pstance.py",
    )
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    show = sys.stderr.isatty()
    if args.set_default and args.exclude:
        parser.error("--set-default needs the full recipe; drop --exclude")
    if args.threads is not None:
        import torch

        torch.set_num_threads(args.threads)

    t0 = time.perf_counter()
    train, weights, val, val_parts = build_training_data(args.seed, exclude=args.exclude)
    validation = (val.texts, val.topics, val.labels, val.groups)
    logger.info(
        "stage 1 rows: %d (%s); validation rows: %d",
        len(train),
        dict(zip(*np.unique(train.labels, return_counts=True))),
        len(val),
    )
    if args.stage1 is not None:
        model = StanceModel.load(args.stage1)
        logger.info("stage 1 loaded from %s", args.stage1)
    else:
        model = StanceModel(shared_layers=args.shared_layers)
        opts = TrainingOptions(
            epochs=args.epochs,
            learning_rate=args.lr,
            batch_size=args.batch_size,
            seed=args.seed,
            show_progress_bar=show,
        )
        model.fit(
            train.texts,
            train.topics,
            train.labels,
            options=opts,
            sample_weight=weights.tolist(),
            validation=validation,
        )
        stage1_dir = args.out.with_name(args.out.name + "-stage1")
        model.save(stage1_dir)
        logger.info("stage 1 saved to %s", stage1_dir)
    stage1_history = model.training_history_

    stage2 = build_builtin_data(train, args.replay, args.seed)
    logger.info("stage 2 rows: %d", len(stage2))
    opts2 = TrainingOptions(
        epochs=args.stage2_epochs,
        learning_rate=args.stage2_lr,
        batch_size=16,
        seed=args.seed,
        show_progress_bar=show,
    )
    model.fit(stage2.texts, stage2.topics, stage2.labels, options=opts2, validation=validation)
    model.training_history_ = [{"stage": 1, **h} for h in stage1_history] + [
        {"stage": 2, **h} for h in model.training_history_
    ]
    scores = evaluate_parts(model, val_parts)
    for s in scores:
        logger.info("%s %s %.4f", s["set"], s["metric"], s["value"])
    model.card_ = {
        "name": f"stancekit stance model {args.out.name}",
        "summary": "Topic-conditioned stance classifier (against / favor / none) over the packaged "
        "all-MiniLM-L6-v2: the encoder's lower layers are shared by all topics, its top "
        "layers are fine-tuned jointly on [topic; text].",
        "data": [
            "SemEval-2016 Task 6 train + trial (90% per target; 10% held out for selection)",
            "P-Stance train (Trump, Biden, Sanders); 900 rows of its validation split "
            "for selection",
            "Emergent train (claim-disjoint 10% held out); observing = none",
            "stage 2: stancekit built-in topic statements (train and train2 splits, content and "
            "full-sentence readings) with stage-1 rows replayed; the dev split for selection",
            "synthetic off-topic pairs labelled none (texts x topics of other data sets / claims)",
            "no test split was read",
            *[f"excluded: {name} (train and validation rows)" for name in args.exclude],
        ],
        "recipe": {
            "stage1_epochs": args.epochs,
            "stage1_lr": args.lr,
            "stage2_epochs": args.stage2_epochs,
            "stage2_lr": args.stage2_lr,
            "replay": args.replay,
            "shared_layers": model.shared_layers,
            "exclude": args.exclude,
        },
        "command": "python -m stancekit.train "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "scores": scores,
        "trained": _dt.date.today().isoformat(),
        "train_seconds": round(time.perf_counter() - t0, 1),
        "machine": machine_info(),
        "limitations": [
            "English only; trained on tweets, headlines and short news statements.",
            "The built-in topics have only stancekit's own small hand-written training set.",
        ],
    }
    model.save(args.out)
    if args.set_default:
        pointer = args.out.resolve().parent / "default.json"
        pointer.write_text(json.dumps({"stance": args.out.name}, indent=2) + "\n", encoding="utf-8")
    logger.info("saved %s in %.0fs", args.out, time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
