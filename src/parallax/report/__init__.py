"""Reports: HTML (story list + story pages, offline), Markdown and JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parallax.report.jsonout import DIGEST_SCHEMA_VERSION, comparison_json, digest_json, summary_json
from parallax.report.markdown import stories_markdown

if TYPE_CHECKING:
    from parallax.digest import DigestRun
    from parallax.report.html import HtmlReport, safe_name


def __getattr__(name: str) -> Any:
    # The HTML writer pulls in jinja2 (~70 ms): commands that only print JSON never import it.
    if name in ("HtmlReport", "safe_name"):
        from parallax.report import html

        return getattr(html, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DIGEST_SCHEMA_VERSION",
    "HtmlReport",
    "comparison_json",
    "digest_json",
    "safe_name",
    "summary_json",
    "write_report",
]


def write_report(run: DigestRun, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``index.html``, one ``story-<id>.html`` per story, ``stories.md`` and ``stories.json``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    articles = {a.id: a for a in run.articles}
    from parallax.report.html import HtmlReport

    written = HtmlReport().write(run.digests, articles, out)
    # A reused folder must not keep story pages of an earlier run (they would look current).
    keep = {p.resolve() for p in written}
    for page in out.glob("story-*.html"):
        if page.resolve() not in keep:
            page.unlink(missing_ok=True)
    md = out / "stories.md"
    # errors="replace": a lone surrogate in a hand-built article must not abort the report.
    md.write_text(stories_markdown(run.digests, articles), encoding="utf-8", errors="replace")
    js = out / "stories.json"
    texts = {a.id: a.text for a in run.articles}
    payload = {
        "schema": DIGEST_SCHEMA_VERSION,
        "stories": [digest_json(d, texts, articles) for d in run.digests],
    }
    js.write_text(
        json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", errors="replace"
    )
    return [*written, md, js]
