"""N-gram heads: a TF-IDF logistic regression per topic over word and character n-grams.

A topic with its own training labels may get an *n-gram head*: a logistic regression over
sublinear TF-IDF counts of the text's word unigrams and bigrams and its character 2- to 5-grams
within word boundaries (the classic "TF-IDF + linear model" of stance detection). It reads the
surface of the text, hashtags, names and slogans, which the encoder's sentence embedding and its
fine-tuned layers smooth over, so its mistakes differ from theirs. :meth:`StanceModel.predict_proba`
mixes it in last, after the joint model and any topic head and topic encoder have been mixed: the
final probabilities of the head's classes are shared by a weighted geometric mean, ``weight`` for
the n-gram head (see :func:`stancekit.stances.topic_heads.geometric_mix`); every other topic is
untouched.

Each :meth:`NgramHeads.fit` call learns one vocabulary (the most frequent n-grams of its texts,
at most ``max_features``, half words and half characters) shared by the topics it fits; a later
call for other topics adds a vocabulary of its own and keeps the earlier heads. The vocabularies
are stored in the weights file as UTF-8 bytes (one term per line) with their IDF weights, so a
model folder stays safetensors and JSON only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from stancekit.stances.topic_heads import MIN_EXAMPLES, geometric_mix, linear_proba

#: Defaults chosen on P-Stance val only (train-only encoder and heads; see the model card).
DEFAULT_C = 4.0
DEFAULT_WEIGHT = 0.3
DEFAULT_MAX_FEATURES = 40_000
#: An n-gram must occur in this many training texts to enter a vocabulary.
MIN_DF = 2
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
#: Prefix of the n-gram heads' tensors in a model's weights file.
PREFIX = "ngram_heads."
_SEP = "\n"


def _check_weight(value: object, name: str = "weight") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a number in [0, 1]; got {value!r}")
    return float(value)


def _check_positive(value: object, name: str, kind: type = float) -> Any:
    ok = (int, float) if kind is float else (int,)
    if isinstance(value, bool) or not isinstance(value, ok) or not value > 0:
        allowed = "a positive number" if kind is float else "a positive int"
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    return kind(value)


def _counter(analyzer: str, ngrams: tuple[int, int], vocabulary: Sequence[str] | None) -> Any:
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        analyzer=analyzer,
        ngram_range=ngrams,
        vocabulary=None if vocabulary is None else {t: i for i, t in enumerate(vocabulary)},
        dtype=np.float64,
    )


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF times IDF, rows scaled to unit length (as sklearn's TfidfVectorizer)."""
    X = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    X.data = 1.0 + np.log(X.data)
    X = X @ sp.diags(idf)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    return sp.csr_matrix(sp.diags(1.0 / np.clip(norms, 1e-12, None)) @ X)


@dataclass
class NgramVocabulary:
    """Word and character n-grams, in column order, with their IDF weights.

    Attributes
    ----------
    words : list of str of length Fw
    chars : list of str of length Fc
    word_idf : ndarray of shape (Fw,)
    char_idf : ndarray of shape (Fc,)
    """

    words: list[str]
    chars: list[str]
    word_idf: np.ndarray
    char_idf: np.ndarray
    _counters: tuple[Any | None, Any | None] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.words) + len(self.chars)

    @classmethod
    def fit(cls, texts: Sequence[str], max_features: int = DEFAULT_MAX_FEATURES) -> NgramVocabulary:
        """The ``max_features`` most frequent n-grams of ``texts`` seen in >= 2 texts, with IDF.

        IDF is sklearn's smoothed ``1 + ln((1 + n) / (1 + df))``.
        """
        parts: list[tuple[list[str], np.ndarray]] = []
        n = len(texts)
        for analyzer, ngrams, cap in (
            ("word", WORD_NGRAMS, max_features // 2),
            ("char_wb", CHAR_NGRAMS, max_features - max_features // 2),
        ):
            counter = _counter(analyzer, ngrams, None)
            try:
                counts = sp.csr_matrix(counter.fit_transform(texts))
            except ValueError:  # no n-gram of this kind at all (e.g. no word of two letters)
                parts.append(([], np.zeros(0)))
                continue
            vocab = counter.vocabulary_
            terms = sorted(vocab, key=vocab.__getitem__)
            df = np.bincount(counts.indices, minlength=counts.shape[1])
            total = np.asarray(counts.sum(axis=0)).ravel()
            keep = np.flatnonzero(df >= MIN_DF)
            # Most frequent first (ties: alphabetical, as the column order is), then cut.
            keep = keep[np.argsort(-total[keep], kind="stable")][:cap]
            keep = np.sort(keep)
            idf = 1.0 + np.log((1.0 + n) / (1.0 + df[keep]))
            parts.append(([terms[i] for i in keep], idf.astype(np.float32).astype(np.float64)))
        (words, word_idf), (chars, char_idf) = parts
        return cls(words, chars, word_idf, char_idf)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF features (n, Fw + Fc): words and characters, each part of unit length."""
        if self._counters is None:
            self._counters = (
                _counter("word", WORD_NGRAMS, self.words) if self.words else None,
                _counter("char_wb", CHAR_NGRAMS, self.chars) if self.chars else None,
            )
        blocks = [
            _tfidf(counter.transform(texts), idf)
            if counter is not None
            else sp.csr_matrix((len(texts), 0))
            for counter, idf in zip(self._counters, (self.word_idf, self.char_idf))
        ]
        return sp.csr_matrix(sp.hstack(blocks, format="csr"))

    def tensors(self, prefix: str) -> dict[str, np.ndarray]:
        """The vocabulary as UTF-8 bytes (one term per line) and its IDF, keyed ``prefix*``."""
        out: dict[str, np.ndarray] = {}
        for name, terms, idf in (
            ("words", self.words, self.word_idf),
            ("chars", self.chars, self.char_idf),
        ):
            if any(_SEP in t for t in terms):  # pragma: no cover - analyzers fold whitespace
                raise ValueError(f"an n-gram holds a line break; cannot store the {name}")
            raw = _SEP.join(terms).encode("utf-8")
            out[f"{prefix}{name}"] = np.frombuffer(raw, dtype=np.uint8).copy()
            out[f"{prefix}{name}_idf"] = np.ascontiguousarray(idf, dtype=np.float32)
        return out

    @classmethod
    def from_tensors(cls, tensors: dict[str, np.ndarray], prefix: str) -> NgramVocabulary:
        """Rebuild from :meth:`tensors`."""
        parts = []
        for name in ("words", "chars"):
            raw = np.asarray(tensors[f"{prefix}{name}"], dtype=np.uint8).tobytes().decode("utf-8")
            terms = raw.split(_SEP) if raw else []
            idf = np.asarray(tensors[f"{prefix}{name}_idf"], dtype=np.float64)
            if len(terms) != len(idf):
                raise ValueError(
                    f"{prefix}{name} holds {len(terms)} n-grams but {len(idf)} IDF weights"
                )
            parts.append((terms, idf))
        return cls(parts[0][0], parts[1][0], parts[0][1], parts[1][1])


@dataclass
class NgramHead:
    """Logistic regression on one vocabulary's TF-IDF features, for one topic.

    Attributes
    ----------
    classes : list of str of length k
    coef : ndarray of shape (k, F), or (1, F) for two classes
    intercept : ndarray of shape (k,) or (1,)
    vocabulary : int
        Index of its vocabulary in :attr:`NgramHeads.vocabularies`.
    n_train : int
    C : float
    """

    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    vocabulary: int
    n_train: int = 0
    C: float = DEFAULT_C


@dataclass
class NgramHeads:
    """The n-gram heads of a model, keyed by topic proposition.

    Parameters
    ----------
    weight : float, default=0.3
        Weight of the n-gram head in its geometric mix with the model's other probabilities.
    C : float, default=4.0
        Inverse regularization strength of the logistic regressions :meth:`fit` fits.
    max_features : int, default=40000
        Size of the vocabulary :meth:`fit` learns (half word, half character n-grams).

    Attributes
    ----------
    heads : dict
        ``{topic: NgramHead}``.
    vocabularies : list of NgramVocabulary
    """

    weight: float = DEFAULT_WEIGHT
    C: float = DEFAULT_C
    max_features: int = DEFAULT_MAX_FEATURES
    heads: dict[str, NgramHead] = field(default_factory=dict)
    vocabularies: list[NgramVocabulary] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.weight = _check_weight(self.weight)
        self.C = _check_positive(self.C, "C")
        self.max_features = _check_positive(self.max_features, "max_features", int)
        if self.max_features < 2:
            raise ValueError(f"max_features must be at least 2; got {self.max_features!r}")

    def __len__(self) -> int:
        return len(self.heads)

    def fit(
        self,
        texts: Sequence[str],
        topics: Sequence[str],
        labels: Sequence[str],
        *,
        min_examples: int = MIN_EXAMPLES,
    ) -> NgramHeads:
        """Fit one head per topic with at least ``min_examples`` texts and two labels.

        One vocabulary is learned from the texts of the topics that get a head; heads fitted
        earlier on other topics keep theirs, heads of the same topics are replaced (and a
        vocabulary that no head reads any more is dropped).

        Parameters
        ----------
        texts : sequence of str of length n
        topics : sequence of str of length n
            Topic propositions (as the model resolves them).
        labels : sequence of str of length n
        min_examples : int, default=50

        Returns
        -------
        self
        """
        from sklearn.linear_model import LogisticRegression

        t, y = np.asarray(topics, dtype=object), np.asarray(labels, dtype=object)
        if not (len(texts) == len(t) == len(y)):
            raise ValueError(
                f"texts, topics and labels must have the same length; got {len(texts)}, "
                f"{len(t)} and {len(y)}"
            )
        fitted = [
            topic
            for topic in dict.fromkeys(t.tolist())
            if (t == topic).sum() >= min_examples and len(set(y[t == topic].tolist())) >= 2
        ]
        if not fitted:
            return self
        rows = np.isin(t, fitted)
        kept = [texts[int(i)] for i in np.flatnonzero(rows)]
        t, y = t[rows], y[rows]
        vocab = NgramVocabulary.fit(kept, self.max_features)
        if not len(vocab):
            raise ValueError(
                f"texts must share n-grams: no word or character n-gram occurs in {MIN_DF} or "
                f"more texts of the topics {fitted}"
            )
        X = vocab.transform(kept)  # only the texts of the topics that get a head
        for topic in fitted:
            self.heads.pop(str(topic), None)
        self._prune()
        self.vocabularies.append(vocab)
        for topic in fitted:
            sel = t == topic
            clf = LogisticRegression(C=self.C, max_iter=5000).fit(X[sel], y[sel].astype(str))
            self.heads[str(topic)] = NgramHead(
                classes=[str(c) for c in clf.classes_],
                # Rounded to float32 now, as stored: a saved model predicts exactly the same.
                coef=np.asarray(clf.coef_, dtype=np.float32).astype(np.float64),
                intercept=np.asarray(clf.intercept_, dtype=np.float32).astype(np.float64),
                vocabulary=len(self.vocabularies) - 1,
                n_train=int(sel.sum()),
                C=float(self.C),
            )
        return self

    def _prune(self) -> None:
        """Drop vocabularies no head reads and renumber the heads'."""
        used = sorted({h.vocabulary for h in self.heads.values()})
        new = {old: i for i, old in enumerate(used)}
        self.vocabularies = [self.vocabularies[i] for i in used]
        for head in self.heads.values():
            head.vocabulary = new[head.vocabulary]

    def usable(self, topic: str, classes: Sequence[str]) -> NgramHead | None:
        """The head of ``topic`` if its labels are all among the model's ``classes``."""
        head = self.heads.get(topic)
        if head is None or not set(head.classes) <= set(classes):
            return None
        return head

    def predict_proba(self, topic: str, texts: Sequence[str]) -> np.ndarray:
        """Probabilities (n, k) over the head's classes of ``texts`` on ``topic``."""
        head = self.heads[topic]
        X = self.vocabularies[head.vocabulary].transform(list(texts))
        return linear_proba(X, head.coef, head.intercept)

    def mix(
        self, proba: np.ndarray, texts: Sequence[str], topic: str, classes: Sequence[str]
    ) -> np.ndarray:
        """``proba`` (n, C) over ``classes`` mixed with the head of ``topic`` on ``texts``.

        Unchanged where the topic has no usable head or ``weight`` is 0.
        """
        head = self.usable(topic, classes)
        if head is None or self.weight == 0.0 or not len(texts):
            return proba
        return geometric_mix(
            proba, self.predict_proba(topic, texts), head.classes, classes, 1.0 - self.weight
        )

    # ------------------------------------------------------------------ persistence
    def tensors(self) -> dict[str, np.ndarray]:
        """Arrays to store, keyed ``ngram_heads.vocab<j>.*`` and ``ngram_heads.<i>.coef`` etc."""
        out: dict[str, np.ndarray] = {}
        for j, vocab in enumerate(self.vocabularies):
            out.update(vocab.tensors(f"{PREFIX}vocab{j}."))
        for i, head in enumerate(self.heads.values()):
            out[f"{PREFIX}{i}.coef"] = np.ascontiguousarray(head.coef, dtype=np.float32)
            out[f"{PREFIX}{i}.intercept"] = np.ascontiguousarray(head.intercept, dtype=np.float32)
        return out

    def config(self) -> dict[str, Any]:
        """JSON-serializable description (settings, topics, labels, counts, vocabulary sizes)."""
        return {
            "weight": self.weight,
            "C": self.C,
            "max_features": self.max_features,
            "min_df": MIN_DF,
            "word_ngrams": list(WORD_NGRAMS),
            "char_ngrams": list(CHAR_NGRAMS),
            "vocabularies": [
                {"words": len(v.words), "chars": len(v.chars)} for v in self.vocabularies
            ],
            "heads": [
                {
                    "topic": topic,
                    "classes": head.classes,
                    "vocabulary": head.vocabulary,
                    "n_train": head.n_train,
                    "C": head.C,
                }
                for topic, head in self.heads.items()
            ],
        }

    @classmethod
    def from_saved(cls, config: dict[str, Any], tensors: dict[str, np.ndarray]) -> NgramHeads:
        """Rebuild from :meth:`config` and :meth:`tensors` (as read back from safetensors)."""
        out = cls(
            weight=float(config["weight"]),
            C=float(config["C"]),
            max_features=int(config["max_features"]),
        )
        out.vocabularies = [
            NgramVocabulary.from_tensors(tensors, f"{PREFIX}vocab{j}.")
            for j in range(len(config["vocabularies"]))
        ]
        for i, spec in enumerate(config["heads"]):
            classes = [str(c) for c in spec["classes"]]
            j = int(spec["vocabulary"])
            if not 0 <= j < len(out.vocabularies):
                raise ValueError(f"n-gram head {i} ({spec['topic']!r}) reads no stored vocabulary")
            coef = np.asarray(tensors[f"{PREFIX}{i}.coef"], dtype=np.float64)
            intercept = np.asarray(tensors[f"{PREFIX}{i}.intercept"], dtype=np.float64)
            rows = 1 if len(classes) == 2 else len(classes)
            if coef.shape != (rows, len(out.vocabularies[j])):
                raise ValueError(
                    f"n-gram head {i} ({spec['topic']!r}) has weights of shape {coef.shape}; "
                    f"expected {(rows, len(out.vocabularies[j]))}"
                )
            out.heads[str(spec["topic"])] = NgramHead(
                classes, coef, intercept, j, int(spec.get("n_train", 0)), float(spec["C"])
            )
        return out
