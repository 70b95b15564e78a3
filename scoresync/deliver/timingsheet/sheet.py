"""Timing sheets: a tempo-mapped cue bar by bar (or beat by beat) and hit by hit on picture.

Each row gives the musical position (``bar|beat``, hits as ``bar|beat|tick`` with 960
ticks per quarter), the timecode of the frame nearest the exact time, the exact time's
distance from that frame in eighths of a frame (``+3/8`` is three eighths after the
frame, ``-2/8`` two eighths before it; nothing when the time is within a sixteenth of a
frame of it, the click-book convention for sub-frame positions), the time from the cue
start in seconds and as ``mm:ss.fff``, feet+frames from the cue start (of the nearest
frame), the tempo and meter, and for a hit its label. The cue's start and end are rows
too. Rows come in time order; at the same time a bar or beat comes before a hit.

The module also gives the MusicXML skeleton its picture-time text: the timecode above
each bar and the hits at their musical positions (:func:`cue_skeleton`).

Text and CSV writers are here; the PDF writer is in :mod:`scoresync.deliver.timingsheet.pdf`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from scoresync.errors import ExportError, UsageError
from scoresync.picture.feet import frames_to_feet, parse_gauge
from scoresync.picture.timecode import duration_to_tc, frame_and_eighths, frames_to_tc
from tempo.common.exact import Number, bpm_text

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue, Project
    from tempo.map.beatunit import BeatUnit
    from tempo.map.meter import Meter

__all__ = [
    "FORMATS",
    "Per",
    "RowKind",
    "TimingRow",
    "TimingSheet",
    "cue_time_text",
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
    HIT = "hit"
    END = "end"


_KIND_ORDER = {RowKind.START: 0, RowKind.BAR: 1, RowKind.BEAT: 1, RowKind.HIT: 2, RowKind.END: 3}


@dataclass(frozen=True)
class TimingRow:
    """One line of a timing sheet.

    ``seconds`` is the time from the bar-1 downbeat and ``frames_exact`` the position in
    frames since 00:00:00:00 (both exact where the map is); ``frames`` is the nearest
    frame and ``eighths`` the exact position's distance from it in eighths of a frame
    (-4 to +4). ``cue_seconds`` and ``feet`` count from the cue start. ``bpm`` is the
    tempo there in ``beat_unit`` beats per minute.
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

    @property
    def position(self) -> str:
        """``5|1`` for a bar, ``5|3`` for a beat, ``5|2|480`` off the beat."""
        if self.ticks:
            return f"{self.bar}|{self.beat}|{self.ticks:03d}"
        return f"{self.bar}|{self.beat}"

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
        """``START``, ``END``, ``HIT``, ``MUST`` (a must-hit hit), or nothing for the grid."""
        if self.kind is RowKind.HIT:
            return "MUST" if self.must_hit else "HIT"
        if self.kind in (RowKind.START, RowKind.END):
            return self.kind.name
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

    @property
    def header_lines(self) -> tuple[str, ...]:
        """The header as lines of text (also heads the PDF)."""
        title = f"{self.cue_number} {self.cue_title}".strip()
        return (
            f"{self.project_title}: timing sheet",
            f"Cue      {title}",
            f"Rate     {self.rate_name} fps    feet+frames {self.gauge} from the cue start",
            f"Start    {self.start_tc}    End {self.end_tc}    Length {self.duration_tc}",
            f"Downbeat {self.downbeat_tc} (bar 1)    one row per {self.per} and per hit",
            "Timecodes are the nearest frame; +n/8 or -n/8 is the exact time in eighths of a "
            "frame after or before it.",
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


class _RowMaker:
    """Builds rows of one cue at one rate and gauge."""

    def __init__(self, cue: Cue, rate: FrameRate, gauge: str) -> None:
        self.cue, self.rate, self.gauge = cue, rate, gauge
        self.placed = cue.placed_tempo()

    def row(
        self,
        kind: RowKind,
        seconds: Number,
        quarters: Number | None = None,
        label: str = "",
        must_hit: bool = False,
    ) -> TimingRow:
        tempo_map = self.placed.map
        if quarters is None:
            quarters = tempo_map.quarters_at_seconds(seconds)
        bbt = tempo_map.bbt_at_quarters(quarters)
        segment = tempo_map.segment_at_quarters(quarters)
        frames_exact = self.placed.frames_at_seconds(seconds, rate=self.rate)
        frames, eighths = frame_and_eighths(frames_exact)
        if kind in (RowKind.BAR, RowKind.BEAT):
            meter, unit = tempo_map.meter_at_bar(bbt.bar)
        else:
            meter, unit = segment.meter, segment.unit
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
            cue_seconds=(frames_exact - self.cue.start_frames) / self.rate.fps
            if isinstance(frames_exact, Fraction)
            else (frames_exact - self.cue.start_frames) / float(self.rate.fps),
            feet=frames_to_feet(frames - self.cue.start_frames, gauge=self.gauge),
            bpm=tempo_map.tempo_at_quarters(quarters),
            beat_unit=unit,
            meter=meter,
            label=label,
            must_hit=must_hit,
        )

    def seconds_of(self, frames: int) -> Fraction:
        return self.placed.seconds_at_frame(frames, rate=self.rate)


def timing_rows(
    cue: Cue, rate: FrameRate, *, per: Per = "bar", gauge: str = "35mm-4perf"
) -> list[TimingRow]:
    """The rows of ``cue``'s timing sheet: its start and end, every bar (or beat) of its
    map that overlaps the cue, and every hit, in time order. Raises :class:`ExportError`
    when the cue ends before the map's first bar (its downbeat after the cue)."""
    from scoresync.picture.bulk import frames_to_tc_array  # NumPy: loaded for a sheet

    if per not in ("bar", "beat"):
        raise UsageError(f"unknown row choice {per!r}: use 'bar' or 'beat'")
    gauge = parse_gauge(gauge).name
    maker = _RowMaker(cue, rate, gauge)
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
    for hit in cue.hits:
        rows.append(
            maker.row(
                RowKind.HIT, maker.seconds_of(hit.frames), label=hit.label, must_hit=hit.must_hit
            )
        )
    rows.append(maker.row(RowKind.END, end_seconds, label="cue end"))
    rows.sort(key=lambda row: (row.seconds, _KIND_ORDER[row.kind]))
    labels = frames_to_tc_array([row.frames for row in rows], rate=rate).tolist()
    return [dataclasses.replace(row, tc=label) for row, label in zip(rows, labels, strict=True)]


def timing_sheet(
    project: Project, cue: Cue, *, per: Per = "bar", gauge: str = "35mm-4perf"
) -> TimingSheet:
    """The whole timing sheet of ``cue`` in ``project``."""
    rate = project.rate
    rows = timing_rows(cue, rate, per=per, gauge=gauge)
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
    )
