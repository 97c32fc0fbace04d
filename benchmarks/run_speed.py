"""Whole-pipeline speed: ``parallax run`` (annotation, stories with consolidation, digests: the
defaults) over the 690 Multi-News validation documents as one JSON Lines file, end to end.

The peer runs in the same script, interleaved: the same command with another checkout's code
(``--peer-src DIR``, e.g. a worktree of the commit before a change), so a change's cost is measured
against what it replaces on the same machine at the same time. Measure on a quiet machine.

    python benchmarks/run_speed.py [--repeat 2] [--peer-src ../before/src]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories_common import REPO, load_multinews, write_result


def _corpus(path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for ev in load_multinews("validation"):
            for j, doc in enumerate(ev["documents"]):
                fh.write(json.dumps({"id": f"{ev['id']}-{j}", "text": doc}) + "\n")
                n += 1
    return n


def _run(src: Path, corpus: Path, db: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-m", "parallax", "run", str(corpus), "--db", str(db), "--json", "--no-progress"]
    t0, c0 = time.perf_counter(), os.times()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall, c1 = time.perf_counter() - t0, os.times()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{src}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    cpu = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "articles": report["articles_total"],
            "stories": report["stories_total"]}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--peer-src", type=Path, help="another checkout's src/ to run as the peer")
    args = ap.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"parallax": [], "peer": []}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "multinews_validation.jsonl"
        n = _corpus(corpus)
        for r in range(args.repeat):
            for name, src in (("parallax", REPO / "src"), ("peer", args.peer_src)):
                if src is None:
                    continue
                res = _run(src, corpus, Path(tmp) / f"{name}-{r}.db")
                res["articles_per_s"] = round(n / res["wall_s"], 2)
                runs[name].append(res)
                print(name, res, flush=True)
    load = os.getloadavg()
    result = {"documents": n, "runs": runs, "load_average_after": [round(x, 2) for x in load],
              "best_articles_per_s": {k: max((x["articles_per_s"] for x in v), default=None)
                                      for k, v in runs.items()}}  # fmt: skip
    print(result["best_articles_per_s"])
    write_result("run_speed", result)


if __name__ == "__main__":
    main()
