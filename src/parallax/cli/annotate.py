"""``parallax annotate``: inputs -> one JSON annotation per article (sentences, entities, quotes, times)."""

from __future__ import annotations

import argparse

from parallax import api
from parallax.cli.common import size_arg, stream_jsonl
from parallax.readers import DEFAULT_MAX_BYTES
from parallax.readers.options import format_size


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "annotate",
        help="sentences, entities, quotes with speakers and dated times of each article",
        description=(
            "Read INPUTs (anything 'parallax extract' accepts; JSON Lines with ready text are used "
            "unchanged) and write one JSON object per article to stdout: id, text, and character-offset "
            "spans into that text: sentences [{start,end}], entities [{start,end,text,label,entity_id,"
            "country_id}] (country_id: a capital's country), "
            "quotes [{content_start,content_end,speaker_start,speaker_end,speaker,speaker_entity_id,cue,"
            "direct}] (speaker offsets null when the speaker is resolved from elsewhere, e.g. a pronoun), "
            "times [{start,end,text,value}] (ISO date, month, year or start/end interval, anchored on "
            "the article's publication date). Bad inputs are reported on stderr and skipped (exit code 3)."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (walked recursively)")
    p.add_argument("--jsonl", action="store_true", default=True, help="JSON Lines on stdout (the default)")
    p.add_argument(
        "--max-size",
        type=size_arg,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help=f"skip documents larger than SIZE, e.g. 5MB (default {format_size(DEFAULT_MAX_BYTES)})",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="annotate in N processes (default: one per CPU; 1 = in this process). "
        "Inputs of a few dozen articles always run in this process.",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar (shown only on a terminal)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parallax.nlp.annotator import to_json
    from parallax.pipeline.parallel import default_workers

    workers = args.workers if args.workers is not None else default_workers()
    items = api.annotate(args.inputs, max_bytes=args.max_size, workers=max(1, workers))
    return stream_jsonl(items, to_json, "annotate", not args.no_progress, args.inputs)
