"""The ``parallax`` command: parse arguments, call ``parallax.api``, print.

Each sub-command lives in its own module with ``register(subparsers)``; the
module list below is the only place that knows them all.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import sys

from parallax import __version__

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = [
    "parallax.cli.extract",
    "parallax.cli.annotate",
    "parallax.cli.cluster",
    "parallax.cli.ingest",
    "parallax.cli.stories",
    "parallax.cli.search",
    "parallax.cli.serve",
    "parallax.cli.summarize",
    "parallax.cli.compare",
    "parallax.cli.digest",
    "parallax.cli.export",
]

EXIT_OK = 0
EXIT_INPUT_ERRORS = 3  # the run finished, but some inputs were reported and skipped
EXIT_USAGE = 2
EXIT_NO_ARTICLES = 4  # the inputs held no article at all: nothing was written


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parallax",
        description=(
            "Turn crawled news (text dumps, HTML, WARC, RSS/Atom, JSON Lines) into stories: "
            "clean articles, duplicates, story clusters, entities, quotes, cited summaries and "
            "cross-source comparison. Nothing is downloaded at run time."
        ),
        epilog=f"Exit codes: 0 ok, {EXIT_INPUT_ERRORS} some inputs failed (reported on stderr), {EXIT_USAGE} usage "
        f"error, {EXIT_NO_ARTICLES} no article found in the inputs (nothing written).",
    )
    parser.add_argument("--version", action="version", version=f"parallax {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    # An alias ('run' for 'ingest') maps to the same parser: add the option once.
    for command in {id(c): c for c in sub.choices.values()}.values():
        command.add_argument(
            "--outlets",
            metavar="FILE",
            help="outlet names, leanings, countries and owners by domain or file pattern (TOML or CSV, "
            "see docs/outlets.md); PARALLAX_OUTLETS names one too",
        )
    return parser


def _unknown_command(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """A "did you mean" message when the first word is not a sub-command, else None."""
    word = next((a for a in argv if not a.startswith("-")), None)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if word is None or word in sub.choices:
        return None
    close = difflib.get_close_matches(word, list(sub.choices), n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"parallax: unknown command {word!r}.{hint} (parallax --help lists them all)"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    unknown = _unknown_command(parser, argv)
    if unknown:
        print(unknown, file=sys.stderr)
        return EXIT_USAGE
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.verbose == 0:
        # trafilatura/htmldate warn on every page they find nothing in ("discarding data: None");
        # we report such pages ourselves, once, with their path.
        for name in ("trafilatura", "htmldate", "courlan"):
            logging.getLogger(name).setLevel(logging.ERROR)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if getattr(args, "outlets", None):
        from parallax import api
        from parallax.model import ParallaxError

        try:
            api.use_outlets(args.outlets)
        except ParallaxError as exc:
            print(f"parallax: {exc}", file=sys.stderr)
            return EXIT_USAGE
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
