"""Training options for :meth:`stancekit.StanceModel.fit`, round-tripping through JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass
class TrainingOptions:
    """Options of a fine-tuning run.

    Attributes
    ----------
    epochs : int
        Passes over the training data.
    learning_rate : float
        Peak learning rate of the joint transformer layers.
    head_learning_rate : float
        Peak learning rate of the classifier (and segment embeddings).
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

    epochs: int = 3
    learning_rate: float = 5e-5
    head_learning_rate: float = 1e-3
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
            ("epochs", isinstance(self.epochs, int) and self.epochs >= 1, "an int >= 1"),
            ("learning_rate", self.learning_rate > 0, "a float > 0"),
            ("head_learning_rate", self.head_learning_rate > 0, "a float > 0"),
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
