"""Story clustering on pooled Multi-News events (B-cubed) + a same-type-different-event check.

1. Pool every document of the validation sample (690 documents, 250 events), shuffle them
   (seeded: a crawl interleaves outlets and events), cluster with ``parallax.api.cluster``
   and score B-cubed P/R/F1 against the events; also in the incremental setting
   (``StoryAssigner.add`` one by one, then ``recluster``).
2. Same type, different event: the event pairs whose reference summaries are most alike
   (tf-idf cosine of the summaries; e.g. two stages of the MH370 search, two Syria death-toll
   reports, two Trump-Russia stories) are pooled on their own, two events per set, and
   clustered: we report B-cubed F1 over those sets and how many pairs got merged anywhere.

    python benchmarks/stories_multinews.py [--split validation] [--pairs 40] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax import api
from parallax.model import Article
from parallax.stories import StoryAssigner
from parallax.stories.text import exact_key
from stories_common import bcubed, load_multinews, multinews_articles, peak_rss_mb, write_result


def similar_event_pairs(split: str, n: int) -> list[tuple[str, str, float]]:
    """The ``n`` most alike event pairs by summary tf-idf cosine (each event used once)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    events = load_multinews(split)
    ids = [e["id"] for e in events]
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2).fit_transform(
        [e["summary"] for e in events]
    )
    sim = (x @ x.T).toarray()
    cand = [(float(sim[i, j]), ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids))]
    cand.sort(reverse=True)
    used: set[str] = set()
    out = []
    for s, a, b in cand:
        if a in used or b in used:
            continue
        used |= {a, b}
        out.append((a, b, round(s, 3)))
        if len(out) == n:
            break
    return out


def pooled(arts: list[Article], gold: dict[str, str], seed: int) -> dict[str, object]:
    arts = list(arts)
    random.Random(seed).shuffle(arts)
    t0 = time.perf_counter()
    assignments = api.cluster(arts)
    secs = time.perf_counter() - t0
    pred = {a.article_id: a.story_id for a in assignments}
    res: dict[str, object] = dict(bcubed(gold, pred))
    res["clusters"] = len(set(pred.values()))
    res["events"] = len(set(gold.values()))
    res["documents"] = len(arts)
    res["duplicates"] = sum(a.duplicate is not None for a in assignments)
    res["seconds"] = round(secs, 2)
    # Knobs were chosen on half "A" of the events (seeded split); half "B" shows how they carry over.
    events = sorted(set(gold.values()))
    half_a = set(random.Random(1).sample(events, len(events) // 2))
    res["tuning_half_A"] = bcubed({k: v for k, v in gold.items() if v in half_a}, pred)
    res["held_half_B"] = bcubed({k: v for k, v in gold.items() if v not in half_a}, pred)
    # Diagnostic only: Multi-News contains crawl boilerplate pages (web-archive notices, tweet
    # widgets) repeated verbatim across unrelated events; dedup rightly groups them, the event
    # labels do not. Score without those documents too, to see how much they cost.
    counts = Counter(exact_key(a.text) for a in arts)
    boiler = {a.id for a in arts if counts[exact_key(a.text)] > 1 and len(a.text.split()) < 150}
    if boiler:
        g2 = {k: v for k, v in gold.items() if k not in boiler}
        res["without_repeated_boilerplate"] = {**bcubed(g2, pred), "documents": len(g2)}
    return res


def incremental(arts: list[Article], gold: dict[str, str], seed: int) -> dict[str, object]:
    arts = list(arts)
    random.Random(seed).shuffle(arts)
    sa = StoryAssigner()
    t0 = time.perf_counter()
    for a in arts:
        sa.add(a)
    one_pass = {a.id: sa.story_id(a.id) for a in arts}
    mapping = sa.recluster()
    secs = time.perf_counter() - t0
    final = {a.id: sa.story_id(a.id) for a in arts}
    return {
        "one_by_one": bcubed(gold, one_pass),
        "after_recluster": {**bcubed(gold, final), "clusters": len(set(final.values()))},
        "ids_forwarded": len(mapping),
        "seconds": round(secs, 2),
    }


def same_type(split: str, n_pairs: int, arts: list[Article], gold: dict[str, str], full_pred: dict[str, str]):
    pairs = similar_event_pairs(split, n_pairs)
    by_event: dict[str, list[Article]] = defaultdict(list)
    for a in arts:
        by_event[gold[a.id]].append(a)
    summaries = {e["id"]: e["summary"][2:90] for e in load_multinews(split)}
    f1s, merged_alone, merged_pooled, rows = [], 0, 0, []
    for a, b, s in pairs:
        docs = by_event[a] + by_event[b]
        pred = {x.article_id: x.story_id for x in api.cluster(docs)}
        g = {d.id: gold[d.id] for d in docs}
        f1s.append(bcubed(g, pred)["f1"])
        together = bool({pred[d.id] for d in by_event[a]} & {pred[d.id] for d in by_event[b]})
        pooled_together = bool(
            {full_pred[d.id] for d in by_event[a]} & {full_pred[d.id] for d in by_event[b]}
        )
        merged_alone += together
        merged_pooled += pooled_together
        rows.append({"summary_cosine": s, "a": summaries[a], "b": summaries[b], "merged": together})
    return {
        "pairs": len(pairs),
        "mean_bcubed_f1_per_pair_set": round(sum(f1s) / len(f1s), 4),
        "pairs_merged_when_pooled_alone": merged_alone,
        "pairs_merged_in_full_pool": merged_pooled,
        "examples": rows[:10],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="validation")
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    arts, gold = multinews_articles(args.split)
    result: dict[str, object] = {"split": args.split, "seed": args.seed}
    result["batch"] = pooled(arts, gold, args.seed)
    shuffled = list(arts)
    random.Random(args.seed).shuffle(shuffled)
    full_pred = {a.article_id: a.story_id for a in api.cluster(shuffled)}
    result["incremental"] = incremental(arts, gold, args.seed)
    result["same_type_different_event"] = same_type(args.split, args.pairs, arts, gold, full_pred)
    result["peak_rss_mb"] = peak_rss_mb()
    result["meets_acceptance"] = result["batch"]["f1"] >= 0.90  # type: ignore[index]
    write_result(
        "stories_multinews" if args.split == "validation" else f"stories_multinews_{args.split}_split", result
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
