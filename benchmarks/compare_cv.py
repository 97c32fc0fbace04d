"""Cross-validated choice of the comparison's unique-claim settings on the two tuning sets (a + c).

Events of ``labels/compare_neus_val.json`` (a) and ``compare_neus_val_c.json`` (c), 60 in all, are
split into 5 folds of events (seeded shuffle). For each fold a setting is chosen on the other 4 folds:
the most right unique claims among the settings whose unique precision is >= 0.85 with at most 30% of
claim sentences flagged (the targets), else the most precise one; it is then scored on the held fold.
The CV figure is the sum of the held folds' counts; stability is which setting each fold chose. The
setting chosen on all 60 events is the one to ship. Contradiction figures of ``polarity`` off / on are
reported the same way (per held fold, no choice made). The held-out set b is never read here.

    python benchmarks/compare_cv.py
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from dataclasses import replace
from itertools import product
from typing import Any

import numpy as np

import parallax.digest.compare as compare_mod
from common_metrics import RESULTS
from compare_real import COUNTS, LABELS, LABELS_C, _load, pooled, ratios, score_event
from parallax.digest.compare import CompareConfig
from parallax.meaning import default_model

FOLDS = 5
SEED = 19
# copy_at first: on a tie the lowest (most matches skipped as copies of another own sentence) wins,
# the setting least likely to keep a claim dropped by a wire copy from being listed unique.
COPIES = (0.8, 0.85, 0.9, float("inf"))
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
CEILINGS = (*(round(0.4 + 0.05 * k, 2) for k in range(17)), float("inf"))
Setting = tuple[float, float, float]  # copy_at, lexical_weight, flag_below


class _CachedModel:
    """The shipped meaning model with a memo per text: every setting encodes the same sentences."""

    def __init__(self) -> None:
        self.model = default_model()
        self.memo: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            self.memo.update(zip(todo, self.model.encode(todo), strict=True))
        return np.stack([self.memo[t] for t in texts])


def _per_event(
    config: CompareConfig, gold: dict[str, Any], events: dict[str, Any]
) -> dict[str, dict[str, int]]:
    """Counts of one setting, event by event."""
    out = {}
    for eid, lab in gold.items():
        counts = dict.fromkeys(COUNTS, 0)
        counts["events"] = 1
        score_event(events[eid], lab, counts, False, config)
        out[eid] = counts
    return out


def _choose(results: dict[Setting, dict[str, dict[str, int]]], ids: list[str]) -> Setting:
    """The setting with the most right unique claims that meets the targets on ``ids`` (else the most precise)."""

    def key(setting: Setting) -> tuple[bool, float, float]:
        r = ratios(pooled(*(results[setting][e] for e in ids)))
        ok = r["unique_precision"] >= 0.85 and r["unique_share"] <= 0.3
        return ok, r["unique_right"] if ok else r["unique_precision"], -setting[1]

    return max(results, key=key)


def _cv(
    results: dict[Setting, dict[str, dict[str, int]]], folds: list[list[str]]
) -> tuple[dict[str, Any], list[Setting]]:
    """Held-fold figures (each fold scored with the setting chosen on the other folds) and the choices."""
    held, chosen = [], []
    for k, fold in enumerate(folds):
        train = [e for j, f in enumerate(folds) if j != k for e in f]
        setting = _choose(results, train)
        chosen.append(setting)
        held.append(pooled(*(results[setting][e] for e in fold)))
    return ratios(pooled(*held)), chosen


def _named(setting: Setting) -> dict[str, str | float]:
    return {"copy_at": str(setting[0]), "lexical_weight": setting[1], "flag_below": str(setting[2])}


def main() -> int:
    events = _load()
    cached = _CachedModel()
    compare_mod.default_model = lambda: cached  # type: ignore[assignment]
    gold = {
        **json.loads(LABELS.read_text(encoding="utf-8"))["events"],
        **json.loads(LABELS_C.read_text(encoding="utf-8"))["events"],
    }
    ids = sorted(gold)
    random.Random(SEED).shuffle(ids)
    folds = [ids[k::FOLDS] for k in range(FOLDS)]
    base = CompareConfig()
    results = {
        (k, w, c): _per_event(replace(base, copy_at=k, lexical_weight=w, flag_below=c), gold, events)
        for k, w, c in product(COPIES, WEIGHTS, CEILINGS)
    }
    cv, chosen = _cv(results, folds)
    # ablations: the ceiling alone on the meaning model's cosine (no lexical term, no copy skip), and
    # each copy_at with weights and ceilings chosen per fold
    cv_cos, chosen_cos = _cv({k: v for k, v in results.items() if k[:2] == (float("inf"), 0.0)}, folds)
    per_copy = {}
    for k in COPIES:
        r, ch = _cv({s: v for s, v in results.items() if s[0] == k}, folds)
        per_copy[str(k)] = {"cv_unique": r, "chosen_per_fold": [list(map(str, x)) for x in ch]}
    final = _choose(results, ids)
    polarity = {}
    for on in (False, True):
        per = _per_event(replace(base, polarity=on), gold, events)
        polarity[f"polarity_{'on' if on else 'off'}"] = {
            "folds": [ratios(pooled(*(per[e] for e in f))) for f in folds],
            "pooled": ratios(pooled(*per.values())),
        }
    out = {
        "folds": FOLDS,
        "seed": SEED,
        "grid": {
            "copy_at": [str(k) for k in COPIES],
            "lexical_weight": WEIGHTS,
            "flag_below": [str(c) for c in CEILINGS],
        },
        "baseline_pooled": ratios(pooled(*results[(float("inf"), 0.0, float("inf"))].values())),
        "cv_unique": cv,
        "chosen_per_fold": [_named(s) for s in chosen],
        "cv_ceiling_only": cv_cos,
        "chosen_per_fold_ceiling_only": [str(s[2]) for s in chosen_cos],
        "cv_per_copy_at": per_copy,
        "stability": {str(k): v for k, v in Counter(chosen).items()},
        "chosen_on_all": _named(final),
        "in_sample_chosen": ratios(pooled(*results[final].values())),
        **polarity,
    }
    print(json.dumps(out, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "compare_cv.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
