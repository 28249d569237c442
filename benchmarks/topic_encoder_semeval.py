"""Selection check: a topic encoder for SemEval's targets, on the recipe's held-out SemEval 10%.

SemEval-2016 has no validation split. The training recipe
(:func:`stancekit.train.build_training_data`, seed 0) holds out 10% of SemEval train + trial
(291 tweets) for selection, and the shipped joint
layers never learned from them. This script fits the topic heads and a topic encoder
(:meth:`stancekit.stances.StanceModel.fit_topic_encoder`'s settings: the top 2 layers, peak learning
rate 1e-4 with linear warm-up and decay, batch 32) on the other 90% and scores the held-out tweets
after each epoch: F_avg (pooled) of the joint layers alone, the heads alone, the shipped mix of
heads and joint layers (joint weight 0.25), the encoder alone, and the encoder mixed with the heads
at several encoder weights before the joint layers join. No test split is read. 291 tweets make a
noisy judge (one tweet is about 0.3 F_avg).

Run from the repo root: ``python -m benchmarks.topic_encoder_semeval [--model DIR]`` (about 6 min on
2 cores); writes ``benchmarks/results/topic_encoder_semeval.json``.
"""

from __future__ import annotations

import numpy as np

from benchmarks._common import BenchmarkRun, base_parser, load_model, print_table

NAME = "topic_encoder_semeval"
ENCODER_WEIGHTS = (0.3, 0.5, 0.7, 1.0)
CLASSES = ["against", "favor", "none"]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = base_parser(__doc__)
    parser.add_argument("--epochs", type=int, default=5, help="epochs (the schedule spans them)")
    args = parser.parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import load_semeval
    from stancekit.metrics import f_avg
    from stancekit.stances.claim_encoder import (
        claim_encoder_proba,
        fit_claim_encoder,
        new_claim_encoder,
    )
    from stancekit.stances.topic_heads import TopicHeads, geometric_mix, weighted_geometric_mean
    from stancekit.train import _hold_out

    model, info = load_model(args.model)
    tr, va = _hold_out(load_semeval("train"), 0.1, np.random.default_rng(0), by_group=False)
    targets = sorted(set(tr.topics))
    y = va.labels

    def score(p: np.ndarray) -> float:
        return round(100 * f_avg(y, [CLASSES[i] for i in p.argmax(1)]), 2)

    heads = TopicHeads().fit(model.sentence_embeddings(tr.texts), tr.topics, tr.labels)
    emb = model.sentence_embeddings(va.texts)
    p_head = np.zeros((len(va), 3))
    for t in targets:
        idx = [i for i, x in enumerate(va.topics) if x == t]
        head = heads.heads[t]
        cols = [CLASSES.index(c) for c in head.classes]
        p_head[np.ix_(idx, cols)] = head.predict_proba(emb[idx])
    saved, model.topic_heads_ = model.topic_heads_, None
    p_joint = model.predict_proba(va.texts, va.topics, batch_size=args.batch_size)
    model.topic_heads_ = saved
    p_joint = p_joint[:, [model.classes_.tolist().index(c) for c in CLASSES]]
    base = {
        "joint layers alone": score(p_joint),
        "heads alone": score(p_head),
        "heads + joint layers (shipped mix)": score(
            geometric_mix(p_joint, p_head, CLASSES, CLASSES, 0.25)
        ),
    }
    print(base, flush=True)

    s_tr = model.trunk_states(tr.texts, max_length=model.max_text_length)
    s_va = model.trunk_states(va.texts, max_length=model.max_text_length)
    encoder = new_claim_encoder(list(model.embed_blocks), 3 * len(targets), seed=0)
    y_tr = np.array(
        [3 * targets.index(t) + CLASSES.index(lab) for t, lab in zip(tr.topics, tr.labels)]
    )
    rows: list[dict[str, object]] = []

    def on_epoch(epoch: int, enc: object) -> None:
        p = claim_encoder_proba(enc, s_va)  # type: ignore[arg-type]
        p_enc = np.stack(
            [p[i, 3 * targets.index(t) : 3 * targets.index(t) + 3] for i, t in enumerate(va.topics)]
        )
        p_enc /= p_enc.sum(1, keepdims=True)
        row: dict[str, object] = {"epoch": epoch, "encoder alone": score(p_enc)}
        for w in ENCODER_WEIGHTS:
            mixed = weighted_geometric_mean(p_enc, p_head, w)
            row[f"w={w:g} + joint"] = score(geometric_mix(p_joint, mixed, CLASSES, CLASSES, 0.25))
        rows.append(row)
        print(row, flush=True)

    fit_claim_encoder(
        encoder,
        s_tr,
        y_tr,
        epochs=args.epochs,
        learning_rate=1e-4,
        batch_size=32,
        seed=0,
        on_epoch=on_epoch,
        groups=np.array([targets.index(t) for t in tr.topics]),
        column_groups=np.repeat(np.arange(len(targets)), 3),
        schedule="linear",
    )
    print_table(rows, list(rows[0]), f"SemEval held-out 10% ({len(va)} tweets), F_avg in %")
    path = run.save(
        {"baselines": base, "encoder": rows},
        model=info,
        n_train=len(tr),
        n_held_out=len(va),
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
