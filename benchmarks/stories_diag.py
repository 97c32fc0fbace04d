"""Diagnostics for story grouping on the dev pools of ``stories_pools.py`` (not part of the package).

Caches each pool's assigner state after ``add_many`` (the meaning vectors are the slow part), then
reruns ``recluster`` under config overrides, and explains the recall loss: for every pair of
articles of one gold event that ends up split, was it a candidate pair, and how did it score?

    python benchmarks/stories_diag.py [--set regroup.threshold=0.06 pair.meaning_weight=0.5] [--explain]
    python benchmarks/stories_diag.py --grid regroup.contrast=0,0.5,1 regroup.threshold=0.06,0.08

``--grid`` scores every combination on the story pools and, per pool, the combination the other
pools would choose (leave one pool out, as ``stories_pools.py --sweep`` does for the threshold).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.stories import StoryAssigner
from parallax.stories.features import stated_weekdays
from parallax.stories.regroup import candidate_pairs, meaning_pairs
from stories_common import bcubed, write_result
from stories_pools import POOLS

CACHE = Path(os.environ.get("STORIES_DIAG_CACHE", "/tmp/sdiag"))  # delete it when features change


def state(name: str, seed: int = 0):
    CACHE.mkdir(exist_ok=True)
    arts, gold = POOLS[name]()
    arts = list(arts)
    random.Random(seed).shuffle(arts)
    path = CACHE / f"{name}_{seed}.bin"
    if not path.exists():
        sa = StoryAssigner()
        sa.add_many(arts)
        path.write_bytes(sa.to_bytes())
    # Text-only features are recomputed on the cached state (cheap; the meaning vectors are not).
    sa = StoryAssigner.from_bytes(path.read_bytes())
    for a in arts:
        packed = sa._vecs.get(a.id)
        if packed is not None:
            packed.weekdays = stated_weekdays(a)
    return arts, gold, sa.to_bytes()


def configured(blob: bytes, sets: list[str]) -> StoryAssigner:
    sa = StoryAssigner.from_bytes(blob)
    cfg = sa.config
    for s in sets:
        key, val = s.split("=")
        part, field = key.split(".") if "." in key else ("", key)
        v = type(getattr(getattr(cfg, part) if part else cfg, field))(float(val))
        if part:
            cfg = dataclasses.replace(cfg, **{part: dataclasses.replace(getattr(cfg, part), **{field: v})})
        else:
            cfg = dataclasses.replace(cfg, **{field: v})
    sa.config = cfg
    return sa


def run(name: str, sets: list[str], seed: int = 0) -> dict[str, float]:
    arts, gold, blob = state(name, seed)
    sa = configured(blob, sets)
    sa.recluster()
    return bcubed(gold, {a.id: sa.story_id(a.id) for a in arts})


def explain(name: str, sets: list[str]) -> None:
    arts, gold, blob = state(name)
    sa = configured(blob, sets)
    sa.recluster()
    pred = {a.id: sa.story_id(a.id) for a in arts}
    ids = list(sa._vecs)
    idx = {a: i for i, a in enumerate(ids)}
    feats = [sa._vecs[a].unpack() for a in ids]
    kp = set(candidate_pairs([f.keys for f in feats], [f.day for f in feats], sa.config.regroup))
    wm = [i for i, f in enumerate(feats) if f.meaning is not None]
    mp = {
        (wm[i], wm[j]) for i, j in meaning_pairs(np.stack([feats[i].meaning for i in wm]), sa.config.regroup)
    }
    stats: Counter[str] = Counter()
    scores_split, scores_wrong = [], []
    by_event: dict[str, list[str]] = {}
    for a in ids:
        by_event.setdefault(gold[a], []).append(a)
    for members in by_event.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                i, j = sorted((idx[a], idx[b]))
                s = sa._pair_similarity(feats[i], feats[j])
                same = pred[a] == pred[b]
                cand = "key" if (i, j) in kp else ("meaning" if (i, j) in mp else "none")
                stats[f"{'joined' if same else 'split'}:{cand}"] += 1
                if not same:
                    scores_split.append((s, cand))
    # Wrongly joined pairs' scores
    by_pred: dict[str, list[str]] = {}
    for a in ids:
        by_pred.setdefault(pred[a], []).append(a)
    for members in by_pred.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if gold[a] != gold[b]:
                    i, j = sorted((idx[a], idx[b]))
                    scores_wrong.append(sa._pair_similarity(feats[i], feats[j]))
    print(name, dict(sorted(stats.items())))
    th = sa.config.regroup.threshold
    ss = np.array([s for s, _ in scores_split])
    if len(ss):
        print(
            f"  split gold pairs: {len(ss)}  score quantiles",
            np.round(np.quantile(ss, [0.1, 0.25, 0.5, 0.75, 0.9]), 3),
            f" >=thr {np.mean(ss >= th):.2f}  zero {np.mean(ss == 0):.2f}",
        )
    if scores_wrong:
        sw = np.array(scores_wrong)
        print(
            f"  wrongly joined pairs: {len(sw)}  quantiles",
            np.round(np.quantile(sw, [0.1, 0.25, 0.5, 0.75, 0.9]), 3),
        )


def grid(axes: list[str], pools: list[str], seed: int, name: str | None) -> None:
    """F1 of every combination of ``axes`` ("section.knob=v1,v2") per pool, and the leave-one-pool-out choice."""
    names = [a.split("=")[0] for a in axes]
    values = [a.split("=")[1].split(",") for a in axes]
    curves: dict[str, dict[str, float]] = {p: {} for p in pools}
    for combo in itertools.product(*values):
        sets = [f"{n}={v}" for n, v in zip(names, combo, strict=True)]
        key = " ".join(sets)
        for p in pools:
            curves[p][key] = run(p, sets, seed)["f1"]
        print(key, {p: curves[p][key] for p in pools}, flush=True)
    story = [p for p in pools if p != "wikiref"]
    chosen = {}
    for p in pools:
        others = [q for q in story if q != p and not (q.startswith("polnear") and p.startswith("polnear"))]
        best = max(curves[p], key=lambda k: float(np.mean([curves[q][k] for q in others])))
        chosen[p] = {"setting": best, "f1": curves[p][best]}
        print(f"leave {p} out: choose [{best}] -> {curves[p][best]}")
    if name:
        write_result(name, {"seed": seed, "grid": axes, "f1": curves, "leave_one_pool_out": chosen})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", nargs="*", default=[])
    ap.add_argument("--pools", nargs="*", default=list(POOLS))
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--grid", nargs="*", help="knob=v1,v2 ...: leave-one-pool-out over their combinations")
    ap.add_argument("--name", help="with --grid: write benchmarks/results/NAME.json")
    args = ap.parse_args()
    if args.grid:
        grid(args.grid, args.pools, args.seed, args.name)
        return
    for name in args.pools:
        if args.explain:
            explain(name, args.set)
        else:
            print(name, run(name, args.set, args.seed), flush=True)


if __name__ == "__main__":
    main()
