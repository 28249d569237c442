"""Readers for the stance data sets, each returning a :class:`StanceData`."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from stancekit._paths import PACKAGE_DIR, data_dir

LABELS = ("against", "favor", "none")
PSTANCE_TARGETS = {"trump": "Donald Trump", "biden": "Joe Biden", "bernie": "Bernie Sanders"}
EMERGENT_LABELS = {"for": "favor", "against": "against", "observing": "none"}


@dataclass
class StanceData:
    """Parallel lists of texts, topics (target or proposition strings) and labels.

    ``groups`` names the unit that must not be split across train and validation
    (a target, a claim id), and ``source`` names the data set.
    """

    texts: list[str]
    topics: list[str]
    labels: list[str]
    groups: list[str] = field(default_factory=list)
    source: str = ""

    def __len__(self) -> int:
        return len(self.texts)

    def __add__(self, other: StanceData) -> StanceData:
        return StanceData(
            self.texts + other.texts,
            self.topics + other.topics,
            self.labels + other.labels,
            self.groups + other.groups,
            "+".join(s for s in (self.source, other.source) if s),
        )

    def take(self, index: list[int]) -> StanceData:
        """Return the rows at ``index``."""
        return StanceData(
            [self.texts[i] for i in index],
            [self.topics[i] for i in index],
            [self.labels[i] for i in index],
            [self.groups[i] for i in index] if self.groups else [],
            self.source,
        )


def _require(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found; set STANCEKIT_DATA to the folder holding the shared data sets "
            f"(currently {data_dir()})"
        )
    return path


def _check_split(split: str, allowed: tuple[str, ...]) -> None:
    if split not in allowed:
        raise ValueError(f"split must be one of {list(allowed)}; got {split!r}")


def load_semeval(split: str = "train") -> StanceData:
    """SemEval-2016 Task 6A: ``"train"`` (train + trial, 2,914 tweets) or ``"test"`` (1,249).

    The ``#SemST`` marker appended to every tweet is removed.
    """
    _check_split(split, ("train", "test"))
    root = data_dir() / "semeval2016-task6"
    files = (
        ["trainingdata-all-annotations.txt", "trialdata-all-annotations.txt"]
        if split == "train"
        else ["testdata-taskA-all-annotations.txt"]
    )
    out = StanceData([], [], [], [], f"semeval-{split}")
    for name in files:
        with open(_require(root / name), encoding="latin-1", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                text = row["Tweet"].replace("#SemST", "").strip()
                out.texts.append(text)
                out.topics.append(row["Target"].strip())
                out.labels.append(row["Stance"].strip().lower())
                out.groups.append(row["Target"].strip())
    return out


def load_pstance(target: str = "all", split: str = "train") -> StanceData:
    """P-Stance: ``target`` in trump / biden / bernie / all; ``split`` in train / val / test."""
    _check_split(split, ("train", "val", "test"))
    if target != "all" and target not in PSTANCE_TARGETS:
        raise ValueError(f"target must be one of {[*PSTANCE_TARGETS, 'all']}; got {target!r}")
    keys = list(PSTANCE_TARGETS) if target == "all" else [target]
    out = StanceData([], [], [], [], f"pstance-{target}-{split}")
    for key in keys:
        path = _require(data_dir() / "pstance" / f"raw_{split}_{key}.csv")
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out.texts.append(row["Tweet"].strip())
                out.topics.append(row["Target"].strip())
                out.labels.append(row["Stance"].strip().lower())
                out.groups.append(row["Target"].strip())
    return out


def load_emergent(split: str = "train") -> StanceData:
    """Emergent claim vs. headline: for / against / observing as favor / against / none."""
    _check_split(split, ("train", "test"))
    path = _require(data_dir() / "emergent" / f"url-versions-2015-06-14-clean-{split}.csv")
    out = StanceData([], [], [], [], f"emergent-{split}")
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.texts.append(row["articleHeadline"].strip())
            out.topics.append(row["claimHeadline"].strip())
            out.labels.append(EMERGENT_LABELS[row["articleHeadlineStance"].strip()])
            out.groups.append(row["claimId"])
    return out


def load_dna_sample(*, actor: str = "organization") -> StanceData:
    """The Discourse Network Analyzer sample: 40 coded statements on 6 climate-policy concepts.

    Excerpts of US congressional hearing testimony (2005), each coded by hand with a concept (a
    proposition such as "There should be legislation to regulate emissions.") and agreement;
    agree / disagree read as favor / against. The concepts are topics no stancekit training set
    has, so the set measures transfer to unseen topics. ``groups`` holds the coded ``actor``
    ("organization" or "person") of each statement. The annotation row is left out.
    """
    if actor not in ("organization", "person"):
        raise ValueError(f"actor must be 'organization' or 'person'; got {actor!r}")
    path = _require(data_dir() / "dna-sample" / "statements.csv")
    out = StanceData([], [], [], [], "dna-sample")
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["statement_type"] != "DNA Statement":
                continue
            out.texts.append(row["span_text"].strip())
            out.topics.append(row["concept"].strip())
            out.labels.append("favor" if int(row["agreement"]) == 1 else "against")
            out.groups.append(row[actor].strip())
    return out


#: The splits of stancekit's built-in statements (``load_builtin``).
BUILTIN_SPLITS = (
    "train",
    "train2",
    "train3",
    "train4",
    "train5",
    "train6",
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "test",
    "test2",
    "challenge",
)


def load_builtin(split: str = "train", *, text: str = "content") -> StanceData:
    """stancekit's own labelled statements on the built-in topics (shipped with the package).

    Each statement gives one row per built-in topic. ``text`` picks what the model reads:
    ``"content"`` (the attributed content, as the pipeline feeds it) or ``"sentence"``.
    Splits: train to train6 (training), dev to dev4 (selection), test and test2 (final
    reporting), and challenge (a diagnostic set of phrasings the model gets wrong, never trained
    on). train5, dev3 and test2 are mostly statements on other subjects (trade, climate, other
    deals and "normalizations"), `none` for both topics; train6 and dev4 are stances worded
    without the topics' keywords (the shipped heads do not train on train6: tried, not kept);
    see ``BUILTIN_TOPICS.md``.
    """
    _check_split(split, BUILTIN_SPLITS)
    if text not in ("content", "sentence"):
        raise ValueError(f"text must be 'content' or 'sentence'; got {text!r}")
    from stancekit.topics import TOPICS

    path = PACKAGE_DIR / "datasets" / f"builtin_topics_{split}.jsonl"
    out = StanceData([], [], [], [], f"builtin-{split}")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            for key, label in rec["labels"].items():
                out.texts.append(rec[text])
                out.topics.append(TOPICS[key].proposition)
                out.labels.append(label)
                out.groups.append(rec["id"])
    return out


#: Splits of stancekit's proposition set (:func:`load_propositions`).
PROPOSITION_SPLITS = ("train", "dev", "dev2")


def proposition_topics() -> dict[str, dict[str, str]]:
    """The proposition set's subjects: ``{subject: {"a": proposition, "b": proposition,
    "setting": one line}}`` (see ``PROPOSITIONS.md``)."""
    path = PACKAGE_DIR / "datasets" / "propositions_topics.json"
    with open(path, encoding="utf-8") as fh:
        topics: dict[str, dict[str, str]] = json.load(fh)
    return topics


def load_propositions(split: str = "train", *, text: str = "content") -> StanceData:
    """stancekit's proposition set: news statements on many policy subjects, each labelled on
    its subject's two propositions (shipped with the package; ``PROPOSITIONS.md``).

    No subject is a built-in topic or one of the news stories' (:func:`news_story_stances`), so
    the set can teach and measure stance on topics a model has no labels for. Splits: ``"train"``
    (training; 60 subjects) and ``"dev"`` and ``"dev2"`` (selection; six other subjects each,
    written by other hands). Each statement gives two rows; ``groups`` holds the subject.
    ``text``: ``"content"`` (as the pipeline feeds the model) or ``"sentence"``.
    """
    _check_split(split, PROPOSITION_SPLITS)
    if text not in ("content", "sentence"):
        raise ValueError(f"text must be 'content' or 'sentence'; got {text!r}")
    topics = proposition_topics()
    path = PACKAGE_DIR / "datasets" / f"propositions_{split}.jsonl"
    out = StanceData([], [], [], [], f"propositions-{split}")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            for key in ("a", "b"):
                out.texts.append(rec[text])
                out.topics.append(topics[rec["subject"]][key])
                out.labels.append(rec["labels"][key])
                out.groups.append(rec["subject"])
    return out
