"""What machine a timing was taken on, so that timings from different machines can be compared.

Training times and benchmark speeds depend on the CPU far more than on stancekit: the same
recipe step, with the same torch, ran three to four times slower on one 2-core cloud machine
than on another. Records therefore carry the CPU's name and a quick measure of what it
delivers, the float32 matrix-multiply throughput at torch's thread count (the transformer's
time is mostly spent in such products).
"""

from __future__ import annotations

import functools
import os
import platform
import time
from pathlib import Path
from typing import Any

__all__ = ["cpu_name", "gemm_gflops", "machine_info"]


def cpu_name(cpuinfo: str | os.PathLike[str] = "/proc/cpuinfo") -> str | None:
    """The CPU's model name (Linux: from ``cpuinfo``; elsewhere ``platform.processor()``), or
    None where neither says."""
    try:
        for line in Path(cpuinfo).read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                return value.strip()
    except OSError:
        pass
    return platform.processor() or None


def gemm_gflops(size: int = 512, min_seconds: float = 0.2) -> float:
    """Float32 matrix-multiply throughput in GFLOP/s: products of two (size, size) matrices at
    torch's current thread count, repeated for at least ``min_seconds`` after one warm-up.

    Parameters
    ----------
    size : int, default=512
        The matrices' side, at least 16.
    min_seconds : float, default=0.2
        How long to measure, above 0.

    Returns
    -------
    float
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 16:
        raise ValueError(f"size must be an int >= 16; got {size!r}")
    if isinstance(min_seconds, bool) or not isinstance(min_seconds, (int, float)):
        raise ValueError(f"min_seconds must be a number > 0; got {min_seconds!r}")
    if not min_seconds > 0:
        raise ValueError(f"min_seconds must be a number > 0; got {min_seconds!r}")
    import torch

    generator = torch.Generator().manual_seed(0)
    a = torch.randn(size, size, generator=generator)
    b = torch.randn(size, size, generator=generator)
    with torch.inference_mode():
        torch.mm(a, b)
        runs, start = 0, time.perf_counter()
        while True:
            torch.mm(a, b)
            runs += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
    return 2.0 * size**3 * runs / elapsed / 1e9


@functools.lru_cache(maxsize=1)
def _measured_gflops(threads: int) -> float:
    return gemm_gflops()


def machine_info() -> dict[str, Any]:
    """``{"cpu", "cpu_count", "torch_threads", "gemm_gflops"}`` of this process's machine (the
    throughput measured once per process and thread count, about 0.2 s)."""
    import torch

    threads = torch.get_num_threads()
    return {
        "cpu": cpu_name(),
        "cpu_count": os.cpu_count(),
        "torch_threads": threads,
        "gemm_gflops": round(_measured_gflops(threads), 1),
    }
