"""Labelled stance data: loaders for the shared research sets and stancekit's own set.

The research sets are never copied into this repository; they are read from
:func:`stancekit._paths.data_dir` (``$STANCEKIT_DATA``, default ``../shared/data``).
"""

from stancekit.datasets._loaders import (
    BUILTIN_SPLITS,
    PROPOSITION_SPLITS,
    StanceData,
    load_builtin,
    load_dna_sample,
    load_emergent,
    load_propositions,
    load_pstance,
    load_semeval,
    proposition_topics,
)
from stancekit.datasets._stories import (
    BUILTIN_STORIES,
    PROPOSITION_STORIES,
    STORIES,
    NewsStory,
    load_builtin_stories,
    load_news_stories,
    load_proposition_stories,
    news_story_stances,
)
from stancekit.datasets.files import load_file, read_rows

__all__ = [
    "BUILTIN_SPLITS",
    "BUILTIN_STORIES",
    "PROPOSITION_SPLITS",
    "PROPOSITION_STORIES",
    "STORIES",
    "NewsStory",
    "StanceData",
    "load_builtin",
    "load_builtin_stories",
    "load_dna_sample",
    "load_emergent",
    "load_file",
    "load_news_stories",
    "load_proposition_stories",
    "load_propositions",
    "load_pstance",
    "load_semeval",
    "news_story_stances",
    "proposition_topics",
    "read_rows",
]
