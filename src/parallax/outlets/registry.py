"""Outlet tables: the bundled CSV and user files (TOML or CSV), and lookups by host, name and file."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path
from typing import Any

from parallax.model import LEANINGS, Outlet, ParallaxError

_SPLIT = re.compile(r"[;,|]\s*")
_FIELDS = ("name", "domains", "aliases", "patterns", "leaning", "country", "owner")


class OutletFileError(ParallaxError):
    """A user outlet file that cannot be read (the message names the file and the problem)."""


def name_key(name: str) -> str:
    """A name reduced for comparison: case, punctuation and a leading "The" do not count."""
    key = re.sub(r"[^0-9a-z]+", " ", name.lower()).strip()
    return key.removeprefix("the ").strip()


def host_of(url: str | None) -> str | None:
    """The lower-cased host of ``url`` without a leading ``www.``, else None."""
    if not url:
        return None
    m = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#\s]+)", url.strip())
    host = m.group(1).lower().rstrip(".") if m else ""
    return host.removeprefix("www.") or None


class Registry:
    """Outlets with lookups; earlier outlets win when two claim the same domain or name."""

    def __init__(self, outlets: Iterable[Outlet] = ()) -> None:
        self.outlets: list[Outlet] = []
        self._patterned: list[Outlet] = []  # only user outlets have file patterns
        self._domains: dict[str, Outlet] = {}
        self._names: dict[str, Outlet] = {}
        for o in outlets:
            self.add(o)

    def add(self, outlet: Outlet) -> None:
        self.outlets.append(outlet)
        if outlet.patterns:
            self._patterned.append(outlet)
        for d in outlet.domains:
            self._domains.setdefault(d.lower().removeprefix("www."), outlet)
        for n in (outlet.name, *outlet.aliases):
            if name_key(n):
                self._names.setdefault(name_key(n), outlet)

    def by_host(self, host: str | None) -> Outlet | None:
        """The outlet whose domain is ``host`` or a parent domain of it (``edition.cnn.com``)."""
        parts = host.split(".") if host else []
        for i in range(len(parts) - 1):
            hit = self._domains.get(".".join(parts[i:]))
            if hit:
                return hit
        return None

    def by_name(self, name: str | None) -> Outlet | None:
        return self._names.get(name_key(name)) if name else None

    def by_source(self, source: str | None) -> Outlet | None:
        """The outlet whose file pattern matches the input path (or its file name)."""
        if not source or not self._patterned:
            return None
        path = source.replace("\\", "/")
        base = path.rsplit("/", 1)[-1]
        for o in self._patterned:
            if any(fnmatch(path, p) or fnmatch(base, p) for p in o.patterns):
                return o
        return None


def _listed(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else _SPLIT.split(str(value))
    return tuple(str(v).strip() for v in items if str(v).strip())


def outlet_from(row: dict[str, Any], where: str) -> Outlet:
    """One Outlet from a CSV row or TOML table; raises OutletFileError on a bad row."""
    unknown = set(row) - set(_FIELDS) - {"match"}
    if unknown:
        raise OutletFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    name = str(row.get("name") or "").strip()
    if not name:
        raise OutletFileError(f"{where}: every outlet needs a name")
    leaning = str(row.get("leaning") or "").strip().lower().replace("-", " ") or None
    if leaning is not None and leaning not in LEANINGS:
        raise OutletFileError(f"{where}: leaning {leaning!r} is not one of {', '.join(LEANINGS)}")
    # "match" takes domains and file patterns alike: a pattern has a wildcard or a slash.
    match = _listed(row.get("match"))
    patterns = _listed(row.get("patterns")) + tuple(m for m in match if any(c in m for c in "*?[/"))
    domains = _listed(row.get("domains")) + tuple(m for m in match if m not in patterns)
    return Outlet(
        name=name,
        domains=tuple(d.lower() for d in domains),
        leaning=leaning,
        country=str(row.get("country") or "").strip() or None,
        owner=str(row.get("owner") or "").strip() or None,
        aliases=_listed(row.get("aliases")),
        patterns=patterns,
    )


def read_csv(text: str, where: str) -> list[Outlet]:
    reader = csv.DictReader(io.StringIO(text))
    return [
        outlet_from({k.strip(): v for k, v in row.items() if k and v}, f"{where} line {n + 2}")
        for n, row in enumerate(reader)
    ]


def read_toml(text: str, where: str) -> list[Outlet]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise OutletFileError(f"{where}: TOML needs Python 3.11+ (or tomli); use CSV") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OutletFileError(f"{where}: {exc}") from None
    rows = data.get("outlet", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise OutletFileError(f"{where}: expected [[outlet]] tables")
    return [outlet_from(r, f"{where} outlet {n + 1}") for n, r in enumerate(rows)]


def read_file(path: str | Path) -> list[Outlet]:
    """The outlets of a user file: ``.toml`` (``[[outlet]]`` tables) or CSV with a header row."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OutletFileError(f"cannot read outlet file {p}: {exc}") from None
    return read_toml(text, str(p)) if p.suffix.lower() == ".toml" else read_csv(text, str(p))


def bundled() -> list[Outlet]:
    """The table shipped with Parallax (``outlets.csv``; sources in docs/outlets.md)."""
    text = resources.files("parallax.outlets").joinpath("outlets.csv").read_text(encoding="utf-8")
    return read_csv(text, "outlets.csv")
