"""How many gold CoNLL-2003 PER/ORG mentions each sanity rule of ``parallax.nlp.mentions`` would change.

Every document of CoNLL-2003 *train* is rebuilt as text (tokens joined by spaces, one sentence a
line), its gold mentions are given to ``mentions.review`` as if a tagger had found them, and every
gold PER/ORG mention a rule flags is counted: that is the rule's harm on training data (0 = the
rule never contradicts a CoNLL annotator). For each word list the gold labels of all the mentions
it matches are tabulated too (e.g. what "X Bay" mentions are), so each list is justified by counts.
With ``--tagger``, the shipped tagger also runs on the *validation* split (train/dev only; never
test), and each flagged predicted PER/ORG mention is scored: a gold PER/ORG with the same span and
label (harm) or not (a tagger error the rule removes).

    python benchmarks/entities_sanity_conll.py [--tagger]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from common_metrics import DATA, RESULTS
from parallax.model import Entity
from parallax.nlp import mentions

CONLL = DATA / "conll2003-en" / "iob2"


def read_docs(path: Path) -> list[tuple[str, list[Entity]]]:
    """(text, gold mentions) per document: tokens joined by spaces, one sentence a line."""
    docs: list[tuple[str, list[Entity]]] = []
    lines: list[str] = []
    ents: list[Entity] = []
    sent: list[tuple[str, str]] = []

    def flush_sentence() -> None:
        pos = sum(len(x) + 1 for x in lines)
        spans: list[list[object]] = []
        offset = pos
        for tok, tag in sent:
            if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][2] != tag[2:])):
                spans.append([offset, offset + len(tok), tag[2:]])
            elif tag.startswith("I-"):
                spans[-1][1] = offset + len(tok)
            offset += len(tok) + 1
        line = " ".join(t for t, _ in sent)
        for s, e, lab in spans:
            ents.append(Entity(int(s), int(e), "", str(lab)))  # type: ignore[call-overload]
        lines.append(line)
        sent.clear()

    def flush_doc() -> None:
        if lines:
            text = "\n".join(lines)
            docs.append((text, [Entity(e.start, e.end, text[e.start : e.end], e.label) for e in ents]))
        lines.clear()
        ents.clear()

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for raw in fh:
            parts = raw.split()
            if not parts:
                if sent:
                    flush_sentence()
                continue
            if parts[0] == "-DOCSTART-":
                flush_doc()
                continue
            sent.append((parts[0], parts[-1]))
    if sent:
        flush_sentence()
    flush_doc()
    return docs


def harm_on_gold(docs: list[tuple[str, list[Entity]]]) -> dict[str, object]:
    """Per rule: gold PER/ORG mentions it flags (with examples), and the gold labels its lists match."""
    harm: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = defaultdict(Counter)
    lists: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for text, gold in docs:
        for e, rule in mentions.review(text, gold):
            total[e.label] += 1
            if rule and e.label in ("PER", "ORG"):
                harm[rule] += 1
                examples[rule][f"{e.label} {e.text}"] += 1
        _tabulate_lists(text, gold, lists)
    return {
        "gold_mentions": dict(total),
        "gold_per_org_flagged_by_rule": {r: harm.get(r, 0) for r in _RULES},
        "examples": {r: dict(c.most_common(15)) for r, c in examples.items()},
        "gold_labels_matched_by_each_list": {k: dict(v) for k, v in sorted(lists.items())},
    }


_RULES = (
    "lowercase",
    "title_only",
    "time_zone",
    "dateline",
    "place_head",
    "place_name",
    "org_head",
    "common_opener",
)


def _tabulate_lists(text: str, gold: list[Entity], lists: dict[str, Counter[str]]) -> None:
    for e in gold:
        words = e.text.split()
        head = words[-1].rstrip(".").lower()
        if e.text in mentions.TIME_ZONES:
            lists["time_zone(any context)"][e.label] += 1
        if len(words) > 1 and head in mentions.PLACE_HEADS:
            lists[f"place_head:{head}"][e.label] += 1
        if e.text.lower() in mentions.FACILITIES:
            lists[f"facility:{e.text.lower()}"][e.label] += 1
        if len(words) > 1 and head in mentions.ORG_HEADS:
            lists[f"org_head:{head}"][e.label] += 1
        if mentions._is_dateline(text, e):
            lists["dateline shape"][e.label] += 1
        if re.search(r"(?:^|\W)the\s+$", text[max(0, e.start - 5) : e.start], re.I):
            lists["after 'the'"][e.label] += 1


def tagger_on_validation() -> dict[str, object]:
    """Flagged predicted PER/ORG mentions of the shipped tagger on CoNLL validation: right vs wrong."""
    from parallax.nlp.ner import default_tagger

    docs = read_docs(CONLL / "valid.txt.gz")
    tagger = default_tagger()
    predicted = tagger.tag_many([t for t, _ in docs])
    fixed: Counter[str] = Counter()
    harmed: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = defaultdict(Counter)
    for (text, gold), pred in zip(docs, predicted, strict=True):
        exact = {(g.start, g.end, g.label) for g in gold}
        for e, rule in mentions.review(text, pred):
            if rule is None or e.label not in ("PER", "ORG"):
                continue
            ok = (e.start, e.end, e.label) in exact
            (harmed if ok else fixed)[rule] += 1
            examples[rule][f"{'HARM' if ok else 'fix'} {e.label} {e.text}"] += 1
    return {
        "flagged_tagger_errors_by_rule": {r: fixed.get(r, 0) for r in _RULES},
        "flagged_correct_mentions_by_rule": {r: harmed.get(r, 0) for r in _RULES},
        "examples": {r: dict(c.most_common(15)) for r, c in examples.items()},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--tagger", action="store_true", help="also score the rules on the tagger's validation output"
    )
    args = ap.parse_args()
    docs = read_docs(CONLL / "train.txt.gz")
    result: dict[str, object] = {"train_documents": len(docs), "train": harm_on_gold(docs)}
    if args.tagger:
        result["validation_tagger"] = tagger_on_validation()
    out = RESULTS / "entities_sanity_conll.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    json.dump(result["train"]["gold_per_org_flagged_by_rule"], sys.stdout)  # type: ignore[index]
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
