"""The per-document guard: one bad or slow document becomes an InputError and costs only itself."""

from __future__ import annotations

import time

from parallax.model import Annotation, Article, InputError, RawRecord
from parallax.pipeline.guard import annotate_articles, annotate_batch, annotate_many_fn, guarded
from parallax.pipeline.stages import Annotate, Extract


def _article(i: int, text: str = "Dock workers walked out on Monday.") -> Article:
    return Article(id=f"a{i}", source=f"mem:{i}", text=text)


def test_guarded_turns_failure_and_slowness_into_input_errors() -> None:
    assert guarded("x", "extraction", None, lambda: 3) == 3
    failed = guarded("x", "extraction", None, lambda: 1 / 0)
    assert isinstance(failed, InputError) and failed.reason.startswith("extraction failed: ZeroDivisionError")
    slow = guarded("y", "annotation", 0.05, lambda: time.sleep(2))
    assert isinstance(slow, InputError) and "time limit (0.05 s)" in slow.reason and slow.source == "y"


class Picky:
    """Annotates in batches; a batch holding an article that says 'explode' fails whole."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def annotate_many(self, articles: list[Article]) -> list[Annotation]:
        self.calls.append(len(articles))
        if any("explode" in a.text for a in articles):
            raise RuntimeError("tagger crashed")
        return [Annotation(a.id, a.text) for a in articles]


def test_a_failed_batch_is_retried_one_by_one() -> None:
    ann = Picky()
    batch = [_article(0), _article(1, "It will explode."), _article(2)]
    out = annotate_batch(annotate_many_fn(ann), batch, None)
    assert ann.calls == [3, 1, 1, 1]
    assert [type(x).__name__ for x in out] == ["Annotation", "InputError", "Annotation"]
    assert isinstance(out[1], InputError) and "annotation failed: RuntimeError" in out[1].reason


def test_annotation_goes_in_batches_and_errors_pass_through_in_place() -> None:
    ann = Picky()
    items: list[Article | InputError] = [_article(i) for i in range(40)]
    items.insert(5, InputError("bad.html", "unreadable"))
    out = list(annotate_articles(items, ann, timeout=None))
    assert ann.calls == [32, 8] and len(out) == 41
    assert [x.source for x in out if isinstance(x, InputError)] == ["bad.html"]
    assert Annotate(ann, timeout=None).run([_article(7)])[0].article_id == "a7"  # type: ignore[union-attr]


def test_a_plain_function_is_an_annotator() -> None:
    out = list(annotate_articles([_article(1)], lambda a: Annotation(a.id, a.text), timeout=None))
    assert isinstance(out[0], Annotation) and out[0].article_id == "a1"


class Blank:
    def extract(self, record: RawRecord) -> Article:
        return Article(id="b", source=record.source, text="  ")


def test_extract_stage_reports_a_page_without_text() -> None:
    out = Extract(Blank()).run(RawRecord(source="page.html", content="<p></p>", kind="html"))
    assert isinstance(out, InputError) and "no article text found" in out.reason
