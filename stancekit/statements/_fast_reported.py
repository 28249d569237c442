"""Reported speech of the fast extractor: ``X said (that) ...``, inversions, "according to".

Patterns, sentence by sentence::

    SPEAKER said (that) ...       SPEAKER told X (that) ...   ..., SPEAKER said.
    ..., said SPEAKER.            according to SPEAKER, ...   ..., according to SPEAKER.

Each cue in a sentence is a candidate; its content runs forward to the end of the sentence or
to the next candidate's clause, or backward to the sentence start for an inverted cue.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from stancekit.statements._draft import Draft
from stancekit.statements._fast_actors import DETERMINERS
from stancekit.statements._fast_att import Att, is_cue, make_att
from stancekit.statements._fast_speakers import speaker_after, speaker_before
from stancekit.statements._fast_text import CUE_RE, cue_end, cue_lemma, cue_role
from stancekit.statements._fast_words import (
    AUX,
    INVERSION_MARKS,
    IRREGULAR_PAST,
    OPEN_MARKS,
    PUNCT_EDGE,
    TIME,
    clause_like,
    prev_char,
    prev_word,
)
from stancekit.statements._quotes import body_start, close_quotes, reported_kind
from stancekit.statements._tokens import SPEAKER_STRIP, trim, trim_content
from stancekit.statements._types import Span
from stancekit.statements.cues import MAX_LABEL_WORDS

_CLAUSE_LINKS = frozenset({"while", "but", "and", "whereas", "although", "though", "as"})
_SUBORDINATORS = frozenset(
    "if when unless while although though because as once until before after should".split()
)
_MODIFIER_STARTS = frozenset(
    """
    asked speaking in at on after before during when while responding writing addressing
    pressed appearing interviewed
    """.split()
)
#: A prepositional setting after a cue, up to a following "that" ("says on its website that").
_SETTING = re.compile(
    r"\s+(?:in|on|at|during|after|before|from|while|outside|inside|via|to|with)\s"
    r"[^.;:!?\u201c\u201d\"\u2014\u2013]{1,90}?,?\s+that\s",
    re.IGNORECASE,
)
#: An aside between a cue and "that" ("She cautioned, however, that ...").
_ASIDE = re.compile(
    r",\s+(?:however|though|again|too|also|nonetheless|nevertheless|meanwhile|moreover|"
    r"for (?:his|her|their|its) part),\s+(?=that\s)",
    re.IGNORECASE,
)
#: Speakers that a belief or object cue outside a quotation rarely attributes ("I want").
_SELF = frozenset({"i", "we", "you"})
#: Modals between a speaker and a belief or object cue: a prediction, not a report.
_MODALS = frozenset("will would could should may might must can".split())
#: Words before a speaker that make its cue a relative clause ("what she called ...").
_RELATIVES = frozenset({"what", "which"})
#: Opening double quotation marks (a quotation in an object cue's clause).
_QUOTE_MARK = re.compile('[\u201c"]')
_TELL_LEMMAS = frozenset({"tell", "warn", "assure", "inform", "advise", "remind", "brief", "ask"})
_OBJECT = re.compile(
    r"\s*(?:him|her|them|lawmakers|supporters|viewers|listeners|the\s+crowd|an?\s+audience|"
    r"staff|employees|workers|investors|analysts|colleagues|members|parliament|"
    r"the\s+(?:house|chamber|committee|court|inquiry|panel|hearing|senate|assembly|council)|"
    r"(?:the\s+|The\s+)?(?:[A-Z][\w'\u2019.&-]*\s+){0,4}[A-Z][\w'\u2019.&-]*)(?![\w-])"
)


@dataclass(frozen=True)
class Cand:
    """A cue of a sentence with its attribution; ``inherited`` when the speaker is shared."""

    att: Att
    inherited: bool
    after: bool  # speaker after the cue ("said X", "according to X")

    @property
    def start(self) -> int:
        return self.att.cue[0] if self.inherited else self.att.start


def _content_start(text: str, start: int, end: int) -> int:
    """After a bullet and a short "Label:" at the start of a sentence."""
    start = body_start(text, start, end)
    colon = text.find(":", start, end)
    if colon > 0 and len(text[start:colon].split()) <= MAX_LABEL_WORDS and colon + 1 < end:
        if text[colon + 1 : colon + 2].isspace():
            return colon + 1
    return start


def _inside(pos: int, starts: list[int], spans: list[Span]) -> bool:
    """Whether ``pos`` lies in one of the sorted ``spans`` (their ``starts`` given)."""
    k = bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _candidates(
    text: str,
    lo: int,
    hi: int,
    qstarts: list[int],
    qspans: list[Span],
    used: set[int],
    anchors: list[Att],
) -> list[Cand]:
    """Every cue of a sentence with a speaker: before, after, or shared with an earlier cue."""
    found: list[Cand] = []
    for m in CUE_RE.finditer(text, lo, hi):
        if m.start() in used or _inside(m.start(), qstarts, qspans) or not is_cue(text, m):
            continue
        lemma = cue_lemma(m.group())
        if lemma == "according":
            if m.group().lower() == "per" and not (
                m.start() == lo or prev_char(text, m.start(), lo) in ",(\u2014\u2013"
            ):
                continue  # "$5 per person": "per" attributes only when set off
            after = speaker_after(text, m.end(), hi, apposition=m.start() > lo)
            if after is not None:
                att = make_att(text, m, after[0], after[1])
                found.append(Cand(att, False, True))
            continue
        progressive = m.group().lower().endswith("ing")
        quoted = _quoted_as(text, lo, m)
        if quoted is not None:  # "X was quoted as saying", "IRNA quoted X as saying"
            found.append(Cand(make_att(text, m, quoted, quoted), False, False))
            continue
        speaker = speaker_before(text, lo, m.start(), progressive)
        if speaker is not None and not _bad_extra(text, m, speaker):
            found.append(Cand(make_att(text, m, speaker, speaker), False, False))
            continue
        prev = prev_char(text, m.start(), lo)
        word, _ = prev_word(text, m.start(), lo)
        if prev in INVERSION_MARKS and cue_role(m.group()) in ("speech", "clause"):
            after = speaker_after(text, cue_end(text, m.end()), hi)
            if after is not None:
                att = make_att(text, m, after[0], after[1])
                found.append(Cand(att, False, True))
                continue
        if word in ("and", "but") or (progressive and prev == ","):
            earlier = [a for a in [*anchors, *(c.att for c in found)] if a.cue[0] < m.start()]
            earlier = [a for a in earlier if a.speaker is not None and a.cue[0] >= lo]
            if earlier:
                src = max(earlier, key=lambda a: a.cue[0])
                att = make_att(text, m, src.speaker, None)
                att = Att(src.speaker, att.cue, src.words, att.lemma, att.role)
                found.append(Cand(att, True, False))
            elif progressive and cue_role(m.group()) in ("speech", "clause"):
                # "Walsh played down the talk, insisting ...": the sentence's subject
                subject = _sentence_subject(text, lo, m.start())
                if subject is not None:
                    found.append(Cand(make_att(text, m, subject, subject), False, False))
    return found


def _sentence_subject(text: str, lo: int, hi: int) -> Span | None:
    """The subject that opens the sentence at ``lo``, before its first finite verb and before
    ``hi`` ("Club captain Danny Okafor was ...": "Club captain Danny Okafor"), or None."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text[lo:hi])]
    for k, (_, raw) in enumerate(words[1:8], start=1):
        w = raw.strip(PUNCT_EDGE).lower()
        if raw != raw.lower() or w in DETERMINERS:
            continue
        verb = w in AUX or w in IRREGULAR_PAST or (len(w) > 4 and w.endswith("ed"))
        j = k - 1  # "Walsh himself played": the name before "himself"
        while j > 0 and words[j][1].lower() in _BETWEEN_SUBJECT_AND_VERB:
            j -= 1
        if verb and words[j][1][:1].isupper() and "," not in words[j][1]:
            return speaker_before(text, lo, lo + words[j + 1][0], False)
        if not verb and k > 3:
            return None
    return None


#: Words between a sentence's subject and its verb ("Walsh himself played").
_BETWEEN_SUBJECT_AND_VERB = frozenset(
    "himself herself itself themselves also now later then still again".split()
)


_PASSIVE_QUOTED = re.compile(
    r"\s(?:was|were|is|are|been|being)\s+(?:quoted|cited)(?:\s+by\s+[^,.;:]{1,60}?)?\s+as\s+$",
    re.IGNORECASE,
)
_ACTIVE_QUOTED = re.compile(r"\b(?:quoted|cited)\s+([^,.;:]{2,80}?)\s+as\s+$", re.IGNORECASE)


def _quoted_as(text: str, lo: int, m: re.Match[str]) -> Span | None:
    """The speaker of "saying" after "X was quoted as" or "IRNA quoted X as", or None."""
    if m.group().lower() != "saying":
        return None
    before = text[lo : m.start()]
    passive = _PASSIVE_QUOTED.search(before)
    if passive is not None:
        return speaker_before(text, lo, lo + passive.start() + 1, False)
    active = _ACTIVE_QUOTED.search(before)
    if active is None:
        return None
    span = trim(text, lo + active.start(1), lo + active.end(1), SPEAKER_STRIP)
    return span if span[1] > span[0] else None


def _bad_extra(text: str, m: re.Match[str], speaker: Span) -> bool:
    """A belief or object cue after "I", a modal ("will find") or "what" ("what she called")."""
    if cue_role(m.group()) == "speech":
        return False
    if text[speaker[0] : speaker[1]].lower() in _SELF:
        return True
    if any(w.lower() in _MODALS for w in text[speaker[1] : m.start()].split()):
        return True  # "he will find it impossible": not a report
    return prev_word(text, speaker[0], max(0, speaker[0] - 20))[0] in _RELATIVES


def _boundary(text: str, cand: Cand, lo: int) -> int | None:
    """Where a later candidate's clause starts (its comma or clause link), if it has one."""
    start = cand.start
    if prev_char(text, start, lo) in INVERSION_MARKS:
        return text.rfind(prev_char(text, start, lo), lo, start)
    word, at = prev_word(text, start, lo)
    if word in _CLAUSE_LINKS and at >= lo:
        return at
    return None


def _forward(text: str, cand: Cand, hi: int) -> Span | None:
    """Content after the cue ("said (that) ...", "told X ..."), up to ``hi``."""
    att = cand.att
    start = att.end if cand.after else att.cue[1]
    if att.lemma == "according":
        rest = text[start:hi].lstrip(" ,\u2014\u2013")
        if rest.split(" ", 1)[0].lower() in ("which", "who", "whose"):
            return None  # "according to the memo, which was seen by Reuters, ..."
        start = hi - len(rest)
        content = trim_content(text, start, hi)
        return content if len(text[slice(*content)].split()) >= 2 else None
    m = TIME.match(text, start)
    if m:
        start = m.end()
    if att.role in ("object", "quote"):
        return _object(text, start, hi, quoted=att.role == "quote")
    start = _skip_setting(text, start, hi)
    if att.lemma in _TELL_LEMMAS:
        obj = _OBJECT.match(text, start)
        setting = _skip_setting(text, obj.end(), hi) if obj is not None else start
        if obj is not None and setting > obj.end():  # "told staff in a memo that ..."
            start = setting
        elif obj is not None and (
            att.lemma == "tell" or text[obj.end() : obj.end() + 6] == " that "
        ):
            start = obj.end()
            m = TIME.match(text, start)
            if m:
                start = m.end()
    rest = text[start:hi].lstrip()
    if not rest or rest[0] in ".,;!?)":
        return None
    start, end = trim_content(text, start, hi)
    that = text[start : start + 5].lower() == "that "
    if that:
        start += 5
    elif text[start] not in OPEN_MARKS and not clause_like(text, (start, end)):
        return None
    return (start, end) if end > start else None


def _object(text: str, start: int, hi: int, *, quoted: bool) -> Span | None:
    """The rest of the clause as content ("wants to ...", "called for ...").

    With ``quoted``, only when it holds a quotation ("called the plan \u201ca disaster\u201d").
    """
    rest = text[start:hi].lstrip()
    if not rest or rest[0] in ".,;:!?)" or rest[0] in "\u2014\u2013":
        return None
    content = trim_content(text, start, hi)
    if content[1] <= content[0]:
        return None
    if quoted and not _QUOTE_MARK.search(text, content[0], content[1]):
        return None
    return content


def _skip_setting(text: str, start: int, hi: int) -> int:
    """After a setting or an aside between the cue and "that" ("said at a rally in Ohio, that",
    "cautioned, however, that")."""
    aside = _ASIDE.match(text, start, hi)
    if aside is not None:
        return aside.end() - 1  # the space before "that"
    m = _SETTING.match(text, start, hi)
    if m is None or _next_bare(text, m.end()) in AUX:
        return start  # "in a state that has ...": a relative clause, not the content
    return m.end()


def _next_bare(text: str, pos: int) -> str:
    """The word starting at ``pos``, bare (lower-case, edge punctuation stripped)."""
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[pos:end].strip(PUNCT_EDGE).lower()


def _backward(text: str, cand: Cand, lo: int, hi: int) -> tuple[Span, tuple[Span, ...]] | None:
    """Content before an inverted cue ("..., X said"); "If ..., X said, ..." keeps the rest."""
    start = cand.att.start
    if start <= lo or prev_char(text, start, lo) not in INVERSION_MARKS:
        return None
    before = trim_content(text, lo, start)
    if before[1] <= before[0] or text[before[0]] in OPEN_MARKS:
        return None
    words = text[slice(*before)].split()
    if len(words) < 2:
        return None
    first = words[0].strip(PUNCT_EDGE).lower()
    if first in _MODIFIER_STARTS and len(words) < 8:
        return None
    after = trim_content(text, cand.att.end, hi)
    continues = text[cand.att.end : hi].lstrip().startswith(",") and after[1] > after[0]
    long_after = continues and len(text[slice(*after)].split()) >= 3
    phrase = len(words) < 5 and not clause_like(text, before)
    if long_after and (first in _SUBORDINATORS or phrase):
        # "If ..., X said, ..."; "The government, he told the Commons, shared ..."
        return (before[0], after[1]), (before, after)
    if phrase:
        return None  # "Back in Manama, al-Mannai was answering emails": a setting, not content
    return before, ()


def _opens_content(text: str, cand: Cand, other: Cand) -> bool:
    """Whether ``other`` opens the content of a set-off prepositional cue: "According to a
    senior aide, the mayor has briefed ..." (the comma is the cue's, not an inversion's)."""
    if cand.att.lemma != "according" or other.start < cand.att.end:
        return False
    gap = text[cand.att.end : other.start].strip(" ,\u2014\u2013").split()
    # (or opens it with a subject whose first conjunct the other's speaker left out:
    # "According to X, American and European negotiators have agreed ...")
    return not gap or (len(gap) <= 3 and gap[-1] in ("and", "or"))


def reported_drafts(
    text: str, sents: list[Span], quote_spans: list[Span], used: set[int], anchors: list[Att]
) -> list[Draft]:
    """Reported-speech drafts of every sentence.

    Parameters
    ----------
    text : str
        The source text (quotes normalised).
    sents : list of (int, int)
        Sentence spans, from :func:`stancekit.statements._fast_text.sentences`.
    quote_spans : list of (int, int)
        Sorted inner spans of the quotations; cues inside them are skipped.
    used : set of int
        Start offsets of cues already attributed to a direct quote.
    anchors : list of Att
        Attributions of the direct quotes, for a later cue that shares their speaker.

    Returns
    -------
    list of Draft
        In sentence order; ``source`` is ``"fast-reported"`` or ``"fast-according"``.
    """
    qstarts = [s for s, _ in quote_spans]
    drafts: list[Draft] = []
    for s_start, s_end in sents:
        lo = _content_start(text, s_start, s_end)
        sent_end = trim(text, s_start, s_end)[1]
        local = [a for a in anchors if s_start <= a.cue[0] < s_end]
        cands = _candidates(text, lo, s_end, qstarts, quote_spans, used, local)
        for cand in cands:
            bounds = [
                _boundary(text, o, cand.att.end)
                for o in cands
                if o.start > cand.att.end and not _opens_content(text, cand, o)
            ]
            hi = min([sent_end, *(b for b in bounds if b is not None)])
            parts: tuple[Span, ...] = ()
            content = (
                None if cand.after and cand.att.lemma != "according" else _forward(text, cand, hi)
            )
            if cand.att.lemma == "according" and cand.att.cue[0] > lo:
                content = None
            if content is None:
                if cand.inherited or cand.att.role in ("object", "quote"):
                    continue
                if any(_opens_content(text, o, cand) for o in cands if o is not cand):
                    continue  # "According to X, the mayor has briefed ...": not the mayor's
                back = _backward(text, cand, lo, sent_end)
                if back is None:
                    continue
                content, parts = back
            content = close_quotes(content, quote_spans, sent_end, text)
            rule = "fast-according" if cand.att.lemma == "according" else "fast-reported"
            drafts.append(
                Draft(
                    speaker=cand.att.speaker,
                    cue=cand.att.cue,
                    content=content,
                    kind=reported_kind(content, quote_spans, text),
                    head=None,
                    source=rule,
                    parts=parts,
                    meta={"att": cand.att},
                )
            )
    return drafts


__all__ = ["Cand", "reported_drafts"]
