"""Line-level content/furniture classifier for plain-text page dumps.

A page dump is a list of lines (blank lines mark paragraph gaps). Each non-blank line gets
surface features (length, punctuation, sentence-ness, case, digits, script mix, furniture
words, position) plus its neighbours' features; a first gradient-boosted model scores every
line, and a second one re-scores it from the first scores of the lines around it (the body
is one dense run of prose, furniture comes in lists). The models are trained by
``training/train_line_classifier.py`` on HTML benchmark pages rendered to text and shipped
as plain arrays (``models/lines.json.gz``), evaluated here with numpy: no pickle, no
dependency on the scikit-learn version.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import re
import threading
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).with_name("models") / "lines.json.gz"

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_SENT_END = re.compile(r"[.!?…][\"”’'»)\]]*(?:\s+|$)|[。！？]")
_TERMINAL = re.compile(r"[.!?…:;。！？][\"”’'»)\]」』）]*\s*$")
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}\b(?:\s*(?:[ap]\.?m\.?|GMT|UTC|[A-Z]{2,4}T))?", re.I)
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez"
    r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)[a-zé]*\.?\b",
    re.I,
)
_NUMDATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b|\S@\S|(?:^|\s)@\w", re.I)
_BULLET = re.compile(r"^\s*(?:[•·▪►▶»›\-–—*+|]|\d{1,2}[.)])\s")
_SPEAKER = re.compile(r"^[A-Z][\w.'’\- ]{0,40}:\s+\S")
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|af|av|przez|от)\s+\S", re.I)
_SEPARATORS = re.compile(r"[|•·»›/]")
_QUOTES = re.compile(r"[\"“”„«»]")
_BRACKETED = re.compile(r"^[\[(].*[\])]$")

# Words that mark page furniture in many sites (navigation, sharing, ads, credits, legal).
# Kept short and generic; the model weighs them against every other feature.
_FURNITURE_WORDS = re.compile(
    r"\b(?:read more|read also|see also|related|recommended|more from|most (?:read|popular|viewed)"
    r"|share|shares|tweet|subscribe|subscription|sign (?:in|up)|log ?in|log ?out|register|newsletter"
    r"|advertisement|advertising|sponsored|cookies?|privacy|terms of (?:use|service)|copyright"
    r"|all rights reserved|follow us|follow|click|comments?|listen|live|watch|video|photos?|image"
    r"|credit|getty|shutterstock|tags?|topics|menu|home|search|print|e-?mail|facebook|twitter"
    r"|whatsapp|linkedin|instagram|youtube|reddit|pinterest|telegram|url|link|download|app"
    r"|weiterlesen|mehr zum thema|teilen|anmelden|impressum|datenschutz|kommentare?|werbung|anzeige"
    r"|lire aussi|partager|publicité|connexion|abonnez|leer más|compartir|publicidad"
    r"|disclaimer|views expressed|opinions expressed|do not necessarily reflect|community standards"
    r"|editor'?s note|correction)\b",
    re.I,
)


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    """Unicode script family of a letter (first word of its name: LATIN, HANGUL, CJK...)."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "?"
    first = name.split(" ", 1)[0]
    return "CJK" if first in ("HIRAGANA", "KATAKANA") else first


def _letters(text: str) -> list[str]:
    return [c for c in text if c.isalpha()]


def dominant_script(lines: list[str]) -> str:
    """The script holding most letters of the page."""
    counts: Counter[str] = Counter()
    for ln in lines:
        for c in ln:
            if c.isalpha():
                counts[_script(c)] += 1
    return counts.most_common(1)[0][0] if counts else "LATIN"


#: Names of the per-line surface features, in column order.
SURFACE_FEATURES = [
    "log_chars",
    "log_words",
    "mean_word_len",
    "terminal_punct",
    "log_sentences",
    "upper_letter_ratio",
    "capitalised_word_ratio",
    "lower_word_ratio",
    "short_lower_word_ratio",
    "digit_ratio",
    "punct_ratio",
    "comma_per_word",
    "separators",
    "bullet",
    "clock",
    "month",
    "numeric_date",
    "year",
    "furniture_words",
    "byline",
    "bracketed",
    "foreign_script_ratio",
    "url",
    "question",
    "speaker_prefix",
    "quotes",
    "all_caps",
    "glued",
]


def surface_features(line: str, page_script: str) -> list[float]:
    """Features of one line on its own (see ``SURFACE_FEATURES``)."""
    s = line.strip()
    n = len(s)
    words = _WORD.findall(s)
    nw = len(words)
    letters = _letters(s)
    nl = len(letters) or 1
    upper = sum(c.isupper() for c in letters)
    cap = sum(w[0].isupper() for w in words)
    low = sum(w[0].islower() for w in words)
    short_low = sum(1 for w in words if w.islower() and len(w) <= 3)
    digits = sum(c.isdigit() for c in s)
    punct = sum(1 for c in s if not c.isalnum() and not c.isspace())
    foreign = sum(1 for c in letters if _script(c) != page_script)
    return [
        math.log1p(n),
        math.log1p(nw),
        (sum(len(w) for w in words) / nw) if nw else 0.0,
        float(bool(_TERMINAL.search(s))),
        math.log1p(len(_SENT_END.findall(s))),
        upper / nl,
        cap / nw if nw else 0.0,
        low / nw if nw else 0.0,
        short_low / nw if nw else 0.0,
        digits / n if n else 0.0,
        punct / n if n else 0.0,
        s.count(",") / nw if nw else 0.0,
        float(len(_SEPARATORS.findall(s))),
        float(bool(_BULLET.match(s))),
        float(bool(_CLOCK.search(s))),
        float(bool(_MONTH.search(s))),
        float(bool(_NUMDATE.search(s))),
        float(bool(_YEAR.search(s))),
        float(len(_FURNITURE_WORDS.findall(s))),
        float(bool(_BYLINE.match(s))),
        float(bool(_BRACKETED.match(s))),
        foreign / nl if letters else 0.0,
        float(bool(_URL.search(s))),
        float(s.endswith("?")),
        float(bool(_SPEAKER.match(s))),
        float(len(_QUOTES.findall(s))),
        float(len(letters) >= 3 and upper == len(letters)),
        float(len(glue_points(s))),
    ]


_GLUE = re.compile(
    r"(?<=[a-z]{3})(?=[A-Z][a-z])"  # "standardsDiscussion": two UI strings with no separator
    r"|(?<=[a-z]{2}[.!?)])(?=[A-Z\[][a-z]{2})"  # "...end.Next": sentence glued to the next block
    r"|(?<=[^\W\d_])(?=\[[A-Z])"  # "Discussion[SUMMIT]": a bracketed kicker glued on
    r"|(?<=[A-Z]{3})(?=\d)"  # "GMT04": a zone glued to a date
)


def glue_points(line: str, zones: bool = True) -> list[int]:
    """Offsets where two strings seem glued together without a space (innerText of inline blocks).

    ``zones=False`` ignores a time zone glued to a date ("GMT04"), which is one value, not two strings.
    """
    points = []
    for m in _GLUE.finditer(line):
        i = m.start()
        if not zones and line[i].isdigit():
            continue
        # Skip camel-case names ("YouTube", "iPhone", "McDonald", "JavaScript", "LinkedIn"): the
        # left side must be a lower-case word ("standardsDiscussion") or a long capitalised one
        # ("SubscribeSign").
        j = i
        while j > 0 and line[j - 1].isalpha():
            j -= 1
        left = line[j:i]
        if line[i].isupper() and not ((left.islower() and len(left) >= 3) or len(left) >= 7):
            continue
        points.append(i)
    return points


def split_glued(line: str) -> list[str]:
    """``line`` cut at its glue points (one piece when there is none)."""
    cuts = [0, *glue_points(line, zones=False), len(line)]
    return [line[a:b].strip() for a, b in itertools.pairwise(cuts) if line[a:b].strip()]


#: Offsets of neighbour lines whose surface features are appended.
NEIGHBOURS = (-2, -1, 1, 2)
_CTX_COLS = (0, 1, 3, 4, 7, 18)  # chars, words, terminal, sentences, lowercase, furniture words


def _window_mean(a: np.ndarray, w: int) -> np.ndarray:
    """Mean of ``a`` over the window ``[i - w, i + w]`` clipped to the page."""
    c = np.concatenate([[0.0], np.cumsum(a)])
    n = len(a)
    lo = np.clip(np.arange(n) - w, 0, n)
    hi = np.clip(np.arange(n) + w + 1, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)


def page_features(lines: list[str]) -> tuple[np.ndarray, list[int]]:
    """Stage-1 feature matrix for the non-blank lines of a page, and their line indices."""
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    if not idx:
        return np.zeros((0, n_stage1_features())), []
    script = dominant_script([lines[i] for i in idx])
    surf = np.array([surface_features(lines[i], script) for i in idx], dtype=np.float64)
    n = len(idx)
    chars = np.array([len(lines[i].strip()) for i in idx], dtype=np.float64)
    total = chars.sum() or 1.0
    cum = (np.cumsum(chars) - chars) / total
    med = float(np.median(chars)) or 1.0
    texts = [lines[i].strip() for i in idx]
    dup = Counter(texts)
    blank_before = np.array([float(i == 0 or not lines[i - 1].strip()) for i in idx])
    blank_after = np.array([float(i + 1 >= len(lines) or not lines[i + 1].strip()) for i in idx])
    pos = np.arange(n) / max(1, n - 1)
    long_line = (chars >= 80).astype(np.float64)
    dens = []
    for w in (3, 8):
        dens.append(_window_mean(long_line, w))
        dens.append(_window_mean(chars, w) / 100.0)
    page = np.column_stack(
        [
            pos,
            cum,
            np.log1p(chars / med),
            chars / (chars.max() or 1.0),
            np.array([float(dup[t] > 1) for t in texts]),
            blank_before,
            blank_after,
            *dens,
            np.full(n, math.log1p(n)),
        ]
    )
    ctx = []
    for off in NEIGHBOURS:
        shifted = np.full((n, len(_CTX_COLS)), -1.0)
        src = surf[:, _CTX_COLS]
        if off < 0:
            shifted[-off:] = src[:off]
        else:
            shifted[:-off] = src[off:]
        ctx.append(shifted)
    return np.hstack([surf, page, *ctx]), idx


def n_stage1_features() -> int:
    return len(SURFACE_FEATURES) + 12 + len(NEIGHBOURS) * len(_CTX_COLS)


def context_features(x1: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Stage-2 features: stage-1 features plus the stage-1 scores around each line."""
    n = len(p)
    if n == 0:
        return np.zeros((0, x1.shape[1] + 12))
    cols = [_window_mean(p, w) for w in (1, 2, 4, 8)]
    prev = np.concatenate([[-1.0], p[:-1]])
    nxt = np.concatenate([p[1:], [-1.0]])
    # The main body: the run of lines maximising sum(p - 0.5) (maximum subarray).
    gain = p - 0.5
    best, best_span, cur, start = -np.inf, (0, 0), 0.0, 0
    for i, g in enumerate(gain):
        if cur <= 0:
            cur, start = 0.0, i
        cur += g
        if cur > best:
            best, best_span = cur, (start, i + 1)
    a, b = best_span
    inside = np.zeros(n)
    inside[a:b] = 1.0
    ar = np.arange(n)
    dist = np.where(ar < a, a - ar, np.where(ar >= b, ar - b + 1, 0)) / max(1, n)
    before_max = np.maximum.accumulate(p)
    after_max = np.maximum.accumulate(p[::-1])[::-1]
    cols += [prev, nxt, inside, dist, before_max, after_max, p, np.full(n, p.mean())]
    return np.hstack([x1, np.column_stack(cols)])


class _Trees:
    """A gradient-boosted binary classifier stored as flat node arrays (all trees walked at once)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.baseline = float(spec["baseline"])
        self.n_features = int(spec["n_features"])
        trees = spec["trees"]
        offsets = np.cumsum([0] + [len(t["leaf"]) for t in trees])
        self.roots = offsets[:-1].astype(np.int64)

        def cat(key: str, dtype: Any, shift: bool = False) -> np.ndarray:
            parts = [
                np.asarray(t[key], dtype=dtype) + o if shift else np.asarray(t[key], dtype=dtype)
                for t, o in zip(trees, offsets, strict=False)
            ]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        self.feature = cat("feature", np.int64)
        self.threshold = cat("threshold", np.float64)
        self.left = cat("left", np.int64, shift=True)
        self.right = cat("right", np.int64, shift=True)
        self.leaf = cat("leaf", bool)
        self.value = cat("value", np.float64)
        self.missing_left = cat("missing_left", bool)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """P(class 1) for each row of ``x``."""
        if x.shape[1] != self.n_features:
            raise ValueError(f"model expects {self.n_features} features, got {x.shape[1]}")
        node = np.broadcast_to(self.roots, (len(x), len(self.roots))).copy()
        rows = np.arange(len(x))[:, None]
        while True:
            active = ~self.leaf[node]
            if not active.any():
                break
            v = x[np.broadcast_to(rows, node.shape), self.feature[node]]
            go_left = np.where(np.isnan(v), self.missing_left[node], v <= self.threshold[node])
            nxt = np.where(go_left, self.left[node], self.right[node])
            node = np.where(active, nxt, node)
        raw = self.baseline + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


def export_hgb(model: Any) -> dict[str, Any]:
    """Flat-array form of a fitted scikit-learn ``HistGradientBoostingClassifier`` (binary)."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].tolist(),
                "threshold": nodes["num_threshold"].tolist(),
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "leaf": nodes["is_leaf"].astype(bool).tolist(),
                "value": [round(float(v), 6) for v in nodes["value"]],
                "missing_left": nodes["missing_go_to_left"].astype(bool).tolist(),
            }
        )
    return {
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "n_features": int(model.n_features_in_),
        "trees": trees,
    }


class LineClassifier:
    """Scores each line of a page dump: probability that it is article content."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.stage1 = _Trees(spec["stage1"])
        self.stage2 = _Trees(spec["stage2"])
        self.threshold = float(spec.get("threshold", 0.5))
        self.meta = spec.get("meta", {})

    @classmethod
    def load(cls, path: Path | None = None) -> LineClassifier:
        """The shipped model (or the one at ``path``)."""
        with gzip.open(path or MODEL_PATH, "rt", encoding="utf-8") as fh:
            return cls(json.load(fh))

    def scores(self, lines: list[str]) -> list[float | None]:
        """P(content) per line; None for blank lines."""
        x1, idx = page_features(lines)
        out: list[float | None] = [None] * len(lines)
        if not idx:
            return out
        p1 = self.stage1.predict_proba(x1)
        p2 = self.stage2.predict_proba(context_features(x1, p1))
        for i, p in zip(idx, p2, strict=True):
            out[i] = float(p)
        return out


_lock = threading.Lock()
_default: LineClassifier | None = None


def default_classifier() -> LineClassifier:
    """The shipped classifier, loaded once."""
    global _default
    with _lock:
        if _default is None:
            _default = LineClassifier.load()
        return _default
