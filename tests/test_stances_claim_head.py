import numpy as np
import pytest
import torch

from stancekit import Topic
from stancekit.stances import StanceModel
from stancekit.stances.claim_head import FEATURES, ClaimHead, cue_features

CLAIM_X = [
    "Apple to sell 19 million watches",
    "Watch sales hit 19 million",
    "Apple reportedly could sell 19 million watches",
    "Rumour: Apple may sell 19 million watches",
    "Will Apple sell 19 million watches?",
    "The 19 million watch story is a hoax",
    "Apple denies it will sell 19 million watches",
    "No, Apple will not sell 19 million watches",
] * 3
CLAIM_Y = ["favor", "favor", "none", "none", "none", "against", "against", "against"] * 3
CLAIM = Topic("watches", "Apple will sell 19 million Apple Watches in 2015", kind="claim")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple sells watches", [0, 0, 0, 0, 0]),
        ("Apple reportedly sells watches", [1, 0, 0, 1, 0]),
        ("Apple allegedly, reportedly sells watches", [2, 0, 0, 1, 0]),
        ("Apple did NOT sell watches, a hoax", [0, 2, 0, 0, 1]),
        ("Did Apple sell watches?", [0, 0, 1, 0, 0]),
        ("Apple may deny it?", [1, 1, 1, 1, 1]),
        ("", [0, 0, 0, 0, 0]),
    ],
)
def test_cue_features(text, expected):
    assert cue_features([text]).tolist() == [expected]
    assert cue_features([]).shape == (0, len(FEATURES))


def test_claim_head_learns_the_cues():
    head = ClaimHead().fit(CLAIM_X, CLAIM_Y)
    assert head.classes_ == ["against", "favor", "none"] and head.n_train_ == len(CLAIM_X)
    P = head.predict_proba(["Apple allegedly sells watches", "A hoax", "Apple sells watches"])
    assert P.shape == (3, 3)
    np.testing.assert_allclose(P.sum(1), 1.0)
    assert [head.classes_[k] for k in P.argmax(1)] == ["none", "against", "favor"]


@pytest.mark.parametrize(
    ("kwargs", "fit", "error", "match"),
    [
        ({"C": 0}, None, ValueError, "C must be a positive"),
        (
            {"joint_weight": 1.5},
            None,
            ValueError,
            r"joint_weight must be a number in \[0, 1\]; got 1.5",
        ),
        ({}, (CLAIM_X, CLAIM_Y[:3]), ValueError, "same length"),
        ({}, (CLAIM_X[:2], ["favor", "favor"]), ValueError, "at least two classes"),
    ],
)
def test_claim_head_errors(kwargs, fit, error, match):
    with pytest.raises(error, match=match):
        head = ClaimHead(**kwargs)
        if fit is not None:
            head.fit(*fit)


def test_unfitted_claim_head_refuses_to_predict():
    with pytest.raises(RuntimeError, match="not fitted"):
        ClaimHead().predict_proba(["x"])


@pytest.mark.parametrize(
    ("classes", "usable"),
    [
        (["against", "favor", "none"], True),
        (["favor", "against", "none", "x"], True),
        (["a", "b"], False),
    ],
)
def test_claim_head_usable_only_with_its_labels(classes, usable):
    assert ClaimHead().fit(CLAIM_X, CLAIM_Y).usable(classes) is usable
    assert ClaimHead().usable(classes) is False


@pytest.fixture(scope="module")
def claimed():
    torch.manual_seed(0)  # the untrained joint classifier is drawn at random
    return StanceModel(shared_layers=4).fit_claim_head(CLAIM_X, CLAIM_Y)


def test_claim_head_reads_claim_topics_only(claimed):
    texts = CLAIM_X[:8]
    as_claim = claimed.predict_proba(texts, CLAIM)
    as_position = claimed.predict_proba(texts, CLAIM.proposition)
    plain = Topic("watches", CLAIM.proposition)  # kind="position"
    np.testing.assert_array_equal(claimed.predict_proba(texts, plain), as_position)
    expected = claimed.claim_head_.mix(as_position, texts, claimed.classes_.tolist())
    np.testing.assert_allclose(as_claim, expected, atol=1e-12)
    np.testing.assert_allclose(as_claim.sum(1), 1.0, atol=1e-9)
    assert claimed.predict(texts, CLAIM).tolist() == CLAIM_Y[:8]
    # Mixed batches: each row is read by its own topic's kind.
    mixed = claimed.predict_proba(texts, [CLAIM, CLAIM.proposition] * 4)
    np.testing.assert_allclose(mixed[::2], as_claim[::2], atol=1e-6)
    np.testing.assert_allclose(mixed[1::2], as_position[1::2], atol=1e-6)


def test_claim_head_survives_save_and_load(claimed, tmp_path):
    claimed.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.claim_head_.config() == claimed.claim_head_.config()
    np.testing.assert_array_equal(
        loaded.predict_proba(CLAIM_X, CLAIM), claimed.predict_proba(CLAIM_X, CLAIM)
    )
    assert "## Claim head" in (tmp_path / "m" / "README.md").read_text()


def test_model_without_claim_head_reads_claims_as_positions():
    model = StanceModel(shared_layers=4)
    assert model.claim_head_ is None
    np.testing.assert_array_equal(
        model.predict_proba(CLAIM_X[:4], CLAIM),
        model.predict_proba(CLAIM_X[:4], CLAIM.proposition),
    )


def test_fit_claim_head_refuses_labels_outside_the_classes():
    with pytest.raises(ValueError, match=r"labels must be among the model's classes"):
        StanceModel(shared_layers=4).fit_claim_head(CLAIM_X[:2], ["favor", "pro"])


def test_saved_claim_head_with_wrong_features_is_refused(claimed):
    config = claimed.claim_head_.config() | {"features": ["a"]}
    with pytest.raises(ValueError, match="claim head features must be"):
        ClaimHead.from_saved(config, claimed.claim_head_.tensors())


@pytest.mark.parametrize("kind", ["opinion", "", None])
def test_topic_kind_errors(kind):
    with pytest.raises(ValueError, match="kind must be one of 'position', 'claim'"):
        Topic("k", "p", kind=kind)


@pytest.mark.parametrize("proposition", ["", "  ", None])
def test_topic_needs_a_proposition(proposition):
    with pytest.raises(ValueError, match="proposition must be a non-empty string"):
        Topic("k", proposition, kind="claim")
