"""Tell a file's format from its first bytes, then from its name.

Content wins over the extension: a ``.html`` that holds a WARC is read as a
WARC, a ``.txt`` that holds markup as HTML. The name only decides when the
bytes give no strong signal (plain text looks like nothing in particular).
"""

from __future__ import annotations

import re
from enum import Enum

GZIP_MAGIC = b"\x1f\x8b"

#: Signatures of common non-text files, for a useful message when one is given.
_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    # Readers decompress gzip first, so magic still present here means data that would not inflate.
    (GZIP_MAGIC, "gzip-compressed data"),
]

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


class Format(str, Enum):
    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    WARC = "warc"
    FEED = "feed"


_EXTENSIONS = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".json": Format.JSONL,
    ".warc": Format.WARC,
    ".arc": Format.WARC,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
    ".xml": Format.FEED,
}

# Skip an XML declaration, doctype, comments and processing instructions to find the root tag.
_PROLOGUE = re.compile(rb"\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"<([a-zA-Z][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf", b"rdf"}
_HTML_TAGS = {
    b"html", b"head", b"body", b"meta", b"title", b"div", b"p", b"article", b"section",
    b"main", b"header", b"span", b"table", b"link", b"script", b"style", b"h1", b"h2", b"br",
}  # fmt: skip
# An object opening: `{"key"`, `{}` or a pretty-printed `{` alone on its line (not "{Breaking} ...").
_JSON_START = re.compile(rb'\{\s*(?:"|\}|$)', re.MULTILINE)
_HTML_MARK = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)


def binary_kind(head: bytes) -> str | None:
    """A name for ``head``'s file type when it is a known binary format or clearly not text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(_BOMS) or utf16_without_bom(head):
        return None  # UTF-16 text has NUL bytes; a BOM or their pattern says it is text
    sample = head[:8192]
    if not sample:
        return None
    # A stray NUL or two occurs in real pages (and is stripped later); binary formats are full of them.
    if sample.count(b"\x00") > max(2, len(sample) // 200):
        return "binary data"
    # Text has almost no C0 controls besides tab, newlines, form feed and escape.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 11, 12, 13, 27))
    if controls > max(2, len(sample) // 100):
        return "binary data"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-be"``/``"utf-16-le"`` for UTF-16 text of mostly Latin script without a BOM, else None.

    Such text has a NUL in every other byte (the high byte of each character), on one side only,
    and decodes to text without control characters; binary data has neither pattern.
    """
    n = min(len(head), 8192) // 2
    if n < 8:
        return None
    sample = head[: 2 * n]
    high_first, high_last = sample[0::2].count(0), sample[1::2].count(0)
    if high_first >= 0.3 * n and high_last <= 0.02 * n:
        encoding = "utf-16-be"
    elif high_last >= 0.3 * n and high_first <= 0.02 * n:
        encoding = "utf-16-le"
    else:
        return None
    text = sample.decode(encoding, errors="replace")
    bad = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\n\r\x0c"))
    return encoding if bad <= max(2, len(text) // 100) else None


def strip_suffixes(name: str) -> tuple[str, bool]:
    """``"a.jsonl.gz"`` -> (``".jsonl"``, True): the inner extension and whether gzip was named."""
    lower = name.lower()
    gz = lower.endswith((".gz", ".gzip"))
    if gz:
        lower = lower[: lower.rfind(".")]
    dot = lower.rfind(".")
    return (lower[dot:] if dot > 0 else ""), gz


def by_name(name: str) -> Format | None:
    """Format suggested by the file name, ignoring a ``.gz`` suffix."""
    ext, _ = strip_suffixes(name)
    return _EXTENSIONS.get(ext)


def by_content(head: bytes) -> Format | None:
    """Format told by the (decompressed) first bytes, or None when they say nothing strong."""
    data = head
    for bom in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            break
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and data[1:2] == b"\x00"):
        return None  # UTF-16: let the name decide
    stripped = data.lstrip()
    if stripped.startswith((b"WARC/", b"warc/")):
        return Format.WARC
    if _JSON_START.match(stripped):
        return Format.JSONL
    if not stripped.startswith(b"<"):
        return None
    m = _ROOT.match(data, _PROLOGUE.match(data).end())  # type: ignore[union-attr]
    root = m.group(1).lower() if m else b""
    if root in _FEED_ROOTS:
        return Format.FEED
    if root in _HTML_TAGS or _HTML_MARK.search(data[:4096]):
        return Format.HTML
    return None


def detect(name: str, head: bytes) -> Format:
    """The format to read: strong content signal, else the name, else plain text."""
    return by_content(head) or by_name(name) or Format.TEXT
