"""Reading a composer's MIDI tempo map back into a :class:`~tempo.map.tempomap.TempoMap`.

* Tempo events become constant segments; runs of short steps that a ramp (linear in beats
  or in time) lands within the tolerance become one ramp segment (see
  :mod:`tempo.midi.ramps`). Before the first tempo event a file plays at 120 quarters per
  minute.
* Time signatures become meters; the beat unit comes from the clocks-per-click byte
  (24 quarter, 12 eighth, 36 dotted quarter, 48 half, ...), or the meter's usual beat
  when the byte names no note value.
* The downbeat (the map's time zero) is the first marker whose text starts with
  ``downbeat_marker`` when one is asked for and found, else tick 0. A marker named
  ``Pickup`` before the downbeat marks where the music starts (the pickup), also when
  more follows the name (``Pickup / bar 0``, ``Pickup 01:00:09:09``), as scoresync
  writes a marker that names several things at once.
* The SMPTE offset is returned as it is written, for picture time to interpret.
* Markers, cue points and text events are returned with their times.

Every tempo event is checked: the time it falls at in the file against the time the new
map gives its position. Events before the pickup start are pre-roll, outside the map
(which continues backwards at its first tempo), and are reported apart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction

from tempo.common.errors import MidiError, TempoError
from tempo.common.exact import Number, format_fraction
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.midi.events import MeterEvent, MidiContent, SmpteOffset, TickClock, read_midi
from tempo.midi.ramps import RampFit, fit_ramp

__all__ = [
    "ImportedMarker",
    "ImportedTempoMap",
    "MeterReading",
    "TempoReading",
    "import_midi_tempo_map",
    "nice_bpm",
    "tempo_map_from_content",
]

PICKUP_MARKER = "pickup"
"""Marker text (any case) that marks the start of a pickup before the downbeat."""

NICE_DRIFT_SECONDS = Fraction(1, 10_000)
"""How far a rounder tempo may move a constant stretch's end from the file's (0.1 ms)."""

MAX_RAMP_SEARCHES = 100
"""How many runs of tempo steps one import tries to read as ramps (a try takes up to some
30 ms): more than any score's accelerandos and ritardandos need. A file with more keeps
the rest as the constant steps it writes, exact to the file, and says so."""

_UNITS_BY_CLOCKS = {unit.midi_clocks: unit for unit in BeatUnit}


@dataclass
class _SearchBudget:
    """The ramp searches an import has left, and the tick of the first run refused one."""

    left: int
    refused_at: int | None = None

    def take(self, ticks: int) -> bool:
        """Whether the run starting at ``ticks`` may be searched (using up one search)."""
        if self.left > 0:
            self.left -= 1
            return True
        if self.refused_at is None or ticks < self.refused_at:
            self.refused_at = ticks
        return False


@dataclass(frozen=True)
class ImportedMarker:
    """A marker, cue point or text event; ``seconds`` from the downbeat (file time)."""

    ticks: int
    text: str
    kind: str
    seconds: Fraction


@dataclass(frozen=True)
class TempoReading:
    """One tempo event of the file: where it falls in the file and in the new map
    (seconds from the downbeat), and whether it is part of the map or pre-roll."""

    ticks: int
    us_per_qn: int
    file_seconds: Fraction
    map_seconds: Number
    in_map: bool

    @property
    def qn_bpm(self) -> float:
        """The event's tempo in quarter notes per minute."""
        return 60_000_000 / self.us_per_qn

    @property
    def drift_seconds(self) -> float:
        """Map time minus file time."""
        return float(self.map_seconds) - float(self.file_seconds)


@dataclass(frozen=True)
class MeterReading:
    """A time signature of the file and the meter and beat unit it became."""

    ticks: int
    meter: Meter
    beat_unit: BeatUnit
    clocks_per_click: int
    note: str = ""


@dataclass(frozen=True)
class ImportedTempoMap:
    """A tempo map read from a MIDI file, with everything needed to judge the reading."""

    name: str
    tempo_map: TempoMap
    ticks_per_quarter: int
    downbeat_ticks: int
    downbeat_source: str
    pickup_ticks: int
    downbeat_file_seconds: Fraction
    smpte: SmpteOffset | None
    markers: tuple[ImportedMarker, ...]
    tempos: tuple[TempoReading, ...]
    meters: tuple[MeterReading, ...]
    ramps: tuple[RampFit, ...]
    notes: tuple[str, ...]

    @property
    def smpte_tuple(self) -> tuple[int, int, int, int, int, int] | None:
        """``(hours, minutes, seconds, frames, subframes, rate_code)`` or ``None``."""
        return None if self.smpte is None else self.smpte.as_tuple()

    @property
    def max_drift_seconds(self) -> float:
        """Largest |map - file| time over the tempo events inside the map."""
        return max((abs(r.drift_seconds) for r in self.tempos if r.in_map), default=0.0)


def import_midi_tempo_map(
    path: str | os.PathLike[str],
    *,
    downbeat_marker: str | None = None,
    tolerance_seconds: float = 0.001,
) -> ImportedTempoMap:
    """Reads the tempo map of the MIDI file at ``path``. See the module notes."""
    content = read_midi(path)
    downbeat, source = _find_downbeat(content, downbeat_marker)
    return tempo_map_from_content(
        content,
        downbeat_ticks=downbeat,
        downbeat_source=source,
        tolerance_seconds=tolerance_seconds,
    )


def _find_downbeat(content: MidiContent, prefix: str | None) -> tuple[int, str]:
    if prefix:
        wanted = prefix.strip().casefold()
        for text in content.texts:
            if text.kind == "marker" and text.text.strip().casefold().startswith(wanted):
                return text.ticks, f"marker {text.text!r} at tick {text.ticks}"
    return 0, "tick 0 (no marker names the downbeat)"


def tempo_map_from_content(
    content: MidiContent,
    *,
    downbeat_ticks: int = 0,
    downbeat_source: str = "tick 0",
    tolerance_seconds: float = 0.001,
) -> ImportedTempoMap:
    """Builds the tempo map of ``content`` with bar 1 at ``downbeat_ticks``."""
    name = content.name
    if not content.tempos:
        raise MidiError(
            f"{name} has no tempo events (FF 51): it carries no tempo map; export the "
            "tempo track (conductor track) from the sequencer"
        )
    notes: list[str] = []
    clock = content.clock()
    tpq = content.ticks_per_quarter
    meters = _meter_readings(content, notes)
    pieces = _pieces(content, clock, meters, downbeat_ticks)
    budget = _SearchBudget(MAX_RAMP_SEARCHES)
    segments, ramps = _segments(pieces, tpq, tolerance_seconds, content.end_ticks, budget)
    if budget.refused_at is not None:
        notes.append(
            f"the file has more runs of tempo steps than {MAX_RAMP_SEARCHES} ramp searches "
            f"cover: from tick {budget.refused_at} on, steps are kept as written (constant "
            "segments, exact to the file)"
        )
    pickup_ticks, pickup_beats = _pickup(content, downbeat_ticks, segments[0], notes)
    try:
        tempo_map = TempoMap(tuple(segments), pickup_beats)
    except TempoError as error:
        raise MidiError(f"{name}: its tempo map cannot be read as bars: {error}") from None
    downbeat_seconds = clock.seconds_at(downbeat_ticks)
    if content.tempos[0].ticks > 0:
        notes.append(
            f"the first tempo event is at tick {content.tempos[0].ticks}: before it the file "
            "plays at the MIDI default of 120 quarter notes per minute"
        )
    return ImportedTempoMap(
        name=name,
        tempo_map=tempo_map,
        ticks_per_quarter=tpq,
        downbeat_ticks=downbeat_ticks,
        downbeat_source=downbeat_source,
        pickup_ticks=pickup_ticks,
        downbeat_file_seconds=downbeat_seconds,
        smpte=content.smpte,
        markers=tuple(
            ImportedMarker(t.ticks, t.text, t.kind, clock.seconds_at(t.ticks) - downbeat_seconds)
            for t in content.texts
        ),
        tempos=_tempo_readings(content, clock, tempo_map, downbeat_ticks, pickup_ticks),
        meters=tuple(meters),
        ramps=tuple(ramps),
        notes=tuple(notes),
    )


def _meter_readings(content: MidiContent, notes: list[str]) -> list[MeterReading]:
    events = list(content.meters) or [MeterEvent(0, 4, 4, 24, 8)]
    if not content.meters:
        notes.append("the file has no time signature: read as 4/4 in quarters")
    readings: list[MeterReading] = []
    for event in events:
        try:
            meter = Meter((event.numerator,), event.denominator)
        except TempoError as error:
            raise MidiError(
                f"{content.name}: the time signature at tick {event.ticks} "
                f"({event.text}) is not usable: {error}"
            ) from None
        unit = _UNITS_BY_CLOCKS.get(event.clocks_per_click)
        note = ""
        if unit is None:
            unit = meter.default_beat_unit()
            note = (
                f"{event.clocks_per_click} clocks per click names no note value; "
                f"counted in {unit.text} beats"
            )
        if readings and readings[-1].ticks == event.ticks:
            readings.pop()
        readings.append(MeterReading(event.ticks, meter, unit, event.clocks_per_click, note))
    return readings


@dataclass(frozen=True)
class _Piece:
    """A stretch of one written tempo and one meter from the downbeat on."""

    start: int
    end: int | None
    us_per_qn: int
    meter: MeterReading


def _pieces(
    content: MidiContent, clock: TickClock, meters: list[MeterReading], downbeat: int
) -> list[_Piece]:
    changes = {downbeat}
    changes.update(e.ticks for e in content.tempos if e.ticks > downbeat)
    changes.update(m.ticks for m in meters if m.ticks > downbeat)
    starts = sorted(changes)
    pieces: list[_Piece] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else None
        meter = [m for m in meters if m.ticks <= start]
        reading = meter[-1] if meter else meters[0]
        us = clock.us_per_qn_at(start)
        if pieces and pieces[-1].us_per_qn == us and pieces[-1].meter == reading:
            pieces[-1] = _Piece(pieces[-1].start, end, us, reading)
        else:
            pieces.append(_Piece(start, end, us, reading))
    return pieces


def _segments(
    pieces: list[_Piece], tpq: int, tolerance: float, end_ticks: int, budget: _SearchBudget
) -> tuple[list[Segment], list[RampFit]]:
    segments: list[Segment] = []
    ramps: list[RampFit] = []
    index = 0
    while index < len(pieces):
        run = _ramp_run(pieces, index, tpq)
        fitted = (
            _fit_runs(pieces[index : index + run], tpq, tolerance, budget) if run >= 3 else None
        )
        if fitted:
            for item in fitted:
                if isinstance(item, RampFit):
                    ramps.append(item)
                    segments.append(_ramp_segment(item, pieces[index].meter))
                else:
                    segments.append(_constant_segment(item, tpq, end_ticks))
            index += run
        else:
            segments.append(_constant_segment(pieces[index], tpq, end_ticks))
            index += 1
    return _joined(segments), ramps


def _joined(segments: list[Segment]) -> list[Segment]:
    """Joins neighbouring constant segments of one tempo, meter and beat unit."""
    joined: list[Segment] = []
    for segment in segments:
        before = joined[-1] if joined else None
        if (
            before is not None
            and before.beats is not None
            and before.end_bpm is None
            and segment.end_bpm is None
            and (before.bpm, before.meter, before.unit)
            == (segment.bpm, segment.meter, segment.unit)
        ):
            beats = None if segment.beats is None else before.beats + segment.beats
            joined[-1] = Segment(beats, before.bpm, meter=before.meter, beat_unit=before.unit)
        else:
            joined.append(segment)
    return joined


def _ramp_run(pieces: list[_Piece], first: int, tpq: int) -> int:
    """How many pieces from ``first`` could be one ramp: short steps of one meter, the
    tempo moving one way."""
    meter = pieces[first].meter
    longest = max(tpq, int(meter.beat_unit.quarters * tpq))
    direction = 0
    count = 0
    for piece in pieces[first:]:
        if piece.end is None or piece.meter != meter or piece.end - piece.start > longest:
            break
        if count:
            step = piece.us_per_qn - pieces[first + count - 1].us_per_qn
            sign = (step > 0) - (step < 0)
            if direction and sign and sign != direction:
                break
            direction = direction or sign
        count += 1
    return count if direction else 0


def _fit_runs(
    run: list[_Piece], tpq: int, tolerance: float, budget: _SearchBudget
) -> list[RampFit | _Piece] | None:
    """The run as one ramp, or split at its sharpest bend into parts that fit (pieces
    left over stay constant); ``None`` when no part of it is a ramp or the ``budget`` of
    searches is spent."""
    if not budget.take(run[0].start):
        return None
    unit = run[0].meter.beat_unit
    fit = fit_ramp(
        [Fraction(p.end - p.start, tpq) for p in run if p.end is not None],
        [p.us_per_qn for p in run],
        unit,
        tolerance_seconds=tolerance,
    )
    if fit is not None:
        return [fit]
    if len(run) < 6:
        return None
    cut = _sharpest_bend(run)
    head = _fit_runs(run[:cut], tpq, tolerance, budget) or list(run[:cut])
    tail = _fit_runs(run[cut:], tpq, tolerance, budget) or list(run[cut:])
    if all(isinstance(item, _Piece) for item in head + tail):
        return None
    return head + tail


def _sharpest_bend(run: list[_Piece]) -> int:
    """Index where the step-to-step tempo change changes most, the one nearest the middle
    among equals. It is sought at least a quarter of the run (and 3 pieces) from either
    end, so each part of a split is at most three quarters of the run: a run of n steps
    is split at most about 2.4 log2(n) deep, whatever its shape."""
    values = [p.us_per_qn for p in run]
    count = len(run)
    first, last = max(3, count // 4), min(count - 3, count - count // 4)

    def bend(index: int) -> tuple[int, int]:
        change = (values[index] - values[index - 1]) - (values[index - 1] - values[index - 2])
        return abs(change), -abs(2 * index - count)

    return max(range(first, last + 1), key=bend)


def _constant_segment(piece: _Piece, tpq: int, end_ticks: int) -> Segment:
    unit = piece.meter.beat_unit
    beats = None
    if piece.end is not None:
        beats = Fraction(piece.end - piece.start, tpq) / unit.quarters
    heard_quarters = Fraction(max((piece.end or end_ticks) - piece.start, tpq), tpq)
    bpm = nice_bpm(piece.us_per_qn, unit, heard_quarters)
    try:
        return Segment(beats, bpm, meter=piece.meter.meter, beat_unit=unit)
    except TempoError as error:
        raise MidiError(f"the tempo event at tick {piece.start}: {error}") from None


def nice_bpm(us_per_qn: int, unit: BeatUnit, quarters: Fraction) -> Fraction:
    """The tempo (BPM of ``unit``) a tempo event of ``us_per_qn`` was most likely written
    from: the roundest BPM (whole, then 1 to 4 decimals) that a writer rounding to whole
    microseconds turns into ``us_per_qn``, as long as the difference over ``quarters``
    stays under :data:`NICE_DRIFT_SECONDS`; else the exact tempo of the event. An exact
    tempo that is already a simple fraction (``200/3`` from 600 000 us in dotted quarters)
    stays as it is.

    >>> nice_bpm(434783, BeatUnit.QUARTER, Fraction(64))
    Fraction(138, 1)
    """
    exact = Fraction(60_000_000, us_per_qn) / unit.quarters
    if exact.denominator <= 1000:
        return exact
    # In integers (a file may hold thousands of events): with the unit a/b quarters and
    # the candidate c / 10^d, the period it writes is 60e6 * 10^d * b / (c * a) us.
    a, b = unit.quarters.numerator, unit.quarters.denominator
    drift = NICE_DRIFT_SECONDS * 1_000_000 / quarters  # the largest error, in us
    for digits in range(5):
        scale = 10**digits
        c = round(exact * scale)
        if c <= 0:
            continue
        written = c * a  # the period's denominator
        error_written = abs(60_000_000 * scale * b - us_per_qn * written)  # error * written
        if 2 * error_written <= written and error_written <= drift * written:
            return Fraction(c, scale)
    return exact


def _ramp_segment(fit: RampFit, meter: MeterReading) -> Segment:
    return Segment(fit.beats, fit.start_bpm, fit.end_bpm, fit.shape, meter.meter, meter.beat_unit)


def _pickup(
    content: MidiContent, downbeat: int, first: Segment, notes: list[str]
) -> tuple[int, Fraction]:
    for text in content.texts:
        if text.kind != "marker" or not _names_pickup(text.text):
            continue
        if not text.ticks < downbeat:
            continue
        beats = Fraction(downbeat - text.ticks, content.ticks_per_quarter) / first.unit.quarters
        if beats < first.beats_per_bar:
            return text.ticks, beats
        notes.append(
            f"the Pickup marker at tick {text.ticks} is {format_fraction(beats)} beats before "
            "the downbeat, a bar or more: ignored"
        )
    return downbeat, Fraction(0)


def _names_pickup(text: str) -> bool:
    """Whether a marker's text is ``Pickup`` (any case), alone or followed by more after a
    space or a ``/``."""
    words = text.strip().casefold()
    rest = words.removeprefix(PICKUP_MARKER)
    return rest != words and (not rest or rest[0] in " /")


def _tempo_readings(
    content: MidiContent, clock: TickClock, tempo_map: TempoMap, downbeat: int, pickup: int
) -> tuple[TempoReading, ...]:
    tpq = content.ticks_per_quarter
    origin = clock.seconds_at(downbeat)
    return tuple(
        TempoReading(
            ticks=event.ticks,
            us_per_qn=event.us_per_qn,
            file_seconds=clock.seconds_at(event.ticks) - origin,
            map_seconds=tempo_map.seconds_at_quarters(Fraction(event.ticks - downbeat, tpq)),
            in_map=event.ticks >= pickup,
        )
        for event in content.tempos
    )
