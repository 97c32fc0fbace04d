"""Choose the quote post-processing settings by cross-validation on PolNeAR train folds (dev unused).

Fold f holds out the train articles i with i % K == f; its tagger is trained on the rest by
``training/train_quotes.py --holdout K --fold f`` (run here when its directory is missing). Each
setting — a post-processing step of ``quotes_decode.STEPS`` on or off, a threshold of
``quotes_decode.PARAMS`` — is chosen by coordinate ascent on the held-out articles of all folds
pooled, the objective being content F1 + content+speaker F1 (``quotes_polnear.score_doc``). The
tagger's labels do not depend on these settings, so each block is tagged once per fold.

    nice -n 15 python benchmarks/quotes_cv.py --models /tmp/q17cv --c1 3.0   # -> results/quotes_cv.json

``--blend W ... --words-models DIR`` instead scores, at the current settings, each weight ``W`` of the
log-linear blend of a feature version 5 fold model (``--models``) with the word-only (v3) model of the
same fold (``DIR``), the weight with the best objective last (``quotes_blend``); ``--states`` reads
the entity-model states dumped by ``training/train_quotes_states.py`` instead of running the encoder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))
sys.path.insert(0, str(REPO / "benchmarks"))
import numpy as np  # noqa: E402

import quotes_polnear  # noqa: E402
from common_metrics import RESULTS  # noqa: E402
from parallax.nlp import quotes as q_mod  # noqa: E402
from parallax.nlp import quotes_decode as qd  # noqa: E402
from parallax.nlp.quotes import QuoteExtractor  # noqa: E402
from parallax.nlp.quotes_blend import LinearCrf, blend_viterbi  # noqa: E402
from parallax.nlp.quotes_features import Block, block_features  # noqa: E402
from parallax.nlp.quotes_states import add_state_features  # noqa: E402
from parallax.nlp.segment import tokens  # noqa: E402
from quotes_polnear import Pred, prf, score_doc  # noqa: E402
from train_quotes_data import Doc, load  # noqa: E402

#: values tried for each threshold of ``quotes_decode.PARAMS``
PARAM_GRID: dict[str, list[float]] = {
    "merge_gap": [0, 15, 30],
    "sentence_cost": [20, 40, 80],
}


def _memo(fn: Callable[[str], list]) -> Callable[[str], list]:  # type: ignore[type-arg]
    """``fn`` of an article text, computed once per text (segmentation and tokens are the slow part)."""
    memo: dict[str, list] = {}  # type: ignore[type-arg]

    def cached(text: str) -> list:  # type: ignore[type-arg]
        if text not in memo:
            memo[text] = fn(text)
        return memo[text]

    return cached


# blocks and tokens depend on the text only: computed once, not once per setting tried
q_mod.blocks = _memo(q_mod.blocks)  # type: ignore[assignment]
quotes_polnear.tokens = _memo(tokens)  # type: ignore[assignment]


def fold_model(models: Path, k: int, fold: int, c1: float, iterations: int) -> Path:
    """The fold's model directory, trained first when it is missing."""
    out = models / f"k{k}_c{c1:g}_f{fold}"
    if not (out / "quotes_meta.json").is_file():
        cmd = [
            sys.executable,
            str(REPO / "training" / "train_quotes.py"),
            *("--holdout", str(k), "--fold", str(fold), "--out", str(out)),
            *("--c1", str(c1), "--c2", "0.02", "--iterations", str(iterations)),
        ]
        subprocess.run(cmd, check=True)
    return out


class Fold:
    """One fold: its extractor (tagger output cached per block) and its held-out articles."""

    def __init__(self, model: Path, docs: list[Doc]) -> None:
        held = set(json.loads((model / "heldout.json").read_text()))
        self.docs = [d for d in docs if d.name in held]
        self.ex = QuoteExtractor(model)
        # the tagger's labels, kept next to the fold model: a rerun with other rules does not tag again
        self.cache_path = model / "labels_cache.json"
        cache: dict[tuple[str, int], list[str]] = {}
        if self.cache_path.is_file():
            cache = {
                (k.split("\t")[0], int(k.split("\t")[1])): v
                for k, v in json.loads(self.cache_path.read_text()).items()
            }
        self.cache = cache
        tag = self.ex.block_labels
        self.current = ""

        def cached(block: Block, index: int, states: object = None) -> list[str]:
            key = (self.current, index)
            if key not in cache:
                cache[key] = tag(block, index, states)  # type: ignore[arg-type]
            return cache[key]

        self.ex.block_labels = cached  # type: ignore[method-assign]

    def counts(self) -> list[int]:
        """(gold, predicted, content matches, content+speaker matches) over the fold."""
        total = [0, 0, 0, 0]
        n_cached = len(self.cache)
        for d in self.docs:
            self.current = d.name
            preds: list[Pred] = [(a.parts or [a.content], a.source) for a in self.ex.attributions(d.text)]
            for i, v in enumerate(score_doc(d, preds)):
                total[i] += v
        if len(self.cache) > n_cached:
            self.cache_path.write_text(json.dumps({f"{k[0]}\t{k[1]}": v for k, v in self.cache.items()}))
        return total


class BlendFold(Fold):
    """A v5 fold blended with the word-only model of the same fold: the two models' state scores of
    each block are computed once, so each weight costs a Viterbi pass only."""

    def __init__(self, model: Path, docs: list[Doc], words: Path, state_dir: Path | None) -> None:
        super().__init__(model, docs)
        ex = self.ex
        order = list(ex._tagger.labels())
        self.crfs = (LinearCrf(model / "quotes_crf.bin", order), LinearCrf(words / "quotes_crf.bin", order))
        self.weight = 1.0
        scores: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}
        if state_dir is not None and ex.projection is not None:
            proj = ex.projection

            def dumped(text: str, bl: list[Block]) -> list[tuple[np.ndarray, np.ndarray]]:
                z, cl = proj.project(np.load(state_dir / f"{self.current}.npy"))
                ends = np.cumsum([0] + [len(b.tokens) for b in bl])
                return [(z[a:b], cl[a:b]) for a, b in itertools.pairwise(ends)]

            ex._block_states = dumped  # type: ignore[method-assign]

        def blended(
            block: Block, index: int, states: tuple[np.ndarray, np.ndarray] | None = None
        ) -> list[str]:
            key = (self.current, index)
            if key not in scores:
                feats = block_features(block, ex.lexicon, index, ex.feature_version, ex.classes)
                items = (
                    feats
                    if states is None
                    else add_state_features(feats, states[0], states[1], block.sent_ids)
                )
                scores[key] = (self.crfs[0].state_scores(items), self.crfs[1].state_scores(feats))
            return blend_viterbi(*self.crfs, *scores[key], self.weight)

        ex.block_labels = blended  # type: ignore[method-assign]


def figures(c: list[int]) -> dict[str, dict[str, float]]:
    return {"content": prf(c[2], c[1], c[0]), "content_speaker": prf(c[3], c[1], c[0])}


def objective(c: list[int]) -> float:
    f = figures(c)
    return f["content"]["f1"] + f["content_speaker"]["f1"]


def select(evaluate: Callable[[], list[int]], rounds: int = 3) -> tuple[list[int], list[dict[str, object]]]:
    """Coordinate ascent over STEPS and PARAMS (module state is left at the best setting)."""
    best = evaluate()
    trail: list[dict[str, object]] = [{"setting": "start", "objective": round(objective(best), 4)}]
    for _ in range(rounds):
        changed = False
        options: list[tuple[str, dict[str, object], object]] = [
            (name, qd.STEPS, not on)
            for name, on in qd.STEPS.items()  # type: ignore[misc]
        ]
        options += [(name, qd.PARAMS, v) for name, vals in PARAM_GRID.items() for v in vals]
        for name, table, value in options:
            old = table[name]
            if value == old:
                continue
            table[name] = value
            c = evaluate()
            trail.append({"setting": f"{name}={value}", "objective": round(objective(c), 4)})
            if objective(c) > objective(best) + 0.0005:
                best, changed = c, True
            else:
                table[name] = old
        if not changed:
            break
    return best, trail


def score_blends(args: argparse.Namespace, docs: list[Doc], use: list[int]) -> None:
    """Score each ``--blend`` weight on the folds (current settings); write the figures to ``--out``."""
    t0 = time.time()
    name = f"k{args.k}_c{args.c1:g}_f{{}}"
    folds = [
        BlendFold(args.models / name.format(f), docs, args.words_models / name.format(f), args.states)
        for f in use
    ]
    rows: list[dict[str, object]] = []
    for w in args.blend:
        per_fold = []
        total = [0, 0, 0, 0]
        for fold in folds:
            fold.weight = w
            c = fold.counts()
            per_fold.append(figures(c))
            total = [a + b for a, b in zip(total, c, strict=True)]
        rows.append(
            {"weight": w, "objective": round(objective(total), 4), **figures(total), "per_fold": per_fold}
        )
        print(w, rows[-1]["objective"], figures(total), flush=True)
    best = max(rows, key=lambda r: r["objective"])  # type: ignore[arg-type, return-value]
    summary = {
        "k": args.k,
        "folds": use,
        "models": str(args.models),
        "words_models": str(args.words_models),
        "documents": sum(len(f.docs) for f in folds),
        "steps": dict(qd.STEPS),
        "params": dict(qd.PARAMS),
        "chosen_weight": best["weight"],
        "weights": rows,
        "seconds": round(time.time() - t0),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--models", type=Path, required=True, help="folder of the fold models")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--c1", type=float, default=3.0)
    ap.add_argument("--iterations", type=int, default=120)
    ap.add_argument(
        "--folds", type=int, nargs="*", default=None, help="use only these folds (default: all K)"
    )
    ap.add_argument("--no-select", action="store_true", help="score the current settings only")
    ap.add_argument("--set", nargs="*", default=[], help="start from these settings: NAME=VALUE (steps 0/1)")
    ap.add_argument("--out", type=Path, default=RESULTS / "quotes_cv.json")
    ap.add_argument("--blend", type=float, nargs="*", default=None, help="blend weights of v5 to score")
    ap.add_argument("--words-models", type=Path, default=None, help="with --blend: the v3 fold models")
    ap.add_argument("--states", type=Path, default=None, help="with --blend: dumped train token states")
    args = ap.parse_args()
    t0 = time.time()
    docs = load("train")
    use = args.folds if args.folds is not None else range(args.k)
    for item in args.set:
        name, value = item.split("=")
        if name in qd.STEPS:
            qd.STEPS[name] = value == "1"
        else:
            qd.PARAMS[name] = int(value)
    if args.blend is not None:
        score_blends(args, docs, list(use))
        return
    folds = [Fold(fold_model(args.models, args.k, f, args.c1, args.iterations), docs) for f in use]

    def evaluate() -> list[int]:
        total = [0, 0, 0, 0]
        for fold in folds:
            for i, v in enumerate(fold.counts()):
                total[i] += v
        return total

    start_steps, start_params = dict(qd.STEPS), dict(qd.PARAMS)
    start = evaluate()
    best, trail = (start, []) if args.no_select else select(evaluate)
    summary = {
        "k": args.k,
        "folds": list(use),
        "c1": args.c1,
        "documents": sum(len(f.docs) for f in folds),
        "start": {"steps": start_steps, "params": start_params, **figures(start)},
        "chosen": {"steps": dict(qd.STEPS), "params": dict(qd.PARAMS), **figures(best)},
        "per_fold": [figures(f.counts()) for f in folds],
        "trail": trail,
        "seconds": round(time.time() - t0),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n")
    for key in ("start", "chosen"):
        s = summary[key]
        print(key, s["steps"], s["params"], s["content"], s["content_speaker"])  # type: ignore[index]


if __name__ == "__main__":
    main()
