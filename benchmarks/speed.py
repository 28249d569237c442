"""Speed: statements per second of the stance model beside the raw encoder, in the same run.

Measures, on the same N statements (stancekit's own built-in statements, shipped with the
package; default N = 256):

- ``Encoder.encode``: one full all-MiniLM-L6-v2 pass per statement (the unit of cost);
- ``StanceModel.predict_proba`` on T = 1, 2, 4, 8 topics: N x T (statement, topic) pairs, each
  statement's topics next to each other;
- the cost per topic: the least-squares slope of model time over T, per statement, as a share of
  one encoder pass (the design runs the lower, shared layers once per statement and only the top
  layers per topic, so this should be well under 1), and the model's time for T topics beside
  the N x T full encoder passes that a cross-encoder would need;
- the same N x 8 pairs ordered topic by topic (all statements for topic 1, then topic 2, ...),
  which shows whether the shared-layer cache holds across the whole call.

Each timing is the best of ``--repeats`` runs after a warm-up. Timings depend on the machine and
its load: the JSON records the CPU count and torch threads.

Run from the repo root: ``python -m benchmarks.speed [--model DIR] [--limit N] [--repeats R]``.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._common import BenchmarkRun, base_parser, load_model, print_table

NAME = "speed"
TOPIC_COUNTS = (1, 2, 4, 8)
# Target and proposition strings of several data sets (names only, no data).
EXTRA_TOPICS = (
    "Hillary Clinton",
    "Legalization of Abortion",
    "Climate Change is a Real Concern",
    "Feminist Movement",
    "Atheism",
    "Donald Trump",
)


def statements(n: int) -> list[str]:
    """``n`` distinct built-in statements (contents), cycling with a suffix if needed."""
    from stancekit.datasets import load_builtin

    texts: list[str] = []
    for split in ("train", "dev", "test"):
        texts += load_builtin(split).texts
    uniq = list(dict.fromkeys(texts))
    return [uniq[i % len(uniq)] + ("" if i < len(uniq) else f" ({i})") for i in range(n)]


def topics() -> list[str]:
    from stancekit.topics import TOPICS

    return [t.proposition for t in TOPICS.values()] + list(EXTRA_TOPICS)


def best_time(fn, repeats: int) -> float:
    """Fastest of ``repeats`` calls of ``fn()``, in seconds."""
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return min(out)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = base_parser(__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    n = args.limit or 256
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.embeddings import Encoder

    texts = statements(n)
    tops = topics()
    if len(tops) < max(TOPIC_COUNTS):
        raise RuntimeError(f"need {max(TOPIC_COUNTS)} topics; have {len(tops)}")
    model, info = load_model(args.model)
    encoder = Encoder()
    bs = args.batch_size

    # warm-up (thread pools, allocator, tokenizer caches)
    encoder.encode(texts[:bs], batch_size=bs)
    model.predict_proba(texts[:bs], tops[0], batch_size=bs)

    t_enc = best_time(lambda: encoder.encode(texts, batch_size=bs), args.repeats)
    timing = {}
    for t in TOPIC_COUNTS:
        pair_texts = [x for x in texts for _ in range(t)]
        pair_topics = tops[:t] * n
        timing[t] = best_time(
            lambda pt=pair_texts, pp=pair_topics: model.predict_proba(pt, pp, batch_size=bs),
            args.repeats,
        )
        print(f"  T={t}: {timing[t]:.2f}s", flush=True)
    t_max = max(TOPIC_COUNTS)
    topic_major = best_time(
        lambda: model.predict_proba(
            texts * t_max, [p for p in tops[:t_max] for _ in range(n)], batch_size=bs
        ),
        args.repeats,
    )

    ts = np.array(TOPIC_COUNTS, dtype=float)
    secs = np.array([timing[t] for t in TOPIC_COUNTS])
    slope, intercept = np.polyfit(ts, secs, 1)
    enc_per_stmt = t_enc / n
    rows = [
        {
            "system": "Encoder.encode (1 pass)",
            "T": "",
            "seconds": t_enc,
            "statements/s": n / t_enc,
            "pairs/s": "",
            "vs N*T encoder passes": "",
        }
    ]
    for t in TOPIC_COUNTS:
        rows.append(
            {
                "system": "StanceModel.predict_proba",
                "T": t,
                "seconds": timing[t],
                "statements/s": n / timing[t],
                "pairs/s": n * t / timing[t],
                "vs N*T encoder passes": timing[t] / (t * t_enc),
            }
        )
    rows.append(
        {
            "system": "predict_proba, topic-major order",
            "T": t_max,
            "seconds": topic_major,
            "statements/s": n / topic_major,
            "pairs/s": n * t_max / topic_major,
            "vs N*T encoder passes": topic_major / (t_max * t_enc),
        }
    )
    for r in rows:
        for k in ("seconds", "statements/s", "pairs/s"):
            if isinstance(r[k], float):
                r[k] = f"{r[k]:.1f}" if k != "seconds" else f"{r[k]:.2f}"
        if isinstance(r["vs N*T encoder passes"], float):
            r["vs N*T encoder passes"] = f"{r['vs N*T encoder passes']:.2f}x"
    print_table(
        rows,
        ["system", "T", "seconds", "statements/s", "pairs/s", "vs N*T encoder passes"],
        f"N = {n} statements, batch size {bs}, best of {args.repeats}",
    )
    marginal = {
        t: (timing[t] - timing[1]) / ((t - 1) * n) / enc_per_stmt for t in TOPIC_COUNTS if t > 1
    }
    per_topic = slope / n / enc_per_stmt
    fixed = intercept / n / enc_per_stmt
    print(
        f"cost of one more topic per statement: {per_topic:.2f} encoder passes (fit over T); "
        f"fixed cost per statement: {fixed:.2f} encoder passes"
    )
    print(
        "marginal cost per extra topic vs T=1: "
        + ", ".join(f"T={t}: {v:.2f}" for t, v in marginal.items())
    )
    print(f"topic-major / statement-major time at T={t_max}: {topic_major / timing[t_max]:.2f}x")
    scores = {
        "n_statements": n,
        "encoder_seconds": t_enc,
        "encoder_statements_per_second": n / t_enc,
        "model_seconds": {str(t): timing[t] for t in TOPIC_COUNTS},
        "model_statements_per_second": {str(t): n / timing[t] for t in TOPIC_COUNTS},
        "model_pairs_per_second": {str(t): n * t / timing[t] for t in TOPIC_COUNTS},
        "model_vs_n_x_t_encoder_passes": {str(t): timing[t] / (t * t_enc) for t in TOPIC_COUNTS},
        "per_topic_cost_in_encoder_passes": per_topic,
        "fixed_cost_in_encoder_passes": fixed,
        "marginal_cost_vs_t1_in_encoder_passes": {str(t): v for t, v in marginal.items()},
        "topic_major_seconds_t8": topic_major,
        "topic_major_over_statement_major_t8": topic_major / timing[t_max],
    }
    path = run.save(
        scores,
        model=info,
        topics=tops[:t_max],
        note="statements: stancekit's built-in statements (contents), shipped with the package",
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
