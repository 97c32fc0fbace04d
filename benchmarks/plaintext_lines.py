"""Held-out evaluation of the plain-text line classifier (content vs furniture lines).

Pages of article-extraction-benchmark (AEB, full gold bodies) and trafilatura-eval (TE, snippet
labels) are rendered to text dumps (``plaintext_data.py``). K-fold cross-validation grouped by
page: every page is scored by a model that never saw it. Reported on held-out pages:

* line level: precision / recall / F1 of the "content" class on labelled lines (AEB and TE);
* AEB body: the benchmark's shingle P/R/F1 of the kept lines against the gold body;
* baselines in the same run: keep every line, and a length heuristic (lines of >= 10 words).

    python benchmarks/plaintext_lines.py [--folds 5] [--limit-te N]

Prints a JSON summary and writes ``benchmarks/results/plaintext_lines.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "training"))
sys.path.insert(0, str(HERE.parent / "src"))

from common_metrics import RESULTS, shingle_scores  # noqa: E402
from parallax.extract.lines import LineClassifier  # noqa: E402
from parallax.extract.plaintext import analyse  # noqa: E402
from plaintext_data import aeb_gold  # noqa: E402
from train_line_classifier import featurise, fit_spec, load_pages  # noqa: E402

_WORD = re.compile(r"\w+")


def prf(pred: list[int], gold: list[int]) -> dict[str, float]:
    """Precision / recall / F1 of the positive class over labelled items."""
    tp = sum(1 for p, g in zip(pred, gold, strict=True) if p and g == 1)
    fp = sum(1 for p, g in zip(pred, gold, strict=True) if p and g == 0)
    fn = sum(1 for p, g in zip(pred, gold, strict=True) if not p and g == 1)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f, 4), "labelled_lines": len(gold)}


def _fold_specs(
    feats: list[tuple[np.ndarray, np.ndarray]], splits: list, folds: int, retrain: bool
) -> list[dict]:
    """One model per fold, trained without the fold's pages (cached in /tmp between runs)."""
    cache = Path(f"/tmp/parallax_line_folds_{folds}.json.gz")
    if cache.exists() and not retrain:
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    specs = [fit_spec([feats[i] for i in tr], seed=k) for k, (tr, _te) in enumerate(splits)]
    with gzip.open(cache, "wt", encoding="utf-8") as fh:
        json.dump(specs, fh)
    return specs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cache", action="store_true", help="re-render the pages")
    ap.add_argument("--retrain", action="store_true", help="retrain the fold models even if cached")
    args = ap.parse_args(argv)
    t0 = time.time()
    pages = load_pages(not args.no_cache)
    feats = featurise(pages)
    gold_body = aeb_gold()
    groups = np.arange(len(pages))
    splits = list(GroupKFold(n_splits=args.folds).split(groups, groups, groups))
    specs = _fold_specs(feats, splits, args.folds, args.retrain)
    scores: list[list[float | None]] = [[] for _ in pages]
    pipeline_text: dict[int, str] = {}
    pipeline_seconds = 0.0
    for k, (_tr, te) in enumerate(splits):
        clf = LineClassifier(specs[k])
        for i in te:
            scores[i] = clf.scores(pages[i].lines)
            if pages[i].dataset == "aeb":
                t = time.perf_counter()
                kept = analyse("\n".join(pages[i].lines), clf)[0]
                pipeline_seconds += time.perf_counter() - t
                pipeline_text[i] = "\n".join(p.text for p in kept)
    rows: dict[str, dict[str, object]] = {}
    methods = {
        "model_lines": lambda page, s: [int(v is not None and v >= 0.5) for v in s],
        "keep_all_lines": lambda page, s: [int(bool(ln.strip())) for ln in page.lines],
        "length_>=10_words": lambda page, s: [int(len(_WORD.findall(ln)) >= 10) for ln in page.lines],
    }
    for name, decide in methods.items():
        out: dict[str, object] = {}
        for ds in ("aeb", "trafilatura-eval"):
            pred: list[int] = []
            gold: list[int] = []
            bodies: dict[str, str] = {}
            for page, s in zip(pages, scores, strict=True):
                if page.dataset != ds:
                    continue
                keep = decide(page, s)
                for kp, lab in zip(keep, page.labels, strict=True):
                    if lab >= 0:
                        pred.append(kp)
                        gold.append(lab)
                bodies[page.key] = "\n".join(ln for ln, kp in zip(page.lines, keep, strict=True) if kp)
            out[f"{ds}_lines"] = prf(pred, gold)
            if ds == "aeb":
                sh = shingle_scores(bodies, {k: gold_body[k] for k in bodies})
                out["aeb_shingles"] = {k: sh[k] for k in ("precision", "recall", "f1", "pages")}
        rows[name] = out
    bodies = {pages[i].key: t for i, t in pipeline_text.items()}
    sh = shingle_scores(bodies, {k: gold_body[k] for k in bodies})
    rows["pipeline_extract_text"] = {
        "aeb_shingles": {k: sh[k] for k in ("precision", "recall", "f1", "pages")},
        "pages_per_second": round(len(bodies) / max(pipeline_seconds, 1e-9), 2),
    }
    # Threshold sweep of the model on held-out AEB pages (line F1 / shingle F1).
    sweep = {}
    for th in (0.3, 0.4, 0.5, 0.6, 0.7):
        bodies = {
            p.key: "\n".join(ln for ln, v in zip(p.lines, s, strict=True) if v is not None and v >= th)
            for p, s in zip(pages, scores, strict=True)
            if p.dataset == "aeb"
        }
        sh = shingle_scores(bodies, {k: gold_body[k] for k in bodies})
        sweep[str(th)] = {k: sh[k] for k in ("precision", "recall", "f1")}
    summary = {
        "benchmark": "plaintext_lines",
        "folds": args.folds,
        "pages": {
            "aeb": sum(p.dataset == "aeb" for p in pages),
            "trafilatura-eval": sum(p.dataset != "aeb" for p in pages),
        },
        "results": rows,
        "model_threshold_sweep_aeb_shingles": sweep,
        "seconds": round(time.time() - t0, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "plaintext_lines.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
