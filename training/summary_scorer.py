"""Fit the summary sentence scorer shipped as ``src/parallax/digest/models/summary_scorer.json``.

Data: Multi-News validation sample (``../shared/data/multinews_sample``), train half only
(cluster index < 125); the dev half (index >= 125) stays for ``benchmarks/summary_multinews.py``.
Target per candidate sentence: mean of stemmed unigram and bigram precision against the reference
summary (how much of the sentence a human summary keeps). Model: ridge regression on standardised
features, folded back into raw-feature weights so inference is one dot product.

    python training/summary_scorer.py [--alpha 1.0]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import Ridge

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from parallax.digest.summary import (  # noqa: E402
    FEATURES,
    MODEL_PATH,
    SummaryConfig,
    candidates,
    feature_matrix,
    featurize,
    sentence_target,
)
from parallax.digest.text import all_stems  # noqa: E402
from summary_multinews import articles_of, load, reference  # noqa: E402


def dataset(split: str) -> tuple[np.ndarray, np.ndarray]:
    cfg = SummaryConfig()
    xs, ys = [], []
    for row in load(split):
        arts = articles_of(row)
        cands = candidates(arts, None, cfg)
        if not cands:
            continue
        featurize(cands, len(arts), cfg)
        ref = all_stems(reference(row))
        uni, bi = set(ref), set(itertools.pairwise(ref))
        xs.append(feature_matrix(cands))
        ys.append(np.array([sentence_target(c.text, uni, bi) for c in cands]))
    return np.vstack(xs), np.concatenate(ys)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alpha", type=float, default=1.0)
    args = ap.parse_args()
    x, y = dataset("train")
    xd, yd = dataset("dev")
    bias = FEATURES.index("bias")
    mu, sd = x.mean(axis=0), x.std(axis=0)
    mu[bias], sd[bias] = 0.0, 1.0
    sd[sd == 0] = 1.0
    model = Ridge(alpha=args.alpha).fit((x - mu) / sd, y)
    w = model.coef_ / sd
    w[bias] = model.intercept_ - float((model.coef_ * mu / sd).sum())
    pred_dev = xd @ w
    r2 = 1 - ((yd - pred_dev) ** 2).sum() / ((yd - yd.mean()) ** 2).sum()
    out = {
        "model": "ridge regression on sentence features (raw-feature weights)",
        "target": "mean stemmed unigram+bigram precision vs reference",
        "data": "multinews validation sample250, clusters 0-124",
        "alpha": args.alpha,
        "train_sentences": len(y),
        "dev_r2": round(float(r2), 4),
        "weights": {f: round(float(v), 6) for f, v in zip(FEATURES, w, strict=True)},
    }
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
