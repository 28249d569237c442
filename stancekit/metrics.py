"""Stance metrics as used in the literature."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import f1_score


def f_avg(
    y_true: Sequence[str], y_pred: Sequence[str], *, labels: Sequence[str] = ("favor", "against")
) -> float:
    """SemEval-2016 / P-Stance F_avg: the mean of the F1 scores of FAVOR and AGAINST.

    Parameters
    ----------
    y_true, y_pred : sequence of str of length n_samples
    labels : sequence of str, default=("favor", "against")

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> f_avg(["favor", "against", "none"], ["favor", "against", "favor"])
    0.8333333333333333
    """
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true and y_pred must have equal lengths; got {len(y_true)} and {len(y_pred)}"
        )
    scores = f1_score(
        np.asarray(y_true), np.asarray(y_pred), labels=list(labels), average=None, zero_division=0
    )
    return float(np.mean(scores))


def macro_f1(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    """Macro-averaged F1 over the labels present in ``y_true``."""
    labels = sorted(set(y_true))
    return float(
        f1_score(
            np.asarray(y_true), np.asarray(y_pred), labels=labels, average="macro", zero_division=0
        )
    )
