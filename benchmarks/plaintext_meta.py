"""Metadata found in plain-text dumps (title, byline, publication date) against gold metadata.

Pages are rendered to text like a browser's innerText (``plaintext_data.render_text``), then
``extract_text`` runs on the text alone (no HTML, no URL). Gold: trafilatura-eval ``title`` /
``author`` / ``date`` and htmldate-eval ``date``. The line classifier used for a page never saw it
(the fold models of ``plaintext_lines.py``, cached in /tmp; trained here when missing).

Reported:
* title: exact match after whitespace/case normalisation, and "gold title contained in ours or
  ours in the gold" (sites append " | Site" to titles); peer: the page's first headline-like line;
* authors: any gold author name found among ours;
* date: exact-day accuracy over all pages; and the precision of the dates we report with
  confidence >= 0.6 (how often a confident date is right) vs a naive peer in the same run that
  takes the first date of the page (what a clock at the page top would fool).

    python benchmarks/plaintext_meta.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "training"))
sys.path.insert(0, str(HERE.parent / "src"))

from common_metrics import DATA, RESULTS, decode_html, read_gz  # noqa: E402
from parallax.extract.lines import LineClassifier  # noqa: E402
from parallax.extract.plaintext import extract_text  # noqa: E402
from parallax.extract.textmeta import headline_like, parse_dates  # noqa: E402
from parallax.model import RawRecord  # noqa: E402
from plaintext_data import render_text  # noqa: E402
from train_line_classifier import featurise, fit_spec, load_pages  # noqa: E402


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").strip().lower())


def _fold_classifiers(folds: int = 5) -> dict[str, LineClassifier]:
    """Page key -> the fold model that did not train on that page."""
    pages = load_pages()
    groups = np.arange(len(pages))
    splits = list(GroupKFold(n_splits=folds).split(groups, groups, groups))
    cache = Path(f"/tmp/parallax_line_folds_{folds}.json.gz")
    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            specs = json.load(fh)
    else:
        feats = featurise(pages)
        specs = [fit_spec([feats[i] for i in tr], seed=k) for k, (tr, _te) in enumerate(splits)]
        with gzip.open(cache, "wt", encoding="utf-8") as fh:
            json.dump(specs, fh)
    clfs = [LineClassifier(s) for s in specs]
    return {pages[i].key: clfs[k] for k, (_tr, te) in enumerate(splits) for i in te}


def _first_date(text: str) -> str | None:
    for line in text.split("\n"):
        found = parse_dates(line)
        if found:
            return found[0][2][:10]
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="pages per dataset (default: all)")
    args = ap.parse_args(argv)
    t0 = time.time()
    by_key = _fold_classifiers()
    shipped = LineClassifier.load()
    items: list[tuple[str, Path, dict]] = []
    te_root = DATA / "trafilatura-eval"
    te = json.loads((te_root / "evaldata.json").read_text(encoding="utf-8"))
    loc = json.loads((te_root / "file_locations.json").read_text(encoding="utf-8"))
    for url in sorted(te)[: args.limit]:
        if te[url]["file"] in loc:
            items.append((url, te_root / loc[te[url]["file"]], {**te[url], "dataset": "trafilatura-eval"}))
    hd_root = DATA / "htmldate-eval"
    for name in ("eval_default.json", "eval_mediacloud_2020.json"):
        gold = json.loads((hd_root / name).read_text(encoding="utf-8"))
        for url in sorted(gold)[: args.limit]:
            date = gold[url]["date"]
            items.append(
                (
                    url,
                    hd_root / "html" / f"{gold[url]['file']}.gz",
                    {"date": date if isinstance(date, str) else None, "dataset": "htmldate-eval"},
                )
            )
    counts: dict[str, dict[str, int]] = {}

    def bump(ds: str, key: str, n: int = 1) -> None:
        counts.setdefault(ds, {}).setdefault(key, 0)
        counts[ds][key] += n

    n_pages = 0
    for url, path, gold in items:
        if not path.exists():
            continue
        text = render_text(decode_html(read_gz(path)))
        clf = by_key.get(url, shipped)  # htmldate-eval pages were not in training
        art = extract_text(RawRecord(source=url, content=text, kind="text"), classifier=clf)
        ds = gold["dataset"]
        n_pages += 1
        bump(ds, "pages")
        if isinstance(gold.get("title"), str) and gold["title"].strip():
            bump(ds, "title_gold")
            g, o = _norm(gold["title"]), _norm(art.title)
            bump(ds, "title_exact", int(g == o))
            bump(ds, "title_overlap", int(bool(o) and (g in o or o in g)))
            naive = next((ln for ln in text.split("\n") if headline_like(ln)), None)
            bump(ds, "naive_title_exact", int(_norm(naive) == g))
        if gold.get("author"):
            bump(ds, "author_gold")
            ours = [_norm(a) for a in art.authors]
            raw = gold["author"] if isinstance(gold["author"], list) else [gold["author"]]
            names = [_norm(a) for r in raw for a in re.split(r";|,| and ", str(r)) if a.strip()]
            bump(ds, "author_found", int(any(n in ours or any(n in o for o in ours) for n in names)))
        if "date" in gold:
            ref = gold["date"]
            bump(ds, "date_pages")
            ours_day = art.published[:10] if art.published else None
            bump(ds, "date_exact", int(ours_day is not None and ours_day == ref))
            if art.published and art.published_confidence >= 0.6:
                bump(ds, "date_confident")
                bump(ds, "date_confident_right", int(ours_day == ref))
            naive = _first_date(text)
            bump(ds, "naive_exact", int(naive is not None and naive == ref))
            if naive:
                bump(ds, "naive_reported")
    summary: dict[str, object] = {"benchmark": "plaintext_meta", "pages": n_pages}
    for ds, c in counts.items():
        r: dict[str, object] = {"pages": c.get("pages", 0)}
        if c.get("title_gold"):
            r["title_exact"] = round(c.get("title_exact", 0) / c["title_gold"], 4)
            r["title_overlap"] = round(c.get("title_overlap", 0) / c["title_gold"], 4)
            r["naive_first_headline_like_line_exact"] = round(
                c.get("naive_title_exact", 0) / c["title_gold"], 4
            )
            r["title_gold_pages"] = c["title_gold"]
        if c.get("author_gold"):
            r["author_found"] = round(c.get("author_found", 0) / c["author_gold"], 4)
            r["author_gold_pages"] = c["author_gold"]
        if c.get("date_pages"):
            r["date_exact_day"] = round(c.get("date_exact", 0) / c["date_pages"], 4)
            r["date_confident_share"] = round(c.get("date_confident", 0) / c["date_pages"], 4)
            r["date_confident_precision"] = round(
                c.get("date_confident_right", 0) / max(1, c.get("date_confident", 0)), 4
            )
            r["naive_first_date_exact_day"] = round(c.get("naive_exact", 0) / c["date_pages"], 4)
            r["naive_first_date_precision"] = round(
                c.get("naive_exact", 0) / max(1, c.get("naive_reported", 0)), 4
            )
        summary[ds] = r
    summary["seconds"] = round(time.time() - t0, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "plaintext_meta.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
