"""Comparison benchmark on real articles: A vs B = A with sentences removed and facts changed.

Articles: Multi-News validation sample documents (``../shared/data/multinews_sample``) with at least 10
sentences of >= 6 words (claims; questions excluded). For each article A, with a fixed seed: 15% of the
claims are removed, 15% of the claims that carry a number, a date (month / weekday / year) or a capitalised
name get exactly one of them changed (number -> another number, month/weekday -> another, name -> a name
taken from another cluster), the rest stay untouched. B is A's text with those edits. Then
``parallax.digest.compare.compare([A, B])`` (A and B have different outlets) is scored:

* removed recall: removed claims reported among ``unique`` (span of A) — target >= 90%;
* changed recall: changed claims (A side) in a contradiction — target >= 80%;
* untouched false-contradiction rate: untouched claims in a contradiction — target <= 10%.

Also reported (no gold): contradictions raised between the different outlets' articles of the real
clusters, per article pair — most of those pairs agree, so this shows the false-alarm level on real text.

Split by cluster index: ``train`` (< 125, used to set the thresholds), ``dev`` (>= 125), ``all``.

    python benchmarks/compare_pairs.py [--split all|train|dev] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

from common_metrics import RESULTS
from parallax.digest.compare import compare
from parallax.digest.text import split_sentences
from parallax.model import Article
from summary_multinews import SPLIT_AT, load

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NUM = re.compile(r"\b\d[\d,]*\b")
_CAP = re.compile(r"(?<=\s)[A-Z][a-z]{3,}\b")


def _claims(text: str) -> list[tuple[int, int]]:
    out = []
    for s in split_sentences(text):
        t = text[s.start : s.end]
        if len(t.split()) >= 6 and not t.rstrip("\"'”’ ").endswith("?") and any(c.islower() for c in t):
            out.append((s.start, s.end))
    return out


def _change(sent: str, rng: random.Random, names: list[str]) -> str | None:
    """One edited fact in ``sent`` (number, date or name), or None when it has none."""
    options = []
    months = [m for m in MONTHS if re.search(rf"\b{m}\b", sent)]
    days = [d for d in DAYS if re.search(rf"\b{d}\b", sent)]
    nums = list(_NUM.finditer(sent))
    caps = [m for m in _CAP.finditer(sent) if m.group(0) not in MONTHS + DAYS]
    if nums:
        options.append("number")
    if months or days:
        options.append("date")
    if caps:
        options.append("name")
    if not options:
        return None
    kind = rng.choice(options)
    if kind == "number":
        m = rng.choice(nums)
        v = int(m.group(0).replace(",", ""))
        if 1900 <= v <= 2100:  # a year: another plausible year
            new = str(v + rng.choice([-3, -2, -1, 1, 2, 3]))
        else:
            new = str(v + rng.randint(1, 9) if v < 1000 else v * 2 + 7)
        return sent[: m.start()] + new + sent[m.end() :]
    if kind == "date":
        pool, old = (MONTHS, rng.choice(months)) if months else (DAYS, rng.choice(days))
        new = rng.choice([x for x in pool if x != old])
        return re.sub(rf"\b{old}\b", new, sent, count=1)
    m = rng.choice(caps)
    new = rng.choice([n for n in names if n != m.group(0)])
    return sent[: m.start()] + new + sent[m.end() :]


def make_pair(art_text: str, rng: random.Random, names: list[str]) -> dict[str, Any] | None:
    claims = _claims(art_text)
    if len(claims) < 10:
        return None
    order = list(range(len(claims)))
    rng.shuffle(order)
    n = max(1, round(0.15 * len(claims)))
    removed = set(order[:n])
    changed: dict[int, str] = {}
    for i in order[n:]:
        if len(changed) >= n:
            break
        s, e = claims[i]
        new = _change(art_text[s:e], rng, names)
        if new and new != art_text[s:e]:
            changed[i] = new
    pieces, pos = [], 0
    for i, (s, e) in enumerate(claims):
        pieces.append(art_text[pos:s])
        if i not in removed:
            pieces.append(changed.get(i, art_text[s:e]))
        pos = e
    pieces.append(art_text[pos:])
    return {"claims": claims, "removed": removed, "changed": changed, "b": "".join(pieces)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="all", choices=["all", "train", "dev"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    rows = load(args.split)
    all_rows = load("all")
    rng = random.Random(args.seed)
    counts: dict[str, dict[str, int]] = {
        sp: {
            "pairs": 0,
            "removed": 0,
            "removed_hit": 0,
            "changed": 0,
            "changed_hit": 0,
            "untouched": 0,
            "untouched_fp": 0,
        }
        for sp in ("train", "dev")
    }
    secs = 0.0
    examples: list[dict[str, str]] = []
    missed_removed: list[str] = []
    for row in rows:
        sp = "train" if row["index"] < SPLIT_AT else "dev"
        # names come from a different cluster, so a replacement is never the article's own name
        other = all_rows[(row["index"] + 1) % len(all_rows)]
        names = sorted(
            {m.group(0) for d in other["documents"] for m in _CAP.finditer(d)} - set(MONTHS + DAYS)
        )
        if not names:
            continue
        for k, doc in enumerate(row["documents"]):
            pair = make_pair(doc, rng, names)
            if pair is None:
                continue
            a = Article(id=f"{row['id']}-{k}-A", source="A", text=doc, outlet="Outlet A")
            b = Article(id=f"{row['id']}-{k}-B", source="B", text=pair["b"], outlet="Outlet B")
            t0 = time.perf_counter()
            comp = compare([a, b])
            secs += time.perf_counter() - t0
            uniq = {(c.start, c.end) for c in comp.unique if c.article_id == a.id}
            contra = set()
            for c in comp.contradictions:
                for side in (c.left, c.right):
                    if side.article_id == a.id:
                        contra.add((side.start, side.end))
            st = counts[sp]
            st["pairs"] += 1
            for i, span in enumerate(pair["claims"]):
                if i in pair["removed"]:
                    st["removed"] += 1
                    st["removed_hit"] += span in uniq
                    if span not in uniq and len(missed_removed) < 8:
                        missed_removed.append(doc[span[0] : span[1]])
                elif i in pair["changed"]:
                    st["changed"] += 1
                    hit = span in contra
                    st["changed_hit"] += hit
                    if not hit and len(examples) < 8:
                        examples.append({"a": doc[span[0] : span[1]], "b": pair["changed"][i]})
                else:
                    st["untouched"] += 1
                    st["untouched_fp"] += span in contra
            if args.limit and sum(c["pairs"] for c in counts.values()) >= args.limit:
                break
        if args.limit and sum(c["pairs"] for c in counts.values()) >= args.limit:
            break

    def rates(st: dict[str, int]) -> dict[str, Any]:
        return {
            **st,
            "removed_as_unique": round(st["removed_hit"] / max(1, st["removed"]), 4),
            "changed_as_contradiction": round(st["changed_hit"] / max(1, st["changed"]), 4),
            "untouched_as_contradiction": round(st["untouched_fp"] / max(1, st["untouched"]), 4),
        }

    # Real cross-outlet clusters (no gold): how many contradictions the comparison raises between
    # different outlets' articles about one event. Most such pairs agree, so this bounds false alarms.
    real = {"clusters": 0, "article_pairs": 0, "contradictions": 0}
    real_examples: list[dict[str, str]] = []
    for row in rows:
        docs = [d for d in row["documents"] if d.strip()]
        if len(docs) < 2:
            continue
        arts = [
            Article(id=f"{row['id']}-{k}", source=str(k), text=d, outlet=f"outlet {k}")
            for k, d in enumerate(docs)
        ]
        comp = compare(arts)
        real["clusters"] += 1
        real["article_pairs"] += len(arts) * (len(arts) - 1) // 2
        real["contradictions"] += len(comp.contradictions)
        for c in comp.contradictions[: max(0, 6 - len(real_examples))]:
            real_examples.append(
                {"slot": c.explanation, "left": c.left.text[:200], "right": c.right.text[:200]}
            )
    real["contradictions_per_pair"] = round(real["contradictions"] / max(1, real["article_pairs"]), 4)

    total = {k: counts["train"][k] + counts["dev"][k] for k in counts["train"]}
    res = {
        "data": "multinews validation sample250 documents",
        "split": args.split,
        "seed": args.seed,
        "all": rates(total),
        "train": rates(counts["train"]),
        "dev": rates(counts["dev"]),
        "real_clusters": real,
        "real_cluster_examples": real_examples,
        "seconds_compare": round(secs, 2),
        "missed_changes_examples": examples,
        "missed_removed_examples": missed_removed,
    }
    a = res["all"]
    res["pass"] = (
        a["removed_as_unique"] >= 0.9
        and a["changed_as_contradiction"] >= 0.8
        and a["untouched_as_contradiction"] <= 0.1
    )
    print(json.dumps(res, indent=2))
    if not args.limit and args.split == "all":
        RESULTS.mkdir(parents=True, exist_ok=True)
        (Path(RESULTS) / "compare_pairs.json").write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
