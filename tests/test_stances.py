import os
import pickle

import numpy as np
import pytest
import torch

from stancekit.stances import StanceModel, TrainingOptions, UnsafeModelFileError
from stancekit.topics import TOPICS

TEXTS = [
    "We must rejoin the agreement now.",
    "Going back to that deal would be a disaster.",
    "The weather in Vienna was mild.",
    "Rejoining is the right call.",
    "A terrible deal, never again.",
]
TOY_X = [
    "good thing",
    "great stuff",
    "lovely idea",
    "bad thing",
    "awful stuff",
    "horrible idea",
] * 2
TOY_Y = ["pro", "pro", "pro", "con", "con", "con"] * 2


@pytest.fixture(scope="module")
def fresh():
    return StanceModel(shared_layers=4)


@pytest.fixture(scope="module")
def toy_model():
    model = StanceModel(shared_layers=5)
    return model.fit(
        TOY_X,
        "toy topic",
        TOY_Y,
        mode="full",
        epochs=6,
        learning_rate=1e-4,
        head_learning_rate=5e-3,
        batch_size=4,
        seed=1,
    )


def test_predict_proba_shape_and_rows_sum_to_one(fresh):
    P = fresh.predict_proba(TEXTS, "iran_deal")
    assert P.shape == (5, 3)
    np.testing.assert_allclose(P.sum(1), 1.0, atol=1e-6)
    assert fresh.classes_.tolist() == ["against", "favor", "none"]


@pytest.mark.parametrize(
    "topics",
    ["iran_deal", TOPICS["iran_deal"], [TOPICS["iran_deal"].proposition] * 5, ["iran_deal"] * 5],
)
def test_topic_forms_agree(fresh, topics):
    ref = fresh.predict_proba(TEXTS, "iran_deal")
    np.testing.assert_allclose(fresh.predict_proba(TEXTS, topics), ref, atol=1e-5)


def test_pairs_are_independent_of_batching(fresh):
    topics = ["iran_deal", "gulf_normalization", "Hillary Clinton", "iran_deal", "Atheism"]
    full = fresh.predict_proba(TEXTS, topics, batch_size=64)
    small = fresh.predict_proba(TEXTS, topics, batch_size=2)
    single = np.vstack([fresh.predict_proba([t], [p]) for t, p in zip(TEXTS, topics)])
    np.testing.assert_allclose(full, small, atol=1e-5)
    np.testing.assert_allclose(full, single, atol=1e-5)


def test_empty_input(fresh):
    assert fresh.predict_proba([], "iran_deal").shape == (0, 3)
    assert fresh.predict([], "iran_deal").shape == (0,)


@pytest.mark.parametrize(
    ("texts", "topics", "error", "match"),
    [
        (["a", "b"], ["iran_deal"], ValueError, "as long as texts"),
        (["a", 3], "iran_deal", TypeError, "item 1 is int"),
        (None, "iran_deal", TypeError, "texts must be"),
        (["a"], "not_a_key", ValueError, "unknown topic key 'not_a_key'"),
        (["a"], 5, TypeError, "topic must be"),
    ],
)
def test_predict_errors(fresh, texts, topics, error, match):
    with pytest.raises(error, match=match):
        fresh.predict_proba(texts, topics)


def test_fit_returns_self_and_learns_new_label_set(toy_model):
    assert toy_model.classes_.tolist() == ["con", "pro"]
    pred = toy_model.predict(["good thing", "awful stuff"], "toy topic")
    assert isinstance(pred, np.ndarray)
    assert pred.tolist() == ["pro", "con"]
    assert len(toy_model.training_history_) == 6


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"labels": ["pro"]}, ValueError, "equal lengths"),
        ({"epochs": 0}, ValueError, "TrainingOptions.epochs"),
        ({"learning_rte": 1.0}, ValueError, "unknown training options"),
        ({"sample_weight": [1.0]}, ValueError, "sample_weight"),
    ],
)
def test_fit_errors(fresh, kwargs, error, match):
    args = {"labels": ["favor", "against"]} | kwargs
    labels = args.pop("labels")
    with pytest.raises(error, match=match):
        fresh.fit(["a", "b"], "iran_deal", labels, **args)


def test_fit_is_reproducible_with_a_seed():
    a = StanceModel(shared_layers=5).fit(TOY_X, "t", TOY_Y, epochs=1, batch_size=4, seed=3)
    b = StanceModel(shared_layers=5).fit(TOY_X, "t", TOY_Y, epochs=1, batch_size=4, seed=3)
    np.testing.assert_allclose(a.predict_proba(TOY_X, "t"), b.predict_proba(TOY_X, "t"), atol=1e-6)


def test_save_load_roundtrip_is_identical(toy_model, tmp_path):
    toy_model.save(tmp_path / "m")
    assert sorted(os.listdir(tmp_path / "m")) == ["README.md", "config.json", "model.safetensors"]
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.classes_.tolist() == toy_model.classes_.tolist()
    assert loaded.training_options_ == toy_model.training_options_
    np.testing.assert_array_equal(
        loaded.predict_proba(TOY_X, "toy topic"), toy_model.predict_proba(TOY_X, "toy topic")
    )


class _Boom:
    def __reduce__(self):
        return (open, (os.environ["STANCEKIT_PWNED"], "w"))


def test_pickled_weights_are_refused_and_never_run(toy_model, tmp_path, monkeypatch):
    folder = toy_model.save(tmp_path / "m")
    marker = tmp_path / "pwned"
    monkeypatch.setenv("STANCEKIT_PWNED", str(marker))
    with open(folder / "model.safetensors", "wb") as fh:
        pickle.dump({"w": _Boom()}, fh)
    torch.save({"w": torch.zeros(2)}, tmp_path / "torch.pt")
    with pytest.raises(UnsafeModelFileError, match="never unpickles"):
        StanceModel.load(folder)
    assert not marker.exists()
    (folder / "model.safetensors").write_bytes((tmp_path / "torch.pt").read_bytes())
    with pytest.raises(UnsafeModelFileError, match="not a safetensors file"):
        StanceModel.load(folder)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda p: None, FileNotFoundError, "not a directory"),
        (lambda p: p.mkdir(), FileNotFoundError, "has no config.json"),
    ],
)
def test_load_errors(tmp_path, make, error, match):
    path = tmp_path / "missing"
    make(path)
    with pytest.raises(error, match=match):
        StanceModel.load(path)


def test_training_options_json_roundtrip():
    opts = TrainingOptions(epochs=2, learning_rate=3e-5, early_stopping_patience=1, seed=7)
    assert TrainingOptions.from_json(opts.to_json()) == opts


@pytest.mark.parametrize("shared_layers", [-1, 6, 2.5])
def test_bad_shared_layers(shared_layers):
    with pytest.raises(ValueError, match="shared_layers must be an int"):
        StanceModel(shared_layers=shared_layers)


def test_trunk_matches_transformers_hidden_states(fresh):
    from stancekit.embeddings import default_encoder_path, load_transformer

    bert = load_transformer(default_encoder_path())
    batch = fresh.tokenizer(TEXTS, padding=True, return_tensors="pt")
    with torch.inference_mode():
        ref = bert(**batch, output_hidden_states=True).hidden_states[4]
        mine = fresh.trunk(batch["input_ids"], batch["attention_mask"].bool())
    mask = batch["attention_mask"].bool()
    assert torch.allclose(mine[mask], ref[mask], atol=1e-4)


# ---------------------------------------------------------------- few-shot (head) mode
def _joint_state(model):
    return {k: v.clone() for k, v in model.head.state_dict().items() if "classifier" not in k}


@pytest.mark.parametrize(
    ("opts", "n", "expected"),
    [
        (TrainingOptions(), 32, ("head", 300)),
        (TrainingOptions(), 5000, ("full", 3)),
        (TrainingOptions(batch_size=8), 32, ("head", 75)),
        (TrainingOptions(mode="joint"), 32, ("joint", 32)),
        (TrainingOptions(mode="joint", batch_size=8), 32, ("joint", 8)),
        (TrainingOptions(batch_size=8), 8000, ("full", 3)),
        (TrainingOptions(mode="full"), 32, ("full", 3)),
        (TrainingOptions(mode="head", epochs=7), 5000, ("head", 7)),
    ],
)
def test_options_resolve_by_data_size(opts, n, expected):
    done = opts.resolve(n)
    assert (done.mode, done.epochs) == expected
    assert TrainingOptions.from_json(done.to_json()) == done


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"mode": "partial"},
            r"TrainingOptions.mode must be one of \['auto', 'head', 'joint', 'full'\]",
        ),
        ({"head_anchor": -1.0}, "TrainingOptions.head_anchor must be a float >= 0"),
        ({"epochs": 0}, "TrainingOptions.epochs must be None or an int >= 1"),
    ],
)
def test_options_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        TrainingOptions(**kwargs)


def test_head_mode_trains_only_the_classifier():
    model = StanceModel(shared_layers=5)
    before = _joint_state(model)
    model.fit(TOY_X, "toy topic", TOY_Y, mode="head", seed=0)
    assert model.training_options_.mode == "head"
    assert model.classes_.tolist() == ["con", "pro"]
    for k, v in _joint_state(model).items():
        assert torch.equal(v, before[k]), k
    assert model.predict(["lovely idea", "horrible idea"], "toy topic").tolist() == ["pro", "con"]
    assert 1 <= len(model.training_history_) <= 31


def test_full_mode_trains_the_joint_layers():
    model = StanceModel(shared_layers=5)
    before = _joint_state(model)
    model.fit(TOY_X, "t", TOY_Y, mode="full", epochs=1, batch_size=6)
    assert model.training_options_.mode == "full"
    assert any(not torch.equal(v, before[k]) for k, v in _joint_state(model).items())


def test_head_anchor_limits_drift_from_the_starting_classifier(toy_model, tmp_path):
    folder = toy_model.save(tmp_path / "m")
    start = toy_model.head.classifier.weight.detach().clone()
    flipped = ["con" if y == "pro" else "pro" for y in TOY_Y]
    drift = {}
    for anchor in (0.0, 10.0):
        model = StanceModel.load(folder).fit(
            TOY_X,
            "new topic",
            flipped,
            mode="head",
            epochs=20,
            head_anchor=anchor,
            selection_folds=0,  # all 20 epochs, so that only the anchor differs
        )
        drift[anchor] = float((model.head.classifier.weight.detach() - start).norm())
    assert drift[10.0] < drift[0.0] / 2


def test_head_mode_is_reproducible_and_early_stops():
    kw = {"mode": "head", "epochs": 40, "validation_split": 0.25, "early_stopping_patience": 2}
    a = StanceModel(shared_layers=5).fit(TOY_X, "t", TOY_Y, seed=4, **kw)
    b = StanceModel(shared_layers=5).fit(TOY_X, "t", TOY_Y, seed=4, **kw)
    np.testing.assert_array_equal(a.predict_proba(TOY_X, "t"), b.predict_proba(TOY_X, "t"))
    assert a.training_history_[-1]["epoch"] < 40
    assert "val_macro_f1" in a.training_history_[-1]


def test_load_warns_on_version_mismatch(toy_model, tmp_path):
    import json

    folder = toy_model.save(tmp_path / "m")
    config = json.loads((folder / "config.json").read_text())
    config["versions"]["torch"] = "1.0.0"
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.warns(UserWarning, match=r"other library versions \(torch 1\.0\.0 -> "):
        StanceModel.load(folder)


@pytest.mark.parametrize("precision", ["float16", "fp32", None, 32])
def test_precision_errors(precision):
    with pytest.raises(ValueError, match="precision must be one of 'float32', 'bfloat16', 'auto'"):
        StanceModel(shared_layers=5, precision=precision)
    with pytest.raises(ValueError, match="precision must be one of"):
        StanceModel.load(None, precision=precision)


@pytest.mark.parametrize(
    ("precision", "dtype"),
    [("float32", torch.float32), ("bfloat16", torch.bfloat16)],
)
def test_inference_dtype_follows_precision(fresh, precision, dtype):
    assert fresh.precision == "float32"  # the default
    fresh.precision = precision
    try:
        assert fresh.inference_dtype == dtype
    finally:
        fresh.precision = "float32"


def test_auto_precision_resolves_by_hardware(fresh):
    from stancekit.stances.model import native_bfloat16

    expected = torch.bfloat16 if native_bfloat16(fresh.device) else torch.float32
    fresh.precision = "auto"
    try:
        assert fresh.inference_dtype == expected
    finally:
        fresh.precision = "float32"


def test_bfloat16_stays_close_to_float32(fresh):
    fresh.precision = "float32"
    try:
        p32 = fresh.predict_proba(TEXTS, "iran_deal")
        fresh.precision = "bfloat16"
        p16 = fresh.predict_proba(TEXTS, "iran_deal")
    finally:
        fresh.precision = "float32"
    assert p16.dtype == np.float64
    np.testing.assert_allclose(p16.sum(1), 1.0, atol=1e-6)
    assert np.abs(p16 - p32).max() < 0.05


# ---------------------------------------------------------------------------- topic heads
HEAD_X = ["we love this plan", "a great plan", "superb plan", "we hate this plan", "awful plan"] * 4
HEAD_Y = ["favor", "favor", "favor", "against", "against"] * 4


@pytest.fixture()
def headed():
    model = StanceModel(shared_layers=4)
    return model.fit_topic_heads(HEAD_X, "the plan", HEAD_Y, min_examples=10)


def test_sentence_embeddings_match_the_encoder(fresh):
    from stancekit.embeddings import Encoder

    ours = fresh.sentence_embeddings(TEXTS)
    theirs = Encoder().encode(TEXTS)
    assert ours.shape == theirs.shape == (5, 384)
    np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_topic_heads_change_only_their_topic(headed):
    assert list(headed.topic_heads_.heads) == ["the plan"]
    assert headed.topic_heads_.heads["the plan"].classes == ["against", "favor"]
    other = headed.predict_proba(TEXTS, "iran_deal")
    P = headed.predict_proba(HEAD_X[:5], "the plan")
    heads, headed.topic_heads_ = headed.topic_heads_, None
    base_other = headed.predict_proba(TEXTS, "iran_deal")
    base = headed.predict_proba(HEAD_X[:5], "the plan")
    headed.topic_heads_ = heads
    np.testing.assert_array_equal(other, base_other)
    np.testing.assert_allclose(P.sum(1), 1.0, atol=1e-9)
    none = headed.classes_.tolist().index("none")
    np.testing.assert_allclose(P[:, none], base[:, none], atol=1e-6)  # 2-label head keeps none
    fav = headed.classes_.tolist().index("favor")
    assert (P[:3, fav] > base[:3, fav]).all() and (P[3:, fav] < base[3:, fav]).all()


@pytest.mark.parametrize(
    ("n", "labels", "expected"),
    [(20, HEAD_Y, ["the plan"]), (9, HEAD_Y, []), (20, ["favor"] * 20, [])],
)
def test_topic_heads_need_enough_examples_and_two_labels(fresh, n, labels, expected):
    heads = __import__("stancekit.stances.topic_heads", fromlist=["TopicHeads"]).TopicHeads()
    emb = fresh.sentence_embeddings(HEAD_X[:n])
    heads.fit(emb, ["the plan"] * n, labels[:n], min_examples=10)
    assert list(heads.heads) == expected


def test_topic_heads_survive_save_and_load(headed, tmp_path):
    headed.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.topic_heads_.config() == headed.topic_heads_.config()
    np.testing.assert_array_equal(
        loaded.predict_proba(HEAD_X, "the plan"), headed.predict_proba(HEAD_X, "the plan")
    )
    assert "## Topic heads" in (tmp_path / "m" / "README.md").read_text()


@pytest.mark.parametrize(("first_C", "second_C"), [(0.3, 1.0), (1.0, 0.1)])
def test_each_topic_head_records_its_own_C(first_C, second_C, tmp_path):
    model = StanceModel(shared_layers=4)
    model.fit_topic_heads(HEAD_X, "the plan", HEAD_Y, min_examples=10, C=first_C)
    model.fit_topic_heads(HEAD_X, "the other plan", HEAD_Y, min_examples=10, C=second_C)
    heads = model.topic_heads_
    assert heads.C == first_C  # the shared default stays that of the first fit
    assert (heads.heads["the plan"].C, heads.heads["the other plan"].C) == (first_C, second_C)
    # a weaker penalty (larger C) gives larger weights
    big, small = sorted(
        [heads.heads["the plan"], heads.heads["the other plan"]], key=lambda h: -h.C
    )
    assert np.abs(big.coef).sum() > np.abs(small.coef).sum()
    model.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m").topic_heads_
    assert loaded.heads["the other plan"].C == second_C
    assert f"| {second_C} |" in (tmp_path / "m" / "README.md").read_text()


def test_topic_heads_saved_without_their_own_C_use_the_shared_one():
    from stancekit.stances.topic_heads import TopicHeads

    config = {"joint_weight": 0.25, "C": 0.3, "heads": [{"topic": "t", "classes": ["a", "b"]}]}
    tensors = {"topic_heads.0.coef": np.zeros((1, 4)), "topic_heads.0.intercept": np.zeros(1)}
    heads = TopicHeads.from_saved(config, tensors)
    assert heads.heads["t"].C is None
    assert "C" not in heads.config()["heads"][0]


def test_topic_head_ignored_when_its_labels_leave_the_model(headed):
    heads = headed.topic_heads_
    assert heads.usable("the plan", ["against", "favor", "none"]) is not None
    assert heads.usable("the plan", ["pro", "con"]) is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"joint_weight": 1.5}, "joint_weight must be in"),
        ({"C": 0}, "C must be a positive number"),
    ],
)
def test_topic_heads_errors(kwargs, match):
    from stancekit.stances.topic_heads import TopicHeads

    with pytest.raises(ValueError, match=match):
        TopicHeads(**kwargs)


def test_fit_topic_heads_label_count_error(fresh):
    with pytest.raises(ValueError, match="one label per text"):
        fresh.fit_topic_heads(HEAD_X, "the plan", HEAD_Y[:3])


def test_topic_heads_with_three_labels_save_fortran_ordered_weights(fresh, tmp_path):
    """sklearn may return Fortran-ordered coefficients; safetensors needs contiguous arrays."""
    from stancekit.stances.topic_heads import TopicHead, TopicHeads

    coef = np.asfortranarray(np.arange(3 * 384, dtype=np.float64).reshape(3, 384) / 1e4)
    heads = TopicHeads(heads={"t": TopicHead(["against", "favor", "none"], coef, np.zeros(3))})
    fresh.topic_heads_ = heads
    try:
        fresh.save(tmp_path / "m")
    finally:
        fresh.topic_heads_ = None
    loaded = StanceModel.load(tmp_path / "m")
    np.testing.assert_array_equal(loaded.topic_heads_.heads["t"].coef, coef.astype(np.float32))


HEAD3_Y = ["favor", "none", "favor", "against", "against"] * 4


@pytest.fixture()
def headed3():
    model = StanceModel(shared_layers=4)
    return model.fit_topic_heads(HEAD_X, "the plan", HEAD3_Y, min_examples=10)


def test_heads_only_reads_a_full_head_without_the_joint_layers(headed3, monkeypatch):
    head = headed3.topic_heads_.heads["the plan"]
    expected = head.predict_proba(headed3.sentence_embeddings(HEAD_X[:5]))
    mixed = headed3.predict_proba(HEAD_X[:5], "the plan")
    headed3.heads_only = True
    calls = []
    joint = headed3._head_logits
    monkeypatch.setattr(headed3, "_head_logits", lambda *a: calls.append(1) or joint(*a))
    try:
        only = headed3.predict_proba(HEAD_X[:5], "the plan")
        assert calls == []  # no joint pass for a topic with a full head
        other = headed3.predict_proba(TEXTS, ["the plan", "iran_deal"] * 2 + ["the plan"])
        assert len(calls) == 1  # the other topic still goes through the joint layers
    finally:
        headed3.heads_only = False
    cols = [headed3.classes_.tolist().index(c) for c in head.classes]
    np.testing.assert_allclose(only[:, cols], expected, atol=1e-5)
    assert not np.allclose(only, mixed)
    np.testing.assert_allclose(other[1], headed3.predict_proba(TEXTS[1], "iran_deal")[0], atol=1e-6)


def test_heads_only_keeps_the_joint_model_for_two_label_heads(headed):
    mixed = headed.predict_proba(HEAD_X, "the plan")
    headed.heads_only = True
    try:
        np.testing.assert_array_equal(headed.predict_proba(HEAD_X, "the plan"), mixed)
    finally:
        headed.heads_only = False


@pytest.mark.parametrize("heads_only", [1, "yes", None])
def test_heads_only_errors(heads_only):
    with pytest.raises(TypeError, match="'heads_only' parameter must be a bool"):
        StanceModel(shared_layers=5, heads_only=heads_only)
    with pytest.raises(TypeError, match="'heads_only' parameter must be a bool"):
        StanceModel.load(None, heads_only=heads_only)


def test_head_threshold_reads_sure_rows_by_the_head_and_mixes_the_rest(headed3):
    texts = HEAD_X[:5] + TEXTS
    mixed = headed3.predict_proba(texts, "the plan")
    headed3.heads_only = True
    only = headed3.predict_proba(texts, "the plan")
    headed3.heads_only = False
    sure = only.max(1)
    threshold = float(np.median(sure))
    headed3.head_threshold = threshold
    try:
        cascade = headed3.predict_proba(texts, "the plan")
        headed3.head_threshold = 0.0
        np.testing.assert_allclose(headed3.predict_proba(texts, "the plan"), only, atol=1e-9)
    finally:
        headed3.head_threshold = None
    first = sure >= threshold
    assert 0 < first.sum() < len(texts)
    np.testing.assert_allclose(cascade[first], only[first], atol=1e-9)
    np.testing.assert_allclose(cascade[~first], mixed[~first], atol=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"head_threshold": 1.5}, ValueError, r"'head_threshold' parameter must be in \[0, 1\]"),
        ({"head_threshold": "high"}, TypeError, "must be None or a number in"),
        ({"head_threshold": 0.8, "heads_only": True}, ValueError, "not both"),
    ],
)
def test_head_threshold_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        StanceModel(shared_layers=5, **kwargs)
    with pytest.raises(error, match=match):
        StanceModel.load(None, **kwargs)


# ---------------------------------------------------------------------------- head pooling
def test_mean_max_heads_read_mean_and_max_pooled_states(tmp_path):
    model = StanceModel(shared_layers=4)
    model.fit_topic_heads(HEAD_X, "the plan", HEAD_Y, min_examples=10, pooling="mean+max")
    head = model.topic_heads_.heads["the plan"]
    assert head.pooling == "mean+max" and head.coef.shape == (1, 768)
    P = model.predict_proba(HEAD_X[:5], "the plan")
    fav = model.classes_.tolist().index("favor")
    assert (P[:3, fav] > P[3:5, fav].max()).all()
    model.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.topic_heads_.heads["the plan"].pooling == "mean+max"
    np.testing.assert_array_equal(
        loaded.predict_proba(HEAD_X, "the plan"), model.predict_proba(HEAD_X, "the plan")
    )


def test_mean_max_standardization_is_folded_into_the_weights(fresh):
    from sklearn.linear_model import LogisticRegression

    from stancekit.stances.topic_heads import TopicHeads

    X = fresh._pooled(HEAD_X, 64)
    heads = TopicHeads(C=0.3).fit(X, ["t"] * len(X), HEAD_Y, min_examples=10, pooling="mean+max")
    mu, sd = X.mean(0), X.std(0) + 1e-6
    ref = LogisticRegression(C=0.3, max_iter=2000).fit((X - mu) / sd, HEAD_Y)
    np.testing.assert_allclose(
        heads.heads["t"].predict_proba(X), ref.predict_proba((X - mu) / sd), atol=1e-4
    )
    np.testing.assert_array_equal(X[:, :384], fresh.sentence_embeddings(HEAD_X))


@pytest.mark.parametrize("pooling", ["max", "", None])
def test_pooling_errors(fresh, pooling):
    with pytest.raises(ValueError, match="pooling must be one of 'mean', 'mean\\+max'"):
        fresh.fit_topic_heads(HEAD_X, "the plan", HEAD_Y, pooling=pooling)
