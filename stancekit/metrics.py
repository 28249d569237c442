"""Stance metrics as used in the literature."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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


def stance_report(
    y_true: Sequence[str], y_pred: Sequence[str], *, labels: Sequence[str] | None = None
) -> dict[str, Any]:
    """Per-class precision, recall and F1, F_avg, macro-F1, accuracy and the confusion matrix.

    Parameters
    ----------
    y_true, y_pred : sequence of str of length n_samples
    labels : sequence of str, optional
        Row / column order; default: the sorted labels of ``y_true`` and ``y_pred``.

    Returns
    -------
    dict
        ``per_class`` (label -> precision, recall, f1, support), ``f_avg`` (None unless both
        "favor" and "against" are among ``labels``), ``macro_f1`` (over the labels present in
        ``y_true``), ``accuracy``, ``n``, ``labels`` and ``confusion`` (rows: true labels,
        columns: predicted labels).

    Examples
    --------
    >>> r = stance_report(["favor", "against", "none"], ["favor", "against", "favor"])
    >>> r["f_avg"], r["confusion"]
    (0.8333333333333333, [[1, 0, 0], [0, 1, 0], [0, 1, 0]])
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true and y_pred must have equal lengths; got {len(y_true)} and {len(y_pred)}"
        )
    labels = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    t, p = np.asarray(y_true), np.asarray(y_pred)
    prec, rec, f1, support = precision_recall_fscore_support(
        t, p, labels=labels, average=None, zero_division=0
    )
    per_class = {
        lab: {
            "precision": float(prec[i]),
            "recall": float(rec[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, lab in enumerate(labels)
    }
    has_pair = {"favor", "against"} <= set(labels)
    return {
        "n": len(t),
        "labels": labels,
        "per_class": per_class,
        "f_avg": f_avg(y_true, y_pred) if has_pair else None,
        "macro_f1": macro_f1(y_true, y_pred) if len(t) else 0.0,
        "accuracy": float(np.mean(t == p)) if len(t) else 0.0,
        "confusion": confusion_matrix(t, p, labels=labels).tolist() if len(t) else [],
    }
