"""Selection: the claim encoder's settings, by claim-grouped cross-validation on Emergent train.

The claim head reads a headline's cue counts (:mod:`stancekit.stances.claim_head`); the claim
encoder (:mod:`stancekit.stances.claim_encoder`) fine-tunes copies of the encoder's top layers
on the headline. This script picks the encoder's number of layers, its epochs and its weight in
the geometric mix with the cue counts, by 5-fold cross-validation on Emergent's training split
with folds grouped by claim (no claim in both parts). It then checks the joint model's weight
in the final mix on the training recipe's claim-disjoint held-out claims, the only Emergent
training rows the joint layers did not learn from. Emergent's test split is not read.

Run from the repo root: ``python -m benchmarks.claim_encoder_cv [--model DIR]`` (about 15 min on
2 cores); writes ``benchmarks/results/claim_encoder_cv.json``. ``--layers``, ``--epochs``,
``--learning-rate`` and ``--schedule linear`` (warm-up, then linear decay over ``--epochs``;
only the last epoch is then a candidate) try other training settings; give them a ``--name``.
"""

from __future__ import annotations

import numpy as np

from benchmarks._common import BenchmarkRun, base_parser, load_model, print_table

NAME = "claim_encoder_cv"
LAYERS = (1, 2)
MAX_EPOCHS = 6
ENCODER_WEIGHTS = (0.0, 0.25, 0.4, 0.5, 0.6, 0.75, 1.0)
JOINT_WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3)
FOLDS = 5


def mix_accuracy(p_cue: np.ndarray, p_enc: np.ndarray, y: np.ndarray, w: float) -> float:
    """Accuracy of the weighted geometric mean of two (n, k) probability arrays (w: encoder)."""
    from stancekit.stances.topic_heads import weighted_geometric_mean

    return float(np.mean(weighted_geometric_mean(p_enc, p_cue, w).argmax(1) == y))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = base_parser(__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--layers", type=int, nargs="+", default=list(LAYERS))
    parser.add_argument("--epochs", type=int, default=MAX_EPOCHS, help="most epochs scored")
    parser.add_argument("--learning-rate", type=float, default=None, help="default: the API's")
    parser.add_argument(
        "--schedule",
        choices=("constant", "linear"),
        default="constant",
        help="learning-rate schedule; with linear (decay over --epochs) only the last epoch is "
        "a candidate, the others are reported as snapshots",
    )
    args = parser.parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from sklearn.model_selection import GroupKFold

    from stancekit.datasets import load_emergent
    from stancekit.stances.claim_encoder import (
        DEFAULT_LEARNING_RATE,
        claim_encoder_proba,
        fit_claim_encoder,
        new_claim_encoder,
    )
    from stancekit.stances.claim_head import ClaimHead
    from stancekit.stances.topic_heads import geometric_mix, weighted_geometric_mean
    from stancekit.topics import Topic
    from stancekit.train import build_training_data

    model, info = load_model(args.model)
    classes = model.classes_.tolist()
    data = load_emergent("train")
    y = np.array([classes.index(label) for label in data.labels])
    top = model.encoder_blocks()
    by_depth = {
        d: model.trunk_states(data.texts, max_length=model.max_text_length, depth=d)
        for d in {model.encoder_depth(k) for k in args.layers}
    }
    lr = args.learning_rate or DEFAULT_LEARNING_RATE
    layer_grid, max_epochs = tuple(args.layers), args.epochs

    # -- 1. layers, epochs and the encoder's weight: claim-grouped CV -------------------------
    p_cue = np.zeros((len(y), len(classes)))
    p_enc = {
        (k, e): np.zeros((len(y), len(classes)))
        for k in layer_grid
        for e in range(1, max_epochs + 1)
    }
    folds = list(GroupKFold(FOLDS).split(data.texts, y, data.groups))
    for f, (a, b) in enumerate(folds):
        cue = ClaimHead().fit([data.texts[i] for i in a], [data.labels[i] for i in a])
        cols = [classes.index(c) for c in cue.classes_]
        p_cue[np.ix_(b, cols)] = cue.predict_proba([data.texts[i] for i in b])
        for k in layer_grid:
            states = by_depth[model.encoder_depth(k)]

            def record(
                epoch: int, enc: object, k: int = k, b: np.ndarray = b, states: list = states
            ) -> None:
                p_enc[(k, epoch)][b] = claim_encoder_proba(enc, [states[i] for i in b])  # type: ignore[arg-type]

            encoder = new_claim_encoder(top[-k:], len(classes), seed=args.seed)
            fit_claim_encoder(
                encoder,
                [states[i] for i in a],
                y[a],
                epochs=max_epochs,
                seed=args.seed + f,
                on_epoch=record,
                learning_rate=lr,
                schedule=args.schedule,
            )
        print(f"fold {f + 1}/{FOLDS} done", flush=True)
    cv_rows = []
    for k in layer_grid:
        for e in range(1, max_epochs + 1):
            row: dict[str, object] = {"layers": k, "epochs": e}
            for w in ENCODER_WEIGHTS:
                row[f"w={w:g}"] = round(100 * mix_accuracy(p_cue, p_enc[(k, e)], y, w), 2)
            cv_rows.append(row)
    print_table(cv_rows, list(cv_rows[0]), "CV accuracy in % (w: the encoder's weight)")
    candidates = [r for r in cv_rows if args.schedule == "constant" or r["epochs"] == max_epochs]
    best = max(
        ((r, w) for r in candidates for w in ENCODER_WEIGHTS if 0 < w < 1),
        key=lambda rw: float(rw[0][f"w={rw[1]:g}"]),  # type: ignore[arg-type]
    )
    layers, epochs, weight = int(best[0]["layers"]), int(best[0]["epochs"]), float(best[1])  # type: ignore[call-overload]
    print(f"chosen: layers {layers}, epochs {epochs}, encoder weight {weight:g}")

    # -- 2. the joint model's weight, on the recipe's held-out claims ------------------------
    _, _, _, val_parts = build_training_data(seed=0)
    held = set(val_parts["emergent"].groups)
    tr = np.array([i for i, g in enumerate(data.groups) if g not in held])
    va = np.array([i for i, g in enumerate(data.groups) if g in held])
    cue = ClaimHead().fit([data.texts[i] for i in tr], [data.labels[i] for i in tr])
    p_cue_va = np.zeros((len(va), len(classes)))
    p_cue_va[:, [classes.index(c) for c in cue.classes_]] = cue.predict_proba(
        [data.texts[i] for i in va]
    )
    states = by_depth[model.encoder_depth(layers)]
    encoder = new_claim_encoder(top[-layers:], len(classes), seed=args.seed)
    fit_claim_encoder(
        encoder,
        [states[i] for i in tr],
        y[tr],
        epochs=epochs,
        seed=args.seed,
        learning_rate=lr,
        schedule=args.schedule,
    )
    p_enc_va = claim_encoder_proba(encoder, [states[i] for i in va])
    p_head = weighted_geometric_mean(p_enc_va, p_cue_va, weight)
    saved_head = model.claim_head_
    model.claim_head_ = None  # the joint layers alone
    p_joint = model.predict_proba(
        [data.texts[i] for i in va],
        [Topic(key=data.topics[i], proposition=data.topics[i], kind="claim") for i in va],
    )
    model.claim_head_ = saved_head
    joint_rows: list[dict[str, object]] = []
    for jw in JOINT_WEIGHTS:
        mixed = geometric_mix(p_joint, p_head, classes, classes, jw)
        joint_rows.append(
            {
                "joint_weight": jw,
                "accuracy": round(100 * float(np.mean(mixed.argmax(1) == y[va])), 2),
            }
        )
    cue_only = geometric_mix(p_joint, p_cue_va, classes, classes, 0.1)
    joint_rows.append(
        {
            "joint_weight": "0.1, cue counts only",
            "accuracy": round(100 * float(np.mean(cue_only.argmax(1) == y[va])), 2),
        }
    )
    print_table(
        [{**r, "joint_weight": str(r["joint_weight"])} for r in joint_rows],
        ["joint_weight", "accuracy"],
        f"held-out claims ({len(va)} headlines, {len(held)} claims), accuracy in %",
    )
    path = run.save(
        {
            "cv_accuracy": cv_rows,
            "chosen": {"layers": layers, "epochs": epochs, "encoder_weight": weight},
            "learning_rate": lr,
            "schedule": args.schedule,
            "held_out_claims": joint_rows,
        },
        model=info,
        n_train=len(y),
        n_held_out=len(va),
        folds=FOLDS,
    )
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
