"""Definite role nouns ("the senator", "the defense minister") and the person they mean.

Shared by the parse-based and the fast extractors: a role resolves to the most recent person
written with that title, never to whoever was named last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from stancekit.statements.cues import PROFESSIONS, TITLE_ABBREVIATIONS, TITLES

T = TypeVar("T")

#: Documents that someone issued and that then "say" things: "Israel will not be bound," the
#: statement said. (A poll, study or report is usually a source of its own.)
ISSUED_DOCUMENTS = frozenset(
    "communique letter memo memorandum readout release statement transcript tweet submission"
    " filing note".split()
)

#: A speaker more than this many characters before the document's earlier mention is no owner.
OWNER_WINDOW = 200

_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019']?\s+(?=[\"\u201c\u2018A-Z])")

#: A person written with no title may be the role's referent only this many sentences back.
UNTITLED_SENTENCES = 1


class Mention(Protocol):
    """What :func:`resolve_role` reads of a mention."""

    @property
    def pos(self) -> int: ...
    @property
    def sent(self) -> int: ...
    @property
    def actor(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def roles(self) -> frozenset[str]: ...


def title_roles(words: Iterable[str]) -> frozenset[str]:
    """The title nouns among ``words``, abbreviations spelled out.

    Examples
    --------
    >>> sorted(title_roles("Israeli Prime Minister Naftali Bennett".split()))
    ['minister', 'prime']
    >>> sorted(title_roles(["Sen.", "Cotton"]))
    ['senator']
    """
    out = set()
    for word in words:
        lower = word.lower()
        lower = TITLE_ABBREVIATIONS.get(lower, lower)
        if lower in TITLES or (lower in PROFESSIONS and word.islower()):
            out.add(lower)
    return frozenset(out)


#: Characters back that an epithet ("the Thornbury boss") may go to find the person it stands
#: for.
EPITHET_CHARS = 600


def last_near(pos: int, *pools: Iterable[tuple[int, T]]) -> T | None:
    """The item of the first pool with one in the :data:`EPITHET_CHARS` before ``pos`` that
    stands last there ("the Thornbury boss": the last speaker, else the last person named);
    None if no pool has one."""
    for pool in pools:
        near = [(at, item) for at, item in pool if 0 < pos - at <= EPITHET_CHARS]
        if near:
            return max(near, key=lambda p: p[0])[1]
    return None


#: Roles that speak for someone else: "the spokesperson" is not the person named before.
STAFF_ROLES = frozenset({"spokesperson", "spokesman", "spokeswoman", "aide"})


def _surname(actor: str) -> str:
    words = actor.lower().split()
    return words[-1] if words else ""


def resolve_role(mentions: Sequence[Mention], pos: int, sent: int, role: str) -> tuple[str, str]:
    """Return ``(actor, actor_type)`` for a definite role noun at offset ``pos``.

    Parameters
    ----------
    mentions : sequence of Mention
        Mentions of the document, any kinds, any order.
    pos, sent : int
        Offset and sentence index of the role mention.
    role : str
        The role as written, without determiners ("defense minister").

    Returns
    -------
    tuple of (str, str)
        The most recent person before ``pos`` written with the role's title (titles pool
        over mentions sharing a surname); else the most recent person of the last
        :data:`UNTITLED_SENTENCES` + 1 sentences written with no title at all, unless the
        role has a word other than titles before its noun ("the hospital spokesman"); else
        ``(role, "role")``.
    """
    title = TITLE_ABBREVIATIONS.get(role.split()[-1], role.split()[-1]) if role.split() else role
    persons = sorted(
        (m for m in mentions if m.kind == "person" and m.pos < pos), key=lambda m: m.pos
    )
    roles: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind == "person":
            roles.setdefault(_surname(m.actor), set()).update(m.roles)
    titled = [m for m in persons if title in roles[_surname(m.actor)]]
    if titled:
        return titled[-1].actor, "person"
    # "the hospital spokesman" names someone new, "the defense minister" may not, and a
    # spokesperson or an aide is never the person named before ("Biden ... the spokesperson")
    words = role.split()
    modified = any(w not in TITLES and w not in TITLE_ABBREVIATIONS for w in words[:-1])
    modified = modified or title in STAFF_ROLES
    untitled = [
        m
        for m in persons
        if not modified
        and not roles[_surname(m.actor)]
        # an earlier sentence: in "Whitcomb said the president had told him", not Whitcomb
        and 1 <= sent - m.sent <= UNTITLED_SENTENCES
    ]
    if untitled:
        return untitled[-1].actor, "person"
    return role, "role"


def document_owner(
    text: str, noun: str, pos: int, speakers: Sequence[tuple[int, str, str]]
) -> tuple[str, str] | None:
    """Who issued the document that speaks at ``pos`` ("..., the statement said"), or None.

    Parameters
    ----------
    text : str
        The document's text.
    noun : str
        The document noun, lower case ("statement"); only :data:`ISSUED_DOCUMENTS` resolve.
    pos : int
        Offset of the speaking mention ("the statement").
    speakers : sequence of (int, str, str)
        ``(offset, actor, actor_type)`` of the other speakers of the document, resolved.

    Returns
    -------
    tuple of (str, str) or None
        The actor of the speaker closest before the noun's previous mention in the same
        sentence and at most :data:`OWNER_WINDOW` characters before it ("Bennett's office
        said in a statement that ..."); None when there is none.

    Examples
    --------
    >>> text = 'Her office said in a statement that X. "Y," the statement said.'
    >>> document_owner(text, "statement", 45, [(0, "Ann Lee", "person")])
    ('Ann Lee', 'person')
    """
    if noun not in ISSUED_DOCUMENTS:
        return None
    earlier = list(re.finditer(rf"\b{noun}s?\b", text[:pos], flags=re.IGNORECASE))
    if not earlier:
        return None
    occ = earlier[-1].start()
    owners = [
        (off, actor, kind)
        for off, actor, kind in speakers
        if off < occ
        and occ - off <= OWNER_WINDOW
        and kind in ("person", "state", "org", "anonymous")
        and not _SENTENCE_END.search(text, off, occ)
    ]
    if not owners:
        return None
    _, actor, kind = max(owners)
    return actor, kind
