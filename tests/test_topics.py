import pytest

from stancekit.topics import TOPICS, Topic, resolve_topic, resolve_topics


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("iran_deal", "iran_deal"),
        ("gulf_normalization", "gulf_normalization"),
        (TOPICS["iran_deal"], "iran_deal"),
        ("Hillary Clinton", "Hillary Clinton"),
        ("The US should lift sanctions on Cuba.", "The US should lift sanctions on Cuba."),
        (Topic("trade", "The EU should sign the trade deal."), "trade"),
    ],
)
def test_resolve_topic(given, key):
    assert resolve_topic(given).key == key


@pytest.mark.parametrize(
    ("given", "error", "match"),
    [
        ("iran_dael", ValueError, "unknown topic key 'iran_dael'"),
        ("", ValueError, "non-empty"),
        (3, TypeError, "topic must be"),
        (None, TypeError, "topic must be"),
    ],
)
def test_resolve_topic_errors(given, error, match):
    with pytest.raises(error, match=match):
        resolve_topic(given)


def test_resolve_topics_broadcast_and_length():
    assert [t.key for t in resolve_topics("iran_deal", 3)] == ["iran_deal"] * 3
    with pytest.raises(ValueError, match="as long as texts"):
        resolve_topics(["iran_deal", "gulf_normalization"], 3)


def test_builtin_topics_have_propositions():
    for key, topic in TOPICS.items():
        assert topic.key == key
        assert topic.proposition.endswith(".")
        assert topic.description
