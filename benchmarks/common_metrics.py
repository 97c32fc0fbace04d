"""Shared metrics and loaders for the extraction benchmarks (no third-party code copied).

* ``shingle_scores``: the article-extraction-benchmark metric as its SOURCE.md describes it
  (4-token shingles of ``\\w+`` tokens, per-page normalised tp/fp/fn, macro-averaged P/R, F1 of the averages).
* ``snippet_counts``: the trafilatura-eval metric (must-include / must-exclude segments, pooled).
* ``day_accuracy``: the htmldate-eval metric (exact day; TP/FP/FN/TN as upstream).
"""

from __future__ import annotations

import gzip
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARALLAX_SHARED", REPO.parent / "shared"))
DATA = SHARED / "data"
RESULTS = REPO / "benchmarks" / "results"

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``n``-token shingles of ``\\w+`` tokens (one shorter shingle if fewer tokens)."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_prf(pred: str, truth: str) -> tuple[float | None, float | None]:
    """Per-page (precision, recall); None where the benchmark skips the page for that average."""
    p, t = shingles(pred), shingles(truth)
    tp = sum((p & t).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    total = tp + fp + fn
    tp_, fp_, fn_ = tp / total, fp / total, fn / total
    prec = tp_ / (tp_ + fp_) if (tp_ + fp_) > 0 else None
    rec = tp_ / (tp_ + fn_) if (tp_ + fn_) > 0 else None
    return prec, rec


def shingle_scores(preds: dict[str, str], truths: dict[str, str]) -> dict[str, Any]:
    """Macro P/R over pages, F1 of the averages, exact-token accuracy, and per-page figures."""
    precs: list[float] = []
    recs: list[float] = []
    exact = 0
    per_page: dict[str, tuple[float | None, float | None]] = {}
    for key, truth in truths.items():
        pred = preds.get(key, "") or ""
        pr, rc = page_prf(pred, truth)
        per_page[key] = (pr, rc)
        if pr is not None:
            precs.append(pr)
        if rc is not None:
            recs.append(rc)
        exact += _TOKEN.findall(pred) == _TOKEN.findall(truth)
    prec = sum(precs) / len(precs) if precs else 0.0
    rec = sum(recs) / len(recs) if recs else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(f1, 4),
        "accuracy": round(exact / max(1, len(truths)), 4),
        "pages": len(truths),
        "per_page": per_page,
    }


def snippet_counts(outputs: dict[str, str], gold: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Pooled must-include / must-exclude snippet scores (trafilatura-eval)."""
    tp = fn = fp = tn = 0
    for key, item in gold.items():
        text = outputs.get(key) or ""
        for seg in item.get("with", []):
            if seg in text:
                tp += 1
            else:
                fn += 1
        for seg in item.get("without", []):
            if seg in text:
                fp += 1
            else:
                tn += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    acc = (tp + tn) / max(1, tp + tn + fp + fn)
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "accuracy": round(acc, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def day_accuracy(preds: dict[str, str | None], gold: dict[str, str | None]) -> dict[str, Any]:
    """htmldate-eval scores: output equal to the reference day is TP; no output is FN (+TN if no reference)."""
    tp = fp = fn = tn = 0
    for key, ref in gold.items():
        out = preds.get(key)
        out = out[:10] if out else None
        if out is None:
            fn += 1
            if ref is None:
                tn += 1
        elif out == ref:
            tp += 1
        else:
            fp += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "accuracy": round((tp + tn) / max(1, len(gold)), 4),
        "f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4),
        "exact_day": round(tp / max(1, len(gold)), 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def read_gz(path: Path) -> bytes:
    """Bytes of a gzip file."""
    with gzip.open(path, "rb") as fh:
        return fh.read()


def decode_html(raw: bytes) -> str:
    """UTF-8 first, then the declared / sniffed charset (as the upstream loaders do)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("utf-8", errors="replace")


def mean(xs: Iterable[float]) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0
