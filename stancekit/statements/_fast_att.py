"""Attributions of the fast extractor: a speaker with its cue, and which cue matches count.

:class:`Att` is what the direct-quote and the reported-speech passes both produce and share
(a direct quote's attribution anchors a reported clause that continues it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stancekit.statements._fast_speakers import core_words
from stancekit.statements._fast_text import NOUNY_S_FORMS, cue_end, cue_lemma, cue_role
from stancekit.statements._fast_words import prev_char, prev_word
from stancekit.statements._types import Span


@dataclass(frozen=True)
class Att:
    """A speaker and a cue; ``words`` are the speaker's core words (no apposition)."""

    speaker: Span | None
    cue: Span
    words: tuple[str, ...]
    lemma: str
    role: str = "speech"  # see :func:`stancekit.statements._fast_text.cue_role`

    @property
    def start(self) -> int:
        return self.cue[0] if self.speaker is None else min(self.cue[0], self.speaker[0])

    @property
    def end(self) -> int:
        return self.cue[1] if self.speaker is None else max(self.cue[1], self.speaker[1])


_ABBREVIATION = re.compile(r"(?:[a-z]\.){2,}")  # "u.s.", "u.n." (lower-cased)


def _headline(text: str, pos: int) -> bool:
    """Whether the paragraph around ``pos`` is a headline: no final sentence punctuation."""
    end = text.find("\n", pos)
    line = text[text.rfind("\n", 0, pos) + 1 : len(text) if end < 0 else end].rstrip()
    return not line.endswith((".", "!", "?", '"', "\u201d", "'", "\u2019"))


def is_cue(text: str, m: re.Match[str]) -> bool:
    """Reject -s forms that are more often nouns unless "that" follows."""
    word = m.group().lower()
    if m.group()[:1].isupper() and word != "according to":
        prev, nxt = (
            prev_word(text, m.start(), max(0, m.start() - 40)),
            text[m.end() + 1 : m.end() + 2],
        )
        if prev[0][:1].isalpha() and text[prev[1]].isupper() and nxt.isupper():
            # a headline in title case, not a name ("a U.S. State Department spokesperson")
            return word not in NOUNY_S_FORMS and _headline(text, m.start())
        return (
            m.start() == 0
            or text[m.start() - 1] in '\n\u201c"'
            or prev_char(text, m.start(), 0) in ".:"
            and not _ABBREVIATION.fullmatch(prev[0])
        )
    if word in NOUNY_S_FORMS:
        return text[m.end() : m.end() + 6].lower() == " that "
    before = prev_word(text, m.start(), max(0, m.start() - 40))[0].lower()
    if before in _DETERMINERS:
        return False  # "a readout of the call released by ...": a noun
    if word.endswith("ing") and before in _NOUN_MODIFIERS:
        return False  # "said at a regular press briefing": a noun
    return not (word.endswith("ing") and m.start() > 0 and text[m.start() - 1] == "-")


#: Words before an -ing form that make it a noun ("a press briefing", "a news briefing").
_NOUN_MODIFIERS = frozenset("press news media regular weekly daily background technical".split())
#: Words before a cue word that make it a noun ("the call", "a warning", "his claim").
_DETERMINERS = frozenset("the a an this these those his her their its our my your".split())


def make_att(text: str, m: re.Match[str], speaker: Span | None, core: Span | None) -> Att:
    """An :class:`Att` for cue match ``m``, the cue extended past a tail ("said in a statement")."""
    lemma = cue_lemma(m.group())
    end = m.end() if lemma == "according" else cue_end(text, m.end())
    words = core_words(text, core) if core is not None else ()
    return Att(speaker, (m.start(), end), words, lemma, cue_role(m.group()))


__all__ = ["Att", "is_cue", "make_att"]
