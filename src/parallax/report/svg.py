"""Inline SVG charts (no JavaScript, no external assets): escaped labels, fixed layout."""

from __future__ import annotations

from html import escape


def bar_chart(rows: list[tuple[str, list[int]]], series: list[str], width: int = 560) -> str:
    """Grouped horizontal bars: one row per label, one bar per series value."""
    if not rows:
        return ""
    colors = ["#3b6ea8", "#d98b2b", "#5a9e5a", "#a33b3b"]
    bar_h, gap, label_w, pad = 12, 10, 170, 6
    row_h = bar_h * len(series) + gap
    top = 22
    height = top + row_h * len(rows) + pad
    vmax = max((v for _, vals in rows for v in vals), default=1) or 1
    span = width - label_w - 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="coverage by outlet">'
    ]
    x = label_w
    for k, name in enumerate(series):
        out.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colors[k % len(colors)]}"/>')
        out.append(f'<text x="{x + 14}" y="13" font-size="11">{escape(name)}</text>')
        x += 14 + 7 * len(name) + 16
    for i, (label, vals) in enumerate(rows):
        y = top + i * row_h
        short = label if len(label) <= 26 else label[:25] + "…"
        out.append(
            f'<text x="{label_w - 6}" y="{y + row_h / 2}" font-size="11" text-anchor="end">{escape(short)}</text>'
        )
        for k, v in enumerate(vals):
            w = round(span * v / vmax, 1)
            by = y + k * bar_h
            out.append(
                f'<rect x="{label_w}" y="{by}" width="{w}" height="{bar_h - 2}" fill="{colors[k % len(colors)]}"/>'
            )
            out.append(f'<text x="{label_w + w + 4}" y="{by + bar_h - 3}" font-size="10">{v}</text>')
    out.append("</svg>")
    return "".join(out)
