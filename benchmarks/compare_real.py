"""Comparison benchmark on real multi-outlet stories, against hand labels.

Stories: NeuS validation events (``../shared/data/neus_val``), three outlets each (title + lead; the
lead is compared). Labels (sentence ids ``oXsY`` only; see ``labels/README.md`` for how they were
written): ``labels/compare_neus_val.json`` (events 000-029, tuning set a), ``compare_neus_val_c.json``
(045-074, tuning set c, labelled blind) and ``compare_neus_val_b.json`` (030-044, held out); sets a and
c are also reported pooled. Each event's three items become three articles of
different outlets and go through ``parallax.digest.compare.compare``. Scored:

* contradiction precision / recall: predicted contradiction pairs vs the gold pairs (``arguable`` pairs
  count neither way) — targets >= 0.8 / >= 0.6;
* unique precision: sentences flagged unique that the labels call unique — target >= 0.85, with at
  most 30% of all claim sentences flagged;
* shared precision: shared groups whose every cross-outlet pair sits inside one gold group — target >= 0.9.

    python benchmarks/compare_real.py [--show] [--tuning-only]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

from common_metrics import RESULTS
from parallax.digest.compare import CompareConfig, compare
from parallax.digest.text import split_sentences
from parallax.model import Article, Claim

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "neus_val" / "neus_val.jsonl.gz"
LABELS = Path(__file__).resolve().parent / "labels" / "compare_neus_val.json"
LABELS_B = Path(__file__).resolve().parent / "labels" / "compare_neus_val_b.json"
LABELS_C = Path(__file__).resolve().parent / "labels" / "compare_neus_val_c.json"
COUNTS = (
    *("sentences", "unique_flagged", "unique_right", "unique_gold", "groups", "groups_right"),
    *("contra_pred", "contra_right", "contra_gold", "contra_found"),
)


def _load(path: Path = DATA) -> dict[str, dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return {e["id"]: e for e in map(json.loads, f)}


def _articles(event: dict[str, Any]) -> tuple[list[Article], dict[tuple[str, int], str]]:
    """The event's items as articles, and (article id, sentence start) -> ``oXsY``."""
    arts, ids = [], {}
    for k, item in enumerate(event["items"]):
        aid = f"{event['id']}-o{k}"
        arts.append(Article(id=aid, source=aid, text=item["text"], outlet=f"outlet{k}", title=item["title"]))
        for j, s in enumerate(split_sentences(item["text"])):
            ids[(aid, s.start)] = f"o{k}s{j}"
    return arts, ids


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def score_event(
    event: dict[str, Any],
    gold: dict[str, Any],
    counts: dict[str, int],
    show: bool,
    config: CompareConfig | None = None,
) -> None:
    """Add one event's hits and misses to ``counts``."""
    arts, ids = _articles(event)
    comp = compare(arts, story_id=event["id"], config=config)

    def sid(c: Claim) -> str:
        return ids.get((c.article_id, c.start), "?")

    all_ids = set(ids.values()) - set(gold.get("nonclaim", []))
    groups = [set(g) for g in gold["groups"]]
    covered = set().union(*groups) if groups else set()
    gold_unique = all_ids - covered
    same = {_pair(a, b) for g in groups for a, b in combinations(sorted(g), 2) if a[:2] != b[:2]}
    contra = {_pair(*p) for p in gold.get("contradictions", [])}
    arguable = {_pair(*p) for p in gold.get("arguable", [])}
    flagged = {sid(c) for c in comp.unique} & all_ids
    counts["sentences"] += len(all_ids)
    counts["unique_flagged"] += len(flagged)
    counts["unique_right"] += len(flagged & gold_unique)
    counts["unique_gold"] += len(gold_unique)
    for g in comp.common:
        members = [sid(c) for c in g]
        pairs = {_pair(a, b) for a, b in combinations(members, 2) if a[:2] != b[:2]}
        counts["groups"] += 1
        counts["groups_right"] += pairs <= same
        if show and not pairs <= same:
            print(f"  {event['id']} wrong group {sorted(members)}")
    found = {_pair(sid(c.left), sid(c.right)) for c in comp.contradictions}
    scored = found - arguable
    counts["contra_pred"] += len(scored)
    counts["contra_right"] += len(scored & contra)
    counts["contra_gold"] += len(contra)
    counts["contra_found"] += len(found & contra)
    if show:
        wrong_u = sorted(flagged - gold_unique)
        print(f"  {event['id']} unique flagged {sorted(flagged)} wrong {wrong_u}")
        for p in sorted(scored - contra):
            print(f"  {event['id']} false contradiction {p}")
        for p in sorted(contra - found):
            print(f"  {event['id']} missed contradiction {p}")


def count_set(
    labels: Path, events: dict[str, dict[str, Any]], show: bool, config: CompareConfig | None = None
) -> dict[str, int]:
    """Hit and miss counts of the comparison on one labelled set of events."""
    gold = json.loads(labels.read_text(encoding="utf-8"))["events"]
    counts: dict[str, int] = dict.fromkeys(COUNTS, 0)
    counts["events"] = len(gold)
    for eid, lab in gold.items():
        score_event(events[eid], lab, counts, show, config)
    return counts


def ratios(counts: dict[str, int]) -> dict[str, Any]:
    """The counts with the benchmark's ratios added (NaN where the denominator is 0)."""

    def ratio(a: str, b: str) -> float:
        return round(counts[a] / counts[b], 3) if counts[b] else float("nan")

    return {
        **counts,
        "contradiction_precision": ratio("contra_right", "contra_pred"),
        "contradiction_recall": ratio("contra_found", "contra_gold"),
        "unique_precision": ratio("unique_right", "unique_flagged"),
        "unique_share": ratio("unique_flagged", "sentences"),
        "unique_recall": ratio("unique_right", "unique_gold"),
        "shared_precision": ratio("groups_right", "groups"),
    }


def pooled(*sets: dict[str, int]) -> dict[str, int]:
    """Counts of several sets added up."""
    return {k: sum(c[k] for c in sets) for k in sets[0]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print every error per event")
    ap.add_argument(
        "--tuning-only",
        action="store_true",
        help="score the tuning set only (no held-out figures, nothing written): for tuning runs",
    )
    ap.add_argument(
        "--no-lexical",
        action="store_true",
        help="score the earlier default (cosine alone, no ceiling, no copy skip) for contrast",
    )
    args = ap.parse_args()
    config = (
        CompareConfig(lexical_weight=0.0, flag_below=float("inf"), copy_at=float("inf"))
        if args.no_lexical
        else None
    )
    name = "compare_real_no_lexical" if args.no_lexical else "compare_real"
    events = _load()
    # the 30 events the comparison's settings were first tuned against (in-sample)
    a = count_set(LABELS, events, args.show, config)
    # 30 more, labelled blind: with set a, the pool settings are cross-validated on (compare_cv.py)
    c = count_set(LABELS_C, events, args.show, config)
    out = {"tuning_set": ratios(a), "tuning_set_c": ratios(c), "tuning_pooled": ratios(pooled(a, c))}
    if args.tuning_only:
        print(json.dumps(out, indent=1))
        return 0
    # 15 more events labelled after the settings were fixed (held out from tuning)
    out["held_out_set"] = ratios(count_set(LABELS_B, events, args.show, config))
    print(json.dumps(out, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
