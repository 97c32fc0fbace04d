"""Outlets as records: one function names an outlet everywhere, plus leaning coverage of a story.

Names come from the user file (``--outlets FILE``, or ``PARALLAX_OUTLETS``), then the bundled table
(``outlets.csv``), then the page's own site name, then the URL's host; an article with none of these
is an "unknown outlet" (with its first author, so two unnamed bylines stay apart).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from parallax.model import LEANINGS, LeaningCoverage, Outlet
from parallax.outlets.registry import OutletFileError, Registry, bundled, host_of, read_file

__all__ = ["LEANINGS", "OutletFileError", "coverage", "info", "name_of", "registry", "use_file"]

#: Environment variable naming a user outlet file; ``use_file`` sets it so worker processes see it too.
ENV = "PARALLAX_OUTLETS"
UNKNOWN = "unknown outlet"
_LEFT = {"left", "lean left"}
_RIGHT = {"right", "lean right"}

_cache: dict[str, Registry] = {}


class HasOutlet(Protocol):
    """An Article, or a store's ArticleRef: what naming an outlet needs."""

    @property
    def outlet(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...


def registry() -> Registry:
    """The user file's outlets (when set) before the bundled ones; read once per file."""
    user = os.environ.get(ENV, "")
    if user not in _cache:
        _cache[user] = Registry([*(read_file(user) if user else ()), *bundled()])
    return _cache[user]


def use_file(path: str | os.PathLike[str] | None) -> Registry:
    """Use the outlet file ``path`` from now on (None: the bundled table only); raises OutletFileError."""
    if path is None:
        os.environ.pop(ENV, None)
    else:
        full = str(Path(path).resolve())
        _cache.pop(full, None)  # the file may have changed since it was last read
        read_file(full)  # fail here, with the file's name, rather than in the first lookup
        os.environ[ENV] = full
    return registry()


def _lookup(article: HasOutlet) -> Outlet | None:
    reg = registry()
    hosts = [host_of(article.url), host_of(getattr(article, "canonical_url", None))]
    return (
        reg.by_source(getattr(article, "source", None))
        or next((o for h in hosts if (o := reg.by_host(h))), None)
        or reg.by_name(article.outlet)
    )


def name_of(article: HasOutlet) -> str:
    """The readable name of an article's outlet; every command and page names outlets with this."""
    known = _lookup(article)
    if known:
        return known.name
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    host = host_of(article.url) or host_of(getattr(article, "canonical_url", None))
    if host:
        return host
    authors = getattr(article, "authors", None) or []
    return f"{UNKNOWN} ({authors[0]})" if authors else UNKNOWN


def info(name: str) -> Outlet | None:
    """The registry record of an outlet name (as ``name_of`` gives it), else None."""
    return registry().by_name(name)


def coverage(names: Iterable[str]) -> LeaningCoverage:
    """Outlet names grouped by leaning (left to right), the unrated ones, and one-sidedness."""
    by: dict[str, list[str]] = {lean: [] for lean in LEANINGS}
    unrated: list[str] = []
    for name in dict.fromkeys(names):
        o = info(name)
        (by[o.leaning] if o and o.leaning else unrated).append(name)
    rated = {lean for lean, ns in by.items() if ns}
    side = "left" if rated and rated <= _LEFT else "right" if rated and rated <= _RIGHT else None
    return LeaningCoverage(by, unrated, side)
