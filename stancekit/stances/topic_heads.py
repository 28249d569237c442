"""Topic heads: a linear classifier per known topic, mixed with the joint model's probabilities.

The joint model (:mod:`stancekit.stances._net`) reads any topic. For a topic with its own training
labels (a SemEval target, a P-Stance candidate, a built-in topic), a logistic regression on the
frozen encoder's sentence embedding of the text (mean-pooled all-MiniLM-L6-v2, as
:meth:`stancekit.embeddings.Encoder.encode` gives it: the "MiniLM + LogReg" baseline of the
benchmarks) is a strong, different reader of the same text. A
topic head stores that regression; :meth:`StanceModel.predict_proba` mixes it with the joint model
for rows on that topic (a weighted geometric mean), and leaves every other topic untouched.

The embedding is the packaged encoder's, frozen: fine-tuning the joint layers later does not
invalidate a head. A head whose labels are not all in the model's ``classes_`` is ignored.

The heads may also hold a *topic encoder* (:meth:`StanceModel.fit_topic_encoder`): copies of the
encoder's top layers over the trunk states of the text, fine-tuned on the labelled texts of some
of the topics, with one softmax per topic over that topic's head classes (the module is
:class:`stancekit.stances.claim_encoder.ClaimEncoder`). For those topics the head's probabilities
are first mixed with the topic encoder's (``encoder_weight`` for the encoder), and that mix meets
the joint model as the head alone would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from stancekit.stances.claim_encoder import ClaimEncoder, EncoderEnsemble

#: Defaults chosen on validation data only (P-Stance val, built-in dev; see the model card).
DEFAULT_C = 0.3
DEFAULT_JOINT_WEIGHT = 0.25
#: A topic needs at least this many labelled texts (and two labels) to get a head.
MIN_EXAMPLES = 50
#: The topic encoder's weight in its mix with a head (chosen on P-Stance val; see the model card).
DEFAULT_ENCODER_WEIGHT = 0.7
#: The topic encoder's passes over its training texts (chosen on P-Stance val).
DEFAULT_ENCODER_EPOCHS = 5
#: Its peak learning rate and schedule (linear warm-up and decay; chosen on P-Stance val).
DEFAULT_ENCODER_LEARNING_RATE = 1e-4
DEFAULT_ENCODER_SCHEDULE = "linear"
#: The encoder's copied layers, seeds (ensemble members), batching and storage.
DEFAULT_ENCODER_LAYERS = 2
DEFAULT_ENCODER_MEMBERS = 1
DEFAULT_ENCODER_LENGTH_BUCKETS = 0
DEFAULT_ENCODER_DTYPE = "float16"
#: Prefix of a topic encoder's tensors in a model's weights file.
ENCODER_PREFIX = "topic_heads.encoder."


def linear_proba(X: Any, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """Class probabilities of a stored logistic regression, as sklearn's ``predict_proba``.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n, F)
    coef : ndarray of shape (k, F), or (1, F) for two classes (one decision function)
    intercept : ndarray of shape (k,) or (1,)

    Returns
    -------
    ndarray of shape (n, k), or (n, 2) for two classes
    """
    from scipy.sparse import issparse

    features = X if issparse(X) else np.asarray(X, dtype=np.float64)
    scores = np.asarray(features @ coef.T) + intercept
    if coef.shape[0] == 1:  # binary: sklearn's single decision function
        p1 = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.stack([1.0 - p1, p1], axis=1)
    scores = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def geometric_mix(
    joint: np.ndarray,
    head_proba: np.ndarray,
    head_classes: Sequence[str],
    classes: Sequence[str],
    joint_weight: float,
) -> np.ndarray:
    """Mix joint probabilities (n, C) over ``classes`` with a head's (n, k) over ``head_classes``.

    The joint model's mass on the head's classes is kept and shared among them by the
    normalized weighted geometric mean (``joint_weight`` for the joint model, the rest for the
    head); other classes (e.g. "none" for a two-class head) keep the joint model's probability.

    Returns
    -------
    ndarray of shape (n, C)
    """
    idx = [list(classes).index(c) for c in head_classes]
    sub = joint[:, idx]
    mass = sub.sum(axis=1, keepdims=True)
    cond = sub / np.clip(mass, 1e-12, None)
    out = joint.copy()
    out[:, idx] = weighted_geometric_mean(cond, head_proba, joint_weight) * mass
    return out


def weighted_geometric_mean(a: np.ndarray, b: np.ndarray, weight_a: float) -> np.ndarray:
    """Row-normalized ``a ** w * b ** (1 - w)`` of two (n, k) probability arrays (w = weight_a)."""
    w = float(weight_a)
    log = w * np.log(a + 1e-9) + (1.0 - w) * np.log(b + 1e-9)
    log -= log.max(axis=1, keepdims=True)
    out = np.exp(log)
    return out / out.sum(axis=1, keepdims=True)


#: What a head reads: the mean-pooled last layer (the encoder's sentence embedding), or that and
#: the max-pooled last layer.
POOLINGS = ("mean", "mean+max")


def check_pooling(pooling: object) -> str:
    """``pooling`` if it is one of :data:`POOLINGS`; a ValueError naming them otherwise."""
    if pooling not in POOLINGS:
        raise ValueError(
            f"pooling must be one of {', '.join(map(repr, POOLINGS))}; got {pooling!r}"
        )
    return str(pooling)


def pooled_input(pooled: np.ndarray, pooling: str) -> np.ndarray:
    """A head's input from pooled features (n, 2H) = [mean; max]: (n, H) for "mean", else all."""
    pooled = np.asarray(pooled, dtype=np.float64)
    return pooled[:, : pooled.shape[1] // 2] if pooling == "mean" else pooled


def column_groups(topic_classes: dict[str, list[str]]) -> np.ndarray:
    """Topic index of each column of a classifier laid out topic by topic, shape (n_outputs,)."""
    return np.array(
        [i for i, classes in enumerate(topic_classes.values()) for _ in classes], dtype=np.int64
    )


@dataclass
class TopicHead:
    """Logistic regression on sentence embeddings for one topic.

    Attributes
    ----------
    classes : list of str of length k
    coef : ndarray of shape (k, F) or (1, F) for two classes
        F = H for ``pooling="mean"``, 2H for "mean+max" (the standardization is folded in).
    intercept : ndarray of shape (k,) or (1,)
    n_train : int
    pooling : {"mean", "mean+max"}
    C : float or None
        The inverse regularization strength it was fitted with (None: the heads' shared ``C``,
        as folders saved before heads recorded their own).
    """

    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    n_train: int = 0
    pooling: str = "mean"
    C: float | None = None

    def predict_proba(self, embeddings: np.ndarray) -> np.ndarray:
        """Probabilities (n, k) over ``classes`` for the head's input (n, F)."""
        return linear_proba(embeddings, self.coef, self.intercept)


@dataclass
class TopicHeads:
    """The topic heads of a model, keyed by topic proposition.

    Parameters
    ----------
    joint_weight : float, default=0.25
        Weight of the joint model in the geometric mix (1 - weight goes to the head).
    C : float, default=0.3
        Inverse regularization strength of the logistic regressions (each head records the C
        it was fitted with: :meth:`fit`'s ``C`` may differ for some topics).
    encoder_weight : float, default=0.7
        Weight of the topic encoder (if :attr:`encoder_` is set) in its geometric mix with the
        head of each of its topics.

    Attributes
    ----------
    encoder_ : ClaimEncoder, EncoderEnsemble or None
        The topic encoder: fine-tuned top layers with a classifier whose columns are, topic by
        topic, the classes in :attr:`encoder_topics_` (or several such, fitted with different
        seeds, whose logits are averaged).
    encoder_topics_ : dict
        ``{topic: classes}`` of the topic encoder, in column order.
    encoder_settings_ : dict
        How the topic encoder was trained (layers, epochs, learning rate, seed, ...).
    encoder_dtype_ : {"float16", "int8", "int4"}
        How the topic encoder's weights are stored (its weights are rounded to those values).
    """

    joint_weight: float = DEFAULT_JOINT_WEIGHT
    C: float = DEFAULT_C
    heads: dict[str, TopicHead] = field(default_factory=dict)
    encoder_weight: float = DEFAULT_ENCODER_WEIGHT
    encoder_: ClaimEncoder | EncoderEnsemble | None = None
    encoder_topics_: dict[str, list[str]] = field(default_factory=dict)
    encoder_settings_: dict[str, Any] = field(default_factory=dict)
    encoder_dtype_: str = "float16"

    def __post_init__(self) -> None:
        for name in ("joint_weight", "encoder_weight"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{name} must be a number in [0, 1]; got {value!r}")
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"{name} must be in [0, 1]; got {value!r}")
        if not float(self.C) > 0:
            raise ValueError(f"C must be a positive number; got {self.C!r}")

    def __len__(self) -> int:
        return len(self.heads)

    def fit(
        self,
        embeddings: np.ndarray,
        topics: Sequence[str],
        labels: Sequence[str],
        *,
        min_examples: int = MIN_EXAMPLES,
        pooling: str = "mean",
        C: float | None = None,
    ) -> TopicHeads:
        """Fit one head per topic with at least ``min_examples`` texts and two labels.

        Parameters
        ----------
        embeddings : ndarray of shape (n, F)
            Sentence embeddings (n, H) for ``pooling="mean"``; mean and max pooled states
            (n, 2H) for "mean+max", which are standardized per topic before the regression (the
            scaling is folded into the stored weights).
        topics : sequence of str of length n
            Topic propositions (as the model resolves them).
        labels : sequence of str of length n
        min_examples : int, default=50
        pooling : {"mean", "mean+max"}, default="mean"
        C : float, optional
            Inverse regularization strength of these heads (default: :attr:`C`).

        Returns
        -------
        self
        """
        from sklearn.linear_model import LogisticRegression

        check_pooling(pooling)
        C = float(self.C if C is None else C)
        if not C > 0:
            raise ValueError(f"C must be a positive number; got {C!r}")
        X = np.asarray(embeddings, dtype=np.float64)
        t, y = np.asarray(topics, dtype=object), np.asarray(labels, dtype=object)
        if not (len(X) == len(t) == len(y)):
            raise ValueError(
                f"embeddings, topics and labels must have the same length; got {len(X)}, "
                f"{len(t)} and {len(y)}"
            )
        for topic in dict.fromkeys(t.tolist()):
            rows = t == topic
            if rows.sum() < min_examples or len(set(y[rows].tolist())) < 2:
                continue
            Xt = X[rows]
            mu, sd = np.zeros(X.shape[1]), np.ones(X.shape[1])
            if pooling != "mean":
                mu, sd = Xt.mean(axis=0), Xt.std(axis=0) + 1e-6
            clf = LogisticRegression(C=C, max_iter=2000).fit((Xt - mu) / sd, y[rows].astype(str))
            coef = clf.coef_ / sd  # w . (x - mu) / sd = (w / sd) . x - (w / sd) . mu
            intercept = clf.intercept_ - coef @ mu
            self.heads[str(topic)] = TopicHead(
                classes=[str(c) for c in clf.classes_],
                # Rounded to float32 now, as stored: a saved model predicts exactly the same.
                coef=np.asarray(coef, dtype=np.float32).astype(np.float64),
                intercept=np.asarray(intercept, dtype=np.float32).astype(np.float64),
                n_train=int(rows.sum()),
                pooling=pooling,
                C=C,
            )
        return self

    def usable(self, topic: str, classes: Sequence[str]) -> TopicHead | None:
        """The head of ``topic`` if its labels are all among the model's ``classes``."""
        head = self.heads.get(topic)
        if head is None or not set(head.classes) <= set(classes):
            return None
        return head

    def mix(
        self, joint: np.ndarray, head_proba: np.ndarray, head: TopicHead, classes: Sequence[str]
    ) -> np.ndarray:
        """Mix joint probabilities (n, C) with a head's (n, k) over the head's classes.

        See :func:`geometric_mix`.
        """
        return geometric_mix(joint, head_proba, head.classes, classes, self.joint_weight)

    # ------------------------------------------------------------------ topic encoder
    def encoder_columns(self, topic: str) -> slice | None:
        """The topic encoder's columns of ``topic`` (None if the encoder does not read it)."""
        if self.encoder_ is None or topic not in self.encoder_topics_:
            return None
        start = 0
        for name, classes in self.encoder_topics_.items():
            if name == topic:
                return slice(start, start + len(classes))
            start += len(classes)
        return None  # pragma: no cover - the loop always finds a listed topic

    def encoder_groups(self) -> np.ndarray:
        """Topic index of each of the topic encoder's columns, shape (n_outputs,)."""
        return column_groups(self.encoder_topics_)

    def with_encoder(
        self, topic: str, head_proba: np.ndarray, encoder_proba: np.ndarray | None
    ) -> np.ndarray:
        """A head's probabilities (n, k) mixed with the topic encoder's for ``topic``.

        ``encoder_proba`` (n, n_outputs) is the encoder's softmax over all its columns (as
        :func:`stancekit.stances.claim_encoder.claim_encoder_proba` returns it); the topic's
        columns are renormalized and reordered to the head's classes. Unchanged when the
        encoder does not read ``topic`` or ``encoder_proba`` is None.
        """
        cols = self.encoder_columns(topic)
        if cols is None or encoder_proba is None:
            return head_proba
        head = self.heads[topic]
        enc = np.asarray(encoder_proba, dtype=np.float64)[:, cols]
        order = [self.encoder_topics_[topic].index(c) for c in head.classes]
        enc = enc[:, order] / np.clip(enc.sum(axis=1, keepdims=True), 1e-12, None)
        return weighted_geometric_mean(enc, head_proba, self.encoder_weight)

    # ------------------------------------------------------------------ persistence
    def tensors(self, top_blocks: Sequence[Any] = ()) -> dict[str, np.ndarray]:
        """Arrays to store in the weights file, keyed ``topic_heads.<i>.coef`` / ``.intercept``.

        ``top_blocks``: the encoder's own layers, needed only to store a topic encoder in int4.
        """
        out: dict[str, np.ndarray] = {}
        for i, head in enumerate(self.heads.values()):
            out[f"topic_heads.{i}.coef"] = np.ascontiguousarray(head.coef, dtype=np.float32)
            out[f"topic_heads.{i}.intercept"] = np.ascontiguousarray(
                head.intercept, dtype=np.float32
            )
        if self.encoder_ is not None:
            from stancekit.stances.claim_encoder import encoder_tensors

            out.update(
                encoder_tensors(self.encoder_, ENCODER_PREFIX, self.encoder_dtype_, top_blocks)
            )
        return out

    def config(self) -> dict[str, Any]:
        """JSON-serializable description (topics, labels, counts, mixing settings)."""
        from stancekit.stances.claim_encoder import member_layers

        layers = member_layers(self.encoder_) if self.encoder_ is not None else []
        return {
            "joint_weight": float(self.joint_weight),
            "C": float(self.C),
            "heads": [
                {
                    "topic": topic,
                    "classes": head.classes,
                    "n_train": head.n_train,
                    "pooling": head.pooling,
                    **({} if head.C is None else {"C": float(head.C)}),
                }
                for topic, head in self.heads.items()
            ],
            "encoder": None
            if self.encoder_ is None
            else {
                # an int when every member has as many (as older folders hold), else a list
                "layers": layers[0] if len(set(layers)) == 1 else layers,
                "members": len(layers),
                "weight": float(self.encoder_weight),
                "topics": [
                    {"topic": t, "classes": list(c)} for t, c in self.encoder_topics_.items()
                ],
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
    ) -> TopicHeads:
        """Rebuild from :meth:`config` and :meth:`tensors` (as read back from safetensors).

        ``top_blocks``: the encoder's own layers (:class:`stancekit.stances._net.Block`), those
        a saved topic encoder copied last; needed only when the config has one.
        """
        out = cls(joint_weight=float(config["joint_weight"]), C=float(config["C"]))
        for i, spec in enumerate(config["heads"]):
            coef = np.asarray(tensors[f"topic_heads.{i}.coef"], dtype=np.float64)
            intercept = np.asarray(tensors[f"topic_heads.{i}.intercept"], dtype=np.float64)
            classes = [str(c) for c in spec["classes"]]
            if coef.shape[0] != (1 if len(classes) == 2 else len(classes)):
                raise ValueError(
                    f"topic head {i} ({spec['topic']!r}) has {coef.shape[0]} rows of weights "
                    f"for {len(classes)} classes"
                )
            out.heads[str(spec["topic"])] = TopicHead(
                classes,
                coef,
                intercept,
                int(spec.get("n_train", 0)),
                check_pooling(spec.get("pooling", "mean")),
                None if spec.get("C") is None else float(spec["C"]),
            )
        enc = config.get("encoder")
        if enc:
            from stancekit.stances.claim_encoder import encoder_from_tensors

            if not len(top_blocks):
                raise ValueError("top_blocks must be given to rebuild a saved topic encoder")
            out.encoder_weight = float(enc["weight"])
            out.encoder_topics_ = {
                str(t["topic"]): [str(c) for c in t["classes"]] for t in enc["topics"]
            }
            unknown = sorted(set(out.encoder_topics_) - set(out.heads))
            if unknown:
                raise ValueError(f"the topic encoder reads topics without a head: {unknown}")
            n_out = sum(len(c) for c in out.encoder_topics_.values())
            out.encoder_ = encoder_from_tensors(
                tensors,
                top_blocks,
                enc["layers"] if isinstance(enc["layers"], list) else int(enc["layers"]),
                n_out,
                ENCODER_PREFIX,
                members=int(enc.get("members", 1)),
            )
            out.encoder_dtype_ = str(enc.get("dtype", "float16"))
            out.encoder_settings_ = {
                k: v
                for k, v in enc.items()
                if k not in ("layers", "members", "weight", "topics", "dtype")
            }
        return out
