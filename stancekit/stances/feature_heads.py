"""Feature heads: a logistic regression per topic on what the joint layers read of [topic; text].

A topic head (:mod:`stancekit.stances.topic_heads`) reads the frozen encoder's sentence
embedding of the text alone: it knows what a statement is about, but little of which way it
leans (a sentence embedding barely tells "we should get back into the deal" from "we should
never get back into it"). The joint layers read the topic and the text together and were trained
for stance on some 20,000 texts, so their pooled states carry stance across wordings; their
classifier, though, was fitted for every topic at once. A *feature head* is a per-topic logistic
regression over the joint layers' pooled features (pooled text, pooled topic and their product,
``3H``; see :meth:`stancekit.stances._net.JointHead.features`) and the sentence embedding (``H``),
standardized: ``4H`` features in all.

:meth:`StanceModel.predict_proba` mixes it in last, for rows that the joint layers read (rows
that a topic head settles alone under ``head_threshold`` are left as they are): the final
probabilities of the head's classes are shared by a weighted geometric mean, ``weight`` for the
feature head. The features come from the joint layers, so fine-tuning those layers (``fit`` in
"full" or "joint" mode) makes the heads stale: ``fit`` then drops them (refit them with
:meth:`StanceModel.fit_feature_heads`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from stancekit.stances.ngram_heads import _check_positive, _check_weight
from stancekit.stances.topic_heads import MIN_EXAMPLES, geometric_mix, linear_proba

#: Defaults chosen on the built-in dev to dev4 splits only (``benchmarks/feature_heads_val.py``).
DEFAULT_C = 0.1
DEFAULT_WEIGHT = 0.3
#: Prefix of the feature heads' tensors in a model's weights file.
PREFIX = "feature_heads."


@dataclass
class FeatureHead:
    """Logistic regression on standardized features, for one topic.

    The standardization is folded into the weights: ``coef`` and ``intercept`` apply to the raw
    features.

    Attributes
    ----------
    classes : list of str of length k
    coef : ndarray of shape (k, F), or (1, F) for two classes
    intercept : ndarray of shape (k,) or (1,)
    n_train : int
    C : float
    """

    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    n_train: int = 0
    C: float = DEFAULT_C

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Probabilities (n, k) over ``classes`` of ``features`` (n, F)."""
        return linear_proba(features, self.coef, self.intercept)

    def mix(
        self, proba: np.ndarray, features: np.ndarray, classes: Sequence[str], weight: float
    ) -> np.ndarray:
        """``proba`` (n, C) over ``classes`` mixed with this head's probabilities of
        ``features`` (n, F) by a weighted geometric mean (``weight`` for the head); unchanged
        where ``weight`` is 0 or there are no rows."""
        if weight == 0.0 or not len(features):
            return proba
        return geometric_mix(proba, self.predict_proba(features), self.classes, classes, 1 - weight)


def fit_head(X: np.ndarray, y: np.ndarray, C: float) -> FeatureHead:
    """A logistic regression on standardized ``X`` (n, F) for labels ``y`` (n,), with the
    standardization folded into its weights, which are rounded to float32 as they are stored
    (a saved model predicts exactly what the fitted one did)."""
    from sklearn.linear_model import LogisticRegression

    mu = X.mean(axis=0)
    sd = X.std(axis=0) + 1e-6
    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit((X - mu) / sd, np.asarray(y, dtype=object).astype(str))
    coef = clf.coef_ / sd
    intercept = clf.intercept_ - coef @ mu
    return FeatureHead(
        classes=[str(c) for c in clf.classes_],
        coef=np.asarray(coef, dtype=np.float32).astype(np.float64),
        intercept=np.asarray(intercept, dtype=np.float32).astype(np.float64),
        n_train=len(X),
        C=float(C),
    )


@dataclass
class FeatureHeads:
    """The feature heads of a model, keyed by topic proposition.

    Parameters
    ----------
    weight : float, default=0.3
        Weight of the feature head in its geometric mix with the model's other probabilities.
    C : float, default=0.1
        Inverse regularization strength of the logistic regressions :meth:`fit` fits.

    Attributes
    ----------
    heads : dict
        ``{topic: FeatureHead}``.
    n_features : int or None
        Width of the features the heads read (``4H``); None before the first fit.
    """

    weight: float = DEFAULT_WEIGHT
    C: float = DEFAULT_C
    heads: dict[str, FeatureHead] = field(default_factory=dict)
    n_features: int | None = None

    def __post_init__(self) -> None:
        self.weight = _check_weight(self.weight)
        self.C = _check_positive(self.C, "C")

    def __len__(self) -> int:
        return len(self.heads)

    def fit(
        self,
        features: np.ndarray,
        topics: Sequence[str],
        labels: Sequence[str],
        *,
        min_examples: int = MIN_EXAMPLES,
    ) -> FeatureHeads:
        """Fit one head per topic with at least ``min_examples`` rows and two labels.

        Parameters
        ----------
        features : ndarray of shape (n, F)
            :meth:`StanceModel.feature_head_inputs` of the labelled (text, topic) pairs.
        topics : sequence of str of length n
            Topic propositions (as the model resolves them).
        labels : sequence of str of length n
        min_examples : int, default=50

        Returns
        -------
        self
            Heads of the same topics are replaced; other topics keep theirs.
        """
        X = np.asarray(features, dtype=np.float64)
        t, y = np.asarray(topics, dtype=object), np.asarray(labels, dtype=object)
        if X.ndim != 2 or not (len(X) == len(t) == len(y)):
            raise ValueError(
                "features must be a 2-D array with one row per topic and label; got shape "
                f"{X.shape}, {len(t)} topics and {len(y)} labels"
            )
        if self.n_features is not None and self.heads and X.shape[1] != self.n_features:
            raise ValueError(
                f"features must have {self.n_features} columns, as the existing heads read; "
                f"got {X.shape[1]}"
            )
        self.n_features = int(X.shape[1])
        for topic in dict.fromkeys(t.tolist()):
            sel = t == topic
            if sel.sum() < min_examples or len(set(y[sel].tolist())) < 2:
                continue
            self.heads[str(topic)] = fit_head(X[sel], y[sel], self.C)
        return self

    def usable(self, topic: str, classes: Sequence[str]) -> FeatureHead | None:
        """The head of ``topic`` if its labels are all among the model's ``classes``."""
        head = self.heads.get(topic)
        if head is None or not set(head.classes) <= set(classes):
            return None
        return head

    def mix(
        self, proba: np.ndarray, features: np.ndarray, topic: str, classes: Sequence[str]
    ) -> np.ndarray:
        """``proba`` (n, C) over ``classes`` mixed with the head of ``topic`` on ``features``.

        Unchanged where the topic has no usable head or ``weight`` is 0.
        """
        head = self.usable(topic, classes)
        return proba if head is None else head.mix(proba, features, classes, self.weight)

    # ------------------------------------------------------------------ persistence
    def tensors(self) -> dict[str, np.ndarray]:
        """Arrays to store, keyed ``feature_heads.<i>.coef`` and ``feature_heads.<i>.intercept``."""
        out: dict[str, np.ndarray] = {}
        for i, head in enumerate(self.heads.values()):
            out[f"{PREFIX}{i}.coef"] = np.ascontiguousarray(head.coef, dtype=np.float32)
            out[f"{PREFIX}{i}.intercept"] = np.ascontiguousarray(head.intercept, dtype=np.float32)
        return out

    def config(self) -> dict[str, Any]:
        """JSON-serializable description (settings, topics, labels, counts)."""
        return {
            "weight": self.weight,
            "C": self.C,
            "n_features": self.n_features,
            "features": (
                "joint layers' pooled text, pooled topic, their product; sentence embedding"
            ),
            "heads": [
                {"topic": topic, "classes": head.classes, "n_train": head.n_train, "C": head.C}
                for topic, head in self.heads.items()
            ],
        }

    @classmethod
    def from_saved(cls, config: dict[str, Any], tensors: dict[str, np.ndarray]) -> FeatureHeads:
        """Rebuild from :meth:`config` and :meth:`tensors` (as read back from safetensors)."""
        n_features = config.get("n_features")
        out = cls(weight=float(config["weight"]), C=float(config["C"]))
        out.n_features = None if n_features is None else int(n_features)
        for i, spec in enumerate(config["heads"]):
            classes = [str(c) for c in spec["classes"]]
            try:
                coef = np.asarray(tensors[f"{PREFIX}{i}.coef"], dtype=np.float64)
                intercept = np.asarray(tensors[f"{PREFIX}{i}.intercept"], dtype=np.float64)
            except KeyError as err:
                raise ValueError(
                    f"feature head {i} ({spec['topic']!r}) has no stored weights ({err})"
                ) from None
            rows = 1 if len(classes) == 2 else len(classes)
            if coef.shape != (rows, out.n_features) or intercept.shape != (rows,):
                raise ValueError(
                    f"feature head {i} ({spec['topic']!r}) has weights of shape {coef.shape} "
                    f"and {intercept.shape}; expected {(rows, out.n_features)} and {(rows,)}"
                )
            out.heads[str(spec["topic"])] = FeatureHead(
                classes, coef, intercept, int(spec.get("n_train", 0)), float(spec["C"])
            )
        return out
