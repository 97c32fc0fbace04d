"""CSV downloads of the story list and of a story's articles (their JSON twins are the pages' own)."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import Response

from parallax import api
from parallax.store import Store

_ORDER = "^(recent|size|outlets)$"


def _csv(columns: list[str], rows: list[list[Any]], name: str) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    for row in rows:
        w.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in row])
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def add_downloads(app: FastAPI, db: str | os.PathLike[str]) -> None:
    """Add ``/stories.csv`` (same filters as ``/stories``) and ``/stories/{id}/articles.csv``."""
    local = threading.local()

    def store() -> Store:
        if getattr(local, "store", None) is None:
            local.store = api.open_store(db, readonly=True)
        return local.store

    @app.get("/stories.csv", summary="Story list (CSV)", response_class=Response)
    def stories_csv(
        order: str = Query("recent", pattern=_ORDER),
        outlet: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        offset: int = Query(0, ge=0),
        limit: int = Query(500, ge=1, le=5000),
    ) -> Response:
        filters = {"outlet": outlet, "entity": entity, "since": since, "until": until}
        try:
            page = api.story_list(store(), order=order, offset=offset, limit=limit,
                                  **{k: v or None for k, v in filters.items()})  # fmt: skip
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        cols = ["id", "title", "first_published", "last_published", "n_articles", "outlets"]
        rows = [[e.story.id, e.story.title, e.story.first_published, e.story.last_published,
                 len(e.articles), e.story.outlets] for e in page.stories]  # fmt: skip
        return _csv(cols, rows, "stories.csv")

    @app.get(
        "/stories/{story_id:path}/articles.csv", summary="A story's articles (CSV)", response_class=Response
    )
    def story_articles_csv(story_id: str) -> Response:
        entry = store().story(story_id)
        if entry is None:
            raise HTTPException(404, "no such story")
        sid = entry.story.id
        cols = ["story_id", "id", "outlet", "title", "url", "published", "duplicate_of"]
        rows = [[sid, r.id, api.outlet_name(r), r.title, r.url, r.published, r.duplicate_of]
                for r in entry.articles]  # fmt: skip
        return _csv(cols, rows, "story-articles.csv")
