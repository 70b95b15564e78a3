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
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tempo.beatunit import BeatUnit
from tempo.errors import ExportError
from tempo.exact import Number, format_fraction
from tempo.meter import Meter

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from tempo.bbt import Bar
    from tempo.tempomap import TempoMap

__all__ = [
    "Direction",
    "DirectionKind",
    "HitMark",
    "MeasurePlan",
    "ScoreHeader",
    "SkeletonPlan",
    "bpm_text",
    "musicxml_bytes",
    "mxl_bytes",
    "plan_skeleton",
    "skeleton_score",
    "write_skeleton",
]

SIXTEENTH = Fraction(1, 4)
TRIPLET_EIGHTH = Fraction(1, 3)
PART_ID = "P1"
PAGE_HEIGHT_TENTHS, PAGE_WIDTH_TENTHS, MARGIN_TENTHS, TOP_SYSTEM_TENTHS = 1697, 1200, 85, 240
SOFTWARE = "scoresync"
MXL_MEDIA_TYPE = "application/vnd.recordare.musicxml"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_PLAIN_RESTS = tuple(Fraction(4, 2**n) for n in range(7))  # whole .. 64th
_DOTTED_RESTS = (Fraction(3), Fraction(3, 2), Fraction(3, 4), Fraction(3, 8))


class HitMark(NamedTuple):
    """A mark at ``quarters`` from the bar-1 downbeat; ``must_hit`` marks become
    rehearsal marks, the others text. A plain ``(quarters, text)`` tuple works too."""

    quarters: Number
    text: str
    must_hit: bool = False


class DirectionKind(Enum):
    """What a direction above the staff is."""

    LABEL = "label"
    TEMPO = "tempo"
    RAMP = "ramp"
    HIT = "hit"
    MUST_HIT = "must_hit"


@dataclass(frozen=True)
class Direction:
    """A direction at ``offset`` quarters from the start of its measure's first rest.

    ``bpm`` and ``unit`` are set on tempo marks.
    """

    offset: Fraction
    kind: DirectionKind
    text: str = ""
    bpm: Fraction | None = None
    unit: BeatUnit | None = None


@dataclass(frozen=True)
class MeasurePlan:
    """One measure: its number, meter (``show_meter`` where it changes), the rests in order
    (quarters) and the directions. ``padding_quarters`` is the missing start of a pickup.
    A measure of one rest as long as the bar is a whole-bar rest."""

    number: int
    meter: Meter
    show_meter: bool
    padding_quarters: Fraction
    rests: tuple[Fraction, ...]
    directions: tuple[Direction, ...]

    @property
    def length_quarters(self) -> Fraction:
        """Played length: the bar, or the pickup's part of it."""
        return sum(self.rests, Fraction(0))

    @property
    def is_measure_rest(self) -> bool:
        """Whether the measure is one whole-bar rest."""
        return self.padding_quarters == 0 and len(self.rests) == 1


@dataclass(frozen=True)
class SkeletonPlan:
    """The measures of a skeleton and the marks that fell outside them."""

    measures: tuple[MeasurePlan, ...]
    dropped: tuple[HitMark, ...] = ()


@dataclass(frozen=True)
class ScoreHeader:
    """What heads the score: ``title`` (the cue number and title), ``number`` (the cue
    number, the movement number), ``work_title`` (the film or episode), further ``lines``
    (rate, timecodes) and the part's name."""

    title: str
    number: str = ""
    work_title: str = ""
    lines: tuple[str, ...] = field(default_factory=tuple)
    part_name: str = "Click"


# -- planning ---------------------------------------------------------------------------------


def plan_skeleton(
    tempo_map: TempoMap,
    *,
    end_seconds: Number,
    bar_labels: Mapping[int, str] | None = None,
    hit_marks: Sequence[HitMark | tuple[Number, str] | tuple[Number, str, bool]] = (),
) -> SkeletonPlan:
    """Plans the measures of ``tempo_map`` from its start (the pickup) to the bar holding
    ``end_seconds`` (seconds from the bar-1 downbeat, exclusive).

    ``bar_labels`` maps bar numbers to text shown above the bar (the timecode);
    ``hit_marks`` are placed at their rounded positions. Marks before the first or after
    the last bar are returned in ``dropped``. Raises :class:`ExportError` when no bar
    starts before ``end_seconds``.
    """
    bars = [bar for bar in tempo_map.bars(end_seconds) if bar.start_seconds < end_seconds]
    if not bars:
        raise ExportError(
            "the music ends before the tempo map's first bar: nothing to write; "
            "move the downbeat or the cue's end"
        )
    marks = [HitMark(*item) for item in hit_marks]
    placed: dict[int, list[tuple[Fraction, Direction]]] = {index: [] for index in range(len(bars))}
    dropped: list[HitMark] = []
    for quarters, direction in _tempo_directions(tempo_map):
        index = _bar_index(bars, quarters)
        if index is not None:
            placed[index].append((quarters - _notional_start(bars[index]), direction))
    for mark in marks:
        quarters = Fraction(mark.quarters)
        index = _bar_index(bars, quarters)
        if index is None:
            dropped.append(mark)
            continue
        kind = DirectionKind.MUST_HIT if mark.must_hit else DirectionKind.HIT
        direction = Direction(Fraction(0), kind, mark.text)
        placed[index].append((quarters - _notional_start(bars[index]), direction))
    measures = _measures(bars, placed, bar_labels or {})
    return SkeletonPlan(measures=tuple(measures), dropped=tuple(dropped))


def _notional_start(bar: Bar) -> Fraction:
    """Where the bar's downbeat is (or would be, for a pickup), in quarters."""
    return bar.start_quarters - (bar.meter.bar_quarters - bar.length_quarters)


def _bar_index(bars: list[Bar], quarters: Fraction) -> int | None:
    for index, bar in enumerate(bars):
        if bar.start_quarters <= quarters < bar.start_quarters + bar.length_quarters:
            return index
    return None


def _tempo_directions(tempo_map: TempoMap) -> list[tuple[Fraction, Direction]]:
    """Tempo marks where the tempo or beat unit changes and after every ramp; ramp text."""
    result: list[tuple[Fraction, Direction]] = []
    before: tuple[Fraction, BeatUnit, bool] | None = None
    for index, segment in enumerate(tempo_map.segments):
        start = tempo_map.start_quarters if index == 0 else tempo_map.segment_start_quarters(index)
        ramp = segment.end_bpm is not None
        if before is None or before[2] or before[:2] != (segment.bpm, segment.unit):
            result.append((start, _tempo_mark(segment.bpm, segment.unit)))
        if segment.end_bpm is not None:
            word = "accel." if segment.end_bpm > segment.bpm else "rit."
            text = (
                f"{word} ({segment.unit.label} = {bpm_text(segment.bpm)} to "
                f"{bpm_text(segment.end_bpm)})"
            )
            result.append((start, Direction(Fraction(0), DirectionKind.RAMP, text)))
        before = (segment.final_bpm, segment.unit, ramp)
    last = tempo_map.segments[-1]
    end = tempo_map.end_quarters
    if last.end_bpm is not None and end is not None:
        result.append((end, _tempo_mark(last.end_bpm, last.unit)))
    return result


def _tempo_mark(bpm: Fraction, unit: BeatUnit) -> Direction:
    return Direction(Fraction(0), DirectionKind.TEMPO, bpm_text(bpm), bpm=bpm, unit=unit)


def bpm_text(bpm: Number) -> str:
    """A tempo for reading: exact up to three decimals (``117.55``), else two (``34.29``)."""
    exact = Fraction(bpm)
    text = format_fraction(exact)
    if "/" in text or len(text.partition(".")[2]) > 3:
        return f"{float(exact):.2f}"
    return text


def _measures(
    bars: list[Bar],
    placed: dict[int, list[tuple[Fraction, Direction]]],
    bar_labels: Mapping[int, str],
) -> list[MeasurePlan]:
    snapped = _snap_all(bars, placed)
    measures = []
    previous_meter: Meter | None = None
    for index, bar in enumerate(bars):
        padding = bar.meter.bar_quarters - bar.length_quarters
        directions = []
        if bar.number in bar_labels:
            directions.append(Direction(padding, DirectionKind.LABEL, bar_labels[bar.number]))
        directions += sorted(snapped[index], key=_direction_order)
        rests = _bar_rests(bar, padding, [d.offset for d in directions])
        measures.append(
            MeasurePlan(
                number=bar.number,
                meter=bar.meter,
                show_meter=bar.meter != previous_meter,
                padding_quarters=padding,
                rests=tuple(rests),
                directions=tuple(replace(d, offset=d.offset - padding) for d in directions),
            )
        )
        previous_meter = bar.meter
    return measures


_KIND_ORDER = {kind: order for order, kind in enumerate(DirectionKind)}


def _direction_order(direction: Direction) -> tuple[Fraction, int]:
    return direction.offset, _KIND_ORDER[direction.kind]


def _snap_all(
    bars: list[Bar], placed: dict[int, list[tuple[Fraction, Direction]]]
) -> dict[int, list[Direction]]:
    """Rounds every direction's offset (in notional bar coordinates); a mark rounded onto
    the bar line moves to the next bar's downbeat (or back a sixteenth in the last bar)."""
    result: dict[int, list[Direction]] = {index: [] for index in range(len(bars))}
    for index, bar in enumerate(bars):
        padding = bar.meter.bar_quarters - bar.length_quarters
        offsets = _snap_offsets([offset for offset, _ in placed[index]], bar, padding)
        for offset, (_, direction) in zip(offsets, placed[index], strict=True):
            if offset >= bar.meter.bar_quarters and index + 1 < len(bars):
                following = bars[index + 1]
                start = following.meter.bar_quarters - following.length_quarters
                result[index + 1].append(replace(direction, offset=start))
            else:
                last = bar.meter.bar_quarters - SIXTEENTH
                result[index].append(replace(direction, offset=min(offset, last)))
    return result


def _snap_offsets(offsets: list[Fraction], bar: Bar, padding: Fraction) -> list[Fraction]:
    """Nearest sixteenth or eighth-triplet position of each offset. Triplets are used in
    simple meters only (not in dotted-beat or additive bars), and in a quarter window of
    the bar only when the whole window lies in the bar and none of its off-beat marks is
    nearer a sixteenth."""
    bar_quarters = bar.meter.bar_quarters
    simple = not (bar.beat_unit.is_dotted or bar.meter.is_additive)
    snapped = [_nearest(offset, padding, bar_quarters, simple) for offset in offsets]
    sixteenths = {math.floor(o) for o in snapped if o % SIXTEENTH == 0 and o % 1 != 0}
    triplets = {math.floor(o) for o in snapped if o % SIXTEENTH != 0}
    clash = triplets & sixteenths
    result = []
    for offset, exact in zip(snapped, offsets, strict=True):
        if math.floor(offset) in clash:
            offset = max(_round_to(exact, SIXTEENTH), padding)
        result.append(offset)
    return result


def _nearest(
    offset: Fraction, padding: Fraction, bar_quarters: Fraction, triplets_allowed: bool
) -> Fraction:
    sixteenth = _round_to(offset, SIXTEENTH)
    triplet = _round_to(offset, TRIPLET_EIGHTH)
    window = math.floor(triplet)
    if (
        triplets_allowed
        and abs(triplet - offset) < abs(sixteenth - offset)
        and window >= padding
        and window + 1 <= bar_quarters
    ):
        return triplet
    return max(sixteenth, padding)


def _round_to(value: Fraction, step: Fraction) -> Fraction:
    return math.floor(value / step + Fraction(1, 2)) * step


def _bar_rests(bar: Bar, padding: Fraction, offsets: list[Fraction]) -> list[Fraction]:
    """Rests filling the played part of the bar, split at every direction offset."""
    bar_quarters = bar.meter.bar_quarters
    cuts = sorted({offset for offset in offsets if padding < offset < bar_quarters})
    if not cuts and padding == 0:
        return [bar_quarters]
    triplets = {math.floor(offset) for offset in cuts if offset % SIXTEENTH != 0}
    rests: list[Fraction] = []
    for start, end in zip([padding, *cuts], [*cuts, bar_quarters], strict=True):
        rests += _fill(start, end, bar, triplets)
    return rests


def _fill(start: Fraction, end: Fraction, bar: Bar, triplets: set[int]) -> list[Fraction]:
    """Rests from ``start`` to ``end`` (notional bar coordinates): eighth-triplet rests in
    triplet windows, elsewhere the longest rest that starts on its own grid and does not
    hide a beat (or, in additive meters, a group)."""
    rests: list[Fraction] = []
    position = start
    while position < end:
        if math.floor(position) in triplets:
            rests.append(TRIPLET_EIGHTH)
            position += TRIPLET_EIGHTH
            continue
        limit = min([end, *(Fraction(w) for w in triplets if position < w < end)])
        duration = _longest_rest(position, limit, bar)
        rests.append(duration)
        position += duration
    return rests


def _longest_rest(position: Fraction, limit: Fraction, bar: Bar) -> Fraction:
    meter, unit = bar.meter, bar.beat_unit
    dotted = meter.is_additive or unit.is_dotted
    candidates = sorted(_PLAIN_RESTS + (_DOTTED_RESTS if dotted else ()), reverse=True)
    boundaries = _beat_boundaries(meter, unit)
    for duration in candidates:
        end = position + duration
        if end > limit or (position - _group_start(meter, position)) % duration != 0:
            continue
        inside = [b for b in boundaries if position < b < end]
        if inside and (position not in boundaries or end not in boundaries):
            continue
        if meter.is_additive and any(position < g < end for g in meter.group_offsets_quarters):
            continue
        return duration
    return limit - position  # not reached for positions on the sixteenth grid


def _beat_boundaries(meter: Meter, unit: BeatUnit) -> set[Fraction]:
    if meter.is_additive:
        return {*meter.group_offsets_quarters, meter.bar_quarters}
    count = math.ceil(meter.bar_quarters / unit.quarters)
    return {min(n * unit.quarters, meter.bar_quarters) for n in range(count + 1)}


def _group_start(meter: Meter, position: Fraction) -> Fraction:
    if not meter.is_additive:
        return Fraction(0)
    return max(g for g in meter.group_offsets_quarters if g <= position)


# -- music21 ----------------------------------------------------------------------------------


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
        number = float(bpm_text(direction.bpm))
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
    ``mimetype`` first and stored, ``META-INF/container.xml`` and the score ``name``."""
    import io

    container = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<container>\n  <rootfiles>\n'
        f'    <rootfile full-path="{name}" media-type="{MXL_MEDIA_TYPE}+xml"/>\n'
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
    try:
        target.write_bytes(data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(
            f"cannot write {target}: {reason}; choose a folder you can write to"
        ) from None
    return target
