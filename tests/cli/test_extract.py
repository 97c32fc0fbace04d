"""``parallax extract`` in-process: JSON on stdout, skipped inputs on stderr, exit codes."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from parallax.cli import EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, main

REPO = Path(__file__).resolve().parents[2]
FIELDS = {
    "id", "source", "url", "outlet", "title", "authors", "published",
    "published_confidence", "dateline", "language", "text", "canonical_url",
}  # fmt: skip

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Recount begins in Kestrel County</title></head>"
    "<body><nav><a href='/'>Home</a> <a href='/politics'>Politics</a></nav><article>"
    "<h1>Recount begins in Kestrel County</h1>"
    "<p>Election officials in Kestrel County began a hand recount of more than 41,000 ballots on Monday "
    "after the mayoral race ended with a margin of just 112 votes.</p>"
    "<p>\u201cEvery ballot will be looked at by two people,\u201d county clerk Ines Marlow said at a briefing "
    "outside the records office. The count is expected to take four days.</p></article>"
    "<footer>Copyright 2026</footer></body></html>"
)


def run(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_good_inputs_exit_0_with_documented_fields(tmp_path, capsys):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "wire.jsonl").write_text(
        json.dumps({"id": "wire-7", "text": "Ready text.\n\nSecond paragraph.", "outlet": "Wire"}) + "\n"
    )
    code, arts, err = run(capsys, str(tmp_path), "--jsonl")
    assert code == EXIT_OK, err
    assert err == ""
    assert len(arts) == 2
    for art in arts:
        assert set(art) == FIELDS
        assert isinstance(art["authors"], list)
        assert 0.0 <= art["published_confidence"] <= 1.0
    by_id = {a["id"]: a for a in arts}
    assert by_id["wire-7"]["source"].endswith("wire.jsonl:1")
    page = next(a for a in arts if a["source"].endswith("page.html"))
    assert "hand recount" in page["text"]


def test_bad_inputs_go_to_stderr_and_exit_3(tmp_path, capsys):
    (tmp_path / "a-good.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "d-lines.jsonl").write_text('{"id": "ok", "text": "Fine."}\nnot json\n')
    data = gzip.compress(PAGE.encode() * 40)
    (tmp_path / "e-cut.html.gz").write_bytes(data[: len(data) // 2])
    code, arts, err = run(capsys, str(tmp_path), str(tmp_path / "missing.txt"))
    assert code == EXIT_INPUT_ERRORS
    assert sorted(a["id"] for a in arts if a["id"] == "ok") == ["ok"]
    assert len(arts) == 2
    lines = err.strip().splitlines()
    assert f"parallax: skipped {tmp_path / 'b-empty.txt'}: empty file" in lines
    assert f"parallax: skipped {tmp_path / 'c-image.html'}: PNG image, not a supported input" in lines
    assert any(
        line.startswith(f"parallax: skipped {tmp_path / 'd-lines.jsonl'}:2: not JSON") for line in lines
    )
    assert any(
        line.startswith(f"parallax: skipped {tmp_path / 'e-cut.html.gz'}: truncated gzip") for line in lines
    )
    assert any("missing.txt: cannot open: no such file" in line for line in lines)
    assert len(lines) == 5


def test_max_size_option(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code, arts, err = run(capsys, str(page), "--max-size", "0.5k")
    assert code == EXIT_INPUT_ERRORS and not arts
    assert "document too large" in err and "limit 512 bytes" in err
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(page), "--max-size", "lots"])
    assert exc.value.code == EXIT_USAGE


def test_extraction_failure_becomes_a_skipped_input(tmp_path, capsys, monkeypatch):
    from parallax.extract import ArticleExtractor

    real = ArticleExtractor.extract

    def flaky(self, record):
        if "boom" in record.source:
            raise RuntimeError("parser exploded")
        return real(self, record)

    monkeypatch.setattr(ArticleExtractor, "extract", flaky)
    (tmp_path / "boom.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "fine.html").write_text(PAGE, encoding="utf-8")
    code, arts, err = run(capsys, str(tmp_path))
    assert code == EXIT_INPUT_ERRORS
    assert [Path(a["source"]).name for a in arts] == ["fine.html"]
    assert "boom.html: extraction failed: RuntimeError: parser exploded" in err


def test_closed_stdout_pipe_is_quiet(tmp_path, capsys, monkeypatch):
    for i in range(5):
        (tmp_path / f"{i}.jsonl").write_text(json.dumps({"id": f"n{i}", "text": f"Text {i}."}) + "\n")

    class ClosedAfterOne:
        def __init__(self) -> None:
            self.lines: list[str] = []

        def write(self, s: str) -> int:
            if self.lines:
                raise BrokenPipeError(32, "Broken pipe")
            self.lines.append(s)
            return len(s)

        def flush(self) -> None:
            pass

    fake = ClosedAfterOne()
    monkeypatch.setattr(sys, "stdout", fake)
    assert main(["extract", str(tmp_path)]) == EXIT_OK
    assert len(fake.lines) == 1
    assert capsys.readouterr().err == ""


def test_pipe_into_head_in_a_real_shell(tmp_path):
    # more output than a pipe buffer holds (64 kB), so the writer does hit the closed pipe
    for i in range(20):
        (tmp_path / f"{i:02}.jsonl").write_text(
            json.dumps({"id": f"n{i}", "text": f"Text {i}. " * 2000}) + "\n"
        )
    cmd = f"{sys.executable} -m parallax extract {tmp_path} | head -n 1"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stdout)["id"] == "n0"
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, capsys):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    _, _, err = run(capsys, str(tmp_path))
    assert err == ""


def test_schema_doc_lists_every_field_and_the_version():
    from parallax.model import ARTICLE_SCHEMA_VERSION, Article

    doc = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    assert f"**Schema version: {ARTICLE_SCHEMA_VERSION}**" in doc
    keys = set(Article(id="x", source="s", text="t").to_json())
    assert keys == FIELDS
    for key in keys:
        assert f"| `{key}` |" in doc, key


def test_schema_doc_example_is_valid_json_with_every_field():
    doc = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert set(json.loads(example)) == FIELDS


def test_dash_reads_stdin(capsys, monkeypatch):
    import io

    fake = io.TextIOWrapper(io.BytesIO(PAGE.encode("cp1252")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, arts, err = run(capsys, "-")
    assert code == EXIT_OK, err
    (art,) = arts
    assert art["source"] == "<stdin>"
    assert "hand recount" in art["text"]


def test_page_without_text_is_reported_not_emitted(tmp_path, capsys):
    (tmp_path / "markup.html").write_text("<html><body><script>var a = 1;</script></body></html>")
    (tmp_path / "blank.jsonl").write_text('{"id": "b1", "text": "   "}\n{"id": "b2", "text": "Fine."}\n')
    code, arts, err = run(capsys, str(tmp_path))
    assert code == EXIT_INPUT_ERRORS
    assert [a["id"] for a in arts] == ["b2"]
    assert f"{tmp_path / 'markup.html'}: no article text found" in err
    assert "discarding data" not in err  # library chatter stays out of the report
