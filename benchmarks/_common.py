"""Helpers shared by the benchmark scripts: result records, metrics tables, model loading.

Every benchmark writes ``benchmarks/results/NAME.json`` with the command line, the git commit,
the date, library versions, the machine, the parameters, wall time, peak memory and the scores.
Runs with ``--limit`` write ``NAME_limitN.json`` instead, so quick runs never overwrite the
figures quoted in the README. The JSON holds scores only: no text of any data set.

Two ways in: :class:`BenchmarkRun` (the stance benchmarks) and the plain :func:`save`,
:func:`versions`, :func:`peak_rss_mb` (scripts run as ``python benchmarks/x.py`` that import
this module as ``_common``). This module is shared: extend it, keep both APIs working.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stancekit._machine import machine_info

RESULTS_DIR = Path(__file__).resolve().parent / "results"
REPO_DIR = Path(__file__).resolve().parent.parent
LIBRARIES = ("stancekit", "torch", "transformers", "sklearn", "numpy")


# ---------------------------------------------------------------------------- run metadata
def library_versions(names: Iterable[str] = LIBRARIES) -> dict[str, str | None]:
    """Versions of the named libraries (``None`` for one that is not installed)."""
    import importlib

    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = str(importlib.import_module(name).__version__)
        except Exception:  # a missing library is recorded, not fatal
            out[name] = None
    return out


def git_commit(cwd: Path = REPO_DIR) -> dict[str, Any] | None:
    """The checked-out commit and whether tracked files have changes (read-only git calls)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return {"commit": commit, "dirty": bool(status.strip())}


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (``getrusage`` maxrss)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def to_jsonable(obj: Any) -> Any:
    """Plain JSON values from numpy scalars / arrays, paths and tuples; NaN and inf -> None."""
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item())
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj


class BenchmarkRun:
    """Time a benchmark and write its JSON record.

    Parameters
    ----------
    name : str
        File stem of the record (``benchmarks/results/NAME.json``).
    params : mapping
        The run's parameters (the parsed command-line arguments).
    limit : int or None
        A quick run on a subset: the record becomes ``NAME_limitN.json`` and says ``partial``.
    out_dir : path-like, default=benchmarks/results

    Examples
    --------
    >>> run = BenchmarkRun("demo", {"limit": None}, out_dir="/tmp")   # doctest: +SKIP
    >>> run.save({"accuracy": 0.9})                                   # doctest: +SKIP
    PosixPath('/tmp/demo.json')
    """

    def __init__(
        self,
        name: str,
        params: Mapping[str, Any],
        *,
        limit: int | None = None,
        out_dir: str | os.PathLike[str] = RESULTS_DIR,
    ) -> None:
        self.name = name
        self.params = dict(params)
        self.limit = limit
        self.out_dir = Path(out_dir)
        self.started = _dt.datetime.now(_dt.timezone.utc)
        self._t0 = time.perf_counter()

    @property
    def path(self) -> Path:
        stem = self.name if self.limit is None else f"{self.name}_limit{self.limit}"
        return self.out_dir / f"{stem}.json"

    def record(self, scores: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
        """The full record (metadata + ``scores`` + ``extra`` fields) as a plain dict."""
        machine = machine_info()
        rec: dict[str, Any] = {
            "benchmark": self.name,
            "partial": self.limit is not None,
            "command": shlex.join([Path(sys.executable).name, *_command_argv()]),
            "git": git_commit(),
            "date": self.started.isoformat(timespec="seconds"),
            "versions": library_versions(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpu_count": machine["cpu_count"],
            "torch_threads": machine["torch_threads"],
            "machine": machine,
            "params": self.params,
            "wall_seconds": round(time.perf_counter() - self._t0, 2),
            "peak_rss_mib": round(peak_rss_mib(), 1),
            "scores": dict(scores),
        }
        rec.update(extra)
        return to_jsonable(rec)

    def save(self, scores: Mapping[str, Any], **extra: Any) -> Path:
        """Write the record to :attr:`path` and return the path."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.record(scores, **extra), indent=2, allow_nan=False)
        self.path.write_text(text + "\n", encoding="utf-8")
        return self.path


def _command_argv() -> list[str]:
    """``sys.argv`` with ``-m module`` restored when run as ``python -m benchmarks.x``."""
    argv = list(sys.argv)
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name:
        return ["-m", spec.name, *argv[1:]]
    return argv


# ---------------------------------------------------------------------------- arguments
def base_parser(doc: str | None) -> argparse.ArgumentParser:
    """An argument parser with the options every stance benchmark takes."""
    parser = argparse.ArgumentParser(
        description=(doc or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--model",
        default=None,
        help="stance model folder (default: the shipped model named in models/default.json)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="quick run: a fixed random sample of N test rows (and at most 4N training rows "
        "for the baselines); writes NAME_limitN.json",
    )
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--no-baselines", action="store_true", help="score the model only")
    parser.add_argument(
        "--name",
        default=None,
        help="file stem of the results (default: the benchmark's own), e.g. for another model",
    )
    return parser


def sample_rows(n_rows: int, limit: int | None, seed: int = 0) -> list[int]:
    """Row indices: all of them, or a fixed random sample of ``limit`` rows in input order."""
    if limit is None or limit >= n_rows:
        return list(range(n_rows))
    if limit < 1:
        raise ValueError(f"limit must be a positive int; got {limit!r}")
    rng = np.random.default_rng(seed)
    return sorted(rng.choice(n_rows, size=limit, replace=False).tolist())


def head_inputs(model: Any, data: Any, limit: int | None, batch_size: int) -> dict[str, Any]:
    """What a selection run over a head needs of one split: its rows (``limit`` sampled),
    the model's probabilities without the head (``"base"``) and the head's features (``"X"``)."""
    data = data.take(sample_rows(len(data), limit))
    return {
        "data": data,
        "base": model.predict_proba(data.texts, data.topics, batch_size=batch_size),
        "X": model.feature_head_inputs(data.texts, data.topics, batch_size=batch_size),
    }


def load_model(path: str | None) -> tuple[Any, dict[str, Any]]:
    """Load a stance model and describe it (folder, save date, training command)."""
    from stancekit.stances import StanceModel
    from stancekit.stances._io import default_model_path

    folder = Path(path) if path is not None else default_model_path()
    model = StanceModel.load(folder)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    info = {
        "folder": folder.name,
        "saved": config.get("saved"),
        "command": (config.get("card") or {}).get("command"),
        "shared_layers": config.get("shared_layers"),
        "joint_layers": config.get("joint_layers"),
        "classes": config.get("classes"),
    }
    return model, info


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Call ``fn`` and return (result, seconds)."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def restricted_argmax(proba: np.ndarray, classes: Sequence[str], allowed: Sequence[str]) -> list:
    """Most probable label among ``allowed`` only (a task's label set known from training).

    Examples
    --------
    >>> restricted_argmax(np.array([[0.2, 0.3, 0.5]]), ["against", "favor", "none"],
    ...                   ["against", "favor"])
    ['favor']
    """
    classes = list(classes)
    cols = [classes.index(c) for c in allowed]
    best = np.asarray(proba)[:, cols].argmax(axis=1)
    return [allowed[i] for i in best]


# ---------------------------------------------------------------------------- metrics
def stance_report(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None
) -> dict[str, Any]:
    """F_avg, macro-F1, accuracy, per-class precision / recall / F1 / support, confusion."""
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    from stancekit.metrics import f_avg, macro_f1

    labels = sorted(set(y_true) | set(y_pred)) if labels is None else list(labels)
    p, r, f, s = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, zero_division=0
    )
    return {
        "f_avg": f_avg(y_true, y_pred),
        "macro_f1": macro_f1(y_true, y_pred),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "n": len(y_true),
        "per_class": {
            lab: {"precision": p[i], "recall": r[i], "f1": f[i], "support": int(s[i])}
            for i, lab in enumerate(labels)
        },
        "confusion": {
            "labels": labels,
            "rows_true_cols_pred": confusion_matrix(y_true, y_pred, labels=labels),
        },
    }


def print_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], title: str = "") -> str:
    """Print (and return) a small fixed-width table; floats in [0, 1] print as percentages."""

    def cell(v: Any) -> str:
        if isinstance(v, (float, np.floating)):
            return f"{100 * v:.2f}" if 0.0 <= v <= 1.0 else f"{v:.3g}"
        return "" if v is None else str(v)

    grid = [[str(c) for c in columns]] + [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(line[i]) for line in grid) for i in range(len(columns))]
    lines = [title] if title else []
    for k, line in enumerate(grid):
        cells = zip(line, widths)
        lines.append(
            "  ".join(x.ljust(w) if i == 0 else x.rjust(w) for i, (x, w) in enumerate(cells))
        )
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    text = "\n".join(lines)
    print(text, flush=True)
    return text


# ---------------------------------------------------------------------------- simple API
# Used by scripts that import this module as ``_common`` (``python benchmarks/x.py``), e.g.
# voteview_senate.py: keep these three when extending the module.
RESULTS = RESULTS_DIR


def versions() -> dict[str, str | None]:
    """Versions of Python and the libraries the (non-stance) benchmarks use."""
    libs = library_versions(("numpy", "scipy", "sklearn", "stancekit"))
    return {
        "python": platform.python_version(),
        "numpy": libs["numpy"],
        "scipy": libs["scipy"],
        "scikit-learn": libs["sklearn"],
        "stancekit": libs["stancekit"],
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB (alias of :func:`peak_rss_mib`)."""
    return peak_rss_mib()


def save(
    name: str, payload: Mapping[str, Any], out_dir: str | os.PathLike[str] = RESULTS_DIR
) -> Path:
    """Write ``NAME.json`` with the command line, git commit, date and machine added."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rec = {
        "benchmark": name,
        "command": shlex.join([Path(sys.executable).name, *_command_argv()]),
        "git": git_commit(),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "machine": machine_info(),
        **payload,
    }
    path = out / f"{name}.json"
    path.write_text(json.dumps(to_jsonable(rec), indent=2, allow_nan=False) + "\n", "utf-8")
    return path
