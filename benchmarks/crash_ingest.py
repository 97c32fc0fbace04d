"""Crash safety of ``parallax ingest``: SIGKILL at many random points, resume, compare with an uninterrupted run.

For each kill point a fresh store is ingested by the real CLI (``python -m parallax ingest``),
killed with SIGKILL — half of the points at a random time in the run (startup, migration,
extraction, mid-commit), half a random few milliseconds after a random number of articles
were committed — and every third point is killed a second time during its resume. The
final rerun must leave the store equal to the uninterrupted run's: same article ids and
texts, same duplicates, same partition of articles into stories, same finished inputs, and
a store that passes SQLite's and FTS5's integrity checks.

    python benchmarks/crash_ingest.py --kills 32        # writes benchmarks/results/crash_ingest.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "hardening"))

from crashkit import (  # noqa: E402
    compare,
    ingest_cmd,
    is_equal,
    run_and_kill,
    run_to_end,
    snapshot,
    write_mixed_corpus,
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=32, help="kill points (default 32)")
    ap.add_argument("--articles", type=int, default=200, help="JSON Lines articles in the corpus")
    ap.add_argument("--html", type=int, default=8, help="HTML pages in the corpus")
    ap.add_argument("--batch-size", type=int, default=10)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "crash_ingest.json")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="parallax-crash-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        n = write_mixed_corpus(corpus, n_jsonl=args.articles, per_file=20, n_html=args.html)
        ref_db = root / "ref.db"
        t0 = time.monotonic()
        ref_report = run_to_end(ingest_cmd([corpus], ref_db, args.batch_size))
        t_ref = time.monotonic() - t0
        ref = snapshot(ref_db)
        assert not ref.problems, ref.problems
        print(f"reference: {n} articles, {len(ref.partition)} stories, {len(ref.duplicates)} duplicates, "
              f"{t_ref:.1f}s", file=sys.stderr)  # fmt: skip

        points = []
        for k in range(args.kills):
            db = root / f"k{k:03d}.db"
            cmd = ingest_cmd([corpus], db, args.batch_size)
            if k % 2 == 0:
                how = {"delay": rng.uniform(0.05, 0.85 * t_ref)}
            else:
                how = {"at_articles": rng.randint(1, n - 1), "extra_delay": rng.uniform(0, 0.2)}
            first = run_and_kill(cmd, db, **how)  # type: ignore[arg-type]
            partial = snapshot(db) if db.exists() else None
            second = None
            if k % 3 == 2 and first.killed:  # kill the resume too
                second = run_and_kill(cmd, db, delay=rng.uniform(0.05, t_ref))
            run_to_end(cmd)
            diff = compare(ref, snapshot(db))
            ok = is_equal(diff)
            point = {
                "point": k,
                "how": {key: round(v, 3) for key, v in how.items()},
                "killed": first.killed,
                "killed_at_s": round(first.delay, 2),
                "committed_at_kill": first.committed_at_kill,
                "partial_store_consistent": partial is None or not partial.problems,
                "second_kill": None
                if second is None
                else {"killed": second.killed, "at": second.committed_at_kill},
                **diff,
                "equal": ok,
            }
            points.append(point)
            print(json.dumps(point), file=sys.stderr)
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(str(db) + suffix).unlink(missing_ok=True)

    killed = [p for p in points if p["killed"]]
    good = [p for p in killed if p["equal"] and p["lost"] == 0 and p["duplicated"] == 0]
    summary = {
        "benchmark": "crash_ingest",
        "command": "python benchmarks/crash_ingest.py " + " ".join(sys.argv[1:]),
        "corpus_articles": n,
        "reference": {
            "seconds": round(t_ref, 1),
            "stories": len(ref.partition),
            "duplicates": len(ref.duplicates),
            "batches": ref_report["batches"],
        },
        "kill_points": len(points),
        "killed_mid_run": len(killed),
        "killed_before_first_commit": sum(1 for p in killed if p["committed_at_kill"] == 0),
        "killed_after_partial_commit": sum(1 for p in killed if 0 < p["committed_at_kill"] < n),
        "double_kills": sum(1 for p in points if p["second_kill"] and p["second_kill"]["killed"]),
        "equal_after_resume": len(good),
        "zero_lost_zero_duplicated": sum(1 for p in killed if p["lost"] == 0 and p["duplicated"] == 0),
        "same_partition": sum(1 for p in killed if p["same_partition"]),
        "same_story_ids": sum(1 for p in killed if p["same_story_ids"]),
        "partial_stores_consistent": sum(1 for p in killed if p["partial_store_consistent"]),
        "failures": [p for p in killed if not p["equal"]],
        "points": points,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps({k: v for k, v in summary.items() if k != "points"}, indent=1))
    return 0 if len(good) == len(killed) else 1


if __name__ == "__main__":
    sys.exit(main())
