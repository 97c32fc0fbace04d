"""Sentence-pair classifier: same fact / contradiction / related / unrelated.

A multinomial logistic regression over a few features of two sentences: the meaning model's
cosine, word overlap, length ratio, and exact flags (negation inside the shared words, numbers
that differ). The weights are package data (``models/pairs.json``, built by
``training/train_pairs.py``; card in ``models/PAIRS_CARD.md``): plain numbers, applied with numpy.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from parallax.digest.text import content_stems, is_stopword

MODEL = Path(__file__).resolve().parent / "models" / "pairs.json"
FEATURES = (
    "cos",
    "cos2",
    "overlap",
    "jaccard",
    "contain_a",
    "contain_b",
    "len_ratio",
    "neg_shared",
    "num_diff",
    "cos_overlap",
)
LABELS = ("same", "contradiction", "related", "unrelated")

_NEG = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot", "without"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _negated_words(text: str) -> set[str]:
    """Content words that follow a negator within three words ("did not sign the deal" -> sign, deal)."""
    toks = [t.lower().replace("’", "'") for t in _WORD.findall(text)]
    out: set[str] = set()
    for i, t in enumerate(toks):
        if t in _NEG or t.endswith("n't"):
            out.update(w for w in toks[i + 1 : i + 4] if not is_stopword(w) and w not in _NEG)
    return out


def negation_in_shared(a: str, b: str) -> bool:
    """True when one sentence negates a word both sentences use and the other does not negate it."""
    shared = {w.lower() for w in _WORD.findall(a)} & {w.lower() for w in _WORD.findall(b)}
    na, nb = _negated_words(a) & shared, _negated_words(b) & shared
    return na != nb


def _numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUM.finditer(text)}


def features(a: str, b: str, cos: float) -> list[float]:
    """Feature row of one pair, in ``FEATURES`` order."""
    sa, sb = set(content_stems(a)), set(content_stems(b))
    inter = len(sa & sb)
    overlap = inter / max(1, min(len(sa), len(sb)))
    jaccard = inter / max(1, len(sa | sb))
    la, lb = len(a.split()), len(b.split())
    na, nb = _numbers(a), _numbers(b)
    num_diff = float(bool(na and nb and na != nb))
    return [
        cos,
        cos * cos,
        overlap,
        jaccard,
        inter / max(1, len(sa)),  # share of a's content words found in b
        inter / max(1, len(sb)),
        min(la, lb) / max(1, la, lb),
        float(negation_in_shared(a, b)),
        num_diff,
        cos * overlap,
    ]


class PairClassifier:
    """Class probabilities of sentence pairs from the shipped weights."""

    def __init__(self, path: Path = MODEL) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.labels: list[str] = data["labels"]
        self.mean = np.array(data["mean"], dtype=np.float64)
        self.scale = np.array(data["scale"], dtype=np.float64)
        self.coef = np.array(data["coef"], dtype=np.float64)
        self.intercept = np.array(data["intercept"], dtype=np.float64)

    def proba(self, rows: list[list[float]]) -> np.ndarray:
        """One probability row per feature row, columns in ``self.labels`` order."""
        if not rows:
            return np.zeros((0, len(self.labels)))
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        z = x @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def pair_proba(self, a: str, b: str, cos: float) -> dict[str, float]:
        """Probabilities of one pair by label."""
        p = self.proba([features(a, b, cos)])[0]
        return dict(zip(self.labels, p.tolist(), strict=True))


@lru_cache(maxsize=1)
def default_classifier() -> PairClassifier:
    """The shipped classifier, loaded once."""
    return PairClassifier()
