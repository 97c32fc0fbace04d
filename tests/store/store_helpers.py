"""Helpers for store tests: small hand-written articles and corpora."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


from parallax.model import Article

WORDS = [
    "summit",
    "talks",
    "sanctions",
    "nuclear",
    "envoy",
    "minister",
    "election",
    "court",
    "ruling",
    "storm",
    "flood",
    "market",
    "shares",
    "rates",
    "inflation",
    "budget",
    "vote",
    "protest",
    "police",
    "strike",
    "union",
    "league",
    "match",
    "goal",
    "coach",
    "transfer",
]


def make_article(i: int, topic: str = "summit", title: str | None = None) -> Article:
    body = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(40))
    return Article(
        id=f"art-{i:05d}",
        source=f"test:{i}",
        text=f"{topic} report number {i}. {body}.",
        title=title or f"{topic.capitalize()} report {i}",
        outlet=f"outlet{i % 3}",
        url=f"https://example.org/{i}",
        published=f"2019-02-{1 + i % 28:02d}T10:00:00+00:00",
        authors=["A. Writer"],
        removed=["Share this"],
    )


def write_corpus(folder: Path, n_files: int = 8, per_file: int = 40, dup_every: int = 9) -> set[str]:
    """JSON Lines files with ready text; every ``dup_every``-th article copies an earlier one."""
    folder.mkdir(parents=True, exist_ok=True)
    ids: set[str] = set()
    topics = ["summit", "storm", "league", "market"]
    n = 0
    for f in range(n_files):
        with (folder / f"part{f:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for _ in range(per_file):
                a = make_article(n, topics[n % len(topics)])
                text = make_article(n - 5).text if n % dup_every == 0 and n >= 5 else a.text
                row = {
                    "id": a.id,
                    "text": text,
                    "title": a.title,
                    "outlet": a.outlet,
                    "published": a.published,
                }
                fh.write(json.dumps(row) + "\n")
                ids.add(a.id)
                n += 1
    return ids
