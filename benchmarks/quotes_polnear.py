"""Quote-content and content+speaker F1 on PolNeAR (dev by default), as issue 3 defines them.

A predicted quote matches a gold attribution when their content token sets share >= 50% of
the tokens of their union (one-to-one, best overlaps first); its speaker matches when the
predicted source span overlaps the gold Source span (or both have none). Tokens are
``parallax.nlp.segment.tokens``. Peer: a rule baseline (the sentence around each
"said/says/told/according to", source = the capitalised words next to it).

    python benchmarks/quotes_polnear.py                     # dev, shipped model
    python benchmarks/quotes_polnear.py --split train --limit 8     # fit on every 8th train article
    python benchmarks/quotes_polnear.py --split train --holdout-model /tmp/q5   # train CV fold
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))
sys.path.insert(0, str(REPO / "benchmarks"))
from common_metrics import RESULTS  # noqa: E402
from parallax.nlp import quotes as q_mod  # noqa: E402
from parallax.nlp.quotes import QuoteExtractor  # noqa: E402
from parallax.nlp.segment import sentences, tokens  # noqa: E402
from train_quotes_data import Doc, load  # noqa: E402

Pred = tuple[list[tuple[int, int]], tuple[int, int] | None]  # content spans, source span


def token_set(toks: list[tuple[int, int]], spans: list[tuple[int, int]]) -> frozenset[int]:
    """Indices of the tokens (sorted, not overlapping) that overlap any of ``spans``."""
    ends = [e for _, e in toks]
    starts = [s for s, _ in toks]
    out: set[int] = set()
    for a, b in spans:
        out.update(range(bisect.bisect_right(ends, a), bisect.bisect_left(starts, b)))
    return frozenset(out)


def overlaps(a: tuple[int, int] | None, spans: list[tuple[int, int]]) -> bool:
    if a is None:
        return not spans
    return any(a[0] < e and a[1] > s for s, e in spans)


def score_doc(doc: Doc, preds: list[Pred]) -> tuple[int, int, int, int]:
    """(gold, predicted, content matches, content+speaker matches) for one article."""
    toks = [(t.start, t.end) for t in tokens(doc.text)]
    gold = [(token_set(toks, a.content), a.source) for a in doc.attributions]
    pred = [(token_set(toks, c), src) for c, src in preds]
    pairs = []
    for gi, (g, _) in enumerate(gold):
        for pi, (p, _) in enumerate(pred):
            inter = len(g & p)
            if inter:
                j = inter / len(g | p)
                if j >= 0.5:
                    pairs.append((j, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    tp = tp_spk = 0
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        tp += 1
        tp_spk += overlaps(pred[pi][1], gold[gi][1])
    return len(gold), len(pred), tp, tp_spk


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
    }


_CUE = re.compile(r"\b(said|says|told|according to|added|wrote)\b")
_CAPS = re.compile(r"(?:[A-Z][\w.'’-]*\s?){1,4}")


def baseline(text: str) -> list[Pred]:
    """Rule peer: each sentence holding a common speech verb is a quote of the names next to it."""
    out: list[Pred] = []
    for s in sentences(text):
        sent = text[s.start : s.end]
        m = _CUE.search(sent)
        if not m:
            continue
        near = [
            c for c in _CAPS.finditer(sent) if abs(c.start() - m.end()) < 25 or abs(c.end() - m.start()) < 25
        ]
        src = (s.start + near[0].start(), s.start + near[0].end()) if near else None
        out.append(([(s.start, s.end)], src))
    return out


def evaluate(docs: list[Doc], predict) -> dict[str, object]:  # type: ignore[no-untyped-def]
    n_gold = n_pred = tp = tp_spk = 0
    t0 = time.perf_counter()
    for doc in docs:
        g, p, t, ts = score_doc(doc, predict(doc.text))
        n_gold += g
        n_pred += p
        tp += t
        tp_spk += ts
    secs = time.perf_counter() - t0
    return {
        "content": prf(tp, n_pred, n_gold),
        "content_speaker": prf(tp_spk, n_pred, n_gold),
        "gold": n_gold,
        "predicted": n_pred,
        "docs_per_s": round(len(docs) / secs, 1),
    }


def quotes_speed(ex: QuoteExtractor, n: int) -> dict[str, float]:
    """Quotes-stage articles/s on the ~600-word articles of ``annotate_speed.py`` (best of 2 passes;
    the entity pass that feature version 5 reads is not timed: the annotator runs it anyway)."""
    from annotate_speed import load_articles

    arts = load_articles(n)
    if ex.projection is not None:
        # as in the annotator, the entity model has read the articles already: its states are reused
        from parallax.nlp.ner import default_tagger

        default_tagger().tag_many([a.text for a in arts])
    best = 0.0
    for _ in range(2):
        t0 = time.perf_counter()
        for a in arts:
            ex.extract(a.text)
        best = max(best, len(arts) / (time.perf_counter() - t0))
    return {
        "articles": len(arts),
        "articles_per_s": round(best, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--model", type=Path, default=None, help="model dir (default: the shipped model)")
    ap.add_argument(
        "--holdout-model",
        type=Path,
        default=None,
        help="a --holdout model dir: score its held-out train docs",
    )
    ap.add_argument(
        "--limit", type=int, default=0, help="score only every Nth document (e.g. train fit on a sample)"
    )
    ap.add_argument("--ablate", action="store_true", help="also score with each post-processing step off")
    ap.add_argument(
        "--speed", type=int, default=120, help="also time the extractor on N ~600-word articles (0: skip)"
    )
    ap.add_argument(
        "--o-weight",
        default=None,
        help="override the model's decoding: 'viterbi' or a factor on P(O) for posterior labels",
    )
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    docs = load(args.split)
    if args.limit:
        docs = docs[:: args.limit]
    model_dir = args.model
    if args.holdout_model:
        held = set(json.loads((args.holdout_model / "heldout.json").read_text()))
        docs = [d for d in docs if d.name in held]
        model_dir = args.holdout_model
    ex = QuoteExtractor(model_dir)
    if args.o_weight is not None:
        ex.o_weight = None if args.o_weight == "viterbi" else float(args.o_weight)

    def ours(text: str) -> list[Pred]:
        return [(a.parts or [a.content], a.source) for a in ex.attributions(text)]

    results = {"parallax_crf": evaluate(docs, ours), "rule_baseline": evaluate(docs, baseline)}
    if args.ablate:
        from parallax.nlp import quotes as q

        chosen = dict(q.STEPS)
        for step in list(q.STEPS):
            q.STEPS[step] = not chosen[step]
            results[f"parallax_crf_{'without' if chosen[step] else 'with'}_{step}"] = evaluate(docs, ours)
            q.STEPS[step] = chosen[step]
        q.STEPS.update(dict.fromkeys(q.STEPS, False))
        results["parallax_crf_tagger_only"] = evaluate(docs, ours)
        q.STEPS.update(chosen)
    label = (
        args.split
        + ("_heldout_fold" if args.holdout_model else "")
        + (f"_every{args.limit}" if args.limit else "")
    )
    speed = quotes_speed(ex, args.speed) if args.speed else None
    meta_path = (model_dir or Path(q_mod.MODEL_DIR)) / "quotes_meta.json"
    summary = {
        "split": label,
        "documents": len(docs),
        "model": json.loads(meta_path.read_text()) if meta_path.is_file() else None,
        "steps": dict(q_mod.STEPS),
        "o_weight": ex.o_weight,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "speed_600_words": speed,
        "results": results,
    }
    out = args.out or RESULTS / f"quotes_polnear_{label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"PolNeAR {label} ({len(docs)} articles); quotes speed {speed}\n")
    print(
        "| system | content P | R | F1 | content+speaker P | R | F1 | docs/s |\n|---|---|---|---|---|---|---|---|"
    )
    for name, r in results.items():
        c, cs = r["content"], r["content_speaker"]  # type: ignore[index]
        print(
            f"| {name} | {c['precision']} | {c['recall']} | {c['f1']} | "
            f"{cs['precision']} | {cs['recall']} | {cs['f1']} | {r['docs_per_s']} |"
        )


if __name__ == "__main__":
    main()
