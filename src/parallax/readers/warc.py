"""WARC / ARC files (``.warc``, ``.warc.gz``, as CC-NEWS ships them): HTML response records.

Only ``response`` records with HTTP status 200 and an HTML body are documents;
the rest (requests, metadata, redirects, images, robots.txt) are skipped with a
debug log. Each document is named ``path@OFFSET`` (the record's byte offset in
the file, as ``warcio extract`` takes it); its id is the WARC-Record-ID.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from parallax.model import InputError, RawRecord
from parallax.readers.document import decode_document
from parallax.readers.encoding import charset_from_content_type
from parallax.readers.fileio import peek
from parallax.readers.options import ReaderOptions, format_size
from parallax.readers.sniff import GZIP_MAGIC, Format, by_content

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, options: ReaderOptions) -> Iterator[RawRecord | InputError]:
    """Yield every HTML response in ``path``; a damaged file yields what came before the damage."""
    source = str(path)
    done = 0  # records fully read
    end = last = 0  # byte offsets just past the last complete record, and of its start
    found = 0  # documents and errors yielded
    start = peek(path, 64).lstrip()
    if not start.startswith((b"WARC/", b"filedesc://")):
        yield InputError(source, "not a WARC or ARC file (no WARC/ header at the start)")
        return
    # ARC records get a random WARC-Record-ID on conversion: not an id of the input.
    is_arc = start.startswith(b"filedesc://")
    # warcio is imported here, not at module load: commands that never read a WARC skip ~0.1 s of start-up
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            it = ArchiveIterator(fh, arc2warc=True)
            for rec in it:
                item = _document(rec, options, source, keep_id=not is_arc)
                # The offset is only known once the record was read to its end.
                offset = it.get_record_offset()
                end = offset + it.get_record_length()
                if not rec.rec_type:
                    yield InputError(source, f"not a valid WARC: record at byte {offset} has no WARC-Type")
                    return
                if not (rec.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                    # warcio reads a header cut short as a record without content: say so.
                    yield InputError(
                        source, f"truncated WARC: the header of the record at byte {offset} is incomplete"
                    )
                    return
                if getattr(rec.raw_stream, "limit", 0) > 0:
                    yield InputError(source, f"truncated WARC: record at byte {offset} is incomplete")
                    return
                done += 1
                last = offset
                if isinstance(item, RawRecord):
                    item.source = f"{source}@{offset}"
                    found += 1
                    yield item
                elif isinstance(item, InputError):
                    found += 1
                    yield InputError(f"{source}@{offset}", item.reason)
    except ArchiveLoadFailed as exc:
        where = f" after {done} record(s)" if done else ""
        yield InputError(source, f"not a valid WARC{where}: {exc.msg if hasattr(exc, 'msg') else exc}")
        return
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    except (EOFError, zlib.error, ValueError, AttributeError, TypeError) as exc:
        # warcio fails in assorted ways on a record cut short (missing headers become None).
        yield InputError(source, f"truncated or corrupt WARC after {done} record(s): {type(exc).__name__}")
        return
    if done == 0:
        yield InputError(source, "no WARC records found")
    elif reason := _tail_problem(path, size, end, last):
        yield InputError(source, f"truncated WARC: {reason} after record {done}")
    elif not found:
        # Every input yields an article or a report: a crawl of images and redirects says so.
        yield InputError(
            source, f"no HTML documents: none of its {done} record(s) is an HTTP 200 HTML response"
        )


def _document(
    rec: ArcWarcRecord, options: ReaderOptions, source: str, *, keep_id: bool = True
) -> RawRecord | InputError | None:
    """The HTML document in one record, an InputError, or None for records that are not documents."""
    uri = rec.rec_headers.get_header("WARC-Target-URI")
    if rec.rec_type != "response" or rec.http_headers is None:
        log.debug("%s: skip %s record %s", source, rec.rec_type, uri)
        return None
    status = rec.http_headers.get_statuscode()
    if status != "200":
        log.debug("%s: skip HTTP %s for %s", source, status, uri)
        return None
    ctype = rec.http_headers.get_header("Content-Type") or ""
    try:
        payload = rec.content_stream().read(options.max_bytes + 1)
    except Exception as exc:  # broken transfer/content encoding in one record
        return InputError(source, f"cannot decode HTTP body of {uri}: {type(exc).__name__}: {exc}")
    if len(payload) > options.max_bytes:
        return InputError(source, f"document too large: over {format_size(options.max_bytes)} ({uri})")
    if not any(t in ctype.lower() for t in _HTML_TYPES) and not (
        not ctype and by_content(payload[:4096]) == Format.HTML
    ):
        log.debug("%s: skip non-HTML %r for %s", source, ctype, uri)
        return None
    if not payload.strip():
        log.debug("%s: skip empty body for %s", source, uri)
        return None
    doc = decode_document(payload, source, markup=True, declared=charset_from_content_type(ctype))
    if isinstance(doc, InputError):
        return InputError(source, f"{doc.reason} ({uri})")
    rid = (rec.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ") or None if keep_id else None
    return RawRecord(
        source=source, content=doc.text, kind="html", record_id=rid, url=uri, encoding=doc.encoding
    )


def _tail_problem(path: Path, size: int, end: int, last: int) -> str | None:
    """Why the bytes after the last complete record (at ``last``, ending at ``end``) are not a clean end."""
    with path.open("rb") as fh:
        fh.seek(end)
        tail = fh.read(min(size - end, 64))
        # A plain record's closing blank lines are not counted in its length.
        if size - end > 4 or tail.strip(b"\r\n"):
            # warcio drops a damaged final gzip member, or a record cut inside its header, silently.
            return f"{size - end} bytes could not be read"
        fh.seek(last)
        if fh.read(2) == GZIP_MAGIC and not _member_complete(fh, last):
            return "its gzip member is cut short"
    return None


def _member_complete(fh: BinaryIO, start: int) -> bool:
    """Whether the gzip member at ``start`` ends with its trailer (warcio does not check)."""
    fh.seek(start)
    inflate = zlib.decompressobj(31)
    while not inflate.eof:
        chunk = fh.read(1 << 16)
        if not chunk:
            return False
        try:
            inflate.decompress(chunk, 1 << 16)
            while inflate.unconsumed_tail and not inflate.eof:
                inflate.decompress(inflate.unconsumed_tail, 1 << 16)
        except zlib.error:
            return False
    return True
