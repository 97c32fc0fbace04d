"""Route a RawRecord to the HTML or plain-text extractor and build the Article."""

from __future__ import annotations

from parallax.model import Article, RawRecord
from parallax.outlets import name_of


class ArticleExtractor:
    """Turn one RawRecord into an Article. Swappable: anything with ``extract(record)``."""

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
