"""``parallax compare`` on three ~600-word articles of one story, end to end (a fresh process each run).

Articles: the three PolNeAR articles of one hand-labelled event (``labels/polnear_events.tsv``) whose
lengths are closest to 600 words, written as plain-text files (title line, blank line, body). The
command is the README's: ``parallax compare A B C --json`` (annotation on: entities and quotes feed
the framing). Wall and CPU time per run, median of ``--repeat`` runs; the first run of each side is a
warm-up (disk cache) and is not counted.
The peer runs interleaved: the same command with another checkout's code (``--peer-src DIR``, e.g. a
worktree of the commit before a change). Measure on a quiet machine.

    python benchmarks/compare_speed.py [--repeat 5] [--peer-src ../before/src]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_metrics import DATA
from stories_common import REPO, write_result

LABELS = Path(__file__).resolve().parent / "labels" / "polnear_events.tsv"


def three_articles(out: Path) -> list[Path]:
    """Write the three articles (one event, ~600 words each) into ``out``; returns their paths."""
    events: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with LABELS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = DATA / "polnear" / row["compartment"] / "text" / f"{row['filename']}.txt"
            text = path.read_text(encoding="utf-8")
            events[row["event"]].append((len(text.split()), row["filename"], text))
    # the event with 3+ articles whose three lengths are closest to 600 words
    best = min(
        (sorted(arts, key=lambda a: abs(a[0] - 600))[:3] for arts in events.values() if len(arts) >= 3),
        key=lambda trio: sum(abs(n - 600) for n, _, _ in trio),
    )
    paths = []
    for _, name, text in best:
        title, _, body = text.partition("\n")
        p = out / f"{name}.txt"
        p.write_text(f"{title.strip()}\n\n{body.strip()}\n", encoding="utf-8")
        paths.append(p)
    return paths


def one_run(src: Path, paths: list[Path]) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-m", "parallax", "compare", *map(str, paths), "--json"]
    t0, c0 = time.perf_counter(), os.times()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall, c1 = time.perf_counter() - t0, os.times()
    if proc.returncode != 0:
        raise SystemExit(f"{src}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    cpu = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--peer-src", type=Path, help="another checkout's src/ to run as the peer")
    args = ap.parse_args()
    sides = {"parallax": REPO / "src", **({"peer": args.peer_src} if args.peer_src else {})}
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in sides}
    with tempfile.TemporaryDirectory() as tmp:
        paths = three_articles(Path(tmp))
        words = [len(p.read_text(encoding="utf-8").split()) for p in paths]
        for src in sides.values():
            one_run(src, paths)  # warm-up
        for _ in range(args.repeat):
            for name, src in sides.items():
                runs[name].append(one_run(src, paths))
    result = {
        "articles_words": words,
        "repeat": args.repeat,
        **{
            name: {
                "wall_s_median": round(statistics.median(w for w, _ in r), 2),
                "cpu_s_median": round(statistics.median(c for _, c in r), 2),
                "wall_s": [round(w, 2) for w, _ in r],
            }
            for name, r in runs.items()
        },
        "load_avg_1min": os.getloadavg()[0],
    }
    print(result)
    write_result("compare_speed", result)


if __name__ == "__main__":
    main()
