"""The seed story every user sees first: statements and actors a careful analyst agrees with."""

from __future__ import annotations

from typing import Any

import pytest

from stancekit._paths import seed_path
from stancekit.statements import Statement, check_spans, extract_statements


@pytest.fixture(scope="module")
def seed_text() -> str:
    path = seed_path()
    if not path.is_file():
        pytest.fail(f"seed story not found at {path} (set $STANCEKIT_SEED to its path)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str, nlp: Any) -> list[Statement]:
    return extract_statements(seed_text, "seed", nlp=nlp)


def _by(statements: list[Statement], word: str) -> list[Statement]:
    return [s for s in statements if word in s.actor]


def test_every_span_is_exact(seed: list[Statement], seed_text: str) -> None:
    assert seed
    for s in seed:
        check_spans(s, seed_text)
        assert s.doc_id == "seed"
    starts = [s.content_span[0] for s in seed if s.content_span]
    assert starts == sorted(starts)


def test_one_merged_israeli_actor(seed: list[Statement]) -> None:
    israeli = {s.actor for s in seed if "Israel" in s.actor}
    assert len(israeli) == 1, israeli
    assert len(_by(seed, "Israel")) >= 6


def test_milley_and_biden_speak(seed: list[Statement]) -> None:
    assert _by(seed, "Milley")
    assert _by(seed, "Biden")


def test_biden_statement(seed: list[Statement]) -> None:
    (biden,) = _by(seed, "Biden")
    assert biden.content.startswith(
        "he will return to the 2015 deal if Iran is back into compliance"
    )
    assert (biden.cue, biden.kind) == ("says", "indirect")


def test_direct_quote_by_israeli_official(seed: list[Statement]) -> None:
    (s,) = [s for s in seed if s.content.startswith("We emphasized")]
    assert s.content.endswith("better deal")
    assert (s.speaker, s.kind, s.actor) == ("an Israeli official", "direct", "Israeli officials")


def test_bullet_argued_by_israelis(seed: list[Statement]) -> None:
    (s,) = [s for s in seed if s.cue == "argued"]
    assert s.content.startswith("If Biden doesn\u2019t use")
    assert s.content.endswith("he will find it impossible to negotiate a better deal later")
    assert "Israel" in s.actor


def test_milley_statements_nested_in_an_israeli_report(seed: list[Statement]) -> None:
    milley = {(s.cue, s.content) for s in _by(seed, "Milley")}
    assert (
        "made it clear",
        "he still hasn\u2019t had a chance to speak to members of the new government",
    ) in milley
    assert (
        "said",
        "Biden\u2019s national security team has a pro-engagement approach to Iran",
    ) in milley
    outer = [s for s in seed if s.content.startswith("Milley made it clear")]
    assert len(outer) == 1 and "Israel" in outer[0].actor


def test_no_statement_from_narration(seed: list[Statement]) -> None:
    contents = " ".join(s.content for s in seed)
    assert "Netanyahu makes his objections" not in contents
    assert "Milley met with" not in contents
    assert not any(s.speaker in ("they", "We", "we") for s in seed)


def test_odd_spacing_before_closing_quote(seed: list[Statement]) -> None:
    (s,) = [s for s in seed if s.cue == "told me"]
    assert s.content.startswith("We think it is important")
    assert s.content.endswith("on fire")
    assert s.kind == "direct"
