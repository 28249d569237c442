"""The fine-tuning loop behind :meth:`StanceModel.fit`.

The shared trunk is frozen, so its states are computed once per unique text and topic before
training; each step then runs only the joint top layers and the classifier.
"""

from __future__ import annotations

import copy
import logging
import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch.nn import functional as F

from stancekit.embeddings import progress
from stancekit.metrics import macro_f1
from stancekit.stances.options import TrainingOptions

if TYPE_CHECKING:
    from stancekit.stances.model import StanceModel

logger = logging.getLogger("stancekit")


def _split_validation(
    n: int, labels: Sequence[str], share: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Stratified random split of ``range(n)`` into (train, validation) indices."""
    train, val = [], []
    labels_arr = np.asarray(labels)
    for label in sorted(set(labels)):
        idx = rng.permutation(np.flatnonzero(labels_arr == label))
        k = int(round(share * len(idx)))
        val.extend(idx[:k].tolist())
        train.extend(idx[k:].tolist())
    return np.array(sorted(train)), np.array(sorted(val))


def _batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches whose members have similar lengths (sorted within pools of 50 batches)."""
    perm = rng.permutation(len(lengths))
    pool = batch_size * 50
    out: list[np.ndarray] = []
    for s in range(0, len(perm), pool):
        chunk = perm[s : s + pool]
        chunk = chunk[np.argsort(-lengths[chunk], kind="stable")]
        out.extend(chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size))
    rng.shuffle(out)
    return out


def fit_model(
    model: StanceModel,
    texts: list[str],
    topics: list[str],
    labels: list[str],
    opts: TrainingOptions,
    validation: tuple[list[str], ...] | None,
    sample_weight: Sequence[float] | None,
) -> None:
    """Train ``model.head`` in place; see :meth:`StanceModel.fit`."""
    rng = np.random.default_rng(opts.seed)
    torch.manual_seed(opts.seed)
    known = set(model.classes_.tolist())
    if not set(labels) <= known:
        new = sorted(set(labels))
        logger.info("new label set %s replaces %s: classifier re-initialized", new, sorted(known))
        model.classes_ = np.array(new)
        model.head.reset_classifier(len(new))
        model.head.to(model.device)
    class_index = {c: i for i, c in enumerate(model.classes_.tolist())}
    weights = (
        np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    )
    if np.any(~np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("sample_weight must be finite and >= 0")

    train_idx = np.arange(len(texts))
    if validation is None and opts.validation_split > 0:
        train_idx, val_idx = _split_validation(len(texts), labels, opts.validation_split, rng)
        validation = (
            [texts[i] for i in val_idx],
            [topics[i] for i in val_idx],
            [labels[i] for i in val_idx],
        )

    show = opts.show_progress_bar
    uniq_texts = list(
        dict.fromkeys([texts[i] for i in train_idx] + (validation[0] if validation else []))
    )
    t0 = time.perf_counter()
    states = dict(
        zip(
            uniq_texts,
            model.trunk_states(
                uniq_texts,
                max_length=model.max_text_length,
                dtype=torch.float16,
                show_progress_bar=show if show is not None else len(uniq_texts) > 2000,
            ),
        )
    )
    uniq_topics = list(dict.fromkeys(topics + (validation[1] if validation else [])))
    topic_states = dict(
        zip(uniq_topics, model.trunk_states(uniq_topics, max_length=model.max_topic_length))
    )
    logger.info(
        "trunk states for %d texts and %d topics in %.1fs",
        len(uniq_texts),
        len(uniq_topics),
        time.perf_counter() - t0,
    )

    y = torch.tensor([class_index[lab] for lab in labels])
    w = torch.tensor(weights, dtype=torch.float32)
    lengths = np.array([states[texts[i]].shape[0] for i in train_idx])
    steps_per_epoch = math.ceil(len(train_idx) / opts.batch_size)
    total = steps_per_epoch * opts.epochs
    warmup = int(opts.warmup_ratio * total)

    head = model.head
    block_params = [p for p in head.blocks.parameters()]
    other_params = [p for n, p in head.named_parameters() if not n.startswith("blocks.")]
    optimizer = torch.optim.AdamW(
        [
            {"params": block_params, "lr": opts.learning_rate},
            {"params": other_params, "lr": opts.head_learning_rate},
        ],
        weight_decay=opts.weight_decay,
    )
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(
            (step + 1) / max(warmup, 1), max(0.0, (total - step) / max(total - warmup, 1))
        ),
    )

    history: list[dict[str, Any]] = []
    best_score, best_state, bad_epochs = -math.inf, None, 0
    for epoch in range(opts.epochs):
        head.train()
        batches = [train_idx[b] for b in _batches(lengths, opts.batch_size, rng)]
        running, seen = 0.0, 0
        bar = progress(
            batches,
            enabled=show if show is not None else total > 200,
            total=len(batches),
            desc=f"epoch {epoch + 1}/{opts.epochs}",
        )
        for idx in bar:
            logits = model._head_logits(
                [states[texts[i]] for i in idx], [topic_states[topics[i]] for i in idx]
            )
            loss_each = F.cross_entropy(
                logits,
                y[idx].to(model.device),
                reduction="none",
                label_smoothing=opts.label_smoothing,
            )
            wi = w[idx].to(model.device)
            loss = (loss_each * wi).sum() / wi.sum().clamp(min=1e-9)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(head.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            running += float(loss.detach()) * len(idx)
            seen += len(idx)
        record: dict[str, Any] = {"epoch": epoch + 1, "train_loss": running / max(seen, 1)}
        if validation is not None:
            pred = _predict_cached(model, states, topic_states, validation[0], validation[1])
            record["val_macro_f1"] = _validation_score(validation, pred)
            if record["val_macro_f1"] > best_score:
                best_score, best_state, bad_epochs = (
                    record["val_macro_f1"],
                    copy.deepcopy(head.state_dict()),
                    0,
                )
            else:
                bad_epochs += 1
        history.append(record)
        logger.info("epoch %s", record)
        if opts.early_stopping_patience is not None and bad_epochs >= opts.early_stopping_patience:
            break
    if best_state is not None:
        head.load_state_dict(best_state)
    head.eval()
    model.training_options_ = opts
    model.training_history_ = history


def _validation_score(validation: tuple[list[str], ...], pred: list[str]) -> float:
    """Macro-F1, averaged over validation groups when a 4th element names each row's group."""
    gold = validation[2]
    if len(validation) < 4:
        return macro_f1(gold, pred)
    groups = np.asarray(validation[3])
    scores = [
        macro_f1(
            [gold[i] for i in np.flatnonzero(groups == g)],
            [pred[i] for i in np.flatnonzero(groups == g)],
        )
        for g in sorted(set(groups.tolist()))
    ]
    return float(np.mean(scores))


def _predict_cached(
    model: StanceModel,
    states: dict[str, torch.Tensor],
    topic_states: dict[str, torch.Tensor],
    texts: list[str],
    topics: list[str],
    batch_size: int = 128,
) -> list[str]:
    model.head.eval()
    out: list[str] = []
    with torch.inference_mode():
        for s in range(0, len(texts), batch_size):
            logits = model._head_logits(
                [states[t] for t in texts[s : s + batch_size]],
                [topic_states[t] for t in topics[s : s + batch_size]],
            )
            out.extend(model.classes_[logits.argmax(-1).cpu().numpy()].tolist())
    model.head.train()
    return out
