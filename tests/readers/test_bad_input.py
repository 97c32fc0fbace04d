"""Every kind of bad input is one InputError naming the file; good inputs around it are still read."""

import os

import pytest
from readerkit import PAGE, errors, gz, read_all, records

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(200))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.png", PNG, "PNG image"),
        ("photo.html", PNG, "PNG image"),  # the name lies
        ("bundle.jsonl", ZIP, "zip archive"),
        ("blob.txt", bytes(range(256)) * 4, "binary data"),
        ("empty.txt", b"", "empty file"),
        ("blank.html", b"  \n\t\n", "empty file"),
        ("empty.jsonl", b"\n\n", "empty file"),
        ("empty.html.gz", gz(b""), "empty file"),
        ("garbage.txt", bytes((i * 37 + 11) % 128 + 128 for i in range(3000)), "undecodable bytes"),
    ],
)
def test_bad_file_is_reported_and_skipped(write, tmp_path, name, data, reason):
    bad = write(name, data)
    good = write("zz-good.html", PAGE)
    items = read_all(tmp_path)
    (err,) = errors(items)
    assert err.source == str(bad)
    assert reason in err.reason
    assert [r.source for r in records(items)] == [str(good)]


def test_truncated_gzip_page(write):
    data = gz((PAGE * 50).encode())
    (err,) = read_all(write("page.html.gz", data[: len(data) // 2]))
    assert "truncated gzip" in err.reason


def test_corrupt_gzip_page(write):
    data = bytearray(gz((PAGE * 50).encode()))
    data[30:60] = b"\x00" * 30
    (err,) = read_all(write("page.html.gz", bytes(data)))
    assert "gzip" in err.reason


def test_200mb_page_is_refused_without_reading_it(write, tmp_path, monkeypatch):
    from parallax.readers import fileio

    huge = tmp_path / "huge.html"
    with huge.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.write(b"<html><body><p>")
        fh.truncate(200 * 1024 * 1024)
    write("small.html", PAGE)
    real_read = fileio._read_upto
    sizes: list[int] = []

    def counting_read(fh, limit):
        data = real_read(fh, limit)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(fileio, "_read_upto", counting_read)
    items = read_all(tmp_path)
    assert max(sizes) <= 8192  # only the sniffing peek touched it: decided from the size
    (err,) = errors(items)
    assert err.source == str(huge)
    assert err.reason == "document too large: 200 MB (limit 20 MB)"
    assert len(records(items)) == 1


def test_size_cap_is_configurable_and_applies_after_decompression(write):
    page = (PAGE + "<p>" + "padding " * 2000 + "</p>").encode()
    assert len(records(read_all(write("p.html", page), max_bytes=len(page)))) == 1
    (err,) = read_all(write("q.html", page), max_bytes=len(page) - 1)
    assert "too large" in err.reason
    # a small .gz that inflates past the cap (a gzip bomb) is stopped at the cap
    (err,) = read_all(write("bomb.html.gz", gz(b"<html>" + b" " * 5_000_000)), max_bytes=100_000)
    assert "too large" in err.reason and "decompressed" in err.reason


def test_symlink_loop_does_not_hang(tmp_path, write):
    write("d/a.txt", "text")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    assert len(records(read_all(tmp_path))) == 1
