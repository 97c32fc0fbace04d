"""The shared meaning model on sentence similarity: STS Benchmark dev and MRPC test, TF-IDF as the peer.

Spearman correlation of cosine with the gold 0-5 similarity (STS-B dev, all 1,500 pairs and the
500 news pairs), and ROC AUC of cosine for MRPC's paraphrase labels (1,725 news pairs). The peer is
TF-IDF cosine (sublinear tf, fitted on the evaluated sentences) in the same run.

    python benchmarks/meaning_sts.py
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.meaning import default_model
from stories_common import DATA, peak_rss_mb, write_result


def _rows(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _tfidf_cos(a: list[str], b: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True).fit(a + b)
    xa, xb = vec.transform(a), vec.transform(b)
    return np.asarray(xa.multiply(xb).sum(axis=1)).ravel()


def main() -> None:
    from scipy.stats import spearmanr
    from sklearn.metrics import roc_auc_score

    model = default_model()
    result: dict[str, object] = {}
    sets = {
        "stsb_dev": _rows(DATA / "paraphrase" / "stsb" / "dev.jsonl.gz"),
        "mrpc_test": _rows(DATA / "paraphrase" / "mrpc" / "test.jsonl.gz"),
    }
    sets["stsb_dev_news"] = [r for r in sets["stsb_dev"] if r["genre"] == "news"]
    for name, rows in sets.items():
        a, b = [r["s1"] for r in rows], [r["s2"] for r in rows]
        t0 = time.perf_counter()
        ea, eb = model.encode(a), model.encode(b)
        secs = time.perf_counter() - t0
        ours, peer = (ea * eb).sum(axis=1), _tfidf_cos(a, b)
        gold = [r["label"] for r in rows]
        if name.startswith("mrpc"):
            score = {
                "metric": "roc_auc",
                "parallax": roc_auc_score(gold, ours),
                "tfidf": roc_auc_score(gold, peer),
            }
        else:
            score = {"metric": "spearman", "parallax": spearmanr(ours, gold).statistic,
                     "tfidf": spearmanr(peer, gold).statistic}  # fmt: skip
        score = {k: round(v, 4) if isinstance(v, float) else v for k, v in score.items()}
        result[name] = {**score, "pairs": len(rows), "sentences_per_s": round(2 * len(rows) / secs, 1)}
        print(name, result[name], flush=True)
    result["peak_rss_mb"] = peak_rss_mb()
    write_result("meaning_sts", result)


if __name__ == "__main__":
    main()
