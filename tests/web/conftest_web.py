"""A small store built by hand for the web tests: two stories, annotations with entities and quotes, one hostile article."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from parallax.model import Annotation, Article, Duplicate, Entity, Quote, Sentence
from parallax.store import Store

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> <a href="javascript:window.__pwned=3">x</a>'


def _article(aid: str, outlet: str, title: str, text: str, published: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", text=text, outlet=outlet, title=title, published=published,
                   published_confidence=0.9, language="en", removed=["Listen Live", "READ MORE: elsewhere"])  # fmt: skip


SUMMIT_A = (
    "Talks between Donald Trump and Kim Jong-un collapsed in Hanoi on Thursday. "
    '"No agreement was reached at this time," Sanders said.'
)
SUMMIT_B = "Trump left Hanoi after Kim demanded that sanctions be lifted, Trump said on Thursday."
PORT = "Dock workers in Marlow walked out on Monday over pay, the union said."


def _ents(text: str, names: dict[str, tuple[str, str]]) -> list[Entity]:
    out = []
    for name, (label, eid) in names.items():
        i = text.find(name)
        if i >= 0:
            out.append(Entity(i, i + len(name), name, label, eid))
    return out


def build_store(path: Path) -> Store:
    store = Store(path)
    people = {
        "Donald Trump": ("PER", "per-trump"),
        "Kim Jong-un": ("PER", "per-kim"),
        "Hanoi": ("LOC", "loc-hanoi"),
    }
    arts = [
        (_article("a1", "Daily Planet", "Trump-Kim talks collapse", SUMMIT_A, "2019-02-28"), "s-summit"),
        (_article("a2", "Evening Star", "Summit ends early", SUMMIT_B, "2019-02-28T16:19:00"), "s-summit"),
        (_article("a3", "Wire Copy", "Trump-Kim talks collapse", SUMMIT_A, "2019-02-28"), "s-summit"),
        (_article("p1", "Marlow Mercury", "Port strike begins", PORT, "2024-05-06"), "s-port"),
        (
            _article(
                "x1", "Hostile Times", "Bad " + HOSTILE, "Text " + HOSTILE + " Donald Trump.", "2024-05-07"
            ),
            "s-x",
        ),
    ]
    with store.transaction():
        for art, sid in arts:
            store.add_article(art)
            store.set_membership(art.id, sid)
        store.add_duplicate(Duplicate("a3", "a1", 1.0, True))
        q_start = SUMMIT_A.index('"No') + 1
        q_end = SUMMIT_A.index(',"')
        s_start = SUMMIT_A.index("Sanders")
        store.put_annotation(
            Annotation(
                "a1",
                SUMMIT_A,
                [Sentence(0, 74), Sentence(75, len(SUMMIT_A))],
                _ents(SUMMIT_A, people),
                [Quote(q_start, q_end, "Sanders", s_start, s_start + 7, "said", True, "per-sanders")],
                [],
            )
        )
        store.put_annotation(
            Annotation("a2", SUMMIT_B, [Sentence(0, len(SUMMIT_B))], _ents(SUMMIT_B, people), [], [])
        )
        x = arts[-1][0]
        store.put_annotation(Annotation("x1", x.text, [], _ents(x.text, people), [], []))
    store.refresh_stories()
    return store


@contextlib.contextmanager
def live_server(db: Path) -> Iterator[str]:
    """The web app over ``db`` served by uvicorn on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    from parallax.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
