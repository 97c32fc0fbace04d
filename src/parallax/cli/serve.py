"""``parallax serve``: the local web app over a store."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="browse a store in a local web app",
        description=(
            "Serve a local web app over the store DB: story list (filters by outlet, date, entity), story pages "
            "(cited summary, comparison, quotes, timeline), article and entity pages, full-text search. Every "
            "page has a JSON twin (add .json); the OpenAPI description is at /openapi.json. Binds to 127.0.0.1 "
            "unless --host says otherwise. Needs the 'web' extra: pip install 'newsparallax[web]'."
        ),
    )
    p.add_argument("--db", required=True, help="the SQLite store written by 'parallax ingest'")
    p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from parallax.web import create_app
    except ImportError as exc:
        print(
            f"parallax serve needs the web extra ({exc.name}): pip install 'newsparallax[web]'",
            file=sys.stderr,
        )
        return 2
    from parallax.store import StoreError

    try:
        app = create_app(args.db)
    except StoreError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return 2
    print(
        f"Parallax is serving {args.db} on http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr
    )
    # Requests are bounded (search has a time budget), so a graceful stop is short; the cap
    # makes SIGTERM end the server even if a request were still running.
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=5)
    return 0
