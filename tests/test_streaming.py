"""analyze_stream: chunked analysis merges exactly to the one-shot result."""

import numpy as np
import pytest

import stancekit as sk
from stancekit.positions import combine
from stancekit.streaming import analyze_stream, iter_documents

DOCS = {
    "a": (
        "General Mark Milley said on Tuesday that the US should return to the Iran deal.\n\n"
        "Israeli officials said the US should not go back to the 2015 agreement."
    ),
    "b": '"We will return to the deal," Milley said. Prime Minister Naftali Bennett disagreed.',
    "empty": "   ",
    "c": (
        'Bennett said Israel would not go back on its word. "Normalization will grow," '
        "an Israeli official told reporters."
    ),
    "d": "The weather was fine, according to nobody in particular.",
    "e": '"We must return to talks," Joe Biden said. Hunter Biden said nothing.',
    "f": (
        "Blinken said the US would return to the deal, an Israeli official said. "
        '"The weather is mild today. We will not go back to that deal," Lapid said.'
    ),
}
TOPICS = ["iran_deal", "gulf_normalization"]


class KeywordModel:
    """Favor if the text says 'return', against if 'not go back', else none."""

    classes_ = np.array(["against", "favor", "none"])

    def __init__(self):
        self.calls = 0

    def predict_proba(self, texts, topics, **kwargs):
        self.calls += 1
        out = []
        for text, topic in zip(texts, topics):
            key = getattr(topic, "key", topic)
            if "not go back" in text:
                out.append([0.8, 0.1, 0.1])
            elif "return" in text and key == "iran_deal":
                out.append([0.1, 0.8, 0.1])
            elif "grow" in text:
                out.append([0.2, 0.6, 0.2])
            else:
                out.append([0.05, 0.05, 0.9])
        return np.array(out, dtype=float).reshape(len(texts), 3)


def assert_same(P, Q):
    assert P.actors == Q.actors
    assert P.topics == Q.topics
    np.testing.assert_allclose(P.sums, Q.sums, atol=1e-9)
    np.testing.assert_allclose(P.weights, Q.weights, atol=1e-9)
    np.testing.assert_array_equal(P.counts, Q.counts)


@pytest.fixture(scope="module")
def one_shot():
    return sk.analyze(DOCS, topics=TOPICS, model=KeywordModel(), n_boot=0)


@pytest.mark.parametrize(
    ("chunk_size", "prefetch"), [(1, False), (2, True), (3, False), (100, True)]
)
def test_stream_equals_one_shot_whatever_the_chunks(one_shot, chunk_size, prefetch):
    P = analyze_stream(
        DOCS, topics=TOPICS, model=KeywordModel(), chunk_size=chunk_size, prefetch=prefetch
    )
    assert_same(P, one_shot.positions)
    # names merge across chunks: "Milley" (doc b) joins "Mark Milley" (doc a)
    assert "Mark Milley" in P.actors and "Milley" not in P.actors


def test_merge_of_chunks_equals_aggregation_of_the_same_chunks(one_shot):
    parts = []
    P = analyze_stream(
        DOCS, topics=TOPICS, model=KeywordModel(), chunk_size=2, on_chunk=parts.append
    )
    assert [len(c.doc_ids) for c in parts] == [2, 2, 2, 1]
    per_chunk = [
        sk.analyze({d: DOCS[d] for d in c.doc_ids}, TOPICS, model=KeywordModel(), n_boot=0)
        for c in parts
    ]
    merged = combine([a.positions for a in per_chunk])
    # counts add up exactly; only actor names can differ (merged per chunk vs. corpus-wide)
    assert merged.counts.sum() == P.counts.sum() == one_shot.positions.counts.sum()
    np.testing.assert_allclose(merged.sums.sum(0), P.sums.sum(0))


def test_chunks_are_bounded_and_no_document_is_dropped():
    seen = []
    model = KeywordModel()
    analyze_stream(iter(DOCS.items()), TOPICS, model, chunk_size=4, on_chunk=seen.append)
    assert [len(c.doc_ids) for c in seen] == [4, 3]
    assert [d for c in seen for d in c.doc_ids] == list(DOCS)  # "empty" counts as processed
    assert model.calls == 2
    for c in seen:
        assert c.proba.shape == (len(c.statements), 2, 3)


def test_records_give_intervals_and_document_votes(one_shot):
    a = sk.analyze(DOCS, TOPICS, model=KeywordModel(), duplicates="document", n_boot=50)
    P = analyze_stream(
        DOCS,
        TOPICS,
        KeywordModel(),
        chunk_size=2,
        keep_records=True,
        duplicates="document",
        n_boot=50,
    )
    assert_same(P, a.positions)
    assert P.lower is not None and P.evidence is not None
    with pytest.raises(ValueError, match="keep_records=True"):
        analyze_stream(DOCS, TOPICS, KeywordModel(), duplicates="document")


def test_aliases_apply_as_in_analyze():
    aliases = {"Milley": "Pentagon", "an Israeli official": "Israel"}
    a = sk.analyze(DOCS, TOPICS, model=KeywordModel(), aliases=aliases, n_boot=0)
    P = analyze_stream(DOCS, TOPICS, KeywordModel(), chunk_size=1, aliases=aliases)
    assert_same(P, a.positions)


def test_inputs():
    assert list(iter_documents(["x", "y"])) == [("doc0", "x", None), ("doc1", "y", None)]
    assert list(iter_documents([("i", "t", "2020-01-02")])) == [("i", "t", "2020-01-02")]
    with pytest.raises(TypeError, match="single string"):
        list(iter_documents("text"))
    with pytest.raises(TypeError, match="position 0"):
        list(iter_documents([3]))
    with pytest.raises(ValueError, match="chunk_size"):
        analyze_stream(DOCS, TOPICS, KeywordModel(), chunk_size=0)
    empty = analyze_stream([], TOPICS, KeywordModel())
    assert empty.shape == (0, 2) and empty.topics == TOPICS


def test_stream_reads_statements_like_analyze():
    """Relayed statements are not evidence and long quotes are read sentence by sentence."""
    docs = {"f": DOCS["f"]}
    a = sk.analyze(docs, TOPICS, model=KeywordModel(), n_boot=0)
    P = analyze_stream(docs, TOPICS, model=KeywordModel())
    assert np.isnan(a.positions.loc("Israeli officials", "iran_deal"))
    np.testing.assert_allclose(P.counts, a.positions.counts)
    np.testing.assert_allclose(P.sums, a.positions.sums)


def test_extraction_leaves_no_new_strings_in_spacy_vocabulary(nlp):
    from stancekit.streaming import extract_chunk

    words = [f"Zorblax{i}qua" for i in range(50)]
    text = f'"{" ".join(words)}," Senator Vormithrax said on Tuesday.'
    before = len(nlp.vocab.strings)
    out = extract_chunk([("d0", text, None)], nlp)
    assert len(nlp.vocab.strings) == before
    assert [s.content for s in out.raw] == [" ".join(words)]
    assert out.raw[0].speaker == "Senator Vormithrax"


@pytest.mark.parametrize("extractor", ["rules", "tagger", "fast"])
def test_stream_equals_one_shot_with_each_extractor(extractor):
    a = sk.analyze(DOCS, TOPICS, model=KeywordModel(), n_boot=0, extractor=extractor)
    for prefetch in (False, True):
        P = analyze_stream(
            DOCS, TOPICS, KeywordModel(), chunk_size=2, prefetch=prefetch, extractor=extractor
        )
        assert_same(P, a.positions)


@pytest.mark.parametrize("extractor", ["Rules", "spacy", None])
def test_unknown_extractor_is_named(extractor):
    with pytest.raises(ValueError, match="'extractor' parameter of analyze_stream must be one of"):
        analyze_stream(DOCS, TOPICS, KeywordModel(), extractor=extractor)
