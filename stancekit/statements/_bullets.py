"""Bullet points under an attribution ("The officials said:" followed by bullets)."""

from __future__ import annotations

from spacy.tokens import Doc

from stancekit.statements._attribution import find_attribution
from stancekit.statements._draft import Draft
from stancekit.statements._quotes import body_start, paragraphs
from stancekit.statements._tokens import (
    doc_text,
    last_sentence_start,
    only_punct,
    overlap,
    tokens_in,
    trim,
    trim_content,
)
from stancekit.statements._types import Kind, Span
from stancekit.statements.cues import DOUBLE_QUOTES, SINGLE_QUOTES

_CLOSERS = {**DOUBLE_QUOTES, **SINGLE_QUOTES}


def _bullet_content(text: str, start: int, end: int) -> tuple[Span, Kind]:
    start, end = trim(text, start, end)
    closer = _CLOSERS.get(text[start]) if start < end else None
    if closer is not None:
        inner_end = text.rfind(closer, start + 1, end)
        if inner_end > start and only_punct(text[inner_end + 1 : end]):
            inner = trim(text, start + 1, inner_end)
            while inner[1] > inner[0] and text[inner[1] - 1] == ",":
                inner = (inner[0], inner[1] - 1)
            return inner, "direct"
    return trim_content(text, start, end), "indirect"


def bullet_drafts(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Return drafts for bullets that follow a paragraph ending in "<speaker> <cue>:".

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed source text.
    drafts : list of Draft
        Drafts found so far; bullets they already cover are left alone.

    Returns
    -------
    list of Draft
        One draft per bullet, sharing the attribution of the introducing paragraph.
    """
    text = doc_text(doc)
    paras = paragraphs(text)
    covered = [d.content for d in drafts]
    found: list[Draft] = []
    for k, (start, end) in enumerate(paras):
        if not text[start:end].endswith(":"):
            continue
        lo = last_sentence_start(text, start, end)
        att = find_attribution(tokens_in(doc, lo, end), lo, end)
        if att is None or not only_punct(text[max(att.cue[1], att.speaker[1]) : end]):
            continue
        for p_start, p_end in paras[k + 1 :]:
            body = body_start(text, p_start, p_end)
            if body == p_start:
                break
            if any(overlap((body, p_end), c) for c in covered):
                continue
            content, kind = _bullet_content(text, body, p_end)
            if content[1] <= content[0]:
                continue
            found.append(
                Draft(
                    speaker=att.speaker,
                    cue=att.cue,
                    content=content,
                    kind=kind,
                    head=att.head.i,
                    source="bullet",
                    meta={"cue_token": att.verb.i},
                )
            )
    return found
