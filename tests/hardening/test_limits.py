"""The per-document time limit: main thread (SIGALRM), other threads (watchdog), no stray timeouts."""

from __future__ import annotations

import re
import threading
import time

import pytest

from parallax import api
from parallax.limits import DocumentTimeout, check_size, doc_timeout, time_limit
from parallax.model import Article, InputError, RawRecord


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_main_thread_busy_loop_is_stopped() -> None:
    t0 = time.monotonic()
    with pytest.raises(DocumentTimeout), time_limit(0.2):
        _spin(5)
    assert time.monotonic() - t0 < 2


def test_catastrophic_regex_is_stopped_in_the_main_thread() -> None:
    t0 = time.monotonic()
    with pytest.raises(DocumentTimeout), time_limit(0.2):
        re.match(r"(a+)+$", "a" * 40 + "b")  # exponential backtracking: hours without the limit
    assert time.monotonic() - t0 < 2


def test_worker_thread_is_stopped() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_limit(0.2):
                _spin(5)
            outcome.append("finished")
        except DocumentTimeout:
            outcome.append("stopped")

    t0 = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert outcome == ["stopped"] * 3
    assert time.monotonic() - t0 < 3


def test_a_block_that_ends_in_time_leaves_no_stray_timeout() -> None:
    stray: list[str] = []

    def many() -> None:
        try:
            for _ in range(300):
                try:
                    with time_limit(0.002):
                        sum(range(200))
                except DocumentTimeout:
                    pass  # the deadline passed inside the block (a loaded machine): allowed
            _spin(0.1)  # a timeout still pending after its block would go off here, outside any handler
        except DocumentTimeout:
            stray.append(threading.current_thread().name)

    many()
    t = threading.Thread(target=many, name="worker")
    t.start()
    t.join(30)
    assert not t.is_alive()
    assert stray == []  # neither the main thread (SIGALRM) nor a worker (watchdog) got a late timeout


def test_nested_limit_never_extends_the_outer_one() -> None:
    t0 = time.monotonic()
    with pytest.raises(DocumentTimeout), time_limit(0.3), time_limit(10):
        _spin(5)
    assert time.monotonic() - t0 < 2


def test_disabled_and_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    with time_limit(None), time_limit(0):
        _spin(0.05)
    monkeypatch.setenv("PARALLAX_DOC_TIMEOUT", "0")
    assert doc_timeout() is None
    monkeypatch.setenv("PARALLAX_DOC_TIMEOUT", "2.5")
    assert doc_timeout() == 2.5
    monkeypatch.setenv("PARALLAX_DOC_TIMEOUT", "soon")
    assert doc_timeout() == 30.0
    with pytest.raises(ValueError, match="too large"):
        check_size("x" * 11, max_chars=10)


class SlowExtractor:
    def extract(self, record: RawRecord) -> Article:
        if "slow" in record.content:
            _spin(10)
        return Article(id="a", source=record.source, text=record.content)


@pytest.mark.parametrize("in_thread", [False, True], ids=["main", "thread"])
def test_extract_record_reports_a_slow_page_and_goes_on(in_thread: bool) -> None:
    results: list[Article | InputError] = []

    def run() -> None:
        for content in ("fast page", "slow page", "fast again"):
            rec = RawRecord(source=f"{content}.html", content=content, kind="html")
            results.append(api.extract_record(rec, SlowExtractor(), timeout=0.3))

    t0 = time.monotonic()
    if in_thread:
        t = threading.Thread(target=run)
        t.start()
        t.join(30)
    else:
        run()
    assert time.monotonic() - t0 < 5
    assert [type(r).__name__ for r in results] == ["Article", "InputError", "Article"]
    assert "time limit" in results[1].reason and results[1].source == "slow page.html"  # type: ignore[union-attr]


def test_extract_record_cleans_hand_built_records() -> None:
    rec = RawRecord(source="x", content="Lone \ud800 and NUL\x00 here.", kind="text", title="T\udfff\x00")
    out = api.extract_record(rec, SlowExtractor())
    assert isinstance(out, Article)
    assert out.text == "Lone \ufffd and NUL here."
    out.text.encode("utf-8")


def test_watchdog_forgets_a_block_whose_thread_ended() -> None:
    # thread idents are reused: a deadline of a thread that has ended must never fire into another thread
    from parallax.limits import _WATCHDOG

    tokens: list[int] = []
    t = threading.Thread(target=lambda: tokens.append(_WATCHDOG.arm(0.05)))
    t.start()
    t.join()
    deadline = time.monotonic() + 5
    while tokens[0] in _WATCHDOG._live and time.monotonic() < deadline:
        time.sleep(0.02)
    assert tokens[0] not in _WATCHDOG._live and tokens[0] not in _WATCHDOG._fired
