"""A cue's MIDI tempo map on picture: the SMPTE offset, the markers and the read-back check.

Where tick 0 falls and how a reader numbers the bars. A DAW or notation program numbers the
file's first bar 1. Tick 0 is the music's first bar line, the start of the pickup (bar 1's
downbeat without one), and the pickup is its own short bar (2/4 for two beats of 4/4, then
the cue's meter from the downbeat; see :mod:`tempo.midi.export`). So every reader numbers
the bars as the timing sheet does with the pickup bar as bar 1
(:attr:`tempo.map.barnumbers.PickupBar.ONE`). A hit before the music, or ``pre_roll_bars``
asked for, starts the file whole bars of the first meter earlier. The ``FF 54`` SMPTE
offset gives tick 0's timecode; the streamers' MIDI file (:mod:`scoresync.deliver.streamers`)
has the same conductor track (:func:`cue_conductor`), after its own pre-roll bars.

When a reader's numbers differ from the timing sheet's (a pickup under ``PickupBar.ZERO``,
the concert convention, or pre-roll bars), the file carries a ``bar N`` marker at every bar
line of the map, N as the timing sheet numbers it; the report's ``first_bar`` is the number
the DAW's bar 1 should show (set as its bar offset) for its bar ruler to read the same.

SMPTE rate codes. MIDI knows 24, 25, 30 drop and 30 frames per second. The offset carries
the *label* of tick 0 as the project counts it: 23.976 uses code 0 (24) with the label as
counted at 23.976, 29.97 non-drop uses code 3 (30) and 29.97 drop code 2, each with its
own label (a sequencer set to the project's rate reads it right). The double rates write
the label of their base: 47.952 and 48 as 24 (code 0), 50 as 25 (code 1), 59.94 and 60 as
30 (code 3; 59.94 drop as code 2), the frame number halved and the odd frame carried into
the sub-frames. Sub-frames are hundredths of a (MIDI-rate) frame, rounded to the nearest.

Reading an offset back (import, and the check after every export) reverses this when the
code fits the project's rate; a code that does not (25 in a 24 fps project) is read as
real time at the code's own rate (24, 25, 29.97 drop, 30), and the report says so.

Markers: ``FF 06`` with the cue's number and title at the downbeat, ``Pickup`` at the
start of a pickup, ``bar N`` at bar lines (as above), one per hit (its label, or ``Hit
N``) at the tick nearest its exact position in the map; ``FF 07`` cue points at the cue's
start and end (a cue start before the file's start is left out, and the report says so).
Markers less than half a frame apart name one event and are one marker (``Pickup / 1M5
start``), at the tick of the first of: the cue's name, the pickup, a bar line, a hit
(:mod:`tempo.midi.markers`). With ``marker_timecode`` each marker's text ends with its
timecode, the frame nearest it (``car horn 01:02:03:04``).

Timecodes in the report are the frame nearest the exact time (halves round up), the
timing sheet's rule (:func:`scoresync.picture.timecode.frame_and_eighths`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.errors import ExportError, MidiError, TimecodeError
from scoresync.picture.rates import RATES, FrameRate
from scoresync.picture.timecode import (
    frame_and_eighths,
    frames_to_seconds,
    frames_to_tc,
    split_frames,
    tc_to_frames,
    wrap_frames,
)
from scoresync.project.model import Cue, CueTempo, Project
from tempo.common.atomic import atomic_path, check_writable, write_problem
from tempo.common.exact import format_fraction, signed_text
from tempo.map.barnumbers import PickupBar, bar_offset
from tempo.map.bbt import BarBeatTick
from tempo.midi.events import (
    ConductorTrack,
    MeterEvent,
    Note,
    NoteTrack,
    SmpteOffset,
    SmpteRate,
    TempoEvent,
    TextEvent,
    build_midi_file,
    midi_file_bytes,
    midi_text,
    read_midi,
    smpte_rate_for_timecode,
)
from tempo.midi.export import FileStart, RampStep, conductor_events, file_start, ticks_at_quarters
from tempo.midi.markers import NamedPoint, merged_markers

if TYPE_CHECKING:
    from tempo.map.tempomap import TempoMap

__all__ = [
    "DRIFT_LIMIT_SECONDS",
    "MARKER_MERGE_FRAMES",
    "CueConductor",
    "Drift",
    "MidiExportReport",
    "SmpteReading",
    "bar_points",
    "cue_conductor",
    "export_cue_midi",
    "nearest_tc",
    "numbering_line",
    "seconds_for_smpte",
    "smpte_for_seconds",
]

PICKUP_MARKER = "Pickup"
"""The marker at the start of a pickup (what the MIDI import looks for)."""

DRIFT_LIMIT_SECONDS = Fraction(1, 1000)
"""Largest drift a hit or bar line may have in a written MIDI file."""


def _rate_code(rate: FrameRate) -> tuple[int, int]:
    """``(rate code, project frames per MIDI frame)`` for the project rate."""
    smpte_rate = smpte_rate_for_timecode(rate.base, drop=rate.drop)
    return smpte_rate.code, rate.base // smpte_rate.base


def _real_time_rate(smpte_rate: SmpteRate) -> FrameRate:
    """The frame rate that reads a rate code's labels as real time (24, 25, 29.97 drop or
    30 fps)."""
    return next(
        rate
        for rate in RATES.values()
        if (rate.fps, rate.drop) == (smpte_rate.fps, smpte_rate.drop)
    )


def smpte_for_seconds(seconds: Fraction, rate: FrameRate) -> SmpteOffset:
    """The SMPTE offset naming ``seconds`` since midnight at the project ``rate``."""

    if seconds < 0:
        raise ExportError("the MIDI file would start before 00:00:00:00")
    code, factor = _rate_code(rate)
    exact_frames = seconds * rate.fps
    whole = math.floor(exact_frames)
    fraction = exact_frames - whole
    hours, minutes, secs, frame = split_frames(wrap_frames(whole, rate=rate), rate=rate)
    subframes = math.floor((frame % factor + fraction) * 100 / factor + Fraction(1, 2))
    if subframes >= 100:
        whole += factor - frame % factor
        hours, minutes, secs, frame = split_frames(wrap_frames(whole, rate=rate), rate=rate)
        subframes = 0
    return SmpteOffset(hours, minutes, secs, frame // factor, subframes, rate_code=code)


@dataclass(frozen=True)
class SmpteReading:
    """An SMPTE offset read as picture time: seconds since midnight and how it was read."""

    seconds: Fraction
    label: str
    interpretation: str
    matches_project: bool


def seconds_for_smpte(
    smpte: SmpteOffset, rate: FrameRate, *, name: str = "the file"
) -> SmpteReading:
    """Picture time of an SMPTE offset, read at the project rate when its code fits."""
    code = smpte.rate_code
    fits = code == _rate_code(rate)[0]
    reading_rate = rate if fits else _real_time_rate(smpte.rate)
    factor = reading_rate.base // smpte.rate.base
    mark = ";" if reading_rate.drop else ":"
    label = f"{smpte.hours:02d}:{smpte.minutes:02d}:{smpte.seconds:02d}{mark}"
    label += f"{smpte.frames * factor:02d}"
    try:
        frames = tc_to_frames(label, rate=reading_rate)
    except TimecodeError as error:
        raise MidiError(
            f"{name}: its SMPTE offset {smpte.label} is not a timecode: {error}"
        ) from None
    exact = frames + Fraction(smpte.subframes * factor, 100)
    seconds = exact / reading_rate.fps
    written = f"{smpte.label} (rate code {code}: {smpte.rate_name} fps)"
    if fits:
        text = f"{written} read as {rate} fps timecode, as the project runs"
    else:
        text = (
            f"{written} does not match the project's {rate} fps: read as real time at "
            f"{reading_rate} fps; check the sequencer's frame rate"
        )
    return SmpteReading(seconds, label, text, fits)


# -- the conductor track a cue's files share --------------------------------------------------

MARKER_MERGE_FRAMES = Fraction(1, 2)
"""Markers closer together than this many frames of picture name one event and are merged
into one (:mod:`tempo.midi.markers`)."""

RANK_CUE, RANK_PICKUP, RANK_BAR, RANK_HIT, RANK_START, RANK_END = range(6)
"""The precedence of what a merged marker names: its tick is the first's, its text in this
order (the cue's name first, so the downbeat marker still starts with the cue number)."""


@dataclass(frozen=True)
class CueConductor:
    """Track 0 of a cue's MIDI files: where tick 0 falls (``start``, ``origin_seconds``
    from the bar-1 downbeat and ``smpte``), the tempo and time-signature events, and the
    bar numbering a reader sees against ``pickup_bar``'s."""

    start: FileStart
    origin_seconds: Fraction
    smpte: SmpteOffset
    tempos: tuple[TempoEvent, ...]
    meters: tuple[MeterEvent, ...]
    pickup_bar: PickupBar
    shown_offset: int

    def ticks_at(self, quarters: Fraction | float) -> int:
        """The tick nearest the map position ``quarters``."""
        return ticks_at_quarters(quarters, self.start.origin_quarters)

    @property
    def first_bar(self) -> int:
        """The number the chosen convention gives the file's first bar (the DAW's bar 1):
        1 when every reader's bar numbers are the timing sheet's."""
        return (
            1 + self.shown_offset - self.start.pre_roll_bars - (1 if self.start.has_pickup else 0)
        )

    @property
    def bar_markers(self) -> bool:
        """Whether the file needs ``bar N`` markers: a reader's numbers differ from the
        timing sheet's (a pickup under ``PickupBar.ZERO``, or pre-roll bars)."""
        return self.first_bar != 1


def cue_conductor(
    cue: Cue,
    rate: FrameRate,
    *,
    end_quarters: Fraction,
    earliest_quarters: Fraction | None = None,
    pre_roll_bars: int = 0,
    ramp_step: RampStep = RampStep.SIXTEENTH,
    pickup_bar: PickupBar = PickupBar.ZERO,
) -> CueConductor:
    """The conductor track of ``cue``'s MIDI files up to ``end_quarters``, starting on the
    music's first bar line (:func:`tempo.midi.export.file_start`: the pickup as its own
    bar), or at least ``pre_roll_bars`` and as many whole bars earlier as reach back to
    ``earliest_quarters``. The tempo map export and the streamers export both use it, so
    the files agree bar for bar after their pre-roll."""
    placed = cue.placed_tempo()
    tempo_map = placed.map
    start = file_start(tempo_map, earliest_quarters=earliest_quarters, pre_roll_bars=pre_roll_bars)
    origin = start.origin_quarters
    origin_seconds = Fraction(tempo_map.seconds_at_quarters(origin))
    downbeat_seconds = frames_to_seconds(placed.downbeat_frames, rate=rate)
    tempos, meters = conductor_events(
        tempo_map,
        origin_quarters=origin,
        end_quarters=max(end_quarters, origin + 1),
        ramp_step=ramp_step,
    )
    return CueConductor(
        start=start,
        origin_seconds=origin_seconds,
        smpte=smpte_for_seconds(downbeat_seconds + origin_seconds, rate),
        tempos=tempos,
        meters=meters,
        pickup_bar=pickup_bar,
        shown_offset=bar_offset(tempo_map, pickup_bar),
    )


def nearest_tc(placed: CueTempo, seconds: Fraction | float, rate: FrameRate) -> str:
    """The timecode of the frame nearest ``seconds`` from the bar-1 downbeat."""
    frames, _ = frame_and_eighths(placed.frames_at_seconds(Fraction(seconds), rate=rate))
    return frames_to_tc(frames, rate=rate)


def bar_points(
    cue: Cue, rate: FrameRate, conductor: CueConductor, *, until_seconds: Fraction | float
) -> list[NamedPoint]:
    """A ``bar N`` point at every bar line of the map from the pickup to ``until_seconds``
    (N as the timing sheet numbers it), when the file's own numbers differ; else none."""
    if not conductor.bar_markers:
        return []
    placed = cue.placed_tempo()
    return [
        NamedPoint(
            conductor.ticks_at(bar.start_quarters),
            bar.start_seconds,
            f"bar {bar.number + conductor.shown_offset}",
            RANK_BAR,
            timecode=nearest_tc(placed, bar.start_seconds, rate),
        )
        for bar in placed.map.bars(until_seconds)
        if bar.start_seconds <= until_seconds
    ]


def numbering_line(pickup_bar: int, first_bar: int) -> str:
    """How a MIDI reader's bar numbers compare with the timing sheet's, in words, for a file
    numbered under ``pickup_bar`` whose first bar is the sheet's ``first_bar``."""
    if first_bar == 1:
        return f"bars numbered as on the timing sheet (pickup bar {pickup_bar})"
    return (
        f"a MIDI reader's bar 1 is bar {first_bar} on the timing sheet (pickup bar "
        f"{pickup_bar}): 'bar N' markers name its bars"
    )


# -- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drift:
    """Where something lands in the written file against where it belongs."""

    what: str
    label: str
    tc: str
    ticks: int
    bbt: str
    drift_seconds: float

    @property
    def drift_ms(self) -> float:
        """The drift in milliseconds (positive: late)."""
        return self.drift_seconds * 1000

    def to_json(self) -> dict[str, object]:
        return {
            "what": self.what,
            "label": self.label,
            "tc": self.tc,
            "ticks": self.ticks,
            "bbt": self.bbt,
            "drift_ms": round(self.drift_ms, 4),
        }


@dataclass(frozen=True)
class MidiExportReport:
    """A written MIDI tempo map and how every hit and bar line lands in it.

    ``pickup_bar`` is the bar numbering of the report and the markers, ``first_bar`` the
    number it gives the file's first bar (1: a reader's bar numbers are the timing
    sheet's), ``pre_roll_bars`` the whole bars before the music and ``bar_markers``
    whether the file names every bar line ``bar N``.
    """

    path: Path
    cue: str
    smpte_label: str
    smpte_rate: str
    smpte_interpretation: str
    tick0_tc: str
    tempo_events: int
    time_signatures: int
    ramp_step: str
    hits: tuple[Drift, ...]
    bars: tuple[Drift, ...]
    notes: tuple[str, ...] = field(default=())
    pickup_bar: int = 0
    first_bar: int = 1
    pre_roll_bars: int = 0
    bar_markers: bool = False

    @property
    def max_hit_drift_ms(self) -> float:
        return max((abs(d.drift_ms) for d in self.hits), default=0.0)

    @property
    def max_bar_drift_ms(self) -> float:
        return max((abs(d.drift_ms) for d in self.bars), default=0.0)

    def to_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "cue": self.cue,
            "smpte_offset": self.smpte_label,
            "smpte_rate": self.smpte_rate,
            "smpte_interpretation": self.smpte_interpretation,
            "tick0": self.tick0_tc,
            "ticks_per_quarter": 960,
            "tempo_events": self.tempo_events,
            "time_signatures": self.time_signatures,
            "ramp_step": self.ramp_step,
            "pickup_bar": self.pickup_bar,
            "first_bar": self.first_bar,
            "pre_roll_bars": self.pre_roll_bars,
            "bar_markers": self.bar_markers,
            "max_hit_drift_ms": round(self.max_hit_drift_ms, 4),
            "max_bar_drift_ms": round(self.max_bar_drift_ms, 4),
            "hits": [d.to_json() for d in self.hits],
            "bars": [d.to_json() for d in self.bars],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class _Expected:
    """Something the file must place: its tick, exact picture seconds and labels, and the
    marker (ticks, text) that names it, if one must."""

    what: str
    label: str
    tc: str
    ticks: int
    bbt: str
    seconds: Fraction | float
    marker: tuple[int, str] | None = None


@dataclass(frozen=True)
class _Plan:
    conductor: CueConductor
    track: ConductorTrack
    hits: tuple[_Expected, ...]
    bars: tuple[_Expected, ...]
    tick0_tc: str
    click_ticks: tuple[tuple[int, bool], ...]
    notes: tuple[str, ...]


def _quarters_at_frames(placed: CueTempo, frames: int, rate: FrameRate) -> Fraction:
    """The map position (quarters) of picture frame ``frames``."""
    return Fraction(placed.map.quarters_at_seconds(placed.seconds_at_frame(frames, rate=rate)))


@dataclass(frozen=True)
class _Options:
    ramp_step: RampStep
    click_notes: bool
    pickup_bar: PickupBar
    marker_timecode: bool
    pre_roll_bars: int


def _plan(cue: Cue, rate: FrameRate, options: _Options) -> _Plan:
    placed = cue.placed_tempo()
    tempo_map = placed.map
    start_q = _quarters_at_frames(placed, cue.start_frames, rate)
    end_q = max(_quarters_at_frames(placed, cue.end_frames, rate), Fraction(0))
    hit_qs = [_quarters_at_frames(placed, h.frames, rate) for h in cue.hits]
    conductor = cue_conductor(
        cue,
        rate,
        end_quarters=end_q,
        earliest_quarters=min(hit_qs, default=None),
        pre_roll_bars=options.pre_roll_bars,
        ramp_step=options.ramp_step,
        pickup_bar=options.pickup_bar,
    )
    until = placed.seconds_at_frame(cue.end_frames, rate=rate)
    points, hit_points = _points(cue, rate, conductor, (start_q, end_q), hit_qs)
    points += bar_points(cue, rate, conductor, until_seconds=until)
    window = MARKER_MERGE_FRAMES / rate.fps
    markers = merged_markers(points, within_seconds=window, with_timecode=options.marker_timecode)
    holding = {point: marker.event for marker in markers for point in marker.points}
    hits = _hits(cue, rate, conductor, hit_qs, [holding[p] for p in hit_points])
    texts = tuple(marker.event for marker in markers)
    track = ConductorTrack(
        name=midi_text(cue.name),
        smpte=conductor.smpte,
        tempos=conductor.tempos,
        meters=conductor.meters,
        texts=texts,
        end_ticks=max([conductor.ticks_at(end_q), *(t.ticks for t in texts)]),
    )
    bars = _bars(cue, rate, conductor, until)
    clicks = _click_ticks(tempo_map, conductor, end_q) if options.click_notes else ()
    written = {point.text for marker in markers for point in marker.points}
    notes = _notes(cue, rate, conductor, written, hit_qs)
    tick0_frames, _ = frame_and_eighths(
        placed.frames_at_seconds(conductor.origin_seconds, rate=rate)
    )
    return _Plan(conductor, track, hits, bars, frames_to_tc(tick0_frames, rate=rate), clicks, notes)


def _points(
    cue: Cue,
    rate: FrameRate,
    conductor: CueConductor,
    extent: tuple[Fraction, Fraction],
    hit_qs: list[Fraction],
) -> tuple[list[NamedPoint], list[NamedPoint]]:
    """What the markers and cue points name (the cue at its downbeat, the pickup, each
    hit, the cue's start and end), and the hits' own points."""
    placed = cue.placed_tempo()
    tempo_map = placed.map
    start_q, end_q = extent
    points = [
        NamedPoint(
            conductor.ticks_at(0), 0, cue.name, RANK_CUE, timecode=nearest_tc(placed, 0, rate)
        )
    ]
    if tempo_map.pickup_beats > 0:
        seconds = tempo_map.start_seconds
        points.append(
            NamedPoint(
                conductor.ticks_at(tempo_map.start_quarters),
                seconds,
                PICKUP_MARKER,
                RANK_PICKUP,
                timecode=nearest_tc(placed, seconds, rate),
            )
        )
    hit_points = []
    for index, (hit, quarters) in enumerate(zip(cue.hits, hit_qs, strict=True), start=1):
        hit_points.append(
            NamedPoint(
                conductor.ticks_at(quarters),
                placed.seconds_at_frame(hit.frames, rate=rate),
                hit.label or f"Hit {index}",
                RANK_HIT,
                timecode=frames_to_tc(hit.frames, rate=rate),
            )
        )
    for rank, frames, quarters, word in (
        (RANK_START, cue.start_frames, start_q, "start"),
        (RANK_END, cue.end_frames, end_q, "end"),
    ):
        points.append(
            NamedPoint(
                conductor.ticks_at(quarters),
                placed.seconds_at_frame(frames, rate=rate),
                f"{cue.number} {word}",
                rank,
                "cue",
                frames_to_tc(frames, rate=rate),
            )
        )
    return points + hit_points, hit_points


def _hits(
    cue: Cue,
    rate: FrameRate,
    conductor: CueConductor,
    hit_qs: list[Fraction],
    markers: list[TextEvent],
) -> tuple[_Expected, ...]:
    """What each hit must land on, and the marker that names it."""
    tempo_map = cue.placed_tempo().map
    result = []
    for index, (hit, quarters, marker) in enumerate(
        zip(cue.hits, hit_qs, markers, strict=True), start=1
    ):
        bbt = tempo_map.bbt_at_quarters(quarters)
        shown = BarBeatTick(bbt.bar + conductor.shown_offset, bbt.beat, bbt.ticks)
        result.append(
            _Expected(
                f"hit {index}",
                midi_text(hit.label or f"Hit {index}"),
                frames_to_tc(hit.frames, rate=rate),
                conductor.ticks_at(quarters),
                str(shown),
                Fraction(hit.frames) / rate.fps,
                (marker.ticks, marker.text),
            )
        )
    return tuple(result)


def _bars(
    cue: Cue, rate: FrameRate, conductor: CueConductor, until: Fraction
) -> tuple[_Expected, ...]:
    """Every bar line of the map from the pickup to the cue end, and its picture time."""

    placed = cue.placed_tempo()
    downbeat_seconds = frames_to_seconds(placed.downbeat_frames, rate=rate)
    result = []
    for bar in placed.map.bars(until):
        seconds = downbeat_seconds + bar.start_seconds
        shown = bar.number + conductor.shown_offset
        result.append(
            _Expected(
                f"bar {shown}",
                "pickup" if bar.is_pickup else "",
                nearest_tc(placed, bar.start_seconds, rate) if seconds >= 0 else "00:00:00:00",
                conductor.ticks_at(bar.start_quarters),
                f"{shown}|1|000" if not bar.is_pickup else "pickup",
                seconds,
            )
        )
    return tuple(result)


def _click_ticks(
    tempo_map: TempoMap, conductor: CueConductor, end_q: Fraction
) -> tuple[tuple[int, bool], ...]:
    """``(ticks, is_downbeat)`` of every beat from tick 0 to the end."""

    until = tempo_map.seconds_at_quarters(end_q)
    beats = tempo_map.beat_positions(until, from_seconds=conductor.origin_seconds)
    return tuple(
        (conductor.ticks_at(b.quarters), b.is_downbeat) for b in beats if b.quarters < end_q
    )


def _notes(
    cue: Cue,
    rate: FrameRate,
    conductor: CueConductor,
    written: set[str],
    hit_qs: list[Fraction],
) -> tuple[str, ...]:
    """What the user should know about where the file starts: a cue start before it, the
    pre-roll that early hits need, a pickup that cannot be a bar of its own."""
    start = conductor.start
    notes = []
    if f"{cue.number} start" not in written:
        notes.append(
            f"{cue.number} starts at {frames_to_tc(cue.start_frames, rate=rate)}, before the "
            "music: the file starts on the music's first bar line, without the cue start"
        )
    if start.has_pickup and start.pickup is None:
        notes.append(
            f"the pickup of {format_fraction(cue.placed_tempo().map.pickup_beats)} beats is "
            "no time signature's length: the file starts at the downbeat of its full bar"
        )
    early = [q for q in hit_qs if q < start.music_quarters]
    if early and start.pre_roll_bars:
        count = start.pre_roll_bars
        notes.append(
            f"{len(early)} hit{'s' if len(early) != 1 else ''} before the music: the file "
            f"starts {count} bar{'s' if count != 1 else ''} earlier, with 'bar N' markers "
            "naming the timing sheet's bars"
        )
    return tuple(notes)


def export_cue_midi(
    project: Project,
    cue: Cue,
    path: Path,
    *,
    ramp_step: str = "sixteenth",
    click_notes: bool = False,
    pickup_bar: PickupBar | None = None,
    marker_timecode: bool = False,
    pre_roll_bars: int = 0,
) -> MidiExportReport:
    """Writes ``cue``'s tempo map as a MIDI file at ``path``, reads it back and checks that
    every hit and bar line lands within 1 ms; raises :class:`ExportError` naming the first
    that does not (and writes nothing).

    ``pickup_bar`` numbers the bars (``None``: the project's setting), ``marker_timecode``
    adds each marker's timecode to its text and ``pre_roll_bars`` starts the file at least
    that many whole bars before the music."""

    step = RampStep.parse(ramp_step)
    convention = project.pickup_bar if pickup_bar is None else PickupBar.parse(pickup_bar)
    options = _Options(step, click_notes, convention, marker_timecode, pre_roll_bars)
    plan = _plan(cue, project.rate, options)
    notes = tuple(Note(t, 76 if down else 77, 110 if down else 90) for t, down in plan.click_ticks)
    tracks = (NoteTrack("Click", 9, notes),) if notes else ()
    data = midi_file_bytes(build_midi_file(plan.track, note_tracks=tracks))
    check_writable(path)
    try:
        with atomic_path(path) as temporary:
            temporary.write_bytes(data)
            report = _read_back(temporary, plan, cue, project.rate, step, path)
    except OSError as error:
        raise ExportError(write_problem(path, error)) from None
    return report


def _read_back(
    written: Path, plan: _Plan, cue: Cue, rate: FrameRate, step: RampStep, path: Path
) -> MidiExportReport:
    """Reads the written file with mido and measures each hit and bar line against picture."""

    content = read_midi(written)
    if content.smpte is None:
        raise ExportError(f"{path}: the SMPTE offset did not survive writing")
    reading = seconds_for_smpte(content.smpte, rate, name=str(path))
    clock = content.clock()
    markers = {(t.ticks, t.text) for t in content.texts if t.kind == "marker"}

    def drift(expected: _Expected) -> Drift:
        landed = reading.seconds + clock.seconds_at(expected.ticks)
        return Drift(
            expected.what,
            expected.label,
            expected.tc,
            expected.ticks,
            expected.bbt,
            float(landed - Fraction(expected.seconds)),
        )

    for hit in plan.hits:
        if hit.marker is not None and hit.marker not in markers:
            raise ExportError(f"{path}: the marker of {hit.what} ({hit.label!r}) is missing")
    hits = tuple(drift(h) for h in plan.hits)
    bars = tuple(drift(b) for b in plan.bars)
    _check_drift(cue, hits, bars)
    conductor = plan.conductor
    return MidiExportReport(
        path=path,
        cue=str(cue.number),
        smpte_label=content.smpte.label,
        smpte_rate=content.smpte.rate_name,
        smpte_interpretation=reading.interpretation,
        tick0_tc=plan.tick0_tc,
        tempo_events=len(content.tempos),
        time_signatures=len(content.meters),
        ramp_step=step.value,
        hits=hits,
        bars=bars,
        notes=plan.notes,
        pickup_bar=int(conductor.pickup_bar),
        first_bar=conductor.first_bar,
        pre_roll_bars=conductor.start.pre_roll_bars,
        bar_markers=conductor.bar_markers,
    )


def _check_drift(cue: Cue, hits: tuple[Drift, ...], bars: tuple[Drift, ...]) -> None:
    limit = float(DRIFT_LIMIT_SECONDS)
    for item in hits + bars:
        if abs(item.drift_seconds) > limit:
            name = f"{item.what} {item.label!r}" if item.label else item.what
            raise ExportError(
                f"{cue.number}: {name} at {item.tc} would land "
                f"{signed_text(item.drift_ms, places=3)} ms off in the MIDI file, more than "
                "1 ms: at this tempo a tick or the SMPTE offset cannot place it closer; nothing "
                "was written"
            )
