"""Entity normalisation across a story on hand-grouped NeuS events: the code on ``main`` vs this checkout.

Labels: ``benchmarks/labels/entities_norm.tsv`` (12 NeuS validation events, 3 outlets each, 480 tagger
mentions, each grouped by hand into the real-world entity it names; README in that folder). Each
item's text is ``title + "\\n\\n" + lead``, read from ``../shared/data/neus_val``. The mentions and their
tagger labels are fixed in the labels, so the figure measures normalisation only, whatever tagger ships.

* before: ``parallax.nlp.entities.link`` as on git ``main`` (read with ``git show``), over the mentions;
* after: this checkout's ``mentions.sanitise`` on each item, then ``entities.link`` over the event.

Scored over the mentions that name a real person, organisation or place (gold ``-`` is tagger noise
and left out): pairwise merge precision / recall / F1 of same-entity mention pairs inside each event,
and B-cubed. Two gold readings: ``city`` (a capital is its own entity, the issue's definition) and
``government`` (a capital standing for its government is its country: "Pyongyang demanded").

    python benchmarks/entities_norm.py [--main-ref main]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from common_metrics import DATA, REPO, RESULTS
from parallax.model import Entity
from parallax.nlp import entities as new_entities
from parallax.nlp.mentions import sanitise

LABELS = REPO / "benchmarks" / "labels" / "entities_norm.tsv"
Row = dict[str, str]


def load() -> tuple[dict[str, list[str]], dict[str, list[Row]]]:
    """(event id -> item texts, event id -> label rows) for the labelled events."""
    with LABELS.open(encoding="utf-8") as fh:
        names = ["event", "item", "start", "end", "tagger_label", "surface", "gold", "government_of"]
        rows = [
            r for r in csv.DictReader(fh, fieldnames=names, delimiter="\t") if not r["event"].startswith("#")
        ]
    by_event: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_event[r["event"]].append(r)
    texts: dict[str, list[str]] = {}
    with gzip.open(DATA / "neus_val" / "neus_val.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            ev = json.loads(line)
            if ev["id"] in by_event:
                texts[ev["id"]] = [f"{it['title']}\n\n{it['text']}" for it in ev["items"]]
    for eid, rs in by_event.items():
        for r in rs:
            got = texts[eid][int(r["item"])][int(r["start"]) : int(r["end"])]
            assert got == r["surface"], (eid, r, got)
    return texts, by_event


def main_module(ref: str) -> ModuleType:
    """``parallax.nlp.entities`` as it is on git ``ref``, imported from a temporary copy."""
    src = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{ref}:src/parallax/nlp/entities.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "entities_main.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("entities_main", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["entities_main"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def predict(
    texts: list[str], rows: list[Row], link: Callable[..., object], clean: bool
) -> tuple[list[str], list[str | None]]:
    """The predicted entity of every label row (a dropped mention is its own singleton), and its country link."""
    docs: list[list[Entity]] = [[] for _ in texts]
    for r in rows:
        docs[int(r["item"])].append(Entity(int(r["start"]), int(r["end"]), r["surface"], r["tagger_label"]))
    if clean:
        docs = [
            sanitise(t, sorted(d, key=lambda e: (e.start, e.end))) for t, d in zip(texts, docs, strict=True)
        ]
    link(docs)
    ents = {(i, e.start, e.end): e for i, d in enumerate(docs) for e in d}
    got = [ents.get((int(r["item"]), int(r["start"]), int(r["end"]))) for r in rows]
    ids = [(e.entity_id or "") if e else f"dropped-{n}" for n, e in enumerate(got)]
    return ids, [getattr(e, "country_id", None) for e in got]


def scores(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    """Pairwise and B-cubed precision / recall / F1 over several events (lists of mention labels)."""
    tp = fp = fn = 0
    bp: list[float] = []
    br: list[float] = []
    for g, p in zip(gold, pred, strict=True):
        n = len(g)
        for i in range(n):
            same_g = {j for j in range(n) if g[j] == g[i]}
            same_p = {j for j in range(n) if p[j] == p[i]}
            both = len(same_g & same_p)
            bp.append(both / len(same_p))
            br.append(both / len(same_g))
            for j in range(i + 1, n):
                tp += g[i] == g[j] and p[i] == p[j]
                fp += g[i] != g[j] and p[i] == p[j]
                fn += g[i] == g[j] and p[i] != p[j]
    out = {"pair_precision": tp / (tp + fp), "pair_recall": tp / (tp + fn)}
    out["pair_f1"] = (
        2 * out["pair_precision"] * out["pair_recall"] / (out["pair_precision"] + out["pair_recall"])
    )
    out["b3_precision"], out["b3_recall"] = sum(bp) / len(bp), sum(br) / len(br)
    out["b3_f1"] = 2 * out["b3_precision"] * out["b3_recall"] / (out["b3_precision"] + out["b3_recall"])
    return {k: round(v, 4) for k, v in out.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--main-ref", default="main", help="git ref of the code before (default: main)")
    args = ap.parse_args()
    texts, by_event = load()
    old = main_module(args.main_ref)
    result: dict[str, object] = {"events": len(by_event), "before": args.main_ref}
    gold: dict[str, list[list[str]]] = {"city": [], "government": []}
    preds: dict[str, list[list[str]]] = {"before": [], "after": []}
    mentions = dropped_noise = dropped_real = linked = capitals = 0
    for eid, rows in by_event.items():
        keep = [n for n, r in enumerate(rows) if r["gold"] != "-"]
        before, _ = predict(texts[eid], rows, old.link, clean=False)
        after, countries = predict(texts[eid], rows, new_entities.link, clean=True)
        # a capital standing for its government: is it linked to the id its country's mentions got?
        for n, r in enumerate(rows):
            if r["government_of"]:
                country = {after[j] for j, o in enumerate(rows) if o["gold"] == r["government_of"]}
                capitals += 1
                linked += countries[n] in country
        dropped = {n for n, p in enumerate(after) if p.startswith("dropped-")}
        dropped_real += len(dropped & set(keep))
        dropped_noise += len(dropped) - len(dropped & set(keep))
        mentions += len(keep)
        gold["city"].append([rows[n]["gold"] for n in keep])
        gold["government"].append([rows[n]["government_of"] or rows[n]["gold"] for n in keep])
        preds["before"].append([before[n] for n in keep])
        preds["after"].append([after[n] for n in keep])
    result["scored_mentions"] = mentions
    result["capitals_for_government_linked_to_their_country"] = f"{linked}/{capitals}"
    result["sanitise_dropped"] = {"tagger_noise": dropped_noise, "real_entity_mentions": dropped_real}
    for reading, g in gold.items():
        result[reading] = {name: scores(g, p) for name, p in preds.items()}
    out = RESULTS / "entities_norm.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
