"""Fit the summary sentence scorer shipped as ``src/parallax/digest/models/summary_scorer.json``.

Data: the train halves only of the Multi-News validation sample (clusters 0-124) and of NeuS validation
(events 0-153, three outlets' headline + lead); the dev halves stay for ``benchmarks/summary_multinews.py``.
Model: ridge regression on standardised
features, folded back into raw-feature weights so inference is one dot product.

Two regimes, two weight sets in one file: ``weights`` for full articles (fit on Multi-News, precision
target) and ``short`` for stories of headline + lead items (fit on NeuS; target: the share of the
reference's unigrams and bigrams a sentence covers, since two or three sentences fill the budget).
Settings (ridge alpha; for short stories also the MMR lambda) are chosen by 5-fold cross-validation over
the train clusters: each fold's clusters are summarised with weights fitted on the other four, scored
with ROUGE (budget = reference word count); the best mean ROUGE-2 wins. The CV figures are written
beside the weights; the dev halves are never read here.

    python training/summary_scorer.py [--alphas 1,10,100] [--folds 5] [--dry]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import Ridge

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from parallax.digest.summary import (  # noqa: E402
    FEATURES,
    MODEL_PATH,
    Summarizer,
    SummaryConfig,
    candidates,
    feature_matrix,
    featurize,
    sentence_target,
)
from parallax.digest.text import all_stems  # noqa: E402
from summary_multinews import articles_of, budget_of, load, reference  # noqa: E402

DATASETS = ("multinews", "neus")


TARGET = "prec"


def recall_target(text: str, ref_unigrams: set[str], ref_bigrams: set[tuple[str, str]]) -> float:
    """Alternative target: mean share of the reference's unigrams and bigrams that ``text`` covers."""
    toks = all_stems(text)
    p1 = len(set(toks) & ref_unigrams) / max(1, len(ref_unigrams))
    p2 = len(set(itertools.pairwise(toks)) & ref_bigrams) / max(1, len(ref_bigrams))
    return 0.5 * p1 + 0.5 * p2


def cluster_data(row: dict[str, Any]) -> tuple[np.ndarray, np.ndarray] | None:
    """Features and targets of one cluster's candidate sentences."""
    cfg = SummaryConfig()
    arts = articles_of(row)
    cands = candidates(arts, None, cfg)
    if not cands:
        return None
    featurize(cands, len(arts), cfg, [a.title for a in arts])
    ref = all_stems(reference(row))
    uni, bi = set(ref), set(itertools.pairwise(ref))
    target = recall_target if TARGET == "recall" else sentence_target
    return feature_matrix(cands), np.array([target(c.text, uni, bi) for c in cands])


def fit(parts: list[tuple[np.ndarray, np.ndarray, float]], alpha: float) -> dict[str, float]:
    """Ridge on standardised features -> raw-feature weights."""
    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    sw = np.concatenate([np.full(len(p[1]), p[2]) for p in parts])
    bias = FEATURES.index("bias")
    mu, sd = x.mean(axis=0), x.std(axis=0)
    mu[bias], sd[bias] = 0.0, 1.0
    sd[sd == 0] = 1.0
    model = Ridge(alpha=alpha).fit((x - mu) / sd, y, sample_weight=sw)
    w = model.coef_ / sd
    w[bias] = model.intercept_ - float((model.coef_ * mu / sd).sum())
    return {f: round(float(v), 6) for f, v in zip(FEATURES, w, strict=True)}


def rouge(rows: list[dict[str, Any]], weights: dict[str, float], short: dict[str, Any]) -> list[list[float]]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    summ = Summarizer(weights=weights, short=short)
    out = []
    for row in rows:
        text = " ".join(s.text for s in summ.summarize(articles_of(row), budget_of(row)))
        sc = scorer.score(reference(row), text)
        out.append([sc[k].fmeasure * 100 for k in ("rouge1", "rouge2", "rougeL")])
    return out


def cross_validate(
    rows: list[dict[str, Any]], data: list[Any], regime: str, alpha: float, lam: float, folds: int
) -> list[float]:
    """Mean ROUGE-1/2/L over held-out folds of one dataset's train clusters."""
    per: list[list[float]] = []
    for k in range(folds):
        w = fit(
            [(xy[0], xy[1], 1.0) for i, xy in enumerate(data) if xy is not None and i % folds != k], alpha
        )
        held = [r for i, r in enumerate(rows) if i % folds == k]
        if regime == "short":
            per += rouge(held, {}, {"weights": w, "mmr_lambda": lam})
        else:
            per += rouge(held, w, {})
    return [round(float(v), 2) for v in np.mean(per, axis=0)]


# regime -> (training data, target, MMR lambdas tried); full articles keep SummaryConfig's lambda
REGIMES = {"long": ("multinews", "prec", [0.5]), "short": ("neus", "recall", [0.3, 0.5])}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alphas", default="1,10,100")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dry", action="store_true", help="print the CV grid, write nothing")
    args = ap.parse_args()
    global TARGET
    out: dict[str, Any] = {
        "model": "ridge regression on sentence features (raw-feature weights), one per regime",
        "regimes": "long: full articles (Multi-News); short: headline + lead stories (NeuS), chosen by "
        "is_short_story()",
        "data": "train halves only: multinews validation sample250 clusters 0-124, neus_val events 0-153",
        "cv": f"{args.folds}-fold over the train clusters, ROUGE-1/2/L F1 x100, budget = reference words; "
        "best mean ROUGE-2 wins",
    }
    for regime, (dataset, target, lams) in REGIMES.items():
        TARGET = target
        rows = load("train", dataset=dataset)
        data = [cluster_data(r) for r in rows]
        grid = []
        for alpha, lam in itertools.product([float(a) for a in args.alphas.split(",")], lams):
            cv = cross_validate(rows, data, regime, alpha, lam, args.folds)
            grid.append({"alpha": alpha, "mmr_lambda": lam, "cv_rouge": cv})
            print(regime, json.dumps(grid[-1]), flush=True)
        best = max(grid, key=lambda g: g["cv_rouge"][1])
        weights = fit([(xy[0], xy[1], 1.0) for xy in data if xy is not None], best["alpha"])
        info = {"target": target, "dataset": dataset, **best, "cv_grid": grid}
        if regime == "long":
            out.update(long=info, weights=weights)
        else:
            out["short"] = {**info, "weights": weights}
    if args.dry:
        return 0
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k not in ("weights",)}, indent=1)[:3000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
