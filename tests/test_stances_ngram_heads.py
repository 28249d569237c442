import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from stancekit.stances import StanceModel
from stancekit.stances.ngram_heads import NgramHeads, NgramVocabulary

X = [
    "we love this plan #yes",
    "a great plan, vote yes",
    "superb plan, love it",
    "we hate this plan #no",
    "awful plan, vote no",
    "hate it, awful",
] * 5
Y = ["favor", "favor", "favor", "against", "against", "against"] * 5
OTHER_X = ["the tax is fair", "fair tax now", "unfair tax", "the tax is a theft"] * 15
OTHER_Y = ["favor", "favor", "against", "against"] * 15
CLASSES = ["against", "favor", "none"]


@pytest.fixture(scope="module")
def fresh():
    return StanceModel(shared_layers=4)


@pytest.fixture()
def model(fresh):
    fresh.ngram_heads_ = None
    yield fresh.fit_ngram_heads(X, "the plan", Y, min_examples=10, weight=0.5)
    fresh.ngram_heads_ = None


TEXTS = X + OTHER_X + ["one more text, seen once", "tax plan"]


@pytest.mark.parametrize(("analyzer", "ngrams"), [("word", (1, 2)), ("char_wb", (2, 5))])
def test_vocabulary_matches_sklearn_tfidf(analyzer, ngrams):
    # No cut (max_features above the vocabulary): sklearn's TfidfVectorizer to rounding.
    vocab = NgramVocabulary.fit(TEXTS, max_features=100_000)
    ref = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, min_df=2, sublinear_tf=True)
    expected = ref.fit_transform(TEXTS).toarray()
    mine = vocab.words if analyzer == "word" else vocab.chars
    assert mine == sorted(ref.vocabulary_, key=ref.vocabulary_.__getitem__)
    part = slice(0, len(vocab.words)) if analyzer == "word" else slice(len(vocab.words), None)
    np.testing.assert_allclose(vocab.transform(TEXTS)[:, part].toarray(), expected, atol=1e-6)


def test_vocabulary_keeps_the_most_frequent_ngrams_seen_twice():
    vocab = NgramVocabulary.fit(["alpha beta", "alpha gamma", "delta"], max_features=4)
    assert vocab.words == ["alpha"]  # the only word in two texts
    assert len(vocab.chars) == 2 and all(len(c) >= 2 for c in vocab.chars)
    X1 = vocab.transform(["alpha", "xyz"])
    assert X1.shape == (2, 3)
    np.testing.assert_allclose(X1[1].toarray(), 0.0)  # unseen n-grams give no features


def test_ngram_heads_change_only_their_topic(model):
    assert list(model.ngram_heads_.heads) == ["the plan"]
    other = model.predict_proba(X[:6], "iran_deal")
    mixed = model.predict_proba(X[:6], "the plan")
    heads, model.ngram_heads_ = model.ngram_heads_, None
    base_other = model.predict_proba(X[:6], "iran_deal")
    base = model.predict_proba(X[:6], "the plan")
    model.ngram_heads_ = heads
    np.testing.assert_array_equal(other, base_other)
    np.testing.assert_allclose(mixed.sum(1), 1.0, atol=1e-9)
    none = CLASSES.index("none")
    np.testing.assert_allclose(mixed[:, none], base[:, none], atol=1e-9)
    fav = CLASSES.index("favor")
    assert (mixed[:3, fav] > base[:3, fav]).all() and (mixed[3:, fav] < base[3:, fav]).all()


@pytest.mark.parametrize("weight", [0.0, 0.3, 1.0])
def test_mix_is_the_weighted_geometric_mean_over_the_head_classes(model, weight):
    heads = model.ngram_heads_
    heads.weight = weight
    proba = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
    q = heads.predict_proba("the plan", X[:2])
    out = heads.mix(proba, X[:2], "the plan", CLASSES)
    cond = proba[:, :2] / proba[:, :2].sum(1, keepdims=True)
    expect = cond ** (1 - weight) * q**weight
    expect = expect / expect.sum(1, keepdims=True) * proba[:, :2].sum(1, keepdims=True)
    np.testing.assert_allclose(out[:, :2], expect, atol=1e-6)
    np.testing.assert_array_equal(out[:, 2], proba[:, 2])
    np.testing.assert_array_equal(heads.mix(proba, X[:2], "another topic", CLASSES), proba)


def test_later_fits_add_a_vocabulary_and_keep_other_topics(model):
    first = model.ngram_heads_.heads["the plan"]
    model.fit_ngram_heads(OTHER_X, "the tax", OTHER_Y, min_examples=10)
    heads = model.ngram_heads_
    assert list(heads.heads) == ["the plan", "the tax"]
    assert len(heads.vocabularies) == 2
    np.testing.assert_array_equal(heads.heads["the plan"].coef, first.coef)
    model.fit_ngram_heads(X, "the plan", Y, min_examples=10)  # refit: the old vocabulary goes
    assert len(model.ngram_heads_.vocabularies) == 2
    assert sorted(h.vocabulary for h in model.ngram_heads_.heads.values()) == [0, 1]


@pytest.mark.parametrize(
    ("n", "labels", "expected"),
    [(30, Y, ["the plan"]), (9, Y, []), (30, ["favor"] * 30, [])],
)
def test_ngram_heads_need_enough_examples_and_two_labels(n, labels, expected):
    heads = NgramHeads().fit(X[:n], ["the plan"] * n, labels[:n], min_examples=10)
    assert list(heads.heads) == expected
    assert len(heads.vocabularies) == (1 if expected else 0)


def test_ngram_heads_survive_save_and_load(model, tmp_path):
    model.fit_ngram_heads(OTHER_X, "the tax", OTHER_Y, min_examples=10)
    model.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.ngram_heads_.config() == model.ngram_heads_.config()
    for topic, texts in (("the plan", X), ("the tax", OTHER_X)):
        np.testing.assert_array_equal(
            loaded.predict_proba(texts, topic), model.predict_proba(texts, topic)
        )
    assert "## N-gram heads" in (tmp_path / "m" / "README.md").read_text()


def test_unicode_ngrams_survive_save_and_load(fresh, tmp_path):
    texts = ["très bien ça marche 👍", "très mal ça casse 👎"] * 10
    fresh.ngram_heads_ = None
    try:
        fresh.fit_ngram_heads(texts, "ça", ["favor", "against"] * 10, min_examples=10)
        fresh.save(tmp_path / "m")
        loaded = StanceModel.load(tmp_path / "m")
        assert loaded.ngram_heads_.vocabularies[0].chars == fresh.ngram_heads_.vocabularies[0].chars
        assert "très" in loaded.ngram_heads_.vocabularies[0].words
    finally:
        fresh.ngram_heads_ = None


def test_weights_without_config_are_refused(model, tmp_path):
    import json

    model.save(tmp_path / "m")
    cfg = tmp_path / "m" / "config.json"
    config = json.loads(cfg.read_text())
    config["ngram_heads"] = None
    cfg.write_text(json.dumps(config))
    with pytest.raises(ValueError, match="n-gram heads that config.json does not describe"):
        StanceModel.load(tmp_path / "m")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weight": 1.5}, "weight must be a number in"),
        ({"weight": True}, "weight must be a number in"),
        ({"C": 0}, "C must be a positive number"),
        ({"C": "4"}, "C must be a positive number"),
        ({"max_features": 0}, "max_features must be a positive int"),
        ({"max_features": 2.5}, "max_features must be a positive int"),
        ({"max_features": 1}, "max_features must be at least 2"),
    ],
)
def test_ngram_heads_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        NgramHeads(**kwargs)


def test_fit_ngram_heads_label_count_error(fresh):
    with pytest.raises(ValueError, match="labels must have one label per text"):
        fresh.fit_ngram_heads(X, "the plan", Y[:3])


def test_ngram_fit_length_error():
    with pytest.raises(ValueError, match="same length"):
        NgramHeads().fit(X, ["the plan"] * 3, Y)


@pytest.mark.parametrize(("flag", "extra_rows"), [([], 6), (["--no-ngram-val"], 0)])
def test_recipe_refits_the_ngram_heads_alone(fresh, tmp_path, monkeypatch, flag, extra_rows):
    from safetensors.numpy import load_file

    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData

    fresh.ngram_heads_ = None
    fresh.fit_topic_heads(X, "the plan", Y, min_examples=10).save(tmp_path / "m")
    fresh.topic_heads_ = None
    data = StanceData(X + OTHER_X, ["the plan"] * len(X) + ["the tax"] * len(OTHER_X), Y + OTHER_Y)
    sets = {"semeval": frozenset(), "pstance": frozenset({"the plan"}), "builtin": frozenset()}
    val = StanceData(X[:6], ["the plan"] * 6, Y[:6])
    monkeypatch.setattr(train_topic_heads, "head_training_data", lambda: (data, sets))
    monkeypatch.setattr(train_topic_heads, "load_pstance", lambda *a: val)
    argv = ["--model", str(tmp_path / "m"), "--out", str(tmp_path / "out"), "--ngram-only"]
    assert train_topic_heads.main([*argv, "--min-examples", "10", *flag]) == 0
    before = load_file(tmp_path / "m" / "model.safetensors")
    after = load_file(tmp_path / "out" / "model.safetensors")
    assert all(k.startswith("ngram_heads.") for k in set(after) - set(before))
    assert all(np.array_equal(before[k], after[k]) for k in before)
    loaded = StanceModel.load(tmp_path / "out")
    assert list(loaded.ngram_heads_.heads) == ["the plan"]  # only the chosen set's topics
    assert loaded.ngram_heads_.heads["the plan"].n_train == len(X) + extra_rows
    assert loaded.card_["topic_heads"]["ngram_val"] is not bool(flag)


@pytest.mark.parametrize(
    "extra", [["--claim-head-only"], ["--topic-encoder-only"], ["--no-claim-head"]]
)
def test_recipe_refuses_ngram_only_with_conflicting_flags(tmp_path, extra):
    from stancekit import train_topic_heads

    with pytest.raises(SystemExit):
        train_topic_heads.main(["--model", str(tmp_path), "--ngram-only", *extra])


def test_shipped_model_holds_the_recipes_ngram_heads_and_stays_under_25_mb():
    from stancekit.stances._io import default_model_path
    from stancekit.stances.ngram_heads import DEFAULT_C, DEFAULT_MAX_FEATURES, DEFAULT_WEIGHT
    from stancekit.train_topic_heads import NGRAM_DEFAULT

    folder = default_model_path()
    heads = StanceModel.load(folder).ngram_heads_
    assert NGRAM_DEFAULT == ("pstance",)
    assert set(heads.heads) == {"Donald Trump", "Joe Biden", "Bernie Sanders"}
    assert (heads.weight, heads.C, heads.max_features) == (
        DEFAULT_WEIGHT,
        DEFAULT_C,
        DEFAULT_MAX_FEATURES,
    )
    assert [len(v) for v in heads.vocabularies] == [DEFAULT_MAX_FEATURES]
    assert sum(p.stat().st_size for p in folder.iterdir()) < 25 * 10**6


@pytest.mark.parametrize(
    ("texts", "words", "chars"),
    [
        (["a b", "a c", "d"] * 10, 0, 5),  # no word of two letters: characters only
        (["go", "no"] * 15, 2, 5),
    ],
)
def test_vocabulary_of_texts_without_some_ngrams(texts, words, chars):
    vocab = NgramVocabulary.fit(texts, max_features=10)
    assert (len(vocab.words), len(vocab.chars)) == (words, chars)
    assert vocab.transform(texts[:3]).shape == (3, words + chars)


def test_ngram_heads_refuse_texts_that_share_no_ngram():
    texts = [f"{chr(0x4E00 + i)}" for i in range(20)]  # one distinct character each
    with pytest.raises(ValueError, match="texts must share n-grams"):
        NgramHeads().fit(texts, ["t"] * 20, ["favor", "against"] * 10, min_examples=10)
