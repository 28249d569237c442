"""The fast extractor: attributed statements from the raw text with ``re`` and word lists.

No spaCy, no torch: sentences are split with a regex, cues are found with one regex built
from :data:`stancekit.statements.cues.REPORTING_VERBS` (all inflected forms), and speakers
are the words next to the cue up to a clause boundary. It handles the common newswire
patterns::

    "...," SPEAKER said.          "...," said SPEAKER.        SPEAKER said: "..."
    SPEAKER said (that) ...       SPEAKER told X (that) ...   ..., SPEAKER said.
    ..., said SPEAKER.            according to SPEAKER, ...   ..., according to SPEAKER.

It is many times faster than ``method="rules"`` and less accurate (no parse: long or nested
sentences, verbs that are also nouns and speakers far from their cue are where it misses).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stancekit.statements._draft import Draft
from stancekit.statements._fast_actors import (
    DETERMINERS,
    classify_words,
    find_names,
    resolve,
)
from stancekit.statements._fast_text import (
    CUE_RE,
    NOUNY_S_FORMS,
    VERB_FORMS,
    cue_end,
    normalize_quotes,
    sentence_end,
    sentence_start,
    sentences,
)
from stancekit.statements._quotes import (
    Quote,
    Segment,
    body_start,
    find_quotes,
    iter_inner_spans,
    paragraphs,
)
from stancekit.statements._tokens import (
    SPEAKER_STRIP,
    only_punct,
    overlap,
    trim,
    trim_content,
)
from stancekit.statements._types import Kind, Span, Statement
from stancekit.statements._validate import check_all
from stancekit.statements.actors import normalize_actors
from stancekit.statements.cues import (
    DOCUMENT_NOUNS,
    MAX_LABEL_WORDS,
    MIN_MIXED_QUOTE_WORDS,
    ORG_WORDS,
    PRONOUNS,
    SOURCE_NOUNS,
    TITLES,
    UNKNOWN_ACTOR,
)

#: Common nouns that can head a speaker phrase besides SOURCE_NOUNS and DOCUMENT_NOUNS.
SPEAKER_NOUNS: frozenset[str] = frozenset(
    """
    analyst analysts expert experts critic critics lawmaker lawmakers legislator legislators
    democrats republicans voter voters resident residents witness witnesses observer observers
    supporter supporters opponent opponents campaign candidate nominee president senator
    governor prosecutor prosecutors lawyer lawyers attorney attorneys judge researcher
    researchers scientist scientists economist economists poll polls data survey records
    article newspaper book website group groups organization activists activist protesters
    leader leaders member members police investigators authorities spokesperson businessman
    man woman men women father mother mayor chairman founder director chief head manager
    commander experts residents farmers workers students doctors doctor nurses nurse
    republican democrat conservatives liberals advocates economists pollster pollsters
    insiders counsel staff family friends friend daughter son wife husband team
    administration department ministry agency government commission committee court
    ruling order complaint lawsuit suit decision brief ad ads clip video spot indictment
    opinion editorial column blog email emails message account memoir profile documents
    records percent majority panel campaign newspaper magazine network station
    """.split()
)

_OPEN_MARKS = "\u201c\u2018\"'"
_INVERSION_MARKS = ",\u2014\u2013\u2015\u201d\"'\u2019"
_WORD = re.compile(r"\S+")
_PUNCT_EDGE = ",;:\u201c\u201d\"'\u2018\u2019()[]\u2014\u2013"
#: Words between a speaker and its cue that belong to neither ("also", "has", "later").
_BETWEEN = frozenset(
    """
    also later then again previously recently repeatedly publicly privately once often further
    has have had would will did does do may might could should must reportedly initially
    first earlier subsequently quickly flatly simply still even already frequently just
    """.split()
)
_PROGRESSIVE = frozenset({"is", "are", "was", "were", "been", "be"})
#: Words that end a speaker phrase when walking back from the cue.
_STOPS = frozenset(
    """
    that and but or nor while because if when as after before since although though so than
    where whether what how why unless until whereas to not never n't said says
    """.split()
)
_CLAUSE_LINKS = frozenset({"while", "but", "and", "whereas", "although", "though", "as"})
_LEADING_PREPS = frozenset(
    "in on at after before during for with by from of since under over about".split()
)
_NOT_HEADS = frozenset(
    """
    this that these those it there here what many some most few all both each such which who
    one other another any none nobody everyone someone somebody anyone
    """.split()
)
_SUBORDINATORS = frozenset(
    "if when unless while although though because as once until before after should".split()
)
_MODIFIER_STARTS = frozenset(
    """
    asked speaking in at on after before during when while responding writing addressing
    pressed appearing interviewed
    """.split()
)
_TIME = re.compile(
    r"\s*(?:(?:on|late|early|last|this|earlier|later)\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|night|"
    r"morning|afternoon|evening|yesterday|today|tonight|earlier|later|recently)"
    r"(?:\s+(?:night|morning|afternoon|evening))?(?![\w-])",
    re.IGNORECASE,
)
_TELL_LEMMAS = frozenset({"tell", "warn", "assure", "inform", "advise", "remind", "brief", "ask"})
_OBJECT = re.compile(
    r"\s*(?:him|her|them|lawmakers|supporters|viewers|listeners|the\s+crowd|an?\s+audience|"
    r"(?:the\s+|The\s+)?(?:[A-Z][\w'\u2019.&-]*\s+){0,4}[A-Z][\w'\u2019.&-]*)(?![\w-])"
)
_AUX = frozenset(
    """
    is was are were will would has have had can could should must may might did does do
    be been being isn't wasn't aren't weren't won't wouldn't hasn't haven't hadn't can't
    couldn't shouldn't didn't doesn't don't am 's 're 've 'll 'd
    """.split()
)
_CLAUSE_STARTERS = frozenset("he she it they we i you there".split())


@dataclass(frozen=True)
class _Att:
    """A speaker and a cue; ``words`` are the speaker's core words (no apposition)."""

    speaker: Span | None
    cue: Span
    words: tuple[str, ...]
    lemma: str

    @property
    def start(self) -> int:
        return self.cue[0] if self.speaker is None else min(self.cue[0], self.speaker[0])

    @property
    def end(self) -> int:
        return self.cue[1] if self.speaker is None else max(self.cue[1], self.speaker[1])


@dataclass(frozen=True)
class _Cand:
    att: _Att
    inherited: bool
    after: bool  # speaker after the cue ("said X", "according to X")

    @property
    def start(self) -> int:
        return self.att.cue[0] if self.inherited else self.att.start


# ---------------------------------------------------------------------------- speakers
def _bare(word: str) -> str:
    return word.strip(_PUNCT_EDGE).lower()


def _plausible(words: Sequence[str]) -> bool:
    """Whether words look like a speaker phrase (a pronoun, a name or a source noun)."""
    if not words:
        return False
    lower = [_bare(w) for w in words]
    if len(words) == 1 and lower[0] in PRONOUNS:
        return True
    core = list(words)
    for k, w in enumerate(lower):
        if k > 0 and (w in ("who", "whose", "which") or w in _LEADING_PREPS or w == "familiar"):
            core = list(words[:k])
            break
    head_word = core[-1].strip(_PUNCT_EDGE + ".")
    head = re.sub(r"['\u2019]s?$", "", head_word).lower()
    if not head or head in _NOT_HEADS or head in _AUX or head in DETERMINERS:
        return False
    if head_word[:1].isupper():
        return head not in _STOPS
    if head in SOURCE_NOUNS or head in DOCUMENT_NOUNS or head in SPEAKER_NOUNS:
        return True
    return head in ORG_WORDS or head in TITLES or head.rstrip("s") in SOURCE_NOUNS


def _word_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text, lo, hi)]


def _walk(text: str, words: list[Span], i: int) -> list[Span] | None:
    """Words of a speaker phrase ending with ``words[i]``, back to a clause boundary."""
    if text[words[i][1] - 1] == ")" or text[words[i][1] - 2 : words[i][1]] == "),":
        k = i  # skip a parenthetical: "Sen. Lindsey Graham (R-S.C.) told"
        while k > i - 4 and k >= 0 and text[words[k][0]] != "(":
            k -= 1
        if k < 1 or text[words[k][0]] != "(":
            return None
        i = k - 1
    j = i
    relative = False
    while j >= 0:
        raw = text[slice(*words[j])]
        w = _bare(raw)
        if j < i and (
            raw[-1] in ',;:\u2014\u2013\u201d"' or raw[-1] == "\u2019" and raw[-2:-1] != "s"
        ):
            break
        if raw[0] in _OPEN_MARKS or raw[0] in "(\u2014\u2013\u2015":
            break
        if w in _STOPS or raw in ("\u2014", "\u2013", "\u2015", "-", "--"):
            break
        if w in ("who", "which", "whose"):
            relative = True
        if i - j >= (14 if relative else 8):
            return None
        j -= 1
    chosen = words[j + 1 : i + 1]
    if not chosen:
        return None
    texts = [text[slice(*s)] for s in chosen]
    if _bare(texts[0]) in _LEADING_PREPS:
        det = next((k for k, t in enumerate(texts) if _bare(t) in DETERMINERS), None)
        if det is None:
            return None
        chosen, texts = chosen[det:], texts[det:]
    if _bare(texts[0]) in ("who", "which") or not _plausible(texts):
        return None
    return chosen


def _apposed(text: str, words: list[Span], i: int) -> list[Span] | None:
    """'Smith, a spokesman for X, said': the name before the apposition."""
    for m in range(i - 1, max(i - 13, 0) - 1, -1):
        raw = text[slice(*words[m])]
        if raw.endswith(","):
            first = text[slice(*words[m + 1])]
            if not (first[:1].islower() or first[:1].isupper()) or m + 1 > i:
                return None
            return _walk(text, words, m)
        if raw[-1] in ";:" or raw[0] in _OPEN_MARKS or raw[-1] in '\u201d"':
            return None
    return None


def _speaker_before(text: str, lo: int, cue_start: int, progressive: bool) -> Span | None:
    """The speaker phrase that ends right before a cue, back to a clause boundary."""
    words = _word_spans(text, lo, cue_start)
    i = len(words) - 1
    while i >= 0:
        w = _bare(text[slice(*words[i])])
        if text[words[i][1] - 1] in ",;:" or not (
            w in _BETWEEN or progressive and w in _PROGRESSIVE
        ):
            break
        i -= 1
    if i < 0:
        return None
    last = text[slice(*words[i])]
    if last.endswith(","):
        chosen = _apposed(text, words, i)
    elif last[-1] in ";:\u2014\u2013" or last[-1] in _OPEN_MARKS + "\u201d":
        return None
    else:
        chosen = _walk(text, words, i)
    if not chosen:
        return None
    span = trim(text, chosen[0][0], chosen[-1][1], SPEAKER_STRIP)
    return span if span[1] > span[0] else None


def _speaker_after(
    text: str, lo: int, hi: int, *, apposition: bool = True
) -> tuple[Span, Span] | None:
    """The speaker phrase right after a cue: ``(span with apposition, core span)``."""
    m = _TIME.match(text, lo)
    if m:
        lo = m.end()
    words = _word_spans(text, lo, hi)
    chosen: list[tuple[int, int]] = []
    for s, e in words:
        raw = text[s:e]
        w = _bare(raw)
        if raw[0] in _OPEN_MARKS or w in _STOPS and chosen or len(chosen) >= 8:
            break
        if w in ("who", "which"):
            break
        chosen.append((s, e))
        if raw[-1] in ',;:.!?\u201d"' or raw[-1] == "\u2019" and raw[-2:-1] != "s":
            break
    if not chosen:
        return None
    texts = [text[s:e] for s, e in chosen]
    if not _plausible(texts):
        return None
    core = trim(text, chosen[0][0], chosen[-1][1], SPEAKER_STRIP + "?!")
    if core[1] <= core[0]:
        return None
    full = core
    rest = text[chosen[-1][1] - 1 : hi]
    if apposition and rest.startswith(","):
        tail = trim_content(text, chosen[-1][1], hi)
        tail_words = text[slice(*tail)].split()
        first = tail_words[0] if tail_words else ""
        stops = {"who", "which", "that", "and", "but", "adding", "saying", "as", "in", "when"}
        if (
            0 < len(tail_words) <= 12
            and (
                _bare(first) in ("a", "an", "the") or _bare(first) in TITLES or first[:1].isupper()
            )
            and not any(_bare(w) in stops or w[0] in _OPEN_MARKS for w in tail_words)
            and not CUE_RE.search(text, tail[0], tail[1])
            and not _clause_like(text, tail)
        ):
            full = trim(text, core[0], tail[1], SPEAKER_STRIP + "?!")
    return full, core


def _core_words(text: str, span: Span) -> tuple[str, ...]:
    core = text[span[0] : span[1]].split(",")[0]
    return tuple(w.strip(_PUNCT_EDGE) for w in core.split() if w.strip(_PUNCT_EDGE))


def _lemma(cue: str) -> str:
    first = cue.split()[0].lower()
    return VERB_FORMS.get(first, first)


def _is_cue(text: str, m: re.Match[str]) -> bool:
    """Reject -s forms that are more often nouns unless "that" follows."""
    word = m.group().lower()
    if m.group()[:1].isupper() and word != "according to":
        prev, nxt = (
            _prev_word(text, m.start(), max(0, m.start() - 40)),
            text[m.end() + 1 : m.end() + 2],
        )
        if prev[0][:1].isalpha() and text[prev[1]].isupper() and nxt.isupper():
            return word not in NOUNY_S_FORMS  # a headline in title case
        return (
            m.start() == 0
            or text[m.start() - 1] in '\n\u201c"'
            or _prev_char(text, m.start(), 0) in ".:"
        )
    if word in NOUNY_S_FORMS:
        return text[m.end() : m.end() + 6].lower() == " that "
    return not (word.endswith("ing") and m.start() > 0 and text[m.start() - 1] == "-")


def _make_att(text: str, m: re.Match[str], speaker: Span | None, core: Span | None) -> _Att:
    lemma = _lemma(m.group())
    end = m.end() if lemma == "according" else cue_end(text, m.end())
    words = _core_words(text, core) if core is not None else ()
    return _Att(speaker, (m.start(), end), words, lemma)


# ---------------------------------------------------------------------------- direct quotes
def quote_content(text: str, seg: Segment) -> Span:
    """The inner span of a segment, trimmed of spaces and a trailing comma or dash."""
    start, end = trim(text, *seg.inner)
    while end > start and text[end - 1] in ", \u2014\u2013":
        end -= 1
    return start, end


def _attribution_at(text: str, lo: int, hi: int) -> _Att | None:
    """An attribution that starts at ``lo`` (after punctuation): 'said X' or 'X said'."""
    pos = lo
    while pos < hi and not text[pos].isalnum():
        pos += 1
    if pos >= hi:
        return None
    m = CUE_RE.match(text, pos)
    if m is not None and _is_cue(text, m):
        att = _make_att(text, m, None, None)
        found = _speaker_after(text, att.cue[1], hi)
        if found is None:
            return None
        return _Att(found[0], att.cue, _core_words(text, found[1]), att.lemma)
    for m in CUE_RE.finditer(text, pos, hi):
        if not _is_cue(text, m) or _lemma(m.group()) == "according":
            continue
        progressive = m.group().lower().endswith("ing")
        speaker = _speaker_before(text, pos, m.start(), progressive)
        if speaker is None or speaker[0] != pos:
            return None
        return _make_att(text, m, speaker, speaker)
    return None


def _after(text: str, seg: Segment, hi: int) -> _Att | None:
    assert seg.close is not None
    lo = seg.close + 1
    return _attribution_at(text, lo, sentence_end(text, lo, hi))


def _before(text: str, lo: int, seg: Segment) -> _Att | None:
    """'X said: "..."' or 'X said, "..."'."""
    lo = sentence_start(text, lo, seg.open)
    prefix = text[lo : seg.open].rstrip()
    if not prefix or prefix[-1] not in ":," and not prefix[-1].isalpha():
        return None
    found = None
    for m in CUE_RE.finditer(text, lo, seg.open):
        if _is_cue(text, m):
            found = m
    if found is None or _lemma(found.group()) == "according":
        return None
    att = _make_att(text, found, None, None)
    tail = text[att.cue[1] : seg.open]
    time = _TIME.match(tail)
    if not only_punct(tail[time.end() :] if time else tail):
        return None
    speaker = _speaker_before(text, lo, found.start(), found.group().lower().endswith("ing"))
    if speaker is None:
        return None
    return _Att(speaker, att.cue, _core_words(text, speaker), att.lemma)


def _prefix_allows_quote(text: str, lo: int, seg: Segment) -> bool:
    start = sentence_start(text, lo, seg.open)
    prefix = text[start : seg.open].strip()
    if only_punct(prefix) or prefix.endswith(":"):
        return True
    return _before(text, lo, seg) is not None


def _direct(text: str, quotes: list[Quote]) -> tuple[list[Draft], list[_Att]]:
    paras = paragraphs(text)
    drafts: list[Draft] = []
    atts: list[_Att] = []
    prev_att: _Att | None = None
    prev_para, prev_close = -1, None
    para_att: dict[int, _Att] = {}
    consumed: set[int] = set()
    for qi, quote in enumerate(quotes):
        if qi in consumed:
            continue
        first, last = quote[0], quote[-1]
        if first.para != prev_para:
            prev_att, prev_close = None, None
        body = body_start(text, *paras[first.para])
        lo = body if prev_close is None else prev_close + 1
        nxt = quotes[qi + 1][0] if qi + 1 < len(quotes) else None
        same_para_next = nxt is not None and nxt.para == last.para
        hi = nxt.open if same_para_next and nxt is not None else paras[last.para][1]
        att = _after(text, last, hi) if last.close is not None else None
        if att is not None and not _prefix_allows_quote(text, lo, first):
            prev_para, prev_close = last.para, last.close
            continue
        att = att or _before(text, lo, first)
        if att is None and prev_att is not None:
            if only_punct(text[max(lo, prev_att.end) : first.open]):
                att = prev_att
        if (
            att is None
            and first.open == body
            and first.para - 1 in para_att
            and last.close is not None
            and only_punct(text[last.close : paras[last.para][1]])
        ):
            att = para_att[first.para - 1]  # a quote paragraph continuing the one before
        if att is None:
            prev_para, prev_close = last.para, last.close
            continue
        segments = list(quote)
        if (
            same_para_next
            and nxt is not None
            and len(quote) == 1
            and last.close is not None
            and text[quote_content(text, last)[1] : last.close + 1].startswith(",")
            and text[att.end : nxt.open].strip() == ","
        ):
            segments.append(nxt)
            consumed.add(qi + 1)
            segments.extend(quotes[qi + 1][1:])
        by_para: dict[int, list[Span]] = {}
        for seg in segments:
            by_para.setdefault(seg.para, []).append(quote_content(text, seg))
        for parts in by_para.values():
            if parts[-1][1] <= parts[0][0]:
                continue
            drafts.append(
                Draft(
                    speaker=att.speaker,
                    cue=att.cue,
                    content=(parts[0][0], parts[-1][1]),
                    kind="direct",
                    head=None,
                    source="fast-direct",
                    parts=tuple(parts) if len(parts) > 1 else (),
                    meta={"quote_id": qi, "att": att},
                )
            )
        atts.append(att)
        prev_att = att
        prev_para, prev_close = segments[-1].para, segments[-1].close
        tail_end = paras[segments[-1].para][1]
        if segments[-1].close is not None and only_punct(
            text[max(segments[-1].close, att.end) : tail_end]
        ):
            para_att[segments[-1].para] = att
    return drafts, atts


# ---------------------------------------------------------------------------- reported speech
def _content_start(text: str, start: int, end: int) -> int:
    """After a bullet and a short "Label:" at the start of a sentence."""
    start = body_start(text, start, end)
    colon = text.find(":", start, end)
    if colon > 0 and len(text[start:colon].split()) <= MAX_LABEL_WORDS and colon + 1 < end:
        if text[colon + 1 : colon + 2].isspace():
            return colon + 1
    return start


def _prev_char(text: str, pos: int, lo: int) -> str:
    i = pos - 1
    while i >= lo and text[i].isspace():
        i -= 1
    return text[i] if i >= lo else ""


def _prev_word(text: str, pos: int, lo: int) -> tuple[str, int]:
    m = re.search(r"(\S+)\s*$", text[lo:pos])
    return (m.group(1).lower(), lo + m.start(1)) if m else ("", pos)


def _inside(pos: int, starts: list[int], spans: list[Span]) -> bool:
    k = bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _candidates(
    text: str,
    lo: int,
    hi: int,
    qstarts: list[int],
    qspans: list[Span],
    used: set[int],
    anchors: list[_Att],
) -> list[_Cand]:
    found: list[_Cand] = []
    for m in CUE_RE.finditer(text, lo, hi):
        if m.start() in used or _inside(m.start(), qstarts, qspans) or not _is_cue(text, m):
            continue
        lemma = _lemma(m.group())
        if lemma == "according":
            after = _speaker_after(text, m.end(), hi, apposition=m.start() > lo)
            if after is not None:
                att = _make_att(text, m, after[0], after[1])
                found.append(_Cand(att, False, True))
            continue
        progressive = m.group().lower().endswith("ing")
        speaker = _speaker_before(text, lo, m.start(), progressive)
        if speaker is not None:
            found.append(_Cand(_make_att(text, m, speaker, speaker), False, False))
            continue
        prev = _prev_char(text, m.start(), lo)
        word, _ = _prev_word(text, m.start(), lo)
        if prev in _INVERSION_MARKS:
            after = _speaker_after(text, cue_end(text, m.end()), hi)
            if after is not None:
                att = _make_att(text, m, after[0], after[1])
                found.append(_Cand(att, False, True))
                continue
        if word in ("and", "but") or (progressive and prev == ","):
            earlier = [a for a in [*anchors, *(c.att for c in found)] if a.cue[0] < m.start()]
            earlier = [a for a in earlier if a.speaker is not None and a.cue[0] >= lo]
            if earlier:
                src = max(earlier, key=lambda a: a.cue[0])
                att = _make_att(text, m, src.speaker, None)
                found.append(_Cand(_Att(src.speaker, att.cue, src.words, att.lemma), True, False))
    return found


def _boundary(text: str, cand: _Cand, lo: int) -> int | None:
    start = cand.start
    if _prev_char(text, start, lo) in _INVERSION_MARKS:
        return text.rfind(_prev_char(text, start, lo), lo, start)
    word, at = _prev_word(text, start, lo)
    if word in _CLAUSE_LINKS and at >= lo:
        return at
    return None


def _clause_like(text: str, span: Span) -> bool:
    words = text[span[0] : span[1]].split()[:15]
    if len(words) < 3:
        return False
    lower = [w.strip(_PUNCT_EDGE).lower().replace("\u2019", "'") for w in words]
    if lower[0] in _LEADING_PREPS or lower[0] in ("to", "about"):
        return False
    if lower[0] in _CLAUSE_STARTERS:
        return True
    for k, w in enumerate(lower):
        if w in _AUX or w.endswith(("n't", "'re", "'ll", "'ve", "'d")):
            return True
        if k > 0 and len(w) > 4 and w.endswith("ed") and lower[k - 1] not in DETERMINERS:
            return True
        if (
            k > 0
            and w.endswith("s")
            and not w.endswith("ss")
            and words[k][:1].islower()
            and words[k - 1][:1].isupper()
        ):
            return True
    return False


def _forward(text: str, cand: _Cand, hi: int) -> Span | None:
    att = cand.att
    start = att.end if cand.after else att.cue[1]
    if att.lemma == "according":
        rest = text[start:hi].lstrip(" ,\u2014\u2013")
        start = hi - len(rest)
        content = trim_content(text, start, hi)
        return content if len(text[slice(*content)].split()) >= 2 else None
    m = _TIME.match(text, start)
    if m:
        start = m.end()
    if att.lemma in _TELL_LEMMAS:
        obj = _OBJECT.match(text, start)
        if obj is not None and (att.lemma == "tell" or text[obj.end() : obj.end() + 6] == " that "):
            start = obj.end()
            m = _TIME.match(text, start)
            if m:
                start = m.end()
    rest = text[start:hi].lstrip()
    if not rest or rest[0] in ".,;!?)":
        return None
    start, end = trim_content(text, start, hi)
    that = text[start : start + 5].lower() == "that "
    if that:
        start += 5
    elif text[start] not in _OPEN_MARKS and not _clause_like(text, (start, end)):
        return None
    return (start, end) if end > start else None


def _backward(text: str, cand: _Cand, lo: int, hi: int) -> tuple[Span, tuple[Span, ...]] | None:
    start = cand.att.start
    if start <= lo or _prev_char(text, start, lo) not in _INVERSION_MARKS:
        return None
    before = trim_content(text, lo, start)
    if before[1] <= before[0] or text[before[0]] in _OPEN_MARKS:
        return None
    words = text[slice(*before)].split()
    if len(words) < 2:
        return None
    first = words[0].strip(_PUNCT_EDGE).lower()
    if first in _MODIFIER_STARTS and len(words) < 8:
        return None
    after = trim_content(text, cand.att.end, hi)
    continues = text[cand.att.end : hi].lstrip().startswith(",") and after[1] > after[0]
    if continues and first in _SUBORDINATORS and len(text[slice(*after)].split()) >= 3:
        return (before[0], after[1]), (before, after)
    return before, ()


def _close_quotes(content: Span, quote_spans: list[Span], hi: int) -> Span:
    start, end = content
    for s, e in quote_spans:
        if start < s < end < e + 1 <= hi:
            end = e + 1
    return start, end


def _kind(content: Span, quote_spans: list[Span], text: str) -> Kind:
    for s, e in quote_spans:
        if (
            content[0] <= s
            and e <= content[1] + 1
            and len(text[s:e].split()) >= MIN_MIXED_QUOTE_WORDS
        ):
            return "mixed"
    return "indirect"


def _reported(
    text: str, sents: list[Span], quote_spans: list[Span], used: set[int], anchors: list[_Att]
) -> list[Draft]:
    qstarts = [s for s, _ in quote_spans]
    drafts: list[Draft] = []
    for s_start, s_end in sents:
        lo = _content_start(text, s_start, s_end)
        sent_end = trim(text, s_start, s_end)[1]
        local = [a for a in anchors if s_start <= a.cue[0] < s_end]
        cands = _candidates(text, lo, s_end, qstarts, quote_spans, used, local)
        for cand in cands:
            bounds = [_boundary(text, o, cand.att.end) for o in cands if o.start > cand.att.end]
            hi = min([sent_end, *(b for b in bounds if b is not None)])
            parts: tuple[Span, ...] = ()
            content = (
                None if cand.after and cand.att.lemma != "according" else _forward(text, cand, hi)
            )
            if cand.att.lemma == "according" and cand.att.cue[0] > lo:
                content = None
            if content is None:
                if cand.inherited:
                    continue
                back = _backward(text, cand, lo, sent_end)
                if back is None:
                    continue
                content, parts = back
            content = _close_quotes(content, quote_spans, sent_end)
            rule = "fast-according" if cand.att.lemma == "according" else "fast-reported"
            drafts.append(
                Draft(
                    speaker=cand.att.speaker,
                    cue=cand.att.cue,
                    content=content,
                    kind=_kind(content, quote_spans, text),
                    head=None,
                    source=rule,
                    parts=parts,
                    meta={"att": cand.att},
                )
            )
    return drafts


def _is_duplicate(draft: Draft, kept: Sequence[Draft]) -> bool:
    length = draft.content[1] - draft.content[0]
    for other in kept:
        if other.cue == draft.cue and overlap(other.content, draft.content):
            return True
        if other.kind == "direct" and overlap(other.content, draft.content) * 2 > length:
            return True
    return False


# ---------------------------------------------------------------------------- public
def fast_drafts(text: str) -> list[Draft]:
    """Every draft of a text (direct quotes, then reported speech), deduplicated, sorted.

    Parameters
    ----------
    text : str
        The source text.

    Returns
    -------
    list of Draft
        Sorted by content span; ``meta["att"]`` holds the speaker words used for actors.
    """
    quotes = find_quotes(text)
    quote_spans = sorted(iter_inner_spans(quotes))
    kept, atts = _direct(text, quotes)
    used = {a.cue[0] for a in atts}
    sents = sentences(text, quote_spans)
    for draft in _reported(text, sents, quote_spans, used, atts):
        if not _is_duplicate(draft, kept):
            kept.append(draft)
    return sorted(kept, key=lambda d: (d.content[0], d.content[1]))


def fast_doc_statements(text: str, doc_id: str) -> tuple[list[Statement], list[str]]:
    """Statements of one text with per-document actors, and the person names seen.

    Parameters
    ----------
    text : str
        The source text.
    doc_id : str
        Identifier stored on each statement.

    Returns
    -------
    statements : list of Statement
        Sorted by content start, spans checked; actors not yet merged across documents.
    names : list of str
        Capitalised multi-word person names outside quotes, for
        :func:`stancekit.statements.normalize_actors`.
    """
    norm = normalize_quotes(text)
    drafts = fast_drafts(norm)
    quote_spans = sorted(iter_inner_spans(find_quotes(norm)))
    names = find_names(norm, quote_spans)
    sents = sentences(norm, quote_spans)
    sent_starts = [s for s, _ in sents]
    classified = []
    for d in drafts:
        att: _Att = d.meta["att"]
        if d.speaker is None:
            continue
        actor, kind = classify_words(att.words)
        classified.append((d.speaker[0], bisect_right(sent_starts, d.speaker[0]), actor, kind))
    resolved = iter(resolve(classified, names))
    statements = []
    for d in drafts:
        actor, actor_type = next(resolved) if d.speaker is not None else (UNKNOWN_ACTOR, "unknown")
        meta: dict[str, Any] = {"actor_type": actor_type, "rule": d.source}
        if d.parts:
            meta["content_parts"] = [list(p) for p in d.parts]
        if "quote_id" in d.meta:
            meta["quote_id"] = d.meta["quote_id"]
        statements.append(
            Statement(
                doc_id=doc_id,
                speaker=text[d.speaker[0] : d.speaker[1]] if d.speaker else None,
                actor=actor,
                cue=text[d.cue[0] : d.cue[1]] if d.cue else None,
                content=text[d.content[0] : d.content[1]],
                kind=d.kind,
                speaker_span=d.speaker,
                cue_span=d.cue,
                content_span=d.content,
                meta=meta,
            )
        )
    check_all(statements, text)
    return statements, [n for _, n in names]


def fast_statements(
    text: str, doc_id: str = "doc", *, aliases: Mapping[str, str] | None = None
) -> list[Statement]:
    """Extract attributed statements with regular expressions and word lists only.

    Parameters
    ----------
    text : str
        The source text (paragraphs separated by line breaks).
    doc_id : str, default="doc"
        Identifier stored on each statement.
    aliases : mapping of str to str, optional
        ``{mention or actor: actor}`` applied last, as in
        :func:`stancekit.statements.extract_statements`.

    Returns
    -------
    list of Statement
        Sorted by content start; ``meta["rule"]`` is ``"fast-direct"``, ``"fast-reported"``
        or ``"fast-according"``. Every span satisfies ``text[start:end] == field``.

    Examples
    --------
    >>> s = fast_statements('"We will win," said Jane Doe.')[0]
    >>> (s.speaker, s.actor, s.cue, s.content, s.kind)
    ('Jane Doe', 'Jane Doe', 'said', 'We will win', 'direct')
    """
    statements, names = fast_doc_statements(text, doc_id)
    return normalize_actors(statements, aliases=aliases, names=names)


__all__ = [
    "SPEAKER_NOUNS",
    "fast_doc_statements",
    "fast_drafts",
    "fast_statements",
    "quote_content",
]
