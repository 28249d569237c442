"""Where stancekit finds the shared research data and its shipped models.

The benchmark data sets are research-use only and never live in this repository: code reads
them from ``$STANCEKIT_DATA`` (default ``../shared/data`` beside the repository checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _default_shared() -> Path:
    for base in (Path.cwd(), REPO_DIR):
        candidate = (base / ".." / "shared").resolve()
        if candidate.is_dir():
            return candidate
    return (REPO_DIR / ".." / "shared").resolve()


def data_dir() -> Path:
    """Return the folder holding the shared benchmark data sets (``$STANCEKIT_DATA``)."""
    env = os.environ.get("STANCEKIT_DATA")
    return Path(env).expanduser().resolve() if env else _default_shared() / "data"


def seed_path() -> Path:
    """Return the path of the seed story (``$STANCEKIT_SEED`` overrides it)."""
    env = os.environ.get("STANCEKIT_SEED")
    if env:
        return Path(env).expanduser().resolve()
    return _default_shared() / "seed" / "milley_iran_article.txt"


def models_dir() -> Path:
    """Return the folder of shipped models (``$STANCEKIT_MODELS`` overrides it)."""
    env = os.environ.get("STANCEKIT_MODELS")
    if env:
        return Path(env).expanduser().resolve()
    for candidate in (REPO_DIR / "models", PACKAGE_DIR / "models"):
        if candidate.is_dir():
            return candidate
    return REPO_DIR / "models"
