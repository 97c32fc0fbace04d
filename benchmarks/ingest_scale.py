"""Scale of ``parallax ingest`` (extract + dedup + story clustering + SQLite store + FTS5).

For each size (default 10k and 30k articles; add 100000 for the full run) a
corpus is generated from real texts of ../shared/data (see ingest_corpus.py),
then measured in fresh processes:

* ``parallax ingest DIR --db FILE --json``: wall time, peak RSS (of that process
  alone, from wait4), articles, duplicates, stories, database size;
* the same command again: an idempotent rerun must add nothing (time reported);
* peer, same run: ``parallax extract DIR`` to /dev/null, the floor any ingest
  pays (reading + extraction), so the store/dedup/cluster overhead is visible;
* a few FTS5 searches on the final store (median latency).

Growth is reported as the log-log slope of wall time, CPU time and peak RSS
against size (1.0 = linear); CPU time is the steadier figure on a shared machine. Run: ``nice -n 10 python benchmarks/ingest_scale.py [--sizes 10000 30000 100000]``.
Writes benchmarks/results/ingest_scale.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from ingest_corpus import write_corpus
from stories_common import write_result

QUERIES = [
    "summit",
    '"prime minister"',
    "police AND attack",
    "elect*",
    "premier league",
    "NEAR(market shares, 5)",
]


def measured(cmd: list[str], stdout_path: str | None = None) -> dict[str, Any]:
    """Run ``cmd`` in a child and report wall time and that child's own peak RSS (wait4)."""
    out_fh = open(stdout_path or os.devnull, "w")  # noqa: SIM115 - closed below
    err_path = Path(stdout_path or "/tmp/ingest_scale").with_suffix(".stderr")
    err_fh = err_path.open("w")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out_fh, stderr=err_fh)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_fh.close()
    err_fh.close()
    if proc.returncode not in (0, 3):
        sys.stderr.write(err_path.read_text()[-3000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": proc.returncode,
    }


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) on log(x): 1.0 means linear growth."""
    if len(xs) < 2:
        return None
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    den = sum((a - mx) ** 2 for a in lx)
    return round(sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / den, 3)


def search_latency(db: Path) -> dict[str, Any]:
    from parallax.store import Store

    times, hits = [], {}
    with Store(db, readonly=True) as store:
        for q in QUERIES:
            t0 = time.perf_counter()
            hits[q] = len(store.search(q, limit=20))
            times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1), "hits": hits}


def _no_digests(py: str) -> list[str]:
    """``--no-digests`` when ingest offers it: digests are a later stage, measured elsewhere."""
    helptext = subprocess.run(
        [py, "-m", "parallax", "ingest", "--help"], capture_output=True, text=True
    ).stdout
    return ["--no-digests"] if "--no-digests" in helptext else []


def state_mb(db: Path) -> float:
    """Size of the saved story-assigner snapshot (saved now and then, not with every batch)."""
    from parallax.store import Store

    with Store(db, readonly=True) as store:
        return round(len(store.load_assigner_state() or b"") / 2**20, 1)


def measure_size(n: int, work: Path, peer: bool) -> dict[str, Any]:
    corpus = work / f"corpus-{n}"
    if not (corpus / ".complete").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        t0 = time.perf_counter()
        write_corpus(n, corpus)
        (corpus / ".complete").write_text("ok")
        print(f"[{n}] corpus written in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    db = work / f"store-{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    py = sys.executable
    report_path = str(work / f"report-{n}.json")
    cmd = [
        py,
        "-m",
        "parallax",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--json",
        "--no-progress",
        "--no-annotate",
    ]
    cmd += _no_digests(py)
    ingest = measured(cmd, report_path)
    report = json.loads(Path(report_path).read_text())
    print(f"[{n}] ingest {ingest}", file=sys.stderr)
    rerun_path = str(work / f"rerun-{n}.json")
    rerun = measured(cmd, rerun_path)
    rerun_report = json.loads(Path(rerun_path).read_text())
    result: dict[str, Any] = {
        "articles": n,
        "ingest_seconds": ingest["seconds"],
        "ingest_cpu_seconds": ingest["cpu_seconds"],
        "ingest_peak_rss_mb": ingest["peak_rss_mb"],
        "articles_per_second": round(n / ingest["seconds"], 1),
        "new": report["new"],
        "duplicates": report["duplicates"],
        "stories": report["stories_total"],
        "errors": report["errors"],
        "batches": report["batches"],
        "db_mb": round(db.stat().st_size / 2**20, 1),
        "rerun_seconds": rerun["seconds"],
        "rerun_new": rerun_report["new"],
        "search": search_latency(db),
        "assigner_state_mb": state_mb(db),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    if peer:
        ext = measured([py, "-m", "parallax", "extract", str(corpus), "--no-progress"])
        result["peer_extract_seconds"] = ext["seconds"]
        result["peer_extract_cpu_seconds"] = ext["cpu_seconds"]
        result["peer_extract_peak_rss_mb"] = ext["peak_rss_mb"]
        result["cpu_ratio_vs_extract"] = round(ingest["cpu_seconds"] / max(ext["cpu_seconds"], 0.01), 2)
    print(f"[{n}] {json.dumps(result)}", file=sys.stderr)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description="Scale of parallax ingest (time, peak memory, growth).")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/parallax-ingest-scale"))
    ap.add_argument("--no-peer", action="store_true", help="skip the extract-only peer")
    ap.add_argument("--name", default="ingest_scale", help="results/<name>.json")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [measure_size(n, args.work, not args.no_peer) for n in sorted(args.sizes)]
    sizes = [r["articles"] for r in rows]
    summary = {
        "sizes": rows,
        "time_growth_loglog_slope": slope(sizes, [r["ingest_seconds"] for r in rows]),
        "cpu_growth_loglog_slope": slope(sizes, [r["ingest_cpu_seconds"] for r in rows]),
        "load_average_at_end": os.getloadavg(),
        "memory_growth_loglog_slope": slope(sizes, [r["ingest_peak_rss_mb"] for r in rows]),
        "cpu_count": os.cpu_count(),
        "command": "nice -n 10 python benchmarks/ingest_scale.py --sizes " + " ".join(map(str, sizes)),
    }
    write_result(args.name, summary)
    print(json.dumps(summary, indent=2))
    print(
        "\n| articles | wall s | CPU s | peak RSS MB | extract-only CPU s | stories | duplicates | DB MB | rerun s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['articles']} | {r['ingest_seconds']} | {r['ingest_cpu_seconds']} | {r['ingest_peak_rss_mb']} | "
              f"{r.get('peer_extract_cpu_seconds', '-')} | {r['stories']} | {r['duplicates']} | {r['db_mb']} | "
              f"{r['rerun_seconds']} |")  # fmt: skip


if __name__ == "__main__":
    main()
