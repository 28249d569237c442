"""Actor normalization helpers: pure functions on strings."""

from __future__ import annotations

import pytest

from stancekit.statements.actors import anchor_of, clean_person_name, merge_names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("General Mark Milley", "Mark Milley"),
        ("President-elect Biden", "Biden"),
        ("President-elect Biden\u2019s", "Biden"),
        ("Prime Minister Benjamin Netanyahu", "Benjamin Netanyahu"),
        ("Defense Secretary Benny Gantz", "Benny Gantz"),
        ("Sen. Angus King", "Angus King"),
        ("Mark Milley, Chairman of the Joint Chiefs of Staff", "Mark Milley"),
        ("Milley", "Milley"),
    ],
)
def test_clean_person_name(name: str, expected: str) -> None:
    assert clean_person_name(name) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["an", "Israeli", "official"], "Israeli officials"),
        (["the", "Israelis"], "Israeli officials"),
        (["Jerusalem"], "Israeli officials"),
        (["the", "White", "House"], "US officials"),
        (["Tehran"], "Iranian officials"),
        (["a", "source", "familiar", "with", "the", "talks"], None),
    ],
)
def test_anchor_of(words: list[str], expected: str | None) -> None:
    assert anchor_of(words) == expected


def test_merge_names_into_the_longest_full_name() -> None:
    merged = merge_names(["Milley", "Mark Milley", "Mark A. Milley", "Biden"])
    assert merged["Milley"] == "Mark A. Milley"
    assert merged["Mark Milley"] == "Mark A. Milley"
    assert merged["Biden"] == "Biden"


def test_ambiguous_surname_is_not_merged() -> None:
    merged = merge_names(["Biden", "Joe Biden", "Hunter Biden"])
    assert merged["Biden"] == "Biden"


@pytest.mark.parametrize(
    ("names", "name", "expected"),
    [
        (["Chen", "Chen Mingyuan"], "Chen", "Chen Mingyuan"),  # a family name written first
        (["Obama", "Obama Says"], "Obama", "Obama"),  # a headline tagged a name
        (["Trump", "Trump Warned"], "Trump", "Trump"),
        (["Geoffrey", "Geoffrey Aske"], "Geoffrey", "Geoffrey Aske"),  # not "ask"
    ],
)
def test_first_word_merges_into_no_headline(names: list[str], name: str, expected: str) -> None:
    assert merge_names(names)[name] == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [("Mr. Obama", "m"), ("Mrs Obama", "f"), ("Ms. Moore", "f"), ("Obama", None), (None, None)],
)
def test_honorific_gender(mention: str | None, expected: str | None) -> None:
    from stancekit.statements.actors import honorific_gender

    assert honorific_gender(mention) == expected
