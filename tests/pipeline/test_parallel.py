"""Annotation in worker processes (parallax.pipeline.parallel) gives the in-process results, in input order."""

from __future__ import annotations

import pytest

from parallax import api
from parallax.model import Annotation, Article, InputError
from parallax.nlp.annotator import to_json
from parallax.pipeline import parallel

SENTENCES = [
    '"We will keep talking," Secretary of State Mike Pompeo said in Hanoi on Thursday.',
    "Kim Jong-un left Vietnam by train on March 2, 2019, state media reported.",
    "According to the White House, the summit ended early after lunch was cancelled.",
    "Officials in Seoul said last week that a third meeting could follow later this year.",
]


def _articles(n: int) -> list[Article | InputError]:
    out: list[Article | InputError] = []
    for i in range(n):
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)) + f" Report {i}."
        out.append(Article(id=f"a{i}", source=f"mem:{i}", text=text, published="2019-02-28"))
        if i % 25 == 7:
            out.append(InputError(f"bad-{i}.html", "unreadable"))
    return out


def _key(item: Annotation | InputError) -> object:
    return item.source if isinstance(item, InputError) else to_json(item)


def test_workers_give_the_same_results_in_the_same_order() -> None:
    items = _articles(80)
    one = [_key(x) for x in api.annotate_articles(items, workers=1)]
    two = [_key(x) for x in api.annotate_articles(items, workers=2)]
    assert len(one) == len(items)
    assert two == one
    assert [x for x in two if isinstance(x, str)] == ["bad-7.html", "bad-32.html", "bad-57.html"]


def test_short_input_never_starts_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("pool started for a short input")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    items = _articles(10)
    out = list(api.annotate_articles(items, workers=4))
    assert sum(isinstance(x, Annotation) for x in out) == 10


def test_default_workers_is_at_least_one() -> None:
    assert 1 <= parallel.default_workers() <= 8
