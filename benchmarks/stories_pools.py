"""Story grouping on every dev pool of real multi-outlet news, against TF-IDF + average linkage.

Pools (each shuffled with a fixed seed, as a crawl interleaves outlets and events):
- ``multinews``: the 690 documents of the Multi-News validation sample (250 events; no dates);
- ``wikiref``: WikiRef220 (5 topics + 35 noise articles; labels are *topics*, coarser than stories);
- ``neus``: NeuS validation, 921 headline + lead items of 3 outlets per event (307 events; no dates);
- ``polnear_dated`` / ``polnear_undated``: 61 PolNeAR articles of 25 events of the 2016 US campaign
  told by 2-5 of 7 outlets, labelled by hand (``labels/polnear_events.tsv``, see
  ``labels/README.md``), once with outlet and date and once as bare text.

Parallax runs as ``parallax cluster`` does (``api.cluster``). The baseline is TF-IDF (sublinear tf,
English stop words, headline + text) with average-linkage cosine clustering (scikit-learn), its
distance threshold swept on that very pool and the best kept: a ceiling for the baseline.
``--sweep`` also reruns Parallax's consolidation at other thresholds and reports, per pool, the
threshold that the *other* pools would choose (leave one pool out): how stable the setting is.

    python benchmarks/stories_pools.py [--sweep] [--seed 0]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax import api
from parallax.model import Article
from parallax.stories import StoryAssigner
from stories_common import (
    bcubed,
    multinews_articles,
    neus_articles,
    peak_rss_mb,
    polnear_event_articles,
    wikiref_articles,
    write_result,
)

POOLS: dict[str, Callable[[], tuple[list[Article], dict[str, str]]]] = {
    "multinews": multinews_articles,
    "wikiref": lambda: wikiref_articles()[:2],
    "neus": neus_articles,
    "polnear_dated": lambda: polnear_event_articles(True),
    "polnear_undated": lambda: polnear_event_articles(False),
}
THRESHOLDS = [0.06, 0.08, 0.10, 0.12, 0.14, 0.16]


def baseline(arts: list[Article], gold: dict[str, str]) -> dict[str, object]:
    """TF-IDF + average-linkage cosine at every distance threshold; the best one on this pool."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{a.title}. {a.text}" if a.title else a.text for a in arts]
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)
    best: dict[str, object] = {"f1": -1.0}
    for t in np.arange(0.50, 1.00, 0.01):
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=float(t)
        ).fit_predict(dist)
        score = bcubed(gold, {a.id: str(lab) for a, lab in zip(arts, labels, strict=True)})
        if score["f1"] > best["f1"]:  # type: ignore[operator]
            best = {**score, "threshold": round(float(t), 2)}
    return best


def parallax(arts: list[Article], gold: dict[str, str]) -> dict[str, object]:
    t0 = time.perf_counter()
    pred = {a.article_id: a.story_id for a in api.cluster(arts)}
    return {**bcubed(gold, pred), "seconds": round(time.perf_counter() - t0, 2)}


def sweep(arts: list[Article], gold: dict[str, str]) -> dict[float, float]:
    """Parallax's B-cubed F1 with the consolidation threshold set to each of ``THRESHOLDS``."""
    base = StoryAssigner()
    base.add_many(arts)
    blob = base.to_bytes()
    out = {}
    for t in THRESHOLDS:
        sa = StoryAssigner.from_bytes(blob)
        sa.config = dataclasses.replace(
            sa.config, regroup=dataclasses.replace(sa.config.regroup, threshold=t)
        )
        sa.recluster()
        out[t] = bcubed(gold, {a.id: sa.story_id(a.id) for a in arts})["f1"]
    return out


def leave_one_pool_out(curves: dict[str, dict[float, float]]) -> dict[str, dict[str, float]]:
    """Per pool: the threshold best on the mean of the other story pools, and the F1 it gives here."""
    story_pools = [p for p in curves if p != "wikiref"]  # topic labels: not a story-level target
    out = {}
    for pool in curves:
        others = [
            p
            for p in story_pools
            if p != pool and not (p.startswith("polnear") and pool.startswith("polnear"))
        ]
        t = max(THRESHOLDS, key=lambda th: float(np.mean([curves[p][th] for p in others])))
        out[pool] = {"threshold": t, "f1": curves[pool][t]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sweep", action="store_true", help="threshold curves and leave-one-pool-out choice")
    ap.add_argument("--pools", nargs="*", default=list(POOLS))
    args = ap.parse_args()
    result: dict[str, object] = {"seed": args.seed, "pools": {}}
    curves: dict[str, dict[float, float]] = {}
    for name in args.pools:
        arts, gold = POOLS[name]()
        arts = list(arts)
        random.Random(args.seed).shuffle(arts)
        px, bl = parallax(arts, gold), baseline(arts, gold)
        margin = round(float(px["f1"]) - float(bl["f1"]), 4)  # type: ignore[arg-type]
        row: dict[str, object] = {"articles": len(arts), "events": len(set(gold.values())), "parallax": px,
                                  "baseline_best": bl, "margin": margin, "target_met": margin >= 0.03}  # fmt: skip
        if args.sweep:
            curves[name] = sweep(arts, gold)
            row["threshold_curve"] = {str(k): v for k, v in curves[name].items()}
        result["pools"][name] = row  # type: ignore[index]
        print(f"{name:16s} parallax F1 {px['f1']:.4f} (P {px['precision']:.3f} R {px['recall']:.3f}, "
              f"{px['seconds']} s)  baseline best {bl['f1']:.4f} @ {bl['threshold']}  margin {margin:+.4f}",
              flush=True)  # fmt: skip
    if curves:
        result["leave_one_pool_out"] = leave_one_pool_out(curves)
        print("leave one pool out:", result["leave_one_pool_out"])
    result["peak_rss_mb"] = peak_rss_mb()
    write_result("stories_pools", result)


if __name__ == "__main__":
    main()
