"""Command line: ``stancekit analyze FILE...``, ``stancekit finetune DATA --out DIR`` and
``stancekit evaluate DATA --model DIR``."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FORMATS = ("table", "json", "csv")


def _fmt(x: float, digits: int = 2) -> str:
    return "NaN" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:+.{digits}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [list(map(str, header))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _shorten(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_table(analysis: Any) -> str:
    """Human-readable statements, positions and distances."""
    a = analysis
    labels = a.stances.labels
    rows = []
    for i, s in enumerate(a.statements):
        stance = " ".join(f"{t}={labels[i, j]}" for j, t in enumerate(a.stances.topics))
        rows.append([s.doc_id, s.actor, s.cue or "", s.kind, stance, _shorten(s.content)])
    out = [
        f"Statements ({len(a.statements)})",
        _table(["doc", "actor", "cue", "kind", "stance", "content"], rows),
    ]
    P = a.positions
    prow = [
        [actor] + [f"{_fmt(P.values[i, j])} (n={P.counts[i, j]})" for j in range(len(P.topics))]
        for i, actor in enumerate(P.actors)
    ]
    out += [
        "",
        "Positions (P(favor) - P(against), mean over on-topic statements)",
        _table(["actor", *P.topics], prow),
    ]
    D = a.distances()
    drow = [
        [actor] + [_fmt(D.values[i, j]).lstrip("+") for j in range(len(D.actors))]
        for i, actor in enumerate(D.actors)
    ]
    out += ["", f"Distances ({D.metric}, over shared topics)", _table(["actor", *D.actors], drow)]
    return "\n".join(out) + "\n"


def render_csv(analysis: Any) -> str:
    """Long CSV: one row per actor x topic, with value and count."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["actor", "topic", "value", "count"])
    P = analysis.positions
    for i, actor in enumerate(P.actors):
        for j, topic in enumerate(P.topics):
            v = P.values[i, j]
            writer.writerow(
                [actor, topic, "" if math.isnan(v) else f"{v:.6f}", int(P.counts[i, j])]
            )
    return buf.getvalue()


def render_json(analysis: Any) -> str:
    """Statements, stances, positions and distances as JSON."""
    data = analysis.to_dict()
    data["distances"] = analysis.distances().to_dict()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def cmd_analyze(args: argparse.Namespace) -> int:
    """Run :func:`stancekit.analyze` on files and print the result."""
    from stancekit.analysis import DEFAULT_TOPICS, analyze

    docs: dict[str, str] = {}
    for path in args.files:
        p = Path(path)
        if not p.is_file():
            raise SystemExit(f"stancekit analyze: FILE {str(p)!r} does not exist or is not a file")
        docs[p.stem if p.stem not in docs else str(p)] = p.read_text(encoding="utf-8")
    aliases = {}
    for item in args.alias or []:
        if "=" not in item:
            raise SystemExit(
                f"stancekit analyze: --alias must look like MENTION=ACTOR; got {item!r}"
            )
        k, v = item.split("=", 1)
        aliases[k.strip()] = v.strip()
    model = None
    if args.model or args.precision != "float32" or args.heads_only or args.head_threshold:
        from stancekit.stances import StanceModel

        model = StanceModel.load(
            args.model or None,
            precision=args.precision,
            heads_only=args.heads_only,
            head_threshold=args.head_threshold,
        )
    dates = {}
    for item in args.date or []:
        if "=" not in item:
            raise SystemExit(
                f"stancekit analyze: --date must look like DOC=YYYY-MM-DD; got {item!r}"
            )
        k, v = item.split("=", 1)
        k = Path(k.strip()).stem if k.strip() not in docs else k.strip()
        if k not in docs:
            raise SystemExit(
                f"stancekit analyze: --date names unknown document {k!r}; documents are "
                f"{sorted(docs)}"
            )
        dates[k] = v.strip()
    claims = _claim_topics(args.claim or [])
    analysis = analyze(
        docs,
        topics=[*(args.topic or ([] if claims else DEFAULT_TOPICS)), *claims],
        model=model,
        aliases=aliases or None,
        dates=dates or None,
        duplicates=args.duplicates,
        n_boot=args.n_boot,
        extractor=args.extractor,
    )
    render = {"table": render_table, "json": render_json, "csv": render_csv}[args.format]
    sys.stdout.write(render(analysis))
    if args.report:
        path = analysis.report(
            args.report,
            metric=args.metric,
            title=f"stancekit report: {', '.join(Path(f).name for f in args.files)}",
            png_dir=args.png_dir,
        )
        print(f"report written to {path}", file=sys.stderr)
    return 0


def _add_data_args(p: argparse.ArgumentParser) -> None:
    """Column options shared by ``finetune`` and ``evaluate``."""
    p.add_argument("data", metavar="DATA", help="a .csv, .tsv, .jsonl or .ndjson file")
    p.add_argument("--text-col", default="text", metavar="COL", help="default: text")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--topic-col", metavar="COL", help="column holding each row's topic")
    group.add_argument("--topic", metavar="TOPIC", help="one topic (target or proposition) for all")
    p.add_argument("--label-col", default="label", metavar="COL", help="default: label")


def _load_data(args: argparse.Namespace, path: str) -> Any:
    from stancekit.datasets import load_file

    return load_file(
        path,
        text_col=args.text_col,
        topic_col=args.topic_col,
        topic=args.topic,
        label_col=args.label_col,
    )


def _training_options(args: argparse.Namespace) -> Any:
    """TrainingOptions from ``--options FILE`` (JSON), overridden by the explicit flags."""
    from stancekit.stances import TrainingOptions

    data: dict[str, Any] = {}
    if args.options:
        data = json.loads(Path(args.options).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"--options must hold a JSON object; got {type(data).__name__}")
    flags = {
        "mode": args.mode,
        "epochs": args.epochs,
        "learning_rate": args.learning_rate,
        "head_learning_rate": args.head_learning_rate,
        "batch_size": args.batch_size,
        "validation_split": args.validation_split,
        "early_stopping_patience": args.early_stopping_patience,
        "seed": args.seed,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    return TrainingOptions.from_dict(data)


def cmd_finetune(args: argparse.Namespace) -> int:
    """Fine-tune a stance model on a labelled file and save it to ``--out``."""
    import time

    from stancekit._machine import machine_info
    from stancekit.metrics import stance_report
    from stancekit.stances import StanceModel

    data = _load_data(args, args.data)
    val = _load_data(args, args.validation) if args.validation else None
    if args.claims and args.heads:
        raise ValueError("--claims and --heads exclude each other: pick one")
    if args.claims or args.heads:
        _check_head_flags(args)
    elif args.topic_encoder_layers:
        raise ValueError(
            f"--topic-encoder-layers needs --heads; got --topic-encoder-layers "
            f"{args.topic_encoder_layers} without it"
        )
    if args.ngram and not args.heads:
        raise ValueError("--ngram needs --heads; got --ngram without it")
    opts = None if (args.claims or args.heads) else _training_options(args)
    model = StanceModel.load(args.base)
    base_card = dict(model.card_)
    t0 = time.perf_counter()
    if args.claims:
        _fit_claims(model, args, data)
    elif args.heads:
        _fit_heads(model, args, data)
    else:
        model.fit(
            data.texts,
            data.topics,
            data.labels,
            options=opts,
            validation=(val.texts, val.topics, val.labels) if val is not None else None,
        )
    seconds = time.perf_counter() - t0
    counts = {lab: data.labels.count(lab) for lab in sorted(set(data.labels))}
    scores = []
    if val is not None:
        val_topics = _claim_topics(val.topics) if args.claims else val.topics
        report = stance_report(val.labels, model.predict(val.texts, val_topics).tolist())
        scores = [
            {"set": f"{val.source} (validation)", "metric": m, "value": report[m]}
            for m in ("f_avg", "macro_f1", "accuracy")
            if report[m] is not None
        ]
    base = args.base or "the shipped default model"
    if args.claims:
        from stancekit.stances.claim_encoder import DEFAULT_EPOCHS

        what = f"the claim head refitted ({_claim_layers(args)} encoder layers)"
        n_epochs = args.epochs or DEFAULT_EPOCHS
    elif args.heads:
        from stancekit.stances.topic_heads import DEFAULT_ENCODER_EPOCHS

        what = (
            f"topic heads for {len(set(_propositions(data.topics)))} topics, "
            f"{args.topic_encoder_layers} topic encoder layers"
            + (", n-gram heads" if args.ngram else "")
        )
        n_epochs = (args.epochs or DEFAULT_ENCODER_EPOCHS) if args.topic_encoder_layers else 0
    else:
        done = model.training_options_
        assert done is not None
        what, n_epochs = f"{done.mode} mode", done.epochs
    model.card_ = {
        "name": f"stancekit stance model {Path(args.out).name}",
        "summary": f"Fine-tuned from {base} with `stancekit finetune` "
        f"({what}) on {len(data)} labelled rows.",
        "data": [*base_card.get("data", []), f"{data.source}: {len(data)} rows, labels {counts}"],
        "command": "stancekit " + " ".join(args.argv),
        "scores": scores,
        "base": base_card.get("name", base),
        "train_seconds": round(seconds, 1),
        "machine": machine_info(),
        "limitations": base_card.get("limitations", []),
    }
    out = model.save(args.out)
    print(
        f"fine-tuned on {len(data)} rows {counts} in {seconds:.1f}s "
        f"({what}, {n_epochs} epochs); classes: "
        f"{', '.join(model.classes_)}"
    )
    for s in scores:
        print(f"{s['set']} {s['metric']}: {s['value']:.4f}")
    print(f"saved {out}")
    return 0


#: ``finetune`` flags that set the joint fit's TrainingOptions, which ``--claims`` does not run.
_JOINT_ONLY_FLAGS = (
    "options",
    "mode",
    "head_learning_rate",
    "batch_size",
    "validation_split",
    "early_stopping_patience",
)


def _check_head_flags(args: argparse.Namespace) -> None:
    """Refuse ``finetune --claims`` / ``--heads`` together with flags of the joint fit."""
    given = [f"--{f.replace('_', '-')}" for f in _JOINT_ONLY_FLAGS if getattr(args, f) is not None]
    if given:
        flag, what, layers = (
            ("--claims", "the claim head", "--claim-encoder-layers")
            if args.claims
            else ("--heads", "topic heads", "--topic-encoder-layers")
        )
        raise ValueError(
            f"{flag} fits {what} only; it takes --epochs, --learning-rate, --seed "
            f"and {layers}, not {', '.join(given)}"
        )


def _propositions(topics: Sequence[str]) -> list[str]:
    """Each topic as the model resolves it (a TOPICS key becomes its proposition)."""
    from stancekit.topics import resolve_topics

    return [t.proposition for t in resolve_topics(list(topics), len(topics))]


def _fit_heads(model: Any, args: argparse.Namespace, data: Any) -> None:
    """``finetune --heads``: fit topic heads (and a topic encoder) on the rows."""
    from stancekit.stances.topic_heads import (
        DEFAULT_ENCODER_EPOCHS,
        DEFAULT_ENCODER_LEARNING_RATE,
        MIN_EXAMPLES,
    )

    props = _propositions(data.topics)
    model.fit_topic_heads(data.texts, data.topics, data.labels)
    heads = model.topic_heads_
    missing = sorted(set(props) - set(heads.heads if heads is not None else {}))
    if missing:
        counts = {t: props.count(t) for t in missing}
        raise ValueError(
            f"--heads needs at least {MIN_EXAMPLES} rows and two labels per topic; these topics "
            f"got no head: {counts}"
        )
    if args.topic_encoder_layers:
        model.fit_topic_encoder(
            data.texts,
            data.topics,
            data.labels,
            layers=args.topic_encoder_layers,
            epochs=args.epochs or DEFAULT_ENCODER_EPOCHS,
            learning_rate=args.learning_rate or DEFAULT_ENCODER_LEARNING_RATE,
            seed=args.seed or 0,
        )
    if args.ngram:
        model.fit_ngram_heads(data.texts, data.topics, data.labels)


def _claim_topics(topics: Sequence[str]) -> list[Any]:
    """Each string as a ``Topic(kind="claim")`` named by itself."""
    from stancekit.topics import Topic

    return [Topic(key=t, proposition=t, kind="claim") for t in topics]


def _claim_layers(args: argparse.Namespace) -> int:
    """``--claim-encoder-layers``, or the shipped claim encoder's layers."""
    from stancekit.stances.claim_head import RECIPE_ENCODER_LAYERS

    given = args.claim_encoder_layers
    return RECIPE_ENCODER_LAYERS if given is None else int(given)


def _fit_claims(model: Any, args: argparse.Namespace, data: Any) -> None:
    """``finetune --claims``: refit the model's claim head on the rows' texts and labels, with
    the shipped claim encoder's settings unless ``--claim-encoder-layers`` says otherwise."""
    from stancekit.stances.claim_encoder import DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE
    from stancekit.stances.claim_head import RECIPE_ENCODER_DTYPE, RECIPE_ENCODER_WEIGHT

    model.fit_claim_head(
        data.texts,
        data.labels,
        encoder_layers=_claim_layers(args),
        encoder_weight=RECIPE_ENCODER_WEIGHT,
        dtype=RECIPE_ENCODER_DTYPE,
        epochs=args.epochs or DEFAULT_EPOCHS,
        learning_rate=args.learning_rate or DEFAULT_LEARNING_RATE,
        seed=args.seed or 0,
    )


def render_report(report: dict[str, Any]) -> str:
    """Per-class precision / recall / F1, F_avg, macro-F1 and the confusion matrix as text."""
    labels = report["labels"]
    rows = [
        [
            lab,
            f"{c['precision']:.4f}",
            f"{c['recall']:.4f}",
            f"{c['f1']:.4f}",
            c["support"],
        ]
        for lab, c in report["per_class"].items()
    ]
    f_avg = "n/a (needs favor and against)" if report["f_avg"] is None else f"{report['f_avg']:.4f}"
    out = [
        f"Evaluated {report['n']} rows with {report['model']}",
        _table(["label", "precision", "recall", "f1", "support"], rows),
        "",
        f"F_avg (mean F1 of favor and against): {f_avg}",
        f"macro-F1: {report['macro_f1']:.4f}",
        f"accuracy: {report['accuracy']:.4f}",
        "",
        "Confusion matrix (rows: true, columns: predicted)",
        _table(
            ["true \\ pred", *labels], [[lab, *r] for lab, r in zip(labels, report["confusion"])]
        ),
    ]
    return "\n".join(out) + "\n"


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score a stance model on a labelled file."""
    from stancekit.metrics import stance_report
    from stancekit.stances import StanceModel

    data = _load_data(args, args.data)
    model = StanceModel.load(args.model)
    topics = _claim_topics(data.topics) if args.claims else data.topics
    pred = model.predict(data.texts, topics, batch_size=args.batch_size).tolist()
    classes = model.classes_.tolist()
    labels = classes + sorted(set(data.labels) - set(classes))
    report = {
        "data": str(args.data),
        "model": args.model or "the shipped default model",
        **stance_report(data.labels, pred, labels=labels),
    }
    unknown = sorted(set(data.labels) - set(classes))
    if unknown:
        report["warning"] = f"labels the model cannot predict: {unknown}"
    if args.format == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_report(report))
        if unknown:
            sys.stdout.write(f"warning: {report['warning']}\n")
    return 0


def _add_training_parsers(sub: Any) -> None:
    """The ``finetune`` and ``evaluate`` subcommands."""
    ft = sub.add_parser(
        "finetune",
        help="fine-tune a stance model on your own labelled data (new topics or label sets)",
        description="Fine-tune a stance model on a labelled CSV / JSONL file and save it. With "
        "fewer than 256 rows only the classifier trains (few-shot mode), unless --mode says "
        "otherwise.",
    )
    _add_data_args(ft)
    ft.add_argument("--out", required=True, metavar="DIR", help="model folder to write")
    ft.add_argument(
        "--base", metavar="DIR", help="model folder to start from (default: the shipped one)"
    )
    ft.add_argument("--validation", metavar="FILE", help="held-out data, same columns")
    ft.add_argument("--options", metavar="JSON", help="a TrainingOptions JSON file")
    ft.add_argument("--mode", choices=("auto", "head", "joint", "full"))
    ft.add_argument("--epochs", type=int)
    ft.add_argument("--learning-rate", type=float)
    ft.add_argument("--head-learning-rate", type=float)
    ft.add_argument("--batch-size", type=int)
    ft.add_argument("--validation-split", type=float)
    ft.add_argument("--early-stopping-patience", type=int)
    ft.add_argument("--seed", type=int)
    ft.add_argument(
        "--claims",
        action="store_true",
        help="the topics are factual claims: refit the claim head (shared by all claims; cue "
        "counts and a fine-tuned claim encoder) on these rows instead of the joint layers",
    )
    ft.add_argument(
        "--claim-encoder-layers",
        type=int,
        default=None,
        metavar="K",
        help="with --claims: layers of the claim encoder (0: cue counts alone; default: the "
        "shipped model's, with its weight and int8 storage)",
    )
    ft.add_argument(
        "--heads",
        action="store_true",
        help="fit topic heads (a logistic regression per topic with at least 50 rows and two "
        "labels, on the frozen encoder's sentence embedding, mixed with the joint layers) on "
        "these rows instead of the joint layers; other topics keep theirs",
    )
    ft.add_argument(
        "--topic-encoder-layers",
        type=int,
        default=0,
        metavar="K",
        help="with --heads: also fine-tune a topic encoder of K layers for these topics (it "
        "replaces the model's topic encoder, whose topics then keep their heads alone; default "
        "0: none)",
    )
    ft.add_argument(
        "--ngram",
        action="store_true",
        help="with --heads: also fit n-gram heads (a TF-IDF logistic regression per topic over "
        "word and character n-grams, mixed in last; other topics keep theirs)",
    )
    ft.set_defaults(func=cmd_finetune)
    ev = sub.add_parser(
        "evaluate", help="per-class F1, F_avg, macro-F1 and confusion matrix on labelled data"
    )
    _add_data_args(ev)
    ev.add_argument(
        "--model", metavar="DIR", help="a saved stance model folder (default: the shipped one)"
    )
    ev.add_argument("--format", choices=("table", "json"), default="table")
    ev.add_argument("--batch-size", type=int, default=64)
    ev.add_argument(
        "--claims",
        action="store_true",
        help="the topics are factual claims (a rumour's headline): favor = the text asserts it, "
        "against = disputes it, none = reports it without taking a side; read with the "
        "model's claim head",
    )
    ev.set_defaults(func=cmd_evaluate)


def build_parser() -> argparse.ArgumentParser:
    """The ``stancekit`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="stancekit", description="Compare political positions in news."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    an = sub.add_parser(
        "analyze", help="extract statements, stances, positions and distances from files"
    )
    an.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files, one article each")
    an.add_argument(
        "--topic",
        action="append",
        metavar="KEY_OR_PROPOSITION",
        help="a built-in topic key (iran_deal, gulf_normalization) or any proposition; repeatable",
    )
    an.add_argument(
        "--claim",
        action="append",
        metavar="CLAIM",
        help="a factual claim (favor = asserts it, against = disputes it, none = reports it "
        "without a side), read with the model's claim head; repeatable. With --claim and no "
        "--topic, only the claims are read",
    )
    an.add_argument("--format", choices=FORMATS, default="table")
    an.add_argument(
        "--alias",
        action="append",
        metavar="MENTION=ACTOR",
        help="override actor merging; repeatable",
    )
    an.add_argument(
        "--model", metavar="DIR", help="a saved stance model folder (default: the shipped one)"
    )
    an.add_argument(
        "--date",
        action="append",
        metavar="DOC=YYYY-MM-DD",
        help="date of a document (file name or stem); repeatable; enables time windows",
    )
    an.add_argument(
        "--duplicates",
        choices=("keep", "document"),
        default="keep",
        help="'document': one vote per actor, topic and document (default: keep all)",
    )
    an.add_argument(
        "--n-boot",
        type=int,
        default=1000,
        metavar="N",
        help="bootstrap replicates for the position intervals (default 1000; 0 = none)",
    )
    an.add_argument(
        "--report",
        metavar="OUT.html",
        help="also write a self-contained HTML report (pictures, tables, evidence)",
    )
    an.add_argument(
        "--metric",
        default="euclidean",
        help="distance metric of the report (euclidean, cosine, cityblock, disagreement)",
    )
    an.add_argument("--png-dir", metavar="DIR", help="also write the report's pictures as PNG")
    an.add_argument(
        "--extractor",
        choices=("rules", "tagger", "fast"),
        default="rules",
        help="statement extractor: rules over the spaCy parse (default), the learned PolNeAR "
        "tagger, or 'fast' patterns without a parser (many times faster, less accurate)",
    )
    an.add_argument(
        "--precision",
        choices=("float32", "bfloat16", "auto"),
        default="float32",
        help="stance model arithmetic (bfloat16: faster on CPUs with native bf16 kernels)",
    )
    an.add_argument(
        "--heads-only",
        action="store_true",
        help="read topics that have a full topic head with the head alone (no joint layers: "
        "one encoder pass for all such topics; see benchmarks/results/topic_cost.json)",
    )
    an.add_argument(
        "--head-threshold",
        type=float,
        default=None,
        metavar="P",
        help="head first: where a full topic head is at least P sure it answers alone, other "
        "statements get the joint layers too (0.8 keeps the default's predictions on the "
        "built-in dev split and skips the joint layers for about half of news statements)",
    )
    an.set_defaults(func=cmd_analyze)
    _add_training_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stancekit`` command."""
    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return int(args.func(args))
    except (TypeError, ValueError, FileNotFoundError) as exc:
        print(f"stancekit {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
