import json
import logging

import numpy as np
import pytest

from stancekit.stances import StanceModel
from stancekit.stances.unseen_topic_head import UnseenTopicHead

X = [
    "we love this plan and back it",
    "a great plan, vote yes on it",
    "superb plan, we support it fully",
    "we hate this plan and oppose it",
    "an awful plan, vote no on it",
    "we reject this plan outright",
] * 3
Y = ["favor", "favor", "favor", "against", "against", "against"] * 3
OTHER_X = ["the tax is fair", "fair tax now", "unfair tax", "the tax is a theft"] * 5
OTHER_Y = ["favor", "favor", "against", "against"] * 5
TEXTS = X + OTHER_X
TOPICS = ["the plan"] * len(X) + ["the tax"] * len(OTHER_X)
LABELS = Y + OTHER_Y
CLASSES = ["against", "favor", "none"]


@pytest.fixture(scope="module")
def fresh():
    return StanceModel(shared_layers=4)


@pytest.fixture()
def model(fresh):
    fresh.unseen_topic_head_ = None
    yield fresh.fit_unseen_topic_head(TEXTS, TOPICS, LABELS, C=0.1, weight=0.5)
    fresh.unseen_topic_head_ = fresh.topic_heads_ = fresh.feature_heads_ = None


def test_head_is_fitted_across_topics(model):
    head = model.unseen_topic_head_
    assert head.head_.classes == ["against", "favor"]
    assert (head.n_topics_, head.head_.n_train, head.n_features) == (2, len(TEXTS), 4 * 384)
    assert (head.C, head.weight) == (0.1, 0.5)


def test_prediction_mixes_the_head_on_the_feature_head_inputs(model):
    texts = X[:6] + ["an unrelated sentence about the weather"]
    feats = model.feature_head_inputs(texts, "a new proposition")
    head, model.unseen_topic_head_ = model.unseen_topic_head_, None
    base = model.predict_proba(texts, "a new proposition")
    model.unseen_topic_head_ = head
    expect = head.mix(base, feats, CLASSES)
    got = model.predict_proba(texts, "a new proposition")
    np.testing.assert_allclose(got, expect, atol=1e-6)
    np.testing.assert_allclose(got.sum(1), 1.0, atol=1e-9)
    fav = CLASSES.index("favor")
    assert (got[:3, fav] > base[:3, fav]).all() and (got[3:6, fav] < base[3:6, fav]).all()
    # Batching and a mix of topics in one call give the same rows.
    mixed = model.predict_proba(texts * 2, ["a new proposition"] * 7 + ["other"] * 7, batch_size=3)
    np.testing.assert_allclose(mixed[:7], expect, atol=1e-6)


def _without_head(model, texts, topics):
    head, model.unseen_topic_head_ = model.unseen_topic_head_, None
    try:
        return model.predict_proba(texts, topics)
    finally:
        model.unseen_topic_head_ = head


@pytest.mark.parametrize(
    ("setup", "topic", "changed"),
    [
        (None, "a new proposition", True),
        ("topic_head", "the tax", False),
        ("feature_head", "the tax", False),
        (None, "claim", False),
    ],
)
def test_head_reads_only_topics_without_a_head_of_their_own(model, setup, topic, changed):
    from stancekit.topics import Topic

    if setup == "topic_head":
        model.fit_topic_heads(OTHER_X, "the tax", OTHER_Y, min_examples=10)
    elif setup == "feature_head":
        model.fit_feature_heads(OTHER_X, "the tax", OTHER_Y, min_examples=10)
    if topic == "claim":
        topic = Topic("claim-1", "The plan was approved.", kind="claim")
    texts = X[:6]
    with_head = model.predict_proba(texts, topic)
    base = _without_head(model, texts, topic)
    assert (not np.array_equal(with_head, base)) is changed


@pytest.mark.parametrize("weight", [0.0, 0.3, 1.0])
def test_mix_is_the_weighted_geometric_mean(model, weight):
    head = model.unseen_topic_head_
    head.weight = weight
    feats = model.feature_head_inputs(X[:6], "a new proposition")
    base = _without_head(model, X[:6], "a new proposition")
    q = head.predict_proba(feats)
    mixed = head.mix(base, feats, CLASSES)
    cols = [CLASSES.index(c) for c in head.head_.classes]
    expect = base[:, cols] ** (1 - weight) * q**weight
    expect = expect / expect.sum(1, keepdims=True) * base[:, cols].sum(1, keepdims=True)
    np.testing.assert_allclose(mixed[:, cols], expect, atol=1e-9)
    if weight == 0.0:
        np.testing.assert_array_equal(mixed, base)


def test_folded_standardization_matches_sklearn_on_standardized_features():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X_ = rng.normal(3.0, 2.0, size=(60, 5))
    y = np.where(X_[:, 0] + rng.normal(size=60) > 3.0, "favor", "against")
    head = UnseenTopicHead(C=0.5).fit(X_, ["a", "b", "c"] * 20, y)
    mu, sd = X_.mean(0), X_.std(0) + 1e-6
    ref = LogisticRegression(C=0.5, max_iter=5000).fit((X_ - mu) / sd, y)
    np.testing.assert_allclose(head.predict_proba(X_), ref.predict_proba((X_ - mu) / sd), atol=1e-5)
    assert head.n_topics_ == 3


def test_head_survives_save_and_load(model, tmp_path):
    model.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.unseen_topic_head_.config() == model.unseen_topic_head_.config()
    np.testing.assert_array_equal(
        loaded.predict_proba(X, "a new proposition"), model.predict_proba(X, "a new proposition")
    )
    assert "## Unseen-topic head" in (tmp_path / "m" / "README.md").read_text()
    assert json.loads((tmp_path / "m" / "config.json").read_text())["format_version"] == 8


def test_model_without_the_head_saves_none(fresh, tmp_path):
    fresh.unseen_topic_head_ = None
    fresh.save(tmp_path / "m")
    assert json.loads((tmp_path / "m" / "config.json").read_text())["unseen_topic_head"] is None
    assert StanceModel.load(tmp_path / "m").unseen_topic_head_ is None


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda c: c.update(unseen_topic_head=None), "unseen-topic head that config.json does not"),
        (lambda c: c["unseen_topic_head"].update(n_features=7), r"weights of shape"),
        (lambda c: c["unseen_topic_head"].update(classes=["a", "b", "c"]), r"weights of shape"),
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


def test_unfitted_head_is_rebuilt_unfitted_and_refuses_to_predict():
    head = UnseenTopicHead()
    assert head.tensors() == {} and head.n_features is None and not head.usable(CLASSES)
    again = UnseenTopicHead.from_saved(head.config(), {})
    assert again.head_ is None and (again.C, again.weight) == (head.C, head.weight)
    with pytest.raises(ValueError, match="not fitted"):
        head.predict_proba(np.zeros((1, 4)))
    base = np.full((1, 3), 1 / 3)
    np.testing.assert_array_equal(head.mix(base, np.zeros((1, 4)), CLASSES), base)


def test_fit_that_changes_the_joint_layers_drops_the_head(caplog):
    model = StanceModel(shared_layers=4)
    model.fit_unseen_topic_head(TEXTS, TOPICS, LABELS)
    model.fit(X[:6], "the plan", Y[:6], mode="head", epochs=1)  # classifier only: head stays
    assert model.unseen_topic_head_ is not None
    with caplog.at_level(logging.WARNING, logger="stancekit.stances.model"):
        model.fit(X[:6], "the plan", Y[:6], mode="full", epochs=1, batch_size=6)
    assert model.unseen_topic_head_ is None
    assert "unseen-topic head is dropped" in caplog.text


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weight": 1.5}, "weight must be a number in"),
        ({"weight": "1"}, "weight must be a number in"),
        ({"C": 0}, "C must be a positive number"),
        ({"C": -1.0}, "C must be a positive number"),
    ],
)
def test_head_setting_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        UnseenTopicHead(**kwargs)


@pytest.mark.parametrize(
    ("features", "topics", "labels", "match"),
    [
        (np.zeros((3, 4)), ["t"] * 2, ["favor"] * 3, "one row per topic and label"),
        (np.zeros(3), ["t"] * 3, ["favor"] * 3, "must be a 2-D array"),
        (np.zeros((3, 4)), ["t"] * 3, ["favor"] * 3, "at least two classes"),
    ],
)
def test_head_fit_errors(features, topics, labels, match):
    with pytest.raises(ValueError, match=match):
        UnseenTopicHead().fit(features, topics, labels)


def test_fit_unseen_topic_head_label_count_error(fresh):
    with pytest.raises(ValueError, match="labels must have one label per text"):
        fresh.fit_unseen_topic_head(X, "the plan", Y[:3])


def test_recipe_step_fits_the_head_and_keeps_every_other_tensor(fresh, tmp_path, monkeypatch):
    from safetensors.numpy import load_file

    from stancekit import train_unseen_topic_head
    from stancekit.datasets import StanceData

    fresh.unseen_topic_head_ = None
    fresh.card_ = {"data": ["stage 1: something"]}
    fresh.save(tmp_path / "m")
    data = StanceData(TEXTS, TOPICS, LABELS, TOPICS, "propositions-train")
    monkeypatch.setattr(train_unseen_topic_head, "training_data", lambda: data)
    argv = ["--model", str(tmp_path / "m"), "--out", str(tmp_path / "out"), "--C", "0.2"]
    assert train_unseen_topic_head.main([*argv, "--weight", "0.4"]) == 0
    before = load_file(tmp_path / "m" / "model.safetensors")
    after = load_file(tmp_path / "out" / "model.safetensors")
    assert set(after) - set(before) == {"unseen_topic_head.coef", "unseen_topic_head.intercept"}
    assert all(np.array_equal(before[k], after[k]) for k in before)
    loaded = StanceModel.load(tmp_path / "out")
    head = loaded.unseen_topic_head_
    assert (head.C, head.weight, head.head_.n_train, head.n_topics_) == (0.2, 0.4, len(TEXTS), 2)
    assert loaded.card_["unseen_topic_head"]["command"].endswith("--weight 0.4")
    assert loaded.card_["data"][0] == "stage 1: something"
    assert loaded.card_["data"][1].startswith(train_unseen_topic_head.DATA_PREFIX)
    # Refitting replaces the card's line; --remove takes the head and its record out.
    assert train_unseen_topic_head.main(["--model", str(tmp_path / "out")]) == 0
    assert len(StanceModel.load(tmp_path / "out").card_["data"]) == 2
    assert train_unseen_topic_head.main(["--model", str(tmp_path / "out"), "--remove"]) == 0
    removed = StanceModel.load(tmp_path / "out")
    assert removed.unseen_topic_head_ is None and "unseen_topic_head" not in removed.card_
    assert removed.card_["data"] == ["stage 1: something"]


def test_training_and_selection_data_share_no_subject_and_cover_both_sources():
    from stancekit.datasets import news_story_stances
    from stancekit.topics import TOPICS
    from stancekit.train_unseen_topic_head import selection_data, training_data

    train = training_data()
    assert {"propositions-train", "news-stories"} <= set(train.source.split("+"))
    selection = selection_data()
    assert list(selection) == ["dev", "dev2", "stories dev"]
    held_out = set(news_story_stances().topics) | {t.proposition for t in TOPICS.values()}
    for data in selection.values():
        assert not set(data.topics) & set(train.topics)
        assert not set(data.topics) & held_out
    assert not set(train.topics) & held_out


def test_shipped_model_holds_no_unseen_topic_head():
    from stancekit.stances._io import default_model_path

    # Chosen on the selection splits, the head gained on the news stories but lost on the DNA
    # sample's real hearings (benchmarks/results/stance_dna_unseen_head.json): not shipped.
    assert StanceModel.load(default_model_path()).unseen_topic_head_ is None
