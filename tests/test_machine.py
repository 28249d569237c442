"""Tests for stancekit._machine: what a timing record says about its machine."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest
import torch

from stancekit._machine import cpu_name, gemm_gflops, machine_info


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: avx2\n", "AMD EPYC 7B13"),
        ("processor : 0\nmodel name : Xeon\nprocessor : 1\nmodel name : Xeon\n", "Xeon"),
        ("model name\t:  spaced  \n", "spaced"),
    ],
)
def test_cpu_name_reads_model_name(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "cpuinfo"
    path.write_text(text, encoding="utf-8")
    assert cpu_name(path) == expected


@pytest.mark.parametrize("text", ["processor : 0\nflags : avx2\n", "model name :\n", None])
def test_cpu_name_falls_back_to_platform(tmp_path: Path, text: str | None) -> None:
    path = tmp_path / "cpuinfo"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    assert cpu_name(path) == (platform.processor() or None)


def test_gemm_gflops_is_a_positive_rate() -> None:
    assert gemm_gflops(size=64, min_seconds=0.01) > 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"size": 8}, "size must be an int >= 16; got 8"),
        ({"size": 64.0}, "size must be an int >= 16; got 64.0"),
        ({"size": True}, "size must be an int >= 16; got True"),
        ({"min_seconds": 0}, "min_seconds must be a number > 0; got 0"),
        ({"min_seconds": "1"}, "min_seconds must be a number > 0; got '1'"),
    ],
)
def test_gemm_gflops_rejects_bad_arguments(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        gemm_gflops(**kwargs)  # type: ignore[arg-type]


def test_machine_info_fields() -> None:
    info = machine_info()
    assert set(info) == {"cpu", "cpu_count", "torch_threads", "gemm_gflops"}
    assert info["torch_threads"] == torch.get_num_threads()
    assert info["gemm_gflops"] > 0
    assert machine_info()["gemm_gflops"] == info["gemm_gflops"]  # measured once per process
