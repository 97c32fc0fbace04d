"""Faithfulness of Parallax summaries over all 250 Multi-News validation clusters.

For every summary sentence: its primary citation must point at a real span of the cited article, and the
sentence must equal that span or be a compression of it (its ``\\w+`` tokens a subsequence of the span's).
Also reported: for merged (secondary) citations, the mean share of the sentence's content stems that the
cited span contains, and the share of sentences citing more than one article.
Budget = reference word count, as in ``summary_multinews.py``.

    python benchmarks/summary_faithfulness.py [--dataset multinews|neus] [--data FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common_metrics import RESULTS, mean
from parallax.digest.summary import Summarizer
from parallax.digest.text import content_stems, token_subsequence
from summary_multinews import articles_of, budget_of, load


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="another Multi-News sample of the same format")
    ap.add_argument("--dataset", default="multinews", choices=["multinews", "neus"])
    args = ap.parse_args()
    summ = Summarizer()
    total = exact = compressed = bad = multi = over_budget = 0
    secondary: list[float] = []
    failures: list[dict[str, str]] = []
    rows = load("all", path=args.data, dataset=args.dataset)
    for row in rows:
        arts = {a.id: a for a in articles_of(row)}
        budget = budget_of(row)
        sents = summ.summarize(list(arts.values()), budget)
        over_budget += sum(len(s.text.split()) for s in sents) > budget
        for s in sents:
            total += 1
            if not s.sources:
                bad += 1
                failures.append({"cluster": row["id"], "text": s.text, "why": "no source"})
                continue
            c = s.sources[0]
            art = arts.get(c.article_id)
            span = art.text[c.start : c.end] if art and 0 <= c.start < c.end <= len(art.text) else None
            if span is None:
                bad += 1
                failures.append({"cluster": row["id"], "text": s.text, "why": "bad citation"})
            elif span == s.text:
                exact += 1
            elif token_subsequence(s.text, span):
                compressed += 1
            else:
                bad += 1
                failures.append({"cluster": row["id"], "text": s.text, "why": "not in span"})
            multi += len(s.sources) > 1
            stems = set(content_stems(s.text))
            for o in s.sources[1:]:
                other = set(content_stems(arts[o.article_id].text[o.start : o.end]))
                secondary.append(len(stems & other) / max(1, len(stems)))
    result = {
        "dataset": args.dataset,
        "clusters": len(rows),
        "summary_sentences": total,
        "faithful_share": round((exact + compressed) / max(1, total), 4),
        "exact_span": exact,
        "compressed": compressed,
        "unsupported": bad,
        "summaries_over_budget": over_budget,
        "sentences_citing_several_articles": multi,
        "secondary_citation_content_overlap_mean": round(mean(secondary), 4),
        "failures": failures[:20],
    }
    print(json.dumps(result, indent=2))
    if args.data:
        return 0 if bad == 0 else 1
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = (
        "summary_faithfulness.json"
        if args.dataset == "multinews"
        else f"summary_faithfulness_{args.dataset}.json"
    )
    (Path(RESULTS) / name).write_text(json.dumps(result, indent=2) + "\n")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
