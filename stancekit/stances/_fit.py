"""The fine-tuning loop behind :meth:`StanceModel.fit`.

The shared trunk is frozen, so its states are computed once per unique text and topic before
training. In full mode each step then runs the joint top layers and the classifier; in head mode
(few-shot) the joint layers are frozen too, their pooled features are computed once, and only the
classifier trains, pulled towards its starting weights so that other topics are not forgotten.
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
from stancekit.stances._fewshot import fit_few_shot
from stancekit.stances._net import round_to_half
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
    weights = (
        np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    )
    if np.any(~np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("sample_weight must be finite and >= 0")
    known = set(model.classes_.tolist())
    fresh_classifier = not set(labels) <= known
    if fresh_classifier:
        new = sorted(set(labels))
        logger.info("new label set %s replaces %s: classifier re-initialized", new, sorted(known))
        model.classes_ = np.array(new)
        model.head.reset_classifier(len(new))
        model.head.to(model.device)
    class_index = {c: i for i, c in enumerate(model.classes_.tolist())}
    opts = opts.resolve(len(texts) - int(round(opts.validation_split * len(texts))))

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
    if opts.mode == "head" and validation is not None:
        history = _fit_classifier(
            model, states, topic_states, texts, topics, train_idx, y, w, opts, validation, rng
        )
    elif opts.mode in ("head", "joint"):
        history = fit_few_shot(
            model,
            states,
            topic_states,
            [texts[i] for i in train_idx],
            [topics[i] for i in train_idx],
            [labels[i] for i in train_idx],
            y[train_idx],
            w[train_idx],
            opts,
            rng,
            validation,
            allow_fallback=not fresh_classifier,
        )
    else:
        history = _fit_joint(
            model, states, topic_states, texts, topics, train_idx, y, w, opts, validation, rng
        )
    if opts.mode != "head":
        # The joint layers are stored in float16: round what was trained now, so that the saved
        # model predicts exactly what the fitted one does ("head" mode leaves them untouched).
        round_to_half(model.head.blocks)
    model.head.eval()
    model.training_options_ = opts
    model.training_history_ = history


def _fit_joint(
    model: StanceModel,
    states: dict[str, torch.Tensor],
    topic_states: dict[str, torch.Tensor],
    texts: list[str],
    topics: list[str],
    train_idx: np.ndarray,
    y: torch.Tensor,
    w: torch.Tensor,
    opts: TrainingOptions,
    validation: tuple[list[str], ...] | None,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """Full mode: train the joint layers and the classifier; return the per-epoch history."""
    assert opts.epochs is not None
    show = opts.show_progress_bar
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
    scheduler = _schedule(optimizer, total, warmup)

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
    return history


def _fit_classifier(
    model: StanceModel,
    states: dict[str, torch.Tensor],
    topic_states: dict[str, torch.Tensor],
    texts: list[str],
    topics: list[str],
    train_idx: np.ndarray,
    y: torch.Tensor,
    w: torch.Tensor,
    opts: TrainingOptions,
    validation: tuple[list[str], ...] | None,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """Head mode: train the classifier on frozen, cached features; return the history.

    The loss adds ``head_anchor * ||W - W_0||^2`` (W_0: the classifier before ``fit``), the
    L2-SP penalty of Li et al. (2018), so the few examples adjust rather than replace it.
    """
    assert opts.epochs is not None
    head = model.head
    feats = _features(
        model, states, topic_states, [texts[i] for i in train_idx], [topics[i] for i in train_idx]
    )
    val_feats = (
        _features(model, states, topic_states, validation[0], validation[1])
        if validation is not None
        else None
    )
    clf = head.classifier
    anchor = [p.detach().clone() for p in clf.parameters()]
    optimizer = torch.optim.AdamW(
        clf.parameters(), lr=opts.head_learning_rate, weight_decay=opts.weight_decay
    )
    y_train, w_train = y[train_idx].to(model.device), w[train_idx].to(model.device)
    steps_per_epoch = math.ceil(len(train_idx) / opts.batch_size)
    total = steps_per_epoch * opts.epochs
    scheduler = _schedule(optimizer, total, int(opts.warmup_ratio * total))
    every = max(1, opts.epochs // 30)
    history: list[dict[str, Any]] = []
    best_score, best_state, bad_epochs = -math.inf, None, 0
    head.train()
    for epoch in range(opts.epochs):
        perm = torch.from_numpy(rng.permutation(len(train_idx)))
        running = 0.0
        for b in range(0, len(perm), opts.batch_size):
            idx = perm[b : b + opts.batch_size]
            logits = clf(head.dropout(feats[idx]))
            loss_each = F.cross_entropy(
                logits, y_train[idx], reduction="none", label_smoothing=opts.label_smoothing
            )
            wi = w_train[idx]
            loss = (loss_each * wi).sum() / wi.sum().clamp(min=1e-9)
            if opts.head_anchor > 0:
                loss = loss + opts.head_anchor * sum(
                    ((p - p0) ** 2).sum() for p, p0 in zip(clf.parameters(), anchor)
                )
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            running += float(loss.detach()) * len(idx)
        record: dict[str, Any] = {"epoch": epoch + 1, "train_loss": running / len(train_idx)}
        if validation is not None and val_feats is not None:
            with torch.no_grad():
                pred = model.classes_[clf(val_feats).argmax(-1).cpu().numpy()].tolist()
            record["val_macro_f1"] = _validation_score(validation, pred)
            if record["val_macro_f1"] > best_score:
                best_score, bad_epochs = record["val_macro_f1"], 0
                best_state = copy.deepcopy(clf.state_dict())
            else:
                bad_epochs += 1
        stop = (
            opts.early_stopping_patience is not None and bad_epochs >= opts.early_stopping_patience
        )
        if (epoch + 1) % every == 0 or stop or epoch + 1 == opts.epochs:
            history.append(record)
        if stop:
            break
    logger.info("head-mode fit: %s", history[-1])
    if best_state is not None:
        clf.load_state_dict(best_state)
    return history


def _schedule(
    optimizer: torch.optim.Optimizer, total: int, warmup: int
) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over ``warmup`` steps, then linear decay to 0 at ``total``."""
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(
            (step + 1) / max(warmup, 1), max(0.0, (total - step) / max(total - warmup, 1))
        ),
    )


def _features(
    model: StanceModel,
    states: dict[str, torch.Tensor],
    topic_states: dict[str, torch.Tensor],
    texts: list[str],
    topics: list[str],
    batch_size: int = 128,
) -> torch.Tensor:
    """The classifier's input features (n, 3H) of each (text, topic) pair, without dropout."""
    from stancekit.stances.model import _pad

    head = model.head
    was_training = head.training
    head.eval()
    out = []
    with torch.no_grad():
        for s in range(0, len(texts), batch_size):
            text, text_mask = _pad([states[t] for t in texts[s : s + batch_size]], model.device)
            topic, topic_mask = _pad(
                [topic_states[t] for t in topics[s : s + batch_size]], model.device
            )
            out.append(head.features(text, text_mask, topic, topic_mask))
    head.train(was_training)
    if not out:
        return torch.zeros((0, head.classifier.in_features), device=model.device)
    return torch.cat(out)


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
