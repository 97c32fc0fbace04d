"""Bytes -> text: declared encoding (BOM, HTTP header, meta tag, XML declaration) or sniffed.

Policy, in order:

1. a byte-order mark decides, or the NUL pattern of UTF-16 text without one;
2. bytes that are valid UTF-8 are UTF-8 (a legacy page is almost never valid
   UTF-8 by accident, while pages that *declare* Latin-1 but are UTF-8 are common);
3. the declared encoding, if it decodes cleanly;
4. UTF-8 with a few damaged bytes (valid multi-byte characters outnumber the bad bytes);
5. charset-normalizer's guess;
6. UTF-8 with replacement characters.

A text where more than ``MAX_BAD_RATIO`` of the characters had to be replaced is
refused (:class:`DecodeError`); fewer bad bytes are replaced and logged as a warning.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from parallax.readers.sniff import utf16_without_bom

log = logging.getLogger(__name__)

#: Above this share of replaced characters a document is garbage, not text with a few bad bytes.
MAX_BAD_RATIO = 0.05

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)["']""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)

# WHATWG: browsers read these labels as windows-1252, and so do pages in the wild.
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "iso-8859-9": "cp1254",
            "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "gb2312": "gb18030", "gbk": "gb18030",
            "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932", "tis-620": "cp874"}  # fmt: skip


# C0 controls other than tab and newlines: parsers (lxml) refuse them and no article needs them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_controls(text: str) -> str:
    """``text`` without NUL and other C0 control characters (vertical tab and form feed become newlines)."""
    if not _CONTROLS.search(text):  # the common case, at C speed
        return text
    return _CONTROLS.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


# Lone UTF-16 surrogates: JSON escapes (``"\\ud800"``) make them; UTF-8 encoders (SQLite, files) refuse them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def strip_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (decoded bytes never hold one; JSON can)."""
    if not _SURROGATES.search(text):
        return text
    return _SURROGATES.sub("\ufffd", text)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we could find."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    #: Characters replaced by U+FFFD.
    replaced: int = 0


def normalize_label(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(value: str | None) -> str | None:
    """``"text/html; charset=ISO-8859-1"`` -> ``"iso-8859-1"``."""
    if not value:
        return None
    m = _HEADER_CHARSET.search(value)
    return m.group(1) if m else None


def declared_in_markup(data: bytes) -> str | None:
    """The charset a page declares in its XML declaration or a ``<meta>`` tag (first 8 kB)."""
    head = data[:8192]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


# Among equally plausible guesses, the encodings the web actually used (charset-normalizer
# often ranks a rare cousin first: cp1250 for French, mac_cyrillic for Russian).
_COMMON = ["cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256", "cp1258",
           "koi8_r", "koi8_u", "iso8859_2", "iso8859_15", "iso8859_5", "iso8859_7", "iso8859_9", "cp874"]  # fmt: skip


def _sniff(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    # UTF-16/32 without a BOM would have NUL bytes, which were refused as binary already:
    # such a guess for NUL-free bytes only turns garbage into CJK-looking text.
    matches = [m for m in from_bytes(data[: 1 << 20]) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        return None
    floor = min(m.chaos for m in matches) + 0.01
    plausible: list[str] = []
    for m in matches:
        if m.chaos <= floor:
            plausible.extend([m.encoding, *m.could_be_from_charset])
    for enc in _COMMON:
        if enc in plausible:
            return normalize_label(enc)
    return normalize_label(plausible[0])


def decode(data: bytes, *, declared: str | None = None, source: str = "", markup: bool = False) -> Decoded:
    """Decode ``data`` following the module's policy.

    ``declared`` is a transport-level label (an HTTP header); with ``markup`` the
    bytes are also searched for a ``<meta charset>`` or XML declaration.
    """
    bom = _bom(data)
    if bom:
        name, skip = bom
        return _checked(data[skip:], name, source)
    utf16 = utf16_without_bom(data)
    if utf16:  # before UTF-8, which would take its NUL bytes for characters
        return _checked(data[: len(data) - len(data) % 2], utf16, source)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    labels = [declared, declared_in_markup(data) if markup else None]
    for label in labels:
        enc = normalize_label(label)
        if enc and enc != "utf-8":
            text = _strict(data, enc)
            if text is not None:
                return Decoded(text, enc)
    # Mostly-valid UTF-8 with a few broken bytes: keep UTF-8 rather than turn every character into mojibake.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good_multibyte = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if good_multibyte > bad:
        return _checked(data, "utf-8", source)
    for label in labels:
        enc = normalize_label(label)
        if enc and enc != "utf-8":
            return _checked(data, enc, source)
    guess = _sniff(data)
    if guess:
        return _checked(data, guess, source)
    return _checked(data, "utf-8", source)


def decode_utf8(data: bytes, source: str = "") -> Decoded:
    """Decode text that must be UTF-8 (JSON Lines): a few bad bytes are replaced, garbage refused."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    text = _strict(data, "utf-8")
    return Decoded(text, "utf-8") if text is not None else _checked(data, "utf-8", source)


def _checked(data: bytes, encoding: str, source: str) -> Decoded:
    """Decode with replacement; refuse garbage, warn about a few bad bytes."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd") * (encoding == "utf-8")
    if bad <= 0:
        return Decoded(text, encoding)
    if bad > MAX_BAD_RATIO * max(len(text), 1):
        raise DecodeError(f"undecodable bytes: {bad} of {len(text)} characters invalid as {encoding}")
    log.warning(
        "%s: %d undecodable byte sequence(s) replaced (decoded as %s)", source or "input", bad, encoding
    )
    return Decoded(text, encoding, bad)
