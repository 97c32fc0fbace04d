"""Annotation speed (articles/s) on ~600-word news articles, whole pipeline and per stage.

Articles: Multi-News validation sample documents of 400-900 words (cut to none; their
median is ~600 words). Stages are timed in the same run so the figures are comparable:
segmentation, NER (batched ``tag_many``), entity linking, quotes, times, and the whole
``Annotator.annotate_many``. Single process; the machine is shared, so run it twice.

    python benchmarks/annotate_speed.py [--n 120]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_metrics import DATA, RESULTS
from parallax.model import Article
from parallax.nlp import entities
from parallax.nlp.pipeline import Annotator
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


def timed(fn, items):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    res = fn(items)
    return res, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=120)
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
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
