"""The seed story, read end to end with the shipped stance model (the issue's acceptance test)."""

import json
import math

import pytest

import stancekit as sk
from stancekit._paths import seed_path


@pytest.fixture(scope="module")
def seed_text():
    path = seed_path()
    if not path.is_file():
        pytest.fail(f"seed story not found at {path}; set STANCEKIT_SEED or check ../shared/seed")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def analysis(seed_text):
    return sk.analyze({"seed": seed_text})


def _actor(analysis, needle):
    names = [a for a in analysis.positions.actors if needle in a]
    assert len(names) == 1, f"expected one actor containing {needle!r}, got {names}"
    return names[0]


def test_one_merged_israeli_actor_with_many_statements(analysis):
    israel = _actor(analysis, "Israel")
    assert sum(s.actor == israel for s in analysis.statements) >= 6


@pytest.mark.parametrize("who", ["Milley", "Biden"])
def test_milley_and_biden_are_speakers(analysis, who):
    name = _actor(analysis, who)
    assert any(s.actor == name for s in analysis.statements)


def test_every_offset_is_valid(analysis, seed_text):
    for s in analysis.statements:
        for field in ("speaker", "cue", "content"):
            span = getattr(s, f"{field}_span")
            if span is not None:
                assert seed_text[span[0] : span[1]] == getattr(s, field)


@pytest.mark.parametrize(
    ("who", "topic", "sign"),
    [("Israel", "iran_deal", -1), ("Israel", "gulf_normalization", +1), ("Biden", "iran_deal", +1)],
)
def test_positions(analysis, who, topic, sign):
    value = analysis.positions.loc(_actor(analysis, who), topic)
    assert not math.isnan(value)
    assert sign * value > 0.25, f"{who} on {topic}: {value:+.3f}"


def test_israel_biden_distance_on_the_iran_deal(analysis):
    D = analysis.distances(topics=["iran_deal"])
    assert D.loc(_actor(analysis, "Israel"), _actor(analysis, "Biden")) >= 0.5


def test_cli_demo_prints_the_three_tables(seed_text, capsys):
    from stancekit.cli import main

    assert main(["analyze", str(seed_path())]) == 0
    out = capsys.readouterr().out
    assert "Statements (" in out and "Positions" in out and "Distances" in out
    assert "Israeli officials" in out


@pytest.mark.parametrize("reader", [["--heads-only"], ["--head-threshold", "0.8"]])
def test_cli_lean_path_reads_the_seed(seed_text, capsys, reader):
    from stancekit.cli import main

    argv = ["analyze", str(seed_path()), "--extractor", "fast", *reader, "--n-boot", "0"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Positions" in out and "Israeli officials" in out


def test_cli_reads_claims_with_the_claim_head(seed_text, capsys):
    from stancekit.cli import main

    claim = "Biden will return to the Iran nuclear deal"
    argv = ["analyze", str(seed_path()), "--claim", claim, "--format", "json", "--n-boot", "0"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["topics"] == [{"key": claim, "proposition": claim, "kind": "claim"}]
    argv = ["analyze", str(seed_path()), "--topic", "iran_deal", "--claim", claim, "--n-boot", "0"]
    assert main([*argv, "--format", "json"]) == 0
    keys = [t["key"] for t in json.loads(capsys.readouterr().out)["topics"]]
    assert keys == ["iran_deal", claim]
