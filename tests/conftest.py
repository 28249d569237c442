"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The shared English pipeline used by the statement extractor."""
    from stancekit.statements import load_nlp

    return load_nlp()
