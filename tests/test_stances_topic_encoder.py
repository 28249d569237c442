import numpy as np
import pytest
import torch

from stancekit.stances import StanceModel
from stancekit.stances.claim_encoder import fit_claim_encoder, new_claim_encoder
from stancekit.stances.topic_heads import TopicHeads
from stancekit.train_topic_heads import TOPIC_ENCODER_RECIPE_MEMBERS
from tests.test_stances import HEAD3_Y, HEAD_X, HEAD_Y

TAX_X = ["cut this tax", "the tax must go", "keep the tax", "the tax is fine", "a tax story"] * 4
TAX_Y = ["favor", "favor", "against", "against", "none"] * 4
#: Two topics with heads: "the plan" (against / favor) and "the tax" (against / favor / none).
X, T, Y = HEAD_X + TAX_X, ["the plan"] * len(HEAD_X) + ["the tax"] * len(TAX_X), HEAD_Y + TAX_Y


def _headed() -> StanceModel:
    torch.manual_seed(0)  # the untrained joint classifier is drawn at random
    return StanceModel(shared_layers=4).fit_topic_heads(X, T, Y, min_examples=10)


@pytest.fixture(scope="module")
def headed():
    return _headed()


@pytest.fixture(scope="module")
def encoded():
    """Heads for both topics; a one-layer topic encoder that reads "the plan" and "the tax"."""
    model = _headed()
    return model.fit_topic_encoder(X, T, Y, layers=1, epochs=4, learning_rate=2e-4)


def test_topic_encoder_columns_follow_each_topic_heads_classes(encoded):
    heads = encoded.topic_heads_
    assert heads.encoder_topics_ == {
        "the plan": ["against", "favor"],
        "the tax": ["against", "favor", "none"],
    }
    assert heads.encoder_.classifier.out_features == 5
    assert heads.encoder_columns("the plan") == slice(0, 2)
    assert heads.encoder_columns("the tax") == slice(2, 5)
    assert heads.encoder_columns("another topic") is None
    np.testing.assert_array_equal(heads.encoder_groups(), [0, 0, 1, 1, 1])
    for name, t in heads.encoder_.state_dict().items():
        assert torch.equal(t, t.half().float()), name  # float16 values, as stored


def test_topic_encoder_changes_only_its_topics(headed, encoded):
    texts = ["we love this plan", "awful plan", "the tax must go"]
    for topic in ("the plan", "the tax"):
        before, after = headed.predict_proba(texts, topic), encoded.predict_proba(texts, topic)
        np.testing.assert_allclose(after.sum(1), 1.0, atol=1e-9)
        assert not np.allclose(before, after)
    other = "an unheaded topic"
    np.testing.assert_allclose(
        headed.predict_proba(texts, other), encoded.predict_proba(texts, other), atol=1e-12
    )


def test_topic_encoder_learns_the_toy_labels(encoded):
    assert np.mean(encoded.predict(X, T) == np.array(Y)) >= 0.9


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_topic_encoder_weight_extremes(encoded, headed, weight):
    heads = encoded.topic_heads_
    saved = heads.encoder_weight
    try:
        heads.encoder_weight = weight
        head_p = heads.heads["the tax"].predict_proba(np.ones((2, 384)))
        enc_p = np.array([[0.1, 0.2, 0.3, 0.1, 0.3], [0.2, 0.2, 0.1, 0.6, 0.3]])
        mixed = heads.with_encoder("the tax", head_p, enc_p)
        if weight == 0.0:
            np.testing.assert_allclose(mixed, head_p, atol=1e-6)
        else:  # the topic's columns, renormalized, in the head's class order
            np.testing.assert_allclose(mixed, enc_p[:, 2:] / enc_p[:, 2:].sum(1, keepdims=True))
    finally:
        heads.encoder_weight = saved
    assert heads.with_encoder("the tax", head_p, None) is head_p
    assert heads.with_encoder("another topic", head_p, enc_p) is head_p


def test_topic_encoder_survives_save_and_load(encoded, tmp_path):
    from safetensors.numpy import load_file

    encoded.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.topic_heads_.config() == encoded.topic_heads_.config()
    spec = loaded.topic_heads_.config()["encoder"]
    assert spec["layers"] == 1 and spec["dtype"] == "float16" and spec["epochs"] == 4
    np.testing.assert_array_equal(loaded.predict_proba(X, T), encoded.predict_proba(X, T))
    stored = load_file(tmp_path / "m" / "model.safetensors")
    assert {str(v.dtype) for k, v in stored.items() if k.startswith("topic_heads.encoder.")} == {
        "float16"
    }
    assert "topic encoder" in (tmp_path / "m" / "README.md").read_text()


@pytest.fixture(scope="module")
def ensembled():
    """Two int8 members of three layers: the top two and the trunk's last, over its third."""
    return _headed().fit_topic_encoder(
        X, T, Y, layers=3, epochs=2, learning_rate=2e-4, members=2, dtype="int8", length_buckets=2
    )


@pytest.mark.parametrize(("layers", "depth"), [(1, None), (2, None), (3, 3), (6, 0)])
def test_encoder_depth_reads_a_lower_trunk_layer_for_deeper_encoders(headed, layers, depth):
    assert headed.encoder_depth(layers) == depth


def test_deeper_ensemble_of_int8_encoders_survives_save_and_load(ensembled, tmp_path):
    from safetensors.numpy import load_file

    from stancekit.stances.claim_encoder import EncoderEnsemble, member_layers

    heads = ensembled.topic_heads_
    assert isinstance(heads.encoder_, EncoderEnsemble)
    assert member_layers(heads.encoder_) == [3, 3]
    spec = heads.config()["encoder"]
    assert (spec["layers"], spec["members"], spec["dtype"], spec["length_buckets"]) == (
        3,
        2,
        "int8",
        2,
    )
    ensembled.save(tmp_path / "m")
    stored = load_file(tmp_path / "m" / "model.safetensors")
    for prefix in ("topic_heads.encoder.", "topic_heads.encoder1."):
        assert stored[prefix + "blocks.0.query.weight"].dtype == np.int8
        assert stored[prefix + "blocks.0.query.weight.int8_scale"].dtype == np.float16
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.topic_heads_.config() == heads.config()
    np.testing.assert_array_equal(loaded.predict_proba(X, T), ensembled.predict_proba(X, T))
    card = (tmp_path / "m" / "README.md").read_text()
    assert "2 such encoders, seeded 0 to 1, are averaged" in card and "stored in int8" in card


def test_deeper_encoder_reads_the_lower_layers_states(ensembled):
    """Its probabilities come from the third trunk layer's states, not the trunk's output."""
    from stancekit.stances.claim_encoder import claim_encoder_proba

    heads = ensembled.topic_heads_
    texts = HEAD_X[:5]
    got = ensembled._topic_encoder_proba(
        {"the plan": list(range(5))},
        texts,
        {},  # no trunk states given: it computes its own
    )
    lower = ensembled.trunk_states(texts, max_length=ensembled.max_text_length, depth=3)
    want = claim_encoder_proba(heads.encoder_, lower)
    np.testing.assert_allclose(np.stack([got[t] for t in texts]), want, atol=1e-6)


@pytest.fixture(scope="module")
def mixed_depths():
    """Two members in int4: one layer for 2 epochs (reads the trunk's output), three layers for
    1 epoch (reads the trunk's third layer)."""
    return _headed().fit_topic_encoder(
        X, T, Y, layers=[1, 3], epochs=[2, 1], learning_rate=2e-4, dtype="int4"
    )


def test_members_of_different_depths_read_their_own_layers(mixed_depths):
    from stancekit.stances.claim_encoder import claim_encoder_proba, encoder_members

    heads = mixed_depths.topic_heads_
    one, three = encoder_members(heads.encoder_)
    assert (len(one.blocks), len(three.blocks)) == (1, 3)
    texts = HEAD_X[:5]
    top = mixed_depths.trunk_states(texts, max_length=mixed_depths.max_text_length)
    got = mixed_depths._topic_encoder_proba(
        {"the plan": list(range(5))}, texts, dict(zip(texts, top))
    )
    lower = mixed_depths.trunk_states(texts, max_length=mixed_depths.max_text_length, depth=3)
    want = claim_encoder_proba(heads.encoder_, [top, lower])
    np.testing.assert_allclose(np.stack([got[t] for t in texts]), want, atol=1e-6)
    spec = heads.config()["encoder"]
    assert (spec["layers"], spec["epochs"], spec["members"]) == ([1, 3], [2, 1], 2)


def test_members_of_different_depths_survive_save_and_load(mixed_depths, tmp_path):
    from safetensors.numpy import load_file

    from stancekit.stances.claim_encoder import member_layers

    mixed_depths.save(tmp_path / "m")
    stored = load_file(tmp_path / "m" / "model.safetensors")
    # int4: each copied layer's change from the encoder's own, two values to a byte.
    for prefix in ("topic_heads.encoder.", "topic_heads.encoder1."):
        assert stored[prefix + "blocks.0.query.weight"].dtype == np.uint8
        assert stored[prefix + "blocks.0.query.weight"].shape == (384, 192)
        assert stored[prefix + "blocks.0.query.weight.int4_scale"].shape == (384, 12)
        assert stored[prefix + "classifier.weight"].dtype == np.float16
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.topic_heads_.encoder_dtype_ == "int4"
    assert member_layers(loaded.topic_heads_.encoder_) == [1, 3]
    assert loaded.topic_heads_.config() == mixed_depths.topic_heads_.config()
    np.testing.assert_array_equal(loaded.predict_proba(X, T), mixed_depths.predict_proba(X, T))
    card = (tmp_path / "m" / "README.md").read_text()
    assert "top 1 and 3 layers (one member each)" in card
    assert "2 and 1 epochs in member order" in card
    assert "stored in int4 as each copied layer's change from the encoder's own layer" in card


@pytest.mark.parametrize("depths", [(None,), (3,), (None, 3), (0, None), (2, 3, None), (1, 1)])
def test_trunk_states_at_several_depths_match_one_pass_each(headed, depths):
    texts = HEAD_X[:6]
    got = headed.trunk_states_at(texts, depths, max_length=headed.max_text_length)
    assert set(got) == set(depths)
    for d in depths:
        want = headed.trunk_states(texts, max_length=headed.max_text_length, depth=d)
        for a, b in zip(got[d], want):
            torch.testing.assert_close(a, b)


def test_prediction_keeps_lower_states_from_the_main_trunk_pass(mixed_depths, monkeypatch):
    """The three-layer member reads the trunk's third layer from the main pass: no second pass."""
    texts, topics = X[:8], T[:8]
    before = mixed_depths.predict_proba(texts, topics)
    assert mixed_depths._encoder_depths(topics, [False] * 8, range(8)) == [3]
    assert mixed_depths._encoder_depths(["an unheaded topic"], [False], [0]) == []
    calls = []
    original = type(mixed_depths).trunk_states_at

    def spy(self, texts, depths, **kwargs):
        calls.append(tuple(depths))
        return original(self, texts, depths, **kwargs)

    monkeypatch.setattr(type(mixed_depths), "trunk_states_at", spy)
    after = mixed_depths.predict_proba(texts, topics)
    np.testing.assert_allclose(after, before, atol=1e-6)
    # The topics' pass, then one pass over the texts at both depths (no partial pass).
    assert calls == [(None,), (None, 3)]


@pytest.mark.parametrize(
    ("layers", "epochs", "members", "want"),
    [
        (2, 5, 1, ([2], [5])),
        (2, 5, 3, ([2, 2, 2], [5, 5, 5])),
        ([2, 3], 5, 1, ([2, 3], [5, 5])),
        ([2, 3], [5, 3], 2, ([2, 3], [5, 3])),
        (2, (5, 3), 1, ([2, 2], [5, 3])),
    ],
)
def test_member_settings(layers, epochs, members, want):
    from stancekit.stances.model import _member_settings

    assert _member_settings(layers, epochs, members, 6) == want


def test_ensemble_learns_the_toy_labels(ensembled):
    assert np.mean(ensembled.predict(X, T) == np.array(Y)) >= 0.9


def test_saved_topic_encoder_needs_the_top_layers_and_known_topics(encoded):
    heads = encoded.topic_heads_
    with pytest.raises(ValueError, match="top_blocks must be given"):
        TopicHeads.from_saved(heads.config(), heads.tensors())
    config = heads.config()
    config["encoder"] = dict(config["encoder"])
    config["encoder"]["topics"] = [{"topic": "ghost", "classes": ["against", "favor"]}]
    with pytest.raises(ValueError, match=r"topics without a head: \['ghost'\]"):
        TopicHeads.from_saved(config, heads.tensors(), list(encoded.embed_blocks))


def test_added_members_give_the_ensemble_one_fit_gives(tmp_path):
    """Growing a one-member encoder by a second member (seed 1) gives what fitting both at once
    does when both are stored in int4 (rounding is idempotent)."""
    once = _headed().fit_topic_encoder(X, T, Y, layers=1, epochs=1, members=2, dtype="int4")
    grown = _headed().fit_topic_encoder(X, T, Y, layers=1, epochs=1, dtype="int4")
    grown.fit_topic_encoder(X, T, Y, layers=1, epochs=1, dtype="int4", add=True)
    np.testing.assert_array_equal(grown.predict_proba(X, T), once.predict_proba(X, T))
    spec = grown.topic_heads_.config()["encoder"]
    assert (spec["members"], spec["epochs"], spec["kept_members"]) == (2, 1, 1)
    grown.save(tmp_path / "m")  # (rounds the untrained joint layers to float16, as stored)
    loaded = StanceModel.load(tmp_path / "m")
    np.testing.assert_array_equal(loaded.predict_proba(X, T), grown.predict_proba(X, T))


def test_added_members_keep_each_members_epochs():
    model = _headed().fit_topic_encoder(X, T, Y, layers=[1, 1], epochs=[1, 2], dtype="int8")
    model.fit_topic_encoder(X, T, Y, layers=2, epochs=1, dtype="int8", add=True)
    from stancekit.stances.claim_encoder import member_layers

    assert member_layers(model.topic_heads_.encoder_) == [1, 1, 2]
    assert model.topic_heads_.config()["encoder"]["epochs"] == [1, 2, 1]


@pytest.mark.parametrize(
    ("fit_first", "topics", "match"),
    [
        (False, T, "add=True needs a topic encoder to add members to; it has none"),
        (True, "the tax", "add=True must fit the topics and classes of the current topic encoder"),
    ],
)
def test_add_errors(fit_first, topics, match):
    model = _headed()
    if fit_first:
        model.fit_topic_encoder(X, T, Y, layers=1, epochs=1)
    x = X if topics is T else TAX_X
    y = Y if topics is T else TAX_Y
    with pytest.raises(ValueError, match=match):
        model.fit_topic_encoder(x, topics, y, layers=1, epochs=1, add=True)


@pytest.mark.parametrize(
    ("changed_labels", "kept"),
    [(HEAD_Y, True), (HEAD3_Y, False)],  # same classes: kept; a third class: dropped
)
def test_refitting_heads_keeps_the_encoder_while_classes_hold(changed_labels, kept, tmp_path):
    model = _headed().fit_topic_encoder(X, T, Y, layers=1, epochs=1, dtype="int8")
    model.fit_topic_heads(HEAD_X, "the plan", changed_labels, min_examples=10)
    assert (model.topic_heads_.encoder_ is not None) is kept
    if kept:  # stored as it was fitted: int8, predicting what it did
        assert model.topic_heads_.config()["encoder"]["dtype"] == "int8"
        model.save(tmp_path / "m")
        loaded = StanceModel.load(tmp_path / "m")
        np.testing.assert_array_equal(loaded.predict_proba(X, T), model.predict_proba(X, T))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"topics": "ghost"}, r"topics must all have topic heads.*\['ghost'\] have none"),
        ({"labels": ["none"] * len(HEAD_X)}, r"'none' is not among \['against', 'favor'\]"),
        ({"labels": HEAD_Y[:3]}, "labels must have one label per text; got 3 labels for 20"),
        ({"layers": 7}, r"layers must be an int in \[1, 6\].*got 7"),
        ({"layers": 0}, r"layers must be an int in \[1, 6\].*got 0"),
        ({"members": 0}, "members must be a positive int; got 0"),
        ({"length_buckets": -1}, "length_buckets must be an int >= 0; got -1"),
        ({"dtype": "int2"}, r"dtype must be one of \['float16', 'int8', 'int4'\]; got 'int2'"),
        ({"add": 1}, "add must be True or False; got 1"),
        ({"layers": True}, r"layers must be an int.*got True"),
        ({"epochs": 0}, "epochs must be a positive int, or one per member; got 0"),
        ({"epochs": [2, 0]}, "epochs must be a positive int, or one per member; got 0"),
        ({"layers": [2, 7]}, r"layers must be an int in \[1, 6\].*got 7"),
        ({"layers": []}, r"layers must be an int or a non-empty sequence; got \[\]"),
        ({"layers": [1, 2], "epochs": [1, 2, 3]}, "must have one entry per member"),
        ({"layers": [1, 2], "members": 3}, "must have one entry per member"),
        ({"batch_size": 0}, "batch_size must be a positive int; got 0"),
        ({"learning_rate": 0}, "learning_rate must be a positive number; got 0"),
        ({"encoder_weight": 1.5}, r"encoder_weight must be in \[0, 1\]; got 1.5"),
        ({"schedule": "cosine"}, r"schedule must be one of \['constant', 'linear'\]; got 'cosine'"),
    ],
)
def test_fit_topic_encoder_errors(headed, kwargs, match):
    args = {"topics": "the plan", "labels": HEAD_Y, **kwargs}
    with pytest.raises(ValueError, match=match):
        headed.fit_topic_encoder(HEAD_X, args.pop("topics"), args.pop("labels"), **args)


def test_fit_topic_encoder_needs_heads():
    with pytest.raises(ValueError, match="fit_topic_heads first"):
        StanceModel(shared_layers=4).fit_topic_encoder(HEAD_X, "the plan", HEAD_Y)


def test_grouped_training_runs_one_softmax_per_group(headed):
    states = headed.trunk_states(HEAD_X[:6], max_length=64)
    enc = new_claim_encoder(list(headed.embed_blocks)[-1:], 4, seed=0)
    groups, columns = np.array([0, 0, 0, 1, 1, 1]), np.array([0, 0, 1, 1])
    y = np.array([0, 1, 0, 2, 3, 3])
    fit_claim_encoder(enc, states, y, epochs=1, groups=groups, column_groups=columns)
    with pytest.raises(ValueError, match="groups and column_groups must be given together"):
        fit_claim_encoder(enc, states, y, epochs=1, groups=groups)
    with pytest.raises(ValueError, match=r"groups must have shape \(6,\)"):
        fit_claim_encoder(enc, states, y, epochs=1, groups=groups[:2], column_groups=columns)
    with pytest.raises(ValueError, match=r"groups \[2\] have no columns"):
        fit_claim_encoder(enc, states, y, epochs=1, groups=groups + 1, column_groups=columns)
    with pytest.raises(ValueError, match=r"schedule must be one of \['constant', 'linear'\]"):
        fit_claim_encoder(enc, states, y, epochs=1, schedule="step")


def test_fit_rounds_the_joint_layers_to_float16_as_stored(tmp_path):
    from safetensors.numpy import load_file

    from tests.test_stances import TEXTS

    torch.manual_seed(0)
    model = StanceModel(shared_layers=4)
    labels = ["favor", "against", "none", "favor", "against"]
    model.fit(TEXTS, "the plan", labels, epochs=1, mode="full")
    for name, t in model.head.blocks.state_dict().items():
        assert torch.equal(t, t.half().float()), name
    model.save(tmp_path / "m")
    stored = load_file(tmp_path / "m" / "model.safetensors")
    assert {str(v.dtype) for k, v in stored.items() if k.startswith("blocks.")} == {"float16"}
    assert str(stored["classifier.weight"].dtype) == "float32"
    loaded = StanceModel.load(tmp_path / "m")
    np.testing.assert_array_equal(
        loaded.predict_proba(TEXTS, "the plan"), model.predict_proba(TEXTS, "the plan")
    )


@pytest.mark.parametrize(
    ("layers", "want"),
    [
        (["1"], [1] * TOPIC_ENCODER_RECIPE_MEMBERS),  # one value: the recipe's members
        (["1", "2"], [1, 2]),  # per member: as many members
    ],
)
def test_recipe_refits_the_topic_encoder_alone(tmp_path, monkeypatch, layers, want):
    from safetensors.numpy import load_file

    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData
    from stancekit.stances.claim_encoder import member_layers

    _headed().save(tmp_path / "m")
    data = StanceData(X, T, Y, T)
    sets = {"semeval": frozenset(), "pstance": frozenset({"the tax"}), "builtin": frozenset()}
    monkeypatch.setattr(train_topic_heads, "head_training_data", lambda: (data, sets))
    argv = ["--model", str(tmp_path / "m"), "--out", str(tmp_path / "out"), "--topic-encoder-only"]
    argv += ["--topic-encoder-layers", *layers, "--topic-encoder-epochs", "1"]
    argv += ["--no-topic-encoder-val"]
    assert train_topic_heads.main(argv) == 0
    before = load_file(tmp_path / "m" / "model.safetensors")
    after = load_file(tmp_path / "out" / "model.safetensors")
    new = sorted(set(after) - set(before))
    assert new and all(k.startswith("topic_heads.encoder") for k in new)
    assert all(np.array_equal(before[k], after[k]) for k in before)
    loaded = StanceModel.load(tmp_path / "out")
    assert list(loaded.topic_heads_.encoder_topics_) == ["the tax"]
    assert member_layers(loaded.topic_heads_.encoder_) == want
    assert loaded.card_["topic_heads"]["topic_encoder_command"].endswith("--no-topic-encoder-val")
    assert loaded.card_["topic_heads"]["topic_encoder_val"] is False


def test_recipe_rejects_per_member_flags_that_disagree(tmp_path, monkeypatch):
    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData

    data = StanceData(X, T, Y, T)
    sets = {"semeval": frozenset(), "pstance": frozenset({"the tax"}), "builtin": frozenset()}
    monkeypatch.setattr(train_topic_heads, "head_training_data", lambda: (data, sets))
    _headed().save(tmp_path / "m")
    argv = ["--model", str(tmp_path / "m"), "--topic-encoder-only", "--no-topic-encoder-val"]
    argv += ["--topic-encoder-layers", "1", "2", "--topic-encoder-epochs", "1", "1", "1"]
    with pytest.raises(ValueError, match=r"one entry per member; got layers=\[1, 2\], epochs="):
        train_topic_heads.main(argv)


def test_recipe_adds_a_member_to_the_topic_encoder(tmp_path, monkeypatch):
    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData
    from stancekit.stances.claim_encoder import encoder_members, member_layers

    data = StanceData(X, T, Y, T)
    sets = {"semeval": frozenset(), "pstance": frozenset({"the tax"}), "builtin": frozenset()}
    monkeypatch.setattr(train_topic_heads, "head_training_data", lambda: (data, sets))
    model = _headed()
    model.fit_topic_encoder(TAX_X, "the tax", TAX_Y, layers=1, epochs=1, dtype="int4")
    model.save(tmp_path / "m")
    argv = ["--model", str(tmp_path / "m"), "--out", str(tmp_path / "out"), "--topic-encoder-only"]
    argv += ["--topic-encoder-add", "--topic-encoder-layers", "2", "--topic-encoder-epochs", "1"]
    argv += ["--topic-encoder-members", "1", "--topic-encoder-dtype", "int4"]
    argv += ["--no-topic-encoder-val"]
    assert train_topic_heads.main(argv) == 0
    loaded = StanceModel.load(tmp_path / "out")
    assert member_layers(loaded.topic_heads_.encoder_) == [1, 2]
    kept = encoder_members(loaded.topic_heads_.encoder_)[0].state_dict()
    for name, w in encoder_members(model.topic_heads_.encoder_)[0].state_dict().items():
        torch.testing.assert_close(kept[name], w, rtol=0, atol=0, msg=name)
    spec = loaded.topic_heads_.config()["encoder"]
    assert (spec["members"], spec["seed"], spec["kept_members"]) == (2, 0, 1)
    assert (
        "The first 1 of them was kept from an earlier fit"
        in (tmp_path / "out" / "README.md").read_text()
    )
    with pytest.raises(SystemExit):  # it grows the model's encoder: only with --topic-encoder-only
        train_topic_heads.main(["--model", str(tmp_path / "m"), "--topic-encoder-add"])


@pytest.mark.parametrize(("flag", "extra_rows"), [([], 4), (["--no-topic-encoder-val"], 0)])
def test_recipe_adds_pstance_val_to_the_topic_encoder(tmp_path, monkeypatch, flag, extra_rows):
    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData

    _headed().save(tmp_path / "m")
    data = StanceData(X, T, Y, T)
    sets = {"semeval": frozenset(), "pstance": frozenset({"the tax"}), "builtin": frozenset()}
    val = StanceData(TAX_X[:4], ["the tax"] * 4, TAX_Y[:4], ["the tax"] * 4)
    monkeypatch.setattr(train_topic_heads, "head_training_data", lambda: (data, sets))
    monkeypatch.setattr(train_topic_heads, "load_pstance", lambda *a: val)
    argv = ["--model", str(tmp_path / "m"), "--out", str(tmp_path / "out"), "--topic-encoder-only"]
    argv += ["--topic-encoder-layers", "1", "--topic-encoder-epochs", "1", *flag]
    assert train_topic_heads.main(argv) == 0
    settings = StanceModel.load(tmp_path / "out").topic_heads_.encoder_settings_
    assert settings["n_train"] == len(TAX_X) + extra_rows


@pytest.mark.parametrize(
    "extra",
    [["--claim-head-only"], ["--no-claim-head"], ["--topic-encoder"]],
)
def test_recipe_refuses_topic_encoder_only_with_conflicting_flags(tmp_path, extra):
    from stancekit import train_topic_heads

    with pytest.raises(SystemExit):
        train_topic_heads.main(["--model", str(tmp_path), "--topic-encoder-only", *extra])


def test_shipped_model_holds_a_topic_encoder_for_pstance_and_half_joint_layers():
    from safetensors.numpy import load_file

    from stancekit.stances._io import default_model_path
    from stancekit.stances.claim_encoder import EncoderEnsemble, member_layers
    from stancekit.train_topic_heads import (
        TOPIC_ENCODER_RECIPE_DTYPE,
        TOPIC_ENCODER_RECIPE_EPOCHS,
        TOPIC_ENCODER_RECIPE_LAYERS,
        TOPIC_ENCODER_RECIPE_MEMBERS,
    )

    folder = default_model_path()
    model = StanceModel.load(folder)
    heads = model.topic_heads_
    assert set(heads.encoder_topics_) == {"Donald Trump", "Joe Biden", "Bernie Sanders"}
    assert all(c == ["against", "favor"] for c in heads.encoder_topics_.values())
    # The recipe's settings: three members (two, three and four layers), in int4.
    assert member_layers(heads.encoder_) == list(TOPIC_ENCODER_RECIPE_LAYERS) == [2, 3, 4]
    assert heads.config()["encoder"]["epochs"] == list(TOPIC_ENCODER_RECIPE_EPOCHS) == [5, 3, 3]
    # Lower trunk layers kept from the main pass: the three- and four-layer members' (the trunk's
    # third and second layers), the claim encoder's (its second).
    assert model._encoder_depths(["Donald Trump"], [False], [0]) == [2, 3]
    assert model._encoder_depths(["a claim", "Joe Biden"], [True, False], [0, 1]) == [2, 3]
    assert model._encoder_depths(["Atheism"], [False], [0]) == []
    assert isinstance(heads.encoder_, EncoderEnsemble)
    assert len(heads.encoder_.members) == TOPIC_ENCODER_RECIPE_MEMBERS == 3
    assert heads.encoder_dtype_ == TOPIC_ENCODER_RECIPE_DTYPE == "int4"
    stored = load_file(folder / "model.safetensors")
    assert {str(v.dtype) for k, v in stored.items() if k.startswith("blocks.")} == {"float16"}
    member = {str(v.dtype) for k, v in stored.items() if k.startswith("topic_heads.encoder2.")}
    assert member == {"uint8", "float16"}
    assert stored["topic_heads.encoder2.blocks.3.ff_in.weight.int4_scale"].dtype.name == "float16"
