"""Fast checks of the benchmark helpers: scorers, the JSON record, the simple baselines.

No model is loaded or trained and no data set is read; these run in seconds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._baselines import MajorityClass, TfidfSVM  # noqa: E402
from benchmarks._common import (  # noqa: E402
    BenchmarkRun,
    print_table,
    restricted_argmax,
    sample_rows,
    save,
    stance_report,
    to_jsonable,
)
from benchmarks.stance_dna import actor_cells, bootstrap_interval  # noqa: E402
from benchmarks.stance_fnc1 import fnc_report, fnc_score, lead, sentences, to_fnc  # noqa: E402
from stancekit.metrics import f_avg  # noqa: E402

# FNC-1: per pair, by the official scorer.
FNC_GOLD = ["agree", "disagree", "discuss", "unrelated", "unrelated", "agree", "discuss"]
FNC_PRED = ["agree", "discuss", "unrelated", "unrelated", "discuss", "disagree", "discuss"]
#           1.0      0.25       0.0          0.25         0.0        0.25        1.0   = 2.75
#  max:     1.0      1.0        1.0          0.25         0.25       1.0         1.0   = 5.5


def test_fnc_score_by_hand():
    score, best = fnc_score(FNC_GOLD, FNC_PRED)
    assert score == pytest.approx(2.75)
    assert best == pytest.approx(5.5)
    rep = fnc_report(FNC_GOLD, FNC_PRED)
    assert rep["fnc_score"] == pytest.approx(0.5)
    # related / unrelated right on 5 of 7 (pairs 3 and 5 wrong)
    assert rep["related_accuracy"] == pytest.approx(5 / 7)
    # F1: agree 2/3 (p 1/1, r 1/2), disagree 0, discuss 0.4 (p 1/3, r 1/2), unrelated 1/2
    assert rep["f1"]["agree"] == pytest.approx(2 / 3)
    assert rep["f1"]["disagree"] == 0.0
    assert rep["f1"]["discuss"] == pytest.approx(0.4)
    assert rep["f1"]["unrelated"] == pytest.approx(0.5)
    assert rep["macro_f1"] == pytest.approx((2 / 3 + 0 + 0.4 + 0.5) / 4)


def test_fnc_score_extremes():
    assert fnc_score(FNC_GOLD, FNC_GOLD)[0] == fnc_score(FNC_GOLD, FNC_GOLD)[1]
    # all "unrelated": 0.25 per unrelated pair only
    assert fnc_score(FNC_GOLD, ["unrelated"] * 7)[0] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="equal lengths"):
        fnc_score(["agree"], [])


def test_fnc_mapping_and_text_helpers():
    related = np.array([True, True, True, False])
    assert to_fnc(["favor", "against", "none", "favor"], related) == [
        "agree",
        "disagree",
        "discuss",
        "unrelated",
    ]
    assert lead("one two  three\nfour", 3) == "one two three"
    # sentences of fewer than 3 words are dropped; a body without any stays whole
    assert sentences("It rained. Did it? Yes it did!\nNew line here") == [
        "Yes it did!",
        "New line here",
    ]
    assert sentences("Short.") == ["Short."]


@pytest.mark.parametrize(
    ("y_true", "y_pred", "expected"),
    [
        (["favor", "against", "none"], ["favor", "against", "favor"], (2 / 3 + 1) / 2),
        (["favor", "favor", "against", "none"], ["none", "none", "none", "none"], 0.0),
        (["favor", "against"], ["favor", "against"], 1.0),
        # "none" counts only through favor / against errors
        (["none", "none", "favor"], ["favor", "none", "favor"], (2 / 3 + 0) / 2),
    ],
)
def test_f_avg(y_true, y_pred, expected):
    assert f_avg(y_true, y_pred) == pytest.approx(expected)
    assert stance_report(y_true, y_pred, ["against", "favor", "none"])["f_avg"] == pytest.approx(
        expected
    )


def test_restricted_argmax_and_sampling():
    proba = np.array([[0.1, 0.2, 0.7], [0.5, 0.1, 0.4]])
    assert restricted_argmax(proba, ["against", "favor", "none"], ["against", "favor"]) == [
        "favor",
        "against",
    ]
    assert sample_rows(5, None) == [0, 1, 2, 3, 4]
    rows = sample_rows(100, 10)
    assert rows == sorted(rows) and len(set(rows)) == 10 and rows == sample_rows(100, 10)


def test_benchmark_run_writes_json(tmp_path):
    run = BenchmarkRun("toy", {"limit": None, "model": None}, out_dir=tmp_path)
    path = run.save(
        {"stancekit": {"f_avg": np.float64(0.5), "confusion": np.eye(2, dtype=int)}},
        published={"x": 1.0},
        nan_value=float("nan"),
    )
    assert path == tmp_path / "toy.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    for key in (
        "command",
        "git",
        "date",
        "versions",
        "python",
        "cpu_count",
        "machine",
        "params",
        "wall_seconds",
        "peak_rss_mib",
    ):
        assert key in rec, key
    assert set(rec["versions"]) == {"stancekit", "torch", "transformers", "sklearn", "numpy"}
    assert rec["scores"]["stancekit"]["f_avg"] == 0.5
    assert rec["scores"]["stancekit"]["confusion"] == [[1, 0], [0, 1]]
    assert rec["nan_value"] is None and rec["partial"] is False
    assert rec["machine"]["gemm_gflops"] > 0
    assert rec["peak_rss_mib"] > 0


def test_limited_run_gets_its_own_file(tmp_path):
    run = BenchmarkRun("toy", {"limit": 7}, limit=7, out_dir=tmp_path)
    path = run.save({})
    assert path.name == "toy_limit7.json"
    assert json.loads(path.read_text(encoding="utf-8"))["partial"] is True


def test_simple_save_api(tmp_path):
    path = save("plain", {"scores": {"rho": 0.9}}, out_dir=tmp_path)
    rec = json.loads(path.read_text(encoding="utf-8"))
    assert rec["benchmark"] == "plain" and rec["scores"] == {"rho": 0.9} and "date" in rec


def test_to_jsonable():
    assert to_jsonable({"a": (np.int64(1), Path("x")), 2: float("inf")}) == {
        "a": [1, "x"],
        "2": None,
    }


def test_print_table(capsys):
    text = print_table([{"system": "a", "F": 0.5}, {"system": "bb", "F": None}], ["system", "F"])
    assert "50.00" in text and text == capsys.readouterr().out.rstrip("\n")


def test_simple_baselines():
    texts = ["good idea", "great plan", "bad idea", "awful plan", "love it", "hate it"] * 3
    labels = ["favor", "favor", "against", "against", "favor", "against"] * 3
    topics = ["t"] * len(texts)
    majority = MajorityClass().fit(texts[:3], topics[:3], ["a", "b", "b"])
    assert majority.predict(["x", "y"], ["t", "u"]) == ["b", "b"]
    svm = TfidfSVM(per_topic=True).fit(texts, topics, labels)
    assert svm.predict(["good plan", "awful idea"], ["t", "t"]) == ["favor", "against"]
    with pytest.raises(ValueError, match="no per-topic model"):
        svm.predict(["x"], ["unseen"])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("turnout was 48.8 percent", "Turnout had been 48.8 percent", True),
        ("Iran will respond", "the talks resume on Monday", False),
        (
            "a stab in the back of the Palestinian people",
            "A stab in the back of Palestinians",
            True,
        ),
        ("", "", True),
        ("", "anything at all", False),
    ],
)
def test_near_match(a, b, expected):
    from benchmarks.stance_builtin import near_match

    assert near_match(a, b) is expected


def test_near_matched_groups_names_statements_not_rows():
    from benchmarks.stance_builtin import near_matched_groups
    from stancekit.datasets import StanceData

    train = StanceData(["Kuwait will not normalize"], ["t"], ["against"], ["tr-1"], "tr")
    data = StanceData(
        ["Kuwait will not normalize.", "Flights begin Monday", "Flights begin Monday"],
        ["t", "t", "u"],
        ["against", "none", "none"],
        ["ev-1", "ev-2", "ev-2"],
        "ev",
    )
    assert near_matched_groups(data, train) == {"ev-1"}


@pytest.mark.parametrize(
    ("w", "expected"),
    [(0.0, 0.0), (0.2, 0.5), (0.4, 1.0), (1.0, 1.0)],
)
def test_claim_encoder_cv_mix_accuracy(w, expected):
    from benchmarks.claim_encoder_cv import mix_accuracy

    cue = np.array([[0.7, 0.3], [0.6, 0.4]])
    enc = np.array([[0.2, 0.8], [0.1, 0.9]])
    assert mix_accuracy(cue, enc, np.array([1, 1]), w) == expected


@pytest.mark.parametrize(
    ("rec", "expected"),
    [
        ({"machine": {"gemm_gflops": 45.6}}, " (float32 matmul 46 GFLOP/s)"),
        ({"machine": {"gemm_gflops": None}}, ""),
        ({}, ""),  # records written before machines were measured
    ],
)
def test_report_names_the_machines_throughput(rec: dict[str, object], expected: str) -> None:
    from benchmarks.report import _gemm

    assert _gemm(rec) == expected


def _grid(**cells: tuple[float, float]) -> dict[str, dict[str, float]]:
    return {k: {"a": a, "b": b, "mean": (a + b) / 2} for k, (a, b) in cells.items()}


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (_grid(base=(0.8, 0.6), x=(0.9, 0.7), y=(0.7, 0.95)), ("x", "y")),  # y lowers split a
        (_grid(base=(0.8, 0.6), x=(0.8, 0.6)), ("base", "base")),  # ties: the first wins
        (_grid(base=(0.8, 0.6), x=(0.79, 0.9)), ("base", "x")),  # nothing safe but the base
    ],
)
def test_feature_heads_selection_criterion(scores, expected):
    from benchmarks.feature_heads_val import choose

    assert choose(scores, "base", ("a", "b")) == expected


def _stories_grid(**cells: tuple[float, float]) -> dict[str, dict[str, float]]:
    return {k: {"mean": mean, "dev stories": dev} for k, (mean, dev) in cells.items()}


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # a gain on the dev stories within 0.5 points of the mean ships; the best such wins
        (_stories_grid(base=(0.90, 0.60), x=(0.897, 0.65), y=(0.896, 0.70)), "y"),
        # a larger fall of the mean does not, however much the stories gain
        (_stories_grid(base=(0.90, 0.60), x=(0.88, 0.69)), "base"),
        # no gain on the stories: the model stays
        (_stories_grid(base=(0.90, 0.60), x=(0.92, 0.60)), "base"),
    ],
)
def test_builtin_stories_selection_rule(scores, expected):
    from benchmarks.builtin_stories_val import choose

    assert choose(scores, "base") == expected


# DNA benchmark helpers: per (actor, topic) cell, the sign of the summed scores against the
# gold majority; tied gold cells are left out.
@pytest.mark.parametrize(
    ("actors", "topics", "gold", "scores", "expected"),
    [
        (["a", "a", "b"], ["t", "t", "t"], ["favor", "favor", "against"], [0.2, -0.1, 0.3], (2, 1)),
        (["a", "a"], ["t", "t"], ["favor", "against"], [1.0, 1.0], (0, 0)),  # gold tie: no cell
        (["a", "a"], ["t", "u"], ["favor", "against"], [0.4, -0.6], (2, 2)),
        (["a", "b"], ["t", "t"], ["against", "against"], [-1.0, 1.0], (2, 1)),
    ],
)
def test_actor_cells(actors, topics, gold, scores, expected):
    out = actor_cells(actors, topics, gold, scores)
    assert (out["cells"], out["right"]) == expected
    if expected[0]:
        assert out["accuracy"] == pytest.approx(expected[1] / expected[0])
    else:
        assert np.isnan(out["accuracy"])


def test_bootstrap_interval_brackets_the_score_and_is_seeded():
    gold = ["favor"] * 6 + ["against"] * 4
    pred = ["favor"] * 5 + ["against"] * 5
    lo, hi = bootstrap_interval(gold, pred, "accuracy", n_boot=500)
    assert 0.0 <= lo <= 0.9 <= hi <= 1.0
    assert bootstrap_interval(gold, pred, "f_avg", n_boot=200) == bootstrap_interval(
        gold, pred, "f_avg", n_boot=200
    )
    assert bootstrap_interval(gold, gold, "accuracy", n_boot=50) == [1.0, 1.0]


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((["favor"], ["favor"], "recall"), "metric must be 'accuracy' or 'f_avg'; got 'recall'"),
        ((["favor"], [], "accuracy"), "equal lengths; got 1 and 0"),
        (([], [], "accuracy"), "non-empty"),
    ],
)
def test_bootstrap_interval_errors(args, match):
    with pytest.raises(ValueError, match=match):
        bootstrap_interval(*args)


def test_recipe_time_compares_tensors_by_part_and_reads_card_seconds():
    from benchmarks.recipe_time import card_seconds, compare_tensors

    a, b = np.zeros(3, dtype=np.float16), np.ones(3, dtype=np.float16)
    fitted = {
        "blocks.0.w": a,
        "blocks.1.w": a,
        "topic_heads.encoder1.blocks.0.w": b,
        "topic_heads.coef": a,
    }
    shipped = {"blocks.0.w": a, "blocks.1.w": b, "topic_heads.encoder1.blocks.0.w": b}
    assert compare_tensors(fitted, shipped) == {
        "blocks": {"tensors": 2, "identical": 1},
        "topic_heads.coef": {"tensors": 1, "identical": 0},
        "topic_heads.encoder1": {"tensors": 1, "identical": 1},
    }
    # same values, other dtype: not identical
    assert compare_tensors({"x": a}, {"x": a.astype(np.float32)}) == {
        "x": {"tensors": 1, "identical": 0}
    }
    config = {"card": {"train_seconds": 787.0, "name": "m", "topic_heads": {"ngram_seconds": 40}}}
    assert card_seconds(config) == {"train_seconds": 787.0, "ngram_seconds": 40.0}
