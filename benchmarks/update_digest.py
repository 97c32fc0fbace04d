"""Update digest benchmark: what later articles add, for a reader of the earlier ones (TAC "update" task).

Data: 26 developing stories of the 2016 US campaign from PolNeAR (``../shared/data/polnear``, train and
dev compartments), 127 dated articles of 7 outlets; ``labels/update_polnear.tsv`` names each story's articles
and the batch each falls in (earlier / later, split at a date). How the stories were assembled is in
``labels/README.md``.
Reference: the headlines of the later batch, one per line. A headline is the outlet's own statement of
what that article adds to the story; in a developing story it names the new development.
Systems, same run, same word budget (``--budget``, 100 words as in TAC):
  - ``update``: ``parallax.digest.update.UpdateSummarizer`` (earlier batch -> later batch);
  - ``plain``: the plain summary of the later batch (``Summarizer``), the peer the issue asks for;
  - ``plain_all``: the plain summary of both batches, what the story page showed before.
Scores: ROUGE-1/2/L F1 against the reference (``rouge-score``, stemming), x100, mean over stories; and
"already said": the share of summary sentences whose content words are >= 70% in one earlier-batch
sentence or headline (a word-overlap judge, independent of the meaning model the update uses).
Settings: the grid of ``repeat`` x ``novelty_weight`` is scored by 5-fold cross-validation over stories
(each fold's setting chosen on the other four by mean ROUGE-2); ``cv`` is the held-out mean. ``chosen`` is
the setting best on all 26 stories (what ships as the default).

    python benchmarks/update_digest.py [--budget 100] [--folds 5]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from common_metrics import DATA, RESULTS, mean
from parallax.digest.summary import Summarizer
from parallax.digest.text import content_stems
from parallax.digest.update import Prepared, UpdateConfig, UpdateSummarizer, earlier_texts
from parallax.model import Article, SummarySentence, content_id

LABELS = Path(__file__).resolve().parent / "labels" / "update_polnear.tsv"
OUTLETS = {
    "breitbart": "Breitbart", "huff-post": "HuffPost", "nyt": "The New York Times", "politico": "Politico",
    "usa-today": "USA Today", "wash-post": "The Washington Post", "west-journal": "The Western Journal",
}  # fmt: skip
REPEATS = (0.7, 0.75, 0.8, 0.85, 0.9, 1.01)
WEIGHTS = (0.0, 0.5, 1.0, 2.0, 4.0)


def load_stories() -> dict[str, dict[str, list[Article]]]:
    """Story -> {"earlier": [...], "later": [...]}, each batch in publication order."""
    meta = {}
    with (DATA / "polnear" / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            meta[row["filename"]] = row
    out: dict[str, dict[str, list[Article]]] = defaultdict(lambda: {"earlier": [], "later": []})
    with LABELS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            m = meta[row["filename"]]
            path = DATA / "polnear" / m["compartment"] / "text" / f"{row['filename']}.txt"
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            art = Article(
                id=content_id("polnear", row["filename"]),
                source=row["filename"],
                text=body.strip(),
                title=title.strip(),
                outlet=OUTLETS[m["publisher"]],
                published=m["publication_date"],
            )
            out[row["story"]][row["batch"]].append(art)
    for batches in out.values():
        for arts in batches.values():
            arts.sort(key=lambda a: (a.published or "", a.id))
    return dict(out)


def already_said(summary: list[SummarySentence], earlier: list[Article], share: float = 0.7) -> list[bool]:
    """Per summary sentence: are >= ``share`` of its content words in one earlier sentence or headline?"""
    olds = [set(content_stems(t)) for t in earlier_texts(earlier)]
    flags = []
    for s in summary:
        stems = set(content_stems(s.text))
        best = max((len(stems & o) for o in olds), default=0)
        flags.append(bool(stems) and best / len(stems) >= share)
    return flags


def said_shares(summary: list[SummarySentence], earlier: list[Article]) -> dict[str, float]:
    """Shares of summary sentences already said, judged at 70% and at 50% of their content words."""
    out = {}
    for key, share in (("said", 0.7), ("said50", 0.5)):
        flags = already_said(summary, earlier, share)
        out[key] = mean(flags) if flags else 0.0
    return out


def score(summary: list[SummarySentence], ref: str, scorer: Any) -> dict[str, float]:
    text = "\n".join(s.text for s in summary)
    r = scorer.score(ref, text)
    return {k: 100 * r[k].fmeasure for k in ("rouge1", "rouge2", "rougeL")}


def evaluate(
    stories: dict[str, dict[str, list[Article]]], prepared: dict[str, Prepared], cfg: UpdateConfig,
    budget: int, scorer: Any, names: list[str],
) -> list[dict[str, float]]:  # fmt: skip
    upd = UpdateSummarizer(cfg)
    rows = []
    for name in names:
        b = stories[name]
        ref = "\n".join(a.title or "" for a in b["later"])
        summ = upd.choose(prepared[name], budget)
        rows.append({**score(summ, ref, scorer), **said_shares(summ, b["earlier"])})
    return rows


def cross_validate(
    stories: dict[str, dict[str, list[Article]]], prepared: dict[str, Prepared], budget: int, folds: int,
    scorer: Any,
) -> tuple[list[dict[str, float]], list[dict[str, Any]]]:  # fmt: skip
    """Held-out rows of every story, each scored with the setting best on the other folds."""
    names = sorted(stories, key=lambda n: content_id("fold", n))
    grid = [UpdateConfig(repeat=r, novelty_weight=w) for r, w in itertools.product(REPEATS, WEIGHTS)]
    per_cfg = {c: evaluate(stories, prepared, c, budget, scorer, names) for c in grid}
    held: list[dict[str, float]] = []
    chosen: list[dict[str, Any]] = []
    for f in range(folds):
        test = [i for i in range(len(names)) if i % folds == f]
        train = [i for i in range(len(names)) if i % folds != f]
        best = max(grid, key=lambda c: (mean([per_cfg[c][i]["rouge2"] for i in train]), -c.novelty_weight))
        chosen.append({"fold": f, "repeat": best.repeat, "novelty_weight": best.novelty_weight})
        held += [per_cfg[best][i] for i in test]
    return held, chosen


def summarize_rows(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = ("rouge1", "rouge2", "rougeL", "said", "said50")
    return {k: round(mean([r[k] for r in rows]), 3 if k.startswith("said") else 2) for k in keys}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--budget", type=int, default=100)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print every story's update and plain summary")
    args = ap.parse_args()
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    stories = load_stories()
    t0 = time.perf_counter()
    upd = UpdateSummarizer()
    prepared = {n: upd.prepare(b["earlier"], b["later"]) for n, b in stories.items()}
    prep_s = time.perf_counter() - t0
    held, chosen = cross_validate(stories, prepared, args.budget, args.folds, scorer)
    names = sorted(stories)
    grid = [UpdateConfig(repeat=r, novelty_weight=w) for r, w in itertools.product(REPEATS, WEIGHTS)]
    best = max(
        grid,
        key=lambda c: (
            mean([r["rouge2"] for r in evaluate(stories, prepared, c, args.budget, scorer, names)]),
            -c.novelty_weight,
        ),
    )
    default = evaluate(stories, prepared, UpdateConfig(), args.budget, scorer, names)
    peers: dict[str, list[dict[str, float]]] = {"plain": [], "plain_all": []}
    for name in names:
        b = stories[name]
        ref = "\n".join(a.title or "" for a in b["later"])
        for peer, arts in (("plain", b["later"]), ("plain_all", b["earlier"] + b["later"])):
            summ = Summarizer().summarize(arts, args.budget)
            peers[peer].append({**score(summ, ref, scorer), **said_shares(summ, b["earlier"])})
        if args.show:
            print(f"== {name}\n  REF: {ref!r}")
            for s in UpdateSummarizer().choose(prepared[name], args.budget):
                print("  UPD:", s.text[:160])
            for s in Summarizer().summarize(b["later"], args.budget):
                print("  PLN:", s.text[:160])
    result = {
        "stories": len(stories),
        "articles": sum(len(b["earlier"]) + len(b["later"]) for b in stories.values()),
        "budget_words": args.budget,
        "update_cv": summarize_rows(held),
        "cv_settings": chosen,
        "update_default": {**summarize_rows(default), "repeat": UpdateConfig().repeat,
                           "novelty_weight": UpdateConfig().novelty_weight},
        "best_on_all": {"repeat": best.repeat, "novelty_weight": best.novelty_weight},
        "plain_later": summarize_rows(peers["plain"]),
        "plain_all": summarize_rows(peers["plain_all"]),
        "prepare_seconds": round(prep_s, 1),
    }  # fmt: skip
    print(json.dumps(result, indent=1))
    (RESULTS / "update_digest.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
