"""Local web app over a Parallax store: ``create_app(db)`` returns an ASGI app (FastAPI)."""

from parallax.web.app import create_app

__all__ = ["create_app"]
