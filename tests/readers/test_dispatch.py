import os

import pytest
from readerkit import PAGE, errors, read_all, records

from parallax.readers import read_file


def test_directory_walk_is_recursive_sorted_and_skips_hidden(write, tmp_path):
    write("b.txt", "second")
    write("a/z.txt", "in a folder")
    write("a.txt", "first")
    write(".hidden.txt", "hidden")
    write(".git/config.txt", "hidden folder")
    write("c/d/deep.html", PAGE)
    items = read_all(tmp_path)
    assert not errors(items)
    names = [os.path.relpath(r.source, tmp_path) for r in records(items)]
    # files of a folder first, then its subfolders, each level sorted by name
    assert names == ["a.txt", "b.txt", os.path.join("a", "z.txt"), os.path.join("c", "d", "deep.html")]
    assert not any(".hidden" in n or ".git" in n for n in names)
    assert read_all(tmp_path) == items  # stable


def test_same_file_twice_is_read_once(write, tmp_path):
    path = write("x.txt", "one article")
    assert len(read_all(path, tmp_path, path)) == 1


def test_missing_input_is_reported_and_others_still_read(write, tmp_path):
    good = write("ok.txt", "fine text")
    items = read_all(tmp_path / "nope.txt", good)
    (err,) = errors(items)
    assert err.source.endswith("nope.txt") and "no such file" in err.reason
    assert len(records(items)) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (err,) = read_file(fifo)
    assert err.reason == "not a regular file"


def test_unreadable_file(write):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = write("locked.txt", "secret")
    path.chmod(0)
    (err,) = read_all(path)
    assert "cannot read" in err.reason


def test_stdin_is_sniffed_and_named():
    import gzip
    import io

    from parallax.readers import ReaderOptions
    from parallax.readers.dispatch import read_stdin

    data = gzip.compress(b'{"id": "a", "text": "From a pipe."}\nnot json\n')
    items = list(read_stdin(ReaderOptions(), io.BytesIO(data)))
    assert [r.source for r in records(items)] == ["<stdin>:1"]
    assert [e.source for e in errors(items)] == ["<stdin>:2"]
    (err,) = read_stdin(ReaderOptions(), io.BytesIO(b""))
    assert (err.source, err.reason) == ("<stdin>", "empty file")
