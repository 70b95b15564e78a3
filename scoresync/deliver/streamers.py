"""Streamers and punches for a cue, for streamer systems and as a MIDI note track.

A streamer is a line that wipes across the picture for its length and ends on a sync
point; a punch is a flash on one. For a tempo-mapped cue the list holds:

- a green streamer into the bar-1 downbeat (named with its bar number under the chosen
  pickup-bar convention: bar 2 after a pickup bar numbered 1);
- a yellow streamer into the first warning click, when a count-in is asked for (the
  count-in is the click track's: N whole bars before the bar the music starts in and M
  beats before those, so with a pickup the count runs through the pickup's bar);
- a red streamer into the end of the cue;
- a punch on every hit (must-hit hits flagged).

Each streamer ends on its sync point and starts its length earlier (2 seconds by
default, rounded to whole frames, settable per colour from one frame to
:data:`MAX_LENGTH_SECONDS`). Timecodes are the frame nearest
the sync point; a punch's start and end are its sync point and its length is 0.

The MIDI file (Standard MIDI File format 1, 960 ticks per quarter) has the conductor
track of the cue's MIDI tempo map (:func:`scoresync.deliver.midi.cue_conductor`: the same
tempos, ramps in steps, time signatures with the pickup as its own bar, and the ``FF 54``
SMPTE offset of tick 0 with the same rate codes), with an ``FF 06`` marker at the start of
every event, and the notes in track 1 on MIDI channel 1. Streamers lead in before their
sync points, so the file starts whole bars of the first meter before the music's first bar
line, as many as its earliest note needs (at least ``pre_roll_bars``): exported with the
same ``pre_roll_bars``, the tempo map and the streamers start on the same tick 0 with the
same tempo track, and line up dropped in at bar 1 together. The file then carries a
``bar N`` marker at every bar line (N as the timing sheet numbers it), since a reader's
numbers are higher by the pre-roll. Markers less than half a frame apart are one marker
(:mod:`tempo.midi.markers`); with ``marker_timecode`` each ends with its timecode. Each
note sits at the tick nearest its musical position: a streamer's note from the streamer's
start to its exact sync point, a punch's note one frame long from its sync point. Every
note is checked to play within 1 ms of its time. Notes (middle C = 60 = C4): green C3
(48), yellow D3 (50), red E3 (52), punch F3 (53); velocity 100, 127 on a must-hit punch.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from scoresync.deliver.midi import (
    MARKER_MERGE_FRAMES,
    RANK_HIT,
    RANK_START,
    CueConductor,
    bar_points,
    cue_conductor,
)
from scoresync.deliver.spreadsheet import spreadsheet_text
from scoresync.errors import ExportError, UsageError
from scoresync.picture.timecode import frames_to_tc, seconds_to_frames
from tempo.audio.click import count_in_start_quarters
from tempo.common.exact import signed_text, to_fraction
from tempo.map.barnumbers import PickupBar, shown_bar
from tempo.midi.events import (
    ConductorTrack,
    Note,
    NoteTrack,
    TickClock,
    build_midi_file,
    midi_file_bytes,
    midi_text,
)
from tempo.midi.export import RampStep
from tempo.midi.markers import NamedPoint, merged_markers

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue
    from tempo.map.tempomap import TempoMap

__all__ = [
    "COLOURS",
    "CSV_COLUMNS",
    "NOTES",
    "MAX_LENGTH_SECONDS",
    "EventKind",
    "StreamerEvent",
    "StreamerMidi",
    "StreamerOptions",
    "check_length",
    "parse_length",
    "plan_streamers_midi",
    "streamer_events",
    "streamers_csv",
    "streamers_midi",
]

DRIFT_LIMIT_SECONDS = Fraction(1, 1000)
COLOURS: tuple[str, ...] = ("green", "yellow", "red")
NOTES: dict[str, int] = {"green": 48, "yellow": 50, "red": 52, "punch": 53}
VELOCITY, MUST_HIT_VELOCITY = 100, 127
DEFAULT_LENGTH_SECONDS = Fraction(2)
MAX_LENGTH_SECONDS = 60
"""The longest streamer: a minute (streamers run a few seconds; a longer one would start
in another scene)."""


class EventKind(Enum):
    """A streamer (a wipe into a sync point) or a punch (a flash on it)."""

    STREAMER = "streamer"
    PUNCH = "punch"


@dataclass(frozen=True)
class StreamerEvent:
    """One streamer or punch.

    ``sync_seconds`` is the exact sync point from the bar-1 downbeat and ``sync_frames``
    the nearest frame; the event starts ``length_frames`` before it (0 for a punch).
    """

    kind: EventKind
    colour: str
    sync_seconds: Fraction
    sync_frames: int
    length_frames: int
    label: str
    must_hit: bool = False

    @property
    def start_frames(self) -> int:
        """Where the streamer starts: its sync frame less its length."""
        return self.sync_frames - self.length_frames

    @property
    def note(self) -> int:
        """The MIDI note number of this event."""
        return NOTES["punch" if self.kind is EventKind.PUNCH else self.colour]


@dataclass(frozen=True)
class StreamerOptions:
    """Streamer lengths per colour in frames (missing colours: 2 seconds) and the count-in
    that the yellow streamer leads into (none when both are 0)."""

    length_frames: Mapping[str, int] = field(default_factory=dict)
    count_in_bars: int = 0
    count_in_beats: int = 0

    def length_for(self, colour: str, rate: FrameRate) -> int:
        """Length of the ``colour`` streamer in frames at ``rate`` (checked by
        :func:`check_length`)."""
        if colour in self.length_frames:
            frames = self.length_frames[colour]
            return check_length(frames, rate=rate, what=f"{colour} streamer length {frames}f")
        return seconds_to_frames(DEFAULT_LENGTH_SECONDS, rate=rate)


def check_length(frames: int, *, rate: FrameRate, what: str) -> int:
    """``frames`` when it is a streamer length at ``rate``: one frame to
    :data:`MAX_LENGTH_SECONDS`; else :class:`UsageError` naming ``what`` and the range."""
    longest = seconds_to_frames(MAX_LENGTH_SECONDS, rate=rate)
    if not 1 <= frames <= longest:
        raise UsageError(
            f"{what}: a streamer lasts at least one frame and at most {MAX_LENGTH_SECONDS} "
            f"seconds (1f to {longest}f at {rate.name} fps)"
        )
    return frames


def parse_length(text: str, *, rate: FrameRate, what: str = "--length") -> int:
    """A streamer length typed as frames (``48f``) or seconds (``2s`` or ``2``), in frames.

    Seconds round to the nearest frame. Raises :class:`UsageError` for anything else or
    a length outside :func:`check_length`'s range.
    """
    cleaned = text.strip().lower()
    try:
        if cleaned.endswith("f"):
            frames = int(cleaned[:-1])
        else:
            seconds = to_fraction(cleaned.removesuffix("s"), what=what, error=UsageError)
            frames = seconds_to_frames(seconds, rate=rate)
    except (ValueError, UsageError):
        raise UsageError(
            f"{what} {text!r}: give frames such as 48f or seconds such as 2s"
        ) from None
    return check_length(frames, rate=rate, what=f"{what} {text!r}")


def streamer_events(
    cue: Cue,
    rate: FrameRate,
    options: StreamerOptions | None = None,
    *,
    pickup_bar: PickupBar = PickupBar.ZERO,
) -> list[StreamerEvent]:
    """The streamers and punches of ``cue``, ordered by sync point (streamers before
    punches at the same point); the downbeat's bar numbered under ``pickup_bar``."""
    options = options or StreamerOptions()
    placed = cue.placed_tempo()
    tempo_map = placed.map

    def seconds_of(frames: int) -> Fraction:
        return placed.seconds_at_frame(frames, rate=rate)

    def streamer(colour: str, seconds: Fraction, label: str) -> StreamerEvent:
        frames = math.floor(placed.frames_at_seconds(seconds, rate=rate) + Fraction(1, 2))
        length = options.length_for(colour, rate)
        return StreamerEvent(EventKind.STREAMER, colour, seconds, frames, length, label)

    downbeat_bar = shown_bar(1, tempo_map, PickupBar.parse(pickup_bar))
    events = [streamer("green", Fraction(0), f"downbeat, bar {downbeat_bar}")]
    if options.count_in_bars or options.count_in_beats:
        start = count_in_start_quarters(
            tempo_map, bars=options.count_in_bars, beats=options.count_in_beats
        )
        seconds = Fraction(tempo_map.seconds_at_quarters(start))
        events.append(streamer("yellow", seconds, f"count-in: {_count_in_text(options)}"))
    events.append(streamer("red", seconds_of(cue.end_frames), f"end of {cue.number}"))
    for index, hit in enumerate(cue.hits, start=1):
        label = hit.label or f"hit {index}"
        events.append(
            StreamerEvent(
                EventKind.PUNCH, "white", seconds_of(hit.frames), hit.frames, 0, label, hit.must_hit
            )
        )
    kind_order = {EventKind.STREAMER: 0, EventKind.PUNCH: 1}
    events.sort(key=lambda e: (e.sync_seconds, kind_order[e.kind], e.note))
    return events


def _count_in_text(options: StreamerOptions) -> str:
    parts = []
    if options.count_in_bars:
        parts.append(f"{options.count_in_bars} bar{'s' if options.count_in_bars != 1 else ''}")
    if options.count_in_beats:
        parts.append(f"{options.count_in_beats} beat{'s' if options.count_in_beats != 1 else ''}")
    return " + ".join(parts)


# -- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "type",
    "colour",
    "start_tc",
    "end_tc",
    "length_frames",
    "start_frames",
    "end_frames",
    "midi_note",
    "must_hit",
    "label",
)
"""The CSV header row; the names and their order are stable."""


def streamers_csv(events: list[StreamerEvent], rate: FrameRate) -> str:
    """One row per event under :data:`CSV_COLUMNS`; ``\\r\\n`` line endings.

    ``label`` is the one free-text column (a hit's label as typed): a label a spreadsheet
    would run as a formula gets a ``'`` in front (:func:`spreadsheet_text`). The frame
    columns stay numbers, negative ones included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow(
            [
                event.kind.value,
                event.colour,
                frames_to_tc(event.start_frames, rate=rate),
                frames_to_tc(event.sync_frames, rate=rate),
                event.length_frames,
                event.start_frames,
                event.sync_frames,
                event.note,
                "yes" if event.must_hit else "no",
                spreadsheet_text(event.label),
            ]
        )
    return buffer.getvalue()


# -- MIDI -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreamerMidi:
    """The streamers' MIDI file: its bytes, its conductor track (where tick 0 falls, how
    its bars are numbered) and notes for the user."""

    data: bytes
    conductor: CueConductor
    notes: tuple[str, ...] = ()


def plan_streamers_midi(
    events: list[StreamerEvent],
    cue: Cue,
    rate: FrameRate,
    *,
    ramp_step: str = "sixteenth",
    pickup_bar: PickupBar = PickupBar.ZERO,
    marker_timecode: bool = False,
    pre_roll_bars: int = 0,
) -> StreamerMidi:
    """The events as a Standard MIDI File (see the module notes for the layout), bars
    numbered under ``pickup_bar``, starting at least ``pre_roll_bars`` whole bars before
    the music.

    Each note is placed at the tick nearest its musical position, as the MIDI tempo-map
    export places hits, and checked against picture: raises :class:`ExportError` if any
    note would land more than 1 ms from its time.
    """

    placed = cue.placed_tempo()
    tempo_map = placed.map
    notes = _planned_notes(events, rate)
    hit_qs = [
        _quarters(tempo_map, placed.seconds_at_frame(hit.frames, rate=rate)) for hit in cue.hits
    ]
    ons = [_quarters(tempo_map, n.on) for n in notes]
    conductor = cue_conductor(
        cue,
        rate,
        end_quarters=max(_quarters(tempo_map, n.off) for n in notes),
        earliest_quarters=min([*ons, *hit_qs]),
        pre_roll_bars=pre_roll_bars,
        ramp_step=RampStep.parse(ramp_step),
        pickup_bar=PickupBar.parse(pickup_bar),
    )
    placed_notes = [n.at_ticks(tempo_map, conductor) for n in notes]
    _check_drift(cue, placed_notes, conductor.tempos, conductor.origin_seconds)
    last = max(n.off for n in notes)
    points = [
        NamedPoint(
            n.on_ticks,
            n.planned.on,
            n.marker,
            RANK_HIT if n.planned.punch else RANK_START,
            timecode=n.planned.timecode,
        )
        for n in placed_notes
    ]
    points += bar_points(cue, rate, conductor, until_seconds=last)
    markers = merged_markers(
        points, within_seconds=MARKER_MERGE_FRAMES / rate.fps, with_timecode=marker_timecode
    )
    track = ConductorTrack(
        name=midi_text(cue.name),
        smpte=conductor.smpte,
        tempos=conductor.tempos,
        meters=conductor.meters,
        texts=tuple(marker.event for marker in markers),
        end_ticks=max(n.off_ticks for n in placed_notes),
    )
    notes_track = NoteTrack(
        f"{cue.number} streamers",
        0,
        tuple(
            Note(n.on_ticks, n.planned.note, n.planned.velocity, n.off_ticks - n.on_ticks)
            for n in placed_notes
        ),
    )
    data = midi_file_bytes(build_midi_file(track, note_tracks=(notes_track,)))
    return StreamerMidi(data, conductor, _pre_roll_notes(conductor, pre_roll_bars))


def _pre_roll_notes(conductor: CueConductor, asked: int) -> tuple[str, ...]:
    """How to line the tempo map up with a file that needed more pre-roll than asked."""
    bars = conductor.start.pre_roll_bars
    if bars <= asked:
        return ()
    return (
        f"the streamers start {bars} bar{'s' if bars != 1 else ''} before the music: export "
        f"the tempo map with --pre-roll-bars {bars} to drop both in at bar 1 together",
    )


def streamers_midi(
    events: list[StreamerEvent],
    cue: Cue,
    rate: FrameRate,
    *,
    ramp_step: str = "sixteenth",
    pickup_bar: PickupBar = PickupBar.ZERO,
    marker_timecode: bool = False,
    pre_roll_bars: int = 0,
) -> bytes:
    """The bytes of :func:`plan_streamers_midi`'s file."""
    return plan_streamers_midi(
        events,
        cue,
        rate,
        ramp_step=ramp_step,
        pickup_bar=pickup_bar,
        marker_timecode=marker_timecode,
        pre_roll_bars=pre_roll_bars,
    ).data


@dataclass(frozen=True)
class _Note:
    """A note to place: on and off in seconds from the bar-1 downbeat, its marker's text
    and the timecode of its start, and whether it is a punch."""

    note: int
    velocity: int
    on: Fraction
    off: Fraction
    marker: str
    timecode: str = ""
    punch: bool = False

    def at_ticks(self, tempo_map: TempoMap, conductor: CueConductor) -> _PlacedNote:

        on = conductor.ticks_at(_quarters(tempo_map, self.on))
        off = max(conductor.ticks_at(_quarters(tempo_map, self.off)), on + 1)
        return _PlacedNote(self, on, off)


@dataclass(frozen=True)
class _PlacedNote:
    planned: _Note
    on_ticks: int
    off_ticks: int

    @property
    def marker(self) -> str:
        return self.planned.marker


def _quarters(tempo_map: TempoMap, seconds: Fraction) -> Fraction:
    return Fraction(tempo_map.quarters_at_seconds(seconds))


def _planned_notes(events: list[StreamerEvent], rate: FrameRate) -> list[_Note]:
    """Streamers from their start to their exact sync point; punches one frame long."""

    notes = []
    for event in events:
        if event.kind is EventKind.PUNCH:
            on, off = event.sync_seconds, event.sync_seconds + rate.seconds_per_frame
            marker = f"punch: {event.label}" + (" (must hit)" if event.must_hit else "")
        else:
            on = event.sync_seconds - Fraction(event.length_frames) / rate.fps
            off = event.sync_seconds
            marker = f"{event.colour} streamer: {event.label}"
        velocity = MUST_HIT_VELOCITY if event.must_hit else VELOCITY
        timecode = frames_to_tc(event.start_frames, rate=rate)
        punch = event.kind is EventKind.PUNCH
        notes.append(_Note(event.note, velocity, on, off, midi_text(marker), timecode, punch))
    return notes


def _check_drift(
    cue: Cue, notes: list[_PlacedNote], tempos: tuple[Any, ...], origin_seconds: Fraction
) -> None:
    """Raises :class:`ExportError` if a note would play more than 1 ms from its time;
    ``origin_seconds`` is tick 0's time from the downbeat."""

    clock = TickClock(tempos)
    for note in notes:
        planned = note.planned
        for ticks, seconds in ((note.on_ticks, planned.on), (note.off_ticks, planned.off)):
            drift = clock.seconds_at(ticks) + origin_seconds - seconds
            if abs(drift) > DRIFT_LIMIT_SECONDS:
                raise ExportError(
                    f"{cue.number}: the note of {note.marker!r} would land "
                    f"{signed_text(drift * 1000, places=3)} ms off in the MIDI file, more than "
                    "1 ms; nothing was written"
                )
