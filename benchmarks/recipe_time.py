"""The whole training recipe as one timed run, into a scratch folder.

The stance issue asks that everything train on 2 CPU cores in under an hour. This script runs the
recipe as the README gives it, ``python -m stancekit.train --out DIR`` and then ``python -m
stancekit.train_topic_heads --model DIR`` (all defaults), each in its own process, and records
each step's wall time, the step times that the model's card holds, and the machine. It then
compares the fitted model with the shipped one, tensor by tensor: the topic encoders read only
the frozen encoder's states, so on the machine that fitted the shipped ones they come out
byte-identical; the joint layers depend on the CPU's floating-point order and do not.

Nothing is scored on a test split. The scratch folder is deleted unless ``--keep``.

Run from the repo root: ``python -m benchmarks.recipe_time [--out DIR] [--keep]``. About 45
minutes on the 2-core Intel Xeon of 2026-12-06; three to four hours on the slowest 2-core machine
seen (README, "The stance model").
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._common import BenchmarkRun

NAME = "recipe_time"
#: The recipe's two commands (``{out}``: the model folder).
STEPS = (
    ("stancekit.train", ["-m", "stancekit.train", "--out", "{out}"]),
    ("stancekit.train_topic_heads", ["-m", "stancekit.train_topic_heads", "--model", "{out}"]),
)


def card_seconds(config: dict[str, Any]) -> dict[str, float]:
    """The step times (``*_seconds``) that a model's config records, by key."""
    card = config.get("card") or {}
    out = {k: v for k, v in card.items() if k.endswith("_seconds")}
    out.update({k: v for k, v in (card.get("topic_heads") or {}).items() if k.endswith("_seconds")})
    return {k: float(v) for k, v in out.items() if isinstance(v, (int, float))}


def compare_tensors(fitted: dict[str, np.ndarray], shipped: dict[str, np.ndarray]) -> dict:
    """Per part of the model (the name's first two dotted parts for topic heads, else the first):
    how many tensors it has and how many are byte-identical to the shipped model's."""
    out: dict[str, dict[str, int]] = {}
    for name, value in fitted.items():
        parts = name.split(".")
        part = ".".join(parts[:2]) if parts[0] == "topic_heads" else parts[0]
        cell = out.setdefault(part, {"tensors": 0, "identical": 0})
        cell["tensors"] += 1
        other = shipped.get(name)
        if other is not None and other.dtype == value.dtype and np.array_equal(other, value):
            cell["identical"] += 1
    return dict(sorted(out.items()))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="model folder (default: scratch)")
    parser.add_argument("--keep", action="store_true", help="keep the fitted model folder")
    parser.add_argument("--name", default=None, help="file stem of the record")
    args = parser.parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args))
    scratch: Path | None = None
    if args.out is None:
        scratch = Path(tempfile.mkdtemp(prefix="stancekit-recipe-"))
        out = scratch / "stance-minilm-recipe"
    else:
        out = args.out
    steps: dict[str, float] = {}
    try:
        for label, template in STEPS:
            cmd = [sys.executable, *(a.format(out=out) for a in template)]
            print(f"== {' '.join(cmd[1:])}", flush=True)
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True)
            steps[label] = round(time.perf_counter() - t0, 1)
            print(f"   {steps[label]:.0f} s", flush=True)
        from safetensors.numpy import load_file

        from stancekit.stances._io import default_model_path

        config = json.loads((out / "config.json").read_text(encoding="utf-8"))
        shipped_dir = default_model_path()
        tensors = compare_tensors(
            load_file(out / "model.safetensors"), load_file(shipped_dir / "model.safetensors")
        )
        card = config.get("card") or {}
        scores = {
            "total_seconds": round(sum(steps.values()), 1),
            "total_minutes": round(sum(steps.values()) / 60, 1),
            "step_seconds": steps,
            "card_seconds": card_seconds(config),
            "validation_scores": card.get("scores"),
            "shipped_model": shipped_dir.name,
            "tensors_vs_shipped": tensors,
            "size_bytes": (out / "model.safetensors").stat().st_size,
        }
    finally:
        if scratch is not None and not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"whole recipe: {scores['total_minutes']} min")
    for part, cell in tensors.items():
        print(f"  {part:28s} {cell['identical']:4d} of {cell['tensors']:4d} tensors as shipped")
    print(f"wrote {run.save(scores)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
