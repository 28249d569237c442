"""The stance network: a frozen MiniLM trunk shared by all topics, and joint top layers.

Design ("late joint encoding"). The lower ``shared_layers`` transformer layers run on the text
alone and on the topic alone; they are the packaged encoder's own frozen layers, so their output
for a text is computed once and reused for every topic. The top layers (initialized from the
encoder's, then fine-tuned) run on the concatenation [topic tokens; text tokens], so the topic
and the text attend to each other there. A small head reads the pooled result.
Cost of one more topic for a text: the top ``L - shared_layers`` layers only.

The blocks are a plain re-implementation of BERT's post-norm layer (weights copied from
``transformers``), so the network does not depend on a transformers version's internals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypeVar

import torch
from torch import nn
from torch.nn import functional as F

ModuleT = TypeVar("ModuleT", bound=nn.Module)


class Block(nn.Module):
    """One BERT encoder layer (post-LayerNorm self-attention + feed-forward)."""

    def __init__(self, hidden: int, heads: int, intermediate: int, eps: float = 1e-12) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=eps)
        self.ff_in = nn.Linear(hidden, intermediate)
        self.ff_out = nn.Linear(intermediate, hidden)
        self.ff_norm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``x``: (B, L, H); ``mask``: (B, L) bool, True on real tokens."""
        b, n, h = x.shape
        d = h // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        attn = F.scaled_dot_product_attention(
            q, k, v, attn_mask=mask[:, None, None, :], dropout_p=0.1 if self.training else 0.0
        )
        attn = attn.transpose(1, 2).reshape(b, n, h)
        x = self.attn_norm(x + self.dropout(self.attn_out(attn)))
        return self.ff_norm(x + self.dropout(self.ff_out(F.gelu(self.ff_in(x)))))

    @classmethod
    def from_bert_layer(cls, layer: Any, config: Any) -> Block:
        """Copy the weights of a ``transformers`` ``BertLayer``."""
        block = cls(
            config.hidden_size,
            config.num_attention_heads,
            config.intermediate_size,
            config.layer_norm_eps,
        )
        att = layer.attention
        pairs: list[tuple[Any, Any]] = [
            (block.query, att.self.query),
            (block.key, att.self.key),
            (block.value, att.self.value),
            (block.attn_out, att.output.dense),
            (block.attn_norm, att.output.LayerNorm),
            (block.ff_in, layer.intermediate.dense),
            (block.ff_out, layer.output.dense),
            (block.ff_norm, layer.output.LayerNorm),
        ]
        with torch.no_grad():
            for mine, theirs in pairs:
                mine.weight.copy_(theirs.weight)
                mine.bias.copy_(theirs.bias)
        return block


class Trunk(nn.Module):
    """Embeddings and the lower, frozen layers of the encoder, shared across topics."""

    def __init__(self, bert: Any, n_layers: int) -> None:
        super().__init__()
        config = bert.config
        self.word = nn.Embedding.from_pretrained(
            bert.embeddings.word_embeddings.weight.detach().clone()
        )
        self.position = nn.Embedding.from_pretrained(
            bert.embeddings.position_embeddings.weight.detach().clone()
        )
        self.token_type = nn.Parameter(
            bert.embeddings.token_type_embeddings.weight[0].detach().clone(), requires_grad=False
        )
        self.norm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.norm.load_state_dict(bert.embeddings.LayerNorm.state_dict())
        self.layers = nn.ModuleList(
            Block.from_bert_layer(bert.encoder.layer[i], config) for i in range(n_layers)
        )
        self.requires_grad_(False)
        self.eval()

    def forward(
        self, input_ids: torch.Tensor, mask: torch.Tensor, depth: int | None = None
    ) -> torch.Tensor:
        """Hidden states (B, L, H) after the shared layers (after the first ``depth`` of them,
        if given)."""
        return self.states_at(input_ids, mask, (depth,))[depth]

    def states_at(
        self, input_ids: torch.Tensor, mask: torch.Tensor, depths: Sequence[int | None]
    ) -> dict[int | None, torch.Tensor]:
        """Hidden states (B, L, H) after the first d shared layers for each d in ``depths``
        (None: all of them; 0: the embeddings), from one pass that runs as deep as needed."""
        levels = {d: len(self.layers) if d is None else d for d in depths}
        pos = torch.arange(input_ids.shape[1], device=input_ids.device)
        x = self.norm(self.word(input_ids) + self.position(pos)[None] + self.token_type)
        out = {d: x for d, level in levels.items() if level == 0}
        for i, layer in enumerate(list(self.layers)[: max(levels.values(), default=0)], 1):
            x = layer(x, mask)
            out.update((d, x) for d, level in levels.items() if level == i)
        return out


class JointHead(nn.Module):
    """Top layers over [topic; text] and a classifier over pooled text and topic states.

    Parameters
    ----------
    blocks : list of Block
        The joint layers (initialized from the encoder's top layers).
    hidden : int
    n_classes : int
    """

    def __init__(self, blocks: list[Block], hidden: int, n_classes: int) -> None:
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.segment = nn.Parameter(torch.zeros(2, hidden))
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(3 * hidden, n_classes)
        nn.init.normal_(self.classifier.weight, std=0.02)
        nn.init.zeros_(self.classifier.bias)

    def forward(
        self,
        text: torch.Tensor,
        text_mask: torch.Tensor,
        topic: torch.Tensor,
        topic_mask: torch.Tensor,
    ) -> torch.Tensor:
        """Logits (B, n_classes) from trunk states of texts (B, Lx, H) and topics (B, Lt, H)."""
        return self.classifier(self.dropout(self.features(text, text_mask, topic, topic_mask)))

    def features(
        self,
        text: torch.Tensor,
        text_mask: torch.Tensor,
        topic: torch.Tensor,
        topic_mask: torch.Tensor,
        *,
        first_block: int = 0,
    ) -> torch.Tensor:
        """The classifier's input (B, 3H): pooled text, pooled topic and their product.

        ``first_block > 0``: ``text`` and ``topic`` are the outputs of the blocks before it (see
        :meth:`lower_states`), so only the blocks from ``first_block`` on run.
        """
        n_topic = topic.shape[1]
        if first_block == 0:
            topic, text = topic + self.segment[0], text + self.segment[1]
        x = torch.cat([topic, text], dim=1)
        mask = torch.cat([topic_mask, text_mask], dim=1)
        for block in self.blocks[first_block:]:
            x = block(x, mask)
        t_pool = _masked_mean(x[:, n_topic:], text_mask)
        p_pool = _masked_mean(x[:, :n_topic], topic_mask)
        return torch.cat([t_pool, p_pool, t_pool * p_pool], dim=-1)

    def lower_states(
        self,
        text: torch.Tensor,
        text_mask: torch.Tensor,
        topic: torch.Tensor,
        topic_mask: torch.Tensor,
        stop: int,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Outputs (text (B, Lx, H), topic (B, Lt, H)) of the joint blocks before ``stop``."""
        n_topic = topic.shape[1]
        x = torch.cat([topic + self.segment[0], text + self.segment[1]], dim=1)
        mask = torch.cat([topic_mask, text_mask], dim=1)
        for block in self.blocks[:stop]:
            x = block(x, mask)
        return x[:, n_topic:], x[:, :n_topic]

    def reset_classifier(self, n_classes: int) -> None:
        """Replace the classifier for a new label set."""
        hidden = self.classifier.in_features
        self.classifier = nn.Linear(hidden, n_classes)
        nn.init.normal_(self.classifier.weight, std=0.02 / math.sqrt(1.0))
        nn.init.zeros_(self.classifier.bias)


def _masked_mean(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.unsqueeze(-1).to(x.dtype)
    return (x * m).sum(1) / m.sum(1).clamp(min=1.0)


def pad_states(
    states: Sequence[torch.Tensor], device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack variable-length (L_i, H) tensors into (B, L, H) float32 and a bool mask (B, L).

    One ``pad_sequence`` call (zeros after each sequence) and one comparison build the batch,
    instead of a Python loop of row copies.
    """
    x = torch.nn.utils.rnn.pad_sequence(
        [s.to(device=device, dtype=torch.float32) for s in states], batch_first=True
    )
    lengths = torch.tensor([s.shape[0] for s in states], device=device)
    mask = torch.arange(x.shape[1], device=device)[None, :] < lengths[:, None]
    return x, mask


def round_to_half(module: ModuleT) -> ModuleT:
    """Round the module's floating-point weights to float16 values in place (kept in their
    dtype), as they are stored, so that a saved and reloaded model predicts exactly what the
    fitted one does."""
    with torch.no_grad():
        for p in module.state_dict().values():
            if p.is_floating_point():
                p.copy_(p.to(torch.float16).to(p.dtype))
    return module
