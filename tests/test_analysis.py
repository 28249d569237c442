"""analyze() with a small stand-in model, so these tests do not depend on trained weights."""

import numpy as np
import pytest

import stancekit as sk

ARTICLE = (
    '"We will return to the deal if Iran complies," President Joe Biden said on Monday.\n\n'
    "Israeli officials said the US should not go back to the 2015 agreement.\n\n"
    "The weather was fine."
)


class KeywordModel:
    """Favor if the text says 'return', against if 'not go back', else none."""

    classes_ = np.array(["against", "favor", "none"])

    def __init__(self):
        self.calls = []

    def predict_proba(self, texts, topics, **kwargs):
        self.calls.append((list(texts), list(topics)))
        out = []
        for t in texts:
            if "not go back" in t:
                out.append([0.8, 0.1, 0.1])
            elif "return" in t:
                out.append([0.1, 0.8, 0.1])
            else:
                out.append([0.05, 0.05, 0.9])
        return np.array(out, dtype=float).reshape(len(texts), 3)


def test_end_to_end_with_stand_in_model():
    a = sk.analyze({"a1": ARTICLE}, topics=["iran_deal"], model=KeywordModel())
    assert {s.actor for s in a.statements} >= {"Joe Biden", "Israeli officials"}
    P = a.positions
    assert P.topics == ["iran_deal"]
    assert P.loc("Joe Biden", "iran_deal") == pytest.approx(0.7)
    assert P.loc("Israeli officials", "iran_deal") == pytest.approx(-0.7)
    D = a.distances()
    assert D.loc("Joe Biden", "Israeli officials") == pytest.approx(1.4)
    assert a.stances.proba.shape == (len(a.statements), 1, 3)
    records = a.stances.to_records()
    assert len(records) == len(a.statements)
    assert set(records[0]["proba"]) == {"against", "favor", "none"}
    assert a.to_dict()["positions"]["topics"] == ["iran_deal"]


def test_each_statement_is_encoded_once_per_topic_in_one_call():
    model = KeywordModel()
    a = sk.analyze(ARTICLE, topics=("iran_deal", "gulf_normalization"), model=model)
    assert len(model.calls) == 1
    texts, topics = model.calls[0]
    assert len(texts) == 2 * len(a.statements)
    assert a.stances.labels.shape == (len(a.statements), 2)


@pytest.mark.parametrize(
    ("documents", "ids"),
    [
        (ARTICLE, ["doc0"]),
        ([ARTICLE, ""], ["doc0", "doc1"]),
        ({"x": ARTICLE, "y": "Nothing said here."}, ["x", "y"]),
    ],
)
def test_document_forms_keep_every_document(documents, ids):
    a = sk.analyze(documents, topics="iran_deal", model=KeywordModel())
    assert list(a.documents) == ids


def test_empty_document_gives_empty_result():
    a = sk.analyze("", model=KeywordModel())
    assert a.statements == []
    assert a.positions.values.shape == (0, 2)
    assert a.distances().values.shape == (0, 0)


@pytest.mark.parametrize(
    ("documents", "topics", "error", "match"),
    [
        (42, "iran_deal", TypeError, "documents must be"),
        ([ARTICLE, 3], "iran_deal", TypeError, "the text of 'doc1' must be a str"),
        ({1: ARTICLE}, "iran_deal", TypeError, "doc ids must be str"),
        (ARTICLE, "iran_dea", ValueError, "unknown topic key 'iran_dea'"),
        (ARTICLE, [], ValueError, "at least one topic"),
        (ARTICLE, ["iran_deal", "iran_deal"], ValueError, "distinct"),
    ],
)
def test_analyze_errors(documents, topics, error, match):
    with pytest.raises(error, match=match):
        sk.analyze(documents, topics=topics, model=KeywordModel())


def test_relayed_statements_are_not_evidence_of_the_relaying_actor():
    text = "Biden said he will return to the deal, an Israeli official said."
    a = sk.analyze(text, topics="iran_deal", model=KeywordModel())
    assert {s.actor for s in a.statements} == {"Biden", "Israeli officials"}
    assert a.positions.loc("Biden", "iran_deal") == pytest.approx(0.7)
    assert np.isnan(a.positions.loc("Israeli officials", "iran_deal"))


@pytest.mark.parametrize("extractor", ["rules", "tagger", "fast"])
def test_extractors_give_exact_offsets_and_the_same_speakers(extractor):
    a = sk.analyze(ARTICLE, topics="iran_deal", model=KeywordModel(), extractor=extractor)
    assert a.statements, extractor
    for s in a.statements:
        assert ARTICLE[slice(*s.content_span)] == s.content
    actors = {s.actor for s in a.statements}
    assert "Joe Biden" in actors and "Israeli officials" in actors


@pytest.mark.parametrize("extractor", ["tagger ", "Rules", None, "textacy"])
def test_unknown_extractor_is_named(extractor):
    with pytest.raises(ValueError, match="The 'extractor' parameter of analyze must be one of"):
        sk.analyze(ARTICLE, topics="iran_deal", model=KeywordModel(), extractor=extractor)


def test_fast_extractor_runs_without_spacy(monkeypatch):
    """The lean path: extraction from plain-text patterns, no parser loaded."""
    import stancekit.statements._nlp as nlp_module

    def no_spacy(*args, **kwargs):
        raise AssertionError("the fast extractor must not load spaCy")

    monkeypatch.setattr(nlp_module, "load_nlp", no_spacy)
    monkeypatch.setattr("stancekit.statements._extract.load_nlp", no_spacy)
    a = sk.analyze(ARTICLE, topics="iran_deal", model=KeywordModel(), extractor="fast")
    assert {"Joe Biden", "Israeli officials"} <= {s.actor for s in a.statements}
