"""Text-only actor classification and pronoun resolution for the fast extractor.

The same actor types as :func:`stancekit.statements.actors.classify_mention` ("pronoun",
"person", "state", "org", "anonymous", "anonymous_definite", "person_ref", "org_ref",
"document_ref", "epithet"; an unresolved role is of type "role"), decided from the words of
the mention alone: capitalisation and the vocabularies of :mod:`stancekit.statements.cues`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from stancekit.statements._roles import (
    ISSUED_DOCUMENTS,
    document_owner,
    last_near,
    resolve_role,
    title_roles,
)
from stancekit.statements._types import Span
from stancekit.statements.actors import (
    anchor_of,
    clean_person_name,
    is_epithet,
    strip_possessive,
)
from stancekit.statements.cues import (
    ANONYMOUS_ACTOR,
    DEMONYMS,
    DOCUMENT_NOUNS,
    GENDERED_WORDS,
    GROUP_NOUNS,
    NAME_CONNECTIVES,
    NAME_PARTICLES,
    ORG_REFERENCES,
    ORG_WORDS,
    PEOPLE_EPITHETS,
    POSSESSIVE_PRONOUNS,
    PRINCIPAL_NOUNS,
    PROFESSIONS,
    PRONOUN_GENDER,
    PRONOUNS,
    REPRESENTING_TITLES,
    SOURCE_NOUNS,
    SPOKESPERSON_NOUNS,
    TITLE_MODIFIERS,
    TITLES,
    UNKNOWN_ACTOR,
)

_ANCHORS = frozenset(w for _, words in DEMONYMS for w in words)
DETERMINERS = frozenset(
    "the a an some several two three four many one those these this that his her their its".split()
)
#: Last words of capitalised runs that name no person ("Abraham Accords", "World Cup").
_NOT_PERSON_ENDS = frozenset(
    """
    accord accords agreement agreements treaty act acts protocol plan initiative program
    programme summit conference war wars crisis cup games olympics day square street avenue
    road strait gulf sea ocean river island islands peninsula bank strip heights valley
    affairs front research reports champion award prize infraprojects infrastructure
    projects holdings media news times post herald
    """.split()
)
#: Number words that count a speaker noun ("two of the officials").
NUMBERS = frozenset("two three four five six seven eight nine ten twelve twenty".split())
_DEFINITE = frozenset({"the", "those", "these"})
_RELATIVE = frozenset({"who", "whose", "which", "that"})
_PREPS = frozenset({"from", "at", "in", "of", "with", "by", "for", "familiar", "close", "on"})
_GROUP_TYPES = ("state", "anonymous", "org")
_POSSESSOR = re.compile(r"['\u2019]s?$")
_WORD = re.compile(r"[^\s,;:()\"\u201c\u201d]+")
#: A run of capitalised words; a name particle ("de", "van", "bin") only as a whole word
#: before another capitalised word ("Charles de Gaulle", not "Hale de|fended").
_NAME_RUN = re.compile(
    r"(?<![\w.])(?:[A-Z][\w'\u2019.-]*|[A-Z]\.)"
    r"(?:[ \t]+(?:[A-Z][\w'\u2019.-]*|[A-Z]\.|(?:"
    + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
    + r")(?=[ \t]+(?:[A-Z]|(?:der|den|la|le)\b))|al-\w+))*"
)
#: Capitalised words that never start a person's name.
_NOT_NAME = frozenset(
    """
    the a an this that these those it its there here what when where why how but and or if
    in on at for with by from of to as after before since while although though because so
    he she they we i you his her their our my your mr mrs ms several some many few most all both
    yet still meanwhile however instead separately indeed moreover likewise similarly then
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december democrats republicans democrat
    republican god none
    """.split()
)


#: A name that opens with a lower-case particle and a hyphen ("al-Harbi", "bin-Salman").
_PARTICLE_NAME = re.compile(r"(?:al|el|ad|ash|as|at|az|bin|ibn|abu|ben|bint)-[A-Z]")


def capitalised(word: str) -> bool:
    """Whether ``word`` is written as a name's word: capitalised, or a particle and a hyphen
    before a capital ("al-Harbi")."""
    return word[:1].isupper() or _PARTICLE_NAME.match(word) is not None


def _bare(word: str) -> str:
    return strip_possessive(word).lower().rstrip(".")


def _is_org_name(words: Sequence[str]) -> bool:
    if any(_bare(w) in ORG_WORDS for w in words):
        return True
    return any(w.isupper() and len(w.strip(".")) > 1 for w in words)


def _name_run(words: Sequence[str]) -> list[str]:
    """The capitalised words that end the sequence (the name before the head)."""
    run: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        # "Competition and Markets Authority": an "and" inside an organisation's name
        joins = w == "and" and run and k > 0 and words[k - 1][:1].isupper()
        if joins and _bare(run[-1]) in ORG_WORDS:
            run.insert(0, w)
            continue
        if not capitalised(w) or w.lower() in DETERMINERS:
            break
        run.insert(0, w)
    return run


def _person_pair(left: Sequence[str], right: Sequence[str]) -> bool:
    """Whether two coordinated word runs are both people's names (capitalised, no
    organisation word, no state)."""
    return all(
        1 <= len(side) <= 3
        and all(w[:1].isupper() for w in side)
        and not _is_org_name(side)
        and anchor_of(side) is None
        for side in (left, right)
    )


def classify_words(words: Sequence[str]) -> tuple[str, str]:
    """Return ``(actor, actor_type)`` for the words of a speaker mention.

    Parameters
    ----------
    words : sequence of str
        The mention's words, in order (no apposition).

    Returns
    -------
    tuple of (str, str)
        As :func:`stancekit.statements.actors.classify_mention`; pronouns, "the officials"
        and "the senator" are resolved later by :func:`resolve`.

    Examples
    --------
    >>> classify_words(["a", "senior", "Israeli", "official"])
    ('Israeli officials', 'state')
    >>> classify_words(["Prime", "Minister", "Sara", "Lind"])
    ('Sara Lind', 'person')
    """
    words = [w for w in words if w]
    if not words:
        return UNKNOWN_ACTOR, "unknown"
    lower = [w.lower() for w in words]
    if len(words) == 1 and lower[0] in PRONOUNS:
        return words[0], "pronoun"
    for k, w in enumerate(lower):
        if w in _RELATIVE and k > 0:
            words, lower = words[:k], lower[:k]
            break
    if "and" in lower[1:-1]:
        left = words[: lower.index("and")]
        if _person_pair(left, words[len(left) + 1 :]):
            return classify_words(left)  # "Anna Zippi and Tom Brisk": the first named, as rules
    if lower[0] == "one" and len(words) > 2 and lower[1] == "of":
        if lower[2] in ("them", "us"):
            return "they", "pronoun"
        return classify_words(words[2:])
    of = lower.index("of") if "of" in lower[1:4] else 0
    counted = of and (
        lower[of - 1] in GROUP_NOUNS or lower[of - 1].isdigit() or lower[of - 1] in NUMBERS
    )
    if counted and of + 1 < len(words):  # "a group of Republican senators", "two of the officials"
        if lower[of + 1] in ("them", "us"):
            return "they", "pronoun"
        return classify_words(words[of + 1 :])
    inner = words[1:-1] if lower[0] in DETERMINERS else words[:-1]
    if (
        _bare(lower[-1]) in SOURCE_NOUNS
        and len(inner) >= 3
        and inner[0][:1].isupper()
        and inner[-1][:1].isupper()
        and all(w[:1].isupper() or w.lower() in NAME_CONNECTIVES for w in inner)
        and any(w.lower() in NAME_CONNECTIVES for w in inner)
        and anchor_of(inner) is None
    ):  # "a Department for Environment spokesperson", "a Ministry of Defence spokesman"
        return strip_possessive(" ".join(inner)), "org"
    split = next((k for k, w in enumerate(lower) if w in _PREPS and k > 0), len(words))
    pre, post = words[:split], words[split + 1 :]
    if len(pre) > 1 and split < len(words) and lower[split - 1].endswith("ed"):
        pre = pre[:-1]  # "Senators led by Tom Cotton": the participle is no part of the head
    head = _bare(pre[-1])
    if head in PRINCIPAL_NOUNS:  # "Netanyahu's spokesman", "her office": the principal speaks
        if len(pre) == 2 and lower[0] in POSSESSIVE_PRONOUNS:
            return POSSESSIVE_PRONOUNS[lower[0]], "pronoun"
        owned = [k for k, w in enumerate(pre[:-1]) if _POSSESSOR.search(w)]
        if owned and owned[-1] == len(pre) - 2 and pre[owned[-1]][:1].isupper():
            return classify_words([*pre[: owned[-1]], strip_possessive(pre[owned[-1]])])
    if lower[0] == "the" and len(pre) == 2 and head in ORG_REFERENCES and pre[-1].islower():
        return head, "org_ref"  # "the group said": the organisation named before
    capitals = [_bare(w) for w in pre[1:] if w[:1].isupper()]
    profession = head in PROFESSIONS and pre[-1].islower()  # "the economist"
    if (
        (head in TITLES or profession)
        and lower[0] == "the"
        and all(w in TITLES or w in TITLE_MODIFIERS for w in capitals)
    ):
        # "the senator", "the defense minister", "the Prime Minister"; "the representative of
        # France" speaks for France
        if split < len(words) and lower[split] in REPRESENTING_TITLES.get(head, ()):
            state = anchor_of(post)
            if state is not None:
                return state, "state"
        owned = [k for k, w in enumerate(pre[:-1]) if _POSSESSOR.search(w)]
        role = pre[owned[-1] + 1 :] if owned else pre[1:]
        return " ".join(_bare(w) for w in role), "person_ref"
    capital_ok = pre[-1].islower() or head in PEOPLE_EPITHETS  # "the Spaniard"
    if lower[0] == "the" and is_epithet(head, pre[1:-1]) and capital_ok:
        return " ".join(pre[1:]), "epithet"  # "the Thornbury boss": the person just named
    if head in TITLES and post and post[-1][:1].isupper():  # "Secretary of State Antony Blinken"
        name = clean_person_name(" ".join(words))
        parts = name.split()
        if len(parts) >= 2 and all(w[:1].isupper() for w in parts):
            if not _is_org_name(parts) and anchor_of(parts) is None:
                return name, "person"
    if head in DOCUMENT_NOUNS:
        # "a readout of the call released by X": who released it; not who carried it
        agents = [
            k
            for k, w in enumerate(lower)
            if w in ("by", "from") and k >= split and lower[k - 1] not in _CHANNEL_WORDS
        ]
        # "a report in Haaretz": the outlet (not "in March", "in Israel")
        outlet = [
            k
            for k, w in enumerate(lower[:-1])
            if w == "in"
            and k == split
            and words[k + 1][:1].isupper()
            and _bare(words[k + 1]) not in _NOT_NAME
            and anchor_of(words[k + 1 :]) is None
        ]
        agents = agents or outlet
        if agents and agents[0] + 1 < len(words):
            return classify_words(words[agents[0] + 1 :])
        if post and lower[split] == "of" and not set(lower[split:]) & {"by", "from"}:
            return classify_words(post)
        # "the ministry's statement", not "a new poll"
        possessed = any(_POSSESSOR.search(w) for w in pre[:-1])
        owner = _name_run(pre[:-1]) or [
            w for w in pre[:-1] if w.lower() not in DETERMINERS and (possessed or w[:1].isupper())
        ]
        if owner:
            return classify_words(owner)
        if head in ISSUED_DOCUMENTS and lower[0] == "the" and len(pre) == 2:
            return head, "document_ref"  # "the statement said": resolved from context
    if head in SOURCE_NOUNS or head.rstrip("s") in SOURCE_NOUNS:
        anchor = anchor_of(pre) or anchor_of(post)
        if anchor is not None:
            return anchor, "state"
        org = [w for w in pre[1:-1] if w[:1].isupper()] + _org_words(post)
        if org:
            return strip_possessive(" ".join(org)), "org"
        spokes = head in SPOKESPERSON_NOUNS and split < len(words) and lower[split] == "for"
        if spokes and len(post) >= 2 and post[0].lower() == "the" and post[-1].islower():
            # "a spokesman for the ferry operator", "a spokesperson for the mayor": whom the
            # spokesperson speaks for (an organisation, or a role named before)
            return classify_words(post)
        definite = lower[0] in _DEFINITE
        return ANONYMOUS_ACTOR, "anonymous_definite" if definite else "anonymous"
    single = head[:-1] if head.endswith("s") else head
    employer = split < len(words) and lower[split] in ("at", "from", "with")
    if (head in PROFESSIONS or single in PROFESSIONS) and employer and _org_words(post):
        if anchor_of(post) is None:  # "Analysts at Harwell Capital": the firm they speak for
            return strip_possessive(" ".join(_org_words(post))), "org"
    run = _name_run(pre)
    named_of = split < len(words) and lower[split] == "of" and 0 < len(post) <= 4
    if run and named_of and all(w[:1].isupper() for w in post) and _is_org_name([*run, *post]):
        if anchor_of(post) is None:  # "the Bank of England", not "the Government of Israel"
            return strip_possessive(" ".join([*run, "of", *post])), "org"
    if run and " ".join(_bare(w) for w in run) in _ANCHORS:
        return anchor_of(run) or " ".join(run), "state"
    if run:
        text = " ".join(run)
        if _is_org_name(run):
            # "Senate Majority Leader Chuck Schumer": an office's title before a person's name
            name = clean_person_name(text)
            parts = name.split()
            if name != text and len(parts) >= 2 and not _is_org_name(parts):
                if anchor_of(parts) is None:
                    return name, "person"
            return strip_possessive(text), "org"
        owned = [k for k, w in enumerate(run[:-1]) if _POSSESSOR.search(w)]
        if owned:  # "Labour's Tom Pryce", "Israel's Benjamin Netanyahu": the name after it
            text = " ".join(run[owned[-1] + 1 :])
        return clean_person_name(text), "person"
    while pre and pre[0].lower() in DETERMINERS:
        pre = pre[1:]
    return strip_possessive(" ".join(pre) or " ".join(words)), "org"


#: Participles of passing a document on: their agent is a channel, not the author.
_CHANNEL_WORDS = frozenset("carried published run aired broadcast obtained seen".split())


def _org_words(words: Sequence[str]) -> list[str]:
    """The capitalised words of a name after a preposition, with the "of" / "and" inside it
    ("the Ministry of Defence" -> Ministry of Defence)."""
    caps = [k for k, w in enumerate(words) if w[:1].isupper()]
    if not caps:
        return []
    inner = words[caps[0] : caps[-1] + 1]
    if all(w[:1].isupper() or w in ("of", "and", "for", "the") for w in inner):
        return list(inner)
    return [words[k] for k in caps]


_INDEFINITE = re.compile(r"\b[Aa]n? $")


def find_names(text: str, skip: Sequence[Span] = ()) -> list[tuple[int, str, frozenset[str]]]:
    """Multi-word capitalised person names outside ``skip`` spans.

    Names with an organisation word or a state anchor are left out; titles are stripped and
    returned as ``(offset, name, titles)`` ("Sen. Ann Ross" -> ``(0, "Ann Ross",
    frozenset({"senator"}))``).
    """
    starts = [s for s, _ in skip]
    found = []
    for start, run in _name_runs(text):
        words = [w.rstrip(".") if k == len(run) - 1 else w for k, w in enumerate(run)]
        titles = title_roles(words)
        while words and (words[0].lower() in _NOT_NAME or words[0].lower().rstrip(".") in TITLES):
            words = words[1:]
        # "Labour's Tom Pryce": the name after the possessive
        owned = [k for k, w in enumerate(words[:-1]) if _POSSESSOR.search(w)]
        if owned:
            words = words[owned[-1] + 1 :]
        # "Israeli Prime Minister Benjamin Netanyahu": the name after the last title
        titled = [k for k, w in enumerate(words[:-1]) if w.lower() in TITLES]
        if titled and len(words) - titled[-1] > 2:
            words = words[titled[-1] + 1 :]
        if len(words) < 2 or len(words) > 4 or _is_org_name(words) or anchor_of(words):
            continue
        if words[-1].lower() in _NOT_PERSON_ENDS:  # "the Abraham Accords", "the Gulf Cup"
            continue
        if any(w.lower().rstrip(".") in TITLES for w in words):
            continue  # "Assistant Secretary-General": a title, no name after it
        if _INDEFINITE.search(text, max(0, start - 4), start):
            continue  # "Diane Whitcomb, a New York Democrat, said": a description, not a name
        k = bisect_right(starts, start) - 1
        if k >= 0 and skip[k][0] <= start < skip[k][1]:
            continue
        name = clean_person_name(" ".join(words))
        if len(name.split()) >= 2:
            found.append((start, name, titles))
    return sorted(found + _surname_mentions(text, found, skip))


#: Words before a capitalised word that make it no subject ("in Tarvonia", "on Tuesday").
_SURNAME_BLOCKERS = frozenset(
    "in on at by from of to for with into about across near the a an".split()
)


def _surname_mentions(
    text: str, names: Sequence[tuple[int, str, frozenset[str]]], skip: Sequence[Span]
) -> list[tuple[int, str, frozenset[str]]]:
    """Later mentions of a name's surname alone ("Yusuf al-Mannai ... Back in Manama,
    al-Mannai was answering emails"), as mentions of the full name; surnames that two names
    share are left out."""
    owners: dict[str, set[str]] = {}
    for _, name, _ in names:
        owners.setdefault(name.split()[-1], set()).add(name)
    first = {name: pos for pos, name, _ in reversed(names)}
    out = []
    for surname, full in owners.items():
        if len(full) != 1 or not capitalised(surname):
            continue
        (name,) = full
        # as a subject: a lower-case word after it, no capitalised word or preposition before
        pattern = rf"(?<![\w-]){re.escape(surname)}(?= [a-z])"
        for m in re.finditer(pattern, text):
            before = text[max(0, m.start() - 30) : m.start()].split()
            previous = before[-1] if before else ""
            honorific = previous.lower().rstrip(".") in ("mr", "mrs", "ms", "dr")
            if capitalised(previous) and not previous.endswith((".", ",")) and not honorific:
                continue
            if previous.lower() in _SURNAME_BLOCKERS:
                continue
            inside = any(a <= m.start() < b for a, b in skip)
            if m.start() > first[name] + len(name) and not inside:
                out.append((m.start(), name, frozenset[str]()))
    return out


def _name_runs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of capitalised words ``(offset, words)``, cut where a sentence ends inside one
    ("... on Monday. Dr. Helen Marsh": "Monday." and "Dr. Helen Marsh")."""
    out = []
    for m in _NAME_RUN.finditer(text):
        words = [(w.start(), w.group()) for w in re.finditer(r"\S+", m.group())]
        piece: list[tuple[int, str]] = []
        for pos, w in words:
            piece.append((pos, w))
            stem = w.rstrip(".").lower()
            if w.endswith(".") and len(stem) > 1 and stem + "." not in TITLES and stem != "st":
                out.append((m.start() + piece[0][0], [x for _, x in piece]))
                piece = []
        if piece:
            out.append((m.start() + piece[0][0], [x for _, x in piece]))
    return out


@dataclass(frozen=True)
class Mention:
    """A resolvable mention: offset, sentence index, actor and actor type."""

    pos: int
    sent: int
    actor: str
    kind: str
    roles: frozenset[str] = frozenset()


def _pick(mentions: Sequence[Mention], pos: int, kinds: tuple[str, ...]) -> Mention | None:
    for m in reversed(mentions):
        if m.pos < pos and m.kind in kinds:
            return m
    return None


_WORD_RE = re.compile(r"[A-Za-z]+\.?")
_SENTENCE_STOP = re.compile(r"[.!?][\"\u201d\u2019']?\s")


def text_genders(text: str, names: Sequence[tuple[int, str, frozenset[str]]]) -> dict[str, str]:
    """A person's gender where the text tells it ("m" / "f"), for the fast extractor.

    A gendered title or honorific right before the name ("Mr. Hale", "Assemblywoman Okafor"),
    or "his" / "her" after the name in its sentence when no other name stands there ("Maria
    Delgado said the raise would let her ..."). Conflicting evidence leaves the person out.
    """
    seen: dict[str, set[str]] = {}
    positions = sorted(pos for pos, _, _ in names)
    for pos, name, roles in names:
        before = _WORD_RE.findall(text[max(0, pos - 20) : pos])[-1:]
        # (a name found with its title holds it: "Mr. Paul Becker", roles {"mr."})
        for word in [*before, *name.split()[:-1], *roles]:
            g = GENDERED_WORDS.get(word.lower())
            if g:
                seen.setdefault(name, set()).add(g)
        stop = _SENTENCE_STOP.search(text, pos)
        end = stop.start() if stop else len(text)
        later = [p for p in positions if pos < p < end]
        end = min([end, *later])
        for word in _WORD_RE.findall(text[pos + len(name) : end]):
            g = PRONOUN_GENDER.get(word.lower())
            if g:
                seen.setdefault(name, set()).add(g)
    return {a: next(iter(g)) for a, g in seen.items() if len(g) == 1}


def _epithet_actor(
    classified: Sequence[tuple[int, int, str, str]],
    resolved: Sequence[tuple[str, str]],
    mentions: Sequence[Mention],
    pos: int,
) -> tuple[str, str] | None:
    """Whom an epithet at ``pos`` stands for ("the Thornbury boss"): the last person who spoke
    in the :data:`~stancekit.statements._roles.EPITHET_CHARS` before it, else the last person
    named there."""
    spoke = [(at, f) for (at, _, _, _), f in zip(classified, resolved) if f[1] == "person"]
    named = [(m.pos, (m.actor, m.kind)) for m in mentions if m.kind == "person"]
    return last_near(pos, spoke, named)


def resolve(
    classified: Sequence[tuple[int, int, str, str]],
    names: Sequence[tuple[int, str, frozenset[str]]],
    text: str = "",
) -> list[tuple[str, str]]:
    """Resolve pronouns and definite sources to earlier mentions.

    Parameters
    ----------
    classified : sequence of (int, int, str, str)
        ``(offset, sentence, actor, actor_type)`` of each speaker, in statement order.
    names : sequence of (int, str, frozenset of str)
        Person names seen in the text, with their titles (:func:`find_names`).
    text : str, optional
        The document's text, to find who issued "the statement" that speaks
        (:func:`stancekit.statements._roles.document_owner`; without it such a speaker stays
        the document noun, of type "org").

    Returns
    -------
    list of (str, str)
        ``(actor, actor_type)`` for each speaker: "he"/"she" -> the latest person, "they"/"we"
        -> the latest group source, "it" -> the latest organisation or state, "the officials"
        -> a state named in the last three sentences, "the senator" -> the latest person
        written with that title (:func:`stancekit.statements._roles.resolve_role`), else the
        fallbacks of the rules extractor.
    """
    mentions = [Mention(pos, -1, name, "person", roles) for pos, name, roles in names]
    for pos, sent, actor, kind in classified:
        if kind in ("person", *_GROUP_TYPES):
            mentions.append(Mention(pos, sent, actor, kind))
    mentions.sort(key=lambda m: m.pos)
    gender = text_genders(text, names) if text else {}
    wanted = {"person": ("person",), "group": _GROUP_TYPES, "org": ("org", "state")}
    out = []
    for pos, sent, actor, kind in classified:
        if kind == "person_ref":
            out.append(resolve_role(mentions, pos, sent, actor))
        elif kind == "epithet":  # "the Thornbury boss": the person named just before
            out.append(_epithet_actor(classified, out, mentions, pos) or (actor, "role"))
        elif kind == "org_ref":
            found = _pick(mentions, pos, ("org",))
            out.append((found.actor, found.kind) if found else (actor, "org"))
        elif kind == "pronoun":
            g = PRONOUN_GENDER.get(actor.lower())
            # "she" after "Thomas Hale said ...": not Hale, when the text told his gender
            pool = [m for m in mentions if g is None or gender.get(m.actor, g) == g]
            found = _pick(pool, pos, wanted.get(PRONOUNS.get(actor.lower(), "self"), ()))
            out.append((found.actor, found.kind) if found else (UNKNOWN_ACTOR, "unknown"))
            if found is not None and g is not None and found.kind == "person":
                gender.setdefault(found.actor, g)
        elif kind == "anonymous_definite":
            found = _pick(mentions, pos, ("state",))
            if found is not None and sent - found.sent <= 3:
                out.append((found.actor, found.kind))
            else:
                out.append((ANONYMOUS_ACTOR, "anonymous"))
        else:
            out.append((actor, kind))
    known = [(c[0], *out[k]) for k, c in enumerate(classified) if c[3] != "document_ref"]
    for k, (pos, _, actor, kind) in enumerate(classified):
        if kind == "document_ref":
            out[k] = document_owner(text, actor, pos, known) or (actor, "org")
    return out
