"""PolNeAR loader (brat standoff, see ../shared/data/polnear/SOURCE.md) for training and benchmarks."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARALLAX_SHARED", REPO.parent / "shared"))
POLNEAR = SHARED / "data" / "polnear"

_ENTRY = re.compile(r"^[TE#]\d+\t")


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Doc:
    name: str
    text: str
    attributions: list[Attribution]


def parse_ann(raw: str) -> list[Attribution]:
    """Attribution relations of one .ann file (relations without content are dropped)."""
    entries: list[str] = []
    for line in raw.split("\n"):
        if _ENTRY.match(line):
            entries.append(line)
        elif entries:
            entries[-1] += "\n" + line  # covered text with newlines continues the entry
    spans: dict[str, list[tuple[int, int]]] = {}
    rels: list[dict[str, str]] = []
    for e in entries:
        parts = e.split("\t")
        if e.startswith("T"):
            _role, offs = parts[1].split(" ", 1)
            spans[parts[0]] = [(int(a), int(b)) for a, b in (o.split() for o in offs.split(";"))]
        elif e.startswith("E"):
            rels.append(dict(x.split(":", 1) for x in parts[1].split()))
    out = []
    for r in rels:
        content = spans.get(r.get("Content", ""), []) + spans.get(r.get("Content2", ""), [])
        if not content:
            continue
        out.append(Attribution(content, spans.get(r.get("Cue", ""), []), spans.get(r.get("Source", ""), [])))
    return out


def load(split: str, root: Path = POLNEAR) -> list[Doc]:
    """One Doc per article of ``split`` (the first .ann file when several annotators did it)."""
    docs = []
    ann_dir = root / split / "attributions"
    chosen: dict[str, Path] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        chosen.setdefault(p.stem.rsplit("_", 1)[0], p)
    for name, p in sorted(chosen.items()):
        text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        docs.append(Doc(name, text, parse_ann(p.read_text(encoding="utf-8"))))
    return docs
