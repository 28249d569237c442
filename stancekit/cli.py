"""Command line: ``stancekit analyze FILE... [--topic ...] [--format table|json|csv]``."""

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
    if args.model:
        from stancekit.stances import StanceModel

        model = StanceModel.load(args.model)
    analysis = analyze(
        docs, topics=args.topic or DEFAULT_TOPICS, model=model, aliases=aliases or None
    )
    render = {"table": render_table, "json": render_json, "csv": render_csv}[args.format]
    sys.stdout.write(render(analysis))
    return 0


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
    an.set_defaults(func=cmd_analyze)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stancekit`` command."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (TypeError, ValueError, FileNotFoundError) as exc:
        print(f"stancekit {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
