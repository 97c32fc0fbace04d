"""Multi-News / NeuS summary benchmark: Parallax vs sumy LexRank and TextRank, same run, same budget.

Data: ``../shared/data/multinews_sample/multinews_validation_sample250.jsonl.gz`` (250 clusters), or with
``--dataset neus`` ``../shared/data/neus_val/neus_val.jsonl.gz`` (307 events, three outlets' headline + lead;
reference = AllSides' neutral summary, its title and body). Every system gets the same documents: an item's
text (its title is given to Parallax as ``Article.title``, a feature only: a title is no citable span).
Budget per cluster = the reference summary's word count (whitespace words). Every system gets the same
sentence splitter (``parallax.digest.text.split_sentences``: NLTK's punkt data is not installed and
nothing is downloaded) and the same budget rule: sentences in the system's rank order, each added when it
still fits in the remaining budget, then shown in document order (sumy) / reading order (Parallax).
Scores: ROUGE-1/2/L F1 (``rouge-score``, use_stemmer=True), mean over clusters, x100.
Splits: ``all``, ``train`` (first half: index < 125 for Multi-News, < 154 for NeuS; used to fit and
cross-validate the shipped weights), ``dev`` (the second half, scored once).

    python benchmarks/summary_multinews.py [--dataset multinews|neus] [--split all|train|dev] [--limit N]
        [--no-baselines] [--data FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

from common_metrics import DATA, RESULTS, mean
from parallax.digest.summary import Summarizer, SummaryConfig
from parallax.digest.text import split_sentences
from parallax.model import Article

PATH = DATA / "multinews_sample" / "multinews_validation_sample250.jsonl.gz"
NEUS_PATH = DATA / "neus_val" / "neus_val.jsonl.gz"
SPLIT_AT = 125
SPLITS = {"multinews": 125, "neus": 154}


def load(
    split: str = "all", limit: int | None = None, path: Path | None = None, dataset: str = "multinews"
) -> list[dict[str, Any]]:
    with gzip.open(path or (NEUS_PATH if dataset == "neus" else PATH), "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    at = SPLITS[dataset]
    for i, r in enumerate(rows):
        r["index"] = i
        r["half"] = "train" if i < at else "dev"
    if split in ("train", "dev"):
        rows = [r for r in rows if r["half"] == split]
    return rows[:limit] if limit else rows


def articles_of(row: dict[str, Any]) -> list[Article]:
    if "items" in row:  # NeuS: headline + lead per outlet
        return [
            Article(id=f"{row['id']}-{k}", source=f"{row['id']}#{k}", text=it["text"], title=it["title"])
            for k, it in enumerate(row["items"])
            if it["text"].strip()
        ]
    return [
        Article(id=f"{row['id']}-{k}", source=f"{row['id']}#{k}", text=doc)
        for k, doc in enumerate(row["documents"])
        if doc.strip()
    ]


def reference(row: dict[str, Any]) -> str:
    return row["summary"].lstrip("–- ").strip()


def budget_of(row: dict[str, Any]) -> int:
    return len(reference(row).split())


class _Tok:
    """sumy tokenizer protocol backed by the shared splitter (punkt is unavailable offline)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[s.start : s.end] for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        import re

        return tuple(re.findall(r"\w+", sentence))


def sumy_summary(kind: str, arts: list[Article], budget: int) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SSentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tok = _Tok()
    paras = [
        Paragraph([SSentence(a.text[s.start : s.end], tok) for s in split_sentences(a.text)]) for a in arts
    ]
    doc = ObjectDocumentModel(paras)
    cls = LexRankSummarizer if kind == "lexrank" else TextRankSummarizer
    summ = cls(Stemmer("english"))
    summ.stop_words = get_stop_words("english")

    def fit_budget(infos: list[Any]) -> list[Any]:
        out, used = [], 0
        for info in infos:
            n = len(str(info.sentence).split())
            if used + n <= budget:
                out.append(info)
                used += n
        return out

    return " ".join(str(s) for s in summ(doc, fit_budget))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="multinews", choices=["multinews", "neus"])
    ap.add_argument("--split", default="all", choices=["all", "train", "dev"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--config", help="JSON dict of SummaryConfig overrides (for tuning)")
    ap.add_argument("--out", help="result file (default benchmarks/results/summary_<dataset>.json)")
    ap.add_argument(
        "--data", type=Path, help="another Multi-News sample of the same format (e.g. a held-out test sample)"
    )
    args = ap.parse_args(argv)

    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    cfg = SummaryConfig(**json.loads(args.config)) if args.config else SummaryConfig()
    ours = Summarizer(cfg)
    systems = ["parallax"] + ([] if args.no_baselines else ["lexrank", "textrank"])
    rows = load(args.split, args.limit, args.data, args.dataset)
    per: dict[str, dict[str, list[float]]] = {s: {"rouge1": [], "rouge2": [], "rougeL": []} for s in systems}
    split_of: list[str] = []
    secs: dict[str, float] = dict.fromkeys(systems, 0.0)
    for row in rows:
        arts, ref, budget = articles_of(row), reference(row), budget_of(row)
        split_of.append(row["half"])
        for sysname in systems:
            t0 = time.perf_counter()
            if sysname == "parallax":
                text = " ".join(s.text for s in ours.summarize(arts, budget))
            else:
                text = sumy_summary(sysname, arts, budget)
            secs[sysname] += time.perf_counter() - t0
            sc = scorer.score(ref, text)
            for k in per[sysname]:
                per[sysname][k].append(sc[k].fmeasure * 100)

    def agg(which: str | None) -> dict[str, dict[str, float]]:
        out = {}
        for s in systems:
            out[s] = {
                k: round(mean(v for v, sp in zip(vals, split_of, strict=True) if which in (None, sp)), 2)
                for k, vals in per[s].items()
            }
        return out

    result: dict[str, Any] = {
        "data": str((args.data or (NEUS_PATH if args.dataset == "neus" else PATH)).name),
        "split": args.split,
        "clusters": len(rows),
        "budget": "reference word count",
        "scores": agg(None),
        "seconds": {k: round(v, 2) for k, v in secs.items()},
    }
    if args.split == "all":
        result["scores_train_half"] = agg("train")
        result["scores_dev_half"] = agg("dev")
    if not args.no_baselines:
        best = {k: max(result["scores"][b][k] for b in ("lexrank", "textrank")) for k in per["parallax"]}
        result["margin_over_best_baseline"] = {
            k: round(result["scores"]["parallax"][k] - best[k], 2) for k in best
        }
        result["pass"] = all(v > 0 for v in result["margin_over_best_baseline"].values()) and (
            result["margin_over_best_baseline"]["rouge2"] >= 1.0
        )
    print(json.dumps(result, indent=2))
    # only a full default run (all clusters, baselines, shipped settings) is the recorded figure
    if args.split == "all" and not (args.limit or args.config or args.data or args.no_baselines):
        out = Path(args.out or RESULTS / f"summary_{args.dataset}.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
