"""The SQLite store: articles, duplicates, stories, memberships, later stages' results, FTS5.

``Store`` is the database; ``parallax.pipeline.driver`` fills it incrementally from inputs.

Tables (schema version in ``PRAGMA user_version``; see ``schema.MIGRATIONS``):

* ``inputs``: finished input files (path, size, mtime, sha256): reruns skip them.
* ``articles``: every Article field (lists as JSON), keyed by ``id``; ``articles_fts``
  (FTS5, external content, kept in step by triggers) indexes title + text.
* ``duplicates``: article -> its canonical article (similarity, exact).
* ``stories`` (title, first/last published, outlets as JSON, size) and ``memberships``
  (article -> story); ``story_aliases`` forwards ids retired by re-clustering.
* ``assigner_state``: the story assigner's ``to_bytes()`` snapshot (saved when the store grew by half,
  and at the end of a run) and the number of articles it covers; ingest replays the rest.
* ``annotations`` (Annotation JSON per article) with ``entity_mentions`` (entity id ->
  articles), ``digests`` (Digest JSON per story + the member ids it was built from).
* ``errors``: input errors of ingest runs.

Readers open ``Store(path, readonly=True)`` (one per thread or process) and use
its methods (``stories``, ``story``, ``article(s)``, ``annotation(s)``, ``digest``,
``search``...), never SQL, so the schema can move on with new migrations.
"""

from parallax.store.errors import SearchQueryError, SearchTimeout, StoreError
from parallax.store.schema import MIGRATIONS, SCHEMA_VERSION
from parallax.store.store import InputMarker, Store
from parallax.store.views import ArticleRef, SearchHit, StoryEntry

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ArticleRef",
    "InputMarker",
    "SearchHit",
    "SearchQueryError",
    "SearchTimeout",
    "Store",
    "StoreError",
    "StoryEntry",
]
