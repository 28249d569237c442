"""Training options for :meth:`stancekit.StanceModel.fit`, round-tripping through JSON."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

MODES = ("auto", "head", "joint", "full")
FEW_SHOT_ROWS = 256
"""``mode="auto"`` trains in few-shot "head" mode below this many training rows."""


@dataclass
class TrainingOptions:
    """Options of a fine-tuning run.

    Attributes
    ----------
    mode : {"auto", "head", "joint", "full"}
        What trains. ``"full"``: the joint transformer layers and the classifier (for hundreds
        of examples or more). The two few-shot modes choose their epochs on the training rows
        themselves (see ``selection_folds``) and keep the starting weights when training does
        not beat them: ``"head"`` trains the classifier only, on frozen features (fast, since
        the features are computed once; leaves the layers that other topics rely on
        untouched); ``"joint"`` trains the joint layers and the classifier, anchored to their
        starting weights (slower, and moves a topic the model has never seen further).
        ``"auto"``: ``"head"`` below ``FEW_SHOT_ROWS`` (256) training rows, else ``"full"``.
    epochs : int or None
        Passes over the training data (in the few-shot modes: the most that selection
        considers); None: 3 in full mode, in head mode as many as give about 300 optimizer
        steps (at least 20), in joint mode about 32 steps (at least 8).
    learning_rate : float
        Peak learning rate of the joint transformer layers (full and joint modes).
    head_learning_rate : float
        Peak learning rate of the classifier (and, in full mode, the segment embeddings).
    head_anchor : float
        Head mode: L2 penalty pulling the classifier towards its weights before ``fit``
        (0 = none), so that a few examples of one topic do not undo what the model knows about
        the others. Has no effect on a new label set's fresh classifier beyond weight decay.
        Joint mode applies it to the classifier and the segment embeddings.
    joint_anchor : float
        Joint mode: the same L2-SP penalty on the joint layers' weights (0 = none).
    joint_trained_layers : int
        Joint mode: how many of the top joint layers train; the outputs of the lower ones are
        computed once (each step then costs only the trained layers). With all of them, the
        segment embeddings train too.
    selection_folds : int
        Few-shot modes without validation data: k-fold cross-validation inside the training
        rows scores the starting weights and checkpoints at 1/8, 1/4, 1/2 and all of ``epochs``
        (pooled out-of-fold macro-F1 among the labels trained on); the best checkpoint is
        refitted on all rows, or, when none beats the starting weights by more than
        ``selection_margin``, the model is left unchanged. 0 or 1 = off (train all ``epochs``),
        as when a label has fewer rows than folds.
    selection_margin : float
        Macro-F1 gain a checkpoint needs over the starting weights to replace them. The
        default 0.1 is about one standard error of macro-F1 on 32 rows; chosen on P-Stance
        validation, where smaller gains inside the shots did not carry over.
    batch_size : int
    weight_decay : float
    warmup_ratio : float
        Share of steps with a linear warm-up; the rate then decays linearly to 0.
    validation_split : float
        Share of the training rows held out for model selection when no validation data is given
        (0 = none).
    early_stopping_patience : int or None
        Stop after this many epochs without a better validation score (None = run all epochs,
        still keeping the best epoch's weights when there is validation data).
    label_smoothing : float
    seed : int
    show_progress_bar : bool or None
        None shows a bar for long runs.
    """

    mode: str = "auto"
    epochs: int | None = None
    learning_rate: float = 5e-5
    head_learning_rate: float = 1e-3
    head_anchor: float = 0.1
    joint_anchor: float = 0.01
    joint_trained_layers: int = 1
    selection_folds: int = 4
    selection_margin: float = 0.1
    batch_size: int = 32
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    validation_split: float = 0.0
    early_stopping_patience: int | None = None
    label_smoothing: float = 0.0
    seed: int = 0
    show_progress_bar: bool | None = None

    def __post_init__(self) -> None:
        checks: list[tuple[str, bool, str]] = [
            ("mode", self.mode in MODES, f"one of {list(MODES)}"),
            (
                "epochs",
                self.epochs is None or (isinstance(self.epochs, int) and self.epochs >= 1),
                "None or an int >= 1",
            ),
            ("learning_rate", self.learning_rate > 0, "a float > 0"),
            ("head_learning_rate", self.head_learning_rate > 0, "a float > 0"),
            ("head_anchor", self.head_anchor >= 0, "a float >= 0"),
            ("joint_anchor", self.joint_anchor >= 0, "a float >= 0"),
            (
                "joint_trained_layers",
                isinstance(self.joint_trained_layers, int) and self.joint_trained_layers >= 1,
                "an int >= 1",
            ),
            (
                "selection_folds",
                isinstance(self.selection_folds, int) and self.selection_folds >= 0,
                "an int >= 0",
            ),
            ("selection_margin", self.selection_margin >= 0, "a float >= 0"),
            (
                "batch_size",
                isinstance(self.batch_size, int) and self.batch_size >= 1,
                "an int >= 1",
            ),
            ("weight_decay", self.weight_decay >= 0, "a float >= 0"),
            ("warmup_ratio", 0 <= self.warmup_ratio < 1, "a float in [0, 1)"),
            ("validation_split", 0 <= self.validation_split < 1, "a float in [0, 1)"),
            ("label_smoothing", 0 <= self.label_smoothing < 1, "a float in [0, 1)"),
            (
                "early_stopping_patience",
                self.early_stopping_patience is None
                or (
                    isinstance(self.early_stopping_patience, int)
                    and self.early_stopping_patience >= 1
                ),
                "None or an int >= 1",
            ),
        ]
        for name, ok, allowed in checks:
            if not ok:
                raise ValueError(
                    f"TrainingOptions.{name} must be {allowed}; got {getattr(self, name)!r}"
                )

    def resolve(self, n_rows: int) -> TrainingOptions:
        """Options with ``mode`` and ``epochs`` fixed for ``n_rows`` training rows.

        Examples
        --------
        >>> opts = TrainingOptions().resolve(32)
        >>> opts.mode, opts.epochs
        ('head', 300)
        >>> TrainingOptions().resolve(5000).mode
        'full'
        """
        mode = self.mode
        if mode == "auto":
            mode = "head" if n_rows < FEW_SHOT_ROWS else "full"
        epochs = self.epochs
        if epochs is None:
            steps = math.ceil(max(n_rows, 1) / self.batch_size)
            if mode == "full":
                epochs = 3
            elif mode == "head":
                epochs = max(20, math.ceil(300 / steps))
            else:
                epochs = max(8, math.ceil(32 / steps))
        return replace(self, mode=mode, epochs=epochs)

    def to_dict(self) -> dict[str, Any]:
        """Return the options as a plain dict."""
        return asdict(self)

    def to_json(self) -> str:
        """Return the options as a JSON string."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainingOptions:
        """Build options from a dict; unknown keys raise ``ValueError`` listing the valid ones."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"unknown training options {unknown}; valid ones are {sorted(names)}")
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> TrainingOptions:
        """Build options from a JSON string."""
        return cls.from_dict(json.loads(text))
