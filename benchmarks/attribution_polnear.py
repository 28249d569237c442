"""Attribution extraction on PolNeAR: who said what, scored span by span against the annotators.

Systems, all in the same run and on the same articles: stancekit's ``extract_statements`` with
each ``method`` (``rules``: the spaCy rule extractor; ``tagger``: the learned token tagger in
``models/``; ``fast``: regular expressions and word lists, no parser), and textacy's
``direct_quotations`` (the baseline; same spaCy model).

Data: PolNeAR v1.0.0 (``$STANCEKIT_DATA/polnear``), the ``dev`` compartment by default (84
articles, for development); ``--split test`` (84 articles) is for the final figure only.

Matching rules
--------------
* Gold spans come from the attribution relations (``E`` lines): their ``Source`` (speaker),
  ``Cue`` and ``Content`` arguments; a relation's ``Content2`` counts as one more gold content
  span. Spans not in any relation (``Discuss``, ``Discard``) are ignored.
* One annotation file per article: where several annotators marked an article, the file with
  the smallest annotator id (sorted file names) is the gold.
* A discontinuous span (``Content 10 50;70 90``) is compared by its covering span, from the
  first piece's start to the last piece's end. A predicted statement's span is its covering
  span too (stancekit's ``content_span``; textacy's tokens from first to last).
* Before comparing, both spans are trimmed of white space, quotation marks and punctuation at
  either edge (``"We will win,"`` and ``We will win`` are the same span). A span that trims to
  nothing is dropped.
* Per role, predicted spans are deduplicated after trimming (one speaker mention shared by two
  statements counts once), then matched one-to-one to gold spans of the same role.
  **Exact**: the trimmed offsets are equal. **Overlap**: the two spans share at least one
  non-space character; pairs are matched greedily, largest shared character count first, so
  each gold and each predicted span is used at most once and precision and recall stay honest.
* **Relation**: a predicted (speaker, content) pair matches a gold relation when the contents
  match and the speakers match, both exact or both overlap; a relation without a source
  matches only a prediction without a speaker. One-to-one, greedy as above.
* P = matched / predicted, R = matched / gold, F1 their harmonic mean, micro-averaged over the
  articles (counts summed first).

textacy refuses a document with an odd number of quotation marks (it will not guess which
quote is unclosed); for such an article the baseline runs paragraph by paragraph instead,
skipping the paragraphs it refuses. The record counts these fallbacks.

Speed: articles per second of each system's extraction, the spaCy pipeline and the tagger
loaded beforehand (one warm-up article), with ``--threads`` torch threads. The ``fast``
method uses neither spaCy nor torch. ``--name`` sets the record's file stem, so a run of some
methods need not overwrite the record of the others.

Reference (published, textacy ``direct_quotations`` on PolNeAR test, overlap F1): source 30.5,
cue 26.9, content 28.3; exact content 11.4. Goal: overlap F1 >= 75 for speaker, cue and content
and exact content F1 >= 50 on the test split.

Run from the repo root: ``python -m benchmarks.attribution_polnear [--split dev|test]``.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from benchmarks._common import BenchmarkRun, library_versions, print_table

NAME = "attribution_polnear"
ROLES = ("speaker", "cue", "content")
MODES = ("exact", "overlap")
PUBLISHED_TEXTACY_TEST = {
    "overlap_f1": {"speaker": 30.5, "cue": 26.9, "content": 28.3},
    "exact_f1": {"content": 11.4},
}
GOAL = {"overlap_f1": {"speaker": 75.0, "cue": 75.0, "content": 75.0}, "exact_f1_content": 50.0}

Span = tuple[int, int]
#: Characters trimmed from both edges of a span before comparing.
TRIM_CHARS = frozenset(
    "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"
    ".,;:!?()[]{}-\u2013\u2014\u2026/*_"
)


class Attribution(NamedTuple):
    """Covering spans of one attribution (speaker and cue may be None)."""

    speaker: Span | None
    cue: Span | None
    content: Span


# ---------------------------------------------------------------------------- matching rules
def trim(text: str, span: Span | None) -> Span | None:
    """Shrink ``span`` past white space, quotation marks and punctuation at both edges.

    Examples
    --------
    >>> text = 'He said: "We will win," twice.'
    >>> trim(text, (8, 23)), text[slice(*trim(text, (8, 23)))]
    ((10, 21), 'We will win')
    >>> trim(text, (7, 9)) is None
    True
    """
    if span is None:
        return None
    start, end = span
    while start < end and (text[start].isspace() or text[start] in TRIM_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRIM_CHARS):
        end -= 1
    return (start, end) if start < end else None


def shared_chars(text: str, a: Span, b: Span) -> int:
    """Number of non-space characters that spans ``a`` and ``b`` share."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return sum(not c.isspace() for c in text[lo:hi]) if lo < hi else 0


def span_match(text: str, a: Span | None, b: Span | None, mode: str) -> int:
    """How well two trimmed spans match: 0 for no match, else a positive strength.

    ``None`` matches only ``None`` (strength 1). Exact: equal offsets (strength 1). Overlap:
    the number of shared non-space characters.
    """
    if a is None or b is None:
        return int(a is None and b is None)
    if mode == "exact":
        return int(a == b)
    if mode == "overlap":
        return shared_chars(text, a, b)
    raise ValueError(f"The 'mode' parameter must be one of {list(MODES)}. Got {mode!r} instead.")


def greedy_pairs(strength: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred, gold) with positive strength, strongest first (ties: in order)."""
    cand = [(-s, i, j) for i, row in enumerate(strength) for j, s in enumerate(row) if s > 0]
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(cand):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _unique(spans: Iterable[Span | None]) -> list[Span]:
    return sorted({s for s in spans if s is not None})


def _trimmed(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """``attributions`` with every span trimmed; those whose content trims to nothing dropped."""
    out = []
    for a in attributions:
        content = trim(text, a.content)
        if content is not None:
            out.append(Attribution(trim(text, a.speaker), trim(text, a.cue), content))
    return out


def score_article(
    text: str,
    pred: Sequence[Attribution],
    gold: Sequence[Attribution],
    gold_extra: Sequence[Span] = (),
) -> dict[str, dict[str, list[int]]]:
    """Match counts of one article: ``{mode: {role or "relation": [matched, n_pred, n_gold]}}``.

    Parameters
    ----------
    text : str
        The article.
    pred, gold : sequence of Attribution
        Covering spans, untrimmed; spans are trimmed here.
    gold_extra : sequence of (int, int)
        More gold content spans (PolNeAR's ``Content2``), scored in the content role only.

    Examples
    --------
    >>> text = '"We will win," Jane Doe said.'
    >>> gold = [Attribution((15, 23), (24, 28), (0, 14))]
    >>> pred = [Attribution((20, 23), (24, 28), (1, 12))]
    >>> c = score_article(text, pred, gold)
    >>> c["exact"]["speaker"], c["overlap"]["speaker"], c["exact"]["relation"]
    ([0, 1, 1], [1, 1, 1], [0, 1, 1])
    """
    p, g = _trimmed(text, pred), _trimmed(text, gold)
    out: dict[str, dict[str, list[int]]] = {}
    for mode in MODES:
        counts: dict[str, list[int]] = {}
        for k, role in enumerate(ROLES):
            ps = _unique(a[k] for a in p)
            extra = [trim(text, s) for s in gold_extra] if role == "content" else []
            gs = _unique([*(a[k] for a in g), *extra])
            strength = [[span_match(text, x, y, mode) for y in gs] for x in ps]
            counts[role] = [len(greedy_pairs(strength)), len(ps), len(gs)]
        rp = sorted({(a.speaker, a.content) for a in p}, key=str)
        rg = sorted({(a.speaker, a.content) for a in g}, key=str)
        strength = [
            [
                span_match(text, x[1], y[1], mode) if span_match(text, x[0], y[0], mode) else 0
                for y in rg
            ]
            for x in rp
        ]
        counts["relation"] = [len(greedy_pairs(strength)), len(rp), len(rg)]
        out[mode] = counts
    return out


def prf(matched: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "matched": matched,
        "n_pred": n_pred,
        "n_gold": n_gold,
    }


def sum_counts(per_article: Iterable[dict[str, dict[str, list[int]]]]) -> dict[str, Any]:
    """Micro-averaged P / R / F1 per mode and role from per-article counts."""
    total: dict[str, dict[str, list[int]]] = {}
    for counts in per_article:
        for mode, roles in counts.items():
            for role, c in roles.items():
                acc = total.setdefault(mode, {}).setdefault(role, [0, 0, 0])
                for i in range(3):
                    acc[i] += c[i]
    return {mode: {role: prf(*c) for role, c in roles.items()} for mode, roles in total.items()}


# ---------------------------------------------------------------------------- systems
def _statement_system(method: str, threads: int | None) -> Callable[[str, str], list[Attribution]]:
    from stancekit.statements import extract_statements

    def run(text: str, doc_id: str) -> list[Attribution]:
        return [
            Attribution(s.speaker_span, s.cue_span, s.content_span)
            for s in extract_statements(text, doc_id, method=method)
            if s.content_span is not None
        ]

    return run


def _textacy_system() -> Callable[[str, str], list[Attribution]]:
    import spacy
    from textacy.extract.triples import direct_quotations

    from stancekit.statements._nlp import MODEL_NAME

    nlp = spacy.load(MODEL_NAME)

    def cover(tokens: Sequence[Any]) -> Span | None:
        if not tokens:
            return None
        return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)

    def quotes(text: str, shift: int) -> list[Attribution]:
        return [
            Attribution(
                _shift(cover(q.speaker), shift),
                _shift(cover(q.cue), shift),
                (q.content.start_char + shift, q.content.end_char + shift),
            )
            for q in direct_quotations(nlp(text))
        ]

    def run(text: str, doc_id: str) -> list[Attribution]:
        try:
            return quotes(text, 0)
        except ValueError:  # unbalanced quotation marks: textacy refuses the whole document
            fallbacks[0] += 1
        out = []
        for m in re.finditer(r"[^\n]+", text):
            try:
                out.extend(quotes(m.group(), m.start()))
            except ValueError:
                continue
        return out

    fallbacks = [0]
    run.fallbacks = fallbacks  # type: ignore[attr-defined]

    return run


def _shift(span: Span | None, by: int) -> Span | None:
    return None if span is None else (span[0] + by, span[1] + by)


def gold_of(article: Any) -> tuple[list[Attribution], list[Span]]:
    """Gold attributions (covering spans) and the extra ``Content2`` spans of an article."""
    gold = [
        Attribution(
            r.source.cover if r.source else None, r.cue.cover if r.cue else None, r.content.cover
        )
        for r in article.relations
    ]
    extra = [r.content2.cover for r in article.relations if r.content2 is not None]
    return gold, extra


def evaluate(
    system: Callable[[str, str], list[Attribution]], articles: Sequence[Any]
) -> dict[str, Any]:
    """Run a system on the articles (after one warm-up) and score it."""
    if articles:
        system(articles[0].text, articles[0].doc_id)
    counts, seconds = [], 0.0
    for art in articles:
        t0 = time.perf_counter()
        pred = system(art.text, art.doc_id)
        seconds += time.perf_counter() - t0
        gold, extra = gold_of(art)
        counts.append(score_article(art.text, pred, gold, extra))
    scores = sum_counts(counts)
    scores["seconds"] = seconds
    scores["articles_per_second"] = len(articles) / seconds if seconds else None
    return scores


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--methods",
        nargs="+",
        default=["rules", "tagger", "textacy"],
        help="systems to score: extract_statements methods and/or 'textacy'",
    )
    parser.add_argument("--limit", type=int, default=None, help="quick run on the first N articles")
    parser.add_argument(
        "--name",
        default=NAME,
        help=f"file stem of the record (default {NAME!r}; '_test' is added for --split test)",
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="torch threads (default: torch's)"
    )
    args = parser.parse_args(argv)

    import torch

    if args.threads is not None:
        torch.set_num_threads(args.threads)
    from stancekit.statements.polnear import load_polnear

    name = args.name if args.split == "dev" else f"{args.name}_test"
    run = BenchmarkRun(name, vars(args), limit=args.limit)
    articles = load_polnear(args.split)
    if args.limit is not None:
        articles = articles[: args.limit]

    scores: dict[str, Any] = {}
    rows = []
    for method in args.methods:
        system = (
            _textacy_system() if method == "textacy" else _statement_system(method, args.threads)
        )
        res = evaluate(system, articles)
        if hasattr(system, "fallbacks"):
            res["paragraph_fallback_articles"] = system.fallbacks[0]
        scores[method] = res
        for mode in MODES:
            rows.append(
                {
                    "system": method,
                    "match": mode,
                    **{f"{r} P": res[mode][r]["precision"] for r in ROLES},
                    **{f"{r} R": res[mode][r]["recall"] for r in ROLES},
                    **{f"{r} F1": res[mode][r]["f1"] for r in ROLES},
                    "relation F1": res[mode]["relation"]["f1"],
                    "art/s": f"{res['articles_per_second']:.2f}",
                }
            )
    cols = ["system", "match"]
    cols += [f"{r} {m}" for m in ("P", "R", "F1") for r in ROLES]
    cols += ["relation F1", "art/s"]
    n_rel = sum(len(a.relations) for a in articles)
    print_table(
        rows, cols, f"PolNeAR {args.split} ({len(articles)} articles, {n_rel} relations), %"
    )
    model_info = None
    if "tagger" in args.methods:
        from stancekit.statements.tagger import default_tagger_path

        model_info = default_tagger_path().name
    path = run.save(
        scores,
        data={
            "corpus": "PolNeAR v1.0.0",
            "split": args.split,
            "n_articles": len(articles),
            "n_relations": n_rel,
            "annotation_file": "first annotator id in sorted order",
        },
        tagger_model=model_info,
        extra_versions=library_versions(("spacy", "textacy")),
        published_textacy_test=PUBLISHED_TEXTACY_TEST,
        goal=GOAL,
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
