"""A small store of everyday news text for the search tests, and the everyday queries people type."""

from __future__ import annotations

from pathlib import Path

from parallax.model import Article
from parallax.store import Store

TEXTS = {
    "n1": ("COVID-19 cases fall in the U.S.", "COVID-19 cases fell across the U.S. in June, health officials said. "
           "\"We don't expect a new wave,\" said Dr. Anne O'Neill of the mayor's office."),
    "n2": ("AT&T to cut 1,000 jobs", "AT&T said on Monday it would cut 1,000 jobs, about 2.5% of its staff, "
           "by 2025. Shares rose $1.20 in New York."),
    "n3": ("Remembering 9/11", "Twenty years after 9/11, families gathered at Ground Zero. The 24/7 vigil "
           "drew Jean-Luc Picard fans and the e-mail campaign #NeverForget."),
    "n4": ("Café owners in São Paulo protest", "Café owners in São Paulo protested new rules on Tuesday; "
           "the mayor's office said talks would resume. C++ programmers joined in."),
    "n5": ("Kim Jong-un meets Trump in Hanoi", "Talks between Donald Trump and Kim Jong-un collapsed in Hanoi "
           "without a deal, the White House said. Sanctions remain."),
}  # fmt: skip

#: Queries people type: punctuation, apostrophes, numbers, phrases, names, operators as words, junk.
EVERYDAY = [
    "covid-19", "COVID-19 cases", "U.S.", "u.s. health", "don't", "9/11", "AT&T", "at&t jobs",
    "mayor's office", "1,000", "1,000 jobs", "2.5%", "$1.20", '"without a deal"', '"mayor\'s office"',
    "Kim Jong-un", "Jean-Luc Picard", "O'Neill", "Dr. Anne O'Neill", "São Paulo", "cafe", "Café",
    "C++", "#NeverForget", "e-mail", "24/7", "New York", "trump AND kim", "talks OR strike",
    "NOT sanctions", "NEAR(talks hanoi)", "title:covid", "sanctions*", '"unclosed phrase', "(", ")",
    "*", "-", "&", "'", '"', "“without a deal”", "a b c", "x" * 200, "hanoi; DROP TABLE articles",
    "<script>alert(1)</script>", "%", "\\", "^", "{}", "???", "…",
]  # fmt: skip


def build_store(path: Path) -> Path:
    store = Store(path)
    with store.transaction():
        for aid, (title, text) in TEXTS.items():
            store.add_article(Article(id=aid, source=f"{aid}.txt", text=text, title=title, outlet="Wire"))
            store.set_membership(aid, "s-" + aid)
    store.refresh_stories()
    store.close()
    return path
