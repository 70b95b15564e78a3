"""The MusicXML skeleton of a tempo map: bars, meters, tempo marks, hits and bar labels.

A composer opens the skeleton in a notation program and writes into it. It holds one part,
a named click on an unpitched percussion instrument, of rests in the map's bars (a pickup
becomes an incomplete first measure, numbered as :class:`~tempo.map.barnumbers.PickupBar`
says), a time signature wherever the meter changes (additive meters as ``3+3+2/8``), a
system break every few bars, a metronome mark in the beat unit wherever the tempo changes,
ramps as a dashed ``rit.``/``accel.`` line with the target mark where the ramp ends, hits as
text below the staff (must-hit hits boxed) and a label (the timecode, from the caller) above
every bar. Every metronome mark and every beat of a ramp carries a ``<sound tempo>``, so
playback follows the map. :mod:`tempo.musicxml.directions` writes the directions and
:mod:`tempo.musicxml.page` the page, its credits and the instrument.

Positions inside a bar are rounded to the nearest sixteenth or, where that is closer,
eighth-note triplet; the rests of the bar are split so that every mark starts on a rest.
Building the plan (:func:`plan_skeleton`) needs nothing but the map; music21 is imported
only to write the rests, meters and tuplets. The bytes are stable: the encoding date and
software version music21 writes are replaced, and part ids are fixed.

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
from tempo.musicxml.directions import add_directions, line_spans
from tempo.musicxml.page import add_credits, add_instrument, add_page_layout
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
    """The plan's measures as a ``music21.stream.Score``: one part of rests, meters and
    tuplets; :func:`musicxml_bytes` adds the directions, page and instrument."""
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
    if plan.show_meter:
        measure.timeSignature = meter.TimeSignature(str(plan.meter))
    offset = Fraction(0)
    for length in plan.rests:
        rest = note.Rest(quarterLength=length)
        if plan.is_measure_rest:
            rest.fullMeasure = True
        measure.insert(offset, rest)
        offset += length
    stream.makeNotation.makeTupletBrackets(measure, inPlace=True)
    return measure


# -- bytes and files -------------------------------------------------------------------------


def musicxml_bytes(plan: SkeletonPlan, header: ScoreHeader) -> bytes:
    """The skeleton as uncompressed MusicXML (partwise), byte-stable for the same input."""
    from music21.musicxml.m21ToXml import ScoreExporter

    exporter = ScoreExporter(skeleton_score(plan, header), makeNotation=False)
    root = exporter.parse()
    _stabilise(root)
    _finish_measures(root, plan)
    add_page_layout(root, header)
    add_credits(root, header)
    add_instrument(root)
    _clean_tree(root)
    return exporter.asBytes()


def _stabilise(root: Element) -> None:
    """Fixes what music21 varies between runs (date, version, part ids)."""
    for element in root.iter():
        if element.tag in ("score-part", "part"):
            element.set("id", PART_ID)
    for measure in root.iter("measure"):
        for child in list(measure):
            if child.tag == "print" and all(len(item) == 0 for item in child):
                measure.remove(child)  # music21's empty <staff-layout/>
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


def _finish_measures(root: Element, plan: SkeletonPlan) -> None:
    """Each measure's numbering (``implicit`` for a pickup shown as bar 0), its system
    break (``<print new-system="yes">``) and its directions."""
    from xml.etree.ElementTree import Element

    divisions = int(root.findtext("part/measure/attributes/divisions", "1"))
    measures = root.findall("part/measure")
    spans = line_spans(plan.measures)
    for element, measure_plan, span in zip(measures, plan.measures, spans, strict=True):
        element.set("implicit", "yes" if measure_plan.implicit else "no")
        if measure_plan.new_system:
            element.insert(0, Element("print", {"new-system": "yes"}))
        add_directions(element, measure_plan, divisions, span)


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
