"""Any cut file read into the picture layer: the reader is chosen by what the file holds.

:func:`read_cut` looks at the first bytes and the name: a CMX 3600 EDL goes to the EDL
reader (which needs the rate, since EDLs carry none), an FCPXML document or ``.fcpxmld``
bundle to the FCPXML reader, a Final Cut Pro 7 XML (``<xmeml>``), an AAF or an
OpenTimelineIO file to the readers through OpenTimelineIO. Anything else is one clear
error naming the file. Every XML document is parsed with ``defusedxml`` (:func:`parse_xml`).
"""

from __future__ import annotations

import codecs
import re
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.editorial.layer import Cut, CutFileError, Note, Origin
from scoresync.errors import UsageError
from scoresync.picture.rates import FrameRate

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["CutFormat", "parse_xml", "read_cut", "sniff_format"]

_HEAD_BYTES = 8192
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
"""The first bytes of a structured-storage file, the container an AAF is written in."""
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*)")
_EVENT_LINE = re.compile(rb"^\s*\d{1,6}\s+\S.*\s\d\d[:;.]\d\d[:;.]\d\d[:;.]\d\d\s*$", re.M)
_EDL_HEADER = re.compile(rb"^\s*(TITLE|FCM)\s*:", re.M | re.I)
_SUPPORTED = (
    "a CMX 3600 EDL, an FCPXML (.fcpxml or .fcpxmld), a Final Cut Pro 7 XML, an AAF or an "
    "OpenTimelineIO file (.otio, .otioz, .otiod)"
)


class CutFormat(Enum):
    """The formats :func:`read_cut` tells apart."""

    EDL = "CMX 3600 EDL"
    FCPXML = "FCPXML"
    FCP7_XML = "Final Cut Pro 7 XML"
    AAF = "AAF"
    OTIO = "OpenTimelineIO"


def read_cut(path: Path, *, rate: FrameRate | None) -> Cut:
    """Reads the cut at ``path``, whatever its format, into a :class:`Cut`.

    ``rate`` is the frame rate an EDL is read at; it is required for EDLs, which carry
    none. The other formats carry their own rate: a different ``rate`` given is noted on
    the cut, not applied. Raises :class:`CutFileError` (a missing file, an unknown or
    corrupt format, a library not installed) or :class:`~scoresync.errors.UsageError` (an
    EDL without a rate).
    """
    path = Path(path)
    kind = sniff_format(path)
    if kind is CutFormat.EDL:
        if rate is None:
            raise UsageError(
                f"{path}: an EDL does not say its frame rate: give the rate to read it at "
                "(for example --fps 23.976)"
            )
        from scoresync.editorial.edl import read_edl

        return read_edl(path, rate=rate)
    if kind is CutFormat.FCPXML:
        from scoresync.editorial.fcpxml import read_fcpxml

        cut = read_fcpxml(path)
    else:
        from scoresync.editorial.otio import read_otio_cut

        cut = read_otio_cut(path, kind=kind, rate=rate)
    return _with_rate_check(cut, rate)


def _with_rate_check(cut: Cut, rate: FrameRate | None) -> Cut:
    if rate is None or rate == cut.rate:
        return cut
    from dataclasses import replace

    note = Note(
        f"the file runs at {cut.rate} fps: the rate given ({rate}) is not used",
        Origin(cut.origin.file),
    )
    return replace(cut, notes=(*cut.notes, note))


def sniff_format(path: Path) -> CutFormat:
    """The format of the cut at ``path``, from its first bytes and then its name.

    Raises :class:`CutFileError` for a missing or unreadable file and for anything that is
    not a cut scoresync reads, saying what it is where that is known.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        if suffix == ".fcpxmld" or (path / "Info.fcpxml").is_file():
            return CutFormat.FCPXML
        if suffix == ".otiod":
            return CutFormat.OTIO
        raise CutFileError(f"{path}: is a folder, not a cut file")
    head = _head(path)
    if head.startswith(_OLE_MAGIC):
        return CutFormat.AAF
    if suffix == ".aaf":
        raise CutFileError(
            f"{path}: not an AAF file (an AAF is a binary structured-storage file; this one "
            "does not start like one)"
        )
    if suffix == ".otioz" and head.startswith(b"PK"):
        return CutFormat.OTIO
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return _xml_kind(path, text)
    if text.startswith(b"{") and b"OTIO_SCHEMA" in head:
        return CutFormat.OTIO
    if suffix == ".otio":
        raise CutFileError(f"{path}: not an OpenTimelineIO file (it is not OTIO JSON)")
    if text.startswith(b"SESSION NAME:"):
        raise CutFileError(
            f"{path}: a Pro Tools session text export (the sound side's tracks), not a "
            f"picture cut; scoresync reads {_SUPPORTED}"
        )
    if suffix == ".edl" or (
        b"\x00" not in head and (_EVENT_LINE.search(head) or _EDL_HEADER.search(head))
    ):
        return CutFormat.EDL
    raise CutFileError(f"{path}: not a cut scoresync reads; it reads {_SUPPORTED}")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise CutFileError(f"{path}: no such file") from None
    except PermissionError:
        raise CutFileError(f"{path}: not allowed to read this file") from None
    except OSError as error:
        raise CutFileError(f"{path}: cannot be read ({error.strerror or error})") from None


def _xml_kind(path: Path, text: bytes) -> CutFormat:
    root = _root_name(text)
    if root == "fcpxml":
        return CutFormat.FCPXML
    if root == "xmeml":
        return CutFormat.FCP7_XML
    if root == "FilmScribeFile":
        raise CutFileError(
            f"{path}: an Avid FilmScribe XML (a List Tool assemble or change list), which "
            "scoresync does not read: export the sequence from Media Composer as an AAF or a "
            "CMX 3600 EDL instead"
        )
    shown = f"<{root}>" if root else "no element"
    raise CutFileError(
        f"{path}: an XML document whose root is {shown}, not a cut; scoresync reads {_SUPPORTED}"
    )


def _root_name(text: bytes) -> str:
    """The name of the first element of XML text, past the declaration, doctype and
    comments."""
    position = 0
    while True:
        start = text.find(b"<", position)
        if start < 0:
            return ""
        if text.startswith(b"<?", start):
            position = text.find(b"?>", start) + 2
        elif text.startswith(b"<!--", start):
            position = text.find(b"-->", start) + 3
        elif text.startswith(b"<!", start):
            position = text.find(b">", start) + 1
        else:
            match = _ROOT.match(text, start)
            return match.group(1).decode("ascii", "replace") if match else ""
        if position <= start:
            return ""


def parse_xml(path: Path, *, shown: str | None = None) -> Element:
    """The root element of the XML document at ``path``, parsed with ``defusedxml``: no
    entity is expanded and nothing outside the file is fetched.

    Raises :class:`CutFileError` naming the file, and the line and column where the XML
    is not well-formed.
    """
    import defusedxml.ElementTree as safe_tree
    from defusedxml import DefusedXmlException

    name = shown if shown is not None else str(path)
    try:
        return safe_tree.parse(path).getroot()
    except FileNotFoundError:
        raise CutFileError(f"{name}: no such file") from None
    except PermissionError:
        raise CutFileError(f"{name}: not allowed to read this file") from None
    except IsADirectoryError:
        raise CutFileError(f"{name}: is a folder, not a cut file") from None
    except safe_tree.ParseError as error:
        line, column = error.position
        problem = str(error).split(":", 1)[0]
        if problem.startswith("not well-formed (") and problem.endswith(")"):
            problem = problem[len("not well-formed (") : -1]
        raise CutFileError(
            f"{name}: line {line}, column {column + 1}: not well-formed XML ({problem})"
        ) from None
    except DefusedXmlException as error:
        raise CutFileError(
            f"{name}: the XML declares entities or refers to outside files, which scoresync "
            f"does not expand or fetch ({type(error).__name__})"
        ) from None
    except OSError as error:
        raise CutFileError(f"{name}: cannot be read ({error.strerror or error})") from None
