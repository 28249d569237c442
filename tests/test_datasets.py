import json

import pytest

from stancekit._paths import PACKAGE_DIR
from stancekit.datasets import BUILTIN_SPLITS, load_builtin
from stancekit.topics import TOPICS

SPLITS = BUILTIN_SPLITS


def _records(split):
    path = PACKAGE_DIR / "datasets" / f"builtin_topics_{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("split", SPLITS)
def test_builtin_records_are_well_formed(split):
    for rec in _records(split):
        assert rec["content"] in rec["sentence"], rec["id"]
        assert rec["speaker"] in rec["sentence"], rec["id"]
        assert set(rec["labels"]) == set(TOPICS), rec["id"]
        assert set(rec["labels"].values()) <= {"favor", "against", "none"}, rec["id"]


@pytest.mark.parametrize(
    ("split", "text"), [(s, t) for s in SPLITS for t in ("content", "sentence")]
)
def test_load_builtin_gives_one_row_per_statement_and_topic(split, text):
    records = _records(split)
    data = load_builtin(split, text=text)
    assert len(data) == len(TOPICS) * len(records)
    assert set(data.topics) == {t.proposition for t in TOPICS.values()}
    assert data.texts[0] == records[0][text]


def test_no_recipe_trains_on_the_selection_test_or_challenge_splits():
    from stancekit.train import BUILTIN_TRAIN_SPLITS
    from stancekit.train_topic_heads import BUILTIN_HEAD_SPLITS

    for splits in (BUILTIN_TRAIN_SPLITS, BUILTIN_HEAD_SPLITS):
        assert set(splits) <= {"train", "train2", "train3", "train4", "train5", "train6"}


def test_every_builtin_file_is_a_split():
    files = {p.name for p in (PACKAGE_DIR / "datasets").glob("builtin_topics_*.jsonl")}
    assert files == {f"builtin_topics_{s}.jsonl" for s in SPLITS}


def test_builtin_ids_are_unique_across_splits():
    ids = [rec["id"] for split in SPLITS for rec in _records(split)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"split": "validation"}, "split must be one of"), ({"text": "speaker"}, "text must be")],
)
def test_load_builtin_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_builtin(**kwargs)


@pytest.mark.parametrize(
    ("actor", "first_group", "n_groups"),
    [("organization", "Energy and Environmental Analysis, Inc.", 7), ("person", None, 7)],
)
def test_load_dna_sample(actor, first_group, n_groups):
    from stancekit.datasets import load_dna_sample

    data = load_dna_sample(actor=actor)
    assert len(data) == 40  # the annotation row is left out
    assert data.labels.count("favor") == 29 and data.labels.count("against") == 11
    assert len(set(data.topics)) == 6
    assert len(set(data.groups)) == n_groups
    if first_group is not None:
        assert data.groups[0] == first_group
    assert all(t.strip() == t and t for t in data.texts)


def test_load_dna_sample_rejects_an_unknown_actor_column():
    from stancekit.datasets import load_dna_sample

    with pytest.raises(ValueError, match="actor must be 'organization' or 'person'; got 'coder'"):
        load_dna_sample(actor="coder")


def test_news_stories_load_and_hold_their_contents() -> None:
    from stancekit.datasets import STORIES, load_news_stories, news_story_stances

    stories = load_news_stories()
    assert [s.name for s in stories] == list(STORIES)
    for story in stories:
        assert len(story.topics) == 2 and story.statements
        for s in story.statements:
            assert s["content"] in story.text
            assert set(s["stances"]) == set(story.topics)
    data = news_story_stances(stories[:1])
    assert len(data) == 2 * len(stories[0].statements)
    assert set(data.labels) <= {"favor", "against", "none"}
    assert set(data.groups) == {stories[0].name}


@pytest.mark.parametrize("names", [["brexit"], "ukraine_aid", ("ukraine_aid", "nope")])
def test_news_stories_bad_names(names: object) -> None:
    from stancekit.datasets import load_news_stories

    with pytest.raises(ValueError, match="names must be a list of"):
        load_news_stories(names)  # type: ignore[arg-type]


def _proposition_records(split):
    path = PACKAGE_DIR / "datasets" / f"propositions_{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize(("split", "subjects"), [("train", 60), ("dev", 6), ("dev2", 6)])
def test_proposition_records_are_well_formed(split, subjects):
    from stancekit.datasets import proposition_topics

    topics = proposition_topics()
    records = _proposition_records(split)
    assert len({r["subject"] for r in records}) == subjects
    assert len(records) == 24 * subjects
    for rec in records:
        assert rec["subject"] in topics, rec["id"]
        assert rec["content"] in rec["sentence"], rec["id"]
        assert rec["speaker"] in rec["sentence"], rec["id"]
        assert set(rec["labels"]) == {"a", "b"}, rec["id"]
        assert set(rec["labels"].values()) <= {"favor", "against", "none"}, rec["id"]


@pytest.mark.parametrize(("split", "text"), [("train", "content"), ("dev2", "sentence")])
def test_load_propositions_gives_two_rows_per_statement(split, text):
    from stancekit.datasets import load_propositions, proposition_topics

    records = _proposition_records(split)
    data = load_propositions(split, text=text)
    assert len(data) == 2 * len(records)
    first = proposition_topics()[records[0]["subject"]]
    assert data.texts[:2] == [records[0][text]] * 2
    assert data.topics[:2] == [first["a"], first["b"]]
    assert data.labels[:2] == [records[0]["labels"]["a"], records[0]["labels"]["b"]]
    assert data.groups[:2] == [records[0]["subject"]] * 2


def test_proposition_splits_share_no_subject_and_no_topic_with_other_sets():
    from stancekit.datasets import (
        PROPOSITION_SPLITS,
        load_propositions,
        news_story_stances,
        proposition_topics,
    )

    by_split = {s: set(load_propositions(s).groups) for s in PROPOSITION_SPLITS}
    assert not by_split["train"] & by_split["dev"] and not by_split["dev"] & by_split["dev2"]
    assert not by_split["train"] & by_split["dev2"]
    props = [p for t in proposition_topics().values() for p in (t["a"], t["b"])]
    assert len(props) == len(set(props))
    others = {t.proposition for t in TOPICS.values()} | set(news_story_stances().topics)
    assert not set(props) & others
    ids = [r["id"] for s in PROPOSITION_SPLITS for r in _proposition_records(s)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"split": "test"}, "split must be one of"), ({"text": "speaker"}, "text must be")],
)
def test_load_propositions_errors(kwargs, match):
    from stancekit.datasets import load_propositions

    with pytest.raises(ValueError, match=match):
        load_propositions(**kwargs)


@pytest.mark.parametrize(("split", "n"), [("train", 18), ("dev", 3)])
def test_proposition_stories_load_and_are_coded_on_their_own_subjects(split, n):
    from stancekit.datasets import (
        PROPOSITION_STORIES,
        load_proposition_stories,
        news_story_stances,
        proposition_topics,
    )

    stories = load_proposition_stories(split)
    assert [s.name for s in stories] == list(PROPOSITION_STORIES[split]) and len(stories) == n
    for story in stories:
        assert len(story.topics) == 2 and len(story.statements) >= 20
        for s in story.statements:
            assert s["content"] in story.text
    topics = set(news_story_stances(stories).topics)
    others = set(news_story_stances().topics) | {t.proposition for t in TOPICS.values()}
    others |= {p for t in proposition_topics().values() for p in (t["a"], t["b"])}
    assert len(topics) == 2 * n and not topics & others


def test_proposition_story_splits_are_disjoint_and_bad_splits_refused():
    from stancekit.datasets import PROPOSITION_STORIES, load_proposition_stories

    assert not set(PROPOSITION_STORIES["train"]) & set(PROPOSITION_STORIES["dev"])
    with pytest.raises(ValueError, match="split must be one of"):
        load_proposition_stories("test")


@pytest.mark.parametrize(("split", "n"), [("train", 12), ("dev", 3)])
def test_builtin_stories_load_and_are_coded_on_the_builtin_topics(split, n):
    from stancekit.datasets import (
        BUILTIN_STORIES,
        STORIES,
        load_builtin_stories,
        news_story_stances,
    )

    stories = load_builtin_stories(split)
    assert [s.name for s in stories] == list(BUILTIN_STORIES[split]) and len(stories) == n
    assert not {s.name for s in stories} & set(STORIES)
    builtin = {t.proposition for t in TOPICS.values()}
    for story in stories:
        assert set(story.topics) == builtin and len(story.statements) >= 20
    data = news_story_stances(stories)
    assert set(data.topics) == builtin and set(data.labels) == {"favor", "against", "none"}


def test_builtin_story_splits_are_disjoint_and_bad_splits_refused():
    from stancekit.datasets import BUILTIN_STORIES, load_builtin_stories

    assert not set(BUILTIN_STORIES["train"]) & set(BUILTIN_STORIES["dev"])
    with pytest.raises(ValueError, match="split must be one of"):
        load_builtin_stories("test")
