"""Kill ``parallax ingest`` with SIGKILL, resume it, and compare the store with an uninterrupted run.

Shared by ``tests/hardening/test_crash_ingest.py`` (a few kill points) and
``benchmarks/crash_ingest.py`` (many).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PARA = (
    "<p>Negotiators from {a} and {b} met again on {day} in {city} to discuss the {topic} deal, "
    "officials said, adding that a joint statement on the {topic} talks was expected within days.</p>"
)


def ingest_cmd(inputs: list[Path], db: Path, batch_size: int = 10) -> list[str]:
    return [
        sys.executable,
        "-m",
        "parallax",
        "ingest",
        *map(str, inputs),
        "--db",
        str(db),
        "--batch-size",
        str(batch_size),
        "--no-progress",
        "--no-annotate",  # the language stage is not what these runs test
        "--json",
    ]


_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "to",
    "sa",
    "vel",
    "dor",
    "pri",
    "gan",
    "u",
    "es",
    "tha",
    "mon",
    "bri",
    "ze",
]
_COMMON = ["the", "said", "on", "in", "a", "of", "officials", "talks", "government", "after", "were", "would"]


def _sentence(rng: random.Random, vocab: list[str]) -> str:
    words = [rng.choice(vocab if rng.random() < 0.6 else _COMMON) for _ in range(rng.randint(9, 16))]
    return " ".join(words).capitalize() + "."


def write_mixed_corpus(
    folder: Path, n_jsonl: int = 120, per_file: int = 20, n_html: int = 6, seed: int = 5
) -> int:
    """A corpus in several formats with stories, wire duplicates and one bad line; returns the article count.

    Events have their own vocabulary (pseudo-words), so stories are well separated; within
    an event, articles are rewrites (shared and own sentences, shuffled) or wire copies of an
    earlier article (exact, or with a changed last sentence). JSON Lines carry ready text (fast);
    HTML pages go through real extraction.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    outlets = ["North Times", "Metro Post", "Daily Wire", "Global Herald", "Coast News"]
    n_events = max(2, (n_jsonl + n_html) // 8)
    events = []
    for _ in range(n_events):
        vocab = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(40)]
        events.append((vocab, [_sentence(rng, vocab) for _ in range(10)]))
    texts: list[tuple[int, str]] = []

    def article_text(i: int) -> tuple[int, str]:
        ev = rng.randrange(n_events)
        same_event = [t for e, t in texts if e == ev]
        if same_event and rng.random() < 0.25:  # wire copy
            text = rng.choice(same_event)
            if rng.random() < 0.5:
                text = text.rsplit(".", 2)[0] + ". " + _sentence(rng, events[ev][0])
        else:
            vocab, core = events[ev]
            sents = rng.sample(core, 6) + [_sentence(rng, vocab) for _ in range(3)]
            rng.shuffle(sents)
            text = " ".join(sents)
        texts.append((ev, text))
        return ev, text

    n = 0
    for f in range(n_jsonl // per_file):
        lines = []
        for k in range(per_file):
            i = f * per_file + k
            ev, text = article_text(i)
            lines.append(json.dumps({"id": f"art-{i:04d}", "text": text, "title": f"Event {ev} report {i}",
                                     "outlet": outlets[i % len(outlets)], "published": f"2019-02-{1 + ev % 27:02d}",
                                     "url": f"https://n{i % 5}.example/event-{ev}/{i}"}))  # fmt: skip
            n += 1
        if f == 1:
            lines.insert(3, "{not json")
        (folder / f"part{f:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "pages").mkdir(exist_ok=True)
    for h in range(n_html):
        ev, text = article_text(10_000 + h)
        paras = "".join(f"<p>{s.strip()}.</p>" for s in text.split(".") if s.strip())
        page = (
            f"<!DOCTYPE html><html><head><title>Event {ev} page {h}</title>"
            f'<meta property="article:published_time" content="2019-02-{10 + h % 18:02d}T08:00:00Z"></head>'
            f"<body><nav>Home | World | Business</nav><article><h1>Event {ev} page {h}</h1>{paras}</article>"
            "<footer>Copyright 2019</footer></body></html>"
        )
        (folder / "pages" / f"page{h:02d}.html").write_text(page, encoding="utf-8")
        n += 1
    return n


@dataclass
class Snapshot:
    articles: dict[str, str]  # id -> hash of title + text
    duplicates: set[tuple[str, str]]
    partition: set[frozenset[str]]
    memberships: dict[str, str]
    inputs_done: set[str]
    errors: set[tuple[str, str]]
    problems: list[str] = field(default_factory=list)

    @property
    def ids(self) -> set[str]:
        return set(self.articles)


def snapshot(db: Path) -> Snapshot:
    """What a store holds, plus integrity problems (SQLite, FTS, membership and story counts)."""
    con = sqlite3.connect(db)
    try:
        problems: list[str] = []
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            problems.append(f"integrity_check: {ok}")
        try:
            con.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"fts integrity-check: {exc}")
        n_fts = con.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        rows = con.execute("SELECT id, coalesce(title, ''), text FROM articles").fetchall()
        if n_fts != len(rows):
            problems.append(f"fts rows {n_fts} != articles {len(rows)}")
        articles = {aid: hashlib.sha256(f"{t}\x1f{x}".encode()).hexdigest()[:16] for aid, t, x in rows}
        members = dict(con.execute("SELECT article_id, story_id FROM memberships").fetchall())
        if set(members) != set(articles):
            problems.append(f"memberships cover {len(members)} of {len(articles)} articles")
        groups: dict[str, set[str]] = {}
        for aid, sid in members.items():
            groups.setdefault(sid, set()).add(aid)
        for sid, n in con.execute("SELECT id, n_articles FROM stories"):
            if n != len(groups.get(sid, ())):
                problems.append(f"story {sid}: n_articles {n} != {len(groups.get(sid, ()))} members")
                break
        return Snapshot(
            articles=articles,
            duplicates=set(con.execute("SELECT article_id, canonical_id FROM duplicates").fetchall()),
            partition={frozenset(g) for g in groups.values()},
            memberships=members,
            inputs_done={r[0] for r in con.execute("SELECT path FROM inputs")},
            errors=set(con.execute("SELECT path, reason FROM errors").fetchall()),
            problems=problems,
        )
    finally:
        con.close()


def compare(ref: Snapshot, got: Snapshot) -> dict[str, Any]:
    """Differences of ``got`` from the uninterrupted run ``ref`` (all zero/True when equal)."""
    return {
        "lost": len(ref.ids - got.ids),
        "duplicated": len(got.ids - ref.ids),
        "changed": sum(1 for k in ref.ids & got.ids if ref.articles[k] != got.articles[k]),
        "same_duplicates": ref.duplicates == got.duplicates,
        "same_partition": ref.partition == got.partition,
        "same_story_ids": ref.memberships == got.memberships,
        "same_inputs_done": ref.inputs_done == got.inputs_done,
        "same_errors": ref.errors == got.errors,
        "problems": got.problems,
    }


def is_equal(diff: dict[str, Any]) -> bool:
    return (
        diff["lost"] == 0
        and diff["duplicated"] == 0
        and diff["changed"] == 0
        and diff["same_duplicates"]
        and diff["same_partition"]
        and diff["same_inputs_done"]
        and not diff["problems"]
    )


def committed_articles(db: Path) -> int:
    """Articles committed so far (0 while the store does not exist yet); a reader never blocks the writer."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return 0  # not migrated yet


@dataclass
class KillResult:
    killed: bool  # False: the run ended before the kill came
    delay: float
    committed_at_kill: int
    returncode: int


def run_and_kill(
    cmd: list[str], db: Path, *, delay: float | None = None, at_articles: int | None = None,
    extra_delay: float = 0.0, timeout: float = 600, env: dict[str, str] | None = None,
) -> KillResult:  # fmt: skip
    """Start ``cmd``; SIGKILL it after ``delay`` seconds, or ``extra_delay`` after ``at_articles`` are committed."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        while proc.poll() is None and time.monotonic() - started < timeout:
            elapsed = time.monotonic() - started
            if delay is not None and elapsed >= delay:
                break
            if at_articles is not None and committed_articles(db) >= at_articles:
                time.sleep(extra_delay)
                break
            time.sleep(0.01 if delay is not None else 0.05)
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    return KillResult(killed, time.monotonic() - started, committed_articles(db), proc.returncode)


def run_to_end(cmd: list[str], timeout: float = 900, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` (an ingest with ``--json``) to its end; its JSON report."""
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if out.returncode not in (0, 3):
        raise RuntimeError(f"ingest failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout)
