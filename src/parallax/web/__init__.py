"""Local web app over a Parallax store: ``create_app(db)`` returns an ASGI app (FastAPI)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from parallax.web import app as _app
from parallax.web.downloads import add_downloads


def create_app(db: str | os.PathLike[str]) -> FastAPI:
    """The web app over the store at ``db`` (``parallax.web.app``) with its CSV downloads."""
    app = _app.create_app(db)
    before = len(app.router.routes)
    add_downloads(app, db)
    # Story ids may hold "/" (pages route on the whole rest of the path), so the more specific
    # download routes must be matched first.
    routes = app.router.routes
    routes[:] = routes[before:] + routes[:before]
    return app


__all__ = ["create_app"]
