"""``parallax ingest``: inputs -> articles, duplicates and stories in a SQLite store."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys

from parallax import api
from parallax.cli.common import ErrorCounter, has_documents, no_articles, progress_bar, size_arg
from parallax.config import RunConfig
from parallax.display import plural
from parallax.model import ParallaxError
from parallax.pipeline.report import IngestReport
from parallax.readers import DEFAULT_MAX_BYTES
from parallax.readers.options import format_size


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ingest",
        aliases=["run"],
        help="the whole pipeline into a SQLite store: articles, duplicates, stories, annotations, digests",
        description=(
            "Extract every article under INPUTs (anything 'parallax extract' reads), detect duplicates, "
            "assign each new article to a story, annotate it (entities, quotes, times) and store it all "
            "in the SQLite database --db, then build the digest of every story whose articles changed, "
            "so the store is ready to browse ('parallax serve'). --fast skips annotation and digests. "
            "Incremental and idempotent: finished inputs are skipped and articles are keyed by id, so "
            "rerunning adds nothing (but annotations a store lacks, when annotation is on); an "
            "interrupted run resumes where its last batch committed. The per-input stages (read, "
            "extract, annotate) run on an engine: 'local' (this process) or 'ray' (Ray tasks: local "
            "mode on this machine, or a cluster with --address); every engine gives the same articles "
            "and stories. Bad inputs are reported on stderr and skipped (exit code 3). "
            "'parallax run' is the same command."
        ),
    )
    _arguments(p)


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (walked recursively)")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite store (created if missing)")
    p.add_argument("--json", action="store_true", help="print the run summary as JSON on stdout")
    p.add_argument(
        "--recluster",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="consolidate all stories at the end of a run that added articles (merges and splits; "
        "old story ids are forwarded); on by default",
    )
    p.add_argument(
        "--fast",
        action="store_true",
        help="skip annotation and digests unless asked for (--annotate, --digests): quicker, but "
        "story pages then build their digest when first opened, without quotes or timeline",
    )
    p.add_argument(
        "--annotate",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the language stage (entities, quotes, times) on new articles and on stored ones "
        "that lack it: stored, and used by story clustering (default: on, off with --fast)",
    )
    p.add_argument(
        "--batch-size", type=int, default=200, metavar="N", help="articles per commit (default 200)"
    )
    p.add_argument(
        "--max-size",
        type=size_arg,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help=f"skip documents larger than SIZE (default {format_size(DEFAULT_MAX_BYTES)})",
    )
    p.add_argument(
        "--digests",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="after the run, build and store the digest of every story whose articles changed, so "
        "story pages open at once (default: on, off with --fast; large stories are digested from "
        "their most central articles)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar (shown only on a terminal)")
    p.add_argument("--engine", choices=["local", "ray"], default="local", help="where partitions run")
    p.add_argument("--workers", type=int, metavar="N", help="Ray workers (default: one per CPU)")
    p.add_argument(
        "--address", metavar="ADDR", help="an existing Ray cluster (e.g. 'auto' or 'ray://head:10001')"
    )
    p.set_defaults(func=run)


def _config(args: argparse.Namespace) -> RunConfig:
    """The run's configuration: annotation and digests on unless --fast, an explicit flag wins."""
    return RunConfig(
        annotate=not args.fast if args.annotate is None else args.annotate,
        digests=not args.fast if args.digests is None else args.digests,
        recluster=args.recluster,
        max_bytes=args.max_size,
        batch_size=max(1, args.batch_size),
    )


def run(args: argparse.Namespace) -> int:
    missing = [i for i in args.inputs if i != "-" and not os.path.exists(i)]
    if len(missing) == len(args.inputs):  # before the store opens: a typo leaves no empty database
        print(f"parallax {args.command}: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not has_documents(args.inputs):
        return no_articles(args.command, args.inputs)
    config = _config(args)
    errors = ErrorCounter()
    bar = progress_bar("ingest", "input", not args.no_progress)

    def on_progress(report: IngestReport) -> None:
        bar.total = report.inputs_total
        bar.n = report.inputs_done + report.inputs_skipped + report.inputs_failed
        bar.set_postfix(articles=report.read, new=report.new, dup=report.duplicates, refresh=False)
        bar.refresh()

    engine = None
    if args.engine != "local":
        from parallax.engines import get_engine

        try:
            engine = get_engine(args.engine, workers=args.workers, address=args.address)
        except RuntimeError as exc:  # the engine's package is missing or its cluster unreachable
            bar.close()
            print(f"parallax: {exc}", file=sys.stderr)
            return 2
    try:
        # Digests are built below, after the run, with their own progress bar and messages.
        report = api.ingest(
            args.inputs,
            args.db,
            dataclasses.replace(config, digests=False),
            on_progress=on_progress,
            on_error=errors.report,
            engine=engine,
        )
    except KeyboardInterrupt:
        bar.close()
        print("parallax: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    except ParallaxError as exc:
        bar.close()
        print(f"parallax: {exc}", file=sys.stderr)
        from parallax.cli import EXIT_USAGE

        return EXIT_USAGE
    finally:
        if engine is not None:
            engine.close()
    bar.close()
    try:
        digests = _precompute(args) if config.digests else None
    except KeyboardInterrupt:
        print(
            "parallax: interrupted while building digests; rerun the same command to finish", file=sys.stderr
        )
        return 130
    except ParallaxError as exc:  # the store became unwritable (disk full, lock, damage) after the run
        print(f"parallax: {exc}", file=sys.stderr)
        return 2
    if args.json:
        out = report.to_json()
        if digests is not None:
            out["digests_built"] = digests
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    else:
        built = f"; {plural(digests, 'story digest')} built" if digests is not None else ""
        print(f"parallax: ingest: {report.summary()}{built}", file=sys.stderr)
    return errors.exit_code


def _precompute(args: argparse.Namespace) -> int:
    """Store a current digest for each story that lacks one (interruptible: a rerun goes on)."""
    bar = progress_bar("digests", "story", not args.no_progress)

    def on_progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        return api.precompute_digests(args.db, on_progress=on_progress)
    finally:
        bar.close()
