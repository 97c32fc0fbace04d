"""Route a RawRecord to the HTML or plain-text extractor and build the Article."""

from __future__ import annotations

from parallax.model import Article, RawRecord
from parallax.outlets import name_of

#: A small page and a small text dump: extracting them once loads every lazily loaded model.
_WARM_UP = (
    RawRecord(
        "warm-up.html",
        "<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends</h1>"
        "<p>The dock workers of the port returned to work on Monday after a deal with the port authority "
        "ended the strike, the union said.</p></article></body></html>",
        "html",
    ),
    RawRecord(
        "warm-up.txt",
        "Port strike ends\n\nThe dock workers of the port returned to work on Monday after a deal with "
        "the port authority ended the strike, the union said.\n",
        "text",
    ),
)


class ArticleExtractor:
    """Turn one RawRecord into an Article. Swappable: anything with ``extract(record)``."""

    def warm_up(self) -> None:
        """Load the extraction models now, so that a worker's first document is not timed with them
        (on a busy machine, loading counted against the per-document time limit)."""
        for record in _WARM_UP:
            self.extract(record)

    def extract(self, record: RawRecord) -> Article:
        if record.kind == "html":
            from parallax.extract.html import extract_html

            article = extract_html(record)
        else:
            from parallax.extract.plaintext import extract_text

            article = extract_text(record)
        # Named here, once: every later stage, the store and every page show this same name.
        article.outlet = name_of(article)
        return article
