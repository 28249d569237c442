"""Word tables and small text helpers shared by the fast extractor's modules.

Punctuation classes, the words that end a speaker phrase, time expressions after a cue, and
the test for "does this look like a clause" that reported speech and appositions both use.
"""

from __future__ import annotations

import re

from stancekit.statements._fast_actors import DETERMINERS, capitalised
from stancekit.statements._types import Span

#: Opening quotation marks.
OPEN_MARKS = "\u201c\u2018\"'"
# A set, so that "" (no character before, from prev_char) is not a member, as it is of a str.
#: Marks before an inverted cue ("..., said X", "...\u201d X said").
INVERSION_MARKS = frozenset(",\u2014\u2013\u2015\u201d\"'\u2019")
#: Punctuation stripped from the edges of a word.
PUNCT_EDGE = ",;:\u201c\u201d\"'\u2018\u2019()[]\u2014\u2013"

#: Words that end a speaker phrase when walking back from the cue.
STOPS = frozenset(
    """
    that and but or nor while because if when as after before since although though so than
    where whether what how why unless until whereas to not never n't said says
    """.split()
)
#: Prepositions that start a modifier, not a speaker or a clause.
LEADING_PREPS = frozenset(
    "in on at after before during for with by from of since under over about".split()
)
#: A time expression right after a cue ("said on Monday", "told reporters late Friday").
TIME = re.compile(
    r"\s*(?:(?:late|early)\s+(?=on\s))?(?:(?:on|late|early|last|this|earlier|later)\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|night|"
    r"morning|afternoon|evening|yesterday|today|tonight|earlier|later|recently)"
    r"(?:\s+(?:night|morning|afternoon|evening))?(?![\w-])",
    re.IGNORECASE,
)
#: Auxiliaries and their contractions: a sign of a finite clause.
AUX = frozenset(
    """
    is was are were will would has have had can could should must may might did does do
    be been being isn't wasn't aren't weren't won't wouldn't hasn't haven't hadn't can't
    couldn't shouldn't didn't doesn't don't am 's 're 've 'll 'd
    """.split()
)
_CLAUSE_STARTERS = frozenset("he she it they we i you there".split())


def bare(word: str) -> str:
    """Lower-case ``word`` stripped of edge punctuation."""
    return word.strip(PUNCT_EDGE).lower()


def prev_char(text: str, pos: int, lo: int) -> str:
    """The last non-space character of ``text[lo:pos]`` ("" when none)."""
    i = pos - 1
    while i >= lo and text[i].isspace():
        i -= 1
    return text[i] if i >= lo else ""


def prev_word(text: str, pos: int, lo: int) -> tuple[str, int]:
    """The last word of ``text[lo:pos]``, lower-cased, and where it starts."""
    m = re.search(r"(\S+)\s*$", text[lo:pos])
    return (m.group(1).lower(), lo + m.start(1)) if m else ("", pos)


#: Irregular past tenses that are rarely anything else ("Germany stood firmly ...").
IRREGULAR_PAST = frozenset(
    """
    stood made took gave came went kept held met brought thought told found became began won
    saw knew sent built spent led paid ran fell grew rose struck sought fought taught bought
    caught meant felt dealt understood withdrew broke chose drove wrote spoke got forgot sank
    swore threw overtook undertook
    """.split()
)


def clause_like(text: str, span: Span) -> bool:
    """Whether a span reads like a finite clause (a pronoun subject, an auxiliary, a verb)."""
    words = text[span[0] : span[1]].split()[:15]
    if len(words) < 3:
        return False
    lower = [w.strip(PUNCT_EDGE).lower().replace("\u2019", "'") for w in words]
    if lower[0] in LEADING_PREPS or lower[0] in ("to", "about"):
        return False
    if lower[0] in _CLAUSE_STARTERS:
        return True
    for k, w in enumerate(lower):
        if w in AUX or w.endswith(("n't", "'re", "'ll", "'ve", "'d")):
            return True
        if k > 0 and len(w) > 4 and w.endswith("ed") and lower[k - 1] not in DETERMINERS:
            return True
        if k > 0 and w in IRREGULAR_PAST and lower[k - 1] not in DETERMINERS:
            return True
        # "Aurion expects", "Aurion now expects": a name and a verb in -s
        j = k - 2 if k > 1 and lower[k - 1] in _ADVERBS else k - 1
        if (
            j >= 0
            and w.endswith("s")
            and not w.endswith("ss")
            and words[k][:1].islower()
            and words[j][:1].isupper()
        ):
            return True
    return False


#: Adverbs between a subject and its verb ("Aurion now expects").
_ADVERBS = frozenset("now also still never currently already just even".split())


__all__ = [
    "AUX",
    "INVERSION_MARKS",
    "LEADING_PREPS",
    "OPEN_MARKS",
    "PUNCT_EDGE",
    "STOPS",
    "TIME",
    "bare",
    "capitalised",
    "clause_like",
    "prev_char",
    "prev_word",
]
