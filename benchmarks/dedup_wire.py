"""Near-duplicate benchmark: wire copies of real articles among unrelated real articles.

Originals: one document per Multi-News validation event (the longest, >= 150 words) and the
WikiRef220 articles. Each of ``--copies`` originals gets one or two wire copies made with
a random mix of the edits wire copies get: furniture added (bylines, share bars, copyright
lines, "related" links), a paragraph dropped or the ending trimmed, the headline line
changed, light rewording (a few words substituted or dropped). Everything is shuffled and fed
to ``parallax.stories.DuplicateIndex`` in that order.

A duplicate record is correct when both articles come from the same original. Recall: share
of copies (all members of a copy family but the first seen) flagged as a duplicate of a family
member. Also reported: how many *other* documents of the same Multi-News events (different
outlets, same event: the hardest negatives) are flagged, which counts real syndicated copies.

    python benchmarks/dedup_wire.py [--copies 200] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.stories import DedupConfig, DuplicateIndex
from stories_common import load_multinews, load_wikiref, write_result

FURNITURE_TOP = [
    "Advertisement",
    "By {agency} Staff | Published {n}:{m:02d} AM",
    "Share this article: Facebook Twitter Email Print",
    "Breaking News Alert",
    "Updated {n} minutes ago",
]
FURNITURE_BOTTOM = [
    "Copyright {year} The {agency}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Related: More stories from our partners",
    "Sign up for our newsletter to get the top stories in your inbox every morning.",
    "Comments are closed for this article.",
    "Follow us on Twitter and Facebook for the latest updates.",
    "Contributing: staff writers. This story has been updated.",
]
AGENCIES = ["Associated Press", "Reuters", "Press Association", "AFP", "Wire Service"]
REWORD = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "people": "persons",
    "about": "around",
    "also": "additionally",
    "after": "following",
    "more than": "over",
    "according to": "per",
    "however": "but",
    "because": "since",
    "big": "large",
    "help": "assist",
    "show": "demonstrate",
    "start": "begin",
}


def paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return parts or [text]


def reword(text: str, rng: random.Random, rate: float) -> str:
    words = text.split(" ")
    out = []
    for w in words:
        low = w.lower().strip(".,;:\"'")
        r = rng.random()
        if low in REWORD and r < 0.5:
            out.append(w.lower().replace(low, REWORD[low]))
        elif r < rate:
            continue  # a dropped word
        else:
            out.append(w)
    return " ".join(out)


def make_copy(text: str, rng: random.Random) -> tuple[str, list[str]]:
    paras = paragraphs(text)
    edits = rng.sample(["furniture", "drop", "headline", "reword"], k=rng.choice([2, 3, 4]))
    if "drop" in edits and len(paras) > 3:
        if rng.random() < 0.5:
            del paras[rng.randrange(1, len(paras))]
        else:  # trimmed ending: the last ~20%
            paras = paras[: max(2, int(len(paras) * 0.8))]
    if "headline" in edits:
        first = paras[0]
        new = f"{rng.choice(['UPDATE', 'WATCH', 'EXCLUSIVE', 'Breaking'])}: {' '.join(first.split()[:8])}"
        if len(first.split()) <= 20:
            paras[0] = new  # the text carried its headline: replace it
        else:
            paras.insert(0, new)
    if "reword" in edits:
        paras = [reword(p, rng, 0.02) for p in paras]
    if "furniture" in edits:
        fill = {
            "agency": rng.choice(AGENCIES),
            "n": rng.randint(1, 12),
            "m": rng.randint(0, 59),
            "year": 2016,
        }
        paras = [t.format(**fill) for t in rng.sample(FURNITURE_TOP, 2)] + paras
        paras += [t.format(**fill) for t in rng.sample(FURNITURE_BOTTOM, 2)]
    return "\n\n".join(paras), sorted(edits)


def build(copies: int, seed: int) -> tuple[list[tuple[str, str, str]], dict[str, str], set[str], list[str]]:
    """Items (id, family, text), edits per copy, same-event negatives, in stream order."""
    rng = random.Random(seed)
    items: list[tuple[str, str, str]] = []
    hard: set[str] = set()
    originals: list[tuple[str, str]] = []
    for ev in load_multinews("validation"):
        docs = sorted(ev["documents"], key=lambda d: -len(d.split()))
        if len(docs[0].split()) >= 150:
            originals.append((f"mn-{ev['id']}", docs[0]))
            for j, d in enumerate(docs[1:]):
                hid = f"mn-{ev['id']}-other{j}"
                items.append((hid, hid, d))
                hard.add(hid)
    for row in load_wikiref():
        originals.append((f"wr-{row['doc_id']}", row["text"]))
    edits: dict[str, str] = {}
    for oid, text in originals:
        items.append((oid, oid, text))
    for oid, text in rng.sample(originals, min(copies, len(originals))):
        for k in range(rng.choice([1, 1, 2])):
            cid = f"{oid}-copy{k}"
            ctext, e = make_copy(text, rng)
            items.append((cid, oid, ctext))
            edits[cid] = "+".join(e)
    rng.shuffle(items)
    order = [i for i, _, _ in items]
    return items, edits, hard, order


def evaluate(items: list[tuple[str, str, str]], hard: set[str], config: DedupConfig) -> dict[str, object]:
    family = {i: f for i, f, _ in items}
    index = DuplicateIndex(config)
    t0 = time.perf_counter()
    found: dict[str, str] = {}
    for iid, _, text in items:
        dup = index.check_add(iid, text)
        if dup is not None:
            found[iid] = dup.canonical_id
    secs = time.perf_counter() - t0
    fam_sizes: dict[str, int] = {}
    for _, f, _ in items:
        fam_sizes[f] = fam_sizes.get(f, 0) + 1
    positives = sum(n - 1 for n in fam_sizes.values())
    correct = sum(1 for a, c in found.items() if family[a] == family[c])
    flagged_hard = sum(1 for a, c in found.items() if a in hard or c in hard)
    scored = {a: c for a, c in found.items() if a not in hard and c not in hard}
    correct_scored = sum(1 for a, c in scored.items() if family[a] == family[c])
    return {
        "articles": len(items),
        "copies": positives,
        "flagged": len(found),
        "correct": correct,
        "recall": round(correct / max(1, positives), 4),
        "precision": round(correct_scored / max(1, len(scored)), 4),
        "same_event_other_outlet_flagged": flagged_hard,
        "seconds": round(secs, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    items, edits, hard, _ = build(args.copies, args.seed)
    cfg = DedupConfig()
    result = evaluate(items, hard, cfg)
    # Recall per edit mix, for the record.
    family = {i: f for i, f, _ in items}
    index = DuplicateIndex(cfg)
    hit = {}
    for iid, _, text in items:
        dup = index.check_add(iid, text)
        hit[iid] = dup is not None and family[dup.canonical_id] == family[iid]
    by_edit: dict[str, list[int]] = {}
    for cid, e in edits.items():
        by_edit.setdefault(e, [0, 0])
        by_edit[e][1] += 1
        # a copy seen before its original makes the original the flagged one: count the family
        fam = family[cid]
        by_edit[e][0] += int(hit[cid] or any(hit[i] for i, f, _ in items if f == fam and i != cid))
    result["recall_by_edits"] = {k: round(a / b, 3) for k, (a, b) in sorted(by_edit.items())}
    result["config"] = {
        "num_perm": cfg.num_perm,
        "shingle_size": cfg.shingle_size,
        "lsh_threshold": cfg.lsh_threshold,
        "min_similarity": cfg.min_similarity,
        "min_containment": cfg.min_containment,
    }
    result["meets_acceptance"] = result["recall"] >= 0.95 and result["precision"] >= 0.99
    write_result("dedup_wire", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
