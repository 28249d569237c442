"""Recipe step 3's partial refits (``python -m stancekit.train_topic_heads --heads-only``)."""

import numpy as np
import pytest

from stancekit.stances import StanceModel

X = ["we love this plan", "a great plan", "we hate this plan", "an awful plan"] * 15
Y = ["favor", "favor", "against", "against"] * 15
OTHER_X = ["the tax is fair", "fair tax now", "unfair tax", "the tax is a theft"] * 15
OTHER_Y = ["favor", "favor", "against", "against"] * 15


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("heads") / "m"
    model = StanceModel(shared_layers=4)
    model.fit_topic_heads(X + OTHER_X, ["the plan"] * 60 + ["the tax"] * 60, Y + OTHER_Y)
    model.save(folder)
    return folder


def test_heads_only_refits_the_chosen_sets_heads_and_keeps_every_other_tensor(
    saved, tmp_path, monkeypatch
):
    from safetensors.numpy import load_file

    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData

    # new labels for "the plan" (a builtin topic here): its head changes, "the tax" keeps its own
    flipped = ["against" if y == "favor" else "favor" for y in Y]
    data = StanceData(X + OTHER_X, ["the plan"] * 60 + ["the tax"] * 60, flipped + OTHER_Y)
    sets = {
        "semeval": frozenset({"the tax"}),
        "pstance": frozenset(),
        "builtin": frozenset({"the plan"}),
    }
    monkeypatch.setattr(train_topic_heads, "head_training_data", lambda: (data, sets))
    argv = ["--model", str(saved), "--out", str(tmp_path / "out"), "--heads-only", "builtin"]
    assert train_topic_heads.main(argv) == 0
    before = load_file(saved / "model.safetensors")
    after = load_file(tmp_path / "out" / "model.safetensors")
    assert set(before) == set(after)
    changed = {k for k in before if not np.array_equal(before[k], after[k])}
    loaded = StanceModel.load(tmp_path / "out")
    index = list(loaded.topic_heads_.heads).index("the plan")
    assert changed == {f"topic_heads.{index}.coef", f"topic_heads.{index}.intercept"}
    assert loaded.predict(["we love this plan"], "the plan")[0] == "against"
    assert loaded.predict(["fair tax now"], "the tax")[0] == "favor"
    card = loaded.card_["topic_heads"]
    assert card["heads_refitted"] == ["builtin"]
    assert "--heads-only builtin" in card["heads_command"]
    # each head records its C (--builtin-C defaults to --C); the others keep theirs
    heads = loaded.topic_heads_
    assert heads.heads["the plan"].C == heads.heads["the tax"].C == heads.C == 0.3
    argv = [*argv[:3], str(tmp_path / "out2"), "--heads-only", "builtin", "--builtin-C", "2"]
    assert train_topic_heads.main(argv) == 0
    heads = StanceModel.load(tmp_path / "out2").topic_heads_
    assert (heads.heads["the plan"].C, heads.heads["the tax"].C, heads.C) == (2.0, 0.3, 0.3)


@pytest.mark.parametrize(
    "extra",
    [["--claim-head-only"], ["--topic-encoder-only"], ["--ngram-only"], ["--no-claim-head"]],
)
def test_heads_only_refuses_conflicting_flags(tmp_path, extra):
    from stancekit import train_topic_heads

    with pytest.raises(SystemExit):
        train_topic_heads.main(["--model", str(tmp_path), "--heads-only", "builtin", *extra])


def test_heads_only_needs_a_model_with_heads(tmp_path, monkeypatch):
    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData

    StanceModel(shared_layers=4).save(tmp_path / "bare")
    data = StanceData(X, ["the plan"] * 60, Y)
    sets = {"semeval": frozenset(), "pstance": frozenset(), "builtin": frozenset({"the plan"})}
    monkeypatch.setattr(train_topic_heads, "head_training_data", lambda: (data, sets))
    with pytest.raises(SystemExit, match="no topic heads"):
        train_topic_heads.main(["--model", str(tmp_path / "bare"), "--heads-only", "builtin"])


def test_builtin_stories_flag_adds_the_story_rows_to_the_heads_data(saved, tmp_path, monkeypatch):
    from stancekit import train_topic_heads
    from stancekit.datasets import StanceData

    calls = []
    data = StanceData(X + OTHER_X, ["the plan"] * 60 + ["the tax"] * 60, Y + OTHER_Y)
    sets = {"semeval": frozenset({"the tax"}), "pstance": frozenset(), "builtin": frozenset()}

    def fake(builtin_stories=False):
        calls.append(builtin_stories)
        return data, sets

    monkeypatch.setattr(train_topic_heads, "head_training_data", fake)
    argv = ["--model", str(saved), "--out", str(tmp_path / "o"), "--heads-only", "semeval"]
    assert train_topic_heads.main([*argv, "--builtin-stories"]) == 0
    card = StanceModel.load(tmp_path / "o").card_["topic_heads"]
    assert calls == [True] and train_topic_heads.STORIES_DATA in card["data"]
    assert train_topic_heads.main(argv) == 0
    assert calls == [True, False]


def test_head_training_data_with_the_builtin_stories():
    from stancekit.datasets import load_builtin_stories, news_story_stances
    from stancekit.train_topic_heads import head_training_data

    plain, _ = head_training_data()
    more, sets = head_training_data(True)
    stories = news_story_stances(load_builtin_stories("train"))
    assert len(more) == len(plain) + len(stories)
    assert set(stories.topics) <= sets["builtin"]
