"""Issue 18 items 4, 5 and 9: the readers' work counts against the per-document limits, every
skipped file or record is reported with its path, and --max-size / UTF-16 without BOM are honoured."""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path

import pytest
from hostile import _warc

from parallax import api
from parallax.cli import main
from parallax.model import Article, InputError, RawRecord
from parallax.readers import ReaderOptions, dispatch, read_inputs
from parallax.readers.sniff import Format

MB = 1024 * 1024
BODY = (
    "The ferry between Alesund and Hareid resumed on Sunday after a two-day storm closed the crossing, "
    "the operator said. Passengers queued from early morning, and the first boat left at 7.15. "
)
GOOD = json.dumps({"id": "g1", "title": "Ferry resumes", "text": BODY * 3}) + "\n"


def _read(*paths: Path, **opts: object) -> list[RawRecord | InputError]:
    return list(read_inputs([str(p) for p in paths], ReaderOptions(**opts) if opts else None))  # type: ignore[arg-type]


def _errors(items: list[RawRecord | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def _blank_gzip(path: Path, size: int, tail: bytes = b"") -> Path:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    path.write_bytes(comp.compress(b"\n" * size) + comp.compress(tail) + comp.flush())
    return path


# -- item 4: a gzip of blank lines --------------------------------------------------------------


def test_gzip_of_blank_lines_is_reported_and_the_next_file_read(tmp_path: Path, capsys) -> None:
    blank = _blank_gzip(tmp_path / "nl.jsonl.gz", 24 * MB)
    good = tmp_path / "good.jsonl"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["extract", str(blank), str(good), "--no-progress", "--max-size", "4MB"]) == 3
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["g1"]
    assert f"skipped {blank}:" in err and "blank lines" in err


def test_blank_lines_within_the_cap_are_skipped_with_line_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "gaps.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n" * 100_000 + GOOD.encode() + b"  \n\t\n" * 1000 + b"{bad json}\n"))
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["RawRecord", "InputError"]
    assert items[0].source == f"{path}:100001"
    assert items[1].source == f"{path}:102002"


def test_reader_work_counts_against_the_time_limit(tmp_path: Path, monkeypatch) -> None:
    def spinning(path: Path, options: ReaderOptions):  # type: ignore[no-untyped-def]
        yield RawRecord(source=f"{path}:1", content=BODY, kind="text")
        while path.name == "stuck.txt":  # a reader stuck between two documents
            pass

    monkeypatch.setitem(dispatch.READERS, Format.TEXT, spinning)
    monkeypatch.setenv("PARALLAX_DOC_TIMEOUT", "0.3")
    stuck, after = tmp_path / "stuck.txt", tmp_path / "after.txt"
    stuck.write_text(BODY)
    after.write_text(BODY)
    items = _read(stuck, after)
    assert [i.source for i in items] == [f"{stuck}:1", str(stuck), f"{after}:1"]
    assert "time limit" in items[1].reason  # type: ignore[union-attr]


# -- item 5: nothing is skipped in silence -------------------------------------------------------


@pytest.fixture()
def unreadable_subfolder(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "page.txt").write_text(BODY)
    (root / "open.txt").write_text(BODY)
    locked = root / "locked"
    real = os.scandir

    def scandir(path=None):  # type: ignore[no-untyped-def]
        if path is not None and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path) if path is not None else real()

    # Root reads any folder: deny this one the way the kernel would for another user.
    monkeypatch.setattr(os, "scandir", scandir)
    return root, locked


def test_unreadable_subfolder_is_reported_by_extract(unreadable_subfolder, capsys) -> None:
    root, locked = unreadable_subfolder
    assert main(["extract", str(root), "--no-progress"]) == 3
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1
    assert f"skipped {locked}: cannot read folder: Permission denied" in err


def test_unreadable_subfolder_is_reported_by_ingest(unreadable_subfolder, tmp_path: Path, capsys) -> None:
    root, locked = unreadable_subfolder
    db = tmp_path / "s.db"
    assert main(["ingest", "--db", str(db), str(root), "--no-progress", "--fast"]) == 3
    assert f"skipped {locked}: cannot read folder" in capsys.readouterr().err


def _warc_file(tmp_path: Path, cut_into_third: int, compress: bool) -> tuple[Path, int]:
    page = b"<html><body><p>" + BODY.encode() * 3 + b"</p></body></html>"
    recs = [_warc(f"https://fjord.example/{i}", page) for i in range(3)]
    parts = [gzip.compress(r) for r in recs] if compress else recs
    data = b"".join(parts)
    cut = len(parts[0]) + len(parts[1]) + cut_into_third
    path = tmp_path / (f"cut{cut_into_third}.warc" + (".gz" if compress else ""))
    path.write_bytes(data[:cut])
    return path, cut


# 22-28: inside "WARC-Type: response"; 47-53: inside the target URI line; 236-237: in the blank line
# that ends the header (warcio read these as records without content); the others as controls.
@pytest.mark.parametrize("into", [1, 4, 10, 22, 25, 28, 47, 50, 53, 200, 236, 237, 240])
def test_warc_cut_inside_a_record_header_is_an_error(tmp_path: Path, into: int) -> None:
    path, _ = _warc_file(tmp_path, into, compress=False)
    items = _read(path)
    assert len([i for i in items if isinstance(i, RawRecord)]) == 2
    (err,) = _errors(items)
    assert err.source == str(path) and "WARC" in err.reason


@pytest.mark.parametrize("into", [1, 2, 3, 4, 9, 30, 100, -1, -4, -8, -12])
def test_warc_gz_cut_inside_a_member_is_an_error(tmp_path: Path, into: int) -> None:
    # Negative: the cut falls in the end (deflate tail or gzip trailer) of the second member.
    path, _ = _warc_file(tmp_path, into, compress=True)
    items = _read(path)
    (err,) = _errors(items)
    assert err.source == str(path) and "WARC" in err.reason


def test_whole_warc_records_are_not_errors(tmp_path: Path) -> None:
    path, _ = _warc_file(tmp_path, 0, compress=True)
    assert _errors(_read(path)) == []


# -- item 9: --max-size and UTF-16 without BOM ----------------------------------------------------


class _Fast:
    """An extractor that takes the record as is (the size checks are what is tested)."""

    def extract(self, record: RawRecord) -> Article:
        return Article(id="big", source=record.source, text=record.content[:100])


def test_max_size_is_honoured_past_the_default_cap(tmp_path: Path) -> None:
    from parallax.limits import DEFAULT_MAX_CHARS

    page = tmp_path / "big.txt"
    page.write_text("word " * (DEFAULT_MAX_CHARS // 5 + 1000), encoding="ascii")
    (ok,) = api.extract([page], extractor=_Fast(), max_bytes=400 * MB)
    assert isinstance(ok, Article)
    (refused,) = api.extract([page], extractor=_Fast())
    assert isinstance(refused, InputError) and "too large" in refused.reason


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le"])
def test_utf16_text_without_bom_is_decoded(tmp_path: Path, encoding: str) -> None:
    page = tmp_path / f"{encoding}.txt"
    page.write_bytes(("Ferry service resumes\n\n" + BODY * 2 + "Zoë said “finally”.\n").encode(encoding))
    (rec,) = _read(page)
    assert isinstance(rec, RawRecord) and rec.encoding == encoding
    assert rec.content.startswith("Ferry service resumes") and "Zoë said “finally”" in rec.content


def test_binary_with_nul_bytes_is_still_refused(tmp_path: Path) -> None:
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 64)
    (err,) = _read(blob)
    assert isinstance(err, InputError) and "binary" in err.reason
