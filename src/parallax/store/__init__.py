"""The SQLite store: articles, duplicates, stories, memberships, later stages' results, FTS5.

``Store`` is the database; ``ingest`` fills it incrementally from inputs.
"""

from parallax.store.errors import SearchQueryError, StoreError
from parallax.store.ingest import IngestReport, ingest
from parallax.store.schema import MIGRATIONS, SCHEMA_VERSION
from parallax.store.store import InputMarker, Store
from parallax.store.views import ArticleRef, SearchHit, StoryEntry

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ArticleRef",
    "IngestReport",
    "InputMarker",
    "SearchHit",
    "SearchQueryError",
    "Store",
    "StoreError",
    "StoryEntry",
    "ingest",
]
