"""Claim head: does a text assert, dispute or merely report a factual claim?

A *claim* topic (``Topic(kind="claim")``, e.g. an Emergent claim headline "Apple will sell 19
million Apple Watches in 2015") asks a different question from a position topic: not whether the
text's author is for or against something, but whether the text presents the claim as true
(favor), disputes it (against) or passes it on without taking a side (none: Emergent's
"observing", FNC-1's "discuss"). News marks that with a few words: hedges ("reportedly",
"allegedly", "claims") for reporting and refuting words ("hoax", "denies", "fake") for
disputing. Ferreira and Vlachos (2016) showed these cues carry most of the signal on Emergent.

The claim head is a logistic regression on cue counts of the text (:func:`cue_features`), shared
by all claims, mixed with the joint model's probabilities by a weighted geometric mean, like a
topic head (:mod:`stancekit.stances.topic_heads`). The joint model keeps a small weight: it
still says when a text is not about the claim at all. The head may also hold a claim encoder
(:mod:`stancekit.stances.claim_encoder`): fine-tuned top layers that read the whole text. Its
probabilities are first mixed with the cue counts' (``encoder_weight`` for the encoder), and
that mix is what meets the joint model.

The shipped head was fitted on Emergent's article headlines and is meant for texts of that
length (headlines, single sentences). On longer texts the cue counts grow and common words ("not",
"says") stop meaning much. On FNC-1 article leads (100 words) the head with its claim encoder
raises the FNC score from 79.61 (claims read as positions) to 81.85 but lowers macro-F1 from
60.99 to 59.21: it reads many agreeing leads as merely reporting (the cue counts alone: 74.11 /
52.60; ``benchmarks/results/stance_fnc1.json``). For long texts, compare both readings, or fit
the head on texts like yours (:meth:`StanceModel.fit_claim_head`).

References
----------
W. Ferreira and A. Vlachos. Emergent: a novel data-set for stance classification. NAACL 2016.
The refuting words are those of the FNC-1 baseline (Pomerleau and Rao, 2017).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from stancekit.stances.topic_heads import geometric_mix, linear_proba, weighted_geometric_mean

if TYPE_CHECKING:
    from stancekit.stances.claim_encoder import ClaimEncoder

#: Hedging words after Ferreira and Vlachos (2016).
HEDGES = (
    "alleged allegedly apparently appear appears claim claims could evidently largely likely "
    "mainly may maybe might mostly perhaps presumably probably purported purportedly reported "
    "reportedly rumor rumors rumour rumours rumored rumoured says seem somewhat supposedly "
    "unconfirmed"
).split()
#: Refuting words of the FNC-1 baseline.
REFUTES = (
    "fake fraud hoax false deny denies not despite nope doubt doubts bogus debunk pranks retract"
).split()
#: Names of the columns of :func:`cue_features`.
FEATURES = ("hedges", "refutes", "question", "has_hedge", "has_refute")
#: Defaults chosen on Emergent's training split only (claim-grouped cross-validation and the
#: claim-disjoint held-out claims of the stance training recipe; see the model card).
DEFAULT_C = 1.0
DEFAULT_JOINT_WEIGHT = 0.1
#: The claim encoder's weight in its mix with the cue counts (chosen like the encoder's other
#: settings; see :mod:`stancekit.stances.claim_encoder`).
DEFAULT_ENCODER_WEIGHT = 0.5
#: The shipped claim encoder (the recipe's and ``stancekit finetune --claims``'s): four layers,
#: weight 0.4, int8, chosen by ``python -m benchmarks.claim_encoder_cv --layers 2 4 --name
#: claim_encoder_cv_deep`` (claim-grouped cross-validation on Emergent train).
RECIPE_ENCODER_LAYERS = 4
RECIPE_ENCODER_WEIGHT = 0.4
RECIPE_ENCODER_DTYPE = "int8"
#: Prefix of a claim encoder's tensors in a model's weights file.
ENCODER_PREFIX = "claim_head.encoder."

_WORD = re.compile(r"[a-z']+")


def cue_features(
    texts: Sequence[str],
    hedges: Sequence[str] = HEDGES,
    refutes: Sequence[str] = REFUTES,
) -> np.ndarray:
    """Cue counts of each text: hedges, refuting words, a question mark.

    Parameters
    ----------
    texts : sequence of str of length n
    hedges, refutes : sequence of str
        Lower-case words.

    Returns
    -------
    ndarray of shape (n, 5)
        Columns as in :data:`FEATURES`: hedge count, refuting-word count, whether the text holds
        a question mark, whether it holds any hedge, whether it holds any refuting word.
    """
    hedge_set, refute_set = frozenset(hedges), frozenset(refutes)
    out = np.zeros((len(texts), len(FEATURES)), dtype=np.float64)
    for i, text in enumerate(texts):
        words = _WORD.findall(text.lower())
        h = sum(w in hedge_set for w in words)
        r = sum(w in refute_set for w in words)
        out[i] = (h, r, float("?" in text), float(h > 0), float(r > 0))
    return out


@dataclass
class ClaimHead:
    """Logistic regression on :func:`cue_features`, shared by all claim topics.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularization strength.
    joint_weight : float, default=0.1
        Weight of the joint model in the geometric mix (1 - weight goes to the head).
    encoder_weight : float, default=0.5
        Weight of the claim encoder (if :attr:`encoder_` is set) in its geometric mix with the
        cue counts, which get 1 - weight.

    Attributes
    ----------
    classes_ : list of str of length k
    coef_ : ndarray of shape (k, 5) or (1, 5) for two classes
    intercept_ : ndarray of shape (k,) or (1,)
    n_train_ : int
    encoder_ : ClaimEncoder or None
        Fine-tuned top layers over the trunk states of a text (set by
        :meth:`StanceModel.fit_claim_head`); None: the cue counts alone.
    encoder_classes_ : list of str
        The labels of the encoder's output columns.
    encoder_settings_ : dict
        How the encoder was trained (layers, epochs, learning rate, seed).
    encoder_dtype_ : {"float16", "int8", "int4"}
        How the encoder's weights are stored (its weights are rounded to those values).
    """

    C: float = DEFAULT_C
    joint_weight: float = DEFAULT_JOINT_WEIGHT
    encoder_weight: float = DEFAULT_ENCODER_WEIGHT
    hedges: list[str] = field(default_factory=lambda: list(HEDGES))
    refutes: list[str] = field(default_factory=lambda: list(REFUTES))
    classes_: list[str] = field(default_factory=list)
    coef_: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FEATURES))))
    intercept_: np.ndarray = field(default_factory=lambda: np.zeros(0))
    n_train_: int = 0
    encoder_: ClaimEncoder | None = None
    encoder_classes_: list[str] = field(default_factory=list)
    encoder_settings_: dict[str, Any] = field(default_factory=dict)
    encoder_dtype_: str = "float16"

    def __post_init__(self) -> None:
        for name in ("joint_weight", "encoder_weight"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"{name} must be a number in [0, 1]; got {value!r}")
        if not float(self.C) > 0:
            raise ValueError(f"C must be a positive number; got {self.C!r}")

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """:func:`cue_features` of ``texts`` with this head's word lists: (n, 5)."""
        return cue_features(texts, self.hedges, self.refutes)

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> ClaimHead:
        """Fit on texts (n,) and their labels (n,) towards their claims; returns ``self``."""
        from sklearn.linear_model import LogisticRegression

        y = [str(label) for label in labels]
        if len(y) != len(texts):
            raise ValueError(
                f"texts and labels must have the same length; got {len(texts)} and {len(y)}"
            )
        if len(set(y)) < 2:
            raise ValueError(f"labels must hold at least two classes; got {sorted(set(y))}")
        clf = LogisticRegression(C=self.C, max_iter=2000).fit(self.features(texts), y)
        self.classes_ = [str(c) for c in clf.classes_]
        # Rounded to float32 now, as stored: a saved model predicts exactly the same.
        self.coef_ = np.asarray(clf.coef_, dtype=np.float32).astype(np.float64)
        self.intercept_ = np.asarray(clf.intercept_, dtype=np.float32).astype(np.float64)
        self.n_train_ = len(y)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities (n, k) over ``classes_``."""
        if not self.classes_:
            raise RuntimeError("this ClaimHead is not fitted yet; call fit first")
        return linear_proba(self.features(texts), self.coef_, self.intercept_)

    def usable(self, classes: Sequence[str]) -> bool:
        """Whether the head is fitted and its labels are all among the model's ``classes``."""
        return bool(self.classes_) and set(self.classes_) <= set(classes)

    def head_proba(
        self, texts: Sequence[str], encoder_proba: np.ndarray | None = None
    ) -> np.ndarray:
        """The head's probabilities (n, k) over ``classes_``: the cue counts', mixed with the
        claim encoder's ``encoder_proba`` (n, len(encoder_classes_)) when the head has one."""
        cue = self.predict_proba(texts)
        if self.encoder_ is None:
            return cue
        if encoder_proba is None:
            raise ValueError(
                "encoder_proba must be given: this claim head has a claim encoder, whose "
                "probabilities come from the stance model (StanceModel.predict_proba)"
            )
        enc = np.asarray(encoder_proba, dtype=np.float64)
        if enc.shape != (len(texts), len(self.encoder_classes_)):
            raise ValueError(
                f"encoder_proba must have shape ({len(texts)}, {len(self.encoder_classes_)}); "
                f"got {enc.shape}"
            )
        enc = enc[:, [self.encoder_classes_.index(c) for c in self.classes_]]
        enc /= np.clip(enc.sum(axis=1, keepdims=True), 1e-12, None)
        return weighted_geometric_mean(enc, cue, self.encoder_weight)

    def mix(
        self,
        joint: np.ndarray,
        texts: Sequence[str],
        classes: Sequence[str],
        encoder_proba: np.ndarray | None = None,
    ) -> np.ndarray:
        """Joint probabilities (n, C) over ``classes`` mixed with the head's for ``texts``
        (:meth:`head_proba`; ``encoder_proba`` is required when the head has an encoder)."""
        return geometric_mix(
            joint, self.head_proba(texts, encoder_proba), self.classes_, classes, self.joint_weight
        )

    # ------------------------------------------------------------------ persistence
    def tensors(self, top_blocks: Sequence[Any] = ()) -> dict[str, np.ndarray]:
        """Arrays to store in the weights file: ``claim_head.coef``, ``claim_head.intercept``
        and, with an encoder, its weights ``claim_head.encoder.*`` (float16, int8 or int4;
        int4 needs ``top_blocks``, the encoder's own layers)."""
        out = {
            "claim_head.coef": np.ascontiguousarray(self.coef_, dtype=np.float32),
            "claim_head.intercept": np.ascontiguousarray(self.intercept_, dtype=np.float32),
        }
        if self.encoder_ is not None:
            from stancekit.stances.claim_encoder import encoder_tensors

            out.update(
                encoder_tensors(self.encoder_, dtype=self.encoder_dtype_, top_blocks=top_blocks)
            )
        return out

    def config(self) -> dict[str, Any]:
        """JSON-serializable description (labels, word lists, settings)."""
        return {
            "C": float(self.C),
            "joint_weight": float(self.joint_weight),
            "classes": list(self.classes_),
            "features": list(FEATURES),
            "hedges": list(self.hedges),
            "refutes": list(self.refutes),
            "n_train": int(self.n_train_),
            "encoder": None
            if self.encoder_ is None
            else {
                "layers": len(self.encoder_.blocks),
                "weight": float(self.encoder_weight),
                "classes": list(self.encoder_classes_),
                "dtype": self.encoder_dtype_,
                **self.encoder_settings_,
            },
        }

    @classmethod
    def from_saved(
        cls,
        config: dict[str, Any],
        tensors: dict[str, np.ndarray],
        top_blocks: Sequence[Any] = (),
    ) -> ClaimHead:
        """Rebuild from :meth:`config` and :meth:`tensors` (as read back from safetensors).

        ``top_blocks``: the encoder's own layers (:class:`stancekit.stances._net.Block`), those
        a saved claim encoder copied last; needed only when the config has one.
        """
        if list(config.get("features", [])) != list(FEATURES):
            raise ValueError(
                f"claim head features must be {list(FEATURES)}; got {config.get('features')!r}"
            )
        head = cls(
            C=float(config["C"]),
            joint_weight=float(config["joint_weight"]),
            hedges=[str(w) for w in config["hedges"]],
            refutes=[str(w) for w in config["refutes"]],
        )
        head.classes_ = [str(c) for c in config["classes"]]
        head.coef_ = np.asarray(tensors["claim_head.coef"], dtype=np.float64)
        head.intercept_ = np.asarray(tensors["claim_head.intercept"], dtype=np.float64)
        head.n_train_ = int(config.get("n_train", 0))
        k = len(head.classes_)
        if head.coef_.shape != ((1 if k == 2 else k), len(FEATURES)):
            raise ValueError(
                f"claim head weights have shape {head.coef_.shape} for {k} classes and "
                f"{len(FEATURES)} features"
            )
        enc = config.get("encoder")
        enc_tensors = {k: v for k, v in tensors.items() if k.startswith(ENCODER_PREFIX)}
        if enc:
            from stancekit.stances.claim_encoder import ClaimEncoder, encoder_from_tensors

            head.encoder_weight = float(enc["weight"])
            head.encoder_classes_ = [str(c) for c in enc["classes"]]
            head.encoder_settings_ = {
                k: v for k, v in enc.items() if k not in ("layers", "weight", "classes", "dtype")
            }
            encoder = encoder_from_tensors(
                enc_tensors, top_blocks, int(enc["layers"]), len(head.encoder_classes_)
            )
            assert isinstance(encoder, ClaimEncoder)  # one member: the claim head has no ensemble
            head.encoder_ = encoder
            head.encoder_dtype_ = str(enc.get("dtype", "float16"))
        elif enc_tensors:
            raise ValueError(
                "claim head tensors hold a claim encoder that its config does not describe"
            )
        return head
