"""Stance of long statements: score each sentence, pool by relevance.

The stance model is trained on short texts (tweets, headlines, one-sentence statements). A long
quote often makes several claims, only some of them about a given topic ("We must keep the
normalization going. So we hope they will not set the bridges on fire."). Reading the whole quote
at once mixes them; reading it sentence by sentence and pooling lets the sentences that speak to
the topic decide. Pooling weights each sentence by its relevance, 1 - P(none), so a statement is
on-topic when any of its sentences is, with the stance of those sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

#: Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen sen rep gov lt col capt sgt st jr sr prof no vs u.s u.n u.k e.u etc".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]?[A-Z0-9])")
MIN_WORDS = 4


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (pieces of fewer than 4 words join their neighbour).

    Examples
    --------
    >>> split_sentences("We back the deal. Mr. Smith disagrees with that view.")
    ['We back the deal.', 'Mr. Smith disagrees with that view.']
    """
    pieces: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()]
        last = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
        if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        pieces.append(text[start : m.end()].strip())
        start = m.end()
    pieces.append(text[start:].strip())
    merged: list[str] = []
    for piece in (p for p in pieces if p):
        if merged and (len(piece.split()) < MIN_WORDS or len(merged[-1].split()) < MIN_WORDS):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged or [text]


def pool(proba: np.ndarray, none_index: int) -> np.ndarray:
    """Relevance-weighted mean of sentence probabilities: (n_sentences, C) -> (C,)."""
    weights = 1.0 - proba[:, none_index] + 1e-6
    out = (weights[:, None] * proba).sum(0) / weights.sum()
    return np.asarray(out / out.sum())


def predict_proba_pooled(
    model: Any, texts: Sequence[str], topics: Sequence[Any], **kwargs: Any
) -> np.ndarray:
    """Like ``model.predict_proba(texts, topics)``, scoring multi-sentence texts per sentence.

    Parameters
    ----------
    model : StanceModel or any object with ``classes_`` and ``predict_proba(texts, topics)``
    texts : sequence of str of length n
    topics : sequence of topics of length n
    **kwargs
        Passed on to ``model.predict_proba`` (one call for all sentences).

    Returns
    -------
    ndarray of shape (n, n_classes)
    """
    classes = [str(c) for c in model.classes_]
    units: list[str] = []
    unit_topics: list[Any] = []
    owner: list[int] = []
    for i, (text, topic) in enumerate(zip(texts, topics, strict=True)):
        for sentence in split_sentences(text):
            units.append(sentence)
            unit_topics.append(topic)
            owner.append(i)
    proba = np.asarray(model.predict_proba(units, unit_topics, **kwargs), dtype=float)
    if "none" not in classes:
        none_index = None
    else:
        none_index = classes.index("none")
    out = np.zeros((len(texts), len(classes)))
    # Units are in text order, so each text's sentences are one contiguous block.
    bounds = np.searchsorted(np.asarray(owner, dtype=np.int64), np.arange(len(texts) + 1))
    for i in range(len(texts)):
        rows = proba[bounds[i] : bounds[i + 1]]
        out[i] = rows.mean(0) if none_index is None or len(rows) == 1 else pool(rows, none_index)
    return out
