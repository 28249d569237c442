"""Speaker phrases of the fast extractor: the words before or after a cue that name a source.

A speaker is walked back from the cue to a clause boundary ("Sen. Jane Doe (D-Wash.) said"),
or read forward after an inverted cue ("said a source familiar with the talks"), and kept only
when it looks like one: a pronoun, a capitalised name or a source noun.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stancekit.statements._fast_actors import DETERMINERS, NUMBERS
from stancekit.statements._fast_text import CUE_RE
from stancekit.statements._fast_words import (
    AUX,
    LEADING_PREPS,
    OPEN_MARKS,
    PUNCT_EDGE,
    STOPS,
    TIME,
    bare,
    capitalised,
    clause_like,
)
from stancekit.statements._tokens import NAME_ABBREVIATIONS, SPEAKER_STRIP, trim, trim_content
from stancekit.statements._types import Span
from stancekit.statements.cues import (
    DOCUMENT_NOUNS,
    EPITHET_NOUNS,
    GROUP_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    PROFESSIONS,
    PRONOUNS,
    SOURCE_NOUNS,
    TITLES,
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
_WORD = re.compile(r"\S+")
#: Words between a speaker and its cue that belong to neither ("also", "has", "later").
_BETWEEN = frozenset(
    """
    also later then again previously recently repeatedly publicly privately once often further
    has have had would will did does do may might could should must reportedly initially
    first earlier subsequently quickly flatly simply still even already frequently just now
    currently never
    """.split()
)
#: Lower-case words in -ly that are no adverbs ("the family said").
_LY_NOUNS = frozenset(
    "family assembly ally rally supply monopoly anomaly daily weekly monthly quarterly".split()
)
#: Words before two coordinated speakers ("Both Zippi and Brisk said").
_BOTH = frozenset({"both"})
_PROGRESSIVE = frozenset({"is", "are", "was", "were", "been", "be"})
#: Sentence adverbs that open a sentence before its subject ("Yet Gargash said").
OPENERS = frozenset(
    "yet still meanwhile however instead separately indeed moreover likewise similarly "
    "nonetheless nevertheless later also now then thus hence besides".split()
)
_NOT_HEADS = frozenset(
    """
    this that these those it there here what many some most few all both each such which who
    one other another any none nobody everyone someone somebody anyone
    """.split()
)


def _plausible(words: Sequence[str]) -> bool:
    """Whether words look like a speaker phrase (a pronoun, a name or a source noun)."""
    if not words:
        return False
    lower = [bare(w) for w in words]
    if len(words) == 1 and lower[0] in PRONOUNS:
        return True
    core = list(words)
    for k, w in enumerate(lower):
        if k > 0 and (w in ("who", "whose", "which") or w in LEADING_PREPS or w == "familiar"):
            counted = (
                lower[k - 1] in GROUP_NOUNS or lower[k - 1] in NUMBERS or lower[k - 1] == "one"
            )
            if w == "of" and k + 1 < len(words) and (counted or lower[k - 1].isdigit()):
                return _plausible(words[k + 1 :])  # "two of the officials", "a group of senators"
            # "Senators led by Tom Cotton": the noun before the participle
            core = list(words[: k - 1] if k > 1 and lower[k - 1].endswith("ed") else words[:k])
            break
    head_word = core[-1].strip(PUNCT_EDGE + ".")
    head = re.sub(r"['\u2019]s?$", "", head_word).lower()
    if not head or head in _NOT_HEADS or head in AUX or head in DETERMINERS:
        return False
    if capitalised(head_word):
        return head not in STOPS
    if head in SOURCE_NOUNS or head in DOCUMENT_NOUNS or head in SPEAKER_NOUNS:
        return True
    if head in EPITHET_NOUNS and lower[0] == "the":  # "the Thornbury boss"
        return True
    plural = head[:-1] if head.endswith("s") else head  # "senators", "ministers"
    return head in ORG_WORDS or head in TITLES or plural in SOURCE_NOUNS or plural in TITLES


#: A US legislator's party and state after the name, AP style ("D-W.Va.", "R-Texas").
_PARTY_STATE = re.compile(r"[DRI]-[A-Z][A-Za-z.]{1,10},?")


def _word_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Offsets of the white-space separated words of ``text[lo:hi]``."""
    return [m.span() for m in _WORD.finditer(text, lo, hi)]


_DASHES = frozenset({"\u2014", "\u2013", "\u2015", "-", "--"})


def _joins_org_name(text: str, words: list[Span], j: int, i: int) -> bool:
    """Whether ``words[j]`` is the "and" of an organisation's name ending at ``words[i]``.

    "The Competition and Markets Authority", "the Food and Drug Administration".
    """
    if text[slice(*words[j])] != "and" or not 0 < j < i:
        return False
    before, after = text[slice(*words[j - 1])], text[slice(*words[j + 1])]
    return (
        before[:1].isupper()
        and before[-1:].isalpha()
        and after[:1].isupper()
        and bare(text[slice(*words[i])]) in ORG_WORDS
    )


def _joins_names(text: str, words: list[Span], j: int, i: int) -> bool:
    """Whether ``words[j]`` is the "and" between two people's names ending at ``words[i]``.

    "Anna Zippi and Tom Brisk said", "Zippi and Brisk said"; not "the Prime Minister and
    Lapid", "Iran and Smith" (a title or an organisation word before it), nor a lower-case word.
    """
    if text[slice(*words[j])] != "and" or not 0 < j < i or i - j > 3:
        return False
    before = text[slice(*words[j - 1])]
    if not (before[:1].isupper() and before.isalpha()) or bare(before) in TITLES:
        return False
    after = [text[slice(*w)] for w in words[j + 1 : i + 1]]
    return (
        all(w[:1].isupper() and w.strip(",.").isalpha() and bare(w) not in ORG_WORDS for w in after)
        and bare(before) not in ORG_WORDS
    )


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
    relative = named = False
    while j >= 0:
        raw = text[slice(*words[j])]
        w = bare(raw)
        if j < i and (
            raw[-1] in ',;:\u2014\u2013\u201d"' or raw[-1] == "\u2019" and raw[-2:-1] != "s"
        ):
            break
        if raw[0] in OPEN_MARKS or raw[0] in "(\u2014\u2013\u2015":
            break
        joins = _joins_org_name(text, words, j, i) or _joins_names(text, words, j, i)
        if w in STOPS and not joins or raw in _DASHES:
            break
        if w in ("who", "which", "whose"):
            relative = True
        # "Yuni Hartati of the Centre for Social Protection Studies said": a long name
        if w == "of" and j < i:
            after = text[slice(*words[j + 1])]
            named = named or after[:1].isupper() or bare(after) == "the"
        if i - j >= (14 if relative else 12 if named else 8):
            return None
        j -= 1
    chosen = words[j + 1 : i + 1]
    if not chosen:
        return None
    texts = [text[slice(*s)] for s in chosen]
    if bare(texts[0]) in LEADING_PREPS:
        det = next((k for k, t in enumerate(texts) if bare(t) in DETERMINERS), None)
        if det is None:
            return None
        chosen, texts = chosen[det:], texts[det:]
    if bare(texts[0]) in ("who", "which") or not _plausible(texts):
        return None
    return chosen


#: An age set off by commas after a name ("Tunde, 41, said").
_AGE = re.compile(r"\d{1,3},")


def _apposed(text: str, words: list[Span], i: int) -> list[Span] | None:
    """'Smith, a spokesman for X, said': the name before the apposition."""
    for m in range(i - 1, max(i - 13, 0) - 1, -1):
        raw = text[slice(*words[m])]
        if raw.endswith(","):
            first = text[slice(*words[m + 1])]
            if not (first[:1].isalpha() or _AGE.fullmatch(first)) or m + 1 > i:
                return None  # (an age may open it: "Grace, 34, a trader, said")
            chosen = _walk(text, words, m)
            if not chosen and (bare(first) in ("who", "whose") or _AGE.fullmatch(raw)):
                # "Tunde, 41, who drives a bus on the route, said": the name before them
                return _apposed(text, words, m)
            if chosen and len(chosen) == 1 and _PARTY_STATE.fullmatch(text[slice(*chosen[0])]):
                return _apposed(text, words, m)  # "Sen. Joe Manchin, D-W.Va., who ..., said"
            named = _apposed_name(text, words[m + 1 : i + 1])
            if named and bare(raw) in _ROLE_HEADS:
                # "Labour's shadow energy secretary, Grace Okoro, said": the name (also after
                # a role no speaker phrase stands on, "Another parent, Marcus Bell, said")
                return named
            return chosen
        if raw[-1] in ";:" or raw[0] in OPEN_MARKS or raw[-1] in '\u201d"':
            return None
    return None


#: Heads of a phrase that a name in apposition names ("Iran's foreign ministry spokesman,
#: Hossein Karimzadeh,").
_ROLE_HEADS = TITLES | SOURCE_NOUNS | PROFESSIONS | PERSON_NOUNS


def _apposed_name(text: str, words: list[Span]) -> list[Span] | None:
    """The words of an apposition if they are a person's name: two to four capitalised words,
    no organisation word, none in capitals ("Grace Okoro,"); else None."""
    raws = [text[slice(*w)].rstrip(",") for w in words]
    titled = [k for k, raw in enumerate(raws[:-2]) if bare(raw) in TITLES]
    if raws and bare(raws[0]) in ("the", "a", "an") and titled:
        # "the Conservative MP Helen Marsh,": the name after the title
        words, raws = words[titled[-1] + 1 :], raws[titled[-1] + 1 :]
    if not 2 <= len(raws) <= 4:
        return None
    for raw in raws:
        if not raw[:1].isupper() or raw.isupper() or bare(raw) in ORG_WORDS or "'" in raw:
            return None
    return words


def _skip_between(text: str, words: list[Span], i: int, progressive: bool) -> int:
    """Index of the last word before ``words[i]`` (inclusive) that is not an adverb or auxiliary."""
    while i >= 0:
        w = bare(text[slice(*words[i])])
        raw = text[slice(*words[i])]
        # "Rudi Hartono falsely said": an adverb in -ly
        adverb = raw.islower() and w.endswith("ly") and len(w) > 4 and w not in _LY_NOUNS
        if text[words[i][1] - 1] in ",;:" or not (
            w in _BETWEEN or adverb or progressive and w in _PROGRESSIVE
        ):
            break
        i -= 1
    return i


def speaker_before(text: str, lo: int, cue_start: int, progressive: bool) -> Span | None:
    """The speaker phrase that ends right before a cue, back to a clause boundary."""
    words = _word_spans(text, lo, cue_start)
    i = _skip_between(text, words, len(words) - 1, progressive)
    # A time between speaker and cue is neither: "The ministry on Saturday said".
    for k in range(max(i - 2, 1), i + 1):
        if TIME.fullmatch(text, words[k][0], words[i][1]) and text[words[k - 1][1] - 1] != ",":
            i = _skip_between(text, words, k - 1, progressive)
            break
    if i < 0:
        return None
    last = text[slice(*words[i])]
    if last.endswith(","):
        chosen = _apposed(text, words, i)
    elif last[-1] in ";:\u2014\u2013" or last[-1] in OPEN_MARKS + "\u201d":
        return None
    else:
        chosen = _walk(text, words, i)
    while chosen and bare(text[slice(*chosen[0])]) in OPENERS | _BOTH:
        chosen = chosen[1:]  # "Yet Gargash said": a sentence adverb is no part of the speaker
    if not chosen:
        return None
    span = trim(text, chosen[0][0], chosen[-1][1], SPEAKER_STRIP)
    return span if span[1] > span[0] else None


def speaker_after(
    text: str, lo: int, hi: int, *, apposition: bool = True
) -> tuple[Span, Span] | None:
    """The speaker phrase right after a cue: ``(span with apposition, core span)``."""
    m = TIME.match(text, lo)
    if m:
        lo = m.end()
    words = _word_spans(text, lo, hi)
    chosen: list[tuple[int, int]] = []
    for s, e in words:
        raw = text[s:e]
        w = bare(raw)
        if raw[0] in OPEN_MARKS or w in STOPS and chosen:
            break
        # at most 8 words, or up to 11 to finish a name ("... released by the Foreign Ministry")
        if len(chosen) >= 8 and not (raw[:1].isupper() and len(chosen) < 11):
            break
        if w in ("who", "which"):
            break
        chosen.append((s, e))
        if raw[-1] == "." and _name_abbreviation(raw):
            continue  # 'said Mr. Rao', 'said Dr. Jane Rao', 'said K. Rao'
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
            and (bare(first) in ("a", "an", "the") or bare(first) in TITLES or first[:1].isupper())
            and not any(bare(w) in stops or w[0] in OPEN_MARKS for w in tail_words)
            and not CUE_RE.search(text, tail[0], tail[1])
            and not clause_like(text, tail)
        ):
            full = trim(text, core[0], tail[1], SPEAKER_STRIP + "?!")
            # "said the minister's spokesperson, Zanele Khumalo": the person named
            named = _apposed_name(text, _word_spans(text, tail[0], tail[1]))
            if named and bare(text[slice(*chosen[-1])]) in _ROLE_HEADS:
                core = trim(text, named[0][0], named[-1][1], SPEAKER_STRIP + "?!")
    return full, core


def _name_abbreviation(raw: str) -> bool:
    """Whether a word with a full stop opens a name ("Mr.", "Dr.", "Sen.", an initial "K.")."""
    word = raw.rstrip(".")
    return word.lower() in NAME_ABBREVIATIONS or (len(word) == 1 and word.isupper())


def core_words(text: str, span: Span) -> tuple[str, ...]:
    """The words of a speaker span before its first comma, stripped of punctuation."""
    core = text[span[0] : span[1]].split(",")[0]
    return tuple(w for w in (_core_word(raw) for raw in core.split()) if w)


def _core_word(raw: str) -> str:
    """A word stripped of punctuation, keeping a plural possessive's apostrophe ("Teachers'")."""
    word = raw.strip(PUNCT_EDGE)
    rest = raw[raw.find(word) + len(word) :] if word else ""
    if word[-1:] in ("s", "S") and rest[:1] in ("'", "\u2019") and raw[:1] not in OPEN_MARKS:
        return word + rest[0]
    return word


__all__ = ["SPEAKER_NOUNS", "core_words", "speaker_after", "speaker_before"]
