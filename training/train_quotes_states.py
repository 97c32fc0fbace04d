"""Hidden states of the entity model for the quote tagger (feature version 5): cache and projection.

    # 1. the entity model's state of every quote token of every article (float16 .npy per article)
    nice python training/train_quotes_states.py dump --split train --out /tmp/qstates
    # 2. the projection (standardise, PCA, k-means) fitted on the training articles of a model
    nice python training/train_quotes_states.py fit --cache /tmp/qstates/train [--holdout 5] --out DIR
    # 3. the CRF with those features
    nice python training/train_quotes.py --feature-version 5 --states /tmp/qstates/train --words ... --out DIR

The model read is the shipped ``models/ner_minilm`` (it must have the "states" output), so the
features are those the annotator computes at run time.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.nlp.ner import ONNX_DIR, OnnxEntityTagger
from parallax.nlp.quotes_features import blocks
from parallax.nlp.quotes_states import StateProjection, token_states
from train_quotes import token_roles
from train_quotes_data import POLNEAR, Doc, load

log = logging.getLogger("train_quotes_states")


def dump(split: str, data: Path, out: Path, model: Path) -> None:
    """Write ``out/<split>/<article>.npy``: the state of each token of the article's blocks, in order."""
    tagger = OnnxEntityTagger(model)
    (out / split).mkdir(parents=True, exist_ok=True)
    docs = load(split, data)
    for i, doc in enumerate(docs):
        path = out / split / f"{doc.name}.npy"
        if path.is_file():
            continue
        spans, states = tagger.word_states(doc.text)
        toks = [t for b in blocks(doc.text) for t in b.tokens]
        np.save(path, token_states(spans, states, toks))
        if i % 100 == 0:
            log.info("%d/%d", i, len(docs))


def fit(cache: Path, names: list[str], dims: int, k: int, sample: int, seed: int = 0) -> StateProjection:
    """Projection fitted on (a sample of) the token states of the articles ``names``."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import PCA

    rows = np.concatenate([np.load(cache / f"{n}.npy") for n in names]).astype(np.float32)
    rng = np.random.default_rng(seed)
    x = rows[rng.choice(len(rows), size=min(sample, len(rows)), replace=False)]
    log.info("fitting on %d of %d token states", len(x), len(rows))
    pca = PCA(n_components=dims, random_state=seed).fit(x)
    z = pca.transform(x)
    km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096).fit(z)
    return StateProjection(
        mean=pca.mean_.astype(np.float32),
        components=pca.components_.astype(np.float32),
        scale=z.std(0).astype(np.float32),
        centroids=km.cluster_centers_.astype(np.float32),
    )


ROLES = ("O", "SOURCE", "CUE", "CONTENT")


def doc_roles(doc: Doc) -> np.ndarray:
    """Role index (``ROLES``) of each token of the article's blocks, in the order of the dump."""
    roles = token_roles(doc)
    toks = [t for b in blocks(doc.text) for t in b.tokens]
    return np.array([ROLES.index(roles[t.start][0]) if t.start in roles else 0 for t in toks])


def fit_probe(
    cache: Path, docs: list[Doc], mean: np.ndarray, sample: int, seed: int = 0
) -> dict[str, np.ndarray]:
    """A one-hidden-layer MLP from a token's (centred) state to its role, on a sample of ``docs``' tokens."""
    from sklearn.neural_network import MLPClassifier

    x = np.concatenate([np.load(cache / f"{d.name}.npy") for d in docs]).astype(np.float32) - mean
    y = np.concatenate([doc_roles(d) for d in docs])
    pick = np.random.default_rng(seed).choice(len(x), size=min(sample, len(x)), replace=False)
    mlp = MLPClassifier((64,), max_iter=15, batch_size=512, random_state=seed, early_stopping=False)
    mlp.fit(x[pick], y[pick])
    log.info("probe on %d tokens: train accuracy %.3f", len(pick), mlp.score(x[pick], y[pick]))
    w = [c.astype(np.float32) for c in mlp.coefs_]
    b = [c.astype(np.float32) for c in mlp.intercepts_]
    return {"w1": w[0], "b1": b[0], "w2": w[1], "b2": b[1]}


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--split", default="train")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--data", type=Path, default=POLNEAR)
    d.add_argument("--model", type=Path, default=ONNX_DIR)
    f = sub.add_parser("fit")
    f.add_argument("--cache", type=Path, required=True)
    f.add_argument("--data", type=Path, default=POLNEAR)
    f.add_argument("--holdout", type=int, default=0, help="as train_quotes.py: fit without the held-out fold")
    f.add_argument("--fold", type=int, default=0)
    f.add_argument("--dims", type=int, default=32)
    f.add_argument("--clusters", type=int, default=128)
    f.add_argument("--sample", type=int, default=200_000)
    f.add_argument("--probe", action="store_true", help="also fit the role probe (cross-fitted halves)")
    f.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.split, args.data, args.out, args.model)
        return
    docs = load("train", args.data)
    if args.holdout:
        docs = [d for i, d in enumerate(docs) if i % args.holdout != args.fold]
    args.out.mkdir(parents=True, exist_ok=True)
    proj = fit(args.cache, [d.name for d in docs], args.dims, args.clusters, args.sample)
    if args.probe:
        proj.probe = fit_probe(args.cache, docs, proj.mean, args.sample)
        # cross-fitted as the cue lexicon: each half of the CRF's training articles (train_quotes.py
        # halves) is featured by the probe of the other half, so the CRF does not over-trust it
        halves = [docs[0::2], docs[1::2]]
        for h in (0, 1):
            other = StateProjection(proj.mean, proj.components, proj.scale, proj.centroids)
            other.probe = fit_probe(args.cache, halves[1 - h], proj.mean, args.sample)
            other.save(args.out / f"quotes_states_half{h}.npz")
    proj.save(args.out / "quotes_states.npz")
    log.info("wrote %s", args.out / "quotes_states.npz")


if __name__ == "__main__":
    main()
