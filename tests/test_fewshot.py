"""Few-shot fitting: epochs chosen inside the shots, fallback to the starting weights, anchoring."""

import copy

import numpy as np
import pytest
import torch

from stancekit.stances import StanceModel, TrainingOptions
from stancekit.stances._fewshot import _Rows, checkpoints, stratified_folds

TOY_X = [
    "good thing",
    "great stuff",
    "lovely idea",
    "bad thing",
    "awful stuff",
    "horrible idea",
    "fine plan",
    "nasty plan",
]
TOY_Y = ["pro", "pro", "pro", "con", "con", "con", "pro", "con"]
TOPIC = "toy topic"


@pytest.fixture(scope="module")
def base():
    """A small model that already knows the toy task (two joint layers), trained once."""
    return StanceModel(shared_layers=4).fit(
        TOY_X * 2, TOPIC, TOY_Y * 2, mode="full", epochs=4, batch_size=4, seed=0
    )


def _copy(model):
    """The model with its own head (the frozen trunk and tokenizer are shared): cheap."""
    out = copy.copy(model)
    out.head = copy.deepcopy(model.head)
    out.classes_ = model.classes_.copy()
    return out


def _joint_state(model):
    return {k: v.clone() for k, v in model.head.state_dict().items() if "classifier" not in k}


@pytest.mark.parametrize("mode", ["head", "joint"])
def test_fallback_keeps_predict_proba_identical(base, mode):
    """Shots the model already gets right cannot be beaten: the starting weights stay."""
    model = _copy(base)
    before = model.predict_proba(TOY_X, TOPIC)
    assert model.predict(TOY_X, TOPIC).tolist() == TOY_Y
    model.fit(TOY_X, TOPIC, TOY_Y, mode=mode, selection_folds=2, epochs=4, seed=0)
    record = model.training_history_[-1]
    assert record["kept_starting_weights"] is True
    assert record["epochs"] == 0
    assert record["start_macro_f1"] == 1.0
    np.testing.assert_array_equal(model.predict_proba(TOY_X, TOPIC), before)


@pytest.mark.parametrize("mode", ["head", pytest.param("joint", marks=pytest.mark.slow)])
def test_selection_trains_when_the_start_is_wrong(base, mode):
    flipped = ["con" if y == "pro" else "pro" for y in TOY_Y]
    model = _copy(base)
    model.fit(TOY_X * 2, TOPIC, flipped * 2, mode=mode, epochs=8, selection_folds=2, seed=0)
    record = model.training_history_[-1]
    assert record["selection"] == "2-fold"
    assert record["start_macro_f1"] == 0.0
    assert record["epochs"] in checkpoints(8)
    assert not record["kept_starting_weights"]
    assert np.mean(model.predict(TOY_X, TOPIC) == np.array(flipped)) > 0.5


@pytest.mark.parametrize(("mode", "trained_layers"), [("head", 1), ("joint", 1), ("joint", 2)])
def test_cached_rows_match_predict_proba(base, mode, trained_layers):
    """The few-shot caches (features, or the frozen joint layers' outputs) change no output."""
    model = _copy(base)
    opts = TrainingOptions(mode=mode, joint_trained_layers=trained_layers)
    states = dict(zip(TOY_X, model.trunk_states(TOY_X, max_length=64)))
    topic_states = {TOPIC: model.trunk_states([TOPIC], max_length=16)[0]}
    rows = _Rows(model, opts, states, topic_states, TOY_X, [TOPIC] * len(TOY_X))
    np.testing.assert_allclose(
        rows.proba(list(range(len(TOY_X)))), model.predict_proba(TOY_X, TOPIC), atol=1e-5
    )


def test_new_label_set_always_trains():
    """A fresh classifier is no model to fall back to, whatever cross-validation says."""
    model = StanceModel(shared_layers=5)
    labels = ["x" if y == "pro" else "y" for y in TOY_Y]
    model.fit(TOY_X, TOPIC, labels, mode="head", epochs=20, seed=0)
    assert model.classes_.tolist() == ["x", "y"]
    assert model.training_history_[-1]["epochs"] >= 1


@pytest.mark.parametrize("mode", ["head", "joint"])
def test_few_shot_fit_is_reproducible(base, mode):
    flipped = ["con" if y == "pro" else "pro" for y in TOY_Y]
    kw = {"mode": mode, "epochs": 4, "selection_folds": 2, "seed": 3}
    a = _copy(base).fit(TOY_X, "other", flipped, **kw)
    b = _copy(base).fit(TOY_X, "other", flipped, **kw)
    np.testing.assert_array_equal(a.predict_proba(TOY_X, "other"), b.predict_proba(TOY_X, "other"))
    assert a.training_history_ == b.training_history_


def test_head_mode_leaves_the_joint_layers_and_joint_mode_moves_them(base):
    flipped = ["con" if y == "pro" else "pro" for y in TOY_Y]
    for mode, moved in (("head", set()), ("joint", {"blocks.1"})):
        model = _copy(base)
        start = _joint_state(model)
        model.fit(TOY_X, TOPIC, flipped, mode=mode, epochs=2, selection_folds=0, seed=0)
        changed = {
            k.rsplit(".", 2)[0]
            for k, v in _joint_state(model).items()
            if not torch.equal(v, start[k])
        }
        assert changed == moved, mode


def test_joint_anchor_limits_drift(base):
    flipped = ["con" if y == "pro" else "pro" for y in TOY_Y]
    start = _joint_state(_copy(base))
    drift = {}
    for anchor in (0.0, 100.0):
        model = _copy(base).fit(
            TOY_X,
            TOPIC,
            flipped,
            mode="joint",
            epochs=6,
            learning_rate=1e-3,
            joint_anchor=anchor,
            selection_folds=0,
            seed=0,
        )
        state = _joint_state(model)
        drift[anchor] = float(sum(((state[k] - v) ** 2).sum() for k, v in start.items()))
    assert drift[100.0] < drift[0.0] / 2


def test_validation_data_replaces_cross_validation(base):
    flipped = ["con" if y == "pro" else "pro" for y in TOY_Y]
    model = _copy(base)
    model.fit(TOY_X, TOPIC, flipped, mode="joint", epochs=4, validation=(TOY_X, TOPIC, flipped))
    record = model.training_history_[-1]
    assert record["selection"] == "validation"
    assert set(record["checkpoint_macro_f1"]) == {"1", "2", "4"}


@pytest.mark.parametrize(
    "opts",
    [
        TrainingOptions(),
        TrainingOptions(mode="joint", joint_anchor=0.5, selection_folds=0),
        TrainingOptions(mode="head", selection_folds=5, selection_margin=0.05),
    ],
)
def test_options_with_selection_fields_round_trip_json(opts):
    assert TrainingOptions.from_json(opts.to_json()) == opts
    assert TrainingOptions.from_json(opts.resolve(32).to_json()) == opts.resolve(32)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"selection_folds": -1}, "TrainingOptions.selection_folds must be an int >= 0"),
        ({"selection_folds": 2.5}, "TrainingOptions.selection_folds must be an int >= 0"),
        ({"selection_margin": -0.1}, "TrainingOptions.selection_margin must be a float >= 0"),
        ({"joint_anchor": -1.0}, "TrainingOptions.joint_anchor must be a float >= 0"),
    ],
)
def test_selection_option_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        TrainingOptions(**kwargs)


@pytest.mark.parametrize(
    ("epochs", "expected"),
    [(1, [1]), (3, [1, 2, 3]), (8, [1, 2, 4, 8]), (64, [8, 16, 32, 64]), (300, [38, 75, 150, 300])],
)
def test_checkpoints(epochs, expected):
    assert checkpoints(epochs) == expected


@pytest.mark.parametrize("k", [2, 3, 4])
def test_stratified_folds_spread_each_label(k):
    labels = ["a"] * 8 + ["b"] * 4
    fold = stratified_folds(labels, k, np.random.default_rng(0))
    for label in ("a", "b"):
        counts = np.bincount(fold[np.array(labels) == label], minlength=k)
        assert counts.max() - counts.min() <= 1
