"""Timing sheets: a tempo-mapped cue bar by bar (or beat by beat) and hit by hit on picture.

Each row gives the musical position, the timecode of the frame nearest the exact time,
the exact time's distance from that frame in eighths of a frame (``+3/8`` is three eighths
after the frame, ``-2/8`` two eighths before it; nothing when the time is within a
sixteenth of a frame of it, the click-book convention for sub-frame positions), the time
from the cue start in seconds and as ``mm:ss.fff``, feet+frames from the cue start, the
tempo and meter, and for an event its label. Every timecode on the sheet, in its header and
in its CSV is the nearest frame (halves round up) by one rule,
:func:`scoresync.picture.timecode.frame_and_eighths`.

Rows: the cue's start and end, every bar (or beat) of the map that overlaps the cue, the
start and the end of every ramp (``rit. 120 -> 96 over 8 beats`` ... ``rit. ends at 96``)
and every hit, in time order. At the same time the cue's start comes first, then the end
of a ramp (the tempo it arrives at), the bar or beat (the tempo and meter from there on),
the start of a ramp, the hits and the cue's end. The cue's start or end on a bar or beat
of the grid is that one row (``1|1`` marked START), not two.

Positions as a composer reads them. A bar or beat of the grid is ``bar|beat`` (``5|1``,
``5|3``). Any other event (a hit, the cue's start and end) is shown at its *nearest beat*
with the signed distance from that beat in frames of the picture rate, to two decimals:
``11|1 -0.25f`` is a quarter of a frame before the downbeat of bar 11, ``6|2 +3.50f``
three and a half frames after beat 2 of bar 6; an event within half a hundredth of a frame
of its beat shows the beat alone. Beats are the map's beats (dotted quarters in 6/8 in
q.); at equal distance the later beat is the nearest. The exact bar|beat|tick stays in the
CSV's ``bar``, ``beat`` and ``ticks`` columns.

Bar numbers are shown as :func:`tempo.map.barnumbers.shown_bar` gives them under the
sheet's ``pickup_bar`` convention: with ``PickupBar.ZERO`` a pickup is bar 0, with
``PickupBar.ONE`` the pickup bar is bar 1 and every later bar one higher, as a MIDI reader
counts them.

Feet+frames count film at film speed (:mod:`scoresync.picture.feet`): the film that runs
at the film rate (24 fps by default) in the real time since the cue start, whatever the
picture rate.

Text and CSV writers are in :mod:`scoresync.deliver.timingsheet.text`; the PDF writer is
in :mod:`scoresync.deliver.timingsheet.pdf`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from scoresync.errors import ExportError, UsageError
from scoresync.picture.feet import parse_film_fps, parse_gauge, seconds_to_feet
from scoresync.picture.timecode import duration_to_tc, frame_and_eighths, frames_to_tc
from tempo.common.exact import Number, bpm_text, format_fraction, signed_text
from tempo.map.barnumbers import PickupBar, bar_offset
from tempo.map.bbt import BarBeatTick
from tempo.map.ramps import RampShape

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue, Project
    from tempo.map.beatunit import BeatUnit
    from tempo.map.meter import Meter
    from tempo.map.segment import Segment
    from tempo.map.tempomap import TempoMap

__all__ = [
    "FORMATS",
    "Per",
    "RowKind",
    "TimingRow",
    "TimingSheet",
    "cue_time_text",
    "film_rate_text",
    "frames_offset_text",
    "nearest_beat",
    "seconds_text",
    "timing_rows",
    "timing_sheet",
]

Per = Literal["bar", "beat"]
SheetFormat = Literal["txt", "csv", "pdf"]
FORMATS: tuple[str, ...] = ("txt", "csv", "pdf")


class RowKind(Enum):
    """What a timing-sheet row marks."""

    START = "start"
    BAR = "bar"
    BEAT = "beat"
    RAMP_END = "ramp_end"
    RAMP_START = "ramp_start"
    HIT = "hit"
    END = "end"


_KIND_ORDER = {
    RowKind.START: 0,
    RowKind.RAMP_END: 1,
    RowKind.BAR: 2,
    RowKind.BEAT: 2,
    RowKind.RAMP_START: 3,
    RowKind.HIT: 4,
    RowKind.END: 5,
}
_GRID = (RowKind.BAR, RowKind.BEAT)
_CUE_EDGES = (RowKind.START, RowKind.END)


def frames_offset_text(offset_frames: Number) -> str:
    """A signed distance in frames as :func:`~tempo.common.exact.signed_text` writes it
    (two decimals, halves away from zero): ``-0.25f``, ``+3.50f``, or nothing when it
    rounds to zero.

    >>> frames_offset_text(Fraction(-1, 4)), frames_offset_text(3.5), frames_offset_text(-0.004)
    ('-0.25f', '+3.50f', '')
    """
    text = signed_text(offset_frames)
    return "" if text == "+0.00" else f"{text}f"


@dataclass(frozen=True)
class TimingRow:
    """One line of a timing sheet.

    ``bar``, ``beat`` and ``ticks`` are the exact position (bar|beat|tick, nearest tick)
    and ``nearest`` the nearest beat, both numbered as in the map (the pickup is bar 0);
    ``bar_offset`` is what the sheet's convention adds to a bar number to show it.
    ``offset_frames`` is the signed distance from the nearest beat in frames (0 on the
    grid). ``seconds`` is the time from the bar-1 downbeat and ``frames_exact`` the
    position in frames since 00:00:00:00 (both exact where the map is); ``frames`` is the
    nearest frame and ``eighths`` the exact position's distance from it in eighths of a
    frame (-4 to +4). ``cue_seconds`` and ``feet`` count from the cue start. ``bpm`` is
    the tempo there in ``beat_unit`` beats per minute.
    """

    kind: RowKind
    bar: int
    beat: int
    ticks: int
    seconds: Number
    frames_exact: Number
    frames: int
    tc: str
    eighths: int
    cue_seconds: Number
    feet: str
    bpm: Number
    beat_unit: BeatUnit
    meter: Meter
    label: str = ""
    must_hit: bool = False
    nearest: BarBeatTick = BarBeatTick(1)
    offset_frames: Number = 0
    bar_offset: int = 0
    ramp_shape: str = ""

    @property
    def shown_bar(self) -> int:
        """The exact position's bar as the sheet shows it."""
        return self.bar + self.bar_offset

    @property
    def offset_text(self) -> str:
        """The distance from the nearest beat: ``-0.25f``, ``+3.50f`` or nothing."""
        return frames_offset_text(self.offset_frames)

    @property
    def position(self) -> str:
        """``5|1`` for a bar, ``5|3`` for a beat, ``11|1 -0.25f`` for an event off the
        beat (its nearest beat and the distance from it)."""
        text = f"{self.nearest.bar + self.bar_offset}|{self.nearest.beat}"
        offset = self.offset_text
        return f"{text} {offset}" if offset else text

    @property
    def tempo_text(self) -> str:
        """``q=120``, ``q.=96``: the beat unit and the tempo."""
        return f"{self.beat_unit.label}={bpm_text(self.bpm)}"

    @property
    def eighths_text(self) -> str:
        """``+3/8``, ``-2/8`` or nothing on the frame."""
        return f"{self.eighths:+d}/8" if self.eighths else ""

    @property
    def kind_text(self) -> str:
        """``START``, ``END``, ``HIT``, ``MUST`` (a must-hit hit), ``RIT.`` or ``ACCEL.`` (a
        ramp's start and end rows), or nothing for the grid."""
        if self.kind is RowKind.HIT:
            return "MUST" if self.must_hit else "HIT"
        if self.kind in _CUE_EDGES:
            return self.kind.name
        if self.kind in (RowKind.RAMP_START, RowKind.RAMP_END):
            return self.ramp_shape
        return ""


@dataclass(frozen=True)
class TimingSheet:
    """A cue's timing sheet: the header facts and the rows."""

    project_title: str
    cue_number: str
    cue_title: str
    rate_name: str
    downbeat_tc: str
    start_tc: str
    end_tc: str
    duration_tc: str
    gauge: str
    per: Per
    rows: tuple[TimingRow, ...]
    film_rate: str = "24"
    pickup_bar: PickupBar = PickupBar.ZERO
    downbeat_bar: int = 1
    has_pickup: bool = False

    @property
    def bars_text(self) -> str:
        """How bars are numbered: ``the pickup is bar 0`` ... or nothing without a
        pickup."""
        if not self.has_pickup:
            return ""
        if self.pickup_bar is PickupBar.ONE:
            return "bars: the pickup bar is bar 1 (as a MIDI file counts)"
        return "bars: the pickup is bar 0"

    @property
    def feet_text(self) -> str:
        """The footage rule as the header states it."""
        return (
            f"Feet+frames: {self.gauge} film at {self.film_rate} fps over the same real time "
            f"as the {self.rate_name} fps picture, from the cue start."
        )

    @property
    def rule_lines(self) -> tuple[str, ...]:
        """How to read the sheet's numbers (the text header's last lines, the PDF's
        small print)."""
        return (
            "Timecodes are the nearest frame; +n/8 or -n/8 is the exact time in eighths of "
            "a frame after or before it.",
            "Events off the beat show their nearest beat and the time after (+) or before (-) "
            "it in frames: 11|1 -0.25f.",
            self.feet_text,
        )

    @property
    def header_lines(self) -> tuple[str, ...]:
        """The header as lines of text."""
        title = f"{self.cue_number} {self.cue_title}".strip()
        bars = f"    {self.bars_text}" if self.bars_text else ""
        return (
            f"{self.project_title}: timing sheet",
            f"Cue      {title}",
            f"Rate     {self.rate_name} fps    feet+frames {self.gauge} at {self.film_rate} fps",
            f"Start    {self.start_tc}    End {self.end_tc}    Length {self.duration_tc}",
            f"Downbeat {self.downbeat_tc} (bar {self.downbeat_bar})    one row per "
            f"{self.per} and per hit{bars}",
            *self.rule_lines,
        )


def cue_time_text(seconds: Number) -> str:
    """``mm:ss.fff`` (``-mm:ss.fff`` before the cue start), milliseconds rounded."""
    millis = math.floor(Fraction(seconds) * 1000 + Fraction(1, 2))
    sign = "-" if millis < 0 else ""
    minutes, rest = divmod(abs(millis), 60_000)
    return f"{sign}{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def seconds_text(seconds: Number) -> str:
    """Seconds with three decimals, rounded half up from the exact value."""
    millis = math.floor(Fraction(seconds) * 1000 + Fraction(1, 2))
    sign = "-" if millis < 0 else ""
    return f"{sign}{abs(millis) // 1000}.{abs(millis) % 1000:03d}"


def film_rate_text(film_fps: Fraction) -> str:
    """``24``, ``25`` or ``23.976``: a film rate as the sheet names it."""
    return "23.976" if film_fps.denominator == 1001 else format_fraction(film_fps)


def nearest_beat(tempo_map: TempoMap, quarters: Number) -> tuple[BarBeatTick, Number]:
    """The beat nearest in time to the map position ``quarters`` (as bar|beat, tick 0,
    numbered as in the map) and that beat's time in seconds; at equal distance the later
    beat. A bar that ends between beats (5/8 in quarters) ends its last beat at the next
    bar line.

    >>> from tempo.map.tempomap import TempoMap
    >>> beat, seconds = nearest_beat(TempoMap.constant(120), Fraction(3839, 960))
    >>> str(beat), seconds
    ('2|1|000', Fraction(2, 1))
    """
    bar, downbeat = tempo_map.bar_at_quarters(quarters)
    meter, unit = tempo_map.meter_at_bar(bar)
    step = unit.quarters
    index = math.floor((Fraction(quarters) - downbeat) / step)
    before = downbeat + index * step
    after = min(before + step, downbeat + meter.bar_quarters)
    seconds = tempo_map.seconds_at_quarters(quarters)
    before_seconds = tempo_map.seconds_at_quarters(before)
    after_seconds = tempo_map.seconds_at_quarters(after)
    if seconds - before_seconds < after_seconds - seconds:
        return BarBeatTick(bar, index + 1), before_seconds
    if after == downbeat + meter.bar_quarters:
        return BarBeatTick(bar + 1, 1), after_seconds
    return BarBeatTick(bar, index + 2), after_seconds


class _RowMaker:
    """Builds rows of one cue at one rate, gauge, film rate and bar numbering."""

    def __init__(
        self, cue: Cue, rate: FrameRate, gauge: str, film_fps: Fraction, pickup_bar: PickupBar
    ) -> None:
        self.cue, self.rate, self.gauge, self.film_fps = cue, rate, gauge, film_fps
        self.placed = cue.placed_tempo()
        self.bar_offset = bar_offset(self.placed.map, pickup_bar)

    def row(
        self,
        kind: RowKind,
        seconds: Number,
        quarters: Number | None = None,
        label: str = "",
        must_hit: bool = False,
        segment: Segment | None = None,
    ) -> TimingRow:
        """A row at map time ``seconds`` (and map position ``quarters`` when known);
        ``segment`` is the ramp a ramp row marks."""
        tempo_map = self.placed.map
        if quarters is None:
            quarters = tempo_map.quarters_at_seconds(seconds)
        bbt = tempo_map.bbt_at_quarters(quarters)
        frames_exact = self.placed.frames_at_seconds(seconds, rate=self.rate)
        frames, eighths = frame_and_eighths(frames_exact)
        offset_frames: Number = 0
        if kind in _GRID:
            meter, unit = tempo_map.meter_at_bar(bbt.bar)
            nearest = BarBeatTick(bbt.bar, bbt.beat)
        else:
            here = tempo_map.segment_at_quarters(quarters)
            meter, unit = here.meter, here.unit
            nearest, beat_seconds = nearest_beat(tempo_map, quarters)
            offset_frames = frames_exact - self.placed.frames_at_seconds(
                beat_seconds, rate=self.rate
            )
        bpm = tempo_map.tempo_at_quarters(quarters)
        shape = ""
        if segment is not None:
            meter, unit = segment.meter, segment.unit
            bpm = segment.final_bpm if kind is RowKind.RAMP_END else segment.bpm
            shape = "RIT." if segment.final_bpm < segment.bpm else "ACCEL."
        cue_seconds = (frames_exact - self.cue.start_frames) / (
            self.rate.fps if isinstance(frames_exact, Fraction) else float(self.rate.fps)
        )
        return TimingRow(
            kind=kind,
            bar=bbt.bar,
            beat=bbt.beat,
            ticks=bbt.ticks,
            seconds=seconds,
            frames_exact=frames_exact,
            frames=frames,
            tc="",
            eighths=eighths,
            cue_seconds=cue_seconds,
            feet=seconds_to_feet(cue_seconds, gauge=self.gauge, film_fps=self.film_fps),
            bpm=bpm,
            beat_unit=unit,
            meter=meter,
            label=label,
            must_hit=must_hit,
            nearest=nearest,
            offset_frames=offset_frames,
            bar_offset=self.bar_offset,
            ramp_shape=shape,
        )

    def seconds_of(self, frames: int) -> Fraction:
        return self.placed.seconds_at_frame(frames, rate=self.rate)


def _ramp_label(segment: Segment, *, end: bool) -> str:
    """``rit. 120 -> 96 over 8 beats`` at a ramp's start, ``rit. ends at 96`` at its end."""
    word = "rit." if segment.final_bpm < segment.bpm else "accel."
    if end:
        return f"{word} ends at {bpm_text(segment.final_bpm)}"
    beats = format_fraction(segment.beats) if segment.beats is not None else "?"
    noun = "beat" if segment.beats == 1 else "beats"
    return f"{word} {bpm_text(segment.bpm)} -> {bpm_text(segment.final_bpm)} over {beats} {noun}"


def _ramp_rows(maker: _RowMaker, start_seconds: Number, end_seconds: Number) -> list[TimingRow]:
    """A row where each ramp starts and one where it ends, inside the cue."""
    tempo_map = maker.placed.map
    rows = []
    for index, segment in enumerate(tempo_map.segments):
        if segment.ramp is RampShape.CONSTANT or segment.length_quarters is None:
            continue
        begin = tempo_map.segment_start_quarters(index)
        for kind, quarters in (
            (RowKind.RAMP_START, begin),
            (RowKind.RAMP_END, begin + segment.length_quarters),
        ):
            seconds = tempo_map.seconds_at_quarters(quarters)
            inside = (
                start_seconds <= seconds < end_seconds
                if kind is RowKind.RAMP_START
                else start_seconds < seconds <= end_seconds
            )
            if inside:
                label = _ramp_label(segment, end=kind is RowKind.RAMP_END)
                rows.append(maker.row(kind, seconds, quarters, label=label, segment=segment))
    return rows


def _merged(rows: list[TimingRow]) -> list[TimingRow]:
    """``rows`` less each grid row that the cue's start or end shows as the same beat (on
    the beat), so the first bar is one row marked START, not two."""
    edges = {
        (row.nearest, row.frames) for row in rows if row.kind in _CUE_EDGES and not row.offset_text
    }
    return [row for row in rows if row.kind not in _GRID or (row.nearest, row.frames) not in edges]


def timing_rows(
    cue: Cue,
    rate: FrameRate,
    *,
    per: Per = "bar",
    gauge: str = "35mm-4perf",
    film_fps: str | Number | None = None,
    pickup_bar: PickupBar = PickupBar.ZERO,
) -> list[TimingRow]:
    """The rows of ``cue``'s timing sheet: its start and end, every bar (or beat) of its
    map that overlaps the cue, each ramp's start and end and every hit, in time order
    (see the module's description). ``film_fps`` is the film rate feet+frames count at
    (``24``, ``23.976`` or ``25``; ``None``: 25 for pictures at 25 and 50 fps, else 24)
    and ``pickup_bar`` the bar numbering. Raises :class:`ExportError` when the cue ends
    before the map's first bar (its downbeat after the cue)."""
    from scoresync.picture.bulk import frames_to_tc_array  # NumPy: loaded for a sheet

    if per not in ("bar", "beat"):
        raise UsageError(f"unknown row choice {per!r}: use 'bar' or 'beat'")
    gauge = parse_gauge(gauge).name
    film = parse_film_fps(film_fps, picture_fps=rate.fps)
    maker = _RowMaker(cue, rate, gauge, film, PickupBar.parse(pickup_bar))
    tempo_map = maker.placed.map
    start_seconds = maker.seconds_of(cue.start_frames)
    end_seconds = maker.seconds_of(cue.end_frames)
    bars = [bar for bar in tempo_map.bars(end_seconds) if bar.start_seconds < end_seconds]
    if not bars:
        downbeat = frames_to_tc(maker.placed.downbeat_frames, rate=rate)
        raise ExportError(
            f"{cue.number} ends at {frames_to_tc(cue.end_frames, rate=rate)}, before the first "
            f"bar of its tempo map (downbeat {downbeat}): a timing sheet would have no bars; "
            "move the downbeat or the cue's end"
        )
    rows = [maker.row(RowKind.START, start_seconds, label="cue start")]
    if per == "bar":
        for bar, following in zip(bars, [*bars[1:], None], strict=True):
            if following is not None and following.start_seconds <= start_seconds:
                continue
            rows.append(maker.row(RowKind.BAR, bar.start_seconds, bar.start_quarters))
    else:
        first_bar = tempo_map.bbt_at_seconds(start_seconds).bar
        for beat in tempo_map.beat_positions(end_seconds):
            if beat.seconds < end_seconds and beat.bar >= first_bar:
                rows.append(maker.row(RowKind.BEAT, beat.seconds, beat.quarters))
    rows += _ramp_rows(maker, start_seconds, end_seconds)
    for hit in cue.hits:
        rows.append(
            maker.row(
                RowKind.HIT, maker.seconds_of(hit.frames), label=hit.label, must_hit=hit.must_hit
            )
        )
    rows.append(maker.row(RowKind.END, end_seconds, label="cue end"))
    rows.sort(key=lambda row: (row.seconds, _KIND_ORDER[row.kind]))
    rows = _merged(rows)
    labels = frames_to_tc_array([row.frames for row in rows], rate=rate).tolist()
    return [dataclasses.replace(row, tc=label) for row, label in zip(rows, labels, strict=True)]


def timing_sheet(
    project: Project,
    cue: Cue,
    *,
    per: Per = "bar",
    gauge: str = "35mm-4perf",
    film_fps: str | Number | None = None,
    pickup_bar: PickupBar = PickupBar.ZERO,
) -> TimingSheet:
    """The whole timing sheet of ``cue`` in ``project`` (``film_fps`` and ``pickup_bar``
    as :func:`timing_rows` takes them)."""
    rate = project.rate
    convention = PickupBar.parse(pickup_bar)
    rows = timing_rows(cue, rate, per=per, gauge=gauge, film_fps=film_fps, pickup_bar=convention)
    placed = cue.placed_tempo()
    return TimingSheet(
        project_title=project.title,
        cue_number=str(cue.number),
        cue_title=cue.title,
        rate_name=rate.name,
        downbeat_tc=frames_to_tc(placed.downbeat_frames, rate=rate),
        start_tc=frames_to_tc(cue.start_frames, rate=rate),
        end_tc=frames_to_tc(cue.end_frames, rate=rate),
        duration_tc=duration_to_tc(cue.duration_frames, rate=rate),
        gauge=parse_gauge(gauge).name,
        per=per,
        rows=tuple(rows),
        film_rate=film_rate_text(parse_film_fps(film_fps, picture_fps=rate.fps)),
        pickup_bar=convention,
        downbeat_bar=1 + bar_offset(placed.map, convention),
        has_pickup=placed.map.pickup_beats > 0,
    )
