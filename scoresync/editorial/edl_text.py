"""The text of an edit decision list: its bytes decoded and split into lines.

EDLs carry no declared encoding. Lists come as UTF-8 (with or without a byte-order mark),
as Windows-1252 or Latin-1 from Western systems, and as GBK from Chinese editions of
Premiere. :func:`decode_list` tries them in that order, except that bytes which read as
GBK double-byte characters throughout (every non-ASCII run pairs up into Chinese
characters) are read as GBK, since a Western list does not produce them; any reading
other than UTF-8 comes with a warning. Lines end in CRLF, CR or LF, mixed in one file if
need be. Old systems pad the end of a file with Ctrl-Z (``0x1a``) and NUL bytes: those are
dropped wherever they stand.

>>> decode_list("TITLE: café\\r".encode("cp1252")).text
'TITLE: café\\r'
>>> split_lines("TITLE: A\\r001 ...\\r\\n002 ...\\n")
['TITLE: A', '001 ...', '002 ...', '']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DecodedList", "decode_list", "looks_binary", "split_lines"]

PADDING = "\x1a\x00"
"""Ctrl-Z and NUL: end-of-file padding from DOS-era writers, dropped from every line."""

_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
_CJK_RANGES = (
    (0x3000, 0x303F),  # CJK punctuation
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms
)
_CONTROL_BYTES = bytes(sorted(frozenset(range(0x20)) - frozenset(b"\t\n\r\x0c\x1a\x00")))


@dataclass(frozen=True)
class DecodedList:
    """A list's text, the encoding it was read with and, when that was a guess, why."""

    text: str
    encoding: str
    warning: str = ""


def _is_cjk(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _reads_as_gbk(data: bytes) -> str | None:
    """The text of ``data`` as GBK when its non-ASCII bytes are all Chinese characters."""
    runs = _NON_ASCII_RUN.findall(data)
    if not runs or any(len(run) % 2 for run in runs):
        return None
    try:
        text = data.decode("gbk")
    except UnicodeDecodeError:
        return None
    if all(_is_cjk(character) for character in text if ord(character) > 0x7F):
        return text
    return None


def decode_list(data: bytes) -> DecodedList:
    """Decodes a list's bytes: UTF-8 (a BOM is dropped), UTF-16 with a BOM, GBK when the
    bytes read as Chinese characters throughout, then Windows-1252, then Latin-1 (which
    reads any bytes). Every reading but UTF-8 carries a warning saying what was assumed."""
    if data.startswith(b"\xef\xbb\xbf"):
        return DecodedList(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodedList(data.decode("utf-16", errors="replace"), "utf-16")
    try:
        return DecodedList(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    gbk = _reads_as_gbk(data)
    if gbk is not None:
        return DecodedList(
            gbk,
            "gbk",
            "the list is not UTF-8; its names read as Chinese (GBK) and were taken so: "
            "if they look wrong, export the list again as UTF-8",
        )
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    return DecodedList(
        text,
        encoding,
        f"the list is not UTF-8; it was read as {encoding} (Western European): if names "
        "look wrong, export the list again as UTF-8",
    )


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text: NUL bytes before the end-of-file padding, or more
    than one control byte in twenty (tabs, line ends, form feeds and padding aside).
    UTF-16 text with its byte-order mark is text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    body = data.rstrip(PADDING.encode("ascii"))
    if b"\x00" in body:
        return True
    sample = body[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls * 20 > len(sample)


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` at CRLF, CR or LF, without their ends and without padding.

    Unlike :meth:`str.splitlines`, only those three end a line: a Latin-1 ``\\x85`` or a
    form feed inside a name stays where it is.
    """
    if "\x1a" in text or "\x00" in text:
        text = text.translate({ord(character): None for character in PADDING})
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
