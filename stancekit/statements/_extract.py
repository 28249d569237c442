"""Orchestration: parsed text -> drafts -> statements with actors, offsets checked."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spacy.tokens import Doc

from stancekit.statements._bullets import bullet_drafts
from stancekit.statements._coref import full_name_genders, person_mentions, resolve_speakers
from stancekit.statements._dateline import mask_datelines, restore_fields
from stancekit.statements._direct import direct_drafts
from stancekit.statements._draft import Draft, is_anonymity_request, is_duplicate, to_statement
from stancekit.statements._labels import label_drafts
from stancekit.statements._nlp import load_nlp
from stancekit.statements._quotes import find_quotes, iter_inner_spans
from stancekit.statements._reported import reported_drafts
from stancekit.statements._tokens import doc_text
from stancekit.statements._types import Statement
from stancekit.statements._validate import check_all
from stancekit.statements.actors import check_aliases, normalize_actors
from stancekit.statements.cues import UNKNOWN_ACTOR

logger = logging.getLogger("stancekit.statements")


def _check_text(text: object, doc_id: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"The 'text' parameter must be a str. Got {type(text).__name__} instead.")
    if not isinstance(doc_id, str):
        raise TypeError(
            f"The 'doc_id' parameter must be a str. Got {type(doc_id).__name__} instead."
        )


def doc_drafts(doc: Doc) -> list[Draft]:
    """Return every draft of a parsed document (direct, reported, bullets), deduplicated."""
    quotes = find_quotes(doc_text(doc))
    quote_spans = list(iter_inner_spans(quotes))
    kept: list[Draft] = direct_drafts(doc, quotes)
    used = {int(d.meta["cue_token"]) for d in kept}
    for draft in reported_drafts(list(doc.sents), quote_spans, used):
        if not is_duplicate(draft, kept):
            kept.append(draft)
    kept.extend(bullet_drafts(doc, kept))
    labels = label_drafts(doc, kept)
    # A transcript's turn is its speaker's answer: "GOV. HALE: They said the same thing at $10"
    # is Hale's, not a statement by "they"
    turns = [d.content for d in labels if d.meta.get("turn")]
    kept = [d for d in kept if not any(a <= d.content[0] and d.content[1] <= b for a, b in turns)]
    kept.extend(labels)
    return kept


def doc_statements(doc: Doc, doc_id: str) -> list[Statement]:
    """Return the statements of one parsed document with per-document actors.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed text.
    doc_id : str
        Identifier stored on each statement.

    Returns
    -------
    list of Statement
        Sorted by content start; offsets are checked against ``doc.text``.
    """
    text = doc_text(doc)
    drafts = sorted(
        (d for d in doc_drafts(doc) if not is_anonymity_request(text[d.content[0] : d.content[1]])),
        key=lambda d: (d.content[0], d.content[1]),
    )
    quote_spans = list(iter_inner_spans(find_quotes(text)))
    said = [(d.speaker, d.head, d.content) for d in drafts if d.speaker and d.head is not None]
    speakers = [(speaker, head) for speaker, head, _ in said]
    resolved = iter(resolve_speakers(doc, speakers, quote_spans, [c for *_, c in said]))
    statements = []
    for d in drafts:
        actor, actor_type = (
            next(resolved)
            if d.speaker is not None and d.head is not None
            else (UNKNOWN_ACTOR, "unknown")
        )
        if "actor" in d.meta:  # a rule that knows better (a transcript's speaker in capitals)
            actor, actor_type = str(d.meta["actor"]), "person"
        statements.append(to_statement(d, text, doc_id, actor, actor_type))
    check_all(statements, text)
    return statements


def parsed_statements(
    doc: Doc, doc_id: str, text: str, method: str = "rules", tagger: Any = None
) -> list[Statement]:
    """Statements of a document parsed with its datelines masked, fields from ``text``.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parse of ``mask_datelines(text)``.
    doc_id : str
    text : str
        The original text (the fields are taken from it).
    method : {"rules", "tagger"}, default="rules"
    tagger : AttributionTagger or path-like, optional
        For ``method="tagger"``; default is the shipped model.

    Returns
    -------
    list of Statement
        Per-document actors, before corpus-wide merging.
    """
    if method == "tagger":
        from stancekit.statements.tagger import tagger_statements

        found = tagger_statements(doc, doc_id, tagger=tagger)
    else:
        found = doc_statements(doc, doc_id)
    return restore_fields(found, text)


def _names(doc: Doc) -> list[str]:
    return [m.actor for m in person_mentions(doc, [])]


#: The extraction methods of :func:`extract_statements`.
METHODS = ("rules", "tagger", "fast")


def check_method(method: object) -> str:
    """Validate the ``method`` argument of :func:`extract_statements`."""
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(
            f"The 'method' parameter of extract_statements must be one of {list(METHODS)}. "
            f"Got {method!r} instead."
        )
    return method


def extract_statements(
    text: str,
    doc_id: str = "doc",
    *,
    aliases: Mapping[str, str] | None = None,
    nlp: Any = None,
    method: str = "rules",
    tagger: Any = None,
) -> list[Statement]:
    """Extract attributed statements ("who said what") from one text.

    Parameters
    ----------
    text : str
        The source text (paragraphs separated by line breaks).
    doc_id : str, default="doc"
        Identifier stored on each statement.
    aliases : mapping of str to str, optional
        ``{mention or actor: actor}`` applied after the automatic merges, overriding them.
    nlp : spacy.language.Language, optional
        A spaCy English pipeline with parser, tagger, lemmatizer and NER; default is the
        shared pipeline from :func:`stancekit.statements.load_nlp`. Unused by ``"fast"``.
    method : {"rules", "tagger", "fast"}, default="rules"
        ``"rules"``: quotation marks, cue verbs and the spaCy parse. ``"tagger"``: the learned
        attribution tagger (source / cue / content spans tagged over the packaged MiniLM,
        trained on PolNeAR's train compartment), linked into statements; speakers are
        resolved to actors as with the rules. ``"fast"``: regular expressions and word lists
        only (:func:`stancekit.statements.fast.fast_statements`), no spaCy and no torch: many
        times faster, less accurate.
    tagger : AttributionTagger or path-like, optional
        The tagger for ``method="tagger"``; default is the shipped model
        (:func:`stancekit.statements.tagger.default_tagger_path`).

    Returns
    -------
    list of Statement
        Direct quotes, reported speech and "according to" statements, sorted by content
        start. Every span satisfies ``text[start:end] == field``.

    Raises
    ------
    TypeError
        If ``text`` or ``doc_id`` is not a str, or ``aliases`` is not a str -> str mapping.
    ValueError
        If ``method`` is not one of ``"rules"``, ``"tagger"``, ``"fast"``.

    Examples
    --------
    >>> s = extract_statements('"We will win," said Jane Doe.')[0]
    >>> (s.actor, s.cue, s.content, s.kind)
    ('Jane Doe', 'said', 'We will win', 'direct')
    """
    _check_text(text, doc_id)
    check_aliases(aliases)
    check_method(method)
    if not text.strip():
        return []
    if method == "fast":
        from stancekit.statements.fast import fast_statements

        return fast_statements(text, doc_id, aliases=aliases)
    doc = (nlp or load_nlp())(mask_datelines(text))
    statements = parsed_statements(doc, doc_id, text, method, tagger)
    return normalize_actors(
        statements, aliases=aliases, names=_names(doc), genders=full_name_genders(doc)
    )


def _fast_corpus(
    documents: Mapping[str, str],
    ids: Sequence[str],
    aliases: Mapping[str, str] | None,
    show_progress_bar: bool,
) -> list[Statement]:
    """``extract_corpus`` for ``method="fast"``: no spaCy pipeline is loaded."""
    from stancekit.statements.fast import fast_corpus_statements

    todo: Iterable[str] = ids
    if show_progress_bar:
        from tqdm.auto import tqdm

        todo = tqdm(ids, desc="Extracting statements")
    statements, names = fast_corpus_statements((k, documents[k]) for k in todo)
    return normalize_actors(statements, aliases=aliases, names=names)


def extract_corpus(
    documents: Mapping[str, str],
    *,
    aliases: Mapping[str, str] | None = None,
    batch_size: int = 16,
    show_progress_bar: bool | None = None,
    nlp: Any = None,
    method: str = "rules",
    tagger: Any = None,
) -> list[Statement]:
    """Extract statements from many documents and merge actors across them.

    Parameters
    ----------
    documents : mapping of str to str
        ``{doc_id: text}``; statements come back in this order.
    aliases : mapping of str to str, optional
        ``{mention or actor: actor}`` applied last, overriding the automatic merges.
    batch_size : int, default=16
        Documents per ``nlp.pipe`` batch (unused by ``"fast"``).
    show_progress_bar : bool, optional
        Show a progress bar; default: only when the ``stancekit`` logger is at INFO or DEBUG.
    nlp : spacy.language.Language, optional
        The spaCy pipeline; default is :func:`stancekit.statements.load_nlp`. Not loaded
        for ``method="fast"``.
    method : {"rules", "tagger", "fast"}, default="rules"
        As in :func:`extract_statements`.
    tagger : AttributionTagger or path-like, optional
        The tagger for ``method="tagger"``; default is the shipped model.

    Returns
    -------
    list of Statement
        Statements of all documents, document by document, each sorted by content start;
        a person's surname in one document merges with a full name from another.

    Raises
    ------
    TypeError
        If ``documents`` is not a mapping of str to str, or ``aliases`` is malformed.
    ValueError
        If ``batch_size`` is not a positive int, or ``method`` is not a known method.
    """
    if not isinstance(documents, Mapping):
        raise TypeError(
            "The 'documents' parameter must be a mapping of doc_id to text. "
            f"Got {type(documents).__name__} instead."
        )
    for doc_id, text in documents.items():
        _check_text(text, doc_id)
    check_aliases(aliases)
    check_method(method)
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"The 'batch_size' parameter must be a positive int. Got {batch_size!r}.")
    if show_progress_bar is None:
        show_progress_bar = logging.getLogger("stancekit").getEffectiveLevel() <= logging.INFO
    ids = [k for k, v in documents.items() if v.strip()]
    if method == "fast":
        return _fast_corpus(documents, ids, aliases, show_progress_bar)
    pipeline = nlp or load_nlp()
    docs: Iterable[Doc] = pipeline.pipe(
        (mask_datelines(documents[k]) for k in ids), batch_size=batch_size
    )
    if show_progress_bar:
        from tqdm.auto import tqdm

        docs = tqdm(docs, total=len(ids), desc="Extracting statements")
    statements: list[Statement] = []
    names: list[str] = []
    told: dict[str, set[str]] = {}
    for doc_id, doc in zip(ids, docs, strict=True):
        statements.extend(parsed_statements(doc, doc_id, documents[doc_id], method, tagger))
        names.extend(_names(doc))
        for name, g in full_name_genders(doc).items():
            told.setdefault(name, set()).add(g)
    genders = {name: next(iter(gs)) for name, gs in told.items() if len(gs) == 1}
    return normalize_actors(statements, aliases=aliases, names=names, genders=genders)
