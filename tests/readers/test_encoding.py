import logging

import pytest

from parallax.readers.encoding import (
    DecodeError,
    charset_from_content_type,
    declared_in_markup,
    decode,
    decode_utf8,
    normalize_label,
)

ENGLISH = "The mayor’s office said the “strike” would cost €4 million — café owners agreed. " * 4
FRENCH = "Le maire a déclaré que la grève coûterait très cher à la ville. Les employés sont restés. " * 4
RUSSIAN = "Портовые рабочие бастуют уже третий день, мэр призвал возобновить переговоры. " * 3
JAPANESE = "港湾労働者のストライキは三日目に入り、市長は記者会見で交渉の再開を求めた。" * 3
KOREAN = "항만 노동자들의 파업이 사흘째 이어지고 있으며 시장은 기자회견에서 협상 재개를 촉구했다. " * 3
MIXED = "[항만] Port strike: talks stall 파업 — Mayor Dana Voss said, “We will not wait.” 港湾 " * 3


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (ENGLISH, "cp1252"),
        (FRENCH, "latin-1"),
        (RUSSIAN, "cp1251"),
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc-jp"),
        (KOREAN, "euc-kr"),
        (MIXED, "utf-8"),
    ],
)
def test_undeclared_legacy_encodings_are_sniffed(text, codec):
    got = decode(text.encode(codec))
    assert got.text == text
    assert got.replaced == 0


@pytest.mark.parametrize("codec", ["shift_jis", "euc-kr", "cp1252"])
def test_meta_charset_is_honoured(codec):
    body = {"shift_jis": JAPANESE, "euc-kr": KOREAN, "cp1252": "Grève"}[codec]
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={codec}"></head><body>{body}</body></html>'
    got = decode(page.encode(codec), markup=True)
    assert body in got.text
    assert normalize_label(codec) == got.encoding


def test_http_header_beats_sniffing_for_short_text():
    # Too short to sniff reliably: the transport's label decides.
    assert decode("Ça".encode("cp1252"), declared="ISO-8859-1").text == "Ça"


def test_valid_utf8_wins_over_a_wrong_declaration():
    page = '<meta charset="iso-8859-1"><p>Grève à Montréal</p>'
    got = decode(page.encode("utf-8"), markup=True)
    assert "Grève à Montréal" in got.text
    assert got.encoding == "utf-8"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_bom(codec):
    got = decode(KOREAN.encode(codec))
    assert got.text == KOREAN


def test_xml_declaration_and_header_parsing():
    assert declared_in_markup(b'<?xml version="1.0" encoding="windows-1251"?><rss>') == "windows-1251"
    assert declared_in_markup(b"<html><meta charset=EUC-KR>") == "EUC-KR"
    assert charset_from_content_type('text/html; charset="Shift_JIS"') == "Shift_JIS"
    assert charset_from_content_type("text/html") is None
    assert normalize_label("no-such-codec") is None
    assert normalize_label("latin1") == "cp1252"  # WHATWG reading of Latin-1


def test_few_bad_bytes_are_replaced_with_a_warning(caplog):
    data = MIXED.encode() * 3
    data = data[:50] + b"\xff" + data[50:]
    with caplog.at_level(logging.WARNING, logger="parallax.readers.encoding"):
        got = decode(data, source="page.txt")
    assert got.encoding == "utf-8"
    assert got.replaced == 1
    assert "page.txt: 1 undecodable" in caplog.text


def test_mostly_garbage_is_refused():
    import random

    rnd = random.Random(7)
    garbage = bytes(rnd.randrange(128, 256) for _ in range(4000))
    with pytest.raises(DecodeError, match="undecodable bytes"):
        decode(garbage)
    # text that must be UTF-8 (JSON Lines) full of broken sequences
    with pytest.raises(DecodeError):
        decode_utf8(b"ok " + b"\xc3\x28" * 200)
    assert decode_utf8(b"\xef\xbb\xbfok").text == "ok"
