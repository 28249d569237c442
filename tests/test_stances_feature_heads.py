import json
import logging

import numpy as np
import pytest

from stancekit.stances import StanceModel
from stancekit.stances.feature_heads import FeatureHeads

X = [
    "we love this plan and back it",
    "a great plan, vote yes on it",
    "superb plan, we support it fully",
    "we hate this plan and oppose it",
    "an awful plan, vote no on it",
    "we reject this plan outright",
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
    fresh.feature_heads_ = None
    yield fresh.fit_feature_heads(X, "the plan", Y, min_examples=10, weight=0.5)
    fresh.feature_heads_ = None


def test_inputs_are_the_joint_classifiers_features_and_the_sentence_embedding(fresh):
    import torch

    feats = fresh.feature_head_inputs(X[:4], "the plan")
    h = fresh._hidden_size
    assert feats.shape == (4, 4 * h)
    np.testing.assert_allclose(feats[:, 3 * h :], fresh.sentence_embeddings(X[:4]), atol=1e-5)
    # The first 3H columns are what the joint classifier reads: its logits follow from them.
    logits = fresh.head.classifier(torch.tensor(feats[:, : 3 * h], dtype=torch.float32))
    base = fresh.predict_proba(X[:4], "the plan")
    np.testing.assert_allclose(torch.softmax(logits, -1).detach().numpy(), base, atol=1e-5)
    assert fresh.feature_head_inputs([], "the plan").shape == (0, 4 * h)


def test_feature_heads_change_only_their_topic(model):
    assert list(model.feature_heads_.heads) == ["the plan"]
    other = model.predict_proba(X[:6], "iran_deal")
    mixed = model.predict_proba(X[:6], "the plan")
    heads, model.feature_heads_ = model.feature_heads_, None
    base_other = model.predict_proba(X[:6], "iran_deal")
    base = model.predict_proba(X[:6], "the plan")
    model.feature_heads_ = heads
    np.testing.assert_array_equal(other, base_other)
    np.testing.assert_allclose(mixed.sum(1), 1.0, atol=1e-9)
    fav = CLASSES.index("favor")
    assert (mixed[:3, fav] > base[:3, fav]).all() and (mixed[3:, fav] < base[3:, fav]).all()


def test_prediction_mixes_the_head_on_the_inputs_it_documents(model):
    texts = X[:6] + ["an unrelated sentence about the weather"]
    feats = model.feature_head_inputs(texts, "the plan")
    heads, model.feature_heads_ = model.feature_heads_, None
    base = model.predict_proba(texts, "the plan")
    model.feature_heads_ = heads
    expect = heads.mix(base, feats, "the plan", CLASSES)
    np.testing.assert_allclose(model.predict_proba(texts, "the plan"), expect, atol=1e-6)
    # Batching and a mix of topics in one call give the same rows.
    mixed = model.predict_proba(texts + texts, ["the plan"] * 7 + ["the tax"] * 7, batch_size=3)
    np.testing.assert_allclose(mixed[:7], expect, atol=1e-6)


@pytest.mark.parametrize("weight", [0.0, 0.3, 1.0])
def test_mix_is_the_weighted_geometric_mean_over_the_head_classes(model, weight):
    heads = model.feature_heads_
    heads.weight = weight
    feats = model.feature_head_inputs(X[:2], "the plan")
    proba = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
    q = heads.heads["the plan"].predict_proba(feats)
    out = heads.mix(proba, feats, "the plan", CLASSES)
    cond = proba[:, :2] / proba[:, :2].sum(1, keepdims=True)
    expect = cond ** (1 - weight) * q**weight
    expect = expect / expect.sum(1, keepdims=True) * proba[:, :2].sum(1, keepdims=True)
    np.testing.assert_allclose(out[:, :2], expect, atol=1e-6)
    np.testing.assert_array_equal(out[:, 2], proba[:, 2])
    np.testing.assert_array_equal(heads.mix(proba, feats, "another topic", CLASSES), proba)


def test_folded_standardization_matches_sklearn_on_standardized_features():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    feats = rng.normal(3.0, [0.5, 2.0, 10.0], size=(120, 3))
    labels = np.where(feats[:, 0] + 0.1 * feats[:, 2] > 4.0, "favor", "against")
    heads = FeatureHeads(C=0.5).fit(feats, ["t"] * 120, labels, min_examples=10)
    mu, sd = feats.mean(0), feats.std(0) + 1e-6
    ref = LogisticRegression(C=0.5, max_iter=5000).fit((feats - mu) / sd, labels)
    np.testing.assert_allclose(
        heads.heads["t"].predict_proba(feats), ref.predict_proba((feats - mu) / sd), atol=1e-5
    )


def test_later_fits_keep_other_topics(model):
    first = model.feature_heads_.heads["the plan"]
    model.fit_feature_heads(OTHER_X, "the tax", OTHER_Y, min_examples=10)
    heads = model.feature_heads_
    assert list(heads.heads) == ["the plan", "the tax"]
    np.testing.assert_array_equal(heads.heads["the plan"].coef, first.coef)


@pytest.mark.parametrize(
    ("n", "labels", "expected"),
    [(30, Y, ["the plan"]), (9, Y, []), (30, ["favor"] * 30, [])],
)
def test_feature_heads_need_enough_examples_and_two_labels(fresh, n, labels, expected):
    feats = fresh.feature_head_inputs(X[:n], "the plan")
    heads = FeatureHeads().fit(feats, ["the plan"] * n, labels[:n], min_examples=10)
    assert list(heads.heads) == expected


def test_feature_heads_survive_save_and_load(model, tmp_path):
    model.fit_feature_heads(OTHER_X, "the tax", OTHER_Y, min_examples=10)
    model.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.feature_heads_.config() == model.feature_heads_.config()
    for topic, texts in (("the plan", X), ("the tax", OTHER_X)):
        np.testing.assert_array_equal(
            loaded.predict_proba(texts, topic), model.predict_proba(texts, topic)
        )
    assert "## Feature heads" in (tmp_path / "m" / "README.md").read_text()


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda c: c.update(feature_heads=None), "feature heads that config.json does not"),
        (lambda c: c["feature_heads"].update(n_features=7), r"weights of shape"),
    ],
)
def test_inconsistent_folders_are_refused(model, tmp_path, edit, match):
    model.save(tmp_path / "m")
    cfg = tmp_path / "m" / "config.json"
    config = json.loads(cfg.read_text())
    edit(config)
    cfg.write_text(json.dumps(config))
    with pytest.raises(ValueError, match=match):
        StanceModel.load(tmp_path / "m")


def test_fit_that_changes_the_joint_layers_drops_the_feature_heads(tmp_path, caplog):
    model = StanceModel(shared_layers=4)
    model.fit_feature_heads(X, "the plan", Y, min_examples=10)
    model.fit(X[:6], "the plan", Y[:6], mode="head", epochs=1)  # classifier only: heads stay
    assert model.feature_heads_ is not None
    with caplog.at_level(logging.WARNING, logger="stancekit.stances.model"):
        model.fit(X[:6], "the plan", Y[:6], mode="full", epochs=1, batch_size=6)
    assert model.feature_heads_ is None
    assert "feature heads of 'the plan' are dropped" in caplog.text


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weight": 1.5}, "weight must be a number in"),
        ({"weight": True}, "weight must be a number in"),
        ({"C": 0}, "C must be a positive number"),
        ({"C": "4"}, "C must be a positive number"),
    ],
)
def test_feature_heads_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        FeatureHeads(**kwargs)


@pytest.mark.parametrize(
    ("features", "topics", "labels", "match"),
    [
        (np.zeros((3, 4)), ["t"] * 2, ["favor"] * 3, "one row per topic and label"),
        (np.zeros(3), ["t"] * 3, ["favor"] * 3, "must be a 2-D array"),
    ],
)
def test_feature_heads_fit_shape_errors(features, topics, labels, match):
    with pytest.raises(ValueError, match=match):
        FeatureHeads().fit(features, topics, labels)


def test_later_fit_must_match_the_width_of_earlier_heads():
    rng = np.random.default_rng(0)
    labels = ["favor", "against"] * 10
    heads = FeatureHeads().fit(rng.normal(size=(20, 4)), ["a"] * 20, labels, min_examples=10)
    assert heads.n_features == 4
    with pytest.raises(ValueError, match="features must have 4 columns"):
        heads.fit(rng.normal(size=(20, 5)), ["b"] * 20, labels, min_examples=10)


def test_fit_feature_heads_label_count_error(fresh):
    with pytest.raises(ValueError, match="labels must have one label per text"):
        fresh.fit_feature_heads(X, "the plan", Y[:3])


def test_recipe_refits_the_feature_heads_alone(fresh, tmp_path, monkeypatch):
    from safetensors.numpy import load_file

    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData

    fresh.feature_heads_ = None
    fresh.fit_topic_heads(X, "the plan", Y, min_examples=10).save(tmp_path / "m")
    fresh.topic_heads_ = None
    data = StanceData(X + OTHER_X, ["the plan"] * len(X) + ["the tax"] * len(OTHER_X), Y + OTHER_Y)
    sets = {"semeval": frozenset(), "pstance": frozenset(), "builtin": frozenset({"the plan"})}
    monkeypatch.setattr(train_topic_heads, "head_training_data", lambda: (data, sets))
    argv = ["--model", str(tmp_path / "m"), "--out", str(tmp_path / "out"), "--feature-heads-only"]
    assert train_topic_heads.main([*argv, "--min-examples", "10", "--feature-C", "0.5"]) == 0
    before = load_file(tmp_path / "m" / "model.safetensors")
    after = load_file(tmp_path / "out" / "model.safetensors")
    assert set(after) - set(before) == {
        "feature_heads.0.coef",
        "feature_heads.0.intercept",
    }
    assert all(np.array_equal(before[k], after[k]) for k in before)
    loaded = StanceModel.load(tmp_path / "out")
    assert list(loaded.feature_heads_.heads) == ["the plan"]  # only the chosen set's topics
    assert loaded.feature_heads_.heads["the plan"].n_train == len(X)
    assert loaded.feature_heads_.C == 0.5
    assert loaded.card_["topic_heads"]["feature_heads"] == ["builtin"]


@pytest.mark.parametrize(
    "extra",
    [
        ["--claim-head-only"],
        ["--topic-encoder-only"],
        ["--ngram-only"],
        ["--heads-only", "builtin"],
        ["--no-claim-head"],
        ["--feature-heads"],
    ],
)
def test_recipe_refuses_feature_heads_only_with_conflicting_flags(tmp_path, extra):
    from stancekit import train_topic_heads

    with pytest.raises(SystemExit):
        train_topic_heads.main(["--model", str(tmp_path), "--feature-heads-only", *extra])


def test_shipped_model_holds_the_recipes_feature_heads():
    from stancekit.stances._io import default_model_path
    from stancekit.stances.feature_heads import DEFAULT_C, DEFAULT_WEIGHT
    from stancekit.topics import TOPICS
    from stancekit.train_topic_heads import FEATURE_HEADS_DEFAULT

    heads = StanceModel.load(default_model_path()).feature_heads_
    assert FEATURE_HEADS_DEFAULT == ("builtin",)
    assert set(heads.heads) == {t.proposition for t in TOPICS.values()}
    assert (heads.weight, heads.C, heads.n_features) == (DEFAULT_WEIGHT, DEFAULT_C, 4 * 384)
