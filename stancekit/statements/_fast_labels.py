"""Speaker labels of the fast extractor: a paragraph that opens with a name and a colon.

Interviews ("Helen Marsh: Most will pay less."), transcripts ("WALLACE: ...") and headlines
("Pence: ...") attribute a paragraph to the name before the colon. Without a parse, a label
counts when it is a transcript's turn in capitals (at least two speakers, one of them speaking
again) or a name of two or more capitalised words whose last word the text also uses outside
the labels ("Tom Avery: ..." after "her interview with Tom Avery"); section labels ("Why it
matters:", "Update:") do not.
"""

from __future__ import annotations

import re

from stancekit.statements._draft import Draft
from stancekit.statements._fast_att import Att
from stancekit.statements._fast_speakers import core_words
from stancekit.statements._label_text import (
    NOT_SPEAKERS,
    bracket_name,
    caps,
    colon_at,
    find_labels,
    first_word,
    label_content,
    turn_labels,
)
from stancekit.statements.cues import ORG_WORDS, TITLES


def label_drafts(text: str, drafts: list[Draft]) -> list[Draft]:
    """Drafts for the paragraphs of ``text`` that a speaker label opens.

    Parameters
    ----------
    text : str
        The source text (quotes normalised).
    drafts : list of Draft
        Drafts found so far: a label's paragraph they cover is left to them, but for a
        transcript's turn, which replaces them (``meta["turn"]`` is True).

    Returns
    -------
    list of Draft
        ``source="fast-label"``; the label is the speaker and the colon the cue.
    """
    found, transcript = find_labels(text)
    if not found:
        return []  # (most texts: no need to blank out anything)
    spans = [m.span("label") for m, _ in found]
    outside = _mask(text, spans)
    turns = turn_labels(found, transcript)
    out = []
    for m, end in found:
        label = m.group("label")
        turn = label in turns
        if first_word(label) in NOT_SPEAKERS or not (turn or _named(label, outside)):
            continue
        read = label_content(text, m, end, turn, [d.content for d in drafts])
        if read is None:
            continue
        content, kind = read
        speaker = m.span("label")
        colon = (colon_at(m), colon_at(m) + 1)  # (after a bracket: "Ms KERR (Braddon):")
        words = core_words(text, speaker)
        if turn and caps(label):  # a transcript's speakers are people: "PENCE" is Pence
            words = tuple(w.capitalize() for w in words)
        named = bracket_name(m)  # "The MINISTER FOR TRANSPORT (Mr Gavin Tully):"
        if named is not None:
            words = tuple(named.split())
        att = Att(speaker, colon, words, "label")
        meta = {"att": att, "turn": turn}
        out.append(Draft(speaker, colon, content, kind, None, "fast-label", meta=meta))
    return out


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the labels blanked out."""
    chars = list(text)
    for lo, hi in spans:
        chars[lo:hi] = " " * (hi - lo)
    return "".join(chars)


def _named(label: str, outside: str) -> bool:
    """Whether a label is a name of two or more words (titles aside) whose last word the text
    uses outside the labels."""
    words = [w for w in label.split() if w.lower().rstrip(".") not in TITLES]
    if len(words) < 2 or any(w.lower() in ORG_WORDS for w in words):
        return False
    return re.search(rf"\b{re.escape(words[-1])}\b", outside) is not None


__all__ = ["label_drafts"]
