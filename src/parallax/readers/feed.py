"""RSS and Atom feeds: one kind ``html`` record per entry that carries content.

The entry body is ``content:encoded`` / Atom ``content``, else the summary.
Each record is a small HTML page (``<title>`` and ``<article>``) so extractors
see the same shape as a crawled page; url, title, published (ISO 8601, UTC) and
outlet (the feed's title) come from the feed. Entries are named ``path#N``.
"""

from __future__ import annotations

import calendar
import html
import logging
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from parallax.model import InputError, RawRecord
from parallax.readers.encoding import strip_controls, strip_surrogates
from parallax.readers.fileio import ReadError, read_bounded
from parallax.readers.options import ReaderOptions
from parallax.readers.sniff import binary_kind

log = logging.getLogger(__name__)


def read_feed(path: Path, options: ReaderOptions) -> Iterator[RawRecord | InputError]:
    """Yield one record per entry with content in the feed at ``path``."""
    source = str(path)
    try:
        data = read_bounded(path, options.max_bytes)
    except ReadError as exc:
        yield InputError(source, str(exc.args[0]))
        return
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield InputError(source, "empty file")
        return
    kind = binary_kind(data)
    if kind:
        yield InputError(source, f"{kind}, not a feed")
        return
    yield from parse_feed(data, source)


def parse_feed(data: bytes, source: str) -> Iterator[RawRecord | InputError]:
    """Records for the entries of an RSS/Atom document given as bytes."""
    import feedparser  # here, not at module load: commands that never read a feed skip ~0.1 s of start-up

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries:
        why = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        yield InputError(source, f"no feed entries found{why}")
        return
    if parsed.get("bozo"):
        log.warning("%s: feed is not well-formed (%s); read leniently", source, parsed.bozo_exception)
    outlet = (parsed.feed.get("title") or "").strip() or None
    encoding = parsed.get("encoding")
    found = 0
    for n, entry in enumerate(parsed.entries, 1):
        body, is_html = _body(entry)
        title = (entry.get("title") or "").strip() or None
        if not body.strip():
            log.debug("%s#%d: entry %r has no content; skipped", source, n, title)
            continue
        if not is_html:
            body = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in body.split("\n\n") if p.strip())
        page = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{html.escape(title or '')}</title></head>\n"
            f"<body><article>\n<h1>{html.escape(title or '')}</h1>\n{body}\n</article></body></html>\n"
        )
        found += 1
        # Feed text is decoded by feedparser: NUL, controls and lone surrogates (from character
        # references such as &#xD800;) pass through it and must not reach parsers or SQLite.
        yield RawRecord(
            source=f"{source}#{n}",
            content=_clean(page) or "",
            kind="html",
            record_id=_clean(entry.get("id") or entry.get("link") or None),
            url=_clean(entry.get("link") or None),
            title=_clean(title),
            outlet=_clean(outlet),
            published=_clean(_published(entry)),
            encoding=encoding,
        )

    if not found:
        yield InputError(source, f"no feed entry has content ({len(parsed.entries)} entries, all empty)")


def _clean(value: str | None) -> str | None:
    return strip_controls(strip_surrogates(value)) if value else value


def _body(entry: Any) -> tuple[str, bool]:
    """The richest body of an entry and whether it is HTML."""
    candidates = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        candidates.append(entry.summary_detail)
    best = max(candidates, key=lambda c: len(c.get("value") or ""), default=None)
    if best is None:
        return "", False
    ctype = (best.get("type") or "text/html").lower()
    return best.get("value") or "", "html" in ctype


def _published(entry: Any) -> str | None:
    """The entry's publication (else update) time as ISO 8601 UTC, or its raw text."""
    for key in ("published", "updated", "created"):
        parsed: time.struct_time | None = entry.get(f"{key}_parsed")
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).isoformat()
        if entry.get(key):
            return str(entry[key])
    return None
