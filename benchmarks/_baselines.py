"""Baselines trained in the same run, on the same training rows as the stance model.

Each takes parallel lists ``(texts, topics, labels)`` in ``fit`` and ``(texts, topics)`` in
``predict`` (which returns a list of labels). Hyper-parameters are fixed a priori (library
defaults, the literature's feature sets); nothing is tuned on a test split.

- :class:`MajorityClass`: the most frequent training label.
- :class:`TfidfSVM`: TF-IDF word 1-2grams + char 2-5grams, LinearSVC (C=1). ``per_topic=True``
  trains one model per target, as SemEval-2016's "SVM n-grams" baseline and P-Stance's in-target
  setting do; otherwise one model reads ``"topic [SEP] text"``.
- :class:`EmbeddingLR`: logistic regression on frozen all-MiniLM-L6-v2 embeddings
  ``[text, topic, text * topic]`` (unit-length embeddings, C=1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

SEP = " [SEP] "


class MajorityClass:
    """Predict the most frequent training label (ties: the alphabetically first)."""

    def fit(self, texts: Sequence[str], topics: Sequence[str], labels: Sequence[str]):
        counts = Counter(labels)
        if not counts:
            raise ValueError("fit needs at least one label; got 0")
        best = max(counts.values())
        self.label_ = min(lab for lab, c in counts.items() if c == best)
        return self

    def predict(self, texts: Sequence[str], topics: Sequence[str]) -> list[str]:
        return [self.label_] * len(texts)


class _PerTopic:
    """Fit one ``make()`` model per topic (``per_topic=True``) or one over all rows."""

    def __init__(self, *, per_topic: bool = False) -> None:
        self.per_topic = per_topic

    def _make(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def fit(self, texts: Sequence[str], topics: Sequence[str], labels: Sequence[str]):
        groups = _groups(topics) if self.per_topic else {"": list(range(len(texts)))}
        self.models_: dict[str, Any] = {}
        for topic, idx in groups.items():
            self.models_[topic] = self._make()._fit_rows(
                [texts[i] for i in idx], [topics[i] for i in idx], [labels[i] for i in idx]
            )
        return self

    def predict(self, texts: Sequence[str], topics: Sequence[str]) -> list[str]:
        out: list[str] = [""] * len(texts)
        groups = _groups(topics) if self.per_topic else {"": list(range(len(texts)))}
        for topic, idx in groups.items():
            if topic not in self.models_:
                raise ValueError(
                    f"no per-topic model for {topic!r}; trained topics are {sorted(self.models_)}"
                )
            pred = self.models_[topic]._predict_rows(
                [texts[i] for i in idx], [topics[i] for i in idx]
            )
            for i, p in zip(idx, pred):
                out[i] = str(p)
        return out


class _Single:
    """One fitted sklearn model (used by :class:`_PerTopic`)."""

    def __init__(self, features: Callable[..., Any], estimator: Any, vectorizer: Any = None):
        self.features = features
        self.estimator = estimator
        self.vectorizer = vectorizer

    def _fit_rows(self, texts: list[str], topics: list[str], labels: list[str]) -> _Single:
        self.constant_ = labels[0] if len(set(labels)) == 1 else None
        if self.constant_ is None:
            x = self.features(texts, topics, fit=True)
            self.estimator.fit(x, labels)
        return self

    def _predict_rows(self, texts: list[str], topics: list[str]) -> list[str]:
        if self.constant_ is not None:
            return [self.constant_] * len(texts)
        return list(self.estimator.predict(self.features(texts, topics, fit=False)))


class TfidfSVM(_PerTopic):
    """TF-IDF word 1-2grams + char 2-5grams with a linear SVM.

    Parameters
    ----------
    per_topic : bool, default=False
        One model per topic (texts only) instead of one over ``"topic [SEP] text"``.
    C : float, default=1.0
    """

    def __init__(self, *, per_topic: bool = False, C: float = 1.0) -> None:
        super().__init__(per_topic=per_topic)
        self.C = C

    def _make(self) -> _Single:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion
        from sklearn.svm import LinearSVC

        vec = FeatureUnion(
            [
                ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
                (
                    "char",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                    ),
                ),
            ]
        )
        per_topic = self.per_topic

        def features(texts: list[str], topics: list[str], *, fit: bool) -> Any:
            docs = texts if per_topic else [p + SEP + t for t, p in zip(texts, topics)]
            return vec.fit_transform(docs) if fit else vec.transform(docs)

        return _Single(features, LinearSVC(C=self.C), vec)


class EmbeddingLR(_PerTopic):
    """Logistic regression on frozen sentence embeddings ``[text, topic, text * topic]``.

    Parameters
    ----------
    encoder : CachedEncoder, optional
        Shared embedding cache (default: a new one over the packaged all-MiniLM-L6-v2).
    per_topic : bool, default=False
    C : float, default=1.0
    """

    def __init__(
        self, encoder: CachedEncoder | None = None, *, per_topic: bool = False, C: float = 1.0
    ) -> None:
        super().__init__(per_topic=per_topic)
        self.encoder = encoder or CachedEncoder()
        self.C = C

    def _make(self) -> _Single:
        from sklearn.linear_model import LogisticRegression

        enc = self.encoder

        def features(texts: list[str], topics: list[str], *, fit: bool) -> np.ndarray:
            t = enc(texts)
            p = enc(topics)
            return np.hstack([t, p, t * p])

        return _Single(features, LogisticRegression(C=self.C, max_iter=2000))


class CachedEncoder:
    """Unit-length embeddings of strings, each string encoded once per run.

    Parameters
    ----------
    batch_size : int, default=64
    max_seq_length : int, default=128
    """

    def __init__(self, *, batch_size: int = 64, max_seq_length: int = 128) -> None:
        from stancekit.embeddings import Encoder

        self.model = Encoder(max_seq_length=max_seq_length)
        self.batch_size = batch_size
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if new:
            emb = self.model.encode(
                new, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
            self.cache.update(zip(new, emb))
        if not texts:
            return np.zeros((0, self.model.dim), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])


def _groups(topics: Sequence[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, t in enumerate(topics):
        out.setdefault(t, []).append(i)
    return out


def standard_baselines(encoder: CachedEncoder | None, *, per_topic: bool) -> dict[str, Any]:
    """The three baselines of every benchmark, by display name (``encoder=None``: no LR)."""
    out: dict[str, Any] = {
        "majority class": MajorityClass(),
        "TF-IDF + LinearSVC" + (" (per target)" if per_topic else ""): TfidfSVM(
            per_topic=per_topic
        ),
    }
    if encoder is not None:
        out["MiniLM emb. + LogReg" + (" (per target)" if per_topic else "")] = EmbeddingLR(
            encoder, per_topic=per_topic
        )
    return out


def fit_predict(
    systems: dict[str, Any],
    train: tuple[Sequence[str], Sequence[str], Sequence[str]],
    test: tuple[Sequence[str], Sequence[str]],
) -> dict[str, dict[str, Any]]:
    """Fit each baseline on ``train`` (texts, topics, labels), predict ``test`` (texts, topics).

    Returns name -> {"pred": list of labels, "fit_seconds": float, "predict_seconds": float}.
    """
    import time

    out: dict[str, dict[str, Any]] = {}
    for name, system in systems.items():
        t0 = time.perf_counter()
        system.fit(list(train[0]), list(train[1]), list(train[2]))
        t1 = time.perf_counter()
        pred = system.predict(list(test[0]), list(test[1]))
        t2 = time.perf_counter()
        out[name] = {"pred": pred, "fit_seconds": t1 - t0, "predict_seconds": t2 - t1}
        print(f"  {name}: fit {t1 - t0:.1f}s, predict {t2 - t1:.1f}s", flush=True)
    return out


def run_systems(
    model: Any,
    train: Any,
    test: Any,
    *,
    batch_size: int,
    baselines: bool,
    per_topic: bool,
    model_topics: Any = None,
) -> dict[str, dict[str, Any]]:
    """Predict ``test`` with the stance model and, if asked, fit and run the baselines on ``train``.

    ``train`` and ``test`` are :class:`stancekit.datasets.StanceData`; ``model_topics`` (default:
    ``test.topics``) are the topics the stance model reads, e.g. :class:`stancekit.Topic`
    objects of kind "claim". Returns name -> {"pred", "fit_seconds", "predict_seconds"} as
    :func:`fit_predict` does.
    """
    import time

    t0 = time.perf_counter()
    topics = test.topics if model_topics is None else model_topics
    proba = model.predict_proba(test.texts, topics, batch_size=batch_size)
    systems: dict[str, dict[str, Any]] = {
        "stancekit": {
            "pred": model.classes_[np.asarray(proba).argmax(axis=1)].tolist(),
            "fit_seconds": None,
            "predict_seconds": time.perf_counter() - t0,
        }
    }
    if baselines:
        chosen = standard_baselines(CachedEncoder(batch_size=batch_size), per_topic=per_topic)
        systems |= fit_predict(
            chosen, (train.texts, train.topics, train.labels), (test.texts, test.topics)
        )
    return systems
