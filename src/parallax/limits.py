"""Per-document guards: a wall-clock time limit and a size cap for one extraction or annotation.

A hostile page must not stall a run. ``time_limit(seconds)`` raises
:class:`DocumentTimeout` inside the guarded block once the deadline passes:

* in the main thread (CLI runs) by ``SIGALRM`` from ``setitimer``: the handler
  runs between bytecodes and also ends C loops that poll for signals (``re``
  matching, sleeps, blocking reads);
* in any other thread (web app workers, engine workers, a thread pool), where a
  signal cannot be used, a single watchdog thread injects the exception into the
  late thread with ``PyThreadState_SetAsyncExc``; it lands at the thread's next
  bytecode.

Neither way can stop one long C call that never returns to Python (one lxml parse,
one numpy kernel): the exception is raised as soon as it returns. Input size caps
(``parallax.readers.ReaderOptions.max_bytes`` and :func:`check_size`) bound those calls.

``DocumentTimeout`` is a ``BaseException`` (like ``KeyboardInterrupt``) so that
libraries catching ``Exception`` to try a fallback cannot swallow it and carry on
past the deadline; the caller that set the limit catches it and reports an
``InputError``.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import logging
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

log = logging.getLogger(__name__)

#: Default per-document time limit in seconds (``PARALLAX_DOC_TIMEOUT`` overrides; 0 disables).
DEFAULT_DOC_TIMEOUT = 30.0
#: Default cap on one record's content in characters (the readers' byte cap, for records built by hand).
DEFAULT_MAX_CHARS = 20 * 1024 * 1024


class DocumentTimeout(BaseException):
    """The per-document time limit expired inside a ``time_limit`` block."""


class DocumentTooLarge(ValueError):
    """A record's content is over the size cap."""


def doc_timeout() -> float | None:
    """The configured per-document time limit in seconds, None when disabled."""
    raw = os.environ.get("PARALLAX_DOC_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_DOC_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        log.warning("PARALLAX_DOC_TIMEOUT=%r is not a number; using %s s", raw, DEFAULT_DOC_TIMEOUT)
        return DEFAULT_DOC_TIMEOUT
    return value if value > 0 else None


def check_size(content: str, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Raise :class:`DocumentTooLarge` when ``content`` is longer than ``max_chars``."""
    if len(content) > max_chars:
        raise DocumentTooLarge(f"document too large: {len(content):,} characters (limit {max_chars:,})")


#: Attributes kept per HTML tag: libxml2 checks each new attribute against the tag's others,
#: so parsing one tag with 100k attributes takes minutes inside C, where no time limit can stop it.
MAX_ATTRIBUTES = 256
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{4096,}>")
_ATTRIBUTE = re.compile(r"""[^\s=/>"'<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def tame_markup(page: str, max_attributes: int = MAX_ATTRIBUTES) -> str:
    """``page`` with tags of more than ``max_attributes`` attributes cut down to their first ones.

    Linear time; pages without such tags come back unchanged (the same object).
    """
    if len(page) < 4096 * 2:
        return page

    def cut(m: re.Match[str]) -> str:
        tag = m.group()
        name_end = 1
        while name_end < len(tag) and not tag[name_end].isspace() and tag[name_end] not in "/>":
            name_end += 1
        attrs = _ATTRIBUTE.findall(tag, name_end, len(tag) - 1)
        if len(attrs) <= max_attributes:
            return tag
        return tag[:name_end] + " " + " ".join(attrs[:max_attributes]) + ">"

    return _LONG_TAG.sub(cut, page)


# -- main thread: SIGALRM ---------------------------------------------------------

_alarm_active = False  # a guarded block is running (a late signal after exit is ignored)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if _alarm_active:
        raise DocumentTimeout()


def _alarm_usable() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    # Never take SIGALRM from a program that uses it for its own purpose.
    current = signal.getsignal(signal.SIGALRM)
    return current in (signal.SIG_DFL, signal.SIG_IGN, None, _on_alarm)


@contextmanager
def _alarm_limit(seconds: float) -> Iterator[None]:
    global _alarm_active
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    outer_active = _alarm_active
    started = time.monotonic()
    # A nested limit never extends an outer one.
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left > 0 else seconds)
    _alarm_active = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _alarm_active = outer_active
        if outer_left > 0:
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
        signal.signal(signal.SIGALRM, previous)


# -- other threads: a watchdog injecting an asynchronous exception -------------------


class _Watchdog:
    """One daemon thread raising DocumentTimeout in threads whose deadline has passed."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, int]] = []  # (deadline, token, thread ident)
        # token -> the thread of a block still running: the Thread, not only its ident, because idents
        # are reused once a thread ends and an exception must never land in an unrelated thread
        self._live: dict[int, threading.Thread] = {}
        self._fired: set[int] = set()
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        with self._cond:
            token = next(self._tokens)
            thread = threading.current_thread()
            self._live[token] = thread
            heapq.heappush(self._heap, (time.monotonic() + seconds, token, threading.get_ident()))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="parallax-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
            return token

    def disarm(self, token: int) -> bool:
        """Forget ``token``; True when its exception was already sent (and is cleared if still pending)."""
        with self._cond:
            thread = self._live.pop(token, None)
            ident = thread.ident if thread is not None else None
            fired = token in self._fired
            self._fired.discard(token)
            if fired and ident is not None:
                # The block ended before the injected exception landed: clear it so it
                # cannot go off later in unrelated code.
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)
            return fired

    def _loop(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][1] not in self._live:
                    heapq.heappop(self._heap)  # finished in time
                if not self._heap:
                    self._cond.wait()
                    continue
                deadline, token, ident = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                if not self._live[token].is_alive():  # ended inside its block: nothing to stop
                    del self._live[token]
                    continue
                n = ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(ident), ctypes.py_object(DocumentTimeout)
                )
                if n == 1:
                    self._fired.add(token)
                elif n > 1:  # cannot happen for a valid ident; undo as the C API asks
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)


_WATCHDOG = _Watchdog()


@contextmanager
def _thread_limit(seconds: float) -> Iterator[None]:
    token = _WATCHDOG.arm(seconds)
    try:
        yield
    finally:
        _WATCHDOG.disarm(token)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this block once ``seconds`` have passed (None or <= 0: no limit)."""
    if seconds is None or seconds <= 0:
        yield
        return
    guard = _alarm_limit(seconds) if _alarm_usable() else _thread_limit(seconds)
    with guard:
        yield
