"""Step 1: text -> attributed statements (who said what, with character offsets)."""

from stancekit.statements._extract import extract_corpus, extract_statements
from stancekit.statements._nlp import load_nlp
from stancekit.statements._types import Kind, Span, Statement
from stancekit.statements._validate import SpanError, check_spans
from stancekit.statements.actors import normalize_actors
from stancekit.statements.nesting import outer_reports

__all__ = [
    "Kind",
    "Span",
    "SpanError",
    "Statement",
    "check_spans",
    "extract_corpus",
    "extract_statements",
    "load_nlp",
    "normalize_actors",
    "outer_reports",
]
