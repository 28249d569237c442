"""Few-shot fine-tuning behind :meth:`StanceModel.fit` (``mode="head"`` or ``"joint"``).

With a few dozen examples a fine-tuning run can as easily hurt a model as help it, and there is
no validation set to tell which. So the examples themselves decide:

1. k-fold cross-validation inside the training rows (stratified by label) trains from the
   starting weights on k-1 folds and predicts the held-out fold after each checkpoint epoch;
2. the pooled out-of-fold macro-F1 of each checkpoint is compared with the starting weights'
   macro-F1 on the same rows;
3. the best checkpoint is refitted on all rows; when none beats the starting weights, the model
   keeps them unchanged (``predict_proba`` stays identical).

Training is anchored: the loss adds ``anchor * ||theta - theta_0||^2`` for the trained parameters
(L2-SP, Li et al. 2018), so that the examples adjust the model rather than replace it. The
learning rate is constant after a short warm-up, so that the epoch count chosen by
cross-validation means the same thing in the refit.

``"head"`` trains the classifier on frozen features (computed once: fast); ``"joint"`` trains
the top ``joint_trained_layers`` joint layers and the classifier on the cached outputs of the
joint layers below them, which can move a topic the model has never seen (a cold start) further
than the classifier alone.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch.nn import functional as F

from stancekit.metrics import macro_f1

if TYPE_CHECKING:
    from stancekit.stances.model import StanceModel
    from stancekit.stances.options import TrainingOptions

#: checkpoints scored by cross-validation, as fractions of the resolved epochs.
CHECKPOINT_FRACTIONS = (0.125, 0.25, 0.5, 1.0)


def checkpoints(epochs: int) -> list[int]:
    """Epoch counts scored by cross-validation for at most ``epochs`` epochs.

    Examples
    --------
    >>> checkpoints(300)
    [38, 75, 150, 300]
    >>> checkpoints(3)
    [1, 2, 3]
    """
    return sorted({max(1, int(round(f * epochs))) for f in CHECKPOINT_FRACTIONS})


def stratified_folds(labels: Sequence[str], k: int, rng: np.random.Generator) -> np.ndarray:
    """Fold number (0..k-1) of each row, each label spread evenly over the folds.

    Examples
    --------
    >>> stratified_folds(["a", "a", "b", "b"], 2, np.random.default_rng(0)).tolist()
    [1, 0, 0, 1]
    """
    arr = np.asarray(labels)
    fold = np.zeros(len(arr), dtype=int)
    offset = 0
    for label in sorted(set(arr.tolist())):
        idx = rng.permutation(np.flatnonzero(arr == label))
        fold[idx] = (np.arange(len(idx)) + offset) % k
        offset += len(idx)
    return fold


class _Rows:
    """Cached inputs of the training rows.

    Head mode: the classifier's features. Joint mode: the outputs of the joint layers that stay
    frozen (all but the top ``joint_trained_layers``), per row, so that each step runs only the
    trained layers.
    """

    def __init__(
        self,
        model: StanceModel,
        opts: TrainingOptions,
        states: dict[str, torch.Tensor],
        topic_states: dict[str, torch.Tensor],
        texts: list[str],
        topics: list[str],
    ) -> None:
        from stancekit.stances._fit import _features

        self.model = model
        self.mode = opts.mode
        self.first_block = frozen_blocks(model, opts)
        self.text_states = [states[t] for t in texts]
        self.topic_states = [topic_states[t] for t in topics]
        self.feats = (
            _features(model, states, topic_states, texts, topics) if self.mode == "head" else None
        )
        if self.mode == "joint" and self.first_block > 0:
            self._cache_lower(batch_size=64)

    def _cache_lower(self, batch_size: int) -> None:
        from stancekit.stances.model import _pad

        head, device = self.model.head, self.model.device
        was_training = head.training
        head.eval()
        texts, topics = [], []
        with torch.no_grad():
            for s in range(0, len(self.text_states), batch_size):
                text, text_mask = _pad(self.text_states[s : s + batch_size], device)
                topic, topic_mask = _pad(self.topic_states[s : s + batch_size], device)
                x_text, x_topic = head.lower_states(
                    text, text_mask, topic, topic_mask, self.first_block
                )
                for j in range(text.shape[0]):
                    texts.append(x_text[j, : int(text_mask[j].sum())].clone())
                    topics.append(x_topic[j, : int(topic_mask[j].sum())].clone())
        head.train(was_training)
        self.text_states, self.topic_states = texts, topics

    def logits(self, idx: Sequence[int]) -> torch.Tensor:
        from stancekit.stances.model import _pad

        head = self.model.head
        if self.feats is not None:
            return head.classifier(head.dropout(self.feats[list(idx)]))
        text, text_mask = _pad([self.text_states[i] for i in idx], self.model.device)
        topic, topic_mask = _pad([self.topic_states[i] for i in idx], self.model.device)
        feats = head.features(text, text_mask, topic, topic_mask, first_block=self.first_block)
        return head.classifier(head.dropout(feats))

    def proba(self, idx: Sequence[int], batch_size: int = 64) -> np.ndarray:
        head = self.model.head
        was_training = head.training
        head.eval()
        out = []
        with torch.no_grad():
            for s in range(0, len(idx), batch_size):
                out.append(torch.softmax(self.logits(idx[s : s + batch_size]).float(), -1))
        head.train(was_training)
        return torch.cat(out).cpu().numpy().astype(np.float64)


def frozen_blocks(model: StanceModel, opts: TrainingOptions) -> int:
    """How many of the lower joint blocks stay frozen in joint mode."""
    return max(0, len(model.head.blocks) - opts.joint_trained_layers)


def _param_groups(
    model: StanceModel, opts: TrainingOptions
) -> list[tuple[list[torch.nn.Parameter], float, float]]:
    """(parameters, learning rate, anchor) of each trained group."""
    head = model.head
    classifier = list(head.classifier.parameters())
    if opts.mode == "head":
        return [(classifier, opts.head_learning_rate, opts.head_anchor)]
    first = frozen_blocks(model, opts)
    blocks = [p for block in head.blocks[first:] for p in block.parameters()]
    others = classifier + ([head.segment] if first == 0 else [])
    return [
        (blocks, opts.learning_rate, opts.joint_anchor),
        (others, opts.head_learning_rate, opts.head_anchor),
    ]


def train_rows(
    model: StanceModel,
    rows: _Rows,
    train_idx: np.ndarray,
    y: torch.Tensor,
    w: torch.Tensor,
    opts: TrainingOptions,
    rng: np.random.Generator,
    *,
    epochs: int,
    total_epochs: int,
    eval_rows: _Rows | None = None,
    eval_idx: np.ndarray | None = None,
    eval_at: Sequence[int] = (),
) -> dict[int, np.ndarray]:
    """Train from the current weights for ``epochs`` epochs (anchored, constant rate after a
    warm-up sized for ``total_epochs``); return the eval rows' probabilities at ``eval_at``."""
    head = model.head
    groups = _param_groups(model, opts)
    anchors = [[p.detach().clone() for p in params] for params, _, _ in groups]
    optimizer = torch.optim.AdamW(
        [{"params": params, "lr": lr} for params, lr, _ in groups], weight_decay=opts.weight_decay
    )
    steps_per_epoch = math.ceil(len(train_idx) / opts.batch_size)
    warmup = max(1, int(opts.warmup_ratio * steps_per_epoch * total_epochs))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup)
    )
    y_dev, w_dev = y.to(model.device), w.to(model.device)
    out: dict[int, np.ndarray] = {}
    head.train()
    for epoch in range(1, epochs + 1):
        perm = train_idx[rng.permutation(len(train_idx))]
        for b in range(0, len(perm), opts.batch_size):
            idx = perm[b : b + opts.batch_size].tolist()
            loss_each = F.cross_entropy(
                rows.logits(idx),
                y_dev[idx],
                reduction="none",
                label_smoothing=opts.label_smoothing,
            )
            wi = w_dev[idx]
            loss = (loss_each * wi).sum() / wi.sum().clamp(min=1e-9)
            for (params, _, anchor), starts in zip(groups, anchors):
                if anchor > 0:
                    loss = loss + anchor * sum(
                        ((p - p0) ** 2).sum() for p, p0 in zip(params, starts)
                    )
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for g in groups for p in g[0]], 1.0)
            optimizer.step()
            scheduler.step()
        if eval_rows is not None and eval_idx is not None and epoch in eval_at:
            out[epoch] = eval_rows.proba(eval_idx.tolist())
    head.eval()
    return out


def _score(gold: Sequence[str], proba: np.ndarray, classes: np.ndarray) -> float:
    """Macro-F1 of the most probable label among the labels present in ``gold``."""
    allowed = sorted(set(gold))
    cols = [classes.tolist().index(c) for c in allowed]
    pred = [allowed[i] for i in proba[:, cols].argmax(axis=1)]
    return macro_f1(list(gold), pred)


def fit_few_shot(
    model: StanceModel,
    states: dict[str, torch.Tensor],
    topic_states: dict[str, torch.Tensor],
    texts: list[str],
    topics: list[str],
    labels: list[str],
    y: torch.Tensor,
    w: torch.Tensor,
    opts: TrainingOptions,
    rng: np.random.Generator,
    validation: tuple[list[str], ...] | None = None,
    *,
    allow_fallback: bool = True,
) -> list[dict[str, Any]]:
    """Few-shot fit with selected epochs and fallback; return the history records.

    The epochs are chosen on ``validation`` when given, else by ``opts.selection_folds``-fold
    cross-validation inside the training rows (off below 2 folds or when a label has fewer rows
    than folds: then all ``opts.epochs`` epochs run, without fallback). ``allow_fallback=False``
    (a freshly initialized classifier for a new label set) always trains.
    """
    assert opts.epochs is not None
    rows = _Rows(model, opts, states, topic_states, texts, topics)
    all_idx = np.arange(len(texts))
    counts = [labels.count(c) for c in sorted(set(labels))]
    k = opts.selection_folds
    if validation is None and (k < 2 or min(counts) < k):
        train_rows(
            model, rows, all_idx, y, w, opts, rng, epochs=opts.epochs, total_epochs=opts.epochs
        )
        return [{"mode": opts.mode, "epochs": opts.epochs, "selection": None}]

    start = copy.deepcopy(model.head.state_dict())
    marks = checkpoints(opts.epochs)
    if validation is not None:
        gold = validation[2]
        vrows = _Rows(model, opts, states, topic_states, validation[0], validation[1])
        v_idx = np.arange(len(gold))
        start_score = _score(gold, vrows.proba(v_idx.tolist()), model.classes_)
        probs = train_rows(
            model,
            rows,
            all_idx,
            y,
            w,
            opts,
            rng,
            epochs=marks[-1],
            total_epochs=opts.epochs,
            eval_rows=vrows,
            eval_idx=v_idx,
            eval_at=marks,
        )
        scores = {e: _score(gold, probs[e], model.classes_) for e in marks}
        selection = "validation"
    else:
        gold = labels
        start_score = _score(gold, rows.proba(all_idx.tolist()), model.classes_)
        fold = stratified_folds(labels, k, rng)
        oof = {e: np.zeros((len(texts), len(model.classes_))) for e in marks}
        for f in range(k):
            model.head.load_state_dict(start)
            held = np.flatnonzero(fold == f)
            probs = train_rows(
                model,
                rows,
                np.flatnonzero(fold != f),
                y,
                w,
                opts,
                rng,
                epochs=marks[-1],
                total_epochs=opts.epochs,
                eval_rows=rows,
                eval_idx=held,
                eval_at=marks,
            )
            for e in marks:
                oof[e][held] = probs[e]
        scores = {e: _score(gold, oof[e], model.classes_) for e in marks}
        selection = f"{k}-fold"
    model.head.load_state_dict(start)
    best = max(marks, key=lambda e: (scores[e], -e))
    beats_start = scores[best] > start_score + opts.selection_margin
    chosen = best if beats_start or not allow_fallback else 0
    if chosen:
        train_rows(model, rows, all_idx, y, w, opts, rng, epochs=chosen, total_epochs=opts.epochs)
    return [
        {
            "mode": opts.mode,
            "selection": selection,
            "start_macro_f1": start_score,
            "checkpoint_macro_f1": {str(e): s for e, s in scores.items()},
            "epochs": chosen,
            "kept_starting_weights": not chosen,
        }
    ]
