"""Choose the quote post-processing settings by cross-validation on PolNeAR train folds (dev unused).

Fold f holds out the train articles i with i % K == f; its tagger is trained on the rest by
``training/train_quotes.py --holdout K --fold f`` (run here when its directory is missing). Each
setting — a post-processing step of ``quotes_decode.STEPS`` on or off, a threshold of
``quotes_decode.PARAMS`` — is chosen by coordinate ascent on the held-out articles of all folds
pooled, the objective being content F1 + content+speaker F1 (``quotes_polnear.score_doc``). The
tagger's labels do not depend on these settings, so each block is tagged once per fold.

    nice -n 15 python benchmarks/quotes_cv.py --models /tmp/q17cv --c1 3.0   # -> results/quotes_cv.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))
sys.path.insert(0, str(REPO / "benchmarks"))
import quotes_polnear  # noqa: E402
from common_metrics import RESULTS  # noqa: E402
from parallax.nlp import quotes as q_mod  # noqa: E402
from parallax.nlp import quotes_decode as qd  # noqa: E402
from parallax.nlp.quotes import QuoteExtractor  # noqa: E402
from parallax.nlp.quotes_features import Block  # noqa: E402
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
    args = ap.parse_args()
    t0 = time.time()
    docs = load("train")
    use = args.folds if args.folds is not None else range(args.k)
    folds = [Fold(fold_model(args.models, args.k, f, args.c1, args.iterations), docs) for f in use]

    def evaluate() -> list[int]:
        total = [0, 0, 0, 0]
        for fold in folds:
            for i, v in enumerate(fold.counts()):
                total[i] += v
        return total

    for item in args.set:
        name, value = item.split("=")
        if name in qd.STEPS:
            qd.STEPS[name] = value == "1"
        else:
            qd.PARAMS[name] = int(value)
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
