"""The MusicXML skeleton of a tempo map: bars, meters, tempo marks, hits and bar labels.

A composer opens the skeleton in a notation program and writes into it. It holds one part
of whole-bar rests in the map's bars (a pickup becomes an incomplete first measure, number
0), a time signature wherever the meter changes (additive meters as ``3+3+2/8``), a
metronome mark in the beat unit wherever the tempo changes, ramps as ``accel.``/``rit.``
text with the exact start and end tempo and the target mark where the ramp ends, hits as
text (must-hit hits as rehearsal marks) and a label (the timecode, from the caller) above
every bar.

Positions inside a bar are rounded to the nearest sixteenth or, where that is closer,
eighth-note triplet; the rests of the bar are split so that every mark starts on a rest.
Building the plan (:func:`plan_skeleton`) needs nothing but the map; music21 is imported
only to write the file. The bytes are stable: the encoding date and software version
music21 writes are replaced, and part ids are fixed.

Every text that reaches the file (titles, hit labels, bar labels, the file name inside an
``.mxl``) passes through :func:`xml_text`, which drops the characters XML 1.0 forbids
(control characters such as ESC, lone surrogates, U+FFFE and U+FFFF), so the file always
parses.
"""

from __future__ import annotations

import re
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tempo.common.atomic import write_export
from tempo.common.exact import bpm_text
from tempo.musicxml.plan import (
    Direction,
    DirectionKind,
    HitMark,
    MeasurePlan,
    ScoreHeader,
    SkeletonPlan,
    plan_skeleton,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


PART_ID = "P1"
PAGE_HEIGHT_TENTHS, PAGE_WIDTH_TENTHS, MARGIN_TENTHS, TOP_SYSTEM_TENTHS = 1697, 1200, 85, 240
SOFTWARE = "scoresync"
MXL_MEDIA_TYPE = "application/vnd.recordare.musicxml"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

__all__ = [
    "Direction",
    "DirectionKind",
    "HitMark",
    "MeasurePlan",
    "ScoreHeader",
    "SkeletonPlan",
    "musicxml_bytes",
    "mxl_bytes",
    "plan_skeleton",
    "skeleton_score",
    "write_skeleton",
    "xml_text",
]

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character XML 1.0 does not allow in a document."""


def xml_text(text: str) -> str:
    r"""``text`` without the characters XML 1.0 forbids: C0 controls other than tab, line
    feed and carriage return (ESC among them), lone surrogates, U+FFFE and U+FFFF.

    >>> xml_text("Main\x1b[1m Title\uffff")
    'Main[1m Title'
    """
    return _NOT_XML.sub("", text)


def _clean_tree(root: Element) -> None:
    """Every text, tail and attribute value under ``root`` made :func:`xml_text`."""
    for element in root.iter():
        if element.text:
            element.text = xml_text(element.text)
        if element.tail:
            element.tail = xml_text(element.tail)
        for key, value in element.attrib.items():
            element.attrib[key] = xml_text(value)


def skeleton_score(plan: SkeletonPlan, header: ScoreHeader) -> Any:
    """The plan as a ``music21.stream.Score`` (one part of rests with directions)."""
    from music21 import bar, clef, layout, metadata, stream

    score = stream.Score()
    info = metadata.Metadata()
    info.title = header.work_title or header.title
    info.movementName = header.title
    if header.number:
        info.movementNumber = header.number
    score.metadata = info
    part = stream.Part()
    part.partName = header.part_name
    for index, measure_plan in enumerate(plan.measures):
        measure = _measure(measure_plan)
        if index == 0:
            measure.insert(0, clef.PercussionClef())
            measure.insert(0, layout.StaffLayout(staffLines=1))
        if index == len(plan.measures) - 1:
            measure.rightBarline = bar.Barline("final")
        part.append(measure)
    score.insert(0, part)
    return score


def _measure(plan: MeasurePlan) -> Any:
    from music21 import meter, note, stream

    measure = stream.Measure(number=plan.number)
    if plan.padding_quarters:
        measure.paddingLeft = plan.padding_quarters
        measure.showNumber = stream.enums.ShowNumber.NEVER
    if plan.show_meter:
        measure.timeSignature = meter.TimeSignature(str(plan.meter))
    offset = Fraction(0)
    for length in plan.rests:
        rest = note.Rest(quarterLength=length)
        if plan.is_measure_rest:
            rest.fullMeasure = True
        measure.insert(offset, rest)
        offset += length
    for direction in plan.directions:
        measure.insert(direction.offset, _direction(direction))
    stream.makeNotation.makeTupletBrackets(measure, inPlace=True)
    return measure


def _direction(direction: Direction) -> Any:
    from music21 import duration, expressions, tempo

    if direction.kind is DirectionKind.TEMPO:
        assert direction.bpm is not None and direction.unit is not None
        number = _mark_number(direction.bpm)
        mark: Any = tempo.MetronomeMark(
            number=int(number) if number.is_integer() else number,
            referent=duration.Duration(direction.unit.quarters),
        )
        mark.placement = "above"
        return mark
    if direction.kind is DirectionKind.MUST_HIT:
        rehearsal: Any = expressions.RehearsalMark(direction.text)
        rehearsal.placement = "above"
        return rehearsal
    text: Any = expressions.TextExpression(direction.text)
    text.placement = "above"
    if direction.kind is DirectionKind.LABEL:
        text.style.fontSize = 8
    elif direction.kind is DirectionKind.RAMP:
        text.style.fontStyle = "italic"
    else:
        text.style.fontWeight = "bold"
    return text


def _mark_number(bpm: Fraction) -> float:
    """The number of a metronome mark: the tempo as lists show it (two decimals), or, for
    a tempo that would show as 0, its first three significant figures."""
    number = float(bpm_text(bpm))
    return number if number > 0 else float(f"{float(bpm):.3g}")


# -- bytes and files -------------------------------------------------------------------------


def musicxml_bytes(plan: SkeletonPlan, header: ScoreHeader) -> bytes:
    """The skeleton as uncompressed MusicXML (partwise), byte-stable for the same input."""
    from music21.musicxml.m21ToXml import ScoreExporter

    exporter = ScoreExporter(skeleton_score(plan, header), makeNotation=False)
    root = exporter.parse()
    _stabilise(root, header)
    return exporter.asBytes()


def _stabilise(root: Element, header: ScoreHeader) -> None:
    """Fixes what music21 varies between runs (date, version, part ids) and adds the
    header as credits."""
    from xml.etree.ElementTree import Element, SubElement

    for element in root.iter():
        if element.tag in ("score-part", "part"):
            element.set("id", PART_ID)
    for measure in root.iter("measure"):
        for child in list(measure):
            if child.tag == "print" and all(len(item) == 0 for item in child):
                measure.remove(child)  # music21's empty <staff-layout/>
            for offset in child.findall("offset") if child.tag == "direction" else []:
                if offset.text == "0":
                    child.remove(offset)
    identification = root.find("identification")
    if identification is not None:
        for creator in identification.findall("creator"):
            identification.remove(creator)
        encoding = identification.find("encoding")
        if encoding is not None:
            for date in encoding.findall("encoding-date"):
                encoding.remove(date)
            software = encoding.find("software")
            if software is not None:
                software.text = SOFTWARE
    _add_page_layout(root)
    position = list(root).index(root.find("part-list"))  # type: ignore[arg-type]
    texts = [("title", header.title, "20"), ("subtitle", header.work_title, "12")]
    texts += [("", line, "9") for line in header.lines]
    y = PAGE_HEIGHT_TENTHS - MARGIN_TENTHS
    for credit_type, words, size in texts:
        if not words:
            continue
        credit = Element("credit", page="1")
        if credit_type:
            SubElement(credit, "credit-type").text = credit_type
        attributes = {"default-x": str(PAGE_WIDTH_TENTHS // 2), "default-y": str(y)}
        attributes |= {"font-size": size, "justify": "center", "valign": "top"}
        SubElement(credit, "credit-words", attributes).text = words
        root.insert(position, credit)
        position += 1
        y -= 4 * int(size)
    _clean_tree(root)


def _add_page_layout(root: Element) -> None:
    """An A4 page in tenths (7 mm per 40 tenths) after music21's scaling, so that the
    credits' positions mean the same page in every program, and room above the first
    system for them."""
    from xml.etree.ElementTree import Element, SubElement

    defaults = root.find("defaults")
    if defaults is None:
        return
    layout = Element("page-layout")
    SubElement(layout, "page-height").text = str(PAGE_HEIGHT_TENTHS)
    SubElement(layout, "page-width").text = str(PAGE_WIDTH_TENTHS)
    margins = SubElement(layout, "page-margins", type="both")
    for side in ("left", "right", "top", "bottom"):
        SubElement(margins, f"{side}-margin").text = str(MARGIN_TENTHS)
    system = Element("system-layout")
    SubElement(system, "top-system-distance").text = str(TOP_SYSTEM_TENTHS)
    scaling = defaults.find("scaling")
    position = 0 if scaling is None else list(defaults).index(scaling) + 1
    defaults.insert(position, layout)
    defaults.insert(position + 1, system)


def mxl_bytes(plan: SkeletonPlan, header: ScoreHeader, *, name: str = "score.musicxml") -> bytes:
    """The skeleton as compressed MusicXML (``.mxl``): a zip with a fixed date, the
    ``mimetype`` first and stored, ``META-INF/container.xml`` and the score ``name``
    (:func:`xml_text`, and ``score.musicxml`` when nothing is left)."""
    import io
    from xml.sax.saxutils import quoteattr

    name = xml_text(name).strip() or "score.musicxml"
    container = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<container>\n  <rootfiles>\n'
        f'    <rootfile full-path={quoteattr(name)} media-type="{MXL_MEDIA_TYPE}+xml"/>\n'
        "  </rootfiles>\n</container>\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [
            ("mimetype", MXL_MEDIA_TYPE.encode(), zipfile.ZIP_STORED),
            ("META-INF/container.xml", container.encode(), zipfile.ZIP_DEFLATED),
            (name, musicxml_bytes(plan, header), zipfile.ZIP_DEFLATED),
        ]
        for entry_name, data, method in entries:
            info = zipfile.ZipInfo(entry_name, date_time=_ZIP_DATE)
            info.compress_type = method
            archive.writestr(info, data)
    return buffer.getvalue()


def write_skeleton(
    path: Path | str, plan: SkeletonPlan, header: ScoreHeader, *, compressed: bool | None = None
) -> Path:
    """Writes the skeleton to ``path``: compressed MusicXML when ``compressed`` (by default
    for a ``.mxl`` path), else plain.

    Raises :class:`ExportError` naming the path when it cannot be written.
    """
    target = Path(path)
    if compressed is None:
        compressed = target.suffix.lower() == ".mxl"
    if compressed:
        data = mxl_bytes(plan, header, name=target.with_suffix(".musicxml").name)
    else:
        data = musicxml_bytes(plan, header)
    return write_export(target, data)
