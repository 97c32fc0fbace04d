"""Train the sentence-pair classifier shipped as ``src/parallax/digest/models/pairs.json``.

Data (``/work/shared/data``, never copied): MultiNLI dev_matched, SICK train, CAD-SNLI train, MRPC
train, STS-B train, and unrelated pairs (sentences of different MultiNLI rows). Labels: entailment,
MRPC paraphrase, STS-B >= 4 -> same; contradiction -> contradiction; neutral, MRPC non-paraphrase,
STS-B 1.5-3.5 -> related; STS-B <= 1 and shuffled pairs -> unrelated. The regularisation C is chosen by
5-fold cross-validation (log loss) on that training data; figures on held-out sets (XNLI-en dev,
SICK test, MRPC test) are printed for the model card.

    PYTHONPATH=src python training/train_pairs.py [--per-set 1000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import StandardScaler

from parallax.digest.pairs import FEATURES, LABELS, MODEL, features
from parallax.meaning import default_model

# ../shared beside the checkout, as the benchmarks read it
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
NLI = {"entailment": "same", "contradiction": "contradiction", "neutral": "related"}


def _rows(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _nli(path: Path) -> list[tuple[str, str, str]]:
    return [(r["premise"], r["hypothesis"], NLI[r["label"]]) for r in _rows(path) if r.get("label") in NLI]


def _mrpc(path: Path) -> list[tuple[str, str, str]]:
    return [(r["s1"], r["s2"], "same" if int(r["label"]) == 1 else "related") for r in _rows(path)]


def _stsb(path: Path) -> list[tuple[str, str, str]]:
    out = []
    for r in _rows(path):
        s = float(r["label"])
        lab = "same" if s >= 4 else "unrelated" if s <= 1 else "related" if 1.5 <= s <= 3.5 else None
        if lab:
            out.append((r["s1"], r["s2"], lab))
    return out


def _shuffled(pairs: list[tuple[str, str, str]], n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    rng.shuffle(b)
    return [(x, y, "unrelated") for x, y in zip(a[:n], b[:n], strict=True)]


def _sample(pairs: list, n: int, rng: random.Random) -> list:
    return rng.sample(pairs, min(n, len(pairs)))


CACHE = Path("/tmp/train_pairs_vectors.npz")  # sentence vectors, so that re-runs skip the encoding


def _vectors(texts: list[str]) -> dict[str, np.ndarray]:
    known: dict[str, np.ndarray] = {}
    if CACHE.exists():
        z = np.load(CACHE, allow_pickle=False)
        known = dict(zip(z["texts"].tolist(), z["vecs"], strict=True))
    todo = [t for t in texts if t not in known]
    if todo:
        known.update(zip(todo, default_model().encode(todo), strict=True))
        keys = sorted(known)
        np.savez(CACHE, texts=np.array(keys), vecs=np.stack([known[k] for k in keys]))
    return known


def _matrix(pairs: list[tuple[str, str, str]]) -> tuple[np.ndarray, np.ndarray]:
    texts = sorted({t for p in pairs for t in p[:2]})
    vec = _vectors(texts)
    x = [features(a, b, float(vec[a] @ vec[b])) for a, b, _ in pairs]
    y = [LABELS.index(lab) for _, _, lab in pairs]
    return np.asarray(x), np.asarray(y)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-set", type=int, default=1000)
    args = ap.parse_args()
    rng = random.Random(13)
    mnli = _nli(DATA / "nli/mnli/dev_matched.jsonl.gz")
    train = (
        _sample(mnli, args.per_set, rng)
        + _sample(_nli(DATA / "nli/sick/train.jsonl.gz"), args.per_set, rng)
        + _sample(_nli(DATA / "nli/cad_snli/train.jsonl.gz"), args.per_set, rng)
        + _sample(_mrpc(DATA / "paraphrase/mrpc/train.jsonl.gz"), args.per_set, rng)
        + _sample(_stsb(DATA / "paraphrase/stsb/train.jsonl.gz"), args.per_set, rng)
        + _shuffled(_sample(mnli, len(mnli), rng), args.per_set // 2, rng)
    )
    x, y = _matrix(train)
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    best = max(
        (
            (
                cross_val_score(
                    LogisticRegression(C=c, max_iter=2000), xs, y, cv=5, scoring="neg_log_loss"
                ).mean(),
                c,
            )
            for c in (0.001, 0.003, 0.01, 0.1, 1.0)
        ),
    )
    print(f"train pairs {len(y)}; CV log loss by C: best C={best[1]} ({-best[0]:.3f})")
    clf = LogisticRegression(C=best[1], max_iter=2000).fit(xs, y)
    held = {
        "xnli_en dev": _nli(DATA / "nli/xnli_en/dev.jsonl.gz"),
        "sick test": _nli(DATA / "nli/sick/test.jsonl.gz"),
        "mrpc test": _mrpc(DATA / "paraphrase/mrpc/test.jsonl.gz"),
    }
    for name, pairs in held.items():
        hx, hy = _matrix(_sample(pairs, 400, rng))
        pred = clf.predict(scaler.transform(hx))
        present = sorted(set(hy) | set(pred))
        print(
            f"== {name}\n"
            + classification_report(
                hy, pred, labels=present, target_names=[LABELS[i] for i in present], digits=3
            )
        )
    out = {
        "labels": [LABELS[i] for i in clf.classes_],
        "features": list(FEATURES),
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coef": clf.coef_.tolist(),
        "intercept": clf.intercept_.tolist(),
        "C": best[1],
        "train_pairs": len(y),
    }
    MODEL.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL} ({MODEL.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
