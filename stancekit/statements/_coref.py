"""Resolve pronoun and definite speakers ("he", "they", "the officials") in one document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from stancekit.statements._roles import (
    STAFF_ROLES,
    document_owner,
    last_near,
    resolve_role,
    title_roles,
)
from stancekit.statements._tokens import doc_text, inside
from stancekit.statements._types import Span
from stancekit.statements.actors import classify_mention, clean_person_name
from stancekit.statements.cues import (
    ANONYMOUS_ACTOR,
    GENDERED_NOUNS,
    GENDERED_WORDS,
    ORG_REFERENCES,
    ORG_WORDS,
    PRONOUN_GENDER,
    PRONOUNS,
    SOURCE_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLES,
    UNKNOWN_ACTOR,
)

_GROUP_TYPES = ("state", "anonymous", "org")


#: Tokens before a person's name searched for its titles ("Israeli Prime Minister ...").
_TITLE_WINDOW = 5


@dataclass(frozen=True)
class _Mention:
    pos: int
    sent: int
    actor: str
    kind: str
    subject: bool
    roles: frozenset[str] = frozenset()
    #: a single anonymous source ("the spokesperson", "a senior official"): "he" / "she" may
    #: stand for it
    singular: bool = False


def _ent_roles(ent: SpacySpan) -> frozenset[str]:
    """Titles written before a name or in an apposition to it ("Ann Ross, a senator")."""
    doc = ent.doc
    words = [t.text for t in ent]
    for i in range(ent.start - 1, max(-1, ent.start - 1 - _TITLE_WINDOW), -1):
        t = doc[i]
        if not (t.text[:1].isupper() or t.lower_ in TITLES or t.lower_ in TITLE_ABBREVIATIONS):
            break  # titles and capitalised modifiers only ("Israeli Defense Minister")
        words.append(t.text)
    for child in ent.root.children:
        if child.dep_ == "appos":
            words.extend(t.text for t in child.subtree)
    return title_roles(words)


#: Nouns of organisations: a name in apposition to one is the organisation's, not a person's
#: ("a residents' group, Aria Pulita"), and "it" may stand for one as a subject.
_ORG_NOUNS = ORG_WORDS | ORG_REFERENCES


def _named_subjects(doc: Doc, quote_spans: list[Span], sent_of: dict[int, int]) -> list[_Mention]:
    """Subjects outside quotes that are names of two or three capitalised words and no
    organisation's, place's or people's ("Renzo Furlan farms nine hectares"): the persons a
    "he" or "she" with no other antecedent may stand for."""
    out = []
    for t in doc:
        if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ != "PROPN" or inside(t.idx, quote_spans):
            continue
        words = [c for c in t.lefts if c.dep_ == "compound"] + [t]
        if not 2 <= len(words) <= 3 or words[-1].i - words[0].i != len(words) - 1:
            continue
        if any(
            not w.is_title or w.lower_ in ORG_WORDS or w.ent_type_ in _NOT_PERSONS for w in words
        ):
            continue
        name = " ".join(w.text for w in words)
        out.append(_Mention(words[0].idx, sent_of.get(t.i, -1), name, "person", True))
    return out


#: Source nouns that, as a subject, are one unnamed source ("the senior official was ...");
#: not a minister or a leader, whom a pronoun may well not stand for.
_SOURCE_SUBJECTS = SOURCE_NOUNS - {
    "minister", "ministers", "leader", "leaders", "leadership", "government", "authorities",
    "people", "person", "officer", "officers",
}  # fmt: skip


def _source_subjects(
    doc: Doc, quote_spans: list[Span], sent_of: dict[int, int], speaker_heads: set[int]
) -> list[_Mention]:
    """Single anchored sources that are subjects without speaking ("the senior Israeli
    official was noncommittal"): whom a "he" or "she" after them may stand for."""
    out = []
    for t in doc:
        if t.dep_ not in ("nsubj", "nsubjpass") or t.tag_ != "NN" or t.i in speaker_heads:
            continue
        if t.lemma_.lower() not in _SOURCE_SUBJECTS or inside(t.idx, quote_spans):
            continue
        start = min(x.idx for x in t.subtree if x.i <= t.i)
        actor, kind = classify_mention(t, doc_text(doc)[start : t.idx + len(t)])
        if kind == "state":
            out.append(_Mention(start, sent_of.get(t.i, -1), actor, kind, True, singular=True))
    return out


def full_name_genders(doc: Doc) -> dict[str, str]:
    """``{full name: "m" or "f"}`` for person names of two words or more that a gendered word
    right before them or in apposition tells ("the first lady, Michelle Obama", "his wife,
    Jane Doe", "Congresswoman Ann Ross"); names with conflicting evidence are left out."""
    seen: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent.text.split()) < 2:
            continue
        root = ent.root
        words = [doc[ent.start - 1]] if ent.start > 0 else []
        if root.dep_ == "appos":
            words.append(root.head)
        words += [c for c in root.children if c.dep_ == "appos"]
        for w in words:
            g = GENDERED_NOUNS.get(w.lower_)
            if g is not None:
                seen.setdefault(clean_person_name(ent.text), set()).add(g)
    return {name: next(iter(gs)) for name, gs in seen.items() if len(gs) == 1}


#: Entity types of names that are no person's.
_NOT_PERSONS = frozenset({"GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT"})


def person_mentions(doc: Doc, quote_spans: list[Span]) -> list[_Mention]:
    """PERSON entities outside quotes: sentence, whether a subject, titles written with them."""
    sent_of = {s.start: k for k, s in enumerate(doc.sents)}
    found = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or inside(ent.start_char, quote_spans):
            continue
        root = ent.root
        if root.dep_ == "appos" and root.head.lemma_.lower() in _ORG_NOUNS:
            continue  # "a residents' group, Aria Pulita": the group's name, tagged PERSON
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.text.islower():
            continue  # "the sealed Sakhi Hasan hydrant": a thing named for someone
        the = ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the"
        if len(ent) == 1 and the and ent.text.lower() not in TITLES:
            continue  # "the Bill": no person's name
        sent = sent_of.get(ent.sent.start, -1)
        subject = ent.root.dep_ in ("nsubj", "nsubjpass")
        name = clean_person_name(ent.text)
        found.append(_Mention(ent.start_char, sent, name, "person", subject, _ent_roles(ent)))
    return found + _surname_mentions(doc, found, quote_spans, sent_of)


def _surname_mentions(
    doc: Doc, persons: list[_Mention], quote_spans: list[Span], sent_of: dict[int, int]
) -> list[_Mention]:
    """A surname alone, not tagged as a person ("Zayani also defended ..."), after the full
    name ("Abdullatif al-Zayani"): a mention of that person."""
    surnames: dict[str, str] = {}
    for m in persons:
        parts = m.actor.split()
        if len(parts) >= 2:
            last = parts[-1].lower()
            surnames[last] = m.actor
            if "-" in last and last.split("-", 1)[0] in ("al", "el", "ad", "as", "ash", "bin"):
                surnames[last.split("-", 1)[1]] = m.actor  # "al-Zayani" -> "Zayani"
    if not surnames:
        return []
    first: dict[str, int] = {}
    for m in persons:
        first[m.actor] = min(m.pos, first.get(m.actor, m.pos))
    covered = {t.i for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    out = []
    for t in doc:
        # (a surname opening a sentence may be tagged a plural noun: "Mendes was unmoved.")
        named = t.pos_ == "PROPN" or (t.pos_ == "NOUN" and t.is_title)
        name = surnames.get(t.lower_) if named and t.i not in covered else None
        if name is None or t.idx <= first[name] or inside(t.idx, quote_spans):
            continue
        subject = t.dep_ in ("nsubj", "nsubjpass")
        out.append(_Mention(t.idx, sent_of.get(t.sent.start, -1), name, "person", subject))
    return out


def _genders(doc: Doc, persons: list[_Mention], quote_spans: list[Span]) -> dict[str, str]:
    """A person's gender where the text tells it: a gendered title or honorific right before
    the name ("Mr. Hale", "Assemblywoman Okafor"), or "his" / "her" outside quotes in a
    sentence that names no other person ("Maria Delgado ... said the raise would let her ...").
    Conflicting evidence leaves the person out."""
    seen: dict[str, set[str]] = {}
    by_sent: dict[int, set[str]] = {}
    for m in persons:
        by_sent.setdefault(m.sent, set()).add(m.actor)
        start = doc.char_span(m.pos, m.pos + 1, alignment_mode="expand")
        if start is not None and start.start > 0:
            g = GENDERED_WORDS.get(doc[start.start - 1].lower_)
            if g:
                seen.setdefault(m.actor, set()).add(g)
    for k, sent in enumerate(doc.sents):
        names = by_sent.get(k, set())
        if len(names) != 1:
            continue
        (name,) = names
        first = min(m.pos for m in persons if m.sent == k)
        for t in sent:
            g = PRONOUN_GENDER.get(t.lower_)
            if g and t.idx > first and not inside(t.idx, quote_spans):
                seen.setdefault(name, set()).add(g)
    return {a: next(iter(g)) for a, g in seen.items() if len(g) == 1}


def _pick(mentions: list[_Mention], pos: int, kinds: tuple[str, ...]) -> _Mention | None:
    """Most recent mention of ``kinds`` before ``pos``; a subject wins within a sentence."""
    before = sorted((m for m in mentions if m.pos < pos and m.kind in kinds), key=lambda m: m.pos)
    if not before:
        return None
    last_sent = max(m.sent for m in before)
    in_sent = [m for m in before if m.sent == last_sent]
    subjects = [m for m in in_sent if m.subject]
    return (subjects or in_sent)[-1]


#: Sentences back that a pronoun speaker looks for the one who spoke before it.
_SPOKE_SENTENCES = 2


def _recent_speaker(
    classified: list[tuple[Span, int, str, str]],
    resolved: list[tuple[str, str]],
    sent_of: dict[int, int],
    head: int,
    named: _Mention,
    gender_of: str | None,
    gender: dict[str, str],
) -> _Mention | None:
    """The person who spoke last in the :data:`_SPOKE_SENTENCES` sentences before ``head``
    (not ``named``, of a compatible gender), or None."""
    sent = sent_of.get(head, -1)
    spoke = [
        _Mention(span[0], sent_of.get(h, -1), found[0], "person", True)
        for (span, h, _, _), found in zip(classified, resolved)
        if found[1] == "person"
        and found[0] != named.actor
        and 0 <= sent - sent_of.get(h, -1) <= _SPOKE_SENTENCES
        and h < head
        and (gender_of is None or gender.get(found[0], gender_of) == gender_of)
    ]
    return max(spoke, key=lambda m: m.pos) if spoke else None


def _introduced(doc: Doc) -> list[tuple[int, str, frozenset[str]]]:
    """``(offset, person, nouns)`` for names of two words or more with the common nouns that
    introduce them: before them ("winger Mateo Arriaga") or in apposition ("Mateo Arriaga,
    a winger")."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent.text.split()) < 2:
            continue
        nouns = set()
        for t in reversed(doc[max(0, ent.start - 4) : ent.start]):
            if t.is_punct:
                break
            if t.pos_ == "NOUN" and t.text.islower():
                nouns.add(t.lower_)
        root = ent.root
        apposed = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            apposed.append(root.head)
        nouns.update(a.lower_ for a in apposed if a.pos_ == "NOUN")
        if nouns:
            out.append((ent.start_char, clean_person_name(ent.text), frozenset(nouns)))
    return out


def _epithet_person(
    classified: list[tuple[Span, int, str, str]],
    resolved: list[tuple[str, str]],
    mentions: list[_Mention],
    pos: int,
    noun: str = "",
    introduced: Sequence[tuple[int, str, frozenset[str]]] = (),
) -> _Mention | None:
    """Whom an epithet at ``pos`` with head ``noun`` stands for: the last person introduced with
    that noun ("winger Mateo Arriaga ... the winger replied"), else the last person who spoke
    in the :data:`~stancekit.statements._roles.EPITHET_CHARS` before it, else the last person
    named there."""
    same = [(at, name) for at, name, nouns in introduced if noun in nouns and at < pos]
    if same:
        at, name = max(same)
        return _Mention(at, -1, name, "person", True)
    spoke = [
        (span[0], _Mention(span[0], -1, found[0], "person", True))
        for (span, _, _, _), found in zip(classified, resolved)
        if found[1] == "person"
    ]
    return last_near(pos, spoke, [(m.pos, m) for m in mentions if m.kind == "person"])


#: Sentences back that "the spokesperson" may go to find "a Downing Street spokesperson".
_SAME_NOUN_SENTENCES = 3


def _same_noun(
    classified: list[tuple[Span, int, str, str]],
    resolved: list[tuple[str, str]],
    doc: Doc,
    head: int,
    sent_of: dict[int, int],
) -> tuple[str, str] | None:
    """What an earlier speaker with the same head noun resolved to, for a spokesperson or an
    aide ("A Downing Street spokesperson said ... the spokesperson said": Downing Street)."""
    noun = doc[head].lower_
    if noun not in STAFF_ROLES:
        return None
    sent = sent_of.get(head, -1)
    for (_, h, _, kind), found in zip(reversed(classified[: len(resolved)]), reversed(resolved)):
        recent = 0 <= sent - sent_of.get(h, -1) <= _SAME_NOUN_SENTENCES
        if recent and h != head and doc[h].lower_ == noun and kind != "person_ref":
            return found
    return None


def _organisations(doc: Doc, sent_of: dict[int, int], *, subjects: bool = False) -> list[_Mention]:
    """Organisations the small model tags in ``doc`` ("The American Petroleum Institute opposed
    the bill"), as mentions that "the group" may stand for; with ``subjects``, also definite
    organisation nouns as subjects ("The consortium that guards the name is ..."), which "it"
    may stand for."""
    out = []
    for ent in doc.ents:
        if ent.label_ == "ORG":
            actor, kind = classify_mention(ent.root, ent.text)
            if kind == "org":
                out.append(
                    _Mention(ent.start_char, sent_of.get(ent.root.i, -1), actor, "org", False)
                )
    for t in doc if subjects else ():
        definite = any(c.lower_ == "the" and c.dep_ == "det" for c in t.children)
        if t.dep_ == "nsubj" and t.tag_ == "NN" and t.lemma_.lower() in _ORG_NOUNS and definite:
            out.append(_Mention(t.idx, sent_of.get(t.i, -1), t.lower_, "org", True))
    return sorted(out, key=lambda m: m.pos)


def _in_controlled_clause(pronoun: Token, pos: int) -> bool:
    """Whether character ``pos`` lies in a subjectless participle clause before ``pronoun``
    whose understood subject is the pronoun ("Asked about Pryce's claims, he said", "Speaking
    to Hale, she said"): a mention there is someone else."""
    verb = pronoun.head
    for clause in verb.children:
        if (
            clause.dep_ == "advcl"
            and clause.tag_ in ("VBN", "VBG")
            and clause.i < pronoun.i
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
        ):
            right = clause.right_edge
            if clause.left_edge.idx <= pos < right.idx + len(right) and right.i < pronoun.i:
                return True
    return False


def resolve_speakers(
    doc: Doc,
    speakers: list[tuple[Span, int]],
    quote_spans: list[Span],
    contents: Sequence[Span | None] | None = None,
) -> list[tuple[str, str]]:
    """Return ``(actor, actor_type)`` for each ``(speaker_span, head_index)``, in order given.

    Pronouns resolve to the most recent compatible mention before them: "he"/"she" to a
    person (sentence subject preferred), "they"/"we" and "the officials" to the most recent
    group source, "it" to the most recent organisation, "the statement" to the speaker who
    issued it (:func:`~stancekit.statements._roles.document_owner`). An "I" outside quotes, or a
    pronoun with no antecedent, gives :data:`~stancekit.statements.cues.UNKNOWN_ACTOR`.
    ``contents``, one per speaker (or None), are the statements' content spans: "they" does not
    stand for a name inside its own statement, and "he" / "she" stand for one only if no person
    spoke in the two sentences before ("Crews would stay on, he said" after "Okafor said ...":
    Okafor). An epithet ("the Thornbury boss") stands for the last speaker before it.
    """
    text = doc_text(doc)
    sent_of = {}
    for k, s in enumerate(doc.sents):
        for t in s:
            sent_of[t.i] = k
    mentions = person_mentions(doc, quote_spans)
    classified = []
    for span, head in speakers:
        actor, kind = classify_mention(doc[head], text[span[0] : span[1]])
        classified.append((span, head, actor, kind))
        if kind == "role":  # "CMRL's managing director": a single source "he" may stand for
            mentions.append(
                _Mention(span[0], sent_of.get(head, -1), actor, "anonymous", True, singular=True)
            )
        if kind in ("person", *_GROUP_TYPES):
            roles = title_roles(text[span[0] : span[1]].split()) if kind == "person" else None
            singular = kind in ("anonymous", "state") and doc[head].tag_ == "NN"
            mentions.append(
                _Mention(
                    span[0],
                    sent_of.get(head, -1),
                    actor,
                    kind,
                    True,
                    roles or frozenset(),
                    singular,
                )
            )
    mentions.sort(key=lambda m: m.pos)
    gender = _genders(doc, [m for m in mentions if m.kind == "person"], quote_spans)
    out: list[tuple[str, str]] = []
    organisations: list[_Mention] | None = None  # found once, when "the group" needs them
    named: list[_Mention] | None = None  # found once, when "he" finds no person
    introduced: list[tuple[int, str, frozenset[str]]] | None = None  # once, for epithets
    # once, for pronouns only ("the official" resolves to a state named before, not to these)
    sources: list[_Mention] | None = None
    own = list(contents) if contents is not None else [None] * len(classified)
    for (span, head, actor, kind), content in zip(classified, own):
        if kind == "person_ref":
            earlier = _same_noun(classified, out, doc, head, sent_of)
            out.append(earlier or resolve_role(mentions, span[0], sent_of.get(head, -1), actor))
            if out[-1][1] == "role" and doc[head].tag_ == "NN":
                # an unnamed "spokesperson": a single source "he" / "she" may stand for
                mentions.append(
                    _Mention(span[0], sent_of.get(head, -1), out[-1][0], "anonymous", True,
                             singular=True)
                )  # fmt: skip
        elif kind == "epithet":  # "the Thornbury boss": the speaker just named
            if introduced is None:
                introduced = _introduced(doc)
            noun = actor.split()[-1].lower() if actor.split() else ""
            # "When asked about Arriaga, the Spaniard said": not Arriaga
            others = [m for m in mentions if not _in_controlled_clause(doc[head], m.pos)]
            found = _epithet_person(classified, out, others, span[0], noun, introduced)
            sent = sent_of.get(head, -1)
            if found is None:
                out.append((actor, "role"))
                found = _Mention(span[0], sent, actor, "anonymous", True, singular=True)
            else:
                out.append((found.actor, found.kind))
            mentions.append(replace(found, pos=span[0], sent=sent, subject=True))
        elif kind == "pronoun":
            want = PRONOUNS.get(actor.lower(), "self")
            kinds = {"person": ("person",), "group": _GROUP_TYPES, "org": ("org", "state")}
            g = PRONOUN_GENDER.get(actor.lower())
            # "she" after "Thomas Hale said ...": not Hale, when the text told his gender
            if sources is None:
                sources = _source_subjects(doc, quote_spans, sent_of, {h for _, h in speakers})
            pool = [m for m in [*mentions, *sources] if g is None or gender.get(m.actor, g) == g]
            allowed = kinds.get(want, ())
            if want == "group":  # "they": not a single source
                pool = [m for m in pool if not m.singular]
            if g is not None:  # "the spokesperson said ... She stressed ...": a single source
                pool = [m for m in pool if m.kind == "person" or m.singular]
                allowed = ("person", "anonymous", "state")
            # "Asked about Pryce's claims, he said": whoever the clause asks about is not "he"
            asked = {m.actor for m in pool if _in_controlled_clause(doc[head], m.pos)}
            pool = [m for m in pool if m.actor not in asked]
            if content is not None and g is None:  # "That culture, they said, ...": not it
                pool = [m for m in pool if not content[0] <= m.pos < content[1]]
            found = _pick(pool, span[0], allowed)
            inner = (
                found is not None and content is not None and content[0] <= found.pos < content[1]
            )
            if inner and found is not None and g is not None:
                # "Crews would remain on scene, he said", "Obama was the first black president,
                # he said" after "Podesta said ...": the one who spoke just before, if anyone
                # did ("Sobin likely would have voted ..., he says" is Sobin's)
                spoke = _recent_speaker(classified, out, sent_of, head, found, g, gender)
                found = spoke or found
            if found is None and (g is not None or want == "org"):
                # "Renzo Furlan farms nine hectares ... he said": a name the small model did
                # not tag a person, as the subject of a sentence before; "The consortium that
                # guards the name is less ambivalent ... it called": an organisation
                if named is None:
                    named = _named_subjects(doc, quote_spans, sent_of)
                    named += _organisations(doc, sent_of, subjects=True)
                found = _pick(named, span[0], ("person",) if g is not None else ("org",))
            if found is None:
                out.append((UNKNOWN_ACTOR, "unknown"))
            else:
                out.append((found.actor, found.kind))
                if g is not None and found.kind == "person":
                    gender.setdefault(found.actor, g)
                # the pronoun is a mention of whom it stands for: "She told the audience ...
                # the Netanyahu years. She also predicted ...": the second "she" is the first's
                mentions.append(
                    replace(found, pos=span[0], sent=sent_of.get(head, -1), subject=True)
                )
        elif kind == "org_ref":  # "the group": the organisation named before
            if organisations is None:
                organisations = _organisations(doc, sent_of)
            found = _pick([*mentions, *organisations], span[0], ("org",))
            out.append((found.actor, found.kind) if found is not None else (actor, "org"))
        elif kind == "anonymous_definite":
            found = _pick(mentions, span[0], ("state",))
            recent = found is not None and sent_of.get(head, 0) - found.sent <= 3
            if found is not None and recent:
                out.append((found.actor, found.kind))
            else:
                out.append((ANONYMOUS_ACTOR, "anonymous"))
        else:
            out.append((actor, kind))
    known = [
        (span[0], *out[k])
        for k, (span, _, _, kind) in enumerate(classified)
        if kind != "document_ref"
    ]
    for k, (span, _, actor, kind) in enumerate(classified):
        if kind == "document_ref":  # "..., the statement said": whoever issued it
            out[k] = document_owner(text, actor, span[0], known) or (actor, "org")
    return out
