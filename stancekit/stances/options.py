"""Training options for :meth:`stancekit.StanceModel.fit`, round-tripping through JSON."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

MODES = ("auto", "head", "full")
FEW_SHOT_ROWS = 256
"""``mode="auto"`` trains the classifier only ("head") below this many training rows."""


@dataclass
class TrainingOptions:
    """Options of a fine-tuning run.

    Attributes
    ----------
    mode : {"auto", "head", "full"}
        What trains. ``"full"``: the joint transformer layers and the classifier (for hundreds
        of examples or more). ``"head"``: the classifier only, on frozen features (few-shot: a
        new topic or label set from a few dozen examples, leaving the layers that other topics
        rely on untouched; fast, since the features are computed once). ``"auto"``: ``"head"``
        below ``FEW_SHOT_ROWS`` (256) training rows, else ``"full"``.
    epochs : int or None
        Passes over the training data; None: 3 in full mode, and in head mode as many as give
        about 300 optimizer steps (at least 20).
    learning_rate : float
        Peak learning rate of the joint transformer layers (full mode).
    head_learning_rate : float
        Peak learning rate of the classifier (and, in full mode, the segment embeddings).
    head_anchor : float
        Head mode: L2 penalty pulling the classifier towards its weights before ``fit``
        (0 = none), so that a few examples of one topic do not undo what the model knows about
        the others. Has no effect on a new label set's fresh classifier beyond weight decay.
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
            epochs = 3 if mode == "full" else max(20, math.ceil(300 / steps))
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
