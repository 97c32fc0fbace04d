"""NER benchmark: CoNLL-2003 dev entity F1 (conlleval-style) and tagging speed on news articles.

    python benchmarks/ner_conll.py                       # shipped default model
    python benchmarks/ner_conll.py --peer-src ../peer/src   # and an older checkout's (accuracy and speed), same run

Accuracy: each document of the dev split (``eng.testa``, IOB2 copy) becomes raw text (its words
joined by spaces, one sentence per line) and goes through ``parallax annotate`` whole, as a user's
article would; the entities' character spans are mapped back to the gold words and scored by
exact match of (start, end, label), micro-averaged (what conlleval computes). ``--peer-src``
scores another checkout's code (e.g. the previous model) the same way in the same run. Speed: ``EntityTagger.tag_many`` (and ``tag`` one by one) on raw Multi-News source
documents of 400-900 words, sentence splitting and tokenisation included; reported as
articles/s, 600-word-article equivalents/s and tokens/s, per wall-clock second and per CPU
second of this process (other jobs may share the machine). Prints a JSON summary and writes
``benchmarks/results/ner_conll.json`` unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PARALLAX_SHARED", REPO.parent / "shared")) / "data"
RESULTS = REPO / "benchmarks" / "results" / "ner_conll.json"

Span = tuple[int, int, int, str]  # (doc, start token, end token, label)


def read_conll(path: Path, unit: str = "sentence") -> list[tuple[list[str], list[str]]]:
    """(tokens, IOB2 tags) per CoNLL sentence, or per document when ``unit == "document"``."""
    units: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for raw in fh:
            cols = raw.split()
            if cols and cols[0] != "-DOCSTART-":
                words.append(cols[0])
                tags.append(cols[-1])
                continue
            at_break = not cols if unit == "sentence" else bool(cols)
            if at_break and words:
                units.append((words, tags))
                words, tags = [], []
    if words:
        units.append((words, tags))
    return units


def bio_spans(doc_i: int, tags: list[str]) -> set[Span]:
    """Entity spans of an IOB2 tag sequence (an ``I-`` after O or another type starts a span, as conlleval)."""
    out: set[Span] = set()
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        continuing = prefix == "I" and typ == label and start >= 0
        if start >= 0 and not continuing:
            out.add((doc_i, start, i, label))
            start, label = -1, ""
        if prefix in ("B", "I") and not continuing:
            start, label = i, typ
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": n_gold}


def score(gold: set[Span], pred: set[Span]) -> dict[str, object]:
    """Micro and per-label exact-match P/R/F1."""
    tp = gold & pred
    per_label = {}
    for label in sorted({s[3] for s in gold | pred}):
        n_tp = sum(1 for s in tp if s[3] == label)
        per_label[label] = prf(
            n_tp, sum(1 for s in pred if s[3] == label), sum(1 for s in gold if s[3] == label)
        )
    return {"micro": prf(len(tp), len(pred), len(gold)), "per_label": per_label}


def conll_text(sents: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """A CoNLL document as raw text (words joined by spaces, one sentence per line) and word offsets."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for s_i, sent in enumerate(sents):
        for w_i, word in enumerate(sent):
            if w_i:
                parts.append(" ")
                pos += 1
            offsets.append((pos, pos + len(word)))
            parts.append(word)
            pos += len(word)
        if s_i < len(sents) - 1:
            parts.append("\n")
            pos += 1
    return "".join(parts), offsets


def dev_documents(split_file: Path) -> list[tuple[str, list[tuple[int, int]], list[str]]]:
    """(text, word offsets, gold tags) of each CoNLL document of ``split_file``."""
    sents = read_conll(split_file, "sentence")
    docs_words = read_conll(split_file, "document")
    out = []
    k = 0
    for words, tags in docs_words:
        doc_sents: list[list[str]] = []
        n = 0
        while n < len(words):
            doc_sents.append(sents[k][0])
            n += len(sents[k][0])
            k += 1
        text, offsets = conll_text(doc_sents)
        out.append((text, offsets, tags))
    return out


def to_spans(doc_i: int, offsets: list[tuple[int, int]], ents: list[dict]) -> set[Span]:
    """Predicted character spans -> word spans; a span that does not start and end on word edges is kept as unmatched."""
    starts = {a: i for i, (a, _) in enumerate(offsets)}
    ends = {b: i + 1 for i, (_, b) in enumerate(offsets)}
    out: set[Span] = set()
    for e in ents:
        a, b = starts.get(e["start"]), ends.get(e["end"])
        out.add((doc_i, a if a is not None else -1 - e["start"], b if b is not None else -1, e["label"]))
    return out


def eval_annotate(split_file: Path, src: Path | None = None) -> dict[str, object]:
    """Whole documents through ``parallax annotate`` (the code in ``src``, default this checkout); scored."""
    docs = dev_documents(split_file)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "conll_dev.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i, (text, _, _) in enumerate(docs):
                fh.write(json.dumps({"id": f"conll-{i}", "text": text}) + "\n")
        env = dict(os.environ)
        if src is not None:
            env["PYTHONPATH"] = str(src)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "parallax", "annotate", str(path), "--workers", "1", "--no-progress"],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        secs = time.perf_counter() - t0
    by_id = {r["id"]: r for r in map(json.loads, proc.stdout.splitlines())}
    gold: set[Span] = set()
    pred: set[Span] = set()
    for i, (text, offsets, tags) in enumerate(docs):
        rec = by_id[f"conll-{i}"]
        assert rec["text"] == text, "annotate changed the text"
        gold |= bio_spans(i, tags)
        pred |= to_spans(i, offsets, rec["entities"])
    out = score(gold, pred)
    out.update(unit="document, through parallax annotate", units=len(docs), seconds=round(secs, 1))
    out["errors_by_kind"] = dict(
        Counter(
            "wrong_label"
            if any(g[:3] == p[:3] for g in gold)
            else "boundary"
            if any(g[0] == p[0] and g[1] < p[2] and p[1] < g[2] for g in gold)
            else "spurious"
            for p in pred - gold
        )
    )
    return out


def eval_sentences(split_file: Path) -> dict[str, object]:
    """Each CoNLL sentence tagged alone by the shipped tagger (no document context): the per-sentence figure."""
    from parallax.nlp.ner import default_tagger

    sents = read_conll(split_file, "sentence")
    texts, offsets = zip(*(conll_text([words]) for words, _ in sents), strict=True)
    tagged = default_tagger().tag_many(list(texts))
    gold: set[Span] = set()
    pred: set[Span] = set()
    for i, ((_, tags), offs, ents) in enumerate(zip(sents, offsets, tagged, strict=True)):
        gold |= bio_spans(i, tags)
        pred |= to_spans(i, offs, [{"start": e.start, "end": e.end, "label": e.label} for e in ents])
    out = score(gold, pred)
    out["unit"] = "sentence, tagger alone"
    return out


def news_texts(min_words: int, max_words: int, limit: int) -> list[str]:
    """Raw Multi-News source documents of min..max words."""
    texts: list[str] = []
    for path in sorted((DATA / "multinews_sample").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                for doc in json.loads(line).get("documents") or []:
                    if min_words <= len(doc.split()) <= max_words:
                        texts.append(doc)
    return texts[:limit]


def bench_speed(tagger: object, texts: list[str], repeats: int) -> dict[str, object]:
    """Best-of-``repeats`` throughput of tag_many and of tag in a loop."""
    from parallax.nlp.ner_words import words

    n_tokens = sum(len(words(t)) for t in texts)
    n_words = sum(len(t.split()) for t in texts)
    tagger.tag_many(texts[:5])  # type: ignore[attr-defined]  # warm-up
    best_many = best_one = best_cpu = float("inf")
    n_ents = 0
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        res = tagger.tag_many(texts)  # type: ignore[attr-defined]
        best_many = min(best_many, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        n_ents = sum(len(r) for r in res)
        t0 = time.perf_counter()
        for t in texts:
            tagger.tag(t)  # type: ignore[attr-defined]
        best_one = min(best_one, time.perf_counter() - t0)
    n = len(texts)
    return {
        "articles": n,
        "mean_words": round(n_words / n, 1),
        "tokens": n_tokens,
        "entities": n_ents,
        "tag_many_articles_per_s": round(n / best_many, 1),
        "tag_many_600_word_articles_per_s": round(n_words / 600 / best_many, 1),
        "tag_many_tokens_per_s": round(n_tokens / best_many),
        # CPU seconds of this process: what one free core would do when other jobs share the machine
        "tag_many_cpu_seconds": round(best_cpu, 2),
        "tag_many_articles_per_cpu_s": round(n / best_cpu, 1),
        "tag_many_600_word_articles_per_cpu_s": round(n_words / 600 / best_cpu, 1),
        "tag_many_tokens_per_cpu_s": round(n_tokens / best_cpu),
        "tag_articles_per_s": round(n / best_one, 1),
        "tag_tokens_per_s": round(n_tokens / best_one),
    }


def peer_speed(args: argparse.Namespace) -> dict[str, object]:
    """``bench_speed`` of the peer checkout's tagger, in a process that imports the peer's code."""
    cmd = [sys.executable, __file__, "--speed-only", "--speed-docs", str(args.speed_docs)]
    cmd += ["--repeats", str(args.repeats)]
    env = {**os.environ, "PYTHONPATH": str(args.peer_src)}
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def model_size(path: Path) -> dict[str, object]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return {
        "total_mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
        "largest_file_mb": round(max(p.stat().st_size for p in files) / 1e6, 2),
    }


def main(argv: list[str] | None = None) -> int:
    from parallax.nlp.ner import ONNX_DIR, OnnxEntityTagger

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peer-src", type=Path, help="src/ of another checkout, scored in the same run")
    ap.add_argument("--speed-docs", type=int, default=150)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--speed-only", action="store_true", help=argparse.SUPPRESS)  # the peer's speed run
    args = ap.parse_args(argv)
    if args.speed_only:
        texts = news_texts(400, 900, args.speed_docs)
        print(json.dumps(bench_speed(OnnxEntityTagger(ONNX_DIR), texts, args.repeats)))
        return 0

    result: dict[str, object] = {
        "benchmark": "ner_conll",
        "model": str(ONNX_DIR.relative_to(REPO)),
        "size": model_size(ONNX_DIR),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load1": os.getloadavg()[0]},
    }
    dev = DATA / "conll2003-en" / "iob2" / "valid.txt.gz"
    result["conll_dev"] = eval_annotate(dev)
    result["conll_dev_by_sentence"] = eval_sentences(dev)["micro"]
    if args.peer_src:
        result["peer"] = {"src": str(args.peer_src), "conll_dev": eval_annotate(dev, args.peer_src)}
    if not args.no_speed:
        texts = news_texts(400, 900, args.speed_docs)
        result["speed_multinews"] = bench_speed(OnnxEntityTagger(ONNX_DIR), texts, args.repeats)
        if args.peer_src:
            result["peer"]["speed_multinews"] = peer_speed(args)  # type: ignore[index]
        result["machine"]["load1_after"] = os.getloadavg()[0]  # type: ignore[index]
    print(json.dumps(result, indent=2))
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
