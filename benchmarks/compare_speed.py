"""``parallax compare`` on three ~600-word articles of one story, end to end (a fresh process each run).

Articles: the three articles of one Multi-News validation event (three different source sites) whose
lengths are closest to 600 words, written as plain-text files, each file's outlet named by an outlet
file (``PARALLAX_OUTLETS``). The
command is the README's: ``parallax compare A B C --json`` (annotation on: entities and quotes feed
the framing). Wall and CPU time per run, median of ``--repeat`` runs; the first run of each side is a
warm-up (disk cache) and is not counted.
The peer runs interleaved: the same command with another checkout's code (``--peer-src DIR``, e.g. a
worktree of the commit before a change). Measure on a quiet machine.

    python benchmarks/compare_speed.py [--repeat 5] [--peer-src ../before/src]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories_common import REPO, load_multinews, write_result


def three_articles(out: Path) -> list[Path]:
    """Write three articles of one Multi-News validation event (each from a different source site,
    ~600 words) into ``out``, and ``out/outlets.toml`` naming each file's outlet; returns the paths.

    The outlets must be named (plain text files carry none): with one "unknown outlet" a comparison
    has nothing to align, and the benchmark would time the shortcut instead of the work.
    """
    trios = []
    for ev in load_multinews("validation"):
        docs = sorted(ev["documents"], key=lambda d: abs(len(d.split()) - 600))[:3]
        if len(docs) == 3:
            trios.append((sum(abs(len(d.split()) - 600) for d in docs), ev["id"], docs))
    _, event, docs = min(trios)
    paths, outlets = [], []
    for k, text in enumerate(docs):
        p = out / f"{event}-{k}.txt"
        p.write_text(text.strip() + "\n", encoding="utf-8")
        paths.append(p)
        outlets.append(f'[[outlet]]\nname = "Source {k + 1}"\nmatch = ["*/{p.name}"]\n')
    (out / "outlets.toml").write_text("\n".join(outlets), encoding="utf-8")
    return paths


def one_run(src: Path, paths: list[Path]) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(src), "PARALLAX_OUTLETS": str(paths[0].parent / "outlets.toml")}
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
