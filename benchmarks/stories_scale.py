"""Scale of dedup + story clustering (no extraction, no store): wall time and peak RSS per size.

The corpus is real text replicated with perturbations: every Multi-News validation document
and WikiRef article is a base; each synthetic article takes a base, keeps a random ~70% of its
sentences, renames its capitalised words through a per-variant mapping (other people, other
places: the same topic but a different event) and changes its numbers; one in five is
instead a wire copy of an earlier synthetic article (furniture added, a sentence dropped).
Dates spread over two years. Each size runs in its own subprocess (clean peak RSS). CPU time
is reported beside wall time: on a shared machine wall time mostly measures the neighbours.

    OMP_NUM_THREADS=1 nice python benchmarks/stories_scale.py [--sizes 10000 30000 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.model import Article
from stories_common import RESULTS, load_multinews, load_wikiref, write_result

_SENT = re.compile(r"(?<=[.!?])\s+")
_CAPWORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUM = re.compile(r"\b\d+\b")


def bases() -> list[str]:
    texts = [d for ev in load_multinews("validation") for d in ev["documents"] if len(d.split()) >= 80]
    texts += [r["text"] for r in load_wikiref()]
    return texts


def synth(n: int, seed: int = 0) -> list[Article]:
    rng = random.Random(seed)
    texts = bases()
    names = sorted({w for t in texts for w in _CAPWORD.findall(t)})
    start = date(2018, 1, 1)
    out: list[Article] = []
    for i in range(n):
        day = start + timedelta(days=rng.randrange(730))
        if out and rng.random() < 0.2:
            src = rng.choice(out[-5000:])
            sents = _SENT.split(src.text)
            if len(sents) > 4:
                del sents[rng.randrange(1, len(sents))]
            text = "Advertisement\n\n" + " ".join(sents) + "\n\nCopyright The Wire. All rights reserved."
            out.append(Article(id=f"a{i}", source=f"synth/{i}", text=text, published=src.published))
            continue
        base = texts[i % len(texts)]
        sents = [s for s in _SENT.split(base) if rng.random() < 0.7] or [base]
        variant = random.Random(i // len(texts) * 7919 + 17)
        mapping: dict[str, str] = {}

        def rename(
            m: re.Match[str], mapping: dict[str, str] = mapping, variant: random.Random = variant
        ) -> str:
            w = m.group()
            if w not in mapping:
                mapping[w] = w if variant.random() < 0.3 else variant.choice(names)
            return mapping[w]

        text = _CAPWORD.sub(rename, " ".join(sents))
        text = _NUM.sub(lambda m: str(rng.randrange(2, 999)), text)
        out.append(Article(id=f"a{i}", source=f"synth/{i}", text=text, published=day.isoformat()))
    return out


def run_one(n: int) -> dict[str, object]:
    from parallax.stories import StoryAssigner

    arts = synth(n)
    rss_data = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    c0 = time.process_time()
    sa = StoryAssigner()
    for k in range(0, len(arts), 1000):  # batches, as an ingest would hand them over
        sa.add_many(arts[k : k + 1000])
    t_assign = time.perf_counter() - t0
    mapping = sa.recluster()
    t_total = time.perf_counter() - t0
    cpu_total = time.process_time() - c0
    t1 = time.perf_counter()
    blob = sa.to_bytes()
    t_save = time.perf_counter() - t1
    stories = sa.stories()
    return {
        "articles": n,
        "duplicates": len(sa.duplicates()),
        "stories": len(stories),
        "largest_story": max(len(s.article_ids) for s in stories),
        "assign_seconds": round(t_assign, 1),
        "recluster_seconds": round(t_total - t_assign, 1),
        "total_seconds": round(t_total, 1),
        "cpu_seconds": round(cpu_total, 1),
        "cpu_ms_per_article": round(1000 * cpu_total / n, 2),
        "ids_forwarded": len(mapping),
        "state_mb": round(len(blob) / 2**20, 1),
        "to_bytes_seconds": round(t_save, 1),
        "rss_after_building_corpus_mb": round(rss_data, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # Others share the machine: wall time is pessimistic when this is high.
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def _summary(rows: list[dict[str, object]]) -> dict[str, object]:
    if len(rows) < 2:
        return {"sizes": rows, "complete": True}
    a, b = rows[0], rows[-1]
    ratio = b["articles"] / a["articles"]  # type: ignore[operator]
    return {
        "sizes": rows,
        # 1.0 = linear: (time ratio) / (size ratio) between the smallest and largest size.
        "wall_growth_vs_linear": round(b["total_seconds"] / a["total_seconds"] / ratio, 2),  # type: ignore[operator]
        "cpu_growth_vs_linear": round(b["cpu_seconds"] / a["cpu_seconds"] / ratio, 2),  # type: ignore[operator]
        "complete": True,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument(
        "--name", default="stories_scale", help="results file name (benchmarks/results/NAME.json)"
    )
    ap.add_argument(
        "--combine",
        nargs="+",
        metavar="NAME",
        help="only merge the rows of earlier result files (sizes run separately) into --name",
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.combine:
        rows = []
        for name in args.combine:
            rows += json.loads((RESULTS / f"{name}.json").read_text())["sizes"]
        summary = _summary(sorted({r["articles"]: r for r in rows}.values(), key=lambda r: r["articles"]))
        summary["combined_from"] = args.combine
        write_result(args.name, summary)
        print(json.dumps(summary, indent=2))
        return
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for n in args.sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
        write_result(args.name, {"sizes": rows, "complete": False})
    summary = _summary(rows)
    write_result(args.name, summary)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
