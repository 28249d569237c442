"""Users' own labelled data: CSV, TSV or JSON Lines files -> :class:`StanceData`.

Used by ``stancekit finetune`` and ``stancekit evaluate``. A column that is not in the file is an
error that lists the columns found; labels are stripped and lower-cased ("FAVOR" -> "favor").
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from stancekit.datasets._loaders import StanceData

CSV_SUFFIXES = {".csv": ",", ".tsv": "\t"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def read_rows(path: str | os.PathLike[str]) -> tuple[list[dict[str, object]], list[str]]:
    """Rows of a CSV / TSV (header line) or JSON Lines file, and the column names found.

    Parameters
    ----------
    path : path-like
        ``.csv``, ``.tsv``, ``.jsonl`` or ``.ndjson``; UTF-8 (a byte-order mark is ignored).

    Returns
    -------
    rows : list of dict
    columns : list of str
        In file order; for JSON Lines, the keys in order of first appearance.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"data file {str(p)!r} does not exist or is not a file")
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=CSV_SUFFIXES[suffix])
            columns = list(reader.fieldnames or [])
            return [dict(r) for r in reader], columns
    if suffix in JSONL_SUFFIXES:
        rows: list[dict[str, object]] = []
        seen: dict[str, None] = {}
        with open(p, encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{p.name} line {n} is not valid JSON: {exc.msg}") from None
                if not isinstance(rec, dict):
                    raise ValueError(
                        f"{p.name} line {n} must be a JSON object; got {type(rec).__name__}"
                    )
                rows.append(rec)
                seen.update(dict.fromkeys(rec))
        return rows, list(seen)
    raise ValueError(
        f"unsupported data file type {suffix or '(none)'!r} for {p.name}; "
        f"use one of {sorted([*CSV_SUFFIXES, *JSONL_SUFFIXES])}"
    )


def load_file(
    path: str | os.PathLike[str],
    *,
    text_col: str = "text",
    topic_col: str | None = None,
    topic: str | None = None,
    label_col: str | None = "label",
) -> StanceData:
    """Read labelled (text, topic, label) rows from a user's file.

    Parameters
    ----------
    path : path-like
        A ``.csv``, ``.tsv``, ``.jsonl`` or ``.ndjson`` file (see :func:`read_rows`).
    text_col : str, default="text"
    topic_col : str, optional
        Column holding each row's topic (a target or proposition).
    topic : str, optional
        One topic for every row instead of ``topic_col``; give exactly one of the two.
    label_col : str or None, default="label"
        None reads no labels (``labels`` is then empty).

    Returns
    -------
    StanceData
        Labels stripped and lower-cased; ``source`` is the file name.

    Examples
    --------
    >>> data = load_file("ceasefire.csv", text_col="tweet", topic="a ceasefire in Gaza",
    ...                  label_col="stance")                                  # doctest: +SKIP
    """
    if (topic_col is None) == (topic is None):
        raise ValueError("give exactly one of topic_col (a column) and topic (one topic for all)")
    if topic is not None and not topic.strip():
        raise ValueError("topic must be a non-empty string")
    rows, columns = read_rows(path)
    name = Path(path).name
    for kind, col in (("text", text_col), ("topic", topic_col), ("label", label_col)):
        if col is not None and col not in columns:
            raise ValueError(f"{kind} column {col!r} not found in {name}; columns found: {columns}")
    out = StanceData([], [], [], [], name)
    for n, row in enumerate(rows, 1):
        text = _cell(row, text_col)
        if not text:
            raise ValueError(f"{name} row {n}: empty text in column {text_col!r}")
        out.texts.append(text)
        row_topic = topic.strip() if topic is not None else _cell(row, str(topic_col))
        if not row_topic:
            raise ValueError(f"{name} row {n}: empty topic in column {topic_col!r}")
        out.topics.append(row_topic)
        if label_col is not None:
            label = _cell(row, label_col).lower()
            if not label:
                raise ValueError(f"{name} row {n}: empty label in column {label_col!r}")
            out.labels.append(label)
    if not out.texts:
        raise ValueError(f"{name} has no data rows")
    return out


def _cell(row: dict[str, object], col: str) -> str:
    value = row.get(col)
    return "" if value is None else str(value).strip()
