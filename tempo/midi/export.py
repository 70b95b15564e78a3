"""A tempo map as MIDI conductor events: ``FF 51`` tempos and ``FF 58`` time signatures.

Tick 0 sits at ``origin_quarters`` of the map (the map goes on at its first tempo and meter
before the pickup). Ticks are 960 per quarter note.

Where a file starts (:func:`file_start`). A MIDI reader (a DAW, MuseScore, music21,
pretty_midi) numbers the file's first bar 1 and counts bars from tick 0 by the time
signatures. So a cue's file starts on the music's first bar line, the start of the pickup
(bar 1's downbeat without one), and the pickup is written as its own short bar: a time
signature as long as the pickup (2/4 for two beats of 4/4, 3/8 for a dotted-quarter beat
of 6/8 or three eighths of 7/8), then the cue's meter from the downbeat. A reader then
numbers the pickup bar 1 and the cue's bar 1 bar 2 (:attr:`tempo.map.barnumbers.PickupBar.ONE`).
A pickup no time signature can measure (a third of a beat) keeps the full bar it ends, as
the map's bar 0. When the file must hold something before the music (a hit, a streamer),
it starts whole bars of the first meter earlier (pre-roll bars, at the first tempo, counted
back from the music's first bar line) and the reader's bar numbers are that many higher.

Tempos. A Standard MIDI File has no ramps, so a ramp is written as steps of a chosen
density (every beat, eighth or sixteenth, from the ramp's start; a click-period ramp,
whose tempo holds for each whole beat, always steps by the beat). Each step carries the
*average* tempo over the step, ``60 * dq / dt``, as whole microseconds per quarter note,
and the rounding error is carried into the next step: the step's value is chosen so that
the written time at the step's end is as close as it can be to the map's. So the ramp's
end lands where the map says, whatever the number of steps.

A constant stretch is one event at the nearest whole microseconds per quarter
(``round(60e6 / qn_bpm)``, exactly what a sequencer displays). Where that rounding would
let the written time drift from the map by more than :data:`CONSTANT_DRIFT_LIMIT_SECONDS`
over a long stretch, the stretch is cut at bar lines and a bar takes the neighbouring
value, so the written time never strays further.

Time signatures. ``FF 58 nn dd cc bb``: ``nn`` the top number (the sum of an additive
meter's groups), ``dd`` the power of two of the bottom number, ``cc`` MIDI clocks per
metronome click from the beat unit (quarter 24, eighth 12, dotted quarter 36, half 48),
``bb`` = 8 thirty-second notes per quarter. 6/8 in dotted quarters is ``04 06 03 24 08``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING

from tempo.common.errors import MidiError
from tempo.map.bbt import TICKS_PER_QUARTER
from tempo.map.ramps import RampShape
from tempo.midi.events import MeterEvent, TempoEvent

if TYPE_CHECKING:
    from tempo.map.segment import Segment
    from tempo.map.tempomap import TempoMap

__all__ = [
    "CONSTANT_DRIFT_LIMIT_SECONDS",
    "FileStart",
    "RampStep",
    "conductor_events",
    "file_start",
    "meter_event",
    "pickup_time_signature",
    "ticks_at_quarters",
]

CONSTANT_DRIFT_LIMIT_SECONDS = Fraction(1, 10_000)
"""How far the written time of a constant stretch may stray from the map (0.1 ms)."""

_US_PER_SECOND = 1_000_000


class RampStep(Enum):
    """How finely a ramp is written: one tempo event per beat, eighth or sixteenth."""

    BEAT = "beat"
    EIGHTH = "eighth"
    SIXTEENTH = "sixteenth"

    def quarters(self, segment: Segment) -> Fraction:
        """Length of one step in quarter notes within ``segment``."""
        if self is RampStep.BEAT:
            return segment.unit.quarters
        return Fraction(1, 2) if self is RampStep.EIGHTH else Fraction(1, 4)

    @classmethod
    def parse(cls, text: str | RampStep) -> RampStep:
        """Reads ``beat``, ``eighth`` or ``sixteenth``."""
        if isinstance(text, RampStep):
            return text
        try:
            return cls(text.strip().lower())
        except (ValueError, AttributeError):
            raise MidiError(f"unknown ramp step {text!r}: use beat, eighth or sixteenth") from None


def ticks_at_quarters(quarters: Fraction | float, origin_quarters: Fraction) -> int:
    """The tick nearest ``quarters`` (halves round up), tick 0 at ``origin_quarters``."""
    offset = (Fraction(quarters) - origin_quarters) * TICKS_PER_QUARTER
    return math.floor(offset + Fraction(1, 2))


def meter_event(ticks: int, segment: Segment) -> MeterEvent:
    """The ``FF 58`` event for ``segment``'s meter and beat unit at ``ticks``."""
    meter = segment.meter
    return MeterEvent(
        ticks=ticks,
        numerator=meter.numerator,
        denominator=meter.denominator,
        clocks_per_click=segment.unit.midi_clocks,
        thirty_seconds_per_quarter=8,
    )


def pickup_time_signature(tempo_map: TempoMap) -> tuple[int, int] | None:
    """``(numerator, denominator)`` of the time signature as long as ``tempo_map``'s
    pickup, over the first meter's bottom number where it can be (2/4 for two beats of
    4/4, 3/8 for one dotted-quarter beat of 6/8), else a finer one (1/8 for half a beat
    of 4/4); ``None`` without a pickup or when no time signature up to x/64 is as long.

    >>> from tempo.map.tempomap import TempoMap
    >>> pickup_time_signature(TempoMap.constant(120, "6/8", pickup_beats=1))
    (3, 8)
    """
    quarters = tempo_map.pickup_quarters
    if quarters <= 0:
        return None
    denominator = tempo_map.segments[0].meter.denominator
    while denominator <= 64:
        count = quarters * denominator / 4
        if count.denominator == 1 and count <= 255:
            return int(count), denominator
        denominator *= 2
    return None


@dataclass(frozen=True)
class FileStart:
    """Where a MIDI file of a tempo map starts (see the module's description).

    ``origin_quarters`` is tick 0 and ``music_quarters`` the music's first bar line: the
    pickup's start when ``pickup`` (its time signature) writes it as its own bar, the
    downbeat of the full bar it ends otherwise (bar 0), bar 1's downbeat without a pickup.
    ``pre_roll_bars`` whole bars of the first meter lie between them.
    """

    origin_quarters: Fraction
    music_quarters: Fraction
    pre_roll_bars: int
    pickup: tuple[int, int] | None
    has_pickup: bool

    def file_bar(self, bar: int) -> int:
        """The number a MIDI reader gives the map's bar ``bar`` (the pickup bar is 0)."""
        return bar + self.pre_roll_bars + (1 if self.has_pickup else 0)


def file_start(
    tempo_map: TempoMap, *, earliest_quarters: Fraction | None = None, pre_roll_bars: int = 0
) -> FileStart:
    """Where a file of ``tempo_map`` starts: the music's first bar line, less at least
    ``pre_roll_bars`` whole bars of the first meter and as many as reach back to
    ``earliest_quarters`` (the earliest thing the file must hold), when that is before.

    >>> from tempo.map.tempomap import TempoMap
    >>> start = file_start(TempoMap.constant(120, pickup_beats=1), earliest_quarters=-3)
    >>> (start.origin_quarters, start.pre_roll_bars, start.file_bar(1))
    (Fraction(-5, 1), 1, 3)
    """
    if pre_roll_bars < 0:
        raise MidiError(f"pre-roll bars must be 0 or more, got {pre_roll_bars}")
    pickup = pickup_time_signature(tempo_map)
    if pickup is not None or tempo_map.pickup_beats == 0:
        music = tempo_map.start_quarters
    else:
        music = tempo_map.downbeat_quarters(0)
    bar_quarters = tempo_map.segments[0].meter.bar_quarters
    bars = pre_roll_bars
    if earliest_quarters is not None and earliest_quarters < music:
        bars = max(bars, math.ceil((music - Fraction(earliest_quarters)) / bar_quarters))
    return FileStart(
        origin_quarters=music - bars * bar_quarters,
        music_quarters=music,
        pre_roll_bars=bars,
        pickup=pickup,
        has_pickup=tempo_map.pickup_beats > 0,
    )


@dataclass(frozen=True)
class _Piece:
    """A stretch written as one tempo value: ``[start, end)`` in quarters. ``qn_bpm`` is
    the tempo of a constant stretch, ``None`` for a ramp step."""

    start: Fraction
    end: Fraction
    segment: Segment
    qn_bpm: Fraction | None


def conductor_events(
    tempo_map: TempoMap,
    *,
    origin_quarters: Fraction,
    end_quarters: Fraction,
    ramp_step: RampStep = RampStep.SIXTEENTH,
) -> tuple[tuple[TempoEvent, ...], tuple[MeterEvent, ...]]:
    """The tempo and time-signature events that play ``tempo_map`` from tick 0
    (``origin_quarters``) to ``end_quarters``."""
    if end_quarters <= origin_quarters:
        raise MidiError("a MIDI tempo map needs its end after its start")
    pieces = _pieces(tempo_map, origin_quarters, end_quarters, ramp_step)
    tempos = _tempo_events(tempo_map, pieces, origin_quarters)
    meters = _meter_events(tempo_map, origin_quarters, end_quarters)
    return tempos, meters


def _spans(
    tempo_map: TempoMap, end_quarters: Fraction
) -> list[tuple[Fraction, Fraction, Segment, Fraction | None]]:
    """``(start, end, segment, qn_bpm)`` for the lead before bar 1, each segment and the
    tail after a map's end; ``qn_bpm`` is ``None`` for a ramp."""
    first = tempo_map.segments[0]
    lead_start = min(Fraction(0), end_quarters) - 10**9
    result: list[tuple[Fraction, Fraction, Segment, Fraction | None]] = [
        (lead_start, Fraction(0), first, first.qn_bpm)
    ]
    for index, segment in enumerate(tempo_map.segments):
        start = tempo_map.segment_start_quarters(index)
        length = segment.length_quarters
        end = end_quarters if length is None else start + length
        constant = segment.ramp is RampShape.CONSTANT
        result.append((start, end, segment, segment.qn_bpm if constant else None))
    if tempo_map.end_quarters is not None:
        last = tempo_map.segments[-1]
        tail_bpm = last.final_bpm * last.unit.quarters
        result.append(
            (tempo_map.end_quarters, max(end_quarters, tempo_map.end_quarters), last, tail_bpm)
        )
    return result


def _pieces(
    tempo_map: TempoMap, origin: Fraction, end: Fraction, ramp_step: RampStep
) -> list[_Piece]:
    """The map cut into stretches of one written tempo each, between ``origin`` and ``end``."""
    pieces: list[_Piece] = []
    for start, stop, segment, qn_bpm in _spans(tempo_map, end):
        low, high = max(start, origin), min(stop, end)
        if low >= high:
            continue
        if qn_bpm is not None:
            if pieces and pieces[-1].qn_bpm == qn_bpm:
                pieces[-1] = _Piece(pieces[-1].start, high, pieces[-1].segment, qn_bpm)
            else:
                pieces.append(_Piece(low, high, segment, qn_bpm))
            continue
        step = ramp_step.quarters(segment)
        if segment.ramp is RampShape.LINEAR_PERIOD:
            step = segment.unit.quarters  # its tempo holds for each whole beat
        position = start + math.floor((low - start) / step) * step
        while position < high:
            following = position + step
            pieces.append(_Piece(max(position, low), min(following, high), segment, None))
            position = following
    return pieces


class _Writer:
    """Chooses each written tempo so the written time follows the map."""

    def __init__(self, tempo_map: TempoMap, origin: Fraction) -> None:
        self.tempo_map = tempo_map
        self.origin = origin
        self.origin_seconds = tempo_map.seconds_at_quarters(origin)
        self.written = Fraction(0)
        self.events: list[TempoEvent] = []

    def target(self, ticks: int) -> float | Fraction:
        """The map's time at ``ticks``, seconds from tick 0."""
        quarters = self.origin + Fraction(ticks, TICKS_PER_QUARTER)
        return self.tempo_map.seconds_at_quarters(quarters) - self.origin_seconds

    def carried(self, start: int, end: int) -> int:
        """The whole microseconds per quarter that land the written time on the map's at
        ``end``, given where it stands at ``start``."""
        wanted = (self.target(end) - self.written) * _US_PER_SECOND * TICKS_PER_QUARTER
        return max(1, round(wanted / (end - start)))

    def put(self, start: int, end: int, us_per_qn: int) -> None:
        if not self.events or self.events[-1].us_per_qn != us_per_qn:
            self.events.append(TempoEvent(start, us_per_qn))
        self.written += Fraction((end - start) * us_per_qn, _US_PER_SECOND * TICKS_PER_QUARTER)

    def error_at(self, end: int, us_per_qn: int, start: int) -> float:
        """Written minus map time at ``end`` if ``[start, end)`` is written at ``us_per_qn``."""
        written = self.written + Fraction(
            (end - start) * us_per_qn, _US_PER_SECOND * TICKS_PER_QUARTER
        )
        return float(written - Fraction(self.target(end)))


def _tempo_events(
    tempo_map: TempoMap, pieces: list[_Piece], origin: Fraction
) -> tuple[TempoEvent, ...]:
    writer = _Writer(tempo_map, origin)
    for piece in pieces:
        start = ticks_at_quarters(piece.start, origin)
        end = ticks_at_quarters(piece.end, origin)
        if end <= start:
            continue
        if piece.qn_bpm is None:
            writer.put(start, end, _checked(writer.carried(start, end)))
        else:
            _write_constant(writer, piece, start, end)
    return tuple(writer.events)


def _write_constant(writer: _Writer, piece: _Piece, start: int, end: int) -> None:
    """Writes a constant stretch at its nominal value; over a long stretch whose rounding
    drifts past the limit, bars at the neighbouring value pull the written time back
    (hysteresis: from the limit on one side to the map time)."""
    assert piece.qn_bpm is not None
    exact = Fraction(60 * _US_PER_SECOND) / piece.qn_bpm
    nominal = _checked(math.floor(exact + Fraction(1, 2)))
    limit = float(CONSTANT_DRIFT_LIMIT_SECONDS)
    length_quarters = Fraction(end - start, TICKS_PER_QUARTER)
    drift = abs(nominal - exact) / _US_PER_SECOND * length_quarters
    if drift + abs(writer.error_at(start, nominal, start)) <= limit:
        writer.put(start, end, nominal)
        return
    neighbour = _checked(nominal + (1 if exact > nominal else -1))
    value = nominal
    for low, high in _bar_cuts(piece, start, end, writer.origin):
        if value == nominal and abs(writer.error_at(high, nominal, low)) > limit:
            value = neighbour
        elif value == neighbour:
            before = writer.error_at(low, neighbour, low)
            after = writer.error_at(high, neighbour, low)
            if before * after <= 0 or abs(after) > abs(before):
                value = nominal
        writer.put(low, high, value)


def _bar_cuts(piece: _Piece, start: int, end: int, origin: Fraction) -> list[tuple[int, int]]:
    """``[start, end)`` cut into bars of the piece's meter, counted from its start."""
    bar_quarters = piece.segment.meter.bar_quarters
    cuts = [start]
    position = piece.start + bar_quarters
    while position < piece.end:
        cuts.append(ticks_at_quarters(position, origin))
        position += bar_quarters
    cuts.append(end)
    return [(low, high) for low, high in zip(cuts, cuts[1:], strict=False) if high > low]


def _checked(us_per_qn: int) -> int:
    if not 1 <= us_per_qn <= 0xFFFFFF:
        raise MidiError(
            f"a tempo of {us_per_qn} microseconds per quarter note does not fit a MIDI "
            "tempo event (1 to 16777215): the tempo is too slow for MIDI"
        )
    return us_per_qn


def _meter_events(tempo_map: TempoMap, origin: Fraction, end: Fraction) -> tuple[MeterEvent, ...]:
    """A time signature at tick 0 and at each segment start that changes meter or unit;
    the pickup as its own short bar when whole bars of the first meter lead up to it from
    tick 0 (or none do) and a time signature is as long as it."""
    first = tempo_map.segments[0]
    events = [meter_event(0, first)]
    pickup = pickup_time_signature(tempo_map)
    music = tempo_map.start_quarters
    if pickup is not None and origin <= music and (music - origin) % first.meter.bar_quarters == 0:
        numerator, denominator = pickup
        short = MeterEvent(
            ticks_at_quarters(music, origin), numerator, denominator, first.unit.midi_clocks, 8
        )
        events = [*events[: 1 if origin < music else 0], short]
        if end > 0:
            events.append(meter_event(ticks_at_quarters(0, origin), first))
    current = (first.meter, first.unit)
    for index, segment in enumerate(tempo_map.segments):
        start = tempo_map.segment_start_quarters(index)
        if start >= end:
            break
        if (segment.meter, segment.unit) == current:
            continue
        current = (segment.meter, segment.unit)
        ticks = max(ticks_at_quarters(start, origin), 0)
        if ticks == events[-1].ticks:
            events[-1] = meter_event(ticks, segment)
        else:
            events.append(meter_event(ticks, segment))
    return tuple(events)
