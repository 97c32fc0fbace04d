"""The web app: one handler per resource; its HTML page and JSON twin are chosen in one place (``_respond``).

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


def _respond(
    request: Request, html: Html, template: str, page: Any, *, missing: str, status: int = 200
) -> Response:
    """The one place a page becomes HTML or its JSON twin (the path ends in ``.json``); None is a 404."""
    as_json = request.url.path.endswith(".json")
    if page is None:
        if as_json:
            raise HTTPException(404, f"no such {missing}")
        return html("error.html.j2", request, 404, message=f"No such {missing}.")
    if as_json:
        return JSONResponse(page.to_json(), status_code=status)
    return html(template, request, status, page=page)


def _twins(app: FastAPI, path: str, handler: Callable[..., Response], summary: str) -> None:
    """Serve ``handler`` at ``path`` (HTML) and at ``path.json`` (JSON), the JSON route first:
    a ``:path`` id would otherwise swallow the ``.json``."""
    app.add_api_route(f"{path}.json", handler, methods=["GET"], summary=f"{summary} (JSON)")
    app.add_api_route(path, handler, methods=["GET"], summary=summary, response_class=HTMLResponse)


def _story_routes(app: FastAPI, store: Callable[[], Store], html: Html) -> None:
    def stories(
        request: Request,
        order: str = Query("recent", pattern="^(recent|size|outlets)$"),
        outlet: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        offset: int = Query(0, ge=0),
        limit: int = Query(50, ge=1, le=500),
    ) -> Response:
        if offset > MAX_OFFSET:
            raise HTTPException(400, f"offset must be at most {MAX_OFFSET}")
        try:
            page = api.story_list(store(), order=order, outlet=outlet or None, entity=entity or None,
                                  since=since or None, until=until or None, offset=offset, limit=limit)  # fmt: skip
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        return _respond(request, html, "stories.html.j2", page, missing="stories")

    def story(request: Request, story_id: str) -> Response:
        story_id = path_id(request, story_id)
        page = api.story_page(store(), story_id)
        if page is not None and page.entry.story.id != story_id and not request.url.path.endswith(".json"):
            # re-clustering forwarded this id: the page moves, its JSON twin answers in place
            return RedirectResponse(f"/stories/{id_url(page.entry.story.id)}", status_code=301)
        return _respond(request, html, "story.html.j2", page, missing="story")

    _twins(app, "/stories", stories, "Story list")
    _twins(app, "/stories/{story_id:path}", story, "One story")


def _hl(hl: str | None) -> tuple[int, int] | None:
    if not hl:
        return None
    try:
        s, e = (int(x) for x in hl.split("-", 1))
    except ValueError:
        raise HTTPException(400, "hl must be START-END character offsets") from None
    return (s, e)


def _item_routes(app: FastAPI, store: Callable[[], Store], html: Html) -> None:
    # ``:path``: an id may hold "/" (RSS guids are URLs).
    def article(request: Request, article_id: str, hl: str | None = None) -> Response:
        page = api.article_page(store(), path_id(request, article_id), _hl(hl))
        return _respond(request, html, "article.html.j2", page, missing="article")

    def entity(request: Request, entity_id: str) -> Response:
        page = api.entity_page(store(), path_id(request, entity_id))
        return _respond(request, html, "entity.html.j2", page, missing="entity")

    _twins(app, "/articles/{article_id:path}", article, "One article")
    _twins(app, "/entities/{entity_id:path}", entity, "One entity")


def _search_routes(app: FastAPI, store: Callable[[], Store], html: Html) -> None:
    advanced_help = "read q as raw SQLite FTS5 syntax (AND/OR/NOT, NEAR, prefix*, column:word)"

    def search(
        request: Request,
        q: str = "",
        limit: int = Query(20, ge=1, le=200),
        advanced: bool = Query(False, description=advanced_help),
    ) -> Response:
        page = api.search_page(store(), q, limit, advanced=advanced, budget=SEARCH_BUDGET)
        return _respond(request, html, "search.html.j2", page, missing="search", status=page.status)

    _twins(app, "/search", search, "Full-text search")
