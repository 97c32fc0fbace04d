"""Train the attribution tagger (Source / Cue / Content, BIO) on PolNeAR train with CRFsuite.

Writes ``src/parallax/nlp/models/quotes_crf.bin`` (CRF weights) and
``quotes_lexicon.json`` (cue lexicon: P(word form is in a Cue span) on train).
The lexicon features of the training sequences are cross-fitted (each half of train
sees the lexicon of the other half) so the CRF does not learn to trust an overfitted lexicon.

The shipped model (all of train; data from ``--data``, default ``$PARALLAX_SHARED/data`` or
``../shared/data``) is built in two steps (``--keep-from`` prunes by retraining, not used now):

    nice python training/train_quotes_words.py            # word classes -> models/quotes_words.json
    nice python training/train_quotes.py --c1 3.0 --c2 0.02 --iterations 120   # -> models/

    nice python training/train_quotes.py --holdout 5 --out /tmp/q  # 4/5 of train, for a CV figure
    python benchmarks/quotes_polnear.py --split train --holdout-model /tmp/q --speed 0   # its score

Feature version 5 (the entity model's states) needs ``--states`` and a projection in ``--out``: see
``training/train_quotes_states.py``; ``--blend-with`` a v3 model dir of the same articles (and
``--blend-weight``) makes the extractor decode the two models blended (``parallax.nlp.quotes_blend``).

c1 was chosen with that fold (train only), see ``benchmarks/results/quotes_cv/README.md``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.nlp.quotes import load_classes
from parallax.nlp.quotes_features import FEATURE_VERSION, WordClasses, block_features, blocks
from parallax.nlp.quotes_states import StateProjection, add_state_features
from train_quotes_data import POLNEAR, Doc, load

MODELS = Path(__file__).resolve().parents[1] / "src" / "parallax" / "nlp" / "models"
log = logging.getLogger("train_quotes")


def token_roles(doc: Doc) -> dict[int, tuple[str, int]]:
    """Char offset -> (role, span id) for every gold span character."""
    roles: dict[int, tuple[str, int]] = {}
    sid = 0
    for a in doc.attributions:
        for role, spans in (("CONTENT", a.content), ("CUE", a.cue), ("SOURCE", a.source)):
            for s, e in spans:
                sid += 1
                for c in range(s, e):
                    roles.setdefault(c, (role, sid))
    return roles


def doc_sequences(
    doc: Doc,
    lexicon: dict[str, float],
    version: int = FEATURE_VERSION,
    classes: WordClasses | None = None,
    states: tuple[np.ndarray, np.ndarray] | None = None,
) -> Iterable[tuple[list[list[str]] | list[dict[str, float]], list[str]]]:
    """(features, BIO labels) of each block; ``states``: the article's projected token states
    (numeric features, cluster ids; ``training/train_quotes_states.py``), for feature version 5."""
    roles = token_roles(doc)
    at = 0
    for bi, block in enumerate(blocks(doc.text)):
        labels: list[str] = []
        prev_sid = -1
        for t in block.tokens:
            r = roles.get(t.start)
            if r is None:
                labels.append("O")
                prev_sid = -1
                continue
            labels.append(("I-" if r[1] == prev_sid else "B-") + r[0])
            prev_sid = r[1]
        feats = block_features(block, lexicon, bi, version, classes)
        if states is None:
            yield feats, labels
        else:
            end = at + len(block.tokens)
            yield add_state_features(feats, states[0][at:end], states[1][at:end], block.sent_ids), labels
            at = end


def build_lexicon(docs: list[Doc], min_count: int = 2) -> dict[str, float]:
    """P(a token of this lower-cased form lies in a Cue span), forms seen in a cue at least ``min_count`` times."""
    in_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc in docs:
        cue_chars = {c for a in doc.attributions for s, e in a.cue for c in range(s, e)}
        for block in blocks(doc.text):
            for t, w in zip(block.tokens, block.words, strict=True):
                lw = w.lower()
                total[lw] += 1
                if t.start in cue_chars:
                    in_cue[lw] += 1
    return {w: round(k / (total[w] + 1), 4) for w, k in in_cue.items() if k >= min_count}


def kept_attributes(model_dir: Path, min_weight: float) -> set[str]:
    """Attributes that some label of an earlier model weighs at least ``min_weight`` (in absolute value).

    Retraining on these alone prunes the near-zero tail: a smaller, faster model of the same accuracy.
    """
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_dir / "quotes_crf.bin"))
    keep = {a for (a, _label), w in tagger.info().state_features.items() if abs(w) >= min_weight}
    log.info("keeping %d attributes of %s", len(keep), model_dir)
    return keep


def state_projection(out: Path, half: int) -> StateProjection:
    """The state projection for one half of the training articles: its cross-fitted probe when there is one."""
    path = out / f"quotes_states_half{half}.npz"
    return StateProjection.load(path if path.is_file() else out / "quotes_states.npz")


def append_sequences(
    trainer: pycrfsuite.Trainer, docs: list[Doc], args: argparse.Namespace, classes: WordClasses | None
) -> int:
    """Give ``trainer`` every block of ``docs``, each half featured by the other half's lexicon (and
    state probe); the number of tokens."""
    halves = [docs[0::2], docs[1::2]]
    lex_other = [build_lexicon(halves[1]), build_lexicon(halves[0])]
    keep = kept_attributes(args.keep_from, args.keep_min_weight) if args.keep_from else None
    projs = [state_projection(args.out, h) for h in (0, 1)] if args.feature_version >= 5 else [None, None]
    n = 0
    for h, half in enumerate(halves):
        proj = projs[h]
        for doc in half:
            st = proj.project(np.load(args.states / f"{doc.name}.npy")) if proj is not None else None
            for x, y in doc_sequences(doc, lex_other[h], args.feature_version, classes, st):
                if keep is not None:
                    x = [[a for a in f if a in keep] for f in x]  # type: ignore[union-attr]
                trainer.append(x, y)
                n += len(y)
    return n


def parse_args() -> argparse.Namespace:
    """The command line."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=MODELS)
    ap.add_argument("--holdout", type=int, default=0, help="leave out every Nth train document (CV figure)")
    ap.add_argument(
        "--fold", type=int, default=0, help="with --holdout N: leave out documents i with i %% N == fold"
    )
    ap.add_argument("--iterations", type=int, default=120)
    ap.add_argument("--c1", type=float, default=3.0)
    ap.add_argument("--c2", type=float, default=0.02)
    ap.add_argument("--feature-version", type=int, default=FEATURE_VERSION)
    ap.add_argument(
        "--keep-from",
        type=Path,
        default=None,
        help="a model dir trained before: keep only the attributes it weighs at least --keep-min-weight",
    )
    ap.add_argument("--keep-min-weight", type=float, default=0.02)
    ap.add_argument(
        "--minfreq", type=float, default=0.0, help="drop (attribute, label) features seen fewer times"
    )
    ap.add_argument("--data", type=Path, default=POLNEAR.parent, help="shared data dir (holds polnear/)")
    ap.add_argument(
        "--words",
        type=Path,
        default=MODELS / "quotes_words.json",
        help="word classes (training/train_quotes_words.py), copied next to the model",
    )
    ap.add_argument(
        "--states", type=Path, default=None, help="v5: token-state cache (train_quotes_states.py)"
    )
    ap.add_argument(
        "--blend-with",
        type=Path,
        default=None,
        help="v5: a word-only (v3) model dir trained on the same articles, decoded with this one (quotes_blend)",
    )
    ap.add_argument("--blend-weight", type=float, default=0.5, help="with --blend-with: this model's weight")
    args = ap.parse_args()
    if args.feature_version >= 5 and args.states is None:
        ap.error("feature version 5 needs --states (training/train_quotes_states.py)")
    return args


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args = parse_args()
    docs = load("train", args.data / "polnear")
    classes = load_classes(args.words) if args.feature_version >= 3 else None
    if args.holdout:
        held = [d.name for i, d in enumerate(docs) if i % args.holdout == args.fold]
        docs = [d for i, d in enumerate(docs) if i % args.holdout != args.fold]
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "heldout.json").write_text(json.dumps(held))
    log.info("%d training documents", len(docs))
    trainer = pycrfsuite.Trainer(verbose=False)
    n = append_sequences(trainer, docs, args, classes)
    log.info("%d tokens", n)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": args.minfreq,
        }
    )
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    trainer.train(str(args.out / "quotes_crf.bin"))
    log.info("trained in %.0fs", time.time() - t0)
    lexicon = build_lexicon(docs)
    (args.out / "quotes_lexicon.json").write_text(json.dumps(lexicon, sort_keys=True, indent=0) + "\n")
    meta = {
        "feature_version": args.feature_version,
        "train_documents": len(docs),
        "iterations": args.iterations,
        "c1": args.c1,
        "c2": args.c2,
        "minfreq": args.minfreq,
        "keep_min_weight": args.keep_min_weight if args.keep_from else None,
        "tokens": n,
    }
    if args.blend_with is not None:
        # the word-only model scores with this one at decoding (weight chosen on the train folds)
        (args.out / "quotes_crf_words.bin").write_bytes((args.blend_with / "quotes_crf.bin").read_bytes())
        meta["blend_weight"] = args.blend_weight
    (args.out / "quotes_meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    if args.blend_with is not None and (args.out / "quotes_states.npz").is_file():
        from parallax.nlp.quotes import write_blend_tables

        write_blend_tables(args.out)  # the run-time tables: reading two CRF dumps costs ~1.5 s per process
    if classes is not None and args.words.resolve() != (args.out / "quotes_words.json").resolve():
        (args.out / "quotes_words.json").write_bytes(args.words.read_bytes())
    log.info(
        "lexicon: %d forms; model %.1f MB", len(lexicon), (args.out / "quotes_crf.bin").stat().st_size / 1e6
    )


if __name__ == "__main__":
    main()
