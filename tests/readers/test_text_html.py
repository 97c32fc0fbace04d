from readerkit import PAGE, errors, gz, read_all, records

DUMP = "10:42 GMT 12 March 2026\nListen Live\n\nPort strike enters third day\n\nVARNHOLM -- Dock workers stayed out.\n"


def test_text_dump(write):
    path = write("dump.txt", DUMP)
    (rec,) = read_all(path)
    assert rec.kind == "text"
    assert rec.content == DUMP
    assert rec.source == str(path)
    assert rec.encoding == "utf-8"
    assert rec.text_is_final is False


def test_html_page_and_gzip(write):
    plain = write("a/page.html", PAGE)
    packed = write("a/page2.htm.gz", gz(PAGE.encode()))
    recs = records(read_all(plain, packed))
    assert [r.kind for r in recs] == ["html", "html"]
    assert recs[0].content == recs[1].content == PAGE


def test_html_declared_legacy_encoding(write):
    page = '<html><head><meta charset="euc-kr"><title>파업</title></head><body><p>항만 노동자 파업</p></body></html>'
    (rec,) = read_all(write("kr.html", page.encode("euc-kr")))
    assert "항만 노동자 파업" in rec.content
    assert rec.encoding == "cp949"


def test_shift_jis_dump_without_declaration(write):
    text = "港湾労働者のストライキは三日目に入り、市長は記者会見で交渉の再開を求めた。\n" * 3
    (rec,) = read_all(write("jp.txt", text.encode("shift_jis")))
    assert rec.content == text
    assert rec.encoding == "cp932"


def test_cp1252_page_without_declaration(write):
    page = "<html><body><p>The mayor’s office said the “strike” would cost €4 million — café owners agreed.</p></body></html>"
    (rec,) = read_all(write("w.html", page.encode("cp1252")))
    assert rec.content == page
    assert rec.encoding == "cp1252"


def test_markup_in_a_txt_is_read_as_html(write):
    (rec,) = read_all(write("saved.txt", PAGE))
    assert rec.kind == "html"


def test_generic_gz_is_sniffed(write):
    (rec,) = read_all(write("download.gz", gz(DUMP.encode())))
    assert rec.kind == "text"
    assert rec.content == DUMP
    assert not errors(read_all(write("download2.gz", gz(PAGE.encode()))))


def test_seed_dumps_read_as_utf8_text(seeds_dir):
    items = read_all(seeds_dir)
    assert not errors(items)
    recs = records(items)
    assert len(recs) >= 2
    for rec in recs:
        assert rec.kind == "text" and rec.encoding == "utf-8"
        assert "\ufffd" not in rec.content
    assert any("Lim Chang-won" in r.content for r in recs)


def test_stray_control_characters_are_dropped(write):
    # a NUL past the sniffed head would make lxml refuse the page
    page = PAGE.replace("</article>", "</article>" + " " * 9000 + "\x00\x07\x0c")
    (rec,) = read_all(write("ctrl.html", page))
    assert "\x00" not in rec.content and "\x07" not in rec.content
    assert rec.content.endswith("\n</body></html>")
