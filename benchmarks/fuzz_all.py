"""Long fuzz run over every reader and parser: cases run, crashes and hangs per target.

Three parts, each counted separately in ``benchmarks/results/fuzz_all.json``:

1. hypothesis: the targets of ``tests/hardening/fuzzkit.py`` (HTML and plain-text extraction,
   JSON Lines, WARC, RSS/Atom with and without extraction, publication dates, time expressions,
   datelines, sentence segmentation, annotation, search queries in plain and advanced mode),
   run in rounds with fresh seeds until each
   target's time budget is spent. A crash is an exception escaping the stage (or a broken
   output contract); a hang is a case slower than ``--hang-seconds``.
2. atheris (libFuzzer, coverage-guided) on raw bytes, when it is installed:
   ``benchmarks/fuzz_atheris.py`` per target.
3. the hostile corpus of ``tests/hardening/hostile.py`` at full size (1 GB gzip bombs,
   100 MB lines, 100k nested elements, billion laughs, XXE, a gzip of 100 MB of blank lines,
   UTF-16 without BOM, WARCs cut inside a record...), one ``parallax extract``
   process per file: outcome, seconds and peak memory.

    python benchmarks/fuzz_all.py --seconds 120        # per hypothesis target (weighted)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "hardening"))

from fuzzkit import TARGETS, Target  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from parallax.limits import DocumentTimeout, time_limit  # noqa: E402


class _TimeLimitCounter(logging.Handler):
    """Counts per-document time limits that fired (logged as warnings by parallax.api)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "time limit" in record.getMessage():
            self.count += 1


def run_hypothesis(
    target: Target, seconds: float, hang_s: float, counter: _TimeLimitCounter
) -> dict[str, Any]:
    stats: dict[str, Any] = {"cases": 0, "crashes": 0, "hangs": 0, "max_case_s": 0.0, "examples": []}
    start_limits = counter.count
    deadline = time.monotonic() + seconds

    def case(value: Any) -> None:
        t0 = time.monotonic()
        try:
            # A backstop far above the per-document limit: a hang is counted, not waited for.
            with time_limit(hang_s * 2):
                target.run(value)
        except DocumentTimeout:
            stats["hangs"] += 1
            stats["examples"].append({"kind": "hang", "input": repr(value)[:500]})
        except Exception as exc:  # a crash: counted, kept, and the run goes on
            stats["crashes"] += 1
            stats["examples"].append(
                {
                    "kind": "crash",
                    "error": f"{type(exc).__name__}: {str(exc)[:300]}",
                    "input": repr(value)[:500],
                    "where": traceback.format_exc().splitlines()[-3:],
                }
            )
        took = time.monotonic() - t0
        stats["cases"] += 1
        stats["max_case_s"] = max(stats["max_case_s"], round(took, 2))
        if hang_s < took < hang_s * 2:
            stats["hangs"] += 1
            stats["examples"].append({"kind": "slow", "seconds": round(took, 1), "input": repr(value)[:500]})

    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        check = settings(
            max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )(given(target.strategy)(case))
        check()
    stats["rounds"] = rounds
    stats["time_limits_fired"] = counter.count - start_limits
    stats["examples"] = stats["examples"][:10]
    return stats


ATHERIS_TARGETS = ["jsonl", "warc", "feed", "html", "text", "timex", "segment"]


def run_atheris(target: str, seconds: int) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE / "fuzz_atheris.py"), target, f"-max_total_time={seconds}",
           "-rss_limit_mb=4096", "-timeout=120", "-print_final_stats=1"]  # fmt: skip
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=seconds + 600)
    log = out.stdout + out.stderr
    done = re.findall(r"Done (\d+) runs", log)
    runs = (
        int(done[-1])
        if done
        else int((re.findall(r"stat::number_of_executed_units:\s*(\d+)", log) or ["0"])[-1])
    )
    crashed = out.returncode != 0
    return {
        "cases": runs,
        "crashes": int(crashed and "timeout" not in log.lower().split("==")[-1]),
        "hangs": int("ERROR: libFuzzer: timeout" in log),
        "seconds": round(time.monotonic() - t0, 1),
        "returncode": out.returncode,
        "tail": log.strip().splitlines()[-12:] if crashed else [],
    }


RUNNER = """
import atexit, resource, sys
atexit.register(lambda: sys.stderr.write(
    "\\nMAXRSS_KB %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
from parallax.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_hostile(scale: float, hang_s: float) -> dict[str, Any]:
    from hostile import write_corpus

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="parallax-hostile-") as tmp:
        folder = Path(tmp)
        names = write_corpus(folder, scale=scale)
        for name in names:
            path = folder / name
            t0 = time.monotonic()
            try:
                out = subprocess.run(
                    [sys.executable, "-c", RUNNER, "extract", str(path), "--no-progress"],
                    capture_output=True, text=True, errors="replace", timeout=hang_s * 4,
                )  # fmt: skip
                code, stderr, stdout = out.returncode, out.stderr, out.stdout
            except subprocess.TimeoutExpired:
                code, stderr, stdout = None, "", ""
            took = time.monotonic() - t0
            rss = re.findall(r"MAXRSS_KB (\d+)", stderr)
            reasons = [
                ln.split(": ", 2)[-1][:160]
                for ln in stderr.splitlines()
                if ln.startswith("parallax: skipped")
            ]
            results[name] = {
                "size_bytes": path.stat().st_size,
                "exit": code,
                "crash": code not in (0, 3) or "Traceback" in stderr,
                "hang": code is None,
                "articles": sum(1 for ln in stdout.splitlines() if ln.strip()),
                "reported": reasons[:3],
                "seconds": round(took, 1),
                "peak_rss_mb": int(rss[-1]) // 1024 if rss else None,
            }
            print(f"hostile {name}: {results[name]}", file=sys.stderr, flush=True)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=120, help="hypothesis time budget per target")
    ap.add_argument("--atheris-seconds", type=int, default=90, help="atheris time per target (0: skip)")
    ap.add_argument("--hang-seconds", type=float, default=60, help="a case slower than this is a hang")
    ap.add_argument(
        "--hostile-scale", type=float, default=1.0, help="size scale of the hostile corpus (0: skip)"
    )
    ap.add_argument("--only", nargs="*", help="hypothesis targets to run (default: all)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "fuzz_all.json")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    counter = _TimeLimitCounter()
    logging.getLogger("parallax").addHandler(counter)
    os.environ.setdefault("PARALLAX_DOC_TIMEOUT", "30")

    started = time.monotonic()
    hyp: dict[str, Any] = {}
    for target in TARGETS:
        if args.only and target.name not in args.only:
            continue
        # The same time for every target: costly ones (extraction, annotation) run fewer cases.
        hyp[target.name] = run_hypothesis(target, args.seconds, args.hang_seconds, counter)
        print(f"hypothesis {target.name}: {json.dumps({k: v for k, v in hyp[target.name].items() if k != 'examples'})}",
              file=sys.stderr, flush=True)  # fmt: skip

    ath: dict[str, Any] = {}
    if args.atheris_seconds > 0:
        try:
            import atheris  # noqa: F401

            for name in ATHERIS_TARGETS:
                ath[name] = run_atheris(name, args.atheris_seconds)
                print(f"atheris {name}: {ath[name]}", file=sys.stderr, flush=True)
        except ImportError:
            ath = {"skipped": "atheris is not installed (pip install atheris)"}

    hostile = run_hostile(args.hostile_scale, args.hang_seconds) if args.hostile_scale > 0 else {}

    def total(part: dict[str, Any], key: str) -> int:
        return sum(int(v.get(key, 0)) for v in part.values() if isinstance(v, dict))

    summary = {
        "benchmark": "fuzz_all",
        "command": "python benchmarks/fuzz_all.py " + " ".join(sys.argv[1:]),
        "doc_timeout_s": float(os.environ["PARALLAX_DOC_TIMEOUT"]),
        "hang_threshold_s": args.hang_seconds,
        "totals": {
            "hypothesis_cases": total(hyp, "cases"),
            "hypothesis_crashes": total(hyp, "crashes"),
            "hypothesis_hangs": total(hyp, "hangs"),
            "atheris_cases": total(ath, "cases"),
            "atheris_crashes": total(ath, "crashes"),
            "atheris_hangs": total(ath, "hangs"),
            "hostile_files": len(hostile),
            "hostile_crashes": sum(1 for v in hostile.values() if v["crash"]),
            "hostile_hangs": sum(1 for v in hostile.values() if v["hang"]),
            "hostile_max_rss_mb": max((v["peak_rss_mb"] or 0 for v in hostile.values()), default=0),
            "hostile_max_seconds": max((v["seconds"] for v in hostile.values()), default=0),
        },
        "seconds": round(time.monotonic() - started),
        "hypothesis": hyp,
        "atheris": ath,
        "hostile": hostile,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=True) + "\n")
    print(json.dumps(summary["totals"], indent=1))
    t = summary["totals"]
    bad = t["hypothesis_crashes"] + t["hypothesis_hangs"] + t["atheris_crashes"] + t["atheris_hangs"]
    bad += t["hostile_crashes"] + t["hostile_hangs"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
