"""Page metadata from a parsed HTML tree: title, authors, site name, canonical URL, language.

Built on trafilatura's metadata readers (meta tags, OpenGraph, JSON-LD, title/h1, bylines), called
on the tree the extractor already parsed; the costly parts trafilatura adds for its own output
(categories, tags, licence) are skipped, and the publication date is left to ``dates``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura import metadata as tmeta

LOGGER = logging.getLogger(__name__)

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,\s*(?:and|und|et|y)\s+|\s+(?:and|und|et|&)\s+|,)\s*")
_AUTHOR_JUNK = re.compile(
    r"^(?:(?:posted|written|published|veröffentlicht|eingestellt|erstellt|geschrieben|verfasst|publié|écrit|"
    r"rédigé|pubblicato)\s+)?(?:by|von|par|por|door|über)\s*:?\s+",
    re.IGNORECASE,
)
_AUTHOR_TAIL = re.compile(r"\s+(?:more posts|view all posts|alle beiträge|all posts)\b.*$", re.IGNORECASE)
# Text that is a form label or a comment header, not a byline ("Name *", "Anna sagt").
_NOT_A_NAME = re.compile(r"[*()\[\]|]|\b(?:sagt|says|dit|required|erforderlich|obligatoire)\b", re.IGNORECASE)
_NO_BYLINE_ANCESTOR = {"form", "label", "button", "select", "textarea"}
# A byline part that is a job title, not a name ("Tom Roe, AP Auto Writer").
_ROLE = re.compile(
    r"\b(writer|correspondent|reporter|editor|staff|contributor|columnist|redaktion|redakteur\w*|"
    r"korrespondent\w*|journalist\w*|rédact\w*|envoyé\w*)\b",
    re.IGNORECASE,
)


# One pass over the tree for byline holders (trafilatura's fuller author search only runs if this fails).
_AUTHOR_XPATH = XPath(
    '//*[@rel="author" or @itemprop="author" or contains(@class, "byline") or contains(@class, "author")'
    ' or contains(@id, "author") or contains(@class, "Author") or contains(@class, "Byline")]'
)
_HAS_DIGIT = re.compile(r"\d")
_PUBLISHER = re.compile(r'"publisher"\s*:\s*\{[^{}]*?"name"\s*:\s*"([^"]{2,80})"')


def organisation_names(tree: HtmlElement, sitename: str | None) -> list[str]:
    """Names of the organisation behind the page (site name, copyright holder, JSON-LD publisher)."""
    names = [sitename] if sitename else []
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").lower() in ("copyright", "dc.rights", "publisher", "dc.publisher"):
            names.append(meta.get("content") or "")
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            names.extend(_PUBLISHER.findall(script.text))
    return [n.casefold() for n in names if n]


def drop_organisations(authors: list[str], organisations: list[str]) -> list[str]:
    """Authors minus names that are the publishing organisation (a site's own name in ``author``)."""
    return [a for a in authors if not any(a.casefold() in org for org in organisations)]


def _in_comments_or_form(el: HtmlElement) -> bool:
    for anc in el.iterancestors():
        if anc.tag in _NO_BYLINE_ANCESTOR:
            return True
        marks = f"{anc.get('class', '')} {anc.get('id', '')}".lower()
        if "comment" in marks or "respond" in marks:
            return True
    return False


def byline_author(tree: HtmlElement) -> str | None:
    """The first short, name-like text in an element marked as author/byline."""
    for el in _AUTHOR_XPATH(tree)[:12]:
        if el.tag in ("script", "style", "meta", "link", "img", "body", "html"):
            continue
        text = " ".join(" ".join(el.itertext()).split())
        text = _AUTHOR_TAIL.sub("", _AUTHOR_JUNK.sub("", text)).strip(" ,-–—·•:")
        if not (3 <= len(text) <= 60) or _HAS_DIGIT.search(text) or "@" in text or _NOT_A_NAME.search(text):
            continue
        if len(text.split()) > 5 or _in_comments_or_form(el):
            continue
        return text
    return None


@dataclass(slots=True)
class PageMeta:
    """Metadata read from the page itself (None when absent)."""

    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    sitename: str | None = None
    canonical_url: str | None = None
    language: str | None = None


def split_authors(value: str | None) -> list[str]:
    """``"A, B and C"`` / ``"A; B"`` -> ``["A", "B", "C"]`` (deduplicated, order kept)."""
    if not value:
        return []
    out: list[str] = []
    for part in _AUTHOR_SPLIT.split(value):
        name = _AUTHOR_JUNK.sub("", part.strip(" \t\n-–—·•:"))
        if out and _ROLE.search(name):  # a job title after a name, not a second name
            continue
        if name and len(name) <= 80 and name.lower() not in {a.lower() for a in out}:
            out.append(name)
    return out


def html_language(tree: HtmlElement) -> str | None:
    """ISO 639-1 code from ``<html lang>``, ``http-equiv content-language`` or ``og:locale``."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for cand in candidates:
        if cand:
            m = _LANG.match(cand.strip().split(",")[0].strip())
            if m and len(m.group(1)) == 2:
                return m.group(1).lower()
    return None


def _canonical(tree: HtmlElement, url: str | None) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href", "").startswith("http"):
            return link.get("href").strip()
    for meta in tree.iter("meta"):
        if (meta.get("property") or "").lower() == "og:url" and (meta.get("content") or "").startswith(
            "http"
        ):
            return meta.get("content").strip()
    return None


def _clean_title(title: str | None, sitename: str | None) -> str | None:
    """Drop a trailing/leading ``| Site name`` from a title."""
    if not title:
        return None
    title = " ".join(title.split())
    if sitename:
        for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
            parts = title.split(sep)
            if len(parts) > 1:
                if sitename.lower() in parts[-1].lower():
                    return sep.join(parts[:-1]).strip() or title
                if sitename.lower() in parts[0].lower():
                    return sep.join(parts[1:]).strip() or title
    return title


def extract_metadata(tree: HtmlElement, url: str | None = None) -> PageMeta:
    """Read title, description, authors, site name, canonical URL and language from ``tree``."""
    try:
        doc = tmeta.examine_meta(tree)
        if doc.author and " " not in doc.author:
            doc.author = None
        try:
            doc = tmeta.extract_meta_json(tree, doc)
        except Exception as err:  # malformed JSON-LD
            LOGGER.debug("JSON-LD metadata failed: %s", err)
        if not doc.title:
            doc.title = tmeta.extract_title(tree)
        if not doc.author:
            # our one-XPath byline search first: trafilatura's is better but several times dearer
            doc.author = byline_author(tree) or tmeta.extract_author(tree)
        if not doc.sitename:
            doc.sitename = tmeta.extract_sitename(tree)
    except Exception as err:  # never let metadata sink the text
        LOGGER.warning("metadata extraction failed on %s: %s", url, err)
        return PageMeta(language=html_language(tree))
    sitename = (doc.sitename or "").lstrip("@").strip() or None
    if sitename is None and url:
        host = urlsplit(url).netloc.lower()
        sitename = host[4:] if host.startswith("www.") else (host or None)
    authors = drop_organisations(split_authors(doc.author), organisation_names(tree, sitename))
    return PageMeta(
        title=_clean_title(doc.title, sitename),
        description=" ".join(doc.description.split()) if doc.description else None,
        authors=authors,
        sitename=sitename,
        canonical_url=_canonical(tree, url),
        language=html_language(tree),
    )
