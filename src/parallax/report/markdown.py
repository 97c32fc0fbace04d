"""``stories.md``: every story as Markdown (summary with numbered sources, differences, quotes, timeline)."""

from __future__ import annotations

from parallax.display import FRAMING_HELP, readable_date
from parallax.model import Article, Claim, Digest
from parallax.outlets import coverage, name_of


def _md(text: str) -> str:
    """Neutralise Markdown/HTML syntax in article text (it is untrusted)."""
    out = text.replace("\\", "\\\\").replace("\n", " ")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _leaning_lines(outlets: list[str]) -> list[str]:
    cov = coverage(outlets)
    parts = [f"{lean}: {', '.join(_md(o) for o in names)}" for lean, names in cov.by_leaning.items() if names]
    if cov.unrated:
        parts.append(f"unrated: {', '.join(_md(o) for o in cov.unrated)}")
    lines = [f"Coverage by leaning: {' · '.join(parts)}", ""]
    if cov.one_sided:
        lines += [f"**One-sided:** every outlet of known leaning is on the {cov.one_sided}.", ""]
    return lines


def story_markdown(d: Digest, articles: dict[str, Article]) -> str:
    s = d.story
    ids = list(dict.fromkeys(s.article_ids))
    num = {aid: i + 1 for i, aid in enumerate(ids)}
    outlets = dict.fromkeys(name_of(articles[a]) if a in articles else a for a in ids)
    lines = [
        f"## {_md(s.title or s.id)}",
        "",
        f"Story `{s.id}` · outlets: {', '.join(_md(o) for o in outlets)}",
        "",
        *_leaning_lines(list(outlets)),
    ]
    lines += ["### Summary", ""]
    for sent in d.summary:
        refs = "".join(f"[{num.get(c.article_id, '?')}]" for c in sent.sources)
        lines.append(f"- {_md(sent.text)} {refs}")
    if d.update is not None:
        since = f"since {d.update.since}" if d.update.since else "since the previous digest"
        lines += ["", f"### New {since}", ""]
        for sent in d.update.sentences or []:
            refs = "".join(f"[{num.get(c.article_id, '?')}]" for c in sent.sources)
            lines.append(f"- {_md(sent.text)} {refs}")
        if not d.update.sentences:
            lines.append("- Nothing the earlier articles did not already say.")
    lines += ["", "### Sources", ""]
    for aid in ids:
        a = articles.get(aid)
        name = _md(name_of(a) if a else aid)
        title = _md(a.title) if a and a.title else ""
        lines.append(f"{num[aid]}. {name} — {title} (`{aid}`)")
    c = d.comparison

    def who(cl: Claim) -> str:
        a = articles.get(cl.article_id)
        return _md(name_of(a) if a else (cl.outlet or cl.article_id))

    if c.contradictions:
        lines += ["", "### Differences", ""]
        for x in c.contradictions:
            lines.append(f"- **{_md(x.slot)}**: {_md(x.explanation)}")
            lines.append(f"  - {who(x.left)}: {_md(x.left.text)} [{num.get(x.left.article_id, '?')}]")
            lines.append(f"  - {who(x.right)}: {_md(x.right.text)} [{num.get(x.right.article_id, '?')}]")
    if c.framing:
        lines += [
            "",
            "### Framing",
            "",
            "| outlet | quotes | opinion | attributed | leads with |",
            "|---|---|---|---|---|",
        ]
        for f in c.framing:
            quoted = ", ".join(f"{_md(k)} ({v})" for k, v in list(f.quoted.items())[:5])
            first = articles.get(f.article_ids[0]) if f.article_ids else None
            lines.append(
                f"| {_md(name_of(first) if first else f.outlet)} | {quoted} | {f.opinion_share:.0%} | {f.attributed_share:.0%} | {_md(f.lead)} |"
            )
        lines += ["", *(f"*{_md(text)}*  " for text in FRAMING_HELP.values())]
    if d.quotes:
        lines += ["", "### Quotes by speaker", ""]
        for speaker, items in d.quotes.items():
            lines.append(f"- **{_md(speaker)}** ({len(items)})")
            for aid, q in items[:3]:
                a = articles.get(aid)
                if a:
                    lines.append(
                        f"  - “{_md(a.text[q.content_start : q.content_end])}” [{num.get(aid, '?')}]"
                    )
    if d.timeline:
        lines += ["", "### Timeline", ""]
        for e in d.timeline:
            refs = "".join(f"[{num.get(x.article_id, '?')}]" for x in e.sources)
            lines.append(f"- **{_md(readable_date(e.date))}** {_md(e.text)} {refs}")
    return "\n".join(lines) + "\n"


def stories_markdown(digests: list[Digest], articles: dict[str, Article]) -> str:
    parts = ["# Stories", ""]
    parts += [story_markdown(d, articles) for d in digests]
    return "\n".join(parts)
