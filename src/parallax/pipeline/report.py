"""What one ingest run did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parallax.display import plural
from parallax.model import InputError


@dataclass
class IngestReport:
    """What one ingest run did."""

    inputs_total: int = 0  #: input files found under the paths given
    inputs_done: int = 0  #: input files finished in this run
    inputs_skipped: int = 0  #: unchanged inputs finished by an earlier run
    inputs_failed: int = 0  #: inputs with at least one error (left unfinished: retried next run)
    read: int = 0  #: articles extracted in this run
    new: int = 0  #: articles stored for the first time
    already_stored: int = 0  #: articles whose id was already stored
    duplicates: int = 0  #: new articles that copy an earlier one
    errors: int = 0  #: input errors (also recorded in the store)
    articles_total: int = 0  #: articles in the store after the run
    stories_total: int = 0  #: stories in the store after the run
    annotated: int = 0  #: stored articles annotated after the fact (stored by a run without annotation)
    batches: int = 0  #: commits made
    seconds: float = 0.0
    digests_built: int | None = None  #: story digests built after the run (None: not asked for)
    error_list: list[InputError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "error_list" and v is not None}
        d["error_list"] = [{"source": e.source, "reason": e.reason} for e in self.error_list]
        return d

    def summary(self) -> str:
        return (
            f"{plural(self.inputs_total, 'input')} ({self.inputs_skipped} already done, "
            f"{self.inputs_failed} failed), {plural(self.read, 'article')} read, {self.new} new, "
            f"{plural(self.duplicates, 'duplicate')}, {self.already_stored} already stored, "
            f"{plural(self.errors, 'error')}; store: {plural(self.articles_total, 'article')}, "
            f"{plural(self.stories_total, 'story')} ({self.seconds:.1f}s)"
        )
