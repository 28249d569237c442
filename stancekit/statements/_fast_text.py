"""Text-only helpers of the fast extractor: cue word forms, cue regex, sentence splitting.

No parser, no tokenizer model: everything here is ``re`` over the raw text, so offsets are
the source text's own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from stancekit.statements._types import Span
from stancekit.statements.cues import (
    CLAUSE_CUE_VERBS,
    CUE_TAILS,
    OBJECT_CUE_VERBS,
    OBJECT_PHRASE_CUES,
    PHRASAL_CUES,
    PREPOSITIONAL_CUES,
    QUOTE_CUE_VERBS,
    REPORTING_VERBS,
)

#: Irregular forms: lemma -> (third person singular, past, present participle).
IRREGULAR_FORMS: dict[str, tuple[str, ...]] = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "find": ("finds", "found", "finding"),
    "write": ("writes", "wrote", "written", "writing"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "forecast": ("forecasts", "forecast", "forecasted", "forecasting"),
    "make": ("makes", "made", "making"),
    "go": ("goes", "went", "going"),
    "spell": ("spells", "spelled", "spelt", "spelling"),
    "hit": ("hits", "hit", "hitting"),
    "shoot": ("shoots", "shot", "shooting"),
}
#: Verbs that double their final consonant before -ed / -ing.
_DOUBLING = frozenset({"admit", "quip", "commit", "regret", "rebut", "refer", "prefer"})
#: -s forms that are far more often nouns ("the report", "reports say"): never cues alone.
NOUNY_S_FORMS = frozenset(
    """
    answers estimates forecasts promises tweets reports comments counters objects signals
    charges briefs posts remarks jokes protests replies claims states notes quips boasts
    cautions retorts vows disputes observes fears hopes doubts calls demands pledges labels
    brands
    """.split()
)


def inflect(lemma: str) -> tuple[str, ...]:
    """Return the forms of a verb: lemma, -s, past, -ing (regular rules plus a table).

    Parameters
    ----------
    lemma : str
        A verb lemma, e.g. ``"argue"``.

    Returns
    -------
    tuple of str
        The distinct forms, lemma first.

    Examples
    --------
    >>> inflect("argue")
    ('argue', 'argues', 'argued', 'arguing')
    >>> inflect("say")
    ('say', 'says', 'said', 'saying')
    """
    if lemma in IRREGULAR_FORMS:
        return (lemma, *IRREGULAR_FORMS[lemma])
    if lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        forms = [lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    elif lemma.endswith("e"):
        forms = [lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    elif lemma in _DOUBLING:
        forms = [lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms = [lemma + "es", lemma + "ed", lemma + "ing"]
    else:
        forms = [lemma + "s", lemma + "ed", lemma + "ing"]
    out = [lemma]
    for f in forms:
        if f not in out:
            out.append(f)
    return tuple(out)


#: Inflected form -> lemma, for every reporting verb.
VERB_FORMS: dict[str, str] = {f: lemma for lemma in REPORTING_VERBS for f in inflect(lemma)}
_EXTRA_VERBS = (CLAUSE_CUE_VERBS | OBJECT_CUE_VERBS | QUOTE_CUE_VERBS) - REPORTING_VERBS
#: Inflected form -> lemma, for every cue verb of the fast extractor (reporting verbs first).
CUE_FORMS: dict[str, str] = {
    **{f: lemma for lemma in sorted(_EXTRA_VERBS) for f in inflect(lemma)},
    **VERB_FORMS,
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_PHRASAL = [
    f"(?:{_alternation(inflect(lemma))})\\s+(?:{_alternation(tails)})"
    for lemma, tails in [*PHRASAL_CUES.items(), *OBJECT_PHRASE_CUES.items()]
]
_PREP = [f"{word}\\s+{nxt}" if nxt else word for word, nxt in PREPOSITIONAL_CUES.items()]
#: One regex for every cue: prepositional, phrasal, then single verbs (longest first).
CUE_RE = re.compile(
    r"(?<![\w'\u2019-])(?:"
    + "|".join([*_PREP, *_PHRASAL, _alternation(CUE_FORMS)])
    + r")(?![\w-])",
    re.IGNORECASE,
)
_TAIL_RE = re.compile(r" (?:" + _alternation(CUE_TAILS) + r")(?![\w-])", re.IGNORECASE)


def cue_end(text: str, end: int) -> int:
    """Extend a cue past an optional tail ("told me", "said in a statement")."""
    m = _TAIL_RE.match(text, end)
    return m.end() if m else end


def cue_lemma(cue: str) -> str:
    """Lemma of the first word of a cue ("Told me" -> "tell", "according to" -> "according")."""
    first = cue.split()[0].lower()
    if first in PREPOSITIONAL_CUES:  # "per" reads like "according to"
        return "according"
    return CUE_FORMS.get(first, first)


def cue_role(cue: str) -> str:
    """How a cue takes its content.

    Parameters
    ----------
    cue : str
        The cue as matched by :data:`CUE_RE` ("said", "called for", "believes").

    Returns
    -------
    str
        ``"speech"`` (a reporting verb, "according to"), ``"clause"`` (a verb of belief or
        evidence: content is a clause), ``"object"`` (content is the object or infinitive:
        "wants to ...", "called for ...") or ``"quote"`` (a naming verb, a cue only with a
        quotation in its clause: "called it \u201ca disgrace\u201d").

    Examples
    --------
    >>> [cue_role(c) for c in ("said", "believes", "called for", "called")]
    ['speech', 'clause', 'object', 'quote']
    """
    lemma = cue_lemma(cue)
    if lemma not in _EXTRA_VERBS:
        return "speech"
    if " " in cue.strip() and lemma in OBJECT_PHRASE_CUES:
        return "object"
    if lemma in OBJECT_CUE_VERBS:
        return "object"
    return "clause" if lemma in CLAUSE_CUE_VERBS else "quote"


# ------------------------------------------------------------------------ sentences
#: Abbreviations after which a period does not end a sentence (lower-case, no period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr sen rep gov gen lt col capt sgt adm maj prof rev st jr sr inc co corp ltd vs
    jan feb mar apr aug sep sept oct nov dec u.s u.k u.n e.u d.c a.m p.m dept est ft mt
    """.split()
)
_END = re.compile(r"[.!?]+[\u201d\u2019\"')\]]*(?=\s)")
_LINE = re.compile(r"[^\n]+")


def _ends_sentence(text: str, dot: int, nxt: int) -> bool:
    """Whether the period at ``dot`` ends a sentence, given the next non-space at ``nxt``."""
    if nxt >= len(text):
        return True
    follower = text[nxt]
    if not (follower.isupper() or follower.isdigit() or follower in "\"'\u201c\u2018(\u2022-"):
        return False
    if text[dot] != ".":
        return True
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].lstrip("(\"'\u201c\u2018").lower()
    if word in ABBREVIATIONS or word == "no" and follower.isdigit():
        return False
    # initials ("John F. Kennedy", "J.K.")
    return not (len(word.replace(".", "")) == 1 and word[:1].isalpha())


def sentence_end(text: str, lo: int, hi: int) -> int:
    """Offset just after the first sentence of ``text[lo:hi]`` (or ``hi``)."""
    for m in _END.finditer(text, lo, hi):
        nxt = m.end()
        while nxt < hi and text[nxt].isspace():
            nxt += 1
        if nxt >= hi or _ends_sentence(text, m.start(), nxt):
            return m.end()
    return hi


def sentence_start(text: str, lo: int, hi: int) -> int:
    """Offset where the last sentence of ``text[lo:hi]`` starts."""
    start = lo
    for m in _END.finditer(text, lo, hi):
        nxt = m.end()
        while nxt < hi and text[nxt].isspace():
            nxt += 1
        if nxt >= hi or _ends_sentence(text, m.start(), nxt):
            start = min(nxt, hi)
    return start


_DOUBLE_APOSTROPHE = re.compile(r"(?<!['\w])''(?=\w)|(?<=[\w.,!?;:\u2014-])''(?![\w'])")


def normalize_quotes(text: str) -> str:
    """Rewrite typewriter double quotes made of two apostrophes (``''Yes,''``) as ``"``.

    The result has the same length, so offsets into it are offsets into ``text``: an opening
    pair becomes a space and ``"``, a closing pair ``"`` and a space.
    """
    if "''" not in text:
        return text
    return _DOUBLE_APOSTROPHE.sub(
        lambda m: ' "' if m.end() < len(text) and text[m.end()].isalnum() else '" ', text
    )


def sentences(text: str, protected: list[Span] = ()) -> list[Span]:  # type: ignore[assignment]
    """Return ``(start, end)`` of each sentence; never crosses a line break.

    Parameters
    ----------
    text : str
        The source text.
    protected : list of (int, int), optional
        Sorted spans (inner spans of quotes) inside which no sentence ends.

    Returns
    -------
    list of (int, int)
        Sentence spans stripped of surrounding white space, in text order.
    """
    starts = [s for s, _ in protected]
    out: list[Span] = []
    for line in _LINE.finditer(text):
        lo, hi = line.start(), line.end()
        start = lo
        for m in _END.finditer(text, lo, hi):
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and protected[k][0] <= m.start() < protected[k][1] - 1:
                continue
            nxt = m.end()
            while nxt < hi and text[nxt].isspace():
                nxt += 1
            if nxt < hi and not _ends_sentence(text, m.start(), nxt):
                continue
            out.append((start, m.end()))
            start = nxt
        out.append((start, hi))
    spans = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans
