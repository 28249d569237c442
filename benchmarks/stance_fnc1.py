"""FNC-1 competition test, as transfer: stance of an article body towards a headline.

Labels: agree / disagree / discuss / unrelated (25,413 pairs, 894 headlines, 904 bodies). The
official training labels are not available here, so nothing is trained or tuned on FNC-1: the
stance systems were trained on other data (stancekit's recipe; the baselines on Emergent train,
the closest task: claim vs. headline) and their labels are mapped by a fixed rule.

Metrics
-------
- FNC score, exactly as the official scorer (``fnc-1/scorer.py``): +0.25 for each pair whose
  related / unrelated decision is right; +0.75 more for the right agree / disagree / discuss label
  on a related pair. Reported as a share of the maximum score (all pairs right).
- Macro-F1 over the four classes (Hanselowski et al. 2018), per-class F1, accuracy.

Mapping rule (fixed before looking at the test set)
---------------------------------------------------
1. Relevance: the cosine similarity of the headline's all-MiniLM-L6-v2 embedding with that of the
   body's most similar sentence. A pair is *related* when it is >= tau. tau is picked on Emergent
   **train** (no FNC-1 data): each (claim, article headline) pair against a (claim, headline of
   another claim) pair, tau maximizing accuracy on these balanced pairs.
2. Stance of a related pair: the system reads the body's lead (its first 100 words; the model
   truncates at its own token limit) with the headline as the topic; favor -> agree,
   against -> disagree, none -> discuss (Emergent's "observing" = FNC's "discuss"). stancekit
   reads each headline as a claim (``Topic(kind="claim")``: its claim head, fitted on Emergent
   train headlines, joins the joint model); the row "claims read as positions" is the same
   model without the claim head.
Ablation "model only" (``--ablation``; the model then reads all pairs, about 3x the time): no
relevance step; the model's none -> unrelated, favor -> agree, against -> disagree (it can then
never say discuss).

Overlap: FNC-1 derives from Emergent, and about 380 of its 894 test headlines are, verbatim,
article headlines of Emergent train (the texts the model and the baselines trained on; there they
were read against a claim, here a body is read against them). Every score is also reported on the
"clean" subset of pairs whose headline is no Emergent train string.

Baselines (no FNC-1 labels): all unrelated (the majority class of FNC-1's published training
distribution); the relevance rule with every related pair "discuss"; the relevance rule with
TF-IDF + LinearSVC or MiniLM + LogReg trained on Emergent train as the stance step.

Published (supervised on FNC-1's 49,972 training pairs, so not comparable; from Hanselowski et
al. 2018, not re-checked here): FNC score SOLAT in the SWEN 82.02, Athene 81.97, UCL Machine
Reading 81.72; the organizers' feature baseline 75.20; macro-F1 of these about 58-60.

Run from the repo root: ``python -m benchmarks.stance_fnc1 [--model DIR] [--limit N]``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence

import numpy as np

from benchmarks._baselines import CachedEncoder, EmbeddingLR, TfidfSVM
from benchmarks._common import (
    BenchmarkRun,
    base_parser,
    load_model,
    print_table,
    sample_rows,
    timed,
)

NAME = "stance_fnc1"
FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = ("agree", "disagree", "discuss")
STANCE_TO_FNC = {"favor": "agree", "against": "disagree", "none": "discuss"}
MODEL_ONLY = {"favor": "agree", "against": "disagree", "none": "unrelated"}
LEAD_WORDS = 100
PUBLISHED = {
    "SOLAT in the SWEN (FNC score, supervised)": 82.02,
    "Athene (FNC score, supervised)": 81.97,
    "UCL Machine Reading (FNC score, supervised)": 81.72,
    "FNC-1 feature baseline (FNC score, supervised)": 75.20,
}


# ---------------------------------------------------------------------------- scoring
def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """The official FNC-1 score and its maximum, as ``fnc-1/scorer.py`` computes them.

    Examples
    --------
    >>> fnc_score(["agree", "unrelated"], ["discuss", "unrelated"])
    (0.5, 1.25)
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold and pred must have equal lengths; got {len(gold)} and {len(pred)}")
    score = best = 0.0
    for g, p in zip(gold, pred):
        if g == p:
            score += 0.25
            if g != "unrelated":
                score += 0.50
        if g in RELATED and p in RELATED:
            score += 0.25
        best += 0.25 if g == "unrelated" else 1.0
    return score, best


def fnc_report(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """FNC score (raw, maximum, relative), macro-F1 over 4 classes, per-class F1, confusion."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    score, best = fnc_score(gold, pred)
    f1 = f1_score(gold, pred, labels=list(FNC_LABELS), average=None, zero_division=0)
    related_true = [g != "unrelated" for g in gold]
    related_pred = [p != "unrelated" for p in pred]
    return {
        "fnc_score": score / best if best else 0.0,
        "fnc_score_raw": score,
        "fnc_score_max": best,
        "macro_f1": float(np.mean(f1)),
        "f1": dict(zip(FNC_LABELS, f1.tolist())),
        "accuracy": float(accuracy_score(gold, pred)),
        "related_accuracy": float(accuracy_score(related_true, related_pred)),
        "n": len(gold),
        "confusion": {
            "labels": list(FNC_LABELS),
            "rows_true_cols_pred": confusion_matrix(gold, pred, labels=list(FNC_LABELS)),
        },
    }


# ---------------------------------------------------------------------------- data
def load_fnc1() -> tuple[list[str], list[str], list[str], list[str]]:
    """Competition test pairs: (headlines, body ids, bodies, stances), read from the shared data."""
    from stancekit._paths import data_dir

    root = data_dir() / "fnc-1"
    for name in ("competition_test_stances.csv", "competition_test_bodies.csv"):
        if not (root / name).is_file():
            raise FileNotFoundError(f"{root / name} not found; set STANCEKIT_DATA")
    with open(root / "competition_test_bodies.csv", encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    heads, ids, texts, stances = [], [], [], []
    with open(root / "competition_test_stances.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            heads.append(row["Headline"].strip())
            ids.append(row["Body ID"])
            texts.append(bodies[row["Body ID"]])
            stances.append(row["Stance"].strip())
    return heads, ids, texts, stances


def lead(body: str, n_words: int = LEAD_WORDS) -> str:
    """The first ``n_words`` words of ``body`` (whitespace normalized)."""
    return " ".join(body.split()[:n_words])


def sentences(body: str) -> list[str]:
    """Sentences of ``body`` (split after . ! ? and at line breaks); at least the whole body."""
    parts = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", body)]
    parts = [s for s in parts if len(s.split()) >= 3]
    return parts or [body.strip() or "."]


# ---------------------------------------------------------------------------- relevance
def max_sentence_similarity(
    encoder: CachedEncoder, heads: Sequence[str], bodies: Sequence[str]
) -> np.ndarray:
    """Cosine of each headline with the most similar sentence of its body."""
    body_sents = {b: sentences(b) for b in dict.fromkeys(bodies)}
    encoder([s for ss in body_sents.values() for s in ss])
    head_emb = encoder(list(heads))
    out = np.empty(len(heads))
    for i, (h, b) in enumerate(zip(head_emb, bodies)):
        out[i] = float((encoder(body_sents[b]) @ h).max())
    return out


def pick_relevance_threshold(encoder: CachedEncoder, seed: int = 0) -> dict:
    """tau maximizing accuracy on Emergent train: own-claim vs. other-claim headline pairs."""
    from stancekit.datasets import load_emergent

    data = load_emergent("train")
    rng = np.random.default_rng(seed)
    other = []
    for g in data.groups:
        j = int(rng.integers(len(data)))
        while data.groups[j] == g:
            j = int(rng.integers(len(data)))
        other.append(data.texts[j])
    claims = encoder(data.topics)
    pos = np.einsum("ij,ij->i", claims, encoder(data.texts))
    neg = np.einsum("ij,ij->i", claims, encoder(other))
    scores = np.concatenate([pos, neg])
    truth = np.concatenate([np.ones(len(pos), bool), np.zeros(len(neg), bool)])
    cands = np.unique(scores)
    acc = [float(np.mean((scores >= c) == truth)) for c in cands]
    best = int(np.argmax(acc))
    return {
        "tau": float(cands[best]),
        "train_accuracy": acc[best],
        "picked_on": "Emergent train: claim vs. own article headline (related) and vs. a headline "
        "of another claim (unrelated), balanced, seed 0",
        "n_pairs": len(scores),
    }


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def to_fnc(stance: Sequence[str], related: np.ndarray) -> list[str]:
    """favor / against / none -> agree / disagree / discuss on related pairs, else unrelated."""
    return [STANCE_TO_FNC[s] if r else "unrelated" for s, r in zip(stance, related)]


# ---------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see ``--help``."""
    parser = base_parser(__doc__)
    parser.add_argument(
        "--ablation",
        action="store_true",
        help="also run the model on every pair (not only the related ones) for the "
        "'model only' ablation (about 3x the model time)",
    )
    args = parser.parse_args(argv)
    run = BenchmarkRun(args.name or NAME, vars(args), limit=args.limit)
    from stancekit import Topic
    from stancekit.datasets import load_emergent

    heads, ids, bodies, gold = load_fnc1()
    rows = sample_rows(len(gold), args.limit)
    heads, ids, bodies, gold = ([x[i] for i in rows] for x in (heads, ids, bodies, gold))
    leads = [lead(b) for b in bodies]

    encoder = CachedEncoder(batch_size=args.batch_size)
    thr, sec_thr = timed(pick_relevance_threshold, encoder)
    print(f"relevance tau = {thr['tau']:.4f} (Emergent train accuracy {thr['train_accuracy']:.3f})")
    sim, sec_sim = timed(max_sentence_similarity, encoder, heads, bodies)
    related = sim >= thr["tau"]

    model, info = load_model(args.model)
    # The model reads the related pairs only (all pairs with --ablation). Pairs sharing a body
    # sit together, so the model's per-text cache is reused.
    scored = np.arange(len(gold)) if args.ablation else np.flatnonzero(related)
    order = sorted(scored.tolist(), key=lambda i: ids[i])
    claims = {h: Topic(key=h, proposition=h, kind="claim") for h in set(heads)}

    def read(as_claims: bool) -> tuple[list[str], float]:
        topics = [claims[heads[i]] if as_claims else heads[i] for i in order]
        proba, sec = timed(
            model.predict_proba, [leads[i] for i in order], topics, batch_size=args.batch_size
        )
        out = ["none"] * len(gold)
        for i, p in zip(order, model.classes_[np.asarray(proba).argmax(axis=1)].tolist()):
            out[i] = p
        return out, sec

    stance, sec_model = read(as_claims=True)
    stance_pos, sec_pos = read(as_claims=False)
    systems: dict[str, dict] = {
        "stancekit (relevance rule + model)": {
            "pred": to_fnc(stance, related),
            "seconds": sec_model + sec_sim,
        },
        "stancekit, claims read as positions (relevance rule + model)": {
            "pred": to_fnc(stance_pos, related),
            "seconds": sec_pos + sec_sim,
        },
        "all unrelated (majority)": {"pred": ["unrelated"] * len(gold), "seconds": 0.0},
        "relevance rule + all discuss": {
            "pred": to_fnc(["none"] * len(gold), related),
            "seconds": sec_sim,
        },
    }
    if args.ablation:
        systems["stancekit, model only (none -> unrelated)"] = {
            "pred": [MODEL_ONLY[s] for s in stance],
            "seconds": sec_model,
        }
    em_full = load_emergent("train")
    seen = {_norm(t) for t in em_full.texts} | {_norm(t) for t in em_full.topics}
    if not args.no_baselines:
        em = em_full
        if args.limit is not None:
            em = em.take(sample_rows(len(em), 4 * args.limit))
        for name, system in (
            ("TF-IDF + LinearSVC", TfidfSVM()),
            ("MiniLM emb. + LogReg", EmbeddingLR(encoder)),
        ):
            _, sec_fit = timed(system.fit, em.texts, em.topics, em.labels)
            pred, sec_pred = timed(system.predict, leads, heads)
            systems[f"relevance rule + {name} (Emergent train)"] = {
                "pred": to_fnc(pred, related),
                "seconds": sec_fit + sec_pred + sec_sim,
            }

    clean = [i for i, h in enumerate(heads) if _norm(h) not in seen]
    overlap = {
        "pairs_with_headline_in_emergent_train": len(gold) - len(clean),
        "headlines_in_emergent_train": len({_norm(h) for h in heads} & seen),
        "note": "FNC-1 derives from Emergent: many FNC headlines are Emergent train article "
        "headlines (the texts the model and the baselines trained on). 'clean' scores use only "
        "the pairs whose headline is not an Emergent train string.",
    }
    scores, table = {}, []
    for name, res in systems.items():
        rep = fnc_report(gold, res["pred"])
        rep["seconds"] = res["seconds"]
        sub = fnc_report([gold[i] for i in clean], [res["pred"][i] for i in clean])
        rep["clean_subset"] = {k: sub[k] for k in ("fnc_score", "macro_f1", "f1", "n")}
        scores[name] = rep
        table.append(
            {
                "system": name,
                "FNC score": rep["fnc_score"],
                "macro-F1": rep["macro_f1"],
                **{f"F1 {c}": rep["f1"][c] for c in FNC_LABELS},
                "rel. acc": rep["related_accuracy"],
                "FNC (clean)": sub["fnc_score"],
                "macro-F1 (clean)": sub["macro_f1"],
            }
        )
    cols = [
        "system",
        "FNC score",
        "macro-F1",
        *[f"F1 {c}" for c in FNC_LABELS],
        "rel. acc",
        "FNC (clean)",
        "macro-F1 (clean)",
    ]
    print_table(table, cols, f"FNC-1 competition test (n={len(gold)}), transfer, scores in %")
    print(f"clean subset: {len(clean)} pairs whose headline is no Emergent train string")
    print("published (supervised):", ", ".join(f"{k} {v}" for k, v in PUBLISHED.items()))
    path = run.save(
        scores,
        model=info,
        relevance=thr | {"seconds": sec_thr, "lead_words": LEAD_WORDS},
        mapping={"stance_to_fnc": STANCE_TO_FNC, "model_only": MODEL_ONLY},
        model_pairs=len(order),
        model_pairs_per_second=len(order) / sec_model if sec_model else None,
        overlap_with_emergent_train=overlap,
        data={"n_pairs": len(gold), "n_bodies": len(set(ids)), "n_headlines": len(set(heads))},
        published=PUBLISHED,
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
