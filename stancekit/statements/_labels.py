"""Speaker labels: a paragraph that opens with a name and a colon.

Headlines ("Pence: Flowers Won't Be at Debate") and transcripts ("WALLACE: Let's start with ...")
attribute a whole line to the name before the colon, without a verb. Section labels ("Why it
matters:", "Horror:", "MORE:") are not speakers: a label counts only if it is a short run of
capitalised words that is a person's full name, a name the text uses outside the labels (a
person's surname, an organisation, a state), a document or source noun ("Poll:",
"Officials:"), or, in a transcript, a name in capitals (at least two such speakers, one of
them speaking again). The rest of the paragraph must not be a list of names ("Sources:
Reuters, AP News").
"""

from __future__ import annotations

from spacy.tokens import Doc

from stancekit.statements._draft import Draft
from stancekit.statements._label_text import (
    NOT_SPEAKERS,
    bracket_name,
    caps,
    colon_at,
    find_labels,
    first_word,
    label_content,
    turn_labels,
)
from stancekit.statements._tokens import doc_text
from stancekit.statements.cues import DOCUMENT_NOUNS, SOURCE_NOUNS

_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def label_drafts(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Return a draft for each paragraph opened by a speaker label.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed source text.
    drafts : list of Draft
        Drafts found so far; paragraphs whose text they already cover are left alone.

    Returns
    -------
    list of Draft
        The label is the speaker and the colon the cue; the content runs to the end of the
        paragraph ("direct" when it is one quotation or a transcript's turn, else "indirect").
        A transcript's turn is made even where ``drafts`` found statements inside it (its
        ``meta["turn"]`` is True: the caller drops those).
    """
    text = doc_text(doc)
    found, transcript = find_labels(text)
    found = [(m, end) for m, end in found if first_word(m.group("label")) not in NOT_SPEAKERS]
    # Names the text uses outside the labels ("Pence: ..." over a story about Mike Pence)
    starts = {m.start("label") for m, _ in found}
    ents = [e for e in doc.ents if e.label_ in _ENTITIES and e.start_char not in starts]
    persons = {e.text for e in ents if e.label_ == "PERSON"}
    persons |= {e[-1].text for e in ents if e.label_ == "PERSON"}
    names = persons | {e.text for e in ents}
    covered = [d.content for d in drafts]
    turns = turn_labels(found, transcript)
    out: list[Draft] = []
    for m, end in found:
        label = m.group("label")
        span = doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
        colon = colon_at(m)
        cue = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if span is None or cue is None:
            continue
        # "Gov. Phil Martens of Ohio:": the person, not the place after "of"
        people = [t for t in span if t.ent_type_ == "PERSON"]
        head = people[-1] if people else span[-1]
        lemma = head.lemma_.lower()
        full_name = head.ent_type_ == "PERSON" and len(label.split()) > 1
        noun = lemma in DOCUMENT_NOUNS or lemma in SOURCE_NOUNS or head.lower_ in SOURCE_NOUNS
        turn = label in turns
        if not (full_name or noun or label in names or turn):
            continue
        read = label_content(text, m, end, turn, covered)
        if read is None:
            continue
        content, kind = read
        meta: dict[str, object] = {"cue_token": cue[0].i}
        if turn:  # a transcript's speakers are people: "PENCE" is Pence
            meta["actor"] = (
                " ".join(w.capitalize() for w in label.split()) if caps(label) else label
            )
            meta["turn"] = True
        elif label in persons:  # (the parse of a headline may not see the name)
            meta["actor"] = label
        named = bracket_name(m)  # "The MINISTER FOR TRANSPORT (Mr Gavin Tully):"
        if named is not None:
            meta["actor"] = named
        out.append(
            Draft(
                speaker=(m.start("label"), m.end("label")),
                cue=(colon, colon + 1),
                content=content,
                kind=kind,
                head=head.i,
                source="label",
                meta=meta,
            )
        )
    return out


__all__ = ["label_drafts"]
