"""trafilatura-eval (990 pages, must-include / must-exclude snippets): Parallax vs trafilatura, same run.

Scoring as in the dataset's SOURCE.md (segments pooled over pages). Peer: ``trafilatura.extract(html,
url=url, include_comments=False)``. Both systems get the same decoded page (UTF-8, else declared or
sniffed charset). Also scores metadata against the gold title / author / date entries, Parallax
``extract_html`` vs trafilatura ``bare_extraction(with_metadata=True)``:
title = exact match after whitespace/case normalisation; author = same set of name tokens
(order, separators and case ignored); date = same day.

"parallax" is the cross-validated figure (block model trained without the page's site, 5 folds by
host); "parallax_shipped_model" uses the shipped model, which saw these pages.

    python benchmarks/extraction_trafilatura_eval.py
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_metrics import DATA, RESULTS, decode_html, read_gz, snippet_counts

BASE = DATA / "trafilatura-eval"
_NAME_TOK = re.compile(r"\w+", re.UNICODE)


def load() -> tuple[dict[str, dict], dict[str, str]]:
    gold = json.loads((BASE / "evaldata.json").read_text())
    loc = json.loads((BASE / "file_locations.json").read_text())
    htmls = {u: decode_html(read_gz(BASE / loc[item["file"]])) for u, item in gold.items()}
    return gold, htmls


def _url(u: str) -> str | None:
    return u if u.startswith("http") else None


def _norm_title(t: str | None) -> str:
    return " ".join((t or "").split()).casefold()


def _author_toks(a: str | None) -> frozenset[str]:
    return frozenset(w.casefold() for w in _NAME_TOK.findall(a or ""))


def meta_scores(preds: dict[str, dict], gold: dict[str, dict]) -> dict[str, dict]:
    """Per field: pages with a gold value, correct, and accuracy."""
    out = {}
    for fld in ("title", "author", "date"):
        n = ok = 0
        for u, item in gold.items():
            ref = item.get(fld)
            if not ref or not isinstance(ref, str):
                continue
            n += 1
            got = preds.get(u, {}).get(fld)
            if fld == "title":
                ok += _norm_title(got) == _norm_title(ref)
            elif fld == "author":
                ok += bool(got) and _author_toks(got) == _author_toks(ref)
            else:
                ok += bool(got) and str(got)[:10] == ref[:10]
        out[fld] = {"pages": n, "correct": ok, "accuracy": round(ok / max(1, n), 4)}
    return out


def run_trafilatura(htmls: dict[str, str]) -> tuple[dict[str, str], float]:
    import trafilatura

    t0 = time.perf_counter()
    out = {u: trafilatura.extract(h, url=_url(u), include_comments=False) or "" for u, h in htmls.items()}
    return out, len(htmls) / (time.perf_counter() - t0)


def trafilatura_meta(htmls: dict[str, str]) -> dict[str, dict]:
    import trafilatura

    out = {}
    for u, h in htmls.items():
        doc = trafilatura.bare_extraction(h, url=_url(u), include_comments=False, with_metadata=True)
        out[u] = {} if doc is None else {"title": doc.title, "author": doc.author, "date": doc.date}
    return out


def run_parallax(htmls: dict[str, str], models: dict[str, object] | None = None) -> tuple[dict, dict, float]:
    from parallax.extract.html import extract_html
    from parallax.model import RawRecord

    texts, meta = {}, {}
    t0 = time.perf_counter()
    for u, h in htmls.items():
        rec = RawRecord(source=u, content=h, kind="html", url=_url(u))
        art = extract_html(rec, block_model=models.get(u) if models else None)
        texts[u] = art.text
        meta[u] = {"title": art.title, "author": "; ".join(art.authors), "date": art.published}
    return texts, meta, len(htmls) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validated Parallax figure")
    ap.add_argument("--limit", type=int, default=0, help="first N pages only (development)")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    gold, htmls = load()
    if args.limit:
        keys = list(gold)[: args.limit]
        gold = {k: gold[k] for k in keys}
        htmls = {k: htmls[k] for k in keys}
    systems: dict[str, dict] = {}
    t_out, t_pps = run_trafilatura(htmls)
    systems["trafilatura"] = {**snippet_counts(t_out, gold), "pages_per_s": round(t_pps, 1)}
    p_out, p_meta, p_pps = run_parallax(htmls)
    systems["parallax_shipped_model"] = {**snippet_counts(p_out, gold), "pages_per_s": round(p_pps, 1)}
    if not args.no_cv:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
        from train_html_blocks import build_pages, fold_models

        models = fold_models(build_pages())
        cv_out, _, _ = run_parallax(htmls, models)
        systems["parallax"] = {**snippet_counts(cv_out, gold), "pages_per_s": round(p_pps, 1)}
    else:
        systems["parallax"] = dict(systems["parallax_shipped_model"])
    import trafilatura

    summary = {
        "benchmark": "trafilatura-eval",
        "pages": len(gold),
        "trafilatura_version": trafilatura.__version__,
        "systems": systems,
        "accuracy_parallax_minus_trafilatura": round(
            systems["parallax"]["accuracy"] - systems["trafilatura"]["accuracy"], 4
        ),
        "metadata": {
            "trafilatura": meta_scores(trafilatura_meta(htmls), gold),
            "parallax": meta_scores(p_meta, gold),
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.limit:
        (RESULTS / "extraction_trafilatura_eval.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
