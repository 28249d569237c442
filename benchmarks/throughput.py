"""Pipeline throughput against the raw encoder, on the same statements, in the same run.

Documents are real news articles (PolNeAR train + dev texts, read from ``$STANCEKIT_DATA``).
Measured in one process, each phase best of ``--repeat`` (the machine may be shared):

* ``pipeline``: :func:`stancekit.streaming.analyze_stream` on the documents with one topic
  (extraction, tokenization, stance model, positions), in statements per second;
* ``encoder``: the packaged all-MiniLM-L6-v2 (:class:`stancekit.embeddings.Encoder`, all six
  layers, batch 64) on the contents of the same statements;
* ``extraction`` and ``stance_k`` (the stance model alone on k = 1, 2, 3 topics), to split the
  pipeline's time and price one more topic in encoder passes;
* ``fast``: the same pipeline with the stance model in bfloat16 (``precision="bfloat16"``),
  parsing one small chunk ahead in a thread (``prefetch=True``, ``--fast-chunk-size``
  documents a chunk) while torch runs on ``--fast-threads`` threads; the stance model alone
  in bfloat16 (``stance_bf16_k``) and the encoder in bfloat16 autocast are timed too, so the
  ratios can be read against either encoder;
* ``lean``: the fast path in float32: the parser-free extractor (``extractor="fast"``) and
  the stance model with ``heads_only=True`` (a topic with a full topic head costs no joint
  pass). It finds other statements than the rules, so the encoder is timed again on its own
  statements (``encoder_lean``). ``stance_heads_k`` prices more topics that have heads
  (:data:`HEAD_TOPICS`); ``benchmarks/topic_cost.py`` measures what the joint layers buy.
  ``lean_bf16_joint``: the fast extractor with the full stance model (joint layers and heads)
  in bfloat16, the fast path that keeps the joint reading; ``head_first``: the fast extractor
  with ``head_threshold=0.8`` (fp32), where only the statements a head is unsure of get the
  joint layers (``stance_head_first_k`` prices more topics with heads).

The reference is the fp32 encoder (what ``sentence-transformers`` runs by default).

Run: ``python benchmarks/throughput.py [--docs 60 --repeat 2 --model DIR]``; writes
``benchmarks/results/throughput.json`` (``throughput_limitN.json`` with ``--limit N``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BenchmarkRun, peak_rss_mib, print_table  # noqa: E402

TOPICS = ("iran_deal", "gulf_normalization", "The US should lift sanctions on Iran.")
#: Topics with a full (three-class) topic head in the shipped model.
HEAD_TOPICS = ("iran_deal", "gulf_normalization", "Hillary Clinton")
#: The head-first threshold timed (see ``StanceModel(head_threshold=...)``).
HEAD_FIRST = 0.8


def news_documents(n: int) -> dict[str, str]:
    """The first ``n`` PolNeAR train + dev article texts (sorted by file name)."""
    from stancekit._paths import data_dir

    root = data_dir() / "polnear"
    files = sorted((root / "dev" / "text").glob("*.txt")) + sorted(
        (root / "train" / "text").glob("*.txt")
    )
    if not files:
        raise SystemExit(f"no PolNeAR texts under {root} (set STANCEKIT_DATA)")
    return {f.stem: f.read_text(encoding="utf-8") for f in files[:n]}


def load_model(path: str | None) -> tuple[Any, str]:
    from stancekit.stances import StanceModel
    from stancekit.stances._io import default_model_path

    if path is None:
        try:
            path = str(default_model_path())
        except Exception:  # no shipped model yet: same cost, untrained weights
            return StanceModel(), "untrained StanceModel() (no models/default.json)"
    return StanceModel.load(path), str(path)


CPU: dict[str, float] = {}


def best(fn: Any, repeat: int, name: str = "") -> tuple[Any, float]:
    """Best wall time of ``repeat`` calls; the CPU seconds of this process go to ``CPU[name]``.

    On a shared machine wall times swing with the other jobs' load; CPU time (all threads of
    this process) does much less, so the ratios are also given in CPU time.
    """
    out, times, cpu = None, [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    CPU[name] = min(cpu)
    return out, min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=60, help="number of articles")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=256)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=None, help="alias of --docs, quick run")
    parser.add_argument("--fast-chunk-size", type=int, default=4)
    parser.add_argument("--fast-threads", type=int, default=1)
    args = parser.parse_args(argv)
    n_docs = args.limit or args.docs
    run = BenchmarkRun("throughput", vars(args), limit=args.limit)

    import torch

    from stancekit.embeddings import Encoder
    from stancekit.statements import extract_corpus, load_nlp
    from stancekit.streaming import analyze_stream

    docs = news_documents(n_docs)
    model, model_name = load_model(args.model)
    encoder = Encoder()
    load_nlp()("Warm-up, she said.")
    texts: list[str] = []

    def pipeline(
        prefetch: bool = False,
        chunk_size: int = args.chunk_size,
        extractor: str = "rules",
        out: list[str] = texts,
    ) -> Any:
        out.clear()
        return analyze_stream(
            docs,
            TOPICS[:1],
            model,
            chunk_size=chunk_size,
            batch_size=args.batch_size,
            prefetch=prefetch,
            extractor=extractor,
            on_chunk=lambda c: out.extend(s.content for s in c.statements),
        )

    model.predict_proba(["warm-up"], TOPICS[0])
    encoder.encode(["warm-up"])
    rss_start = peak_rss_mib()
    _, t_pipe = best(pipeline, args.repeat, "pipeline")
    _, t_prefetch = best(lambda: pipeline(prefetch=True), args.repeat, "prefetch")
    n = len(texts)
    _, t_enc = best(
        lambda: encoder.encode(texts, batch_size=args.batch_size, show_progress_bar=False),
        args.repeat,
        "encoder",
    )
    _, t_ext = best(
        lambda: extract_corpus(docs, show_progress_bar=False), args.repeat, "extraction"
    )

    def time_stance(
        ks: tuple[int, ...], name: str, topics: tuple[str, ...] = TOPICS
    ) -> dict[int, float]:
        """Best time of the stance model alone on each statement x k topics."""
        out = {}
        for k in ks:
            pairs = [t for t in texts for _ in range(k)]
            tops = [topics[j] for _ in texts for j in range(k)]
            _, out[k] = best(
                lambda p=pairs, q=tops: model.predict_proba(
                    p, q, batch_size=args.batch_size, show_progress_bar=False
                ),
                args.repeat,
                f"{name}_{k}",
            )
        return out

    t_stance = time_stance((1, 2, 3), "stance")
    tokens = model.tokenizer(texts, truncation=True, max_length=model.max_text_length)
    topic_tokens = model.tokenizer(
        [model_topic(TOPICS[0])], truncation=True, max_length=model.max_topic_length
    )
    per_topic = (t_stance[3] - t_stance[1]) / 2 / t_enc

    # The fast configuration: bfloat16 stance model, small chunks parsed one ahead.
    threads = torch.get_num_threads()
    model.precision = "bfloat16"
    t_bf16 = time_stance((1, 3), "stance_bf16")
    with torch.autocast("cpu", dtype=torch.bfloat16):
        _, t_enc_bf16 = best(
            lambda: encoder.encode(texts, batch_size=args.batch_size, show_progress_bar=False),
            args.repeat,
            "encoder_bf16",
        )
    torch.set_num_threads(args.fast_threads)
    _, t_fast = best(
        lambda: pipeline(prefetch=True, chunk_size=args.fast_chunk_size), args.repeat, "fast"
    )
    torch.set_num_threads(threads)
    model.precision = "float32"
    assert len(texts) == n, "the fast pipeline found other statements"
    per_topic_bf16 = (t_bf16[3] - t_bf16[1]) / 2 / t_enc

    lean_texts: list[str] = []

    def with_settings(fn: Any, **settings: Any) -> Any:
        """``fn()`` with the stance model's run-time settings changed, then restored."""
        saved = {k: getattr(model, k) for k in settings}
        for k, v in settings.items():
            setattr(model, k, v)
        try:
            return fn()
        finally:
            for k, v in saved.items():
                setattr(model, k, v)

    def lean(name: str, **settings: Any) -> float:
        """Best time of the fast-extractor pipeline under ``settings``; its texts -> lean_texts."""
        out: list[str] = []
        _, t = with_settings(
            lambda: best(lambda: pipeline(extractor="fast", out=out), args.repeat, name),
            **settings,
        )
        assert not lean_texts or out == lean_texts, "the fast extractor found other statements"
        lean_texts[:] = out
        return t

    def topic_cost(name: str, **settings: Any) -> tuple[dict[int, float], float]:
        """Stance-model times on 1 and 3 topics with heads, and the cost of one more topic."""
        t = with_settings(lambda: time_stance((1, 3), name, HEAD_TOPICS), **settings)
        return t, (t[3] - t[1]) / 2 / t_enc

    # The lean configuration: parser-free extraction, heads-only stance model, float32.
    t_heads, per_topic_heads = topic_cost("stance_heads", heads_only=True)
    t_lean = lean("lean_pipeline", heads_only=True)
    n_lean = len(lean_texts)
    # Head first (head_threshold=0.8): the mixed reading's predictions at less cost.
    t_first, per_topic_first = topic_cost("stance_head_first", head_threshold=HEAD_FIRST)
    t_lean_first = lean("lean_first_pipeline", head_threshold=HEAD_FIRST)
    # The fast extractor with the full (joint + head) stance model in bfloat16.
    t_lean_bf16 = lean("lean_bf16_pipeline", precision="bfloat16")
    _, t_enc_lean = best(
        lambda: encoder.encode(lean_texts, batch_size=args.batch_size, show_progress_bar=False),
        args.repeat,
        "encoder_lean",
    )
    _, t_ext_lean = best(
        lambda: extract_corpus(docs, show_progress_bar=False, method="fast"),
        args.repeat,
        "extraction_lean",
    )
    scores = {
        "n_documents": len(docs),
        "n_characters": sum(map(len, docs.values())),
        "n_statements": n,
        "mean_text_tokens": sum(map(len, tokens["input_ids"])) / max(n, 1),
        "topic_tokens": len(topic_tokens["input_ids"][0]),
        "pipeline_seconds": t_pipe,
        "encoder_seconds": t_enc,
        "extraction_seconds": t_ext,
        "stance_seconds": t_stance,
        "pipeline_statements_per_s": n / t_pipe,
        "encoder_statements_per_s": n / t_enc,
        "pipeline_prefetch_seconds": t_prefetch,
        "pipeline_vs_encoder": t_enc / t_pipe,
        "pipeline_prefetch_vs_encoder": t_enc / t_prefetch,
        "stance_1_topic_vs_encoder": t_enc / t_stance[1],
        "extra_topic_cost_in_encoder_passes": per_topic,
        "cpu_seconds": dict(CPU),
        "pipeline_vs_encoder_cpu": CPU["encoder"] / CPU["pipeline"],
        "extra_topic_cost_in_encoder_passes_cpu": (CPU["stance_3"] - CPU["stance_1"])
        / 2
        / CPU["encoder"],
        "fast_pipeline_seconds": t_fast,
        "fast_pipeline_statements_per_s": n / t_fast,
        "fast_pipeline_vs_encoder": t_enc / t_fast,
        "fast_pipeline_vs_encoder_bf16": t_enc_bf16 / t_fast,
        "encoder_bf16_seconds": t_enc_bf16,
        "stance_bf16_seconds": t_bf16,
        "stance_bf16_1_topic_vs_encoder": t_enc / t_bf16[1],
        "extra_topic_cost_in_encoder_passes_bf16": per_topic_bf16,
        "fast_config": {
            "precision": "bfloat16",
            "prefetch": True,
            "chunk_size": args.fast_chunk_size,
            "torch_threads": args.fast_threads,
        },
        "lean_n_statements": n_lean,
        "lean_pipeline_seconds": t_lean,
        "lean_encoder_seconds": t_enc_lean,
        "lean_extraction_seconds": t_ext_lean,
        "lean_pipeline_statements_per_s": n_lean / t_lean,
        "lean_encoder_statements_per_s": n_lean / t_enc_lean,
        "lean_pipeline_vs_encoder": t_enc_lean / t_lean,
        "lean_pipeline_vs_encoder_cpu": CPU["encoder_lean"] / CPU["lean_pipeline"],
        "head_first_threshold": HEAD_FIRST,
        "lean_head_first_pipeline_seconds": t_lean_first,
        "lean_head_first_pipeline_vs_encoder": t_enc_lean / t_lean_first,
        "stance_head_first_seconds": t_first,
        "extra_topic_cost_in_encoder_passes_head_first": per_topic_first,
        "lean_bf16_joint_pipeline_seconds": t_lean_bf16,
        "lean_bf16_joint_pipeline_vs_encoder": t_enc_lean / t_lean_bf16,
        "stance_heads_seconds": t_heads,
        "extra_topic_cost_in_encoder_passes_heads": per_topic_heads,
        "extra_topic_cost_in_encoder_passes_heads_cpu": (
            CPU["stance_heads_3"] - CPU["stance_heads_1"]
        )
        / 2
        / CPU["encoder"],
        "lean_config": {
            "extractor": "fast",
            "heads_only": True,
            "precision": "float32",
            "chunk_size": args.chunk_size,
            "head_topics": list(HEAD_TOPICS),
        },
        "peak_rss_mib_before_runs": rss_start,
        "torch_threads": torch.get_num_threads(),
        "model": model_name,
    }
    rows = [
        {"phase": "encoder (all-MiniLM-L6-v2)", "seconds": t_enc, "stmts/s": n / t_enc},
        {"phase": "pipeline, 1 topic", "seconds": t_pipe, "stmts/s": n / t_pipe},
        {"phase": "pipeline, 1 topic, prefetch", "seconds": t_prefetch, "stmts/s": n / t_prefetch},
        {
            "phase": "pipeline, 1 topic, fast (bf16 + prefetch)",
            "seconds": t_fast,
            "stmts/s": n / t_fast,
        },
        {"phase": "encoder, bf16 autocast", "seconds": t_enc_bf16, "stmts/s": n / t_enc_bf16},
        {
            "phase": "lean: pipeline, 1 topic, fast extractor + heads only (fp32)",
            "seconds": t_lean,
            "stmts/s": n_lean / t_lean,
        },
        {
            "phase": f"fast extractor + head first ({HEAD_FIRST}), fp32",
            "seconds": t_lean_first,
            "stmts/s": n_lean / t_lean_first,
        },
        {
            "phase": "fast extractor + full stance model in bf16",
            "seconds": t_lean_bf16,
            "stmts/s": n_lean / t_lean_bf16,
        },
        {
            "phase": "lean: encoder on the lean statements",
            "seconds": t_enc_lean,
            "stmts/s": n_lean / t_enc_lean,
        },
        {
            "phase": "  lean: fast extraction alone",
            "seconds": t_ext_lean,
            "stmts/s": n_lean / t_ext_lean,
        },
        {"phase": "  extraction alone", "seconds": t_ext, "stmts/s": n / t_ext},
        *(
            {"phase": f"  stance model alone, {k} topic(s)", "seconds": t, "stmts/s": n / t}
            for k, t in t_stance.items()
        ),
        *(
            {"phase": f"  stance model alone, bf16, {k} topic(s)", "seconds": t, "stmts/s": n / t}
            for k, t in t_bf16.items()
        ),
        *(
            {"phase": f"  stance model, heads only, {k} topic(s)", "seconds": t, "stmts/s": n / t}
            for k, t in t_heads.items()
        ),
        *(
            {"phase": f"  stance model, head first, {k} topic(s)", "seconds": t, "stmts/s": n / t}
            for k, t in t_first.items()
        ),
    ]
    print_table(
        [{k: (f"{v:.2f}" if isinstance(v, float) else v) for k, v in r.items()} for r in rows],
        ["phase", "seconds", "stmts/s"],
        title=f"{len(docs)} articles, {n} statements, model: {model_name}",
    )
    print(
        f"pipeline / encoder throughput: {t_enc / t_pipe:.2f}x "
        f"({t_enc / t_prefetch:.2f}x with prefetch); "
        f"one more topic costs {per_topic:.2f} encoder passes; peak RSS {peak_rss_mib():.0f} MiB"
    )
    print(
        f"fast (bf16 + prefetch): {t_enc / t_fast:.2f}x the fp32 encoder, "
        f"{t_enc_bf16 / t_fast:.2f}x the bf16 encoder; one more topic costs "
        f"{per_topic_bf16:.2f} fp32 encoder passes"
    )
    print(
        f"lean (fast extractor + heads only, fp32): {t_enc_lean / t_lean:.2f}x the fp32 encoder "
        f"on its {n_lean} statements; one more topic with a head costs {per_topic_heads:.2f} "
        "encoder passes"
    )
    print(
        f"fast extractor + head first ({HEAD_FIRST}), fp32: {t_enc_lean / t_lean_first:.2f}x the "
        f"fp32 encoder; one more topic with a head costs {per_topic_first:.2f} encoder passes"
    )
    print(
        f"fast extractor + full stance model in bf16: {t_enc_lean / t_lean_bf16:.2f}x the fp32 "
        "encoder on the same statements"
    )
    print(
        f"in CPU seconds: pipeline / encoder {scores['pipeline_vs_encoder_cpu']:.2f}x, "
        f"one more topic {scores['extra_topic_cost_in_encoder_passes_cpu']:.2f} encoder passes, "
        f"CPU s { ({k: round(v, 1) for k, v in CPU.items()}) }"
    )
    print(run.save(scores))


def model_topic(key: str) -> str:
    from stancekit.topics import resolve_topic

    return resolve_topic(key).proposition


if __name__ == "__main__":
    main()
