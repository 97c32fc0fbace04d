"""Train the plain-text line classifier shipped as ``parallax/extract/models/lines.json.gz``.

Data: the HTML pages of ``../shared/data/article-extraction-benchmark`` (lines labelled against
the gold bodies) and ``../shared/data/trafilatura-eval`` (lines touching must-include /
must-exclude snippets), rendered to plain text like a browser's innerText (see
``benchmarks/plaintext_data.py``). Two gradient-boosted stages: stage 1 scores each line from
its own and its neighbours' surface features; stage 2 re-scores it from stage-1 scores of the
lines around it, trained on out-of-fold stage-1 scores (grouped by page) so it sees realistic
inputs.

    python training/train_line_classifier.py            # writes the shipped model
    python training/train_line_classifier.py --out /tmp/lines.json.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "src"))

from parallax.extract.lines import MODEL_PATH, context_features, export_hgb, page_features  # noqa: E402
from plaintext_data import Page, aeb_pages, trafilatura_eval_pages  # noqa: E402

log = logging.getLogger("train_line_classifier")
CACHE = Path("/tmp/parallax_line_pages.pkl")
PARAMS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.08,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 30,
    "l2_regularization": 1.0,
}


def load_pages(use_cache: bool = True) -> list[Page]:
    """All labelled pages (rendering ~1,100 HTML pages takes a minute; cached in /tmp)."""
    if use_cache and CACHE.exists():
        with CACHE.open("rb") as fh:
            return pickle.load(fh)
    pages = aeb_pages() + trafilatura_eval_pages()
    with CACHE.open("wb") as fh:
        pickle.dump(pages, fh)
    return pages


def featurise(pages: list[Page]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per page: stage-1 features of the non-blank lines and their labels (-1 = unknown)."""
    out = []
    for page in pages:
        x, idx = page_features(page.lines)
        y = np.array([page.labels[i] for i in idx], dtype=np.int64)
        out.append((x, y))
    return out


def _fit(x: np.ndarray, y: np.ndarray, seed: int) -> HistGradientBoostingClassifier:
    keep = y >= 0
    model = HistGradientBoostingClassifier(random_state=seed, **PARAMS)
    model.fit(x[keep], y[keep])
    return model


def fit_spec(feats: list[tuple[np.ndarray, np.ndarray]], seed: int = 0, folds: int = 4) -> dict[str, Any]:
    """Train both stages on ``feats`` and return the exportable model spec."""
    groups = np.concatenate([np.full(len(y), g) for g, (_, y) in enumerate(feats)])
    x = np.vstack([f for f, _ in feats])
    y = np.concatenate([lab for _, lab in feats])
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=folds).split(x, y, groups):
        oof[te] = _fit(x[tr], y[tr], seed).predict_proba(x[te])[:, 1]
    stage1 = _fit(x, y, seed)
    x2 = np.vstack([context_features(f, oof[groups == g]) for g, (f, _) in enumerate(feats) if len(f)])
    y2 = np.concatenate([lab for f, lab in feats if len(f)])
    stage2 = _fit(x2, y2, seed)
    return {"stage1": export_hgb(stage1), "stage2": export_hgb(stage2), "threshold": 0.5}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--no-cache", action="store_true", help="re-render the pages")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t0 = time.time()
    pages = load_pages(not args.no_cache)
    feats = featurise(pages)
    n_lab = sum(int((y >= 0).sum()) for _, y in feats)
    log.info("%d pages, %d labelled lines (%.0fs)", len(pages), n_lab, time.time() - t0)
    spec = fit_spec(feats, args.seed)
    import sklearn

    spec["meta"] = {
        "trained_on": ["article-extraction-benchmark", "trafilatura-eval"],
        "pages": len(pages),
        "labelled_lines": n_lab,
        "sklearn": sklearn.__version__,
        "params": PARAMS,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump(spec, fh, separators=(",", ":"))
    log.info("wrote %s (%.0f kB, %.0fs)", args.out, args.out.stat().st_size / 1024, time.time() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
