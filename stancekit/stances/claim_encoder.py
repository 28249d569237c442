"""Claim encoder: fine-tuned top layers that read how a text presents a claim.

The claim head's cue counts (:mod:`stancekit.stances.claim_head`) see only listed words. The
claim encoder reads the whole text: copies of the packaged encoder's top layers, run over the
shared trunk's states of the text alone (not the claim), fine-tuned with a linear classifier on
their mean-pooled output to tell asserting, disputing and merely reporting texts apart. It is
shared by all claims, like the cue counts, and mixed with them by a weighted geometric mean.

The same module serves the topic heads' *topic encoder* (:mod:`stancekit.stances.topic_heads`):
one set of copied layers for several topics, with each topic's classes in its own columns of the
classifier (``column_groups``), a softmax per topic.

Only the copied layers and the classifier train; the trunk stays frozen, so its states are
computed once per text before training. Stored in float16, in int8 with a float16 scale per row
of each weight matrix, or in int4 as each layer's change from the encoder's own layer it copied
(the model folder's size limit); computed in float32. Several encoders
fitted with different seeds form an :class:`EncoderEnsemble`, whose logits are the members' mean
(their probabilities' normalized geometric mean).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from stancekit.stances._net import Block, ModuleT, _masked_mean, pad_states, round_to_half
from stancekit.stances.claim_head import ENCODER_PREFIX as PREFIX

__all__ = [
    "DTYPES",
    "ClaimEncoder",
    "EncoderEnsemble",
    "check_length_buckets",
    "claim_encoder_proba",
    "encoder_from_tensors",
    "encoder_tensors",
    "fit_claim_encoder",
    "member_layers",
    "member_prefix",
    "new_claim_encoder",
    "round_to_dtype",
    "round_to_half",
    "round_to_int4",
    "round_to_int8",
]

logger = logging.getLogger("stancekit")

#: The epochs were chosen by claim-grouped 5-fold cross-validation on Emergent's training split
#: (``benchmarks/claim_encoder_cv.py``); the learning rate and batch size were fixed beforehand.
DEFAULT_EPOCHS = 6
DEFAULT_LEARNING_RATE = 5e-5
DEFAULT_BATCH_SIZE = 16
DEFAULT_SCHEDULE = "constant"
#: Learning-rate schedules of :func:`fit_claim_encoder`.
SCHEDULES = ("constant", "linear")
#: Storage types of an encoder's weights (:func:`encoder_tensors`).
DTYPES = ("float16", "int8", "int4")
#: Suffix of the per-row scales of a weight matrix stored in int8.
SCALE_SUFFIX = ".int8_scale"
#: Suffix of the per-group scales of a copied layer's weight matrix stored in int4.
INT4_SCALE_SUFFIX = ".int4_scale"
#: Columns of a weight matrix that share one float16 scale in int4 storage (a whole row when
#: its columns are not a multiple).
INT4_GROUP = 32


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


class EncoderEnsemble(nn.Module):
    """Encoders fitted with different seeds (and maybe depths); their logits are averaged.

    The mean of the members' logits gives, after a softmax (over any group of columns), the
    normalized geometric mean of their probabilities. Members may copy different numbers of the
    encoder's layers; each then reads the trunk layer below its own (see
    :func:`claim_encoder_proba`).

    Parameters
    ----------
    members : list of ClaimEncoder
        At least two, with the same outputs.
    """

    def __init__(self, members: Sequence[ClaimEncoder]) -> None:
        super().__init__()
        if len(members) < 2:
            raise ValueError(f"an ensemble needs at least two members; got {len(members)}")
        outputs = {m.classifier.out_features for m in members}
        if len(outputs) != 1:
            raise ValueError(f"ensemble members must have the same outputs; got {sorted(outputs)}")
        self.members = nn.ModuleList(members)

    @property
    def classifier(self) -> nn.Linear:
        """The first member's classifier (all members have as many outputs)."""
        return cast(ClaimEncoder, self.members[0]).classifier

    def forward(self, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean logits (B, n_classes) of the members, all reading the same ``states``."""
        return torch.stack([m(states, mask) for m in self.members]).mean(0)


def encoder_members(encoder: ClaimEncoder | EncoderEnsemble) -> list[ClaimEncoder]:
    """The encoders of an ensemble, or ``[encoder]``."""
    if isinstance(encoder, EncoderEnsemble):
        return [cast(ClaimEncoder, m) for m in encoder.members]
    return [encoder]


def member_layers(encoder: ClaimEncoder | EncoderEnsemble) -> list[int]:
    """The number of layers of each member (``[k]`` for a single encoder)."""
    return [len(m.blocks) for m in encoder_members(encoder)]


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
    groups: np.ndarray | None = None,
    column_groups: np.ndarray | None = None,
    schedule: str = "constant",
    length_buckets: int = 0,
) -> ClaimEncoder:
    """Fine-tune ``encoder`` on trunk states (n tensors of shape (L_i, H)) and class ids (n,).

    AdamW (weight decay 0.01), shuffled batches, cross-entropy. ``schedule``: "constant" keeps
    the learning rate; "linear" warms up over the first 6% of the steps and decays linearly to 0.
    With ``groups`` (n,) and ``column_groups`` (n_outputs,), each row's softmax runs over the
    columns of its own group only (``y`` then indexes all columns): one classifier per topic.
    ``length_buckets``: 0 draws batches from a plain shuffle; k > 0 sorts each run of k batches
    of the shuffle by length before cutting it into batches, and shuffles the batches, so that
    little is padded (about twice as fast on tweets). ``on_epoch(epoch, encoder)``, if given,
    is called after each epoch (1-based) with the encoder in eval mode (e.g. to score it;
    training resumes afterwards). Returns the encoder, in eval mode.
    """
    if len(states) != len(y):
        raise ValueError(f"states and y must have the same length; got {len(states)} and {len(y)}")
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    params = [p for p in encoder.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.01)
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {list(SCHEDULES)}; got {schedule!r}")
    check_length_buckets(length_buckets)
    lengths = np.array([int(t.shape[0]) for t in states])
    steps = epochs * -(-len(states) // batch_size)
    warmup = max(1, int(0.06 * steps))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        opt,
        (lambda s: 1.0)
        if schedule == "constant"
        else (lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))),
    )
    targets = torch.as_tensor(np.asarray(y), dtype=torch.long)
    device = encoder.classifier.weight.device
    foreign = _foreign_columns(len(states), groups, column_groups, device)
    encoder.train()
    for epoch in range(epochs):
        perm = rng.permutation(len(states))
        total = 0.0
        for idx in _batches(perm, lengths, batch_size, length_buckets, rng):
            x, mask = pad_states([states[i] for i in idx], device)
            logits = encoder(x, mask)
            if foreign is not None:
                logits = logits.masked_fill(foreign[idx], float("-inf"))
            loss = F.cross_entropy(logits, targets[idx].to(device))
            opt.zero_grad()
            loss.backward()
            opt.step()
            scheduler.step()
            total += float(loss.detach()) * len(idx)
        logger.info("encoder epoch %d: loss %.4f", epoch + 1, total / max(len(perm), 1))
        if on_epoch is not None:
            encoder.eval()
            on_epoch(epoch + 1, encoder)
            encoder.train()
    encoder.eval()
    return encoder


def check_length_buckets(length_buckets: object) -> int:
    """``length_buckets`` if it is an int >= 0 (see :func:`fit_claim_encoder`), else ValueError."""
    if isinstance(length_buckets, int) and not isinstance(length_buckets, bool):
        if length_buckets >= 0:
            return length_buckets
    raise ValueError(f"length_buckets must be an int >= 0; got {length_buckets!r}")


def _batches(
    perm: np.ndarray,
    lengths: np.ndarray,
    batch_size: int,
    length_buckets: int,
    rng: np.random.Generator,
) -> list[np.ndarray]:
    """Batches of the shuffled indices ``perm``: in order, or (``length_buckets`` > 0) sorted by
    length within runs of ``length_buckets`` batches, the batches then shuffled."""
    if not length_buckets:
        return [perm[s : s + batch_size] for s in range(0, len(perm), batch_size)]
    out: list[np.ndarray] = []
    run = batch_size * length_buckets
    for c in range(0, len(perm), run):
        chunk = perm[c : c + run]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out.extend(chunk[s : s + batch_size] for s in range(0, len(chunk), batch_size))
    return [out[i] for i in rng.permutation(len(out))]


def _foreign_columns(
    n: int, groups: np.ndarray | None, column_groups: np.ndarray | None, device: torch.device
) -> torch.Tensor | None:
    """(n, n_outputs) bool mask of the columns outside each row's group (None: no groups)."""
    if groups is None and column_groups is None:
        return None
    if groups is None or column_groups is None:
        raise ValueError("groups and column_groups must be given together")
    rows, cols = np.asarray(groups), np.asarray(column_groups)
    if rows.shape != (n,):
        raise ValueError(f"groups must have shape ({n},); got {rows.shape}")
    missing = sorted(set(rows.tolist()) - set(cols.tolist()))
    if missing:
        raise ValueError(f"groups {missing} have no columns in column_groups")
    return torch.as_tensor(rows[:, None] != cols[None, :], device=device)


def claim_encoder_proba(
    encoder: ClaimEncoder | EncoderEnsemble,
    states: Sequence[torch.Tensor] | Sequence[Sequence[torch.Tensor]],
    batch_size: int = 64,
) -> np.ndarray:
    """Class probabilities (n, k) of the encoder for n texts.

    ``states``: the trunk states of the texts (n tensors of shape (L_i, H)) that every member
    reads, or, for an ensemble whose members read different trunk layers, one such sequence
    per member (in :func:`encoder_members` order). An ensemble's probabilities are the softmax
    of its members' mean logits.
    """
    members = encoder_members(encoder)
    if len(states) and not isinstance(states[0], torch.Tensor):
        per_member = [cast(Sequence[torch.Tensor], s) for s in states]
        if len(per_member) != len(members):
            raise ValueError(
                f"states must hold one sequence per member; got {len(per_member)} for "
                f"{len(members)} members"
            )
    else:
        per_member = [cast(Sequence[torch.Tensor], states)] * len(members)
    n = len(per_member[0])
    logits = np.zeros((n, int(encoder.classifier.out_features)), dtype=np.float64)
    for member, texts in zip(members, per_member):
        if len(texts) != n:
            raise ValueError(f"every member's states must cover the same {n} texts")
        logits += _logits(member, texts, batch_size) / len(members)
    if not n:
        return logits
    logits -= logits.max(axis=1, keepdims=True)
    out = np.exp(logits)
    return cast(np.ndarray, out / out.sum(axis=1, keepdims=True))


def _logits(encoder: ClaimEncoder, states: Sequence[torch.Tensor], batch_size: int) -> np.ndarray:
    """Logits (n, k) of one encoder for the trunk states of n texts, in batches of similar
    lengths."""
    out = np.zeros((len(states), int(encoder.classifier.out_features)), dtype=np.float64)
    order = np.argsort([-int(s.shape[0]) for s in states], kind="stable")
    device = encoder.classifier.weight.device
    encoder.eval()
    with torch.inference_mode():
        for s in range(0, len(states), batch_size):
            idx = order[s : s + batch_size]
            x, mask = pad_states([states[i] for i in idx], device)
            out[idx] = encoder(x, mask).double().cpu().numpy()
    return out


def member_prefix(prefix: str, member: int) -> str:
    """Tensor-name prefix of an ensemble's ``member``: ``prefix`` for the first, then
    ``topic_heads.encoder1.``, ``topic_heads.encoder2.``, ... (no member's names start with
    another's prefix)."""
    return prefix if member == 0 else f"{prefix.rstrip('.')}{member}."


def round_to_int8(module: ModuleT) -> ModuleT:
    """Round the module's weights in place to the values that int8 storage keeps: each weight
    matrix to int8 times a float16 scale per row (its largest magnitude / 127), other floating
    tensors to float16. A saved and reloaded module then predicts exactly what this one does."""
    with torch.no_grad():
        for p in module.state_dict().values():
            if not p.is_floating_point():
                continue
            if p.dim() == 2:
                q, scale = _quantize(p)
                p.copy_(q.to(p.dtype) * scale.to(p.dtype)[:, None])
            else:
                p.copy_(p.to(torch.float16).to(p.dtype))
    return module


def _quantize(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """int8 values (R, C) and float16 row scales (R,) of a weight matrix."""
    w = weight.detach().float()
    scale = (w.abs().amax(dim=1) / 127.0).to(torch.float16)
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    q = torch.round(w / scale.float()[:, None]).clamp(-127, 127).to(torch.int8)
    return q, scale


def _template_state(top_blocks: Sequence[Block], layers: int) -> dict[str, torch.Tensor]:
    """The encoder's own top ``layers`` layers' weights under a claim encoder's names
    (``blocks.<i>.<name>``): what a member of that many layers was copied from."""
    out: dict[str, torch.Tensor] = {}
    for i, block in enumerate(list(top_blocks)[-layers:]):
        for name, value in block.state_dict().items():
            out[f"blocks.{i}.{name}"] = value
    return out


def _int4_names(member: ClaimEncoder, top_blocks: Sequence[Block]) -> dict[str, torch.Tensor]:
    """The weight matrices of ``member`` that int4 storage keeps as changes: ``{name: the
    weights it was copied from}`` (its layers' matrices, not the classifier)."""
    if len(top_blocks) < len(member.blocks):
        raise ValueError(
            f"int4 storage needs the encoder's own layers (top_blocks, at least "
            f"{len(member.blocks)}); got {len(top_blocks)}"
        )
    base = _template_state(top_blocks, len(member.blocks))
    return {k: base[k] for k, v in member.state_dict().items() if v.dim() == 2 and k in base}


def _quantize_int4(weight: torch.Tensor, base: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The change ``weight - base`` (R, C) in int4: values packed two to a byte (R, C // 2,
    uint8; value + 8 in each half) and float16 scales (R, C // group)."""
    delta = weight.detach().float() - base.detach().float().to(weight.device)
    rows, cols = delta.shape
    group = INT4_GROUP if cols % INT4_GROUP == 0 else cols
    grouped = delta.reshape(rows, cols // group, group)
    scale = (grouped.abs().amax(dim=2) / 7.0).to(torch.float16)
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    q = torch.round(grouped / scale.float()[..., None]).clamp(-8, 7).to(torch.int16) + 8
    q = q.reshape(rows, cols)
    packed = (q[:, 0::2] | (q[:, 1::2] << 4)).to(torch.uint8)
    return packed, scale


def _dequantize_int4(packed: torch.Tensor, scale: torch.Tensor, base: torch.Tensor) -> torch.Tensor:
    """``base`` plus the change that :func:`_quantize_int4` stored, in float32."""
    rows, half = packed.shape
    values = packed.to(torch.int16)
    q = torch.stack([values & 15, values >> 4], dim=2).reshape(rows, 2 * half) - 8
    groups = scale.shape[1]
    delta = (q.float().reshape(rows, groups, -1) * scale.float()[..., None]).reshape(rows, -1)
    return base.detach().float().to(delta.device) + delta


EncoderT = TypeVar("EncoderT", ClaimEncoder, EncoderEnsemble)


def round_to_int4(encoder: EncoderT, top_blocks: Sequence[Block]) -> EncoderT:
    """Round the encoder's weights in place to the values that int4 storage keeps: each copied
    layer's weight matrix to the encoder's own layer (``top_blocks``, the last ones) plus its
    change in int4 with a float16 scale per group of :data:`INT4_GROUP` columns; the other
    tensors (biases, layer norms, the classifier) to float16. A saved and reloaded encoder then
    predicts exactly what this one does."""
    with torch.no_grad():
        for member in encoder_members(encoder):
            changed = _int4_names(member, top_blocks)
            for name, p in member.state_dict().items():
                if not p.is_floating_point():
                    continue
                if name in changed:
                    base = changed[name]
                    p.copy_(_dequantize_int4(*_quantize_int4(p, base), base).to(p.dtype))
                else:
                    p.copy_(p.to(torch.float16).to(p.dtype))
    return encoder


def round_to_dtype(encoder: EncoderT, dtype: str, top_blocks: Sequence[Block] = ()) -> EncoderT:
    """Round the encoder's weights in place to what storage in ``dtype`` (one of
    :data:`DTYPES`) keeps; ``top_blocks`` (the encoder's own layers) is needed for "int4"."""
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {list(DTYPES)}; got {dtype!r}")
    if dtype == "int4":
        return round_to_int4(encoder, top_blocks)
    return round_to_int8(encoder) if dtype == "int8" else round_to_half(encoder)


def encoder_tensors(
    encoder: ClaimEncoder | EncoderEnsemble,
    prefix: str = PREFIX,
    dtype: str = "float16",
    top_blocks: Sequence[Block] = (),
) -> dict[str, np.ndarray]:
    """The encoder's weights as arrays named ``<prefix>*`` (``claim_head.encoder.*``); an
    ensemble's members under :func:`member_prefix`.

    ``dtype``: "float16" stores every tensor in float16; "int8" stores each weight matrix in int8
    with a float16 scale per row (``<name>.int8_scale``) and the rest in float16 (half the size);
    "int4" stores each copied layer's weight matrix as its change from the encoder's own layer
    (``top_blocks``, the last ones), two int4 values to a byte with a float16 scale per group of
    :data:`INT4_GROUP` columns (``<name>.int4_scale``), and the rest in float16 (a quarter of
    float16's size). Store what :func:`round_to_dtype` rounded, to predict the same after loading.
    """
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {list(DTYPES)}; got {dtype!r}")
    out: dict[str, np.ndarray] = {}
    for j, member in enumerate(encoder_members(encoder)):
        head = member_prefix(prefix, j)
        changed = _int4_names(member, top_blocks) if dtype == "int4" else {}
        for k, v in member.state_dict().items():
            if k in changed:
                packed, scale = _quantize_int4(v, changed[k])
                out[head + k] = packed.cpu().numpy()
                out[head + k + INT4_SCALE_SUFFIX] = scale.cpu().numpy()
            elif dtype == "int8" and v.is_floating_point() and v.dim() == 2:
                q, scale = _quantize(v)
                out[head + k] = q.cpu().numpy()
                out[head + k + SCALE_SUFFIX] = scale.cpu().numpy()
            else:
                out[head + k] = v.detach().cpu().to(torch.float16).numpy()
    return out


def encoder_from_tensors(
    tensors: dict[str, np.ndarray],
    top_blocks: Sequence[Block],
    n_layers: int | Sequence[int],
    n_classes: int,
    prefix: str = PREFIX,
    members: int = 1,
) -> ClaimEncoder | EncoderEnsemble:
    """Rebuild an encoder of ``n_layers`` layers (an ensemble when ``members`` > 1) from
    :func:`encoder_tensors`' arrays (those named ``<prefix>*``, float16, int8 or int4).

    ``n_layers``: the layers of every member, or a sequence with each member's (one entry per
    member; ``members`` is then its length). ``top_blocks``: the encoder's layers that the saved
    ones were copied from (their last ``n_layers``), the template of the rebuilt layers.
    """
    if isinstance(members, bool) or not isinstance(members, int) or members < 1:
        raise ValueError(f"members must be a positive int; got {members!r}")
    layers = [n_layers] * members if isinstance(n_layers, int) else list(n_layers)
    if not layers or members not in (1, len(layers)):
        raise ValueError(
            f"n_layers must give every member's layers; got {n_layers!r} for {members} members"
        )
    for k in layers:
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= len(top_blocks):
            raise ValueError(f"claim encoder layers must be in [1, {len(top_blocks)}]; got {k!r}")
    built = []
    for j, k in enumerate(layers):
        head = member_prefix(prefix, j)
        encoder = new_claim_encoder(list(top_blocks)[-k:], n_classes, seed=0)
        base = _template_state(top_blocks, k)
        state: dict[str, Any] = {}
        for name, v in tensors.items():
            if not name.startswith(head) or name.endswith((SCALE_SUFFIX, INT4_SCALE_SUFFIX)):
                continue
            key = name[len(head) :]
            changes = tensors.get(name + INT4_SCALE_SUFFIX)
            if changes is not None:
                if key not in base:
                    raise ValueError(f"claim encoder weight {name!r} in int4 copies no layer")
                state[key] = _dequantize_int4(
                    torch.from_numpy(np.asarray(v, dtype=np.uint8)),
                    torch.from_numpy(np.asarray(changes, dtype=np.float16)),
                    base[key],
                )
                continue
            value = torch.from_numpy(np.asarray(v, dtype=np.float32))
            scale = tensors.get(name + SCALE_SUFFIX)
            if scale is not None:
                value = value * torch.from_numpy(np.asarray(scale, dtype=np.float32))[:, None]
            state[key] = value
        missing, unexpected = encoder.load_state_dict(state, strict=False)
        if missing or unexpected:
            raise ValueError(
                f"claim encoder weights do not match its config: missing {missing}, "
                f"unexpected {unexpected}"
            )
        encoder.requires_grad_(False)
        encoder.eval()
        built.append(encoder)
    return built[0] if len(built) == 1 else EncoderEnsemble(built).eval()
