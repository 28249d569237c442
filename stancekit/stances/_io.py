"""Saving and loading stance models: a folder of JSON + safetensors, never a pickle.

Layout::

    config.json          architecture, label set, training options, library versions, scores
    model.safetensors    weights of the joint layers and classifier (the frozen trunk comes from
                         the packaged encoder and is not stored)
    README.md            generated model card
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import struct
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from stancekit._paths import models_dir
from stancekit.stances._net import round_to_half
from stancekit.stances.claim_head import ClaimHead
from stancekit.stances.feature_heads import FeatureHeads
from stancekit.stances.ngram_heads import NgramHeads
from stancekit.stances.options import TrainingOptions
from stancekit.stances.topic_heads import TopicHeads
from stancekit.stances.unseen_topic_head import UnseenTopicHead

if TYPE_CHECKING:
    from stancekit.stances.model import StanceModel

FORMAT = "stancekit-stance"
#: 2: an optional claim head (``claim_head.*`` tensors, ``claim_head`` in the config).
#: 3: the claim head may hold a claim encoder (``claim_head.encoder.*`` float16 tensors).
#: 4: the joint layers (``blocks.*``) are stored in float16 (computed in float32); the topic heads
#:    may hold a topic encoder (``topic_heads.encoder.*`` float16 tensors; later also int8 with
#:    ``.int8_scale`` rows and further members ``topic_heads.encoder1.*``, ..., read by the
#:    config's ``members`` and ``dtype``, absent = 1 and float16 in older folders).
#: 5: the topic encoder's members may have different layers (the config's ``layers`` is then a
#:    list, one entry per member; they read the trunk layer below their own).
#: 6: optional n-gram heads (``ngram_heads.*`` tensors: vocabularies as UTF-8 bytes, IDF and
#:    regression weights; ``ngram_heads`` in the config).
#: 7: optional feature heads (``feature_heads.*`` float32 regression weights over the joint
#:    layers' pooled features; ``feature_heads`` in the config).
#: 8: an optional unseen-topic head (``unseen_topic_head.*`` float32 regression weights over the
#:    same features; ``unseen_topic_head`` in the config).
FORMAT_VERSION = 8
#: Joint-model tensors stored in float16 (:meth:`StanceModel.fit` rounds them to float16 values).
HALF_PREFIX = "blocks."
WEIGHTS = "model.safetensors"
CONFIG = "config.json"


class UnsafeModelFileError(ValueError):
    """A model folder holds something other than safetensors weights (e.g. a pickle)."""


def library_versions() -> dict[str, str]:
    """Versions of stancekit and the libraries that define the weights' meaning."""
    import tokenizers
    import torch
    import transformers

    from stancekit import __version__

    return {
        "stancekit": __version__,
        "torch": torch.__version__.split("+")[0],
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "numpy": np.__version__,
    }


def default_model_path() -> Path:
    """Folder of the shipped default stance model (named in ``models/default.json``)."""
    root = models_dir()
    pointer = root / "default.json"
    if not pointer.is_file():
        raise FileNotFoundError(
            f"no default stance model: {pointer} is missing; train one with "
            "`python -m stancekit.train` or pass a model folder to StanceModel.load(path)"
        )
    return root / json.loads(pointer.read_text(encoding="utf-8"))["stance"]


def check_safetensors(path: Path) -> None:
    """Raise :class:`UnsafeModelFileError` unless ``path`` is a well-formed safetensors file.

    Only the 8-byte header length and the JSON header are read; nothing is deserialized or run.
    """
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(8)
        if len(head) < 8:
            raise UnsafeModelFileError(f"{path} is not a safetensors file (too short)")
        (n,) = struct.unpack("<Q", head)
        first = fh.read(1)
    if n <= 1 or 8 + n > size or first != b"{":
        raise UnsafeModelFileError(
            f"{path} is not a safetensors file (it may be a pickle); stancekit loads weights from "
            "safetensors only and never unpickles model files"
        )


def save_model(model: StanceModel, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` to the folder ``path`` (created if needed) and return it.

    The joint layers are stored in float16; their weights in ``model`` are rounded to float16
    values in place (unchanged if ``fit`` trained them), so the model predicts what it saved.
    """
    from safetensors.torch import save_file

    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    # The joint layers are stored in float16. Round the model's own copy too (a no-op after
    # ``fit``, which rounds them), so that it predicts exactly what the saved model will.
    round_to_half(model.head.blocks)
    tensors = {
        k: (v.half() if k.startswith(HALF_PREFIX) else v).detach().cpu().contiguous()
        for k, v in model.head.state_dict().items()
    }
    heads = model.topic_heads_
    if heads is not None and len(heads):
        blocks = model.encoder_blocks()
        tensors.update({k: torch.from_numpy(v) for k, v in heads.tensors(blocks).items()})
    claim = model.claim_head_
    if claim is not None:
        blocks = model.encoder_blocks()
        tensors.update({k: torch.from_numpy(v) for k, v in claim.tensors(blocks).items()})
    ngrams = model.ngram_heads_
    if ngrams is not None and len(ngrams):
        tensors.update({k: torch.from_numpy(v) for k, v in ngrams.tensors().items()})
    features = model.feature_heads_
    if features is not None and len(features):
        tensors.update({k: torch.from_numpy(v) for k, v in features.tensors().items()})
    unseen = model.unseen_topic_head_
    if unseen is not None:
        tensors.update({k: torch.from_numpy(v) for k, v in unseen.tensors().items()})
    save_file(tensors, str(out / WEIGHTS), metadata={"format": FORMAT})
    config = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "encoder": model.encoder,
        "shared_layers": model.shared_layers,
        "joint_layers": len(model.head.blocks),
        "classes": model.classes_.tolist(),
        "max_text_length": model.max_text_length,
        "max_topic_length": model.max_topic_length,
        "training_options": model.training_options_.to_dict() if model.training_options_ else None,
        "training_history": model.training_history_,
        "topic_heads": heads.config() if heads is not None and len(heads) else None,
        "claim_head": claim.config() if claim is not None else None,
        "ngram_heads": ngrams.config() if ngrams is not None and len(ngrams) else None,
        "feature_heads": features.config() if features is not None and len(features) else None,
        "unseen_topic_head": unseen.config() if unseen is not None else None,
        "card": model.card_,
        "versions": library_versions(),
        "saved": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }
    (out / CONFIG).write_text(json.dumps(config, indent=2, default=float) + "\n", encoding="utf-8")
    (out / "README.md").write_text(model_card(config), encoding="utf-8")
    return out


def load_model(
    cls: type[StanceModel], path: str | os.PathLike[str] | None, *, device: str = "cpu"
) -> StanceModel:
    """Load a model folder written by :func:`save_model`."""
    from safetensors.torch import load_file

    folder = default_model_path() if path is None else Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(
            f"path must be a stance model folder; {str(folder)!r} is not a directory"
        )
    cfg_path = folder / CONFIG
    if not cfg_path.is_file():
        raise FileNotFoundError(f"{folder} has no {CONFIG}; is it a stancekit stance model folder?")
    config = json.loads(cfg_path.read_text(encoding="utf-8"))
    if config.get("format") != FORMAT:
        raise ValueError(
            f"{cfg_path} is not a stancekit stance model config (format={config.get('format')!r})"
        )
    if int(config.get("format_version", 0)) > FORMAT_VERSION:
        raise ValueError(
            f"{folder} was written in format version {config['format_version']}; "
            "this stancekit reads "
            f"up to {FORMAT_VERSION}: upgrade stancekit"
        )
    weights = folder / WEIGHTS
    if not weights.is_file():
        raise FileNotFoundError(f"{folder} has no {WEIGHTS}")
    check_safetensors(weights)
    _warn_versions(config.get("versions", {}), folder)

    model = cls(
        config["encoder"],
        shared_layers=int(config["shared_layers"]),
        classes=config["classes"],
        max_text_length=int(config["max_text_length"]),
        max_topic_length=int(config["max_topic_length"]),
        device=device,
    )
    state = load_file(str(weights), device="cpu")
    head_tensors = {k: state.pop(k).numpy() for k in list(state) if k.startswith("topic_heads.")}
    if config.get("topic_heads"):
        model.topic_heads_ = TopicHeads.from_saved(
            config["topic_heads"],
            head_tensors,
            top_blocks=model.encoder_blocks(),
        )
    elif head_tensors:
        raise ValueError(f"{weights} holds topic heads that {cfg_path.name} does not describe")
    claim_tensors = {k: state.pop(k).numpy() for k in list(state) if k.startswith("claim_head.")}
    if config.get("claim_head"):
        model.claim_head_ = ClaimHead.from_saved(
            config["claim_head"], claim_tensors, top_blocks=model.encoder_blocks()
        )
    elif claim_tensors:
        raise ValueError(f"{weights} holds a claim head that {cfg_path.name} does not describe")
    ngram_tensors = {k: state.pop(k).numpy() for k in list(state) if k.startswith("ngram_heads.")}
    if config.get("ngram_heads"):
        model.ngram_heads_ = NgramHeads.from_saved(config["ngram_heads"], ngram_tensors)
    elif ngram_tensors:
        raise ValueError(f"{weights} holds n-gram heads that {cfg_path.name} does not describe")
    feature_tensors = {
        k: state.pop(k).numpy() for k in list(state) if k.startswith("feature_heads.")
    }
    if config.get("feature_heads"):
        model.feature_heads_ = FeatureHeads.from_saved(config["feature_heads"], feature_tensors)
    elif feature_tensors:
        raise ValueError(f"{weights} holds feature heads that {cfg_path.name} does not describe")
    unseen_tensors = {
        k: state.pop(k).numpy() for k in list(state) if k.startswith("unseen_topic_head.")
    }
    if config.get("unseen_topic_head"):
        model.unseen_topic_head_ = UnseenTopicHead.from_saved(
            config["unseen_topic_head"], unseen_tensors
        )
    elif unseen_tensors:
        raise ValueError(
            f"{weights} holds an unseen-topic head that {cfg_path.name} does not describe"
        )
    missing, unexpected = model.head.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(
            f"{weights} does not match the model config: missing {missing}, unexpected {unexpected}"
        )
    model.head.to(model.device).eval()
    if config.get("training_options"):
        model.training_options_ = TrainingOptions.from_dict(config["training_options"])
    model.training_history_ = config.get("training_history") or []
    model.card_ = config.get("card") or {}
    return model


def _warn_versions(saved: dict[str, Any], folder: Path) -> None:
    try:
        now = library_versions()
    except Exception:  # pragma: no cover
        return
    diffs = [
        f"{k} {saved[k]} -> {now[k]}"
        for k in ("stancekit", "torch", "transformers")
        if k in saved and k in now and saved[k].split(".")[:2] != now[k].split(".")[:2]
    ]
    if diffs:
        warnings.warn(
            f"stance model {folder.name} was saved with other library versions "
            f"({', '.join(diffs)}); "
            "predictions may differ slightly",
            UserWarning,
            stacklevel=3,
        )


def model_card(config: dict[str, Any]) -> str:
    """Render a Markdown model card from a model config."""
    card = config.get("card") or {}
    lines = [
        f"# {card.get('name', 'stancekit stance model')}",
        "",
        card.get("summary", "A topic-conditioned stance classifier over all-MiniLM-L6-v2."),
        "",
        "## Architecture",
        "",
        f"- base encoder: `{config['encoder']}` (frozen; loaded from its PyPI package)",
        f"- shared layers (per text, reused for every topic): {config['shared_layers']}",
        f"- joint layers over [topic; text], fine-tuned: {config['joint_layers']}",
        f"- classes: {', '.join(config['classes'])}",
        f"- max tokens: text {config['max_text_length']}, topic {config['max_topic_length']}",
        "- joint layers stored in float16 (computed in float32)"
        if int(config.get("format_version", 0)) >= 4
        else "- joint layers stored in float32",
        "",
    ]
    heads = config.get("topic_heads")
    if heads:
        lines += [
            "## Topic heads",
            "",
            "Known topics also have a logistic regression on the frozen encoder's sentence "
            f"embedding (C = {heads['C']} unless the table says otherwise), mixed with the joint "
            f"model by a weighted geometric mean (joint weight {heads['joint_weight']}); other "
            "topics use the joint model only.",
            "",
            "| topic | labels | pooling | training texts | C |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {h['topic']} | {', '.join(h['classes'])} | {h.get('pooling', 'mean')} | "
            f"{h['n_train']} | {h.get('C', heads['C'])} |"
            for h in heads["heads"]
        ] + [""]
        enc = heads.get("encoder")
        if enc:
            lines += [
                f"The heads of {', '.join(t['topic'] for t in enc['topics'])} also hold a topic "
                "encoder: copies of the encoder's top "
                f"{_per_member(enc['layers'], 'layers', ' (one member each)')} over the trunk "
                "states of the text, "
                f"fine-tuned on {enc.get('n_train')} labelled texts with a softmax per topic "
                f"({_per_member(enc.get('epochs'), 'epochs', ' in member order')}, learning rate "
                f"{enc.get('learning_rate')} ({enc.get('schedule', 'constant')} schedule), seed "
                f"{enc.get('seed')}"
                + (
                    f"; batches sorted by length within runs of {enc['length_buckets']}"
                    if enc.get("length_buckets")
                    else ""
                )
                + f"; stored in {enc['dtype']}"
                + _ENCODER_STORAGE.get(enc["dtype"], "")
                + "). "
                + (
                    f"{enc['members']} such encoders, seeded {enc.get('seed')} to "
                    f"{int(enc.get('seed', 0)) + enc['members'] - 1}, are averaged (their logits). "
                    if enc.get("members", 1) > 1
                    else ""
                )
                + (
                    f"The first {enc['kept_members']} of them "
                    f"{'was' if enc['kept_members'] == 1 else 'were'} kept from an earlier fit "
                    "(members added later, `--topic-encoder-add`; kept members rounded from their "
                    "stored values, seeds and epochs as listed). "
                    if enc.get("kept_members")
                    else ""
                )
                + "The encoder's probabilities are mixed with the head's first (encoder weight "
                f"{enc['weight']}).",
                "",
            ]
    claim = config.get("claim_head")
    if claim:
        lines += [
            "## Claim head",
            "",
            'Topics of kind "claim" (`Topic(kind="claim")`: does the text assert, dispute or '
            "merely report a factual claim?) also go through a logistic regression on cue "
            f"counts ({', '.join(claim['features'])}; C = {claim['C']}), mixed with the joint "
            f"model by a weighted geometric mean (joint weight {claim['joint_weight']}). "
            f"Labels {', '.join(claim['classes'])}; {claim['n_train']} training texts.",
            "",
        ]
        enc = claim.get("encoder")
        if enc:
            lines += [
                f"The claim head also holds a claim encoder: copies of the encoder's top "
                f"{enc['layers']} layers over the trunk states of the text, fine-tuned with a "
                f"linear classifier ({enc.get('epochs')} epochs, learning rate "
                f"{enc.get('learning_rate')}, seed {enc.get('seed')}; stored in {enc['dtype']}). "
                f"Its probabilities are mixed with the cue counts' first (encoder weight "
                f"{enc['weight']}).",
                "",
            ]
        lines += [
            f"- hedges: {' '.join(claim['hedges'])}",
            f"- refuting words: {' '.join(claim['refutes'])}",
            "",
        ]
    ngrams = config.get("ngram_heads")
    if ngrams:
        sizes = ", ".join(f"{v['words']} + {v['chars']}" for v in ngrams["vocabularies"])
        lines += [
            "## N-gram heads",
            "",
            "These topics also have a logistic regression over TF-IDF features (sublinear term "
            f"frequency) of word {ngrams['word_ngrams'][0]}-{ngrams['word_ngrams'][1]}-grams "
            f"and character {ngrams['char_ngrams'][0]}-{ngrams['char_ngrams'][1]}-grams within "
            f"words (vocabularies of {sizes} n-grams seen in at least {ngrams['min_df']} "
            "texts), mixed in last by a weighted geometric mean (n-gram weight "
            f"{ngrams['weight']}).",
            "",
            "| topic | labels | C | training texts |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {h['topic']} | {', '.join(h['classes'])} | {h['C']} | {h['n_train']} |"
            for h in ngrams["heads"]
        ] + [""]
    features = config.get("feature_heads")
    if features:
        lines += [
            "## Feature heads",
            "",
            "These topics also have a logistic regression over the joint layers' pooled features "
            "of [topic; text] and the sentence embedding (standardized; "
            f"{features['n_features']} features), mixed in last by a weighted geometric mean "
            f"(feature-head weight {features['weight']}) for the rows the joint layers read.",
            "",
            "| topic | labels | C | training texts |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {h['topic']} | {', '.join(h['classes'])} | {h['C']} | {h['n_train']} |"
            for h in features["heads"]
        ] + [""]
    unseen = config.get("unseen_topic_head")
    if unseen and unseen.get("classes"):
        lines += [
            "## Unseen-topic head",
            "",
            "Topics without a topic head or a feature head (and not claims), such as a user's own "
            "propositions, also go through one logistic regression over the same joint features "
            f"({unseen['n_features']} features; C = {unseen['C']}), fitted on {unseen['n_train']} "
            f"labelled pairs of {unseen['n_topics']} topics and mixed in last by a weighted "
            f"geometric mean (weight {unseen['weight']}).",
            "",
        ]
    if card.get("data"):
        lines += ["## Training data", ""] + [f"- {d}" for d in card["data"]] + [""]
    if config.get("training_options"):
        lines += [
            "## Recipe",
            "",
            "```json",
            json.dumps(config["training_options"], indent=2),
            "```",
            "",
        ]
    if card.get("command"):
        lines += [f"Command: `{card['command']}`", ""]
    if card.get("scores"):
        lines += [
            "## Scores (validation / development data)",
            "",
            "| set | metric | value |",
            "|---|---|---|",
        ]
        lines += [f"| {s['set']} | {s['metric']} | {s['value']:.4f} |" for s in card["scores"]] + [
            ""
        ]
    if config.get("training_history"):
        lines += [
            "## Training history",
            "",
            "```json",
            json.dumps(config["training_history"], indent=1),
            "```",
            "",
        ]
    lines += [
        "## Versions",
        "",
        "```json",
        json.dumps(config["versions"], indent=2),
        "```",
        "",
        f"Saved {config['saved']}.",
        "",
    ]
    if card.get("limitations"):
        lines += ["## Limitations", ""] + [f"- {x}" for x in card["limitations"]] + [""]
    return "\n".join(lines)


#: How a topic encoder's storage type keeps its weights, for the model card.
_ENCODER_STORAGE = {
    "int8": " with a float16 scale per row",
    "int4": " as each copied layer's change from the encoder's own layer, with a float16 scale "
    "per 32 columns",
}


def _per_member(value: object, unit: str, each: str) -> str:
    """ "2 layers", or where each member has its own "2 and 3 layers" + ``each``."""
    if not isinstance(value, list):
        return f"{value} {unit}"
    return f"{', '.join(map(str, value[:-1]))} and {value[-1]} {unit}{each}"
