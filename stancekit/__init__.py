"""stancekit: compare political positions in news.

text -> statements -> embeddings -> stances -> positions -> distances
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from stancekit.topics import TOPICS, Topic

if TYPE_CHECKING:
    from stancekit.analysis import Analysis, analyze
    from stancekit.distances import DistanceMatrix, actor_distances
    from stancekit.embeddings import Encoder
    from stancekit.positions import PositionMatrix, position_matrix
    from stancekit.stances import StanceModel, TrainingOptions
    from stancekit.statements import (
        Statement,
        extract_corpus,
        extract_statements,
        normalize_actors,
    )

# Heavy modules (torch, spaCy) load on first use, so `import stancekit` stays fast.
_LAZY = {
    "Statement": "stancekit.statements",
    "extract_statements": "stancekit.statements",
    "extract_corpus": "stancekit.statements",
    "normalize_actors": "stancekit.statements",
    "Encoder": "stancekit.embeddings",
    "StanceModel": "stancekit.stances",
    "TrainingOptions": "stancekit.stances",
    "PositionMatrix": "stancekit.positions",
    "position_matrix": "stancekit.positions",
    "DistanceMatrix": "stancekit.distances",
    "actor_distances": "stancekit.distances",
    "Analysis": "stancekit.analysis",
    "analyze": "stancekit.analysis",
}

__all__ = [
    "TOPICS",
    "Analysis",
    "DistanceMatrix",
    "Encoder",
    "PositionMatrix",
    "StanceModel",
    "Statement",
    "Topic",
    "TrainingOptions",
    "__version__",
    "actor_distances",
    "analyze",
    "extract_corpus",
    "extract_statements",
    "normalize_actors",
    "position_matrix",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'stancekit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
