"""Time and peak memory of streaming analysis from 1k to 10k documents, locally and on Dask.

Documents are real news paragraphs: the bodies of FNC-1's training articles (read from
``$STANCEKIT_DATA``), split at blank lines, in file order, one paragraph per document. Each
(size, engine) runs in a fresh Python process, so its peak memory is its own:

* ``local``: :func:`stancekit.streaming.analyze_stream` with ``--chunk-size`` documents a chunk;
* ``dask``: :func:`stancekit.distributed.analyze_dask` on a 2-worker loopback ``LocalCluster``
  (processes, one thread each), from a parquet file of the documents; peak memory is the
  client's and each worker's, and the result is checked against the local one.

The growth exponent is the slope of log(time) on log(documents) (1 = linear).

Memory and glibc: with glibc's default *dynamic* mmap threshold, freed tensor buffers raise the
threshold, later large buffers come from the heap, and the heap fragments: a stream's peak RSS
then creeps up chunk after chunk (measured: +39% from 1k to 10k documents) although the memory
live after each chunk stays flat. A fixed threshold (``MALLOC_MMAP_THRESHOLD_``, set for every
child process and Dask worker by ``--mmap-threshold``, default 131072 bytes; 0 leaves glibc's
default) returns large buffers to the system when freed. The JSON records the setting.

Run: ``python benchmarks/scale.py [--sizes 1000 3000 10000 --engines local dask]``; writes
``benchmarks/results/scale.json`` (``scale_limitN.json`` when ``--limit N`` caps the sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BenchmarkRun, peak_rss_mib, print_table  # noqa: E402

TOPICS = ["iran_deal"]


def paragraphs(n: int) -> list[tuple[str, str]]:
    """The first ``n`` non-empty paragraphs of FNC-1's training bodies as (id, text)."""
    import csv

    from stancekit._paths import data_dir

    path = data_dir() / "fnc-1" / "train_bodies.csv"
    out: list[tuple[str, str]] = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for k, para in enumerate(p for p in row["articleBody"].split("\n") if p.strip()):
                out.append((f"fnc{row['Body ID']}-{k}", para))
                if len(out) == n:
                    return out
    if len(out) < n:
        raise SystemExit(f"only {len(out)} paragraphs in {path}; asked for {n}")
    return out


def _model(path: str | None) -> Any:
    from stancekit.stances import StanceModel

    return StanceModel.load(path)


def child(size: int, engine: str, chunk_size: int, model_path: str | None) -> dict[str, Any]:
    """One measurement, in this (fresh) process."""
    docs = paragraphs(size)
    out: dict[str, Any] = {"documents": size, "engine": engine}
    if engine == "local":
        from stancekit.streaming import analyze_stream

        model = _model(model_path)
        n_stmts = [0]
        t0 = time.perf_counter()
        P = analyze_stream(
            iter(docs),
            TOPICS,
            model,
            chunk_size=chunk_size,
            on_chunk=lambda c: n_stmts.__setitem__(0, n_stmts[0] + len(c.statements)),
        )
        out["seconds"] = time.perf_counter() - t0
        out["statements"] = n_stmts[0]
    else:
        import pandas as pd
        from distributed import Client, LocalCluster

        from stancekit.distributed import analyze_dask

        with tempfile.TemporaryDirectory() as tmp:
            frame = pd.DataFrame(docs, columns=["id", "text"])
            frame.to_parquet(Path(tmp) / "docs.parquet", row_group_size=max(1, size // 8))
            with (
                LocalCluster(
                    n_workers=2,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                ) as cluster,
                Client(cluster) as client,
            ):
                client.run(_warm, model_path)  # model loaded once per worker, before timing
                t0 = time.perf_counter()
                P = analyze_dask(
                    str(Path(tmp) / "docs.parquet"),
                    TOPICS,
                    client=client,
                    model_path=model_path,
                    chunk_size=chunk_size,
                )
                out["seconds"] = time.perf_counter() - t0
                out["worker_peak_rss_mib"] = sorted(client.run(_peak).values())
    out["peak_rss_mib"] = peak_rss_mib()
    out["positions"] = P.to_dict()
    return out


def _warm(model_path: str | None) -> None:
    from stancekit.distributed import worker_model
    from stancekit.statements import load_nlp

    worker_model(model_path)
    load_nlp()


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"])
    parser.add_argument("--chunk-size", type=int, default=256)
    parser.add_argument("--model", default=None, help="model folder (default: the shipped one)")
    parser.add_argument("--limit", type=int, default=None, help="cap the sizes (quick run)")
    parser.add_argument(
        "--mmap-threshold",
        type=int,
        default=131072,
        help="MALLOC_MMAP_THRESHOLD_ for the children in bytes (0: glibc's dynamic default)",
    )
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        res = child(int(args.child[0]), args.child[1], args.chunk_size, args.model)
        print("RESULT " + json.dumps(res))
        return
    sizes = [s for s in args.sizes if args.limit is None or s <= args.limit]
    run = BenchmarkRun("scale", vars(args), limit=args.limit)
    results: list[dict[str, Any]] = []
    for engine in args.engines:
        for size in sizes:
            cmd = [sys.executable, __file__, "--child", str(size), engine]
            cmd += ["--chunk-size", str(args.chunk_size)]
            if args.model:
                cmd += ["--model", args.model]
            env = dict(os.environ)
            env.pop("MALLOC_MMAP_THRESHOLD_", None)
            if args.mmap_threshold:
                env["MALLOC_MMAP_THRESHOLD_"] = str(args.mmap_threshold)
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
            lines = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
            if proc.returncode or not lines:
                raise SystemExit(f"{engine} {size} failed:\n{proc.stderr[-3000:]}")
            results.append(json.loads(lines[-1][len("RESULT ") :]))
            r = results[-1]
            print(f"{engine:5s} {size:6d} docs: {r['seconds']:.1f} s, {r['peak_rss_mib']:.0f} MiB")
    summary: dict[str, Any] = {}
    for engine in args.engines:
        rs = [r for r in results if r["engine"] == engine]
        if len(rs) >= 2:
            slope = np.polyfit(
                np.log([r["documents"] for r in rs]), np.log([r["seconds"] for r in rs]), 1
            )[0]
        else:
            slope = None
        peaks = [r["peak_rss_mib"] for r in rs]
        workers = [max(r["worker_peak_rss_mib"]) for r in rs if r.get("worker_peak_rss_mib")]
        summary[engine] = {
            "growth_exponent": slope,
            "peak_rss_ratio_largest_to_smallest": peaks[-1] / peaks[0] if peaks else None,
            "worker_peak_rss_ratio_largest_to_smallest": (
                workers[-1] / workers[0] if workers else None
            ),
            "malloc_mmap_threshold": args.mmap_threshold or None,
        }
    local = {r["documents"]: r for r in results if r["engine"] == "local"}
    for r in results:
        if r["engine"] == "dask" and r["documents"] in local:
            a, b = r["positions"], local[r["documents"]]["positions"]
            same = a["actors"] == b["actors"] and a["counts"] == b["counts"]
            r["max_abs_diff_sums_vs_local"] = (
                float(np.max(np.abs(np.subtract(a["sums"], b["sums"])), initial=0.0))
                if same
                else None
            )
            r["equal_to_local"] = bool(same and r["max_abs_diff_sums_vs_local"] <= 1e-6)
    rows = [
        {
            "engine": r["engine"],
            "documents": r["documents"],
            "statements": r.get("statements"),
            "seconds": f"{r['seconds']:.1f}",
            "docs/s": f"{r['documents'] / r['seconds']:.1f}",
            "peak MiB": f"{r['peak_rss_mib']:.0f}",
            "workers MiB": " ".join(f"{x:.0f}" for x in r.get("worker_peak_rss_mib", [])),
            "= local": r.get("equal_to_local"),
        }
        for r in results
    ]
    cols = ["engine", "documents", "statements", "seconds", "docs/s", "peak MiB"]
    print_table(rows, [*cols, "workers MiB", "= local"], title="streaming scale")
    for engine, s in summary.items():
        print(
            f"{engine}: growth exponent {s['growth_exponent']}, "
            f"peak RSS ratio {s['peak_rss_ratio_largest_to_smallest']}"
        )
    for r in results:
        r.pop("positions")
    print(run.save({"runs": results, "summary": summary}))


if __name__ == "__main__":
    main()
