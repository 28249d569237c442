"""Topics: the propositions on which actors take a stance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: What a topic can be: a position to take a side on, or a factual claim (see :class:`Topic`).
TOPIC_KINDS = ("position", "claim")


@dataclass(frozen=True)
class Topic:
    """A topic on which actors take a stance.

    Attributes
    ----------
    key : str
        Short identifier ("iran_deal").
    proposition : str
        A statement one can be for or against; this is what the stance model reads.
    description : str
        A longer human description, for reports.
    kind : {"position", "claim"}, default="position"
        "position": a target or proposition on which one takes a side (favor / against / none).
        "claim": a factual claim, such as a rumour's headline; favor means the text presents it
        as true, against that it disputes it, none that it reports it without taking a side or
        is not about it. A stance model with a claim head reads claims with it
        (:mod:`stancekit.stances.claim_head`; the shipped one was fitted on headlines and
        hurts on longer texts such as article bodies).

    Examples
    --------
    >>> Topic("watch_sales", "Apple will sell 19 million Apple Watches in 2015", kind="claim").kind
    'claim'
    """

    key: str
    proposition: str
    description: str = ""
    kind: str = "position"

    def __post_init__(self) -> None:
        if not isinstance(self.proposition, str) or not self.proposition.strip():
            raise ValueError(f"proposition must be a non-empty string; got {self.proposition!r}")
        if self.kind not in TOPIC_KINDS:
            raise ValueError(
                f"kind must be one of {', '.join(map(repr, TOPIC_KINDS))}; got {self.kind!r}"
            )


TOPICS: dict[str, Topic] = {
    "iran_deal": Topic(
        key="iran_deal",
        proposition="The United States should return to the 2015 Iran nuclear deal (JCPOA).",
        description=(
            "A US return to the Joint Comprehensive Plan of Action, the 2015 nuclear agreement "
            "with Iran that the US left in 2018. Favor: rejoining the deal, lifting sanctions in "
            "exchange for compliance, diplomacy on its terms. Against: staying out, keeping "
            "maximum pressure, demanding a different or tougher deal."
        ),
    ),
    "gulf_normalization": Topic(
        key="gulf_normalization",
        proposition="Israel should normalize relations with the Arab Gulf states.",
        description=(
            "Normalization of ties between Israel and Arab Gulf states (the UAE, Bahrain, Saudi "
            "Arabia, Oman, Qatar), as in the 2020 Abraham Accords. Favor: building and keeping up "
            "diplomatic, economic and security ties. Against: opposing or freezing such ties."
        ),
    ),
}


def resolve_topic(topic: str | Topic) -> Topic:
    """Turn a TOPICS key, a :class:`Topic`, or any target / proposition string into a Topic.

    A string that is a key of :data:`TOPICS` gives that topic. A string made of a single
    identifier-like token with an underscore ("trade_deal") that is not a key is taken to be a
    mistyped key and raises. Any other non-empty string is a free-form target or proposition.

    Raises
    ------
    TypeError
        If ``topic`` is neither a string nor a Topic.
    ValueError
        If ``topic`` is empty or looks like an unknown key.
    """
    if isinstance(topic, Topic):
        return topic
    if not isinstance(topic, str):
        raise TypeError(
            f"topic must be a TOPICS key, a Topic, or a target/proposition string; "
            f"got {type(topic).__name__}: {topic!r}"
        )
    text = topic.strip()
    if not text:
        raise ValueError("topic must be a non-empty string; got an empty string")
    if text in TOPICS:
        return TOPICS[text]
    if "_" in text and " " not in text:
        raise ValueError(
            f"unknown topic key {text!r}; known keys are {sorted(TOPICS)}. "
            "Pass a Topic or a target/proposition string (e.g. 'Hillary Clinton') for other topics."
        )
    return Topic(key=text, proposition=text)


def resolve_topics(
    topics: str | Topic | Iterable[str | Topic], n: int | None = None
) -> list[Topic]:
    """Resolve one topic (broadcast to ``n``) or a sequence of topics of length ``n``.

    Raises
    ------
    ValueError
        If a sequence of topics does not have length ``n``.
    """
    if isinstance(topics, (str, Topic)):
        one = resolve_topic(topics)
        return [one] * (1 if n is None else n)
    if not isinstance(topics, Iterable):
        raise TypeError(
            "topic must be a TOPICS key, a Topic, a target/proposition string, or a sequence of "
            f"these; got {type(topics).__name__}: {topics!r}"
        )
    seq: Sequence[str | Topic] = list(topics)
    if n is not None and len(seq) != n:
        raise ValueError(
            f"topics must be one topic or a sequence as long as texts ({n}); got {len(seq)} topics"
        )
    return [resolve_topic(t) for t in seq]
