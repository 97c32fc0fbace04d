"""Relative weekday resolution on hand-labelled PolNeAR sentences: the context resolver vs the old rule.

Labels: ``benchmarks/labels/timex_relative.tsv`` (67 bare weekday mentions in PolNeAR train/dev
articles, each with the article's publication date and the day it means; README in that folder says
how they were labelled). For each label the article text is read from ``../shared/data/polnear``, the
weekday at the labelled offset is resolved by ``parallax.nlp.timex.find_times`` (new: tense and
context decide the direction) and by the old rule (always the latest such day on or before the
publication date), and both are scored against the gold day, in the same run.

    python benchmarks/timex_relative.py
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, timedelta

from common_metrics import DATA, REPO, RESULTS
from parallax.nlp.timex import find_times
from parallax.words import WEEKDAYS

LABELS = REPO / "benchmarks" / "labels" / "timex_relative.tsv"


def old_rule(weekday: str, anchor: date) -> str:
    """The previous convention: the latest such weekday on or before the anchor."""
    back = (anchor.weekday() - WEEKDAYS[weekday.lower()]) % 7
    return (anchor - timedelta(days=back)).isoformat()


def main() -> int:
    with LABELS.open(encoding="utf-8") as fh:
        rows = list(
            csv.DictReader(
                (line for line in fh if not line.startswith("# ")),
                delimiter="\t",
                fieldnames=["id", "split", "article", "offset", "anchor", "weekday", "direction", "gold"],
            )
        )
    rows = [r for r in rows if r["id"] != "# id"]
    score = {"new": {"all": 0, "past": 0, "future": 0}, "old": {"all": 0, "past": 0, "future": 0}}
    counts = {"all": 0, "past": 0, "future": 0}
    misses = []
    for r in rows:
        text = (DATA / "polnear" / r["split"] / "text" / f"{r['article']}.txt").read_text(encoding="utf-8")
        off = int(r["offset"])
        anchor = date.fromisoformat(r["anchor"])
        got = next((t.value for t in find_times(text, anchor) if t.start <= off < t.end), None)
        old = old_rule(r["weekday"], anchor)
        for k in ("all", r["direction"]):
            counts[k] += 1
            score["new"][k] += got == r["gold"]
            score["old"][k] += old == r["gold"]
        if got != r["gold"]:
            misses.append({"id": r["id"], "gold": r["gold"], "new": got})
    result = {
        "labels": len(rows),
        "by_direction": counts,
        "accuracy": {
            s: {k: round(v / max(1, counts[k]), 3) for k, v in score[s].items()} for s in ("new", "old")
        },
        "new_misses": misses,
    }
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "timex_relative.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
