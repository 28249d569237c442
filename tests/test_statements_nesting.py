import pytest

from stancekit.statements import extract_statements, outer_reports


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Milley said the team favors engagement, an Israeli official said.",
            {"Israeli officials": [True], "Milley": [False]},
        ),
        (
            "The Israelis told Milley that the government should be flexible, the officials said.",
            {"Israeli officials": [True, False]},
        ),
        ("Biden said he will return to the deal.", {"Biden": [False]}),
    ],
)
def test_outer_reports(text, expected):
    stmts = extract_statements(text)
    flags = outer_reports(stmts)
    got: dict[str, list[bool]] = {}
    for s, f in zip(stmts, flags):
        got.setdefault(s.actor, []).append(f)
    assert got == expected


def test_empty():
    assert outer_reports([]) == []
