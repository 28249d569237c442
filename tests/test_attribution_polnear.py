"""The PolNeAR benchmark's matching rules and the brat reader, on toy data (no corpus read)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.attribution_polnear import (  # noqa: E402
    Attribution,
    gold_of,
    greedy_pairs,
    prf,
    score_article,
    span_match,
    sum_counts,
    trim,
)
from stancekit.statements.polnear import Article, load_polnear, parse_ann  # noqa: E402

TEXT = 'Jane Doe said: "We will win, no matter what." The mayor disagreed.'
# Jane Doe 0-8, said 9-13, the quote mark 15, We 16, win 24-27, no 29, what 39-43, ." 43-45,
# The mayor 46-55, disagreed 56-65.


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ((0, 8), (0, 8)),  # nothing to trim
        ((15, 45), (16, 43)),  # quotation marks and the final period inside the quote
        ((14, 46), (16, 43)),  # leading and trailing spaces too
        ((16, 28), (16, 27)),  # a trailing comma
        ((43, 46), None),  # only punctuation and space
        (None, None),
    ],
)
def test_trim(span, expected):
    assert trim(TEXT, span) == expected


@pytest.mark.parametrize(
    ("a", "b", "mode", "expected"),
    [
        ((0, 8), (0, 8), "exact", 1),
        ((0, 8), (5, 8), "exact", 0),
        ((0, 8), (5, 8), "overlap", 3),  # "Doe"
        ((0, 4), (4, 8), "overlap", 0),  # touching only
        ((0, 5), (4, 8), "overlap", 0),  # they share the space only
        (None, None, "exact", 1),
        (None, (0, 8), "overlap", 0),
    ],
)
def test_span_match(a, b, mode, expected):
    assert span_match(TEXT, a, b, mode) == expected


def test_span_match_rejects_unknown_mode():
    with pytest.raises(ValueError, match="The 'mode' parameter must be one of"):
        span_match(TEXT, (0, 1), (0, 1), "fuzzy")


def test_greedy_pairs_is_one_to_one_strongest_first():
    # two predictions overlap one gold: only the stronger one matches
    assert greedy_pairs([[3], [5]]) == [(1, 0)]
    assert greedy_pairs([[2, 1], [1, 0]]) == [(0, 0)]
    assert greedy_pairs([[0, 0]]) == []


GOLD = [Attribution((0, 8), (9, 13), (15, 45))]


@pytest.mark.parametrize(
    ("pred", "exact", "overlap"),
    [
        # perfect after trimming the quotation marks
        ([Attribution((0, 8), (9, 13), (14, 46))], [1, 1, 1, 1], [1, 1, 1, 1]),
        # half-right speaker and content: overlap only
        ([Attribution((5, 8), (9, 13), (16, 27))], [0, 1, 0, 0], [1, 1, 1, 1]),
        # wrong speaker: the relation fails, the content still matches
        ([Attribution((46, 55), (9, 13), (16, 43))], [0, 1, 1, 0], [0, 1, 1, 0]),
        # no speaker predicted against a gold speaker
        ([Attribution(None, (9, 13), (16, 43))], [0, 1, 1, 0], [0, 1, 1, 0]),
        # nothing predicted
        ([], [0, 0, 0, 0], [0, 0, 0, 0]),
    ],
)
def test_score_article_table(pred, exact, overlap):
    counts = score_article(TEXT, pred, GOLD)
    roles = ("speaker", "cue", "content", "relation")
    assert [counts["exact"][r][0] for r in roles] == exact
    assert [counts["overlap"][r][0] for r in roles] == overlap
    assert counts["exact"]["content"][2] == 1


def test_score_article_deduplicates_and_counts_extra_content():
    pred = [Attribution((0, 8), (9, 13), (16, 27)), Attribution((0, 8), (9, 13), (29, 43))]
    counts = score_article(TEXT, pred, GOLD, gold_extra=[(46, 55)])
    assert counts["overlap"]["speaker"] == [1, 1, 1]  # one mention counted once
    assert counts["overlap"]["content"] == [1, 2, 2]  # one-to-one: the gold quote matches once
    assert counts["overlap"]["relation"] == [1, 2, 1]


def test_relation_without_source_matches_prediction_without_speaker():
    gold = [Attribution(None, (9, 13), (16, 43))]
    counts = score_article(TEXT, [Attribution(None, None, (16, 43))], gold)
    assert counts["exact"]["relation"] == [1, 1, 1]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [((1, 2, 4), (0.5, 0.25, 1 / 3)), ((0, 0, 3), (0.0, 0.0, 0.0)), ((0, 2, 0), (0.0, 0.0, 0.0))],
)
def test_prf(counts, expected):
    got = prf(*counts)
    assert (got["precision"], got["recall"], got["f1"]) == pytest.approx(expected)


def test_sum_counts_micro_averages():
    a = {"exact": {"cue": [1, 1, 2]}}
    b = {"exact": {"cue": [1, 3, 2]}}
    assert sum_counts([a, b])["exact"]["cue"]["precision"] == pytest.approx(0.5)


ANN = (
    "T1\tSource 0 8\tJane Doe\n"
    "T2\tCue 9 13\tsaid\n"
    "T3\tContent 16 27;29 43\tWe will win\nno matter what\n"  # span text with a newline
    "T4\tAttribution 9 13\tsaid\n"
    "T5\tContent2 46 55\tThe mayor\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3 Content2:T5\n"
    "T6\tCue 56 65\tdisagreed\n"
    "T7\tContent 0 3\tJan\n"
    "E2\tAttribution:T4 Cue:T6 Content:T7\n"
    "E3\tAttribution:T4 Cue:T6\n"  # no content: skipped
)


def test_parse_ann_relations_pieces_and_gold_cover():
    rels = parse_ann(ANN)
    assert len(rels) == 2
    assert rels[0].content.pieces == ((16, 27), (29, 43))
    assert rels[0].content.cover == (16, 43)
    assert rels[1].source is None
    gold, extra = gold_of(Article("a", TEXT, "x", tuple(rels)))
    assert gold[0] == Attribution((0, 8), (9, 13), (16, 43))
    assert extra == [(46, 55)]


def test_load_polnear_picks_first_annotator_and_checks_split(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "art.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "art_bbbb.ann").write_text("", encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "art_aaaa.ann").write_text(ANN, encoding="utf-8")
    (article,) = load_polnear("dev", root=tmp_path)
    assert (article.doc_id, article.annotator, len(article.relations)) == ("art", "aaaa", 2)
    with pytest.raises(ValueError, match=r"The 'split' parameter must be one of \['train'"):
        load_polnear("validation", root=tmp_path)
