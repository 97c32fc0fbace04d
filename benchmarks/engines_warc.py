"""Distributed vs local run on a WARC corpus built from real pages (issue: scale out).

Corpus: the HTML pages of ../shared/data (article-extraction-benchmark, trafilatura-eval,
htmldate-eval; ~1,600 real pages, read there, never copied) replicated with perturbations
(a changed sentence, an added furniture line, another URL) into WARC response records,
``--per-file`` records per ``.warc.gz`` file (one partition each).

Runs, each into a fresh store, timed end to end (``parallax.api.ingest``):
* local engine (in-process, the reference);
* Ray engine with 1 worker and with 2 workers (local Ray on this machine).
Reports articles/second for each, the speed-up from 1 to 2 workers, B-cubed agreement of
each Ray run's story assignments with the local run's, and whether the article sets are equal.

Run: ``nice -n 5 python benchmarks/engines_warc.py --articles 20000`` (``--annotate`` to include
the language stage in the per-partition work). Writes benchmarks/results/engines_warc.json.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import re
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from stories_common import DATA, RESULTS, bcubed

FURNITURE = ["<p>Share this article on social media</p>", "<div class='promo'>Subscribe for $1 a week</div>",
             "<p>Advertisement</p>", "<aside>Most read: five things to know today</aside>"]  # fmt: skip
_P = re.compile(rb"(<p[^>]*>)([^<]{40,}?)([.!?])", re.I)


def real_pages() -> list[tuple[str, bytes]]:
    """(url, html bytes) of every distinct real page in the shared HTML benchmarks."""
    pages: dict[str, tuple[str, bytes]] = {}
    truth = json.loads((DATA / "article-extraction-benchmark" / "ground-truth.json").read_text())
    for item, row in truth.items():
        path = DATA / "article-extraction-benchmark" / "html" / f"{item}.html.gz"
        pages[path.name] = (row["url"], gzip.decompress(path.read_bytes()))
    for name in ("trafilatura-eval", "htmldate-eval"):
        for path in sorted((DATA / name / "html").glob("*.gz")):
            if path.name not in pages:
                pages[path.name] = (
                    f"https://{path.name.removesuffix('.gz')}",
                    gzip.decompress(path.read_bytes()),
                )
    return [pages[k] for k in sorted(pages)]


def perturb(html: bytes, k: int, rng: random.Random) -> bytes:
    """A republished variant: one sentence of the first long paragraph changed, furniture added."""
    if k == 0:
        return html
    edit = f" (update {k}: figures revised to {rng.randint(2, 999)})".encode()
    html = _P.sub(lambda m: m.group(1) + m.group(2) + edit + m.group(3), html, count=1)
    extra = rng.choice(FURNITURE).encode()
    return html.replace(b"</body>", extra + b"</body>", 1) if b"</body>" in html else html + extra


def write_corpus(n: int, folder: Path, per_file: int, seed: int = 11) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = real_pages()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for f in range((n + per_file - 1) // per_file):
        with (folder / f"crawl-{f:05d}.warc.gz").open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for _ in range(min(per_file, n - written)):
                url, html = pages[written % len(pages)]
                k = written // len(pages)
                body = perturb(html, k, rng)
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")  # fmt: skip
                target = url if k == 0 else f"{url}{'&' if '?' in url else '?'}copy={k}"
                rec = writer.create_warc_record(
                    target, "response", payload=io.BytesIO(body), http_headers=headers
                )
                writer.write_record(rec)
                written += 1
    return written


def memberships(db: Path) -> dict[str, str]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT article_id, story_id FROM memberships").fetchall())
    finally:
        con.close()


def run(corpus: Path, db: Path, engine_name: str, workers: int | None, annotate: bool) -> dict[str, Any]:
    from parallax import api
    from parallax.engines import get_engine

    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    engine = get_engine(engine_name, workers=workers)
    try:
        t0 = time.perf_counter()
        report = api.ingest([corpus], db, engine=engine, annotate=annotate)
        seconds = time.perf_counter() - t0
    finally:
        engine.close()
    return {"engine": engine_name, "workers": workers, "seconds": round(seconds, 1), "articles": report.new,
            "read": report.read, "errors": report.errors,
            "articles_per_s": round(report.read / seconds, 2) if seconds else None}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--per-file", type=int, default=100, help="records per WARC file (one partition)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/parallax-engines"))
    ap.add_argument("--annotate", action="store_true", help="run the language stage in the partitions too")
    ap.add_argument("--runs", default="local,ray-1,ray-2",
                    help="comma-separated runs among local, ray-1, ray-2 (ray-N: N workers)")  # fmt: skip
    ap.add_argument("--name", default="engines_warc", help="results/<name>.json")
    args = ap.parse_args()
    corpus = args.work / f"warc-{args.articles}"
    if not corpus.exists():
        tmp = corpus.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        write_corpus(args.articles, tmp, args.per_file)
        tmp.rename(corpus)
    runs: dict[str, dict[str, Any]] = {}
    for name in args.runs.split(","):
        db = args.work / f"{name}-{args.articles}.db"
        if name == "local":
            runs[name] = run(corpus, db, "local", None, args.annotate)
        else:
            runs[name] = run(corpus, db, "ray", int(name.split("-")[1]), args.annotate)
    local_db = args.work / f"local-{args.articles}.db"
    if local_db.exists():
        ref = memberships(local_db)
        for name in runs:
            if name == "local":
                continue
            got = memberships(args.work / f"{name}-{args.articles}.db")
            runs[name]["same_articles_as_local"] = set(got) == set(ref)
            common = {k: v for k, v in ref.items() if k in got}
            runs[name]["bcubed_agreement_with_local"] = bcubed(common, got) if common else None
    result: dict[str, Any] = {
        "command": " ".join(sys.argv),
        "corpus_articles": args.articles,
        "partitions": (args.articles + args.per_file - 1) // args.per_file,
        "annotate": args.annotate,
        "load_average_at_end": list(os.getloadavg()),
        "runs": runs,
    }
    if "ray-1" in runs and "ray-2" in runs:
        result["speedup_1_to_2_workers"] = round(
            runs["ray-2"]["articles_per_s"] / runs["ray-1"]["articles_per_s"], 2
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
