"""Build a large ingest corpus from real news texts, replicated with perturbations.

Base texts (read from ../shared/data, never copied into the repo): every
Multi-News validation document, the WikiRef220 articles and the PolNeAR
train/dev articles. Each generated article derives from one base text:

* an *event* variant swaps the text's capitalised names for names drawn from
  other texts and moves the date, so one base text yields several distinct
  stories of the same kind (not one giant cluster);
* within an event, articles are either wire copies (furniture line, headline
  change, last paragraph dropped: near-duplicates) or rewrites (sentences
  dropped and reordered, numbers changed, words dropped, a sentence from
  another text): same story, different article.

Output: JSON Lines files with ready text ``{"id","text","title","outlet","url","published"}``,
1,000 articles per file. Deterministic for a given size and seed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from stories_common import DATA, load_multinews, load_wikiref

OUTLETS = [f"{name} {kind}" for name in ("North", "Metro", "Daily", "Global", "Coast", "Capital", "Valley",
                                          "Union") for kind in ("Times", "Post", "Herald", "Wire", "News")]  # fmt: skip
FURNITURE = ["Share this article", "Follow us on Twitter", "Advertisement", "Read more: latest headlines",
             "Copyright 2019. All rights reserved.", "Sign up for our newsletter"]  # fmt: skip
_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,})?\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def base_texts() -> list[tuple[str, str]]:
    """(title, text) of every base article; title may be empty."""
    out: list[tuple[str, str]] = []
    for ev in load_multinews("validation"):
        for doc in ev["documents"]:
            paras = [p.strip() for p in re.split(r"\n\s*\n", doc) if p.strip()]
            if paras:
                out.append(("", "\n\n".join(paras)))
    for row in load_wikiref():
        title, _, body = row["text"].partition("\n")
        out.append((title.strip(), body.strip()))
    for split in ("train", "dev"):
        for path in sorted((DATA / "polnear" / split / "text").glob("*.txt")):
            title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
            out.append((title.strip(), body.strip()))
    return [(t, b) for t, b in out if len(b) > 400]


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def _rewrite(text: str, other: str, rng: random.Random) -> str:
    paras = _paragraphs(text)
    out = []
    for p in paras:
        sents = _SENT.split(p)
        kept = [s for s in sents if rng.random() > 0.3] or sents[:1]
        if len(kept) > 2 and rng.random() < 0.3:
            i = rng.randrange(len(kept) - 1)
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
        kept = [" ".join(w for w in s.split(" ") if rng.random() > 0.08) for s in kept]
        out.append(" ".join(kept))
    extra = _SENT.split(rng.choice(_paragraphs(other)))
    out.insert(rng.randrange(len(out) + 1), rng.choice(extra))
    joined = "\n\n".join(out)
    return _NUMBER.sub(
        lambda m: str(int(rng.random() * 100) + 1) if rng.random() < 0.5 else m.group(), joined
    )


def _wire_copy(text: str, rng: random.Random) -> str:
    paras = _paragraphs(text)
    if len(paras) > 3 and rng.random() < 0.5:
        paras = paras[:-1]
    paras.insert(rng.randrange(len(paras) + 1), rng.choice(FURNITURE))
    return "\n\n".join(paras)


def _swap_names(title: str, text: str, names: list[str], rng: random.Random) -> tuple[str, str]:
    """Replace every capitalised name by one drawn from ``names`` (consistently within the text)."""
    mapping: dict[str, str] = {}
    text = _NAME.sub(lambda m: mapping.setdefault(m.group(), rng.choice(names)), text)
    return _NAME.sub(lambda m: mapping.get(m.group(), m.group()), title), text


def generate(n: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``n`` articles: ~8 per story event, ~1 in 4 a wire copy of an earlier one."""
    rng = random.Random(seed)
    bases = base_texts()
    names = sorted({m.group() for _, text in bases[:600] for m in _NAME.finditer(text)})
    events = max(1, n // 8)
    event_text: dict[int, tuple[str, str, date]] = {}
    last_in_event: dict[int, str] = {}
    for i in range(n):
        e = rng.randrange(events)
        if e not in event_text:
            erng = random.Random(seed * 1_000_003 + e)
            title, text = bases[e % len(bases)]
            if e >= len(bases):  # another event of the same kind: other names, another date
                title, text = _swap_names(title, text, names, erng)
            day = date(2015, 1, 1) + timedelta(days=erng.randrange(3000))
            event_text[e] = (title, text, day)
        title, text, day = event_text[e]
        if e in last_in_event and rng.random() < 0.25:
            body = _wire_copy(last_in_event[e], rng)
        else:
            body = _rewrite(text, bases[rng.randrange(len(bases))][1], rng)
            last_in_event[e] = body
        first = _SENT.split(_paragraphs(body)[0])[0]
        headline = title if title and rng.random() < 0.5 else " ".join(first.split()[:12])
        outlet = rng.choice(OUTLETS)
        yield {
            "id": f"bench-{i:07d}",
            "text": body,
            "title": headline,
            "outlet": outlet,
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{i}",
            "published": (day + timedelta(days=rng.randrange(3))).isoformat(),
        }


def write_corpus(n: int, folder: Path, per_file: int = 1000, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    rows = generate(n, seed)
    for start in range(0, n, per_file):
        files.append(folder / f"part{start // per_file:04d}.jsonl.gz")
        with gzip.open(files[-1], "wt", encoding="utf-8") as fh:
            for _ in range(min(per_file, n - start)):
                fh.write(json.dumps(next(rows), ensure_ascii=False) + "\n")
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    files = write_corpus(args.n, args.out)
    print(json.dumps({"articles": args.n, "files": len(files), "folder": str(args.out)}))


if __name__ == "__main__":
    main()
