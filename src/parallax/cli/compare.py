"""``parallax compare``: inputs taken as one story -> cross-source comparison."""

from __future__ import annotations

import argparse
import json
import sys

from parallax import api
from parallax.cli.common import ErrorCounter, no_articles
from parallax.display import FRAMING_HELP
from parallax.report import comparison_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "compare",
        help="compare how outlets report one story (shared, unique, contradictions, framing)",
        description=(
            "Extract INPUTs, take all articles as one story and compare them across outlets: claims most "
            "outlets report, claims only one outlet reports, contradictions (numbers, dates, names, negation, "
            "reason given) with the sentences on both sides, and framing per outlet (quotes, opinion share, lead)."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--json", action="store_true", help="JSON on stdout (default: readable text)")
    p.add_argument(
        "--no-annotate", action="store_true", help="skip the language stage (pattern-based speakers)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    errors = ErrorCounter()
    api.warm_up(annotate=not args.no_annotate)
    articles = api.extract_articles(args.inputs, on_error=errors.report)
    if not articles:
        return no_articles("compare", args.inputs, errors)
    annotations = (
        [] if args.no_annotate else list(api.annotations_of(articles, on_error=errors.report).values())
    )
    comp = api.compare(articles, annotations=annotations)
    data = comparison_json(comp)
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return errors.exit_code
    names = {a.id: api.outlet_name(a) for a in articles}
    print(f"Shared by most outlets: {len(data['common'])} · unique: {len(data['unique'])}")
    for x in data["contradictions"]:
        print(f"\n[{x['slot']}] {x['explanation']}")
        print(f"  {names.get(x['left']['id'], x['left']['outlet'])}: {x['left']['text']}")
        print(f"  {names.get(x['right']['id'], x['right']['outlet'])}: {x['right']['text']}")
    for f in data["framing"]:
        if f["article_ids"] and f["article_ids"][0] in names and f["outlet"] == f["article_ids"][0]:
            f["outlet"] = names[f["article_ids"][0]]
        quoted = ", ".join(f"{k} ({v})" for k, v in list(f["quoted"].items())[:5]) or "none"
        print(f"\n{f['outlet']}: opinion {f['opinion_share']:.0%}, attributed {f['attributed_share']:.0%}")
        print(f"  quotes: {quoted}")
        print(f"  leads with: {f['lead']}")
    print("\n" + "\n".join(FRAMING_HELP.values()))
    return errors.exit_code
