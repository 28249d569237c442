"""Stances on topics the model never saw, read from whole news statements (three classes).

stancekit's fifty coded news stories (:func:`stancekit.datasets.load_news_stories`: Ukraine
aid, a UK carbon levy, Iran talks and Gulf ties, a minimum-wage bill, a Senate border bill, a US
carbon tax, North Sea licences, a Gulf wire on normalization and the Iran deal, a court case on
emission limits, an EU summit, a student-loan ruling, an interview on Israel, the Gulf and Iran,
moving Thailand's capital, a public-service hiring freeze, a ban on crypto mining; then smart water
meters, a farm subsidy vote, metro fares, a bushfire levy, a bank merger, a nuclear plant's life,
the Iran talks on the Sunday shows, Israel's Gulf ties, a Washington newsletter on both, street
lights, MPs' second jobs and a chip plant's subsidies; then twenty-three more in as many house
styles, three of them on the Iran deal and Gulf ties) give 1,341 statements, each coded favor /
against / none on its story's two propositions: 2,682 rows. Eighty-two propositions are user
topics no training set has; the nine Iran/Gulf stories' are the built-in topics.
Unlike the DNA sample (favor / against only), a row may be "none": a statement on the story's
subject that takes no side on the proposition, the usual case in news. The model reads the coded
content with the proposition as topic. Nothing was trained or tuned on these stances (they were
read to decide whether the default model gets its unseen-topic head); the stories are small, so
one row is 0.1-0.7 point.

Run from the repo root: ``python -m benchmarks.stance_news [--model DIR]``; writes
``benchmarks/results/stance_news.json``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from benchmarks._common import BenchmarkRun, base_parser, load_model, print_table, stance_report

NAME = "stance_news"
LABELS = ("against", "favor", "none")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    args = base_parser(__doc__).parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit.datasets import news_story_stances
    from stancekit.topics import TOPICS

    data = news_story_stances()
    model, info = load_model(args.model)
    pred = model.predict(data.texts, data.topics, batch_size=args.batch_size).tolist()
    builtin = {t.proposition for t in TOPICS.values()}
    majority = Counter(data.labels).most_common(1)[0][0]
    parts = {
        "all": list(range(len(data))),
        "user topics": [i for i, t in enumerate(data.topics) if t not in builtin],
        "built-in topics": [i for i, t in enumerate(data.topics) if t in builtin],
    }
    scores: dict[str, dict[str, dict[str, Any]]] = {}
    for name, idx in parts.items():
        gold = [data.labels[i] for i in idx]
        scores[name] = {
            "stancekit": stance_report(gold, [pred[i] for i in idx], LABELS),
            "majority class": stance_report(gold, [majority] * len(idx), LABELS),
        }
    per_topic = {}
    for topic in dict.fromkeys(data.topics):
        idx = [i for i, t in enumerate(data.topics) if t == topic]
        gold = [data.labels[i] for i in idx]
        per_topic[topic] = stance_report(gold, [pred[i] for i in idx], LABELS)
    rows = [
        {"rows": name, "system": system, **{k: rep[k] for k in ("macro_f1", "f_avg", "accuracy")}}
        for name, reps in scores.items()
        for system, rep in reps.items()
    ]
    print_table(rows, ["rows", "system", "macro_f1", "f_avg", "accuracy"], "news stories, in %")
    print_table(
        [{"topic": t[:60], "macro_f1": r["macro_f1"], "n": r["n"]} for t, r in per_topic.items()],
        ["topic", "macro_f1", "n"],
        "per proposition",
    )
    path = run.save(
        scores,
        model=info,
        per_topic=per_topic,
        n_rows=len(data),
        label_counts=dict(Counter(data.labels)),
        majority=majority,
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
