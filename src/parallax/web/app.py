"""The web app: every HTML page has a JSON twin built from the same ``parallax.api`` call.

Article content is hostile input: templates autoescape everything, and every
response carries a Content-Security-Policy that allows no inline script, no
remote resource and no framing.
"""

from __future__ import annotations

import os
import threading
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from parallax import __version__, api
from parallax.display import FRAMING_HELP, plural, readable_date
from parallax.pages import StoryListPage
from parallax.store import Store

HERE = Path(__file__).parent

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters.update(date=readable_date, datetime=partial(readable_date, with_time=True), plural=plural)
    env.globals["framing_help"] = FRAMING_HELP
    return env


class _Stores(threading.local):
    """One read-only connection per worker thread (SQLite connections are not shared)."""

    store: Store | None = None


def create_app(db: str | os.PathLike[str]) -> FastAPI:
    """The web app over the store at ``db`` (opened read-only; ingest may write meanwhile)."""
    path = str(db)
    api.open_store(path, readonly=True).close()  # fail now, with a clear error, if unusable
    env = _templates()
    local = _Stores()
    app = FastAPI(
        title="Parallax",
        version=__version__,
        description="Stories, articles, entities and search over a Parallax store. Every page has a JSON twin.",
        docs_url=None,  # Swagger UI would load assets from a CDN; /openapi.json is served
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def store() -> Store:
        if local.store is None:
            local.store = api.open_store(path, readonly=True)
        return local.store

    def html(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        body = env.get_template(name).render(request=request, **ctx)
        return HTMLResponse(body, status_code=status)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/stories")

    def _list(order: str, outlet: str | None, entity: str | None, since: str | None, until: str | None,
              offset: int, limit: int) -> StoryListPage:  # fmt: skip
        try:
            return api.story_list(store(), order=order, outlet=outlet or None, entity=entity or None,
                                  since=since or None, until=until or None, offset=offset, limit=limit)  # fmt: skip
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None

    @app.get("/stories.json", summary="Story list (JSON)")
    def stories_json(
        order: str = Query("recent", pattern="^(recent|size|outlets)$"),
        outlet: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        offset: int = Query(0, ge=0),
        limit: int = Query(50, ge=1, le=500),
    ) -> dict[str, Any]:
        return _list(order, outlet, entity, since, until, offset, limit).to_json()

    @app.get("/stories", response_class=HTMLResponse, summary="Story list")
    def stories_html(
        request: Request,
        order: str = Query("recent", pattern="^(recent|size|outlets)$"),
        outlet: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        offset: int = Query(0, ge=0),
        limit: int = Query(50, ge=1, le=500),
    ) -> HTMLResponse:
        page = _list(order, outlet, entity, since, until, offset, limit)
        return html("stories.html.j2", request, page=page)

    @app.get("/stories/{story_id}.json", summary="One story (JSON)")
    def story_json(story_id: str) -> dict[str, Any]:
        page = api.story_page(store(), story_id)
        if page is None:
            raise HTTPException(404, "no such story")
        return page.to_json()

    @app.get("/stories/{story_id}", response_class=HTMLResponse, summary="One story")
    def story_html(request: Request, story_id: str) -> Response:
        page = api.story_page(store(), story_id)
        if page is None:
            return html("error.html.j2", request, 404, message="No such story.")
        if page.entry.story.id != story_id:  # re-clustering forwarded this id
            return RedirectResponse(f"/stories/{page.entry.story.id}", status_code=301)
        return html("story.html.j2", request, page=page)

    def _hl(hl: str | None) -> tuple[int, int] | None:
        if not hl:
            return None
        try:
            s, e = (int(x) for x in hl.split("-", 1))
        except ValueError:
            raise HTTPException(400, "hl must be START-END character offsets") from None
        return (s, e)

    @app.get("/articles/{article_id}.json", summary="One article (JSON)")
    def article_json(article_id: str, hl: str | None = None) -> dict[str, Any]:
        page = api.article_page(store(), article_id, _hl(hl))
        if page is None:
            raise HTTPException(404, "no such article")
        return page.to_json()

    @app.get("/articles/{article_id}", response_class=HTMLResponse, summary="One article")
    def article_html(request: Request, article_id: str, hl: str | None = None) -> HTMLResponse:
        page = api.article_page(store(), article_id, _hl(hl))
        if page is None:
            return html("error.html.j2", request, 404, message="No such article.")
        return html("article.html.j2", request, page=page)

    @app.get("/entities/{entity_id}.json", summary="One entity (JSON)")
    def entity_json(entity_id: str) -> dict[str, Any]:
        page = api.entity_page(store(), entity_id)
        if page is None:
            raise HTTPException(404, "no such entity")
        return page.to_json()

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, summary="One entity")
    def entity_html(request: Request, entity_id: str) -> HTMLResponse:
        page = api.entity_page(store(), entity_id)
        if page is None:
            return html("error.html.j2", request, 404, message="No such entity.")
        return html("entity.html.j2", request, page=page)

    @app.get("/search.json", summary="Full-text search (JSON)")
    def search_json(q: str = "", limit: int = Query(20, ge=1, le=200)) -> JSONResponse:
        page = api.search_page(store(), q, limit)
        return JSONResponse(page.to_json(), status_code=400 if page.error else 200)

    @app.get("/search", response_class=HTMLResponse, summary="Full-text search")
    def search_html(request: Request, q: str = "", limit: int = Query(20, ge=1, le=200)) -> HTMLResponse:
        page = api.search_page(store(), q, limit)
        return html("search.html.j2", request, 400 if page.error else 200, page=page)

    return app
