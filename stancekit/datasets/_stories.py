"""stancekit's news stories: whole articles with every attributed statement coded by hand.

Twelve stories written for stancekit on 2026-12-06 in three rounds of four, each in its own house
style. The first: a Reuters-style wire story on US military aid to Ukraine, a British newspaper
story on a carbon border levy (single quotation marks), a Middle East story told through sources
on the Iran talks and Israel's Gulf ties, and a press-conference story on a minimum-wage bill with
a transcript. The second: an AP-style story on a Senate border bill sourced to anonymous officials
and aides, a magazine analysis of a carbon tax in straight quotation marks (a quotation over two
paragraphs), a British committee report on North Sea licences (single quotation marks around
double-quoted phrases), and a Gulf wire story on normalization and the Iran deal quoting state
news agencies. The third: a court story on states suing over power-plant emission limits, an EU
summit wire on membership talks (translated quotes, name particles), a newsletter roundup of
reactions to a student-loan ruling (posts, name-and-colon reactions), and an interview-based story
on Israel, the Gulf and the Iran deal. Their writers coded each statement: speaker mention, actor,
cue, content (an exact substring of the text), direct or not, and its stance (favor / against /
none) on two propositions per story. Eighteen of the twenty-four propositions are topics no
stancekit training set has; the three Iran/Gulf stories' are the built-in topics. Nothing was
trained or tuned on the stances. Each round's extraction fixes came from running the extractors
over its four stories (the third round's were first read unchanged), so extraction scores on them
are optimistic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from stancekit._paths import PACKAGE_DIR
from stancekit.datasets._loaders import StanceData

STORIES = (
    "ukraine_aid",
    "carbon_levy",
    "iran_gulf",
    "minimum_wage",
    "border_bill",
    "carbon_tax",
    "north_sea",
    "gulf_wire",
    "court_case",
    "eu_summit",
    "loan_ruling",
    "gulf_interview",
)
STANCES = ("against", "favor", "none")


@dataclass(frozen=True)
class NewsStory:
    """One story and its coded statements.

    Attributes
    ----------
    name : str
    text : str
    topics : tuple of str
        The propositions every statement is coded on.
    statements : tuple of dict
        ``speaker``, ``actor``, ``cue``, ``content``, ``direct`` and ``stances``
        (``{proposition: "favor" | "against" | "none"}``).
    """

    name: str
    text: str
    topics: tuple[str, ...]
    statements: tuple[dict[str, Any], ...]


def _check(story: NewsStory) -> NewsStory:
    for k, s in enumerate(story.statements):
        if s["content"] not in story.text:
            raise ValueError(f"{story.name} statement {k}: its content is not in the text")
        if set(s["stances"]) != set(story.topics) or not set(s["stances"].values()) <= set(STANCES):
            raise ValueError(f"{story.name} statement {k}: stances must cover {story.topics}")
    return story


def load_news_stories(names: tuple[str, ...] | list[str] | None = None) -> list[NewsStory]:
    """stancekit's coded news stories (see the module docstring), in :data:`STORIES` order.

    Parameters
    ----------
    names : sequence of str, optional
        Some of :data:`STORIES`; default all.

    Returns
    -------
    list of NewsStory
    """
    wanted = list(STORIES) if names is None else list(names)
    unknown = [n for n in wanted if n not in STORIES]
    if unknown or isinstance(names, str):
        raise ValueError(f"names must be a list of {list(STORIES)}; got {names!r}")
    folder = PACKAGE_DIR / "datasets" / "news_stories"
    out = []
    for name in wanted:
        gold = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        story = NewsStory(name, text, tuple(gold["topics"]), tuple(gold["statements"]))
        out.append(_check(story))
    return out


def news_story_stances(stories: list[NewsStory] | None = None) -> StanceData:
    """The coded stances of the stories' statements: one row per statement and proposition.

    ``texts`` are the coded contents, ``topics`` the propositions, ``groups`` the story names.
    """
    out = StanceData([], [], [], [], "news-stories")
    for story in load_news_stories() if stories is None else stories:
        for topic in story.topics:
            for s in story.statements:
                out.texts.append(s["content"])
                out.topics.append(topic)
                out.labels.append(s["stances"][topic])
                out.groups.append(story.name)
    return out
