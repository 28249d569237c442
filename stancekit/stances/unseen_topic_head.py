"""The unseen-topic head: one logistic regression for every topic without labels of its own.

Topics a user adds (a proposition typed at analysis time) have no topic head, no feature head and
no claim head: only the joint layers read them, and their classifier was fitted on a handful of
targets (SemEval's, P-Stance's, Emergent's claims and the two built-in topics). On propositions
it never saw it rarely says "against" (14 of the 184 against rows on the news stories' user
topics).

This head is a single logistic regression over the same features a feature head reads (the joint
layers' pooled text, pooled topic and their product, and the sentence embedding: ``4H``; see
:mod:`stancekit.stances.feature_heads`), fitted across some 150 propositions that none of the
model's other parts has labels for (``python -m stancekit.train_unseen_topic_head``: stancekit's
proposition set, :func:`stancekit.datasets.load_propositions`, and its coded proposition stories,
:func:`stancekit.datasets.load_proposition_stories`). Fitted across many topics at once, it learns
which way a statement leans on *whatever* proposition sits beside it in the joint layers, rather
than what one topic's supporters say. Fitted on the proposition set alone, whose contents name what
they take a side on, it read real contents that say "it" or "the levy" as none and lowered the news
stories' user topics; with the coded stories, whose contents read as in real news, it raises them
(macro-F1 37.13 -> 40.54 on fifteen stories, 37.58 -> 42.30 on twenty-seven, 37.30 -> 42.27 on
fifty; against recall 3.9% -> 16.7% on the fifteen) but lowers the DNA sample's real hearings
(accuracy 90.0 -> 67.5), so the default model has none (see the README). It stays for users who
can label statements on several of their own topics and measure it on theirs.

:meth:`StanceModel.predict_proba` mixes it in last, for the rows of topics that have no topic head
and no feature head and are not claims, by a weighted geometric mean (``weight`` for this head).
Like the feature heads it reads the joint layers, so fine-tuning those layers (``fit`` in "full"
or "joint" mode) makes it stale and ``fit`` drops it (refit it with
:meth:`StanceModel.fit_unseen_topic_head`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from stancekit.stances.feature_heads import FeatureHead, fit_head
from stancekit.stances.ngram_heads import _check_positive, _check_weight

#: Defaults chosen on the selection splits only (``benchmarks/unseen_topic_val.py``): the
#: proposition set's dev and dev2 and the dev proposition stories.
DEFAULT_C = 0.001
DEFAULT_WEIGHT = 1.0
#: Prefix of the head's tensors in a model's weights file.
PREFIX = "unseen_topic_head."


@dataclass
class UnseenTopicHead:
    """A logistic regression over ``4H`` joint features, shared by all topics without a head.

    Parameters
    ----------
    weight : float, default=1.0
        Its weight in the geometric mix with the model's other probabilities.
    C : float, default=0.001
        Inverse regularization strength of the regression :meth:`fit` fits.

    Attributes
    ----------
    head_ : FeatureHead or None
        The fitted regression (standardization folded into its weights); None before :meth:`fit`.
    n_topics_ : int
        How many topics it was fitted on.
    """

    weight: float = DEFAULT_WEIGHT
    C: float = DEFAULT_C
    head_: FeatureHead | None = None
    n_topics_: int = 0

    def __post_init__(self) -> None:
        self.weight = _check_weight(self.weight)
        self.C = _check_positive(self.C, "C")

    @property
    def n_features(self) -> int | None:
        """Width of the features the head reads; None before :meth:`fit`."""
        return None if self.head_ is None else int(self.head_.coef.shape[1])

    def fit(
        self, features: np.ndarray, topics: Sequence[str], labels: Sequence[str]
    ) -> UnseenTopicHead:
        """Fit the regression on labelled pairs of several topics.

        Parameters
        ----------
        features : ndarray of shape (n, F)
            :meth:`StanceModel.feature_head_inputs` of the labelled (text, topic) pairs.
        topics : sequence of str of length n
            Their topics (only counted: one regression serves them all).
        labels : sequence of str of length n
            At least two distinct labels.

        Returns
        -------
        self
        """
        X = np.asarray(features, dtype=np.float64)
        y = np.asarray(labels, dtype=object).astype(str)
        if X.ndim != 2 or not (len(X) == len(topics) == len(y)):
            raise ValueError(
                "features must be a 2-D array with one row per topic and label; got shape "
                f"{X.shape}, {len(topics)} topics and {len(y)} labels"
            )
        if len(set(y.tolist())) < 2:
            raise ValueError(f"labels must hold at least two classes; got {sorted(set(y))}")
        self.head_ = fit_head(X, y, self.C)
        self.n_topics_ = len(set(topics))
        return self

    def usable(self, classes: Sequence[str]) -> bool:
        """Whether the head is fitted and its labels are all among the model's ``classes``."""
        return self.head_ is not None and set(self.head_.classes) <= set(classes)

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Probabilities (n, k) over ``head_.classes`` of ``features`` (n, F)."""
        if self.head_ is None:
            raise ValueError("the unseen-topic head is not fitted; call fit first")
        return self.head_.predict_proba(features)

    def mix(self, proba: np.ndarray, features: np.ndarray, classes: Sequence[str]) -> np.ndarray:
        """``proba`` (n, C) over ``classes`` mixed with the head's probabilities of ``features``.

        Unchanged where the head is not usable or ``weight`` is 0.
        """
        if self.head_ is None or not self.usable(classes):
            return proba
        return self.head_.mix(proba, features, classes, self.weight)

    # ------------------------------------------------------------------ persistence
    def tensors(self) -> dict[str, np.ndarray]:
        """Arrays to store, keyed ``unseen_topic_head.coef`` and ``unseen_topic_head.intercept``."""
        if self.head_ is None:
            return {}
        return {
            f"{PREFIX}coef": np.ascontiguousarray(self.head_.coef, dtype=np.float32),
            f"{PREFIX}intercept": np.ascontiguousarray(self.head_.intercept, dtype=np.float32),
        }

    def config(self) -> dict[str, Any]:
        """JSON-serializable description (settings, labels, counts)."""
        head = self.head_
        return {
            "weight": self.weight,
            "C": self.C,
            "n_features": self.n_features,
            "features": (
                "joint layers' pooled text, pooled topic, their product; sentence embedding"
            ),
            "classes": None if head is None else head.classes,
            "n_train": 0 if head is None else head.n_train,
            "n_topics": self.n_topics_,
        }

    @classmethod
    def from_saved(cls, config: dict[str, Any], tensors: dict[str, np.ndarray]) -> UnseenTopicHead:
        """Rebuild from :meth:`config` and :meth:`tensors` (as read back from safetensors)."""
        out = cls(weight=float(config["weight"]), C=float(config["C"]))
        out.n_topics_ = int(config.get("n_topics", 0))
        classes = config.get("classes")
        if classes is None:
            return out
        classes = [str(c) for c in classes]
        try:
            coef = np.asarray(tensors[f"{PREFIX}coef"], dtype=np.float64)
            intercept = np.asarray(tensors[f"{PREFIX}intercept"], dtype=np.float64)
        except KeyError as err:
            raise ValueError(f"the unseen-topic head has no stored weights ({err})") from None
        rows = 1 if len(classes) == 2 else len(classes)
        n_features = int(config["n_features"])
        if coef.shape != (rows, n_features) or intercept.shape != (rows,):
            raise ValueError(
                f"the unseen-topic head has weights of shape {coef.shape} and {intercept.shape}; "
                f"expected {(rows, n_features)} and {(rows,)}"
            )
        out.head_ = FeatureHead(classes, coef, intercept, int(config.get("n_train", 0)), out.C)
        return out
