"""Publication date of an HTML page, with a confidence.

htmldate (original-date mode, extensive search) finds the day; structured markup (JSON-LD
``datePublished``, ``article:published_time`` and kin) gives the time of day when it agrees on
that day, and how much we trust the answer. A container hint (feed or WARC date) is the fallback.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from htmldate import find_date
from lxml.html import HtmlElement

LOGGER = logging.getLogger(__name__)

_META_KEYS = {
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
}
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_JSON_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)")


@dataclass(slots=True)
class Published:
    """A publication date: ISO 8601 (day or full timestamp), confidence 0-1, where it came from."""

    value: str | None
    confidence: float
    source: str


def _iso(value: str | None) -> str | None:
    """Normalise an ISO-like timestamp: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[+HH:MM]``."""
    if not value:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    y, mo, d, hh, mm, ss, tz = m.groups()
    try:
        date(int(y), int(mo), int(d))
    except ValueError:
        return None
    if hh is None:
        return f"{y}-{mo}-{d}"
    tzs = ""
    if tz:
        tzs = "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
    return f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}{tzs}"


def structured_dates(tree: HtmlElement) -> list[str]:
    """Publication timestamps declared in meta tags, ``<time pubdate>`` and JSON-LD, in page order."""
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_KEYS and (iso := _iso(meta.get("content"))):
            found.append(iso)
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            for raw in _JSON_DATE.findall(script.text):
                if iso := _iso(raw):
                    found.append(iso)
    for el in tree.iter("time"):
        marked = (el.get("itemprop") or "").lower() == "datepublished" or el.get("pubdate") is not None
        if marked and (iso := _iso(el.get("datetime"))):
            found.append(iso)
    return found


def _url_day(url: str | None) -> str | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def find_published(tree: HtmlElement, url: str | None = None, hint: str | None = None) -> Published:
    """The page's publication date (original, not last-modified) with a confidence."""
    today = datetime.now().strftime("%Y-%m-%d")
    try:
        day = find_date(
            tree, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d", max_date=today
        )
    except Exception as err:  # htmldate can trip on odd trees
        LOGGER.debug("htmldate failed on %s: %s", url, err)
        day = None
    structured = structured_dates(tree)
    url_day = _url_day(url)
    if day:
        same = [s for s in structured if s[:10] == day]
        value = max(same, key=len) if same else day
        if same:
            conf = 0.95
        elif url_day == day:
            conf = 0.9
        elif structured:
            conf = 0.6  # markup declares another day: htmldate chose against it
        else:
            conf = 0.7
        return Published(value, conf, "page")
    hint_iso = _iso(hint)
    if hint_iso:
        return Published(hint_iso, 0.6, "hint")
    return Published(None, 0.0, "none")
