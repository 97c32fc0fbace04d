"""htmldate-eval (1000 pages with gold publication days): Parallax ``published`` vs htmldate, same run.

Peer: ``htmldate.find_date(html, url=url, original_date=True, extensive_search=True)`` (the
"extensive" original-date mode of the upstream evaluation). Parallax: ``extract_html`` on the same
decoded page and URL, ``Article.published`` cut to the day. Scores as in SOURCE.md (TP/FP/FN/TN);
``exact_day`` = share of all pages whose day is right.

    python benchmarks/dates_htmldate.py
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_metrics import DATA, RESULTS, day_accuracy, decode_html, read_gz

BASE = DATA / "htmldate-eval"


def load() -> tuple[dict[str, str | None], dict[str, str]]:
    gold: dict[str, str | None] = {}
    files: dict[str, str] = {}
    for name in ("eval_default.json", "eval_mediacloud_2020.json"):
        for url, item in json.loads((BASE / name).read_text()).items():
            ref = item.get("date")
            gold[url] = None if ref is None or (isinstance(ref, float) and math.isnan(ref)) else str(ref)
            files[url] = item["file"]
    cache: dict[str, str] = {}
    htmls = {}
    for url, fname in files.items():
        if fname not in cache:
            cache[fname] = decode_html(read_gz(BASE / "html" / f"{fname}.gz"))
        htmls[url] = cache[fname]
    return gold, htmls


def _url(u: str) -> str | None:
    return u if u.startswith("http") else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="first N pages only (development)")
    ap.add_argument("--errors", action="store_true", help="print pages where the two systems differ")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    gold, htmls = load()
    if args.limit:
        keys = list(gold)[: args.limit]
        gold = {k: gold[k] for k in keys}
    from htmldate import find_date

    t0 = time.perf_counter()
    peer = {u: find_date(htmls[u], url=_url(u), original_date=True, extensive_search=True) for u in gold}
    peer_s = time.perf_counter() - t0

    from parallax.extract.html import extract_html
    from parallax.model import RawRecord

    t0 = time.perf_counter()
    ours = {
        u: extract_html(RawRecord(source=u, content=htmls[u], kind="html", url=_url(u))).published
        for u in gold
    }
    ours_s = time.perf_counter() - t0
    summary = {
        "benchmark": "htmldate-eval",
        "pages": len(gold),
        "systems": {
            "htmldate": {**day_accuracy(peer, gold), "pages_per_s": round(len(gold) / peer_s, 1)},
            "parallax": {
                **day_accuracy(ours, gold),
                "pages_per_s_full_extraction": round(len(gold) / ours_s, 1),
            },
        },
    }
    s = summary["systems"]
    summary["exact_day_parallax_minus_htmldate"] = round(
        s["parallax"]["exact_day"] - s["htmldate"]["exact_day"], 4
    )
    if args.errors:
        for u in gold:
            a, b = (peer[u] or "")[:10], (ours[u] or "")[:10]
            if a != b:
                print(f"{u}\tgold {gold[u]}\thtmldate {a}\tparallax {b}", file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.limit:
        (RESULTS / "dates_htmldate.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
