"""Train the boilerplate-block classifier of the HTML extractor (``extract/models/html_blocks.onnx``).

Data (all from ../shared/data, read in place):
* article-extraction-benchmark: every block of the base extraction is labelled by overlap with the
  gold body (share of its 4-token shingles, or its whole token run when shorter, found in the gold).
* trafilatura-eval: blocks holding a must-exclude snippet are boilerplate, blocks holding a
  must-include snippet are article text; other blocks are left unlabelled.

Honest figures: ``--cv`` runs 5-fold cross-validation grouped by site (host) and prints, for a range
of thresholds, the shingle F1 on the 181 benchmark pages and the snippet accuracy on trafilatura-eval
computed with out-of-fold predictions only. The final model is then fitted on everything.

    python training/train_html_blocks.py --cv
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "src"))


from common_metrics import DATA, decode_html, read_gz, shingle_scores, shingles, snippet_counts  # noqa: E402
from parallax.extract.html import page_blocks, parse_html, strip_comments  # noqa: E402
from parallax.extract.html_blocks import FEATURE_NAMES, block_features  # noqa: E402

MODEL_PATH = REPO / "src" / "parallax" / "extract" / "models" / "html_blocks.onnx"
CACHE = Path("/tmp/parallax_html_blocks_cache.pkl")


def _host(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def _page_rows(html: str, url: str | None) -> tuple[list[str], list[list[float]]]:
    try:
        tree = strip_comments(parse_html(html))
    except ValueError:
        return [], []
    meta, blocks = page_blocks(tree, url)
    return [b.text for b in blocks], block_features(blocks, meta.title, meta.description)


def _zyte_label(text: str, gold_sh: set[tuple[str, ...]], gold_tok_str: str) -> int:
    sh = shingles(text)
    toks = [t for tup in sh for t in tup] if sum(sh.values()) <= 1 else None
    if toks is not None:  # fewer than 4 tokens: the token run must occur in the gold
        return int(bool(toks) and f" {' '.join(toks)} " in gold_tok_str)
    tot = sum(sh.values())
    hit = sum(c for s, c in sh.items() if s in gold_sh)
    return int(hit / tot >= 0.5)


def build_pages() -> list[dict]:
    """One dict per page: dataset, key, group, block texts, features, labels (-1 = unlabelled)."""
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    import re

    pages = []
    t0 = time.time()
    gt = json.loads((DATA / "article-extraction-benchmark" / "ground-truth.json").read_text())
    for key, item in gt.items():
        html = read_gz(DATA / "article-extraction-benchmark" / "html" / f"{key}.html.gz").decode("utf-8")
        texts, feats = _page_rows(html, item["url"])
        gold = item["articleBody"]
        gold_sh = set(shingles(gold))
        gold_tok = " " + " ".join(re.findall(r"\w+", gold)) + " "
        labels = [_zyte_label(t, gold_sh, gold_tok) for t in texts]
        pages.append(dict(ds="zyte", key=key, group=_host(item["url"]), texts=texts, X=feats, y=labels))
    print(f"zyte done {time.time() - t0:.0f}s", file=sys.stderr)
    base = DATA / "trafilatura-eval"
    evald = json.loads((base / "evaldata.json").read_text())
    loc = json.loads((base / "file_locations.json").read_text())
    for url, item in evald.items():
        html = decode_html(read_gz(base / loc[item["file"]]))
        texts, feats = _page_rows(html, url if url.startswith("http") else None)
        labels = []
        for t in texts:
            pos = any(s in t for s in item.get("with", []))
            neg = any(s in t for s in item.get("without", []))
            labels.append(1 if pos and not neg else 0 if neg and not pos else -1)
        group = _host(url) if url.startswith("http") else url
        pages.append(dict(ds="tev", key=url, group=group, texts=texts, X=feats, y=labels))
    print(f"tev done {time.time() - t0:.0f}s", file=sys.stderr)
    CACHE.write_bytes(pickle.dumps(pages))
    return pages


def make_model():
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=60,
        learning_rate=0.15,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        random_state=0,
    )


def _stack(pages: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X, y, w = [], [], []
    for p in pages:
        for row, lab in zip(p["X"], p["y"], strict=True):
            if lab < 0:
                continue
            X.append(row)
            y.append(lab)
            w.append(1.0 if p["ds"] == "zyte" else 0.5)
    return np.asarray(X, dtype=float), np.asarray(y), np.asarray(w)


def fold_models(pages: list[dict], folds: int = 5) -> dict[str, object]:
    """Page key -> a model trained without that page's site (GroupKFold by host)."""
    from sklearn.model_selection import GroupKFold

    groups = np.array([p["group"] for p in pages])
    out: dict[str, object] = {}
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(pages)), groups=groups):
        X, y, w = _stack([pages[i] for i in tr])
        model = make_model().fit(X, y, sample_weight=w)
        for i in te:
            out[pages[i]["key"]] = model
    return out


def render(texts: list[str], keep_prob: list[float], thr: float) -> str:
    kept = [t for t, pr in zip(texts, keep_prob, strict=True) if pr >= thr]
    return "\n\n".join(kept)


def cross_validate(pages: list[dict], folds: int = 5) -> dict:
    from sklearn.model_selection import GroupKFold

    groups = np.array([p["group"] for p in pages])
    oof: list[list[float] | None] = [None] * len(pages)
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(pages)), groups=groups):
        X, y, w = _stack([pages[i] for i in tr])
        model = make_model().fit(X, y, sample_weight=w)
        for i in te:
            if pages[i]["X"]:
                oof[i] = model.predict_proba(np.asarray(pages[i]["X"], dtype=float))[:, 1].tolist()
            else:
                oof[i] = []
    gt = json.loads((DATA / "article-extraction-benchmark" / "ground-truth.json").read_text())
    truths = {k: v["articleBody"] for k, v in gt.items()}
    evald = json.loads((DATA / "trafilatura-eval" / "evaldata.json").read_text())
    out = {}
    for thr in (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        zy = {p["key"]: render(p["texts"], oof[i], thr) for i, p in enumerate(pages) if p["ds"] == "zyte"}
        tv = {p["key"]: render(p["texts"], oof[i], thr) for i, p in enumerate(pages) if p["ds"] == "tev"}
        s = shingle_scores(zy, truths)
        s.pop("per_page")
        sn = snippet_counts(tv, evald)
        out[str(thr)] = {"zyte": s, "tev": sn}
        print(
            f"thr {thr}: zyte P {s['precision']} R {s['recall']} F1 {s['f1']} | tev acc {sn['accuracy']} "
            f"(tp {sn['tp']} fp {sn['fp']})"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="print cross-validated figures before fitting")
    ap.add_argument("--no-fit", action="store_true")
    args = ap.parse_args()
    pages = build_pages()
    X, y, w = _stack(pages)
    print(
        f"{len(pages)} pages, {len(y)} labelled blocks ({y.mean():.2f} positive), {len(FEATURE_NAMES)} features"
    )
    if args.cv:
        res = cross_validate(pages)
        (REPO / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
        (REPO / "benchmarks" / "results" / "html_blocks_cv.json").write_text(json.dumps(res, indent=1))
    if not args.no_fit:
        from export_html_blocks import export

        model = make_model().fit(X, y, sample_weight=w)
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        export(model, list(FEATURE_NAMES), MODEL_PATH)
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
