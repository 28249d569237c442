import csv
import json

import pytest
import torch

from stancekit.cli import main
from stancekit.datasets import load_file
from stancekit.stances import StanceModel

ROWS = [
    ("A truce now would save lives.", "Ceasefire in Gaza", "SUPPORT"),
    ("Stop the shooting and talk.", "Ceasefire in Gaza", "support"),
    ("A pause only helps them rearm.", "Ceasefire in Gaza", "Oppose"),
    ("No truce until they surrender.", "Ceasefire in Gaza", "oppose"),
    ("The tariffs go away, good for farmers.", "the trade deal", "support"),
    ("This deal sells out our workers.", "the trade deal", "oppose"),
] * 2


def _write(path, rows, cols=("tweet", "target", "stance")):
    if path.suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(cols)
            writer.writerows(rows)
    else:
        path.write_text(
            "".join(json.dumps(dict(zip(cols, r))) + "\n" for r in rows), encoding="utf-8"
        )
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return StanceModel(shared_layers=5).save(tmp_path_factory.mktemp("base") / "fresh")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_load_file_reads_csv_and_jsonl(tmp_path, suffix):
    data = load_file(
        _write(tmp_path / f"d{suffix}", ROWS),
        text_col="tweet",
        topic_col="target",
        label_col="stance",
    )
    assert len(data) == 12
    assert data.texts[0] == ROWS[0][0]
    assert data.topics[4] == "the trade deal"
    assert data.labels[:4] == ["support", "support", "oppose", "oppose"]


def test_load_file_one_topic_for_all(tmp_path):
    path = _write(tmp_path / "d.csv", ROWS)
    data = load_file(path, text_col="tweet", topic="a ceasefire", label_col="stance")
    assert set(data.topics) == {"a ceasefire"}


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"text_col": "text"}, r"text column 'text' not found in d.csv; columns found: \['tweet'"),
        (
            {"topic_col": "topic"},
            r"topic column 'topic' not found .* \['tweet', 'target', 'stance'\]",
        ),
        ({"label_col": "label"}, r"label column 'label' not found"),
        ({"topic": "x"}, "exactly one of topic_col"),
    ],
)
def test_load_file_column_errors(tmp_path, kwargs, match):
    path = _write(tmp_path / "d.csv", ROWS)
    args = {"text_col": "tweet", "topic_col": "target", "label_col": "stance"} | kwargs
    with pytest.raises(ValueError, match=match):
        load_file(path, **args)


def test_load_file_rejects_other_formats_and_empty_labels(tmp_path):
    (tmp_path / "d.xlsx").write_text("x")
    with pytest.raises(ValueError, match="unsupported data file type '.xlsx'"):
        load_file(tmp_path / "d.xlsx", topic="t")
    path = _write(tmp_path / "e.jsonl", [("text", "topic", "")])
    with pytest.raises(ValueError, match="row 1: empty label in column 'stance'"):
        load_file(path, text_col="tweet", topic_col="target", label_col="stance")


def test_cli_wrong_column_lists_columns(tmp_path, base, capsys):
    path = _write(tmp_path / "d.jsonl", ROWS)
    code = main(["evaluate", str(path), "--model", str(base), "--text-col", "text", "--topic", "t"])
    assert code == 2
    err = capsys.readouterr().err
    assert "stancekit evaluate: error: text column 'text' not found" in err
    assert "['tweet', 'target', 'stance']" in err


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_cli_finetune_then_evaluate(tmp_path, base, capsys, suffix):
    path = _write(tmp_path / f"d{suffix}", ROWS)
    cols = ["--text-col", "tweet", "--topic-col", "target", "--label-col", "stance"]
    out = tmp_path / "model"
    code = main(
        ["finetune", str(path), *cols, "--out", str(out), "--base", str(base), "--seed", "1"]
    )
    assert code == 0
    assert "head mode" in capsys.readouterr().out
    config = json.loads((out / "config.json").read_text())
    assert config["classes"] == ["oppose", "support"]
    assert config["training_options"]["mode"] == "head"
    assert config["training_options"]["seed"] == 1
    assert set(config["versions"]) >= {"stancekit", "torch", "transformers"}
    assert f"d{suffix}: 12 rows" in (out / "README.md").read_text()

    assert main(["evaluate", str(path), *cols, "--model", str(out)]) == 0
    text = capsys.readouterr().out
    for needle in ("precision", "macro-F1", "F_avg", "n/a", "Confusion matrix", "oppose"):
        assert needle in text

    assert main(["evaluate", str(path), *cols, "--model", str(out), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["labels"] == ["oppose", "support"]
    assert report["f_avg"] is None
    assert report["per_class"]["support"]["support"] == 6
    assert sum(map(sum, report["confusion"])) == 12
    assert 0.0 <= report["macro_f1"] <= 1.0


def test_cli_finetune_options_file_and_flags(tmp_path, base, capsys):
    path = _write(tmp_path / "d.csv", ROWS)
    opts = tmp_path / "opts.json"
    opts.write_text(json.dumps({"mode": "head", "epochs": 5, "seed": 3}))
    out = tmp_path / "m"
    args = ["finetune", str(path), "--text-col", "tweet", "--topic", "a topic"]
    args += ["--label-col", "stance", "--out", str(out), "--base", str(base)]
    assert main([*args, "--options", str(opts), "--epochs", "4"]) == 0
    saved = json.loads((out / "config.json").read_text())["training_options"]
    assert (saved["epochs"], saved["seed"]) == (4, 3)
    assert main([*args, "--epochs", "0"]) == 2
    assert "TrainingOptions.epochs must be" in capsys.readouterr().err


def test_cli_topic_and_topic_col_are_exclusive(tmp_path):
    with pytest.raises(SystemExit):
        main(["evaluate", "d.csv", "--topic", "t", "--topic-col", "target"])


CLAIM_ROWS = [
    ("Apple sells 19 million watches", "Apple sold 19 million watches", "favor"),
    ("Apple reportedly sold 19 million watches", "Apple sold 19 million watches", "none"),
    ("The watch sales story is a hoax", "Apple sold 19 million watches", "against"),
    ("Rumour: Apple may have sold 19 million", "Apple sold 19 million watches", "none"),
] * 3


def test_cli_evaluate_reads_claims_with_the_claim_head(tmp_path, capsys):
    torch.manual_seed(0)  # the untrained joint classifier is drawn at random
    model = StanceModel(shared_layers=5)
    model.fit_claim_head([r[0] for r in CLAIM_ROWS], [r[2] for r in CLAIM_ROWS])
    folder = model.save(tmp_path / "m")
    path = _write(tmp_path / "claims.csv", CLAIM_ROWS)
    cols = ["--text-col", "tweet", "--topic-col", "target", "--label-col", "stance"]
    args = ["evaluate", str(path), *cols, "--model", str(folder), "--format", "json"]
    reports = {}
    for flag in ([], ["--claims"]):
        assert main([*args, *flag]) == 0
        reports[bool(flag)] = json.loads(capsys.readouterr().out)
    assert reports[True]["accuracy"] == 1.0  # the cue words decide these toy rows
    assert reports[False]["accuracy"] < 1.0  # an untrained joint model alone does not


def test_cli_finetune_claims_refits_the_claim_head(tmp_path, capsys):
    torch.manual_seed(0)  # the untrained joint classifier is drawn at random
    base = StanceModel(shared_layers=4).save(tmp_path / "base")
    path = _write(tmp_path / "claims.csv", CLAIM_ROWS)
    cols = ["--text-col", "tweet", "--topic-col", "target", "--label-col", "stance"]
    out = tmp_path / "m"
    argv = ["finetune", str(path), *cols, "--claims", "--base", str(base), "--out", str(out)]
    argv += ["--claim-encoder-layers", "1", "--epochs", "2", "--validation", str(path)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "claim head refitted (1 encoder layers), 2 epochs" in printed
    assert "accuracy: 1.0000" in printed  # the cue words decide these toy rows
    model = StanceModel.load(out)
    assert model.claim_head_.n_train_ == len(CLAIM_ROWS)
    assert model.claim_head_.config()["encoder"]["layers"] == 1
    assert "claim head refitted" in model.card_["summary"]


@pytest.mark.parametrize(
    ("flags", "match"),
    [
        (["--mode", "full"], "not --mode"),
        (["--batch-size", "8", "--validation-split", "0.1"], "--batch-size, --validation-split"),
    ],
)
def test_cli_finetune_claims_refuses_joint_flags(tmp_path, capsys, flags, match):
    path = _write(tmp_path / "claims.csv", CLAIM_ROWS)
    cols = ["--text-col", "tweet", "--topic-col", "target", "--label-col", "stance"]
    argv = ["finetune", str(path), *cols, "--claims", "--out", str(tmp_path / "m"), *flags]
    assert main(argv) == 2
    assert match in capsys.readouterr().err


PLAN_ROWS = [
    (text, "the plan", label)
    for text, label in zip(
        ["we love this plan", "a great plan", "superb plan", "we hate this plan", "awful plan"],
        ["favor", "favor", "favor", "against", "against"],
    )
] * 12


def test_cli_finetune_heads_fits_topic_heads_and_a_topic_encoder(tmp_path, capsys):
    torch.manual_seed(0)  # the untrained joint classifier is drawn at random
    base = StanceModel(shared_layers=4).save(tmp_path / "base")
    path = _write(tmp_path / "plan.csv", PLAN_ROWS)
    cols = ["--text-col", "tweet", "--topic-col", "target", "--label-col", "stance"]
    out = tmp_path / "m"
    argv = ["finetune", str(path), *cols, "--heads", "--base", str(base), "--out", str(out)]
    argv += ["--topic-encoder-layers", "1", "--epochs", "2", "--validation", str(path)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "topic heads for 1 topics, 1 topic encoder layers, 2 epochs" in printed
    assert "f_avg: 1.0000" in printed
    model = StanceModel.load(out)
    assert model.topic_heads_.heads["the plan"].n_train == len(PLAN_ROWS)
    assert list(model.topic_heads_.encoder_topics_) == ["the plan"]
    assert model.topic_heads_.config()["encoder"]["epochs"] == 2
    assert "topic heads for 1 topics" in model.card_["summary"]


def test_cli_finetune_heads_ngram_fits_ngram_heads(tmp_path, capsys):
    base = StanceModel(shared_layers=4).save(tmp_path / "base")
    path = _write(tmp_path / "plan.csv", PLAN_ROWS)
    cols = ["--text-col", "tweet", "--topic-col", "target", "--label-col", "stance"]
    out = tmp_path / "m"
    argv = ["finetune", str(path), *cols, "--heads", "--ngram", "--base", str(base)]
    assert main([*argv, "--out", str(out)]) == 0
    assert "0 topic encoder layers, n-gram heads" in capsys.readouterr().out
    model = StanceModel.load(out)
    assert model.ngram_heads_.heads["the plan"].n_train == len(PLAN_ROWS)
    assert model.ngram_heads_.heads["the plan"].classes == ["against", "favor"]


@pytest.mark.parametrize(
    ("flags", "rows", "match"),
    [
        (["--heads", "--mode", "full"], PLAN_ROWS, "--heads fits topic heads only; .* not --mode"),
        (["--heads", "--claims"], PLAN_ROWS, "--claims and --heads exclude each other"),
        (["--topic-encoder-layers", "2"], PLAN_ROWS, "--topic-encoder-layers needs --heads"),
        (["--ngram"], PLAN_ROWS, "--ngram needs --heads"),
        (["--heads"], PLAN_ROWS[:20], r"at least 50 rows .* \{'the plan': 20\}"),
    ],
)
def test_cli_finetune_heads_errors(tmp_path, capsys, flags, rows, match):
    import re

    base = StanceModel(shared_layers=4).save(tmp_path / "base")
    path = _write(tmp_path / "plan.csv", rows)
    cols = ["--text-col", "tweet", "--topic-col", "target", "--label-col", "stance"]
    argv = ["finetune", str(path), *cols, "--base", str(base), "--out", str(tmp_path / "m")]
    assert main([*argv, *flags]) == 2
    assert re.search(match, capsys.readouterr().err)


@pytest.mark.parametrize(("given", "layers"), [(None, 4), (0, 0), (1, 1)])
def test_finetune_claims_defaults_to_the_shipped_claim_encoder(given, layers):
    import argparse

    from stancekit.cli import _claim_layers
    from stancekit.stances.claim_head import RECIPE_ENCODER_LAYERS

    assert RECIPE_ENCODER_LAYERS == 4
    assert _claim_layers(argparse.Namespace(claim_encoder_layers=given)) == layers
