"""Sentence-boundary F1 on UD English EWT (dev + test by default), ours vs baselines.

Each EWT document is rebuilt from its ``# text`` lines: sentences inside a paragraph are
joined by one space, paragraphs (``# newpar``) by a blank line ("paragraphs" setting), or
everything joined by one space ("flat" setting: no layout help at all). A predicted
boundary is a sentence end offset; gold ends are the EWT sentence ends. Document ends are
not counted (they are free). Peers: a naive ``[.!?]\\s+`` regex, and pysbd / syntok when
installed (``pip install pysbd syntok``).

    python benchmarks/segment_ewt.py [--splits dev test] [--out benchmarks/results/segment_ewt.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_metrics import DATA, RESULTS
from parallax.nlp.segment import sentences

EWT = DATA / "ud-english-ewt"


def load_docs(split: str) -> list[list[list[str]]]:
    """Documents -> paragraphs -> sentence texts."""
    docs: list[list[list[str]]] = []
    with gzip.open(EWT / f"en_ewt-ud-{split}.conllu.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# newdoc"):
                docs.append([])
            elif line.startswith("# newpar"):
                if not docs:
                    docs.append([])
                docs[-1].append([])
            elif line.startswith("# text = "):
                if not docs:
                    docs.append([])
                if not docs[-1]:
                    docs[-1].append([])
                docs[-1][-1].append(line[len("# text = ") :].rstrip("\n"))
    return docs


def build(doc: list[list[str]], flat: bool) -> tuple[str, set[int]]:
    parts: list[str] = []
    ends: set[int] = set()
    pos = 0
    for pi, para in enumerate(doc):
        for si, sent in enumerate(para):
            if pi or si:
                sep = " " if flat or si else "\n\n"
                parts.append(sep)
                pos += len(sep)
            parts.append(sent)
            pos += len(sent)
            ends.add(pos)
    text = "".join(parts)
    ends.discard(len(text))
    return text, ends


def naive(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<=[.!?])\s+", text)] + [
        m.start() for m in re.finditer(r"\n\s*\n", text)
    ]


def ours(text: str) -> list[int]:
    return [s.end for s in sentences(text)]


def peers() -> dict[str, Callable[[str], list[int]]]:
    found: dict[str, Callable[[str], list[int]]] = {"naive_regex": naive, "parallax": ours}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

        def run_pysbd(text: str) -> list[int]:
            out = []
            for s in seg.segment(text):
                out.append(s.start + len(s.sent.rstrip()))
            return out

        found["pysbd"] = run_pysbd
    except ImportError:
        pass
    try:
        import syntok.segmenter as syn

        def run_syntok(text: str) -> list[int]:
            out = []
            for para in syn.analyze(text):
                for sent in para:
                    last = sent[-1]
                    out.append(last.offset + len(last.value))
            return out

        found["syntok"] = run_syntok
    except ImportError:
        pass
    return found


def score(fn: Callable[[str], list[int]], docs: list[tuple[str, set[int]]]) -> dict[str, float]:
    tp = fp = fn_ = 0
    t0 = time.perf_counter()
    for text, gold in docs:
        pred = {e for e in fn(text) if e < len(text.rstrip())}
        # a boundary is matched at the same offset modulo trailing whitespace
        pred = {len(text[:e].rstrip()) for e in pred}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn_ += len(gold - pred)
    secs = time.perf_counter() - t0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn_) if tp + fn_ else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    chars = sum(len(t) for t, _ in docs)
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn_,
        "mchars_per_s": round(chars / secs / 1e6, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--splits", nargs="+", default=["dev", "test"])
    ap.add_argument("--out", type=Path, default=RESULTS / "segment_ewt.json")
    args = ap.parse_args()
    raw = [d for split in args.splits for d in load_docs(split)]
    results: dict[str, dict[str, dict[str, float]]] = {}
    for setting in ("paragraphs", "flat"):
        docs = [build(d, flat=setting == "flat") for d in raw]
        results[setting] = {name: score(fn, docs) for name, fn in peers().items()}
    summary = {"splits": args.splits, "documents": len(raw), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")
    print("| setting | segmenter | P | R | F1 | Mchar/s |\n|---|---|---|---|---|---|")
    for setting, rows in results.items():
        for name, r in rows.items():
            print(
                f"| {setting} | {name} | {r['precision']} | {r['recall']} | {r['f1']} | {r['mchars_per_s']} |"
            )


if __name__ == "__main__":
    main()
