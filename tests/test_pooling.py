import numpy as np
import pytest

from stancekit.stances.pooling import pool, predict_proba_pooled, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One sentence only here.", ["One sentence only here."]),
        (
            "We back the deal fully. They do not agree at all.",
            ["We back the deal fully.", "They do not agree at all."],
        ),
        (
            "Mr. Smith said the U.S. will act soon. Then it did so quickly.",
            ["Mr. Smith said the U.S. will act soon.", "Then it did so quickly."],
        ),
        ("Yes. We will rejoin the agreement soon.", ["Yes. We will rejoin the agreement soon."]),
        (
            "\u201cWe must act now.\u201d The rest is history for all.",
            ["\u201cWe must act now.\u201d", "The rest is history for all."],
        ),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_pool_lets_relevant_sentences_decide():
    proba = np.array([[0.0, 1.0, 0.0], [0.02, 0.0, 0.98]])
    out = pool(proba, none_index=2)
    assert out.argmax() == 1 and out[1] > 0.9
    np.testing.assert_allclose(out.sum(), 1.0)


class Fake:
    classes_ = np.array(["against", "favor", "none"])

    def predict_proba(self, texts, topics, **kw):
        return np.array([[0.0, 1.0, 0.0] if "back" in t else [0.0, 0.0, 1.0] for t in texts])


def test_pooled_prediction_single_call_and_shapes():
    texts = ["We back the deal fully. The weather is fine today.", "Nothing here at all."]
    out = predict_proba_pooled(Fake(), texts, ["t", "t"])
    assert out.shape == (2, 3)
    assert out[0].argmax() == 1
    assert out[1].argmax() == 2
