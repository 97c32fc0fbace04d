"""The web app: every HTML page has a JSON twin built from the same ``parallax.api`` call.

Article content is hostile input: templates autoescape everything, and every
response (errors included) carries a Content-Security-Policy that allows no
inline script, no remote resource and no framing. Ids are opaque: links encode
them whole (``/`` too), and routes take the rest of the path as the id.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from parallax import __version__, api
from parallax.display import FRAMING_HELP, plural, readable_date
from parallax.read.pages import StoryListPage
from parallax.store import Store, StoreError

log = logging.getLogger(__name__)

HERE = Path(__file__).parent

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Seconds of SQLite work one search may take before it is answered 503.
SEARCH_BUDGET = 1.5
#: SQLite's OFFSET is a signed 64-bit integer.
MAX_OFFSET = 2**63 - 1

Html = Callable[..., HTMLResponse]


def id_url(value: object) -> str:
    """``value`` percent-encoded whole (``/`` included), for one path segment or query value."""
    return quote(str(value), safe="")


def path_id(request: Request, value: str) -> str:
    """The id in the request's path, percent-decoded exactly once.

    From the raw path when the server gives it: a server or test client that decodes twice
    would turn an id's ``%2F`` into ``/``. ``value`` (the routed parameter) otherwise.
    """
    raw = request.scope.get("raw_path")
    if not raw:
        return value
    parts = raw.decode("latin-1").split("?", 1)[0].split("/", 2)  # ["", "articles", id]
    if len(parts) < 3 or parts[1] != request.url.path.split("/", 2)[1]:
        return value
    rest = parts[2]
    if request.url.path.endswith(".json") and rest.endswith(".json"):
        rest = rest[: -len(".json")]
    return unquote(rest)


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
    env.filters["urlencode"] = id_url  # Jinja's keeps "/": an id holding one would name another path
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

    _guards(app, html)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/stories")

    _story_routes(app, store, html)
    _item_routes(app, store, html)
    _search_routes(app, store, html)
    return app


def _error(request: Request, html: Html, status: int, message: str) -> Response:
    if request.url.path.endswith(".json"):
        return JSONResponse({"detail": message}, status_code=status)
    return html("error.html.j2", request, status, message=message, title="Error")


def _guards(app: FastAPI, html: Html) -> None:
    """Security headers on every response; a store failure is a 503 message, any other a 500 page."""

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.warning("%s", exc)
        return _error(request, html, 503, f"The store cannot be read: {exc}")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        started = time.perf_counter()
        try:
            response: Response = await call_next(request)
        except Exception:  # the outermost handler's 500 would go out without these headers
            log.exception("%s failed", request.url.path)
            response = _error(request, html, 500, "Something went wrong on this page.")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        # The server's own time for the request (benchmarks/web_hostile.py reads it).
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response


def _story_routes(app: FastAPI, store: Callable[[], Store], html: Html) -> None:
    def _list(order: str, outlet: str | None, entity: str | None, since: str | None, until: str | None,
              offset: int, limit: int) -> StoryListPage:  # fmt: skip
        if offset > MAX_OFFSET:
            raise HTTPException(400, f"offset must be at most {MAX_OFFSET}")
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

    @app.get("/stories/{story_id:path}.json", summary="One story (JSON)")
    def story_json(request: Request, story_id: str) -> dict[str, Any]:
        page = api.story_page(store(), path_id(request, story_id))
        if page is None:
            raise HTTPException(404, "no such story")
        return page.to_json()

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, summary="One story")
    def story_html(request: Request, story_id: str) -> Response:
        story_id = path_id(request, story_id)
        page = api.story_page(store(), story_id)
        if page is None:
            return html("error.html.j2", request, 404, message="No such story.")
        if page.entry.story.id != story_id:  # re-clustering forwarded this id
            return RedirectResponse(f"/stories/{id_url(page.entry.story.id)}", status_code=301)
        return html("story.html.j2", request, page=page)


def _hl(hl: str | None) -> tuple[int, int] | None:
    if not hl:
        return None
    try:
        s, e = (int(x) for x in hl.split("-", 1))
    except ValueError:
        raise HTTPException(400, "hl must be START-END character offsets") from None
    return (s, e)


def _item_routes(app: FastAPI, store: Callable[[], Store], html: Html) -> None:
    # ``:path``: an id may hold "/" (RSS guids are URLs); the ".json" routes come first.
    @app.get("/articles/{article_id:path}.json", summary="One article (JSON)")
    def article_json(request: Request, article_id: str, hl: str | None = None) -> dict[str, Any]:
        page = api.article_page(store(), path_id(request, article_id), _hl(hl))
        if page is None:
            raise HTTPException(404, "no such article")
        return page.to_json()

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, summary="One article")
    def article_html(request: Request, article_id: str, hl: str | None = None) -> HTMLResponse:
        page = api.article_page(store(), path_id(request, article_id), _hl(hl))
        if page is None:
            return html("error.html.j2", request, 404, message="No such article.")
        return html("article.html.j2", request, page=page)

    @app.get("/entities/{entity_id:path}.json", summary="One entity (JSON)")
    def entity_json(request: Request, entity_id: str) -> dict[str, Any]:
        page = api.entity_page(store(), path_id(request, entity_id))
        if page is None:
            raise HTTPException(404, "no such entity")
        return page.to_json()

    @app.get("/entities/{entity_id:path}", response_class=HTMLResponse, summary="One entity")
    def entity_html(request: Request, entity_id: str) -> HTMLResponse:
        page = api.entity_page(store(), path_id(request, entity_id))
        if page is None:
            return html("error.html.j2", request, 404, message="No such entity.")
        return html("entity.html.j2", request, page=page)


def _search_routes(app: FastAPI, store: Callable[[], Store], html: Html) -> None:
    advanced_help = "read q as raw SQLite FTS5 syntax (AND/OR/NOT, NEAR, prefix*, column:word)"

    @app.get("/search.json", summary="Full-text search (JSON)")
    def search_json(
        q: str = "",
        limit: int = Query(20, ge=1, le=200),
        advanced: bool = Query(False, description=advanced_help),
    ) -> JSONResponse:
        page = api.search_page(store(), q, limit, advanced=advanced, budget=SEARCH_BUDGET)
        return JSONResponse(page.to_json(), status_code=page.status)

    @app.get("/search", response_class=HTMLResponse, summary="Full-text search")
    def search_html(
        request: Request,
        q: str = "",
        limit: int = Query(20, ge=1, le=200),
        advanced: bool = Query(False, description=advanced_help),
    ) -> HTMLResponse:
        page = api.search_page(store(), q, limit, advanced=advanced, budget=SEARCH_BUDGET)
        return html("search.html.j2", request, page.status, page=page)
