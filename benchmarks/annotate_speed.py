"""Annotation speed (articles/s) on ~600-word news articles, whole pipeline and per stage.

Articles: Multi-News validation sample documents of 400-900 words (cut to none; their
median is ~600 words). Stages are timed in the same run so the figures are comparable:
segmentation, NER (batched ``tag_many``), entity linking, quotes, times, and the whole
``Annotator.annotate_many``. Single process; the machine is shared, so run it twice.

    python benchmarks/annotate_speed.py [--n 120] [--cli-n 480] [--peer-src ../peer/src]

Also times the ``parallax annotate`` command end to end (process start, model loading, JSON
Lines in and out) with ``--workers 1`` and with its default (one worker process per CPU),
on ``--cli-n`` articles written to a temporary JSON Lines file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_metrics import DATA, RESULTS
from parallax.model import Article
from parallax.nlp import entities
from parallax.nlp.annotator import Annotator
from parallax.nlp.quotes import default_extractor
from parallax.nlp.segment import sentences
from parallax.nlp.timex import find_times


def load_articles(n: int) -> list[Article]:
    out: list[Article] = []
    path = DATA / "multinews_sample" / "multinews_validation_sample250.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            for i, doc in enumerate(json.loads(line)["documents"]):
                words = len(doc.split())
                if 400 <= words <= 900:
                    out.append(
                        Article(id=f"mn{len(out)}-{i}", source="multinews", text=doc, published="2016-06-01")
                    )
                if len(out) >= n:
                    return out
    return out


def cli_runs(arts: list[Article], src: Path | None = None) -> dict[str, object]:
    """``parallax annotate FILE.jsonl`` wall time with 1 worker and with the default workers.

    ``src``: run another checkout's ``src/`` instead (the peer), on the same articles.
    """
    out: dict[str, object] = {"articles": len(arts)}
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
        out["src"] = str(src)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for a in arts:
                fh.write(json.dumps({"id": a.id, "text": a.text, "published": a.published}) + "\n")
        for name, extra in (("workers_1", ["--workers", "1"]), ("workers_default", [])):
            cmd = [sys.executable, "-m", "parallax", "annotate", str(src), "--no-progress", *extra]
            t0 = time.perf_counter()
            done = subprocess.run(cmd, stdout=subprocess.PIPE, check=True, env=env)
            seconds = time.perf_counter() - t0
            lines = done.stdout.count(b"\n")
            assert lines == len(arts), (name, lines)
            out[name] = {"seconds": round(seconds, 1), "articles_per_s": round(lines / seconds, 2)}
    return out


def timed(fn, items):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    res = fn(items)
    return res, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--cli-n", type=int, default=480, help="articles for the command-line runs (0: skip)")
    ap.add_argument(
        "--peer-src", type=Path, help="src/ of another checkout: its command-line runs, same articles"
    )
    ap.add_argument("--out", type=Path, default=RESULTS / "annotate_speed.json")
    args = ap.parse_args()
    arts = load_articles(args.n)
    words = sum(len(a.text.split()) for a in arts) / len(arts)
    ann = Annotator()
    texts = [a.text for a in arts]
    ann.annotate(arts[0])  # load models outside the timings
    stages: dict[str, float] = {}
    _, stages["segment"] = timed(lambda ts: [sentences(t) for t in ts], texts)
    ents: list = []
    if ann.tagger is not None:
        ents, stages["ner"] = timed(ann.tagger.tag_many, texts)
        _, stages["entity_linking"] = timed(lambda es: [entities.link_article(e) for e in es], ents)
    qx = default_extractor()
    _, stages["quotes"] = timed(
        lambda ts: [qx.extract(t, e) for t, e in zip(ts, ents or [[]] * len(ts), strict=True)], texts
    )
    _, stages["times"] = timed(lambda ts: [find_times(t, "2016-06-01") for t in ts], texts)
    _, total = timed(lambda a: list(ann.annotate_many(a)), arts)
    summary = {
        "articles": len(arts),
        "mean_words": round(words, 1),
        "ner": ann.tagger is not None,
        "articles_per_s": round(len(arts) / total, 2),
        # the machine is shared: the load says how busy it was during the run
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "stage_articles_per_s": {k: round(len(arts) / v, 1) for k, v in stages.items()},
    }
    if args.cli_n:
        cli_arts = load_articles(args.cli_n)
        summary["cli"] = cli_runs(cli_arts)
        if args.peer_src:
            summary["peer_cli"] = cli_runs(cli_arts, args.peer_src)
    summary["load_average_1min_end"] = round(os.getloadavg()[0], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
