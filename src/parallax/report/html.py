"""HTML report: ``index.html`` (story list) and one page per story, rendered with Jinja2.

Article content is hostile input: templates autoescape everything, passages are escaped
before highlighting, links keep only http(s) URLs, and file names derive from ids only.
Pages are self-contained (inline CSS and SVG, no scripts, no remote assets).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from parallax.display import FRAMING_HELP, plural, readable_date
from parallax.model import Article, Citation, Digest, content_id
from parallax.outlets import coverage, name_of
from parallax.report.svg import bar_chart

_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def safe_name(ident: str, prefix: str) -> str:
    """A file name built from an id only: ``prefix-<id>.html`` (id reduced to [A-Za-z0-9_-])."""
    clean = _SAFE.sub("", ident)[:48]
    if clean != ident or not clean:
        clean = (clean[:32] + "-" if clean else "") + content_id(ident)[:12]
    return f"{prefix}-{clean}.html"


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("parallax.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: f"{float(v):.0%}"
    env.filters["date"] = readable_date
    env.filters["datetime"] = lambda v: readable_date(v, with_time=True)
    env.filters["plural"] = plural
    env.globals["framing_help"] = FRAMING_HELP
    return env


def _http(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://[^\s\"'<>]+$", url) else None


def anchor(num: int, start: int, end: int) -> str:
    return f"a{num}-{start}-{end}"


def highlight(text: str, spans: list[tuple[int, int]], num: int) -> Markup:
    """Escaped ``text`` with ``<mark>`` over cited spans and an anchor at each span start."""
    spans = sorted({(max(0, s), min(len(text), e)) for s, e in spans if e > s})
    starts: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for s, e in spans:
        starts[s].append((s, e))
    bounds = sorted({0, len(text), *(b for se in spans for b in se)})
    out: list[str] = []
    for a, b in itertools.pairwise(bounds):
        out.extend(f'<span class="anchor" id="{anchor(num, s, e)}"></span>' for s, e in starts.get(a, []))
        seg = str(escape(text[a:b]))
        covered = any(s <= a and b <= e for s, e in spans)
        out.append(f"<mark>{seg}</mark>" if covered else seg)
    return Markup("".join(out))


class HtmlReport:
    """Renders the story list and story pages into a directory."""

    def __init__(self) -> None:
        self.env = _env()

    def story_context(self, d: Digest, articles: dict[str, Article], page: str) -> dict[str, Any]:
        ids = [aid for aid in dict.fromkeys(d.story.article_ids) if aid in articles]
        num = {aid: i + 1 for i, aid in enumerate(ids)}
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)

        def cite(c: Citation) -> dict[str, Any]:
            spans[c.article_id].append((c.start, c.end))
            a = articles.get(c.article_id)
            return {
                "num": num.get(c.article_id, 0),
                "outlet": name_of(a) if a else c.article_id,
                "href": "#" + anchor(num.get(c.article_id, 0), c.start, c.end),
            }

        def claim(cl: Any) -> dict[str, Any]:
            a = articles.get(cl.article_id)
            name = name_of(a) if a else (cl.outlet or cl.article_id)
            return {"text": cl.text, "outlet": name, "cite": cite(Citation(cl.article_id, cl.start, cl.end))}

        summary = [{"text": s.text, "cites": [cite(c) for c in s.sources]} for s in d.summary]
        comp = d.comparison
        common = [[claim(c) for c in group] for group in comp.common]
        unique: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in comp.unique:
            u = claim(c)
            unique[u["outlet"]].append(u)
        contradictions = [
            {"slot": x.slot, "explanation": x.explanation, "left": claim(x.left), "right": claim(x.right)}
            for x in comp.contradictions
        ]
        quotes = []
        for speaker, items in d.quotes.items():
            qs = []
            for aid, q in items:
                a = articles.get(aid)
                if a:
                    qs.append(
                        {
                            "text": a.text[q.content_start : q.content_end],
                            "cite": cite(Citation(aid, q.content_start, q.content_end)),
                        }
                    )
            quotes.append({"speaker": speaker, "quotes": qs})
        timeline = [
            {"date": e.date, "text": e.text, "cites": [cite(c) for c in e.sources]} for e in d.timeline
        ]
        cov = _coverage(d, articles, ids)
        arts = [
            {
                "num": num[aid],
                "id": aid,
                "outlet": name_of(articles[aid]),
                "title": articles[aid].title,
                "url": _http(articles[aid].url),
                "published": articles[aid].published,
                "html": highlight(articles[aid].text, spans.get(aid, []), num[aid]),
            }
            for aid in ids
        ]
        return {
            "story": d.story,
            **cov,
            "page": page,
            "summary": summary,
            "update": _update_context(d, cite),
            "common": common,
            "unique": dict(unique),
            "contradictions": contradictions,
            "framing": _framing(comp.framing, articles),
            "quotes": quotes,
            "timeline": timeline,
            "articles": arts,
        }

    def write(self, digests: list[Digest], articles: dict[str, Article], out: Path) -> list[Path]:
        written: list[Path] = []
        entries = []
        story_tpl = self.env.get_template("story.html.j2")
        for d in digests:
            page = safe_name(d.story.id, "story")
            ctx = self.story_context(d, articles, page)
            written.append(_write(out, page, story_tpl.render(**ctx)))
            entries.append(
                {
                    "story": d.story,
                    "page": page,
                    "outlets": ctx["outlets"],
                    "one_sided": ctx["leaning"].one_sided,
                    "n_summary": len(d.summary),
                    "lead": d.summary[0].text if d.summary else "",
                }
            )
        index = self.env.get_template("index.html.j2").render(stories=entries, n_articles=len(articles))
        written.insert(0, _write(out, "index.html", index))
        return written


def _coverage(d: Digest, articles: dict[str, Article], ids: list[str]) -> dict[str, Any]:
    """Outlets, their leanings and the coverage charts (per outlet: articles, citations, unique claims)."""
    outlet_of = {aid: name_of(articles[aid]) for aid in ids}
    n_art = Counter(outlet_of[a] for a in ids)
    n_cited = Counter(
        outlet_of[c.article_id] for s in d.summary for c in s.sources if c.article_id in outlet_of
    )
    n_uniq = Counter(outlet_of.get(c.article_id, c.article_id) for c in d.comparison.unique)
    outlets = list(dict.fromkeys(outlet_of.values()))
    chart = bar_chart(
        [(o, [n_art[o], n_cited[o], n_uniq[o]]) for o in outlets],
        ["articles", "cited in summary", "unique claims"],
    )
    days = Counter((articles[aid].published or "")[:10] for aid in ids if articles[aid].published)
    by_day = (
        bar_chart([(readable_date(day), [n]) for day, n in sorted(days.items())], ["articles published"])
        if len(days) > 1
        else ""
    )
    return {
        "outlets": outlets,
        "leaning": coverage(outlets),
        "chart": Markup(chart),
        "chart_days": Markup(by_day),
    }


def _write(out: Path, name: str, content: str) -> Path:
    """Write ``out/name``; refuses any name that would leave ``out``."""
    target = (out / name).resolve()
    if target.parent != out.resolve():
        raise ValueError(f"refusing to write outside {out}: {name}")
    target.write_text(content, encoding="utf-8", errors="replace")  # lone surrogates from hand-built input
    return target


def _framing(framing: list[Any], articles: dict[str, Article]) -> list[dict[str, Any]]:
    """The framing rows of a story page, each named by its outlet as the articles are."""
    return [
        {
            "outlet": name_of(articles[f.article_ids[0]])
            if f.article_ids and f.article_ids[0] in articles
            else f.outlet,
            "quoted": f.quoted,
            "opinion_share": f.opinion_share,
            "attributed_share": f.attributed_share,
            "lead": f.lead,
        }
        for f in framing
    ]


def _update_context(d: Digest, cite: Callable[[Citation], dict[str, Any]]) -> dict[str, Any] | None:
    """The update digest's sentences with their citations; None when the digest has none."""
    if d.update is None:
        return None
    return {
        "since": d.update.since,
        "new": len(d.update.new_article_ids),
        "sentences": [{"text": s.text, "cites": [cite(c) for c in s.sources]} for s in d.update.sentences],
    }
