import numpy as np
import pytest
import torch

from stancekit.stances import StanceModel
from stancekit.stances.claim_encoder import (
    ClaimEncoder,
    EncoderEnsemble,
    _batches,
    claim_encoder_proba,
    encoder_from_tensors,
    encoder_members,
    encoder_tensors,
    fit_claim_encoder,
    member_layers,
    member_prefix,
    new_claim_encoder,
    round_to_dtype,
    round_to_half,
    round_to_int4,
    round_to_int8,
)
from stancekit.stances.claim_head import ClaimHead
from tests.test_stances_claim_head import CLAIM, CLAIM_X, CLAIM_Y


@pytest.fixture(scope="module")
def base():
    return StanceModel(shared_layers=4)


@pytest.fixture(scope="module")
def encoded():
    """A model whose claim head holds a one-layer claim encoder, fitted on the toy claims."""
    torch.manual_seed(0)  # the untrained joint classifier is drawn at random
    model = StanceModel(shared_layers=4)
    return model.fit_claim_head(CLAIM_X, CLAIM_Y, encoder_layers=1, epochs=6, learning_rate=2e-4)


def test_new_claim_encoder_copies_the_top_layers(base):
    top = list(base.embed_blocks)
    enc = new_claim_encoder(top[-2:], n_classes=3, seed=0)
    assert isinstance(enc, ClaimEncoder) and len(enc.blocks) == 2
    assert enc.classifier.out_features == 3
    # Copies: the same weights, not the same tensors (the encoder's own layers stay frozen).
    torch.testing.assert_close(enc.blocks[0].query.weight, top[-2].query.weight)
    assert enc.blocks[0].query.weight.data_ptr() != top[-2].query.weight.data_ptr()
    assert all(p.requires_grad for p in enc.parameters())
    assert not any(p.requires_grad for p in base.embed_blocks.parameters())
    # Seeded: the same classifier for the same seed.
    again = new_claim_encoder(top[-2:], n_classes=3, seed=0)
    torch.testing.assert_close(enc.classifier.weight, again.classifier.weight)


@pytest.mark.parametrize(("batch_size", "length_buckets"), [(16, 0), (4, 2)])
def test_fit_claim_encoder_learns_and_is_seeded(base, batch_size, length_buckets):
    states = base.trunk_states(CLAIM_X, max_length=64)
    y = np.array([base.classes_.tolist().index(label) for label in CLAIM_Y])
    fits = []
    for _ in range(2):
        enc = new_claim_encoder(list(base.embed_blocks)[-1:], 3, seed=1)
        epochs_seen: list[int] = []
        fit_claim_encoder(
            enc,
            states,
            y,
            epochs=6,
            learning_rate=2e-4,
            seed=1,
            batch_size=batch_size,
            length_buckets=length_buckets,
            on_epoch=lambda e, m, seen=epochs_seen: seen.append(e),
        )
        assert epochs_seen == [1, 2, 3, 4, 5, 6]
        assert not enc.training
        fits.append(claim_encoder_proba(enc, states))
    proba = fits[0]
    assert proba.shape == (len(CLAIM_X), 3)
    np.testing.assert_allclose(proba.sum(1), 1.0, atol=1e-6)
    np.testing.assert_array_equal(fits[0], fits[1])
    assert np.mean(proba.argmax(1) == y) >= 0.9


def test_fit_claim_encoder_checks_lengths(base):
    enc = new_claim_encoder(list(base.embed_blocks)[-1:], 3, seed=0)
    states = base.trunk_states(CLAIM_X[:3], max_length=64)
    with pytest.raises(ValueError, match="states and y must have the same length; got 3 and 2"):
        fit_claim_encoder(enc, states, np.array([0, 1]))


def test_claim_encoder_proba_of_nothing(base):
    enc = new_claim_encoder(list(base.embed_blocks)[-1:], 3, seed=0)
    assert claim_encoder_proba(enc, []).shape == (0, 3)


def test_tensors_round_trip_in_float16(base):
    enc = round_to_half(new_claim_encoder(list(base.embed_blocks)[-2:], 3, seed=3))
    arrays = encoder_tensors(enc)
    assert all(k.startswith("claim_head.encoder.") for k in arrays)
    assert {a.dtype for a in arrays.values()} == {np.dtype(np.float16)}
    back = encoder_from_tensors(arrays, list(base.embed_blocks), 2, 3)
    for (name, a), b in zip(enc.state_dict().items(), back.state_dict().values()):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)


def test_tensors_round_trip_in_int8(base):
    enc = round_to_int8(new_claim_encoder(list(base.embed_blocks)[-2:], 3, seed=3))
    half = encoder_tensors(enc)
    arrays = encoder_tensors(enc, dtype="int8")
    matrices = {k for k, v in half.items() if v.ndim == 2}
    assert matrices and {arrays[k].dtype for k in matrices} == {np.dtype(np.int8)}
    scales = {k for k in arrays if k.endswith(".int8_scale")}
    assert scales == {k + ".int8_scale" for k in matrices}
    assert {arrays[k].dtype for k in set(arrays) - matrices} == {np.dtype(np.float16)}
    size = sum(a.nbytes for a in arrays.values())
    assert size < 0.55 * sum(a.nbytes for a in half.values())
    back = encoder_from_tensors(arrays, list(base.embed_blocks), 2, 3)
    for (name, a), b in zip(enc.state_dict().items(), back.state_dict().values()):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)


def test_round_to_int8_keeps_weights_close_and_is_idempotent(base):
    enc = new_claim_encoder(list(base.embed_blocks)[-1:], 3, seed=0)
    before = {k: v.clone() for k, v in enc.state_dict().items()}
    round_to_int8(enc)
    once = {k: v.clone() for k, v in enc.state_dict().items()}
    round_to_int8(enc)
    for name, w in enc.state_dict().items():
        torch.testing.assert_close(w, once[name], rtol=0, atol=0, msg=name)
        if w.dim() == 2:  # at most half a step of the row's scale away
            step = before[name].abs().amax(1, keepdim=True) / 127
            assert torch.all((w - before[name]).abs() <= 0.5 * step * 1.01 + 1e-8), name
            assert len(torch.unique(w[0])) <= 255


def _tuned(base, layers, seed=0):
    """A claim encoder over the top ``layers`` layers whose weights moved as fine-tuning moves
    them (seeded noise on every weight matrix)."""
    enc = new_claim_encoder(list(base.embed_blocks)[-layers:], 3, seed=seed)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in enc.parameters():
            if p.dim() == 2:
                p.add_(torch.randn(p.shape, generator=generator) * 0.005)
    return enc


def test_tensors_round_trip_in_int4(base):
    blocks = list(base.embed_blocks)
    enc = round_to_int4(_tuned(base, 2), blocks)
    half = encoder_tensors(enc)
    arrays = encoder_tensors(enc, dtype="int4", top_blocks=blocks)
    layers = {k for k, v in half.items() if v.ndim == 2 and ".blocks." in k}
    assert layers and {arrays[k].dtype for k in layers} == {np.dtype(np.uint8)}
    assert all(arrays[k].shape == (half[k].shape[0], half[k].shape[1] // 2) for k in layers)
    scales = {k for k in arrays if k.endswith(".int4_scale")}
    assert scales == {k + ".int4_scale" for k in layers}
    assert all(arrays[k + ".int4_scale"].shape[1] == half[k].shape[1] // 32 for k in layers)
    assert {arrays[k].dtype for k in set(arrays) - layers} == {np.dtype(np.float16)}
    assert arrays["claim_head.encoder.classifier.weight"].dtype == np.float16
    size = sum(a.nbytes for a in arrays.values())
    assert size < 0.32 * sum(a.nbytes for a in half.values())
    back = encoder_from_tensors(arrays, blocks, 2, 3)
    for (name, a), b in zip(enc.state_dict().items(), back.state_dict().values()):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)


def test_round_to_int4_keeps_changes_close_and_is_idempotent(base):
    blocks = list(base.embed_blocks)
    enc = _tuned(base, 1)
    own = {k: v.clone() for k, v in new_claim_encoder(blocks[-1:], 3, 0).state_dict().items()}
    before = {k: v.clone() for k, v in enc.state_dict().items()}
    round_to_int4(enc, blocks)
    once = {k: v.clone() for k, v in enc.state_dict().items()}
    round_to_int4(enc, blocks)
    for name, w in enc.state_dict().items():
        torch.testing.assert_close(w, once[name], rtol=0, atol=0, msg=name)
        if w.dim() == 2 and name.startswith("blocks."):
            # at most half a step of its group's scale from the fine-tuned weight
            change = (before[name] - own[name]).reshape(w.shape[0], -1, 32)
            step = (change.abs().amax(2, keepdim=True) / 7).expand_as(change).reshape(w.shape)
            assert torch.all((w - before[name]).abs() <= 0.5 * step * 1.01 + 1e-6), name
            assert len(torch.unique(torch.round((w - own[name])[0, :32] / step[0, :32]))) <= 15
    # An unchanged copy keeps the encoder's own weight matrices exactly.
    fresh = round_to_int4(new_claim_encoder(blocks[-1:], 3, seed=0), blocks)
    for name, w in fresh.state_dict().items():
        if name.startswith("blocks.") and w.dim() == 2:
            torch.testing.assert_close(w, own[name], rtol=0, atol=0, msg=name)


@pytest.mark.parametrize(
    ("dtype", "rounding"), [("float16", round_to_half), ("int8", round_to_int8), ("int4", None)]
)
def test_round_to_dtype_rounds_as_each_storage_keeps(base, dtype, rounding):
    blocks = list(base.embed_blocks)
    got = round_to_dtype(_tuned(base, 1), dtype, blocks)
    want = round_to_int4(_tuned(base, 1), blocks) if rounding is None else rounding(_tuned(base, 1))
    for (name, a), b in zip(got.state_dict().items(), want.state_dict().values()):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda enc, blocks: encoder_tensors(enc, dtype="int2"),
            r"dtype must be one of \['float16', 'int8', 'int4'\]; got 'int2'",
        ),
        (
            lambda enc, blocks: round_to_dtype(enc, "bf16", blocks),
            r"dtype must be one of \['float16', 'int8', 'int4'\]; got 'bf16'",
        ),
        (
            lambda enc, blocks: encoder_tensors(enc, dtype="int4"),
            r"int4 storage needs the encoder's own layers \(top_blocks, at least 1\); got 0",
        ),
        (
            lambda enc, blocks: round_to_int4(enc, []),
            r"int4 storage needs the encoder's own layers \(top_blocks, at least 1\); got 0",
        ),
    ],
)
def test_encoder_storage_errors(base, call, match):
    enc = new_claim_encoder(list(base.embed_blocks)[-1:], 3, seed=0)
    with pytest.raises(ValueError, match=match):
        call(enc, list(base.embed_blocks))


@pytest.mark.parametrize(
    ("member", "prefix"), [(0, "t.encoder."), (1, "t.encoder1."), (2, "t.encoder2.")]
)
def test_member_prefix(member, prefix):
    assert member_prefix("t.encoder.", member) == prefix


@pytest.mark.parametrize("dtype", ["float16", "int8", "int4"])
def test_ensemble_averages_member_logits_and_round_trips(base, dtype):
    blocks = list(base.embed_blocks)
    members = [round_to_dtype(_tuned(base, 1, seed=s), dtype, blocks) for s in (0, 1)]
    ensemble = EncoderEnsemble(members).eval()
    assert encoder_members(ensemble) == members and encoder_members(members[0]) == [members[0]]
    assert member_layers(ensemble) == [1, 1] and ensemble.classifier.out_features == 3
    states = base.trunk_states(CLAIM_X[:4], max_length=64)
    p = claim_encoder_proba(ensemble, states)
    # The mean of the logits: the normalized geometric mean of the members' probabilities.
    geo = np.sqrt(claim_encoder_proba(members[0], states) * claim_encoder_proba(members[1], states))
    np.testing.assert_allclose(p, geo / geo.sum(1, keepdims=True), atol=1e-6)
    arrays = encoder_tensors(ensemble, "t.encoder.", dtype, blocks)
    assert any(k.startswith("t.encoder1.") for k in arrays)
    back = encoder_from_tensors(arrays, list(base.embed_blocks), 1, 3, "t.encoder.", members=2)
    assert isinstance(back, EncoderEnsemble)
    np.testing.assert_array_equal(claim_encoder_proba(back, states), p)
    with pytest.raises(ValueError, match="members must be a positive int; got 0"):
        encoder_from_tensors(arrays, list(base.embed_blocks), 1, 3, "t.encoder.", members=0)
    with pytest.raises(ValueError, match="claim encoder weights do not match its config"):
        encoder_from_tensors(arrays, list(base.embed_blocks), 1, 3, "t.encoder.", members=3)


@pytest.mark.parametrize(
    ("shapes", "match"),
    [
        ([(1, 3)], "an ensemble needs at least two members; got 1"),
        ([(1, 3), (1, 2)], r"ensemble members must have the same outputs; got \[2, 3\]"),
    ],
)
def test_ensemble_errors(base, shapes, match):
    members = [new_claim_encoder(list(base.embed_blocks)[-k:], n, seed=0) for k, n in shapes]
    with pytest.raises(ValueError, match=match):
        EncoderEnsemble(members)


def test_ensemble_of_members_of_different_depths(base):
    """Each member reads its own states; the ensemble's logits are still the members' mean."""
    blocks = list(base.embed_blocks)
    members = [round_to_int8(new_claim_encoder(blocks[-k:], 3, seed=k)) for k in (1, 2)]
    ensemble = EncoderEnsemble(members).eval()
    assert member_layers(ensemble) == [1, 2] and member_layers(members[1]) == [2]
    states = base.trunk_states(CLAIM_X[:4], max_length=64)
    other = [s + 0.5 for s in states]  # what a member reading another layer might see
    p = claim_encoder_proba(ensemble, [states, other])
    geo = np.sqrt(claim_encoder_proba(members[0], states) * claim_encoder_proba(members[1], other))
    np.testing.assert_allclose(p, geo / geo.sum(1, keepdims=True), atol=1e-6)
    assert not np.allclose(p, claim_encoder_proba(ensemble, states))
    arrays = encoder_tensors(ensemble, "t.encoder.", "int8")
    back = encoder_from_tensors(arrays, blocks, [1, 2], 3, "t.encoder.", members=2)
    assert member_layers(back) == [1, 2]
    np.testing.assert_array_equal(claim_encoder_proba(back, [states, other]), p)


@pytest.mark.parametrize(
    ("states", "match"),
    [
        ("three", "states must hold one sequence per member; got 3 for 2 members"),
        ("short", "every member's states must cover the same 4 texts"),
    ],
)
def test_claim_encoder_proba_checks_states_per_member(base, states, match):
    members = [new_claim_encoder(list(base.embed_blocks)[-1:], 3, seed=s) for s in (0, 1)]
    x = base.trunk_states(CLAIM_X[:4], max_length=64)
    given = [x, x, x] if states == "three" else [x, x[:3]]
    with pytest.raises(ValueError, match=match):
        claim_encoder_proba(EncoderEnsemble(members), given)


@pytest.mark.parametrize("buckets", [0, 1, 2, 5])
def test_batches_cover_every_text_once(buckets):
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 100, size=53)
    perm = rng.permutation(53)
    batches = _batches(perm, lengths, 4, buckets, np.random.default_rng(1))
    assert sorted(np.concatenate(batches).tolist()) == list(range(53))
    assert all(len(b) <= 4 for b in batches)
    if buckets == 0:
        np.testing.assert_array_equal(np.concatenate(batches), perm)
    else:  # sorted by length inside each batch
        assert all(np.all(np.diff(lengths[b]) >= 0) for b in batches)


def test_length_buckets_pad_less():
    rng = np.random.default_rng(0)
    lengths = rng.integers(5, 128, size=2000)
    perm = rng.permutation(2000)

    def padded(buckets):
        return sum(len(b) * lengths[b].max() for b in _batches(perm, lengths, 32, buckets, rng))

    assert padded(50) < 0.7 * padded(0)


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_fit_claim_encoder_refuses_bad_length_buckets(base, bad):
    enc = new_claim_encoder(list(base.embed_blocks)[-1:], 3, seed=0)
    states = base.trunk_states(CLAIM_X[:2], max_length=64)
    with pytest.raises(ValueError, match=f"length_buckets must be an int >= 0; got {bad}"):
        fit_claim_encoder(enc, states, np.array([0, 1]), epochs=1, length_buckets=bad)


@pytest.mark.parametrize(
    ("tensors", "layers", "match"),
    [
        ("ok", 3, r"claim encoder layers must be in \[1, 2\]; got 3"),
        ("ok", 0, r"claim encoder layers must be in \[1, 2\]; got 0"),
        ("ok", [1, 3], r"claim encoder layers must be in \[1, 2\]; got 3"),
        ("ok", [], r"n_layers must give every member's layers; got \[\] for 1 members"),
        ("missing", 1, "claim encoder weights do not match its config: missing"),
    ],
)
def test_encoder_from_tensors_errors(base, tensors, layers, match):
    arrays = encoder_tensors(new_claim_encoder(list(base.embed_blocks)[-1:], 3, seed=0))
    if tensors == "missing":
        arrays.pop("claim_head.encoder.classifier.weight")
    with pytest.raises(ValueError, match=match):
        encoder_from_tensors(arrays, list(base.embed_blocks), layers, 3)


def test_claim_head_with_encoder_mixes_it_in(encoded):
    head = encoded.claim_head_
    assert head.encoder_ is not None and len(head.encoder_.blocks) == 1
    assert head.encoder_classes_ == encoded.classes_.tolist()
    texts = CLAIM_X[:8]
    as_claim = encoded.predict_proba(texts, CLAIM)
    as_position = encoded.predict_proba(texts, CLAIM.proposition)
    states = encoded.trunk_states(texts, max_length=encoded.max_text_length)
    enc = claim_encoder_proba(head.encoder_, states)
    expected = head.mix(as_position, texts, encoded.classes_.tolist(), encoder_proba=enc)
    np.testing.assert_allclose(as_claim, expected, atol=1e-6)
    np.testing.assert_allclose(as_claim.sum(1), 1.0, atol=1e-9)
    # The encoder changes the reading: without it, the cue counts alone meet the joint model.
    assert not np.allclose(head.head_proba(texts, enc), head.predict_proba(texts), atol=1e-3)
    assert encoded.predict(texts, CLAIM).tolist() == CLAIM_Y[:8]


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_encoder_weight_extremes(encoded, weight):
    head = encoded.claim_head_
    texts = CLAIM_X[:8]
    enc = claim_encoder_proba(
        head.encoder_, encoded.trunk_states(texts, max_length=encoded.max_text_length)
    )
    saved = head.encoder_weight
    try:
        head.encoder_weight = weight
        got = head.head_proba(texts, enc)
    finally:
        head.encoder_weight = saved
    want = enc if weight == 1.0 else head.predict_proba(texts)
    np.testing.assert_allclose(got, want, atol=1e-6)


def test_head_proba_needs_the_encoder_probabilities(encoded):
    head = encoded.claim_head_
    with pytest.raises(ValueError, match="encoder_proba must be given"):
        head.head_proba(CLAIM_X[:2])
    with pytest.raises(ValueError, match=r"encoder_proba must have shape \(2, 3\); got \(2, 2\)"):
        head.head_proba(CLAIM_X[:2], np.full((2, 2), 0.5))


def test_claim_encoder_survives_save_and_load(encoded, tmp_path):
    encoded.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.claim_head_.config() == encoded.claim_head_.config()
    assert loaded.claim_head_.config()["encoder"]["layers"] == 1
    np.testing.assert_array_equal(
        loaded.predict_proba(CLAIM_X, CLAIM), encoded.predict_proba(CLAIM_X, CLAIM)
    )
    card = (tmp_path / "m" / "README.md").read_text()
    assert "claim encoder" in card and "float16" in card


def test_deeper_int8_claim_encoder_survives_save_and_load(tmp_path):
    """Three layers (the trunk's last and the two above it), stored in int8."""
    from safetensors.numpy import load_file

    torch.manual_seed(0)
    model = StanceModel(shared_layers=4).fit_claim_head(
        CLAIM_X, CLAIM_Y, encoder_layers=3, epochs=2, learning_rate=2e-4, dtype="int8"
    )
    spec = model.claim_head_.config()["encoder"]
    assert spec["layers"] == 3 and spec["dtype"] == "int8"
    model.save(tmp_path / "m")
    stored = load_file(tmp_path / "m" / "model.safetensors")
    assert stored["claim_head.encoder.blocks.0.query.weight"].dtype == np.int8
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.claim_head_.config() == model.claim_head_.config()
    np.testing.assert_array_equal(
        loaded.predict_proba(CLAIM_X, CLAIM), model.predict_proba(CLAIM_X, CLAIM)
    )


def test_saved_encoder_without_config_is_refused(encoded):
    config = encoded.claim_head_.config() | {"encoder": None}
    with pytest.raises(ValueError, match="claim encoder that its config does not describe"):
        ClaimHead.from_saved(config, encoded.claim_head_.tensors())


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"encoder_layers": 7}, r"encoder_layers must be an int in \[0, 6\].*got 7"),
        ({"encoder_layers": -1}, r"encoder_layers must be an int in \[0, 6\].*got -1"),
        ({"dtype": "int2"}, r"dtype must be one of \['float16', 'int8', 'int4'\]; got 'int2'"),
        ({"encoder_layers": True}, r"encoder_layers must be an int.*got True"),
        ({"encoder_layers": 1, "epochs": 0}, "epochs must be a positive int; got 0"),
        ({"encoder_layers": 1, "learning_rate": 0}, "learning_rate must be a positive number"),
        ({"encoder_weight": 1.5}, r"encoder_weight must be a number in \[0, 1\]; got 1.5"),
        ({"encoder_layers": 1, "schedule": "cosine"}, r"schedule must be one of \['constant'"),
    ],
)
def test_fit_claim_head_encoder_errors(base, kwargs, match):
    with pytest.raises(ValueError, match=match):
        base.fit_claim_head(CLAIM_X, CLAIM_Y, **kwargs)


def test_shipped_model_stays_small_and_holds_the_claim_encoder():
    from stancekit.stances._io import default_model_path

    folder = default_model_path()
    files = {p.name: p.stat().st_size for p in folder.iterdir()}
    assert set(files) == {"config.json", "model.safetensors", "README.md"}
    assert sum(files.values()) < 25 * 2**20
    model = StanceModel.load(folder)
    from stancekit.train_topic_heads import CLAIM_ENCODER_DTYPE, CLAIM_ENCODER_LAYERS

    head = model.claim_head_
    enc = head.encoder_
    # The recipe's claim encoder: four layers (over the trunk's second layer), in int8.
    assert enc is not None and len(enc.blocks) == CLAIM_ENCODER_LAYERS == 4
    assert head.encoder_dtype_ == CLAIM_ENCODER_DTYPE == "int8"
    for name, t in enc.state_dict().items():
        if t.dim() == 2:  # int8 values times a scale per row, as stored
            assert len(torch.unique(t[0])) <= 255, name
        else:
            assert torch.equal(t, t.half().float()), name


def test_recipe_refits_the_claim_head_alone(tmp_path, monkeypatch):
    from safetensors.numpy import load_file

    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData
    from tests.test_stances import HEAD3_Y, HEAD_X

    StanceModel(shared_layers=4).fit_topic_heads(HEAD_X, "the plan", HEAD3_Y, min_examples=10).save(
        tmp_path / "m"
    )
    claims = StanceData(CLAIM_X, ["a claim"] * len(CLAIM_X), CLAIM_Y, ["c"] * len(CLAIM_X))
    monkeypatch.setattr(train_topic_heads, "load_emergent", lambda split: claims)
    argv = ["--model", str(tmp_path / "m"), "--out", str(tmp_path / "out"), "--claim-head-only"]
    argv += ["--claim-encoder-layers", "1", "--claim-epochs", "1"]
    assert train_topic_heads.main(argv) == 0
    before = load_file(tmp_path / "m" / "model.safetensors")
    after = load_file(tmp_path / "out" / "model.safetensors")
    new = sorted(set(after) - set(before))
    assert new and all(k.startswith("claim_head.") for k in new)
    assert any(k.startswith("claim_head.encoder.") for k in new)
    kept = [k for k in before if not k.startswith("claim_head.")]
    assert all(np.array_equal(before[k], after[k]) for k in kept)
    loaded = StanceModel.load(tmp_path / "out")
    assert loaded.claim_head_.config()["encoder"]["layers"] == 1
    assert loaded.card_["topic_heads"]["claim_head_command"].endswith("--claim-epochs 1")


def test_recipe_refuses_claim_head_only_without_a_claim_head(tmp_path):
    from stancekit import train_topic_heads

    argv = ["--model", str(tmp_path), "--claim-head-only", "--no-claim-head"]
    with pytest.raises(SystemExit):
        train_topic_heads.main(argv)
