"""Loaders and metrics shared by the story/dedup benchmarks (B-cubed, data loaders, peak memory)."""

from __future__ import annotations

import gzip
import json
import os
import resource
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from parallax.model import Article, content_id

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARALLAX_SHARED", REPO.parent / "shared"))
DATA = SHARED / "data"
RESULTS = REPO / "benchmarks" / "results"


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin) over the items of ``gold``."""
    items = list(gold)
    pair = Counter((gold[i], pred[i]) for i in items)
    gsize = Counter(gold[i] for i in items)
    psize = Counter(pred[i] for i in items)
    p = sum(pair[(gold[i], pred[i])] / psize[pred[i]] for i in items) / len(items)
    r = sum(pair[(gold[i], pred[i])] / gsize[gold[i]] for i in items) / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def load_multinews(split: str = "validation") -> list[dict[str, Any]]:
    path = DATA / "multinews_sample" / f"multinews_{split}_sample250.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def multinews_articles(split: str = "validation") -> tuple[list[Article], dict[str, str]]:
    """Every document of every event as an Article (no title/date: the data has none) + gold event."""
    arts: list[Article] = []
    gold: dict[str, str] = {}
    for ev in load_multinews(split):
        for j, doc in enumerate(ev["documents"]):
            aid = content_id(ev["id"], str(j))
            arts.append(Article(id=aid, source=f"{ev['id']}#{j}", text=doc))
            gold[aid] = ev["id"]
    return arts, gold


def load_wikiref() -> list[dict[str, Any]]:
    with gzip.open(DATA / "wikiref_clustering" / "wikiref220.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def wikiref_articles() -> tuple[list[Article], dict[str, str], set[str]]:
    """Articles (title = first line), gold topic label, and the ids of noise-topic articles."""
    arts, gold, noise = [], {}, set()
    for row in load_wikiref():
        text = row["text"]
        title, _, body = text.partition("\n")
        aid = content_id("wikiref", row["doc_id"])
        arts.append(
            Article(id=aid, source=row["doc_id"], text=body.strip() or text, title=title.strip() or None)
        )
        gold[aid] = row["label"]
        if row["is_noise_topic"]:
            noise.add(aid)
    return arts, gold, noise


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux ru_maxrss is in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def write_result(name: str, result: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")


def neus_articles() -> tuple[list[Article], dict[str, str]]:
    """Every NeuS validation item (headline + lead, no date, no outlet) + gold event."""
    arts: list[Article] = []
    gold: dict[str, str] = {}
    with gzip.open(DATA / "neus_val" / "neus_val.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            ev = json.loads(line)
            for j, item in enumerate(ev["items"]):
                aid = content_id(ev["id"], str(j))
                arts.append(Article(id=aid, source=f"{ev['id']}#{j}", text=item["text"], title=item["title"]))
                gold[aid] = ev["id"]
    return arts, gold


_POLNEAR_OUTLETS = {
    "breitbart": "Breitbart", "huff-post": "HuffPost", "nyt": "The New York Times", "politico": "Politico",
    "usa-today": "USA Today", "wash-post": "The Washington Post", "west-journal": "The Western Journal",
}  # fmt: skip


def polnear_event_articles(dated: bool = True) -> tuple[list[Article], dict[str, str]]:
    """The hand-labelled PolNeAR events (``labels/polnear_events.tsv``): 61 articles, 25 events, 7 outlets.

    ``dated``: with outlet and publication date, as a crawl gives them; otherwise text and title
    only, as in a text dump.
    """
    import csv

    arts: list[Article] = []
    gold: dict[str, str] = {}
    with (Path(__file__).resolve().parent / "labels" / "polnear_events.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = DATA / "polnear" / row["compartment"] / "text" / f"{row['filename']}.txt"
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            aid = content_id("polnear", row["filename"])
            arts.append(
                Article(
                    id=aid,
                    source=row["filename"],
                    text=body.strip(),
                    title=title.strip(),
                    outlet=_POLNEAR_OUTLETS[row["publisher"]] if dated else None,
                    published=row["publication_date"] if dated else None,
                )
            )
            gold[aid] = row["event"]
    return arts, gold
