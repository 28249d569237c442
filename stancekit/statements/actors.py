"""Actor normalization: from speaker mentions to one name per actor.

* persons lose titles, roles and possessives, and a shorter mention ("Milley") merges into
  the longest full name seen with the same surname ("Mark Milley");
* anonymous and group sources anchored on a state merge into one actor per state
  ("an Israeli official", "the Israelis", "Jerusalem" -> "Israeli officials");
* unanchored anonymous sources become :data:`~stancekit.statements.cues.ANONYMOUS_ACTOR`;
* a user alias map, applied last, overrides every automatic merge.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from spacy.tokens import Token

from stancekit.statements._attribution import word_start
from stancekit.statements._roles import ISSUED_DOCUMENTS
from stancekit.statements._tokens import doc_text
from stancekit.statements._types import Statement
from stancekit.statements.cues import (
    ANONYMOUS_ACTOR,
    DEMONYMS,
    DOCUMENT_NOUNS,
    EPITHET_NOUNS,
    GENDERED_WORDS,
    GROUP_NOUNS,
    NAME_CONNECTIVES,
    NAME_PARTICLES,
    OFFICE_WORDS,
    ORG_DESCRIPTIONS,
    ORG_REFERENCES,
    ORG_WORDS,
    PEOPLE_EPITHETS,
    PERSON_NOUNS,
    POSSESSIVE_PRONOUNS,
    PRINCIPAL_NOUNS,
    PROFESSIONS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
    REPORTING_VERBS,
    REPRESENTING_TITLES,
    SOURCE_NOUNS,
    SPOKESPERSON_NOUNS,
    TITLE_MODIFIERS,
    TITLES,
)

logger = logging.getLogger("stancekit.statements")

_ANCHORS: dict[str, str] = {w: actor for actor, words in DEMONYMS for w in words}
_MAX_ANCHOR_WORDS = max(len(w.split()) for w in _ANCHORS)
_POSSESSIVE = re.compile(r"(?:['\u2019]s?)$")
_DETERMINERS = frozenset({"the", "a", "an", "some", "several", "two", "three", "many", "one"})


def strip_possessive(name: str) -> str:
    """Remove a trailing possessive marker ("Biden's" -> "Biden", "Israelis'" -> "Israelis")."""
    return _POSSESSIVE.sub("", name.strip())


def clean_person_name(name: str) -> str:
    """Strip titles, roles and possessives from a person name.

    Parameters
    ----------
    name : str
        A name as written, e.g. "General Mark Milley" or "President-elect Biden's".

    Returns
    -------
    str
        The bare name ("Mark Milley", "Biden").

    Examples
    --------
    >>> clean_person_name("Defense Secretary Benny Gantz")
    'Benny Gantz'
    >>> clean_person_name("President-elect Biden's")
    'Biden'
    """
    words = strip_possessive(name.split(",")[0]).split()
    words = [w for w in words if not w.lower().endswith("-elect")] or words
    last_title = -1
    after_of = False
    for i, word in enumerate(words[:-1]):
        if _is_title(word) or i == 0 and word[-1:] == "s" and _is_title(word[:-1]):
            last_title = i  # "Senators Tom Cotton and Ted Cruz": a plural title too
        elif word.lower() in PROFESSIONS and len(words) - i > 2:
            last_title = i  # "Economist Grace Minja"
        elif after_of and word.lower() in OFFICE_WORDS:
            last_title = i
        after_of = after_of or word == "of"
    words = words[last_title + 1 :]
    # "Chairman of the Joint Chiefs of Staff Mark Milley": keep the capitalised tail.
    while len(words) > 1 and not words[0][:1].isupper():
        words = words[1:]
    return " ".join(words)


def anchor_of(words: Sequence[str]) -> str | None:
    """Return the state actor a word sequence is anchored on ("Israeli" -> "Israeli officials").

    Parameters
    ----------
    words : sequence of str
        Words of a mention, in order.

    Returns
    -------
    str or None
        The actor of the first anchor word or phrase found, or None.
    """
    lowered = [strip_possessive(w).lower() for w in words]
    for i in range(len(lowered)):
        for n in range(min(_MAX_ANCHOR_WORDS, len(lowered) - i), 0, -1):
            actor = _ANCHORS.get(" ".join(lowered[i : i + n]))
            if actor is not None:
                return actor
    return None


def _named_for_place(words: Sequence[str]) -> bool:
    """Whether a name ends in a place and opens with other capitalised words that are no
    title, place or people ("Young Farmers Ireland", "Tourism Ireland"; not "Israel",
    "Israel Katz", "Prime Minister Ireland" or "the United States")."""
    lowered = [strip_possessive(w).lower() for w in words if w.lower() not in _DETERMINERS]
    for n in range(min(_MAX_ANCHOR_WORDS, len(lowered) - 1), 0, -1):
        if " ".join(lowered[-n:]) in _ANCHORS:
            before = [w for w in words if w.lower() not in _DETERMINERS][: len(lowered) - n]
            return all(
                w[:1].isupper() and w.isalpha() and not _is_title(w) and anchor_of([w]) is None
                for w in before
            )
    return False


def role_words(head: Token) -> str:
    """The role a definite title noun names, without determiners or possessors.

    "the defense minister" -> "defense minister"; "the kingdom's foreign minister" ->
    "foreign minister"; "the senator" -> "senator".
    """
    words = []
    for t in head.subtree:
        if t.i > head.i:
            break
        if t.i == head.i:  # the title itself, even a possessor ("the Prime Minister's Office")
            words.append(t.lower_)
            continue
        if t.dep_ in ("det", "poss", "case", "predet") or any(
            a.dep_ == "poss" and a.i < head.i for a in t.ancestors if a != head
        ):
            continue
        words.append(t.lower_)
    return " ".join(words) or head.lower_


def _token_anchor(token: Token) -> str | None:
    """The state actor one token anchors on, with its compounds ("Saudi Arabia")."""
    words = [t.text for t in token.lefts if t.dep_ == "compound"] + [token.text]
    return anchor_of(words) or anchor_of([token.text])


def coordinated_anchor(head: Token) -> str | None:
    """One actor for sources of several coordinated states, or None.

    "British, French and German officials" and "the foreign ministers of Britain, France and
    Germany" -> "British, French and German officials"; "Israeli officials in Washington"
    (not coordinated) -> None.
    """
    for token in head.subtree:
        first = _token_anchor(token) if token.i != head.i else None
        if first is None:
            continue
        actors = [first]
        for other in token.conjuncts:
            actor = _token_anchor(other)
            if actor is not None and actor not in actors:
                actors.append(actor)
        if len(actors) > 1:
            names = [a.removesuffix(" officials") for a in actors]
            return f"{', '.join(names[:-1])} and {names[-1]} officials"
    return None


_NAME_DEPS = frozenset({"compound", "amod", "nmod", "flat", "appos", "npadvmod", "nsubj"})


def _org_entity(head: Token) -> list[Token] | None:
    """The tokens of a coordinated organisation name that ``head`` belongs to, or None.

    "The Competition and Markets Authority", "Procter & Gamble": the tagger's ORG entity, when
    it holds a coordinator and lies inside the head's phrase (no leading determiner).
    """
    if head.ent_type_ != "ORG":
        return None
    doc = head.doc
    start, end = head.i, head.i + 1  # the entity's tokens, from the IOB tags around the head
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    ent = doc[start:end]
    if not any(t.lower_ in ("and", "&") for t in ent):
        return None
    tokens = [t for t in ent if not (t.i == start and t.lower_ in _DETERMINERS)]
    subtree = {t.i for t in head.subtree}
    if len(tokens) < 3 or any(t.i not in subtree for t in tokens):
        return None
    if not (tokens[0].text[:1].isupper() and tokens[-1].text[:1].isupper()):
        return None
    return tokens


def _name_tokens(head: Token) -> list[Token]:
    """The head and the capitalised words right before it (its name).

    Lower-case particles and hyphens inside a name stay ("Thani al-Zeyoudi", "Ursula von der
    Leyen").
    """
    doc = head.doc
    org = _org_entity(head)
    if org is not None:
        return org
    tokens = [head]
    i = head.i - 1
    while i >= 0:
        t = doc[i]
        hyphen = t.text == "-" and not t.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        inside = t.lower_ in NAME_PARTICLES or hyphen
        joined = tokens[0].text == "-" and not t.whitespace_  # "Ben" of "Ben-Gvir", any dep
        plural_possessive = (  # "the Baixa Traders' Association", "the Teachers' Union"
            t.text in ("'", "\u2019")
            and t.dep_ == "case"
            and i > 0
            and not doc[i - 1].whitespace_
            and doc[i - 1].text[:1].isupper()
            and doc[i - 1].lower_.endswith("s")
            and head.lower_ in ORG_WORDS
        )
        if plural_possessive:
            tokens[:0] = [doc[i - 1], t]
            i -= 2
            continue
        if t.is_space or t.is_punct and t.text != "." and not hyphen:
            break
        if not (t.text[:1].isupper() or inside):
            break
        if not (hyphen or joined) and t.dep_ not in _NAME_DEPS:
            break
        tokens.insert(0, t)
        i -= 1
    while len(tokens) > 1 and (
        # ("al-Harbi" alone keeps its particle, so that it merges into "Omar al-Harbi")
        tokens[0].text in NAME_PARTICLES
        and not (tokens[1].text == "-" and len(tokens) > 2 and not tokens[0].whitespace_)
        or tokens[0].text == "-"
        or tokens[0].lower_ in _DETERMINERS  # "Several Democrats" opening a sentence
    ):
        tokens = tokens[1:]  # "the al-": not part of the name (but "Ben-Gvir", "Abu-Rudeineh")
    return tokens


def _name_words(head: Token) -> list[str]:
    """The words of the name ending at ``head`` as written ("al-Zeyoudi" stays one word)."""
    tokens = _name_tokens(head)
    return doc_text(head.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])].split()


def _person_label(head: Token) -> str:
    """The entity label of a name, PERSON where an apposition gives it a person's role ("Priya
    Sandhu, chief executive of ...", "Amara Diallo, an organizer with ...", which the small
    model may tag ORG), a profession before it ("transport economist Helena Varga") or a
    relative clause opens with "who" ("Themba Zulu, who chairs ...")."""
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            lemma = child.lemma_.lower()
            if child.lower_ in TITLES or lemma in PROFESSIONS or lemma in PERSON_NOUNS:
                return "PERSON"
        if child.dep_ == "compound" and child.i < head.i and child.pos_ == "NOUN":
            # "Monash University transport economist Helena Varga"
            lemma = child.lemma_.lower()
            if child.lower_ in TITLES or lemma in PROFESSIONS or lemma in PERSON_NOUNS:
                return "PERSON"
        if child.dep_ == "relcl" and child.i > head.i:
            if any(c.lower_ == "who" and c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                return "PERSON"
    if head.ent_type_ in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART"):
        if _surname_reused(head) or _title_before(head):
            return "PERSON"
    return head.ent_type_


def _title_before(head: Token) -> bool:
    """Whether a personal title comes right before the name ending at ``head``, brackets
    aside ("Engr. (Mrs.) Ifeoma Nwachukwu", which the small model may tag ORG)."""
    i = _name_tokens(head)[0].i - 1
    while i >= 0 and head.doc[i].text in ("(", ")"):
        i -= 1
    return i >= 0 and _is_title(head.doc[i].text) and head.doc[i].text[:1].isupper()


def _surname_reused(head: Token) -> bool:
    """Whether the last word of the name ending at ``head`` recurs alone, without the first
    ("Chiara Dal Bo told me ... Dal Bo, 44, teaches"): people are named by their surname,
    organisations are not."""
    tokens = _name_tokens(head)
    if len(tokens) < 2:
        return False
    first, size = tokens[0], len(tokens)
    for t in head.doc:
        if t.text != head.text or t.i == head.i or t.ent_type_ in ("GPE", "NORP", "LOC"):
            continue
        before = t.i - size + 1
        if before < 0 or head.doc[before].text != first.text:
            return True
    return False


def _is_org_name(words: Sequence[str], label: str) -> bool:
    """Whether a proper name is an organisation (the small NER model often tags surnames ORG)."""
    if any(strip_possessive(w).lower() in ORG_WORDS for w in words):
        return True
    if any(w.isupper() and len(w) > 1 and w.lower() not in TITLES for w in words):
        return True  # "NATO", "IAEA"; not a title written in capitals ("MP")
    if label == "PERSON" or any(_is_title(w) for w in words):
        return False
    return label in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART") and len(words) > 1


def _is_title(word: str) -> bool:
    """A title as written, with or without the full stop of its abbreviation ("Ms", "Dr.")."""
    lower = word.lower()
    return lower in TITLES or lower.rstrip(".") + "." in TITLES


def _subtree_span(token: Token) -> slice:
    """Characters of a possessor's phrase without its "'s" ("the prime minister")."""
    words = [t for t in token.subtree if t.dep_ != "case"]
    return slice(words[0].idx, words[-1].idx + len(words[-1]))


def _apposed_person(head: Token) -> str | None:
    """The person named in apposition to a mention, or None.

    "Iran's chief negotiator, Ali Bagheri Kani" and "the senator, Tom Cotton" name their
    person; "the group, Hamas" (an organisation) and "the capital, Tehran" do not. A role or
    source noun takes any proper name in apposition; other nouns ("Manager of the ski centre,
    Louisa Duggan") and names hung on a role's place only one tagged PERSON.
    """
    role = head.lower_ in TITLES or head.lemma_.lower() in SOURCE_NOUNS
    # "the ambassador to Washington, Yousef Al Otaiba": the parse may hang the name on the place
    places = [
        obj
        for prep in head.children
        if prep.dep_ == "prep" and prep.i > head.i
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    for child in [*head.children, *(c for p in places for c in p.children)]:
        if child.dep_ != "appos" or child.pos_ != "PROPN":
            continue
        words = _name_words(child)
        titled = [k for k, w in enumerate(words[:-2]) if w.lower() in TITLES]
        label = child.ent_type_
        if titled:  # "the Conservative MP Helen Marsh": the name after the title, a person's
            words = words[titled[-1] + 1 :]
            label = "PERSON"
        if role and label == "ORG" and 2 <= len(words) <= 3 and not _is_org_name(words, ""):
            # "the ambassador to the United States, Olena Kravets": the small model tags
            # some names ORG; a role's two- or three-word name without organisation words
            # is a person's
            label = "PERSON"
        if (child.head.i != head.i or not role) and label != "PERSON":
            continue
        if label in ("PERSON", "") and not _is_org_name(words, label):
            if anchor_of(words) is None:
                return clean_person_name(" ".join(words))
    return None


#: Titles that, capitalised and alone, name a department ("the Treasury", "the State").
_DEPARTMENT_WORDS = frozenset({"treasury", "state", "defence", "defense", "interior", "finance"})


def _describes(token: Token) -> bool:
    """Whether ``token`` only describes the noun after it: an adjective, an adverb, or a noun
    inside a hyphenated adjective ("electric-car", "state-owned")."""
    if token.dep_ in ("amod", "punct", "advmod", "npadvmod"):
        return True
    hyphenated = token.i > 0 and token.doc[token.i - 1].text == "-"
    return token.dep_ == "compound" and hyphenated


#: Verbs of passing a document on, whose agent is a channel, not the author.
_CHANNEL_VERBS = frozenset({"carry", "publish", "run", "air", "broadcast", "obtain", "see"})


def classify_mention(head: Token, mention: str) -> tuple[str, str]:
    """Return ``(actor, actor_type)`` for a speaker mention, before pronoun resolution.

    Parameters
    ----------
    head : spacy.tokens.Token
        The syntactic head of the mention.
    mention : str
        The mention as written.

    Returns
    -------
    tuple of (str, str)
        The actor and its type: "pronoun", "person", "state", "org", "anonymous",
        "anonymous_definite" ("the officials"), "person_ref" ("the senator", with the
        role as the actor: "senator"), "org_ref" ("the group", with the noun as the actor),
        "document_ref" ("the statement", with the noun as the actor), "epithet" ("the
        Thornbury boss": whoever spoke just before) or "role" (an unnamed holder of a role
        whose possessor is named: "CMRL's managing director"); "person_ref", "epithet",
        "anonymous_definite", "org_ref", "document_ref" and pronouns are resolved later from
        context (an unresolved role stays the actor, of type "role"; an unresolved organisation
        or document, of type "org").
    """
    lower = head.lower_
    clause = head.head
    if lower in RELATIVE_PRONOUNS and clause.dep_ in ("relcl", "acl") and clause.head.i < head.i:
        # "Diane Foley, who said ...": the noun the relative pronoun stands for
        antecedent = clause.head
        start = min(t.idx for t in antecedent.subtree if t.i <= antecedent.i)
        return classify_mention(
            antecedent, doc_text(head.doc)[start : antecedent.idx + len(antecedent)]
        )
    if lower in PRONOUNS and len(mention.split()) == 1:
        return mention, "pronoun"
    if lower == "one" or lower in GROUP_NOUNS or head.like_num:  # "one of the officials"
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.lower_ in ("them", "us"):
                        return "they", "pronoun"
                    if obj.dep_ == "pobj":
                        return classify_mention(obj, doc_text(obj.doc)[_subtree_span(obj)])
    if lower in TITLES:
        # "Chinese Ambassador to Tanzania Chen Mingyuan": the person named after the place
        for obj in (o for c in head.children if c.dep_ == "prep" for o in c.children):
            person = [t for t in obj.subtree if t.ent_type_ == "PERSON" and t.i <= obj.i]
            if obj.dep_ == "pobj" and obj.ent_type_ == "PERSON" and len(person) >= 2:
                return clean_person_name(" ".join(t.text for t in person)), "person"
    apposed = _apposed_person(head)
    if apposed is not None:  # "Iran's chief negotiator, Ali Bagheri Kani,": the person
        return apposed, "person"  # (also "the SNP's spokesman, Callum Reid,")
    if head.lemma_.lower() in PRINCIPAL_NOUNS or lower in PRINCIPAL_NOUNS:
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:  # "her office", "Netanyahu's spokesman": the possessor speaks
            if owner.lower_ in POSSESSIVE_PRONOUNS:
                return POSSESSIVE_PRONOUNS[owner.lower_], "pronoun"
            return classify_mention(owner, doc_text(owner.doc)[_subtree_span(owner)])
    names = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if head.pos_ == "NOUN" and names and lower not in TITLES:  # "the group, Hamas,"
        return classify_mention(names[0], " ".join(_name_words(names[0])))
    definite = mention.lower().startswith("the ")
    if definite and lower in PEOPLE_EPITHETS and len(mention.split()) == 2:
        return head.text, "epithet"  # "the Spaniard said": the person just named
    if definite and lower in ORG_REFERENCES and head.text.islower():
        # "the group said": the organisation named before; not "the consultants' association"
        # nor "the association of disabled people", which name one of their own
        described = any(
            t.i != head.i and t.lower_ not in ("the", "same", "'s", "\u2019s") for t in head.subtree
        )
        if not described:
            return lower, "org_ref"
    if definite and lower in ORG_DESCRIPTIONS and head.text.islower():
        # "the electric-car maker", "the state-owned utility": the organisation named before
        # (not "the grid operator": a plain noun before it names another kind of organisation)
        others = [t for t in head.subtree if t.i != head.i and t.lower_ not in ("the", "same")]
        if all(t.i < head.i and _describes(t) for t in others):
            return lower, "org_ref"
    # "the economist", not "The Economist"
    profession = lower in PROFESSIONS and head.text.islower()
    # ("the Treasury said": the department, not its secretary)
    department = lower in _DEPARTMENT_WORDS and head.text[:1].isupper()
    if (lower in TITLES or profession) and head.pos_ in ("NOUN", "PROPN") and definite:
        if department:
            return head.text, "org"
        represented = _represented_state(head)
        if represented is not None:  # "the representative of France": France's source
            return represented
        before = [t for t in head.subtree if t.i < head.i]
        # "the senator", "the defense minister", "the Prime Minister": a person named before.
        # Not "the Saudi foreign minister" (anchored: a state's source, as for "Israel's
        # foreign minister") nor "the Tesla Chief Executive" (an organisation's).
        capitals = [t for t in before[1:] if t.text[:1].isupper()]
        if all(t.lower_ in TITLE_MODIFIERS or t.lower_ in TITLES for t in capitals):
            return role_words(head), "person_ref"
    if head.lemma_.lower() in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS:
        # "a letter from X", "a statement by X", "a letter signed by X": X speaks
        # "a readout of the call released by X": who released it, before whatever it is of
        # ... but not who carried or published it ("a statement carried by SPA"): a channel
        agents = [
            c
            for child in head.subtree
            if child.dep_ == "acl" and child.i > head.i and child.lemma_ not in _CHANNEL_VERBS
            for c in child.children
            if c.dep_ == "agent"
        ]
        of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        # "an analysis of deposit data by Harwood Securities": the parse may hang the agent
        # on what the document is of
        inner = [o for p in of for o in p.children if o.dep_ == "pobj"]
        by = [
            c
            for h in (head, *inner)
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in ("by", "from") or _in_outlet(c)
        ]
        for prep in [*agents, *sorted(by, key=lambda t: t.i), *of]:
            for obj in prep.children:
                if obj.dep_ == "pobj" and (prep.lower_ != "of" or obj.pos_ == "PROPN"):
                    return classify_mention(obj, doc_text(obj.doc)[_subtree_span(obj)])
        owners = [c for c in head.children if c.dep_ in ("compound", "poss") and c.i < head.i]
        if owners:
            owner = owners[-1]
            if owner.lower_ in POSSESSIVE_PRONOUNS:  # "its annual report": whose it is
                return POSSESSIVE_PRONOUNS[owner.lower_], "pronoun"
            return classify_mention(owner, " ".join(_name_words(owner)))
        lemma = head.lemma_.lower()
        if lemma in ISSUED_DOCUMENTS and any(t.lower_ == "the" for t in head.lefts):
            return lemma, "document_ref"  # "the statement said": resolved from context
    if head.lemma_.lower() in PROFESSIONS or lower in PROFESSIONS:
        if any(c.dep_ == "poss" and c.lower_ == "its" for c in head.children):
            return "it", "pronoun"  # "its analysts wrote": the firm's
        employers = [
            o
            for c in head.children
            if c.dep_ == "prep" and c.lower_ in ("at", "from", "with")
            for o in c.children
            if o.dep_ == "pobj" and o.pos_ == "PROPN" and o.ent_type_ not in ("GPE", "NORP")
        ]
        if employers:  # "Analysts at Harwell Capital": the firm they speak for
            return _with_of(employers[0], " ".join(_name_words(employers[0]))), "org"
    name_words = _name_words(head)
    left_words = [t.text for t in head.subtree if t.i <= head.i]
    former = definite and any(t.lower_ == "former" for t in head.lefts)
    if former and head.tag_ == "NN" and (lower in SOURCE_NOUNS or lower in PERSON_NOUNS):
        # "the former diplomat says": the person just named, not an anonymous source
        return strip_possessive(" ".join(mention.split()[1:])), "epithet"
    if lower in SOURCE_NOUNS or head.lemma_.lower() in SOURCE_NOUNS:
        prep_words = [
            w.text
            for c in head.children
            if c.dep_ == "prep" and c.lower_ in ("from", "at", "in", "of", "with", "for")
            for w in c.subtree
        ]
        anchor = anchor_of(left_words) or anchor_of(prep_words)
        if anchor is not None:
            return coordinated_anchor(head) or anchor, "state"
        org = [t for t in head.subtree if t.i < head.i and t.pos_ == "PROPN"]
        if not org:  # "a spokesperson for the World Bank"
            prep_objects = [
                o
                for c in head.children
                if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from", "in")
                for o in c.children
                if o.dep_ == "pobj" and o.pos_ == "PROPN"
            ]
            if prep_objects:  # "a spokesman for the Ministry of Defence", "sources in the PMO"
                obj = prep_objects[0]
                holders = [c for c in obj.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
                opening = _name_tokens(holders[0] if holders else obj)[0]
                # "the Prime Minister's Office": the possessor is part of the name
                name = doc_text(obj.doc)[opening.idx : obj.idx + len(obj)]
                return _with_of(obj, name), "org"
            if head.lemma_.lower() in SPOKESPERSON_NOUNS or lower in SPOKESPERSON_NOUNS:
                # "a spokesman for the ferry operator", "a spokesperson for the mayor": whom
                # the spokesperson speaks for (an organisation, or a role named before)
                for obj in (
                    o
                    for c in head.children
                    if c.dep_ == "prep" and c.lower_ == "for"
                    for o in c.children
                    if o.dep_ == "pobj" and o.pos_ == "NOUN"
                ):
                    if any(t.lower_ == "the" for t in obj.lefts):
                        return classify_mention(obj, doc_text(obj.doc)[_subtree_span(obj)])
        if org:
            return _org_before(org), "org"
        definite = any(t.lower_ in ("the", "those", "these") for t in head.subtree if t.i < head.i)
        return ANONYMOUS_ACTOR, "anonymous_definite" if definite else "anonymous"
    run = " ".join(name_words)
    # "European Commission President Ursula von der Leyen": a title before a name, a person
    last = strip_possessive(name_words[-1])
    titled = (
        any(_is_title(w) for w in name_words[:-1])
        and last[:1].isupper()
        and last.lower() not in ORG_WORDS
    )
    nation = head.ent_type_ in ("GPE", "NORP") and anchor_of(name_words) and not titled
    if nation and _named_for_place(name_words):
        return strip_possessive(run), "org"  # "Young Farmers Ireland", "Tourism Ireland"
    if run.lower() in _ANCHORS or nation:
        return anchor_of(name_words) or run, "state"
    # (the small model tags some common nouns PROPN: "Iran's foreign ministry")
    named = (head.pos_ == "PROPN" and head.text[:1].isupper()) or head.ent_type_ == "PERSON"
    # "Ms Tavares" with the surname tagged a plural noun: the title makes it a name
    named = named or (titled and len(name_words) == 2 and _is_title(name_words[0]))
    if named or (head.text[:1].isupper() and head.ent_type_ and not head.is_sent_start):
        named = True
    if named or (head.text[:1].isupper() and head.ent_type_ in ("ORG", "GPE", "NORP")):
        if not titled and _is_org_name(name_words, _person_label(head)):
            return strip_possessive(_with_of(head, run)), "org"
        return clean_person_name(run), "person"
    tokens = [t for t in head.subtree if t.i <= head.i]
    while tokens and (tokens[0].lower_ in _DETERMINERS or tokens[0].like_num) and tokens[0] != head:
        tokens = tokens[1:]
    # The words as written ("Saudi Arabia's crown prince", not "Saudi Arabia 's ...")
    words = doc_text(head.doc)[tokens[0].idx : head.idx + len(head)] if tokens else ""
    first = tokens[0] if tokens else head
    if first.is_sent_start and first.pos_ in ("NOUN", "ADJ") and not first.ent_type_:
        words = words[:1].lower() + words[1:]  # "Police said" and "police said": one actor
    opening = word_start(head)  # "centre-back", parsed as "centre - back"
    noun = head.doc[opening.i : head.i + 1].text.lower()
    before_noun = [t.text for t in tokens if t.i < opening.i]
    # ("the Spaniard": a people's noun is capitalised)
    if (
        definite
        and is_epithet(noun, before_noun)
        and (head.text.islower() or noun in PEOPLE_EPITHETS)
    ):
        # "the Thornbury boss", "the centre-back": the person just named
        return strip_possessive(" ".join(words.split())), "epithet"
    role = lower in TITLES or head.lemma_.lower() in PROFESSIONS
    if role and head.text.islower() and any(c.dep_ == "poss" for c in head.children):
        # "CMRL's managing director", "Trump's lawyer": one unnamed person, whom "he" or
        # "she" may stand for later
        return strip_possessive(" ".join(words.split())), "role"
    if head.lemma_.lower() in PERSON_NOUNS and head.tag_ == "NN" and head.text.islower():
        # "One east side landlord, who asked not to be named, said": one unnamed person
        return strip_possessive(" ".join(words.split())), "role"
    return strip_possessive(" ".join(words.split()) or mention), "org"


def is_epithet(noun: str, before: Sequence[str]) -> bool:
    """Whether a definite mention with head ``noun`` (lower case) and the words ``before`` it
    (determiner excluded) is an epithet for someone just named (:data:`EPITHET_NOUNS`)."""
    if noun not in EPITHET_NOUNS or any(_POSSESSIVE.search(w) for w in before):
        return False
    return noun != "manager" or any(w[:1].isupper() for w in before)


def _in_outlet(prep: Token) -> bool:
    """Whether ``prep`` is "in" before a named outlet ("a report in Haaretz"; not "in March")."""
    objects = [o for o in prep.children if o.dep_ == "pobj"]
    return (
        prep.dep_ == "prep"
        and prep.lower_ == "in"
        and bool(objects)
        and objects[0].pos_ == "PROPN"
        and objects[0].ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "FAC")
    )


def _represented_state(head: Token) -> tuple[str, str] | None:
    """Whom a representing title speaks for (:data:`REPRESENTING_TITLES`): a state's source
    ("the representative of France": "French officials"), or the role with an unknown state's
    name ("the representative of Tarvonia"); None for other titles."""
    preps = REPRESENTING_TITLES.get(head.lower_, ())
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in preps):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            if obj.ent_type_ not in ("GPE", "NORP") and obj.pos_ != "PROPN":
                continue
            anchor = anchor_of([t.text for t in obj.subtree])
            if anchor is not None:
                return anchor, "state"
            name = _name_words(obj)
            if not any(w.lower() in ORG_WORDS for w in name):
                # (not "the representative of the Ministry of Finance")
                return f"{head.lower_} {prep.lower_} {' '.join(name)}", "role"
    return None


def _org_before(propn: list[Token]) -> str:
    """The proper name a source noun's proper nouns ``propn`` (in order) spell, as written with
    its inner connectives ("a Department for Environment spokesperson" -> "Department for
    Environment")."""
    inner = list(propn[0].doc[propn[0].i : propn[-1].i + 1])
    if all(t.pos_ == "PROPN" or t.lower_ in NAME_CONNECTIVES for t in inner):
        return strip_possessive(" ".join(t.text for t in inner if t.dep_ != "case"))
    return " ".join(t.text for t in propn)


def _with_of(head: Token, run: str) -> str:
    """An organisation's name with its "of" part ("American Federation" + "of Teachers"),
    when the parse hangs it on the head as a capitalised prepositional object."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == head.i + 1:
            objects = [o for o in prep.children if o.dep_ == "pobj" and o.text[:1].isupper()]
            if objects and objects[0].ent_type_ not in ("GPE", "NORP"):
                # (not when the words already spell it: "Ministry of Works and Transport")
                return run if " of " in run else f"{run} of {' '.join(_name_words(objects[0]))}"
    return run


def merge_names(names: Iterable[str]) -> dict[str, str]:
    """Map each person name to the longest unambiguous full name that contains it.

    A name merges into a longer one with the same last word whose words include all of
    its own ("Milley" and "Mark Milley" -> "Mark Milley"); a one-word name that is no longer
    name's last word merges into the one it opens ("Chen" and "Chen Mingyuan", a family name
    written first). If two different longer names fit ("Biden" with "Joe Biden" and "Hunter
    Biden"), the name is left alone.

    Parameters
    ----------
    names : iterable of str
        Cleaned person names.

    Returns
    -------
    dict of str to str
        Every input name mapped to its merged name (itself if nothing fits).
    """
    unique = sorted(set(names), key=lambda n: (-len(n.split()), n))
    merged: dict[str, str] = {}
    for name in unique:
        words = name.lower().split()
        if not words:
            continue
        fits = {
            merged.get(other, other)
            for other in unique
            if len(other.split()) > len(words)
            and other.lower().split()[-1] == words[-1]
            and set(words) <= set(other.lower().split())
        }
        if not fits and len(words) == 1:
            # "Chen Mingyuan ... Chen added": a family name written first (or a first name)
            fits = {
                merged.get(other, other)
                for other in unique
                if len(other.split()) > 1
                and other.lower().split()[0] == words[0]
                and not any(_reporting_form(w) for w in other.lower().split()[1:])
            }
        if len(fits) == 1:
            merged[name] = fits.pop()
        else:
            if len(fits) > 1:
                logger.debug("person %r fits several names %s: not merged", name, sorted(fits))
            merged[name] = name
    return merged


_HONORIFIC = re.compile(r"(Mr|Mrs|Ms|Miss)\.?\s", re.IGNORECASE)


def honorific_gender(mention: str | None) -> str | None:
    """The gender, "m" or "f", of a mention that opens with a gendered honorific ("Mr.
    Obama"), else None."""
    m = _HONORIFIC.match(mention or "")
    if m is None:
        return None
    return GENDERED_WORDS.get(m.group(1).lower())


def _reporting_form(word: str) -> bool:
    """Whether ``word`` (lower case) is a form of a reporting verb ("says", "warned"): a
    headline's "Obama Says ..." tagged a name is no name "Obama" stands for."""
    return word in _REPORTING_FORMS


#: Reporting verbs with their -s and -ed forms, and the irregular pasts.
_REPORTING_FORMS = frozenset(
    form
    for v in REPORTING_VERBS
    for form in (
        v,
        v + "s",
        v + "es",
        v + "d" if v.endswith("e") else v + "ed",
        v[:-1] + "ies" if v.endswith("y") else v,
        v[:-1] + "ied" if v.endswith("y") else v,
    )
) | {"said", "told", "wrote", "swore", "sworn"}


def check_aliases(aliases: object) -> dict[str, str]:
    """Validate an alias map and return it keyed by lower-cased, stripped mention.

    Raises
    ------
    TypeError
        If ``aliases`` is not a mapping of str to str.
    """
    if aliases is None:
        return {}
    if not isinstance(aliases, Mapping):
        raise TypeError(
            f"The 'aliases' parameter must be a mapping of str to str or None. "
            f"Got {type(aliases).__name__} instead."
        )
    out = {}
    for key, value in aliases.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(
                "The 'aliases' parameter must map str to str. "
                f"Got {key!r}: {value!r} ({type(key).__name__}: {type(value).__name__})."
            )
        out[key.strip().lower()] = value
    return out


def _looks_like_person(actor: str) -> bool:
    words = actor.split()
    return (
        0 < len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and anchor_of(words) is None
        and not any(w.lower() in ORG_WORDS for w in words)
    )


def normalize_actors(
    statements: Sequence[Statement],
    *,
    aliases: Mapping[str, str] | None = None,
    names: Iterable[str] = (),
    genders: Mapping[str, str] | None = None,
) -> list[Statement]:
    """Merge actor names across a corpus and apply a user alias map.

    Parameters
    ----------
    statements : sequence of Statement
        Statements from one or many documents.
    aliases : mapping of str to str, optional
        ``{mention or actor: actor}``, matched case-insensitively on the speaker mention
        and on the automatic actor; applied last, it overrides every automatic merge.
    names : iterable of str, default=()
        Other person names seen in the corpus (e.g. from named entities), so that a
        surname can merge into a full name that never speaks.
    genders : mapping of str to str, optional
        ``{full name: "m" or "f"}`` where a text tells it ("the first lady, Michelle Obama"): a
        speaker written with an honorific of the other gender ("Mr. Obama") does not merge into
        that name.

    Returns
    -------
    list of Statement
        New statements (the inputs are not modified); ``meta["auto_actor"]`` keeps the
        actor chosen before aliases.

    Raises
    ------
    TypeError
        If ``aliases`` is not a mapping of str to str.
    """
    alias_map = check_aliases(aliases)
    persons = [
        s.actor
        for s in statements
        if s.meta.get("actor_type", "person" if _looks_like_person(s.actor) else "") == "person"
    ]
    merged = merge_names([clean_person_name(n) for n in [*persons, *names]])
    out = []
    for s in statements:
        actor = s.actor
        if s.actor in persons:
            target = merged.get(clean_person_name(actor), actor)
            known = (genders or {}).get(target)
            if known is None or honorific_gender(s.speaker) in (None, known):
                actor = target
        override = None
        if s.speaker is not None:
            override = alias_map.get(s.speaker.strip().lower())
        if override is None:
            override = alias_map.get(actor.lower()) or alias_map.get(s.actor.lower())
        meta = {**s.meta, "auto_actor": actor}
        out.append(replace(s, actor=override if override is not None else actor, meta=meta))
    return out
