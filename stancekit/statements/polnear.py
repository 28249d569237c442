"""Reading PolNeAR (Newell et al., LREC 2018): articles with brat attribution annotations.

The corpus is research-only and is never copied into this repository: it is read from
``stancekit._paths.data_dir() / "polnear"`` (``$STANCEKIT_DATA``). Each compartment
(``train``, ``dev``, ``test``) holds ``text/<article>.txt`` and
``attributions/<article>_<annotator>.ann``.

Only lines matching ``^T\\d+\\t`` (spans) and ``^E\\d+\\t`` (relations) are parsed: a span's
text may hold newlines, so its continuation lines are skipped. A discontinuous span
(``Content 10 20;25 40``) keeps its pieces; :attr:`GoldSpan.cover` is the span from the first
start to the last end. Where an article has several annotation files, the one with the
smallest annotator id (sorted file names) is used, so the choice is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stancekit.statements._types import Span

COMPARTMENTS = ("train", "dev", "test")
#: PolNeAR role -> the Statement field it corresponds to.
ROLE_FIELDS = {"Source": "speaker", "Cue": "cue", "Content": "content"}

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class GoldSpan:
    """One annotated span: its role and its pieces of ``(start, end)`` offsets."""

    role: str
    pieces: tuple[Span, ...]

    @property
    def cover(self) -> Span:
        """From the first piece's start to the last piece's end."""
        return self.pieces[0][0], self.pieces[-1][1]


@dataclass(frozen=True)
class Relation:
    """One attribution relation (an ``E`` line): source (may be None), cue, content."""

    source: GoldSpan | None
    cue: GoldSpan | None
    content: GoldSpan
    content2: GoldSpan | None = None


@dataclass(frozen=True)
class Article:
    """One article: its id, text, annotator and attribution relations."""

    doc_id: str
    text: str
    annotator: str
    relations: tuple[Relation, ...]


def parse_ann(ann: str) -> list[Relation]:
    """Parse the text of a brat ``.ann`` file into attribution relations.

    Parameters
    ----------
    ann : str
        The file's text.

    Returns
    -------
    list of Relation
        In file order; relations without a ``Content`` argument are skipped.

    Examples
    --------
    >>> ann = "T1\\tSource 0 3\\tJoe\\nT2\\tCue 4 8\\tsaid\\nT3\\tContent 9 11;13 15\\tno\\n"
    >>> ann += "E1\\tAttribution:T9 Source:T1 Cue:T2 Content:T3\\n"
    >>> r = parse_ann(ann)[0]
    >>> r.source.cover, r.cue.cover, r.content.pieces
    ((0, 3), (4, 8), ((9, 11), (13, 15)))
    """
    spans: dict[str, GoldSpan] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        t = _T_LINE.match(line)
        if t:
            pieces = tuple(
                (int(a), int(b)) for a, b in (p.split() for p in t.group(3).strip().split(";"))
            )
            spans[t.group(1)] = GoldSpan(t.group(2), tuple(sorted(pieces)))
            continue
        e = _E_LINE.match(line)
        if e:
            args = dict(a.split(":", 1) for a in e.group(2).split() if ":" in a)
            events.append(args)
    out = []
    for args in events:
        content = spans.get(args.get("Content", ""))
        if content is None:
            continue
        out.append(
            Relation(
                source=spans.get(args.get("Source", "")),
                cue=spans.get(args.get("Cue", "")),
                content=content,
                content2=spans.get(args.get("Content2", "")),
            )
        )
    return out


def polnear_dir() -> Path:
    """The PolNeAR data folder (``$STANCEKIT_DATA/polnear``)."""
    from stancekit._paths import data_dir

    return data_dir() / "polnear"


def load_polnear(split: str, *, root: str | Path | None = None) -> list[Article]:
    """Read one PolNeAR compartment.

    Parameters
    ----------
    split : {"train", "dev", "test"}
    root : path-like, optional
        The PolNeAR folder; default :func:`polnear_dir`.

    Returns
    -------
    list of Article
        Sorted by article id, one annotation file per article (the first in sorted order).

    Raises
    ------
    ValueError
        If ``split`` is not one of the compartments.
    FileNotFoundError
        If the compartment's folder does not exist.
    """
    if split not in COMPARTMENTS:
        raise ValueError(
            f"The 'split' parameter must be one of {list(COMPARTMENTS)}. Got {split!r} instead."
        )
    base = Path(root) if root is not None else polnear_dir()
    folder = base / split
    if not folder.is_dir():
        raise FileNotFoundError(f"PolNeAR compartment not found: {folder}")
    return list(_iter_articles(folder))


def _iter_articles(folder: Path) -> Iterator[Article]:
    chosen: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        doc_id, _, _annotator = path.stem.rpartition("_")
        chosen.setdefault(doc_id, path)
    for doc_id in sorted(chosen):
        path = chosen[doc_id]
        text = (folder / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        relations = parse_ann(path.read_text(encoding="utf-8"))
        yield Article(doc_id, text, path.stem.rpartition("_")[2], tuple(relations))
