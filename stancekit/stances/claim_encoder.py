"""Claim encoder: fine-tuned top layers that read how a text presents a claim.

The claim head's cue counts (:mod:`stancekit.stances.claim_head`) see only listed words. The
claim encoder reads the whole text: copies of the packaged encoder's top layers, run over the
shared trunk's states of the text alone (not the claim), fine-tuned with a linear classifier on
their mean-pooled output to tell asserting, disputing and merely reporting texts apart. It is
shared by all claims, like the cue counts, and mixed with them by a weighted geometric mean.

Only the copied layers and the classifier train; the trunk stays frozen, so its states are
computed once per text before training. Stored in float16 (the model folder's size limit) and
computed in float32.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from stancekit.stances._net import Block, _masked_mean, pad_states
from stancekit.stances.claim_head import ENCODER_PREFIX as PREFIX

logger = logging.getLogger("stancekit")

#: The epochs were chosen by claim-grouped 5-fold cross-validation on Emergent's training split
#: (``benchmarks/claim_encoder_cv.py``); the learning rate and batch size were fixed beforehand.
DEFAULT_EPOCHS = 6
DEFAULT_LEARNING_RATE = 5e-5
DEFAULT_BATCH_SIZE = 16


class ClaimEncoder(nn.Module):
    """Top layers over trunk states of a text and a classifier on their masked mean.

    Parameters
    ----------
    blocks : list of Block
        Initialized from the encoder's own top layers (copied, not shared).
    hidden : int
    n_classes : int
    """

    def __init__(self, blocks: list[Block], hidden: int, n_classes: int) -> None:
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(hidden, n_classes)

    def forward(self, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Logits (B, n_classes) from trunk states (B, L, H) and their mask (B, L)."""
        x = states
        for block in self.blocks:
            x = block(x, mask)
        return self.classifier(self.dropout(_masked_mean(x, mask)))


def new_claim_encoder(top_blocks: Sequence[Block], n_classes: int, seed: int) -> ClaimEncoder:
    """A claim encoder whose layers are copies of ``top_blocks`` and a freshly drawn classifier."""
    hidden = int(top_blocks[0].query.in_features)
    encoder = ClaimEncoder([copy.deepcopy(b) for b in top_blocks], hidden, n_classes)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        encoder.classifier.weight.normal_(0.0, 0.02, generator=generator)
        encoder.classifier.bias.zero_()
    encoder.requires_grad_(True)
    return encoder


def fit_claim_encoder(
    encoder: ClaimEncoder,
    states: Sequence[torch.Tensor],
    y: np.ndarray,
    *,
    epochs: int = DEFAULT_EPOCHS,
    learning_rate: float = DEFAULT_LEARNING_RATE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    seed: int = 0,
    on_epoch: Callable[[int, ClaimEncoder], None] | None = None,
) -> ClaimEncoder:
    """Fine-tune ``encoder`` on trunk states (n tensors of shape (L_i, H)) and class ids (n,).

    AdamW (weight decay 0.01) at a constant learning rate, shuffled batches, cross-entropy.
    ``on_epoch(epoch, encoder)``, if given, is called after each epoch (1-based) with the
    encoder in eval mode (e.g. to score it; training resumes afterwards). Returns the encoder,
    in eval mode.
    """
    if len(states) != len(y):
        raise ValueError(f"states and y must have the same length; got {len(states)} and {len(y)}")
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    params = [p for p in encoder.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.01)
    targets = torch.as_tensor(np.asarray(y), dtype=torch.long)
    device = encoder.classifier.weight.device
    encoder.train()
    for epoch in range(epochs):
        perm = rng.permutation(len(states))
        total = 0.0
        for s in range(0, len(perm), batch_size):
            idx = perm[s : s + batch_size]
            x, mask = pad_states([states[i] for i in idx], device)
            loss = F.cross_entropy(encoder(x, mask), targets[idx].to(device))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        logger.info("claim encoder epoch %d: loss %.4f", epoch + 1, total / max(len(perm), 1))
        if on_epoch is not None:
            encoder.eval()
            on_epoch(epoch + 1, encoder)
            encoder.train()
    encoder.eval()
    return encoder


def claim_encoder_proba(
    encoder: ClaimEncoder, states: Sequence[torch.Tensor], batch_size: int = 64
) -> np.ndarray:
    """Class probabilities (n, k) of the claim encoder for trunk states of n texts."""
    n_classes = int(encoder.classifier.out_features)
    out = np.zeros((len(states), n_classes), dtype=np.float64)
    if not len(states):
        return out
    order = np.argsort([-int(s.shape[0]) for s in states], kind="stable")
    device = encoder.classifier.weight.device
    encoder.eval()
    with torch.inference_mode():
        for s in range(0, len(states), batch_size):
            idx = order[s : s + batch_size]
            x, mask = pad_states([states[i] for i in idx], device)
            out[idx] = torch.softmax(encoder(x, mask).float(), dim=-1).cpu().numpy()
    return out


def round_to_half(encoder: ClaimEncoder) -> ClaimEncoder:
    """Round the encoder's weights to float16 values in place (kept as float32), as they are
    stored, so that a saved and reloaded model predicts exactly what the fitted one does."""
    with torch.no_grad():
        for p in encoder.state_dict().values():
            if p.is_floating_point():
                p.copy_(p.to(torch.float16).to(p.dtype))
    return encoder


def encoder_tensors(encoder: ClaimEncoder) -> dict[str, np.ndarray]:
    """The encoder's weights as float16 arrays named ``claim_head.encoder.*``."""
    return {
        PREFIX + k: v.detach().cpu().to(torch.float16).numpy()
        for k, v in encoder.state_dict().items()
    }


def encoder_from_tensors(
    tensors: dict[str, np.ndarray], top_blocks: Sequence[Block], n_layers: int, n_classes: int
) -> ClaimEncoder:
    """Rebuild a claim encoder of ``n_layers`` layers from :func:`encoder_tensors`' arrays."""
    if not 1 <= n_layers <= len(top_blocks):
        raise ValueError(
            f"claim encoder layers must be in [1, {len(top_blocks)}]; got {n_layers!r}"
        )
    encoder = new_claim_encoder(list(top_blocks)[-n_layers:], n_classes, seed=0)
    state: dict[str, Any] = {
        k[len(PREFIX) :]: torch.from_numpy(np.asarray(v, dtype=np.float32))
        for k, v in tensors.items()
    }
    missing, unexpected = encoder.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(
            f"claim encoder weights do not match its config: missing {missing}, "
            f"unexpected {unexpected}"
        )
    encoder.requires_grad_(False)
    encoder.eval()
    return encoder
