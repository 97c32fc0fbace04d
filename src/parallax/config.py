"""One configuration of a run: built by a shell (CLI flags, a library caller) and passed down to the stages.

Stage knobs tuned on data (``ClusterConfig``, ``CompareConfig``...) stay with their stage; this
holds what a user chooses for a run. Engines ship it to their workers with each partition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parallax.limits import doc_timeout
from parallax.readers.options import ReaderOptions


@dataclass(frozen=True, slots=True)
class RunConfig:
    """What a run does and within which limits."""

    #: Run the language stage (entities, quotes, times) on new articles and on stored ones lacking it.
    annotate: bool = False
    #: After an ingest, build the digest of every story without a current one.
    digests: bool = False
    #: Consolidate all stories at the end of a run that added articles.
    recluster: bool = True
    #: Cap on one document's size in bytes (None: ``parallax.readers.DEFAULT_MAX_BYTES``).
    max_bytes: int | None = None
    #: Per-document time limit in seconds (None: none); default ``PARALLAX_DOC_TIMEOUT`` or 30 s.
    doc_timeout: float | None = field(default_factory=doc_timeout)
    #: New articles per store commit.
    batch_size: int = 200

    def reader_options(self) -> ReaderOptions:
        """The readers' options: this run's size cap and time limit."""
        if self.max_bytes:
            return ReaderOptions(max_bytes=self.max_bytes, doc_timeout=self.doc_timeout)
        return ReaderOptions(doc_timeout=self.doc_timeout)
