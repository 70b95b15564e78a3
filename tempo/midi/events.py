"""Standard MIDI File tempo maps as plain events: writing them with mido, reading them back.

The events here are the wire facts of a conductor track, apart from musical meaning:
``FF 51`` tempo (microseconds per quarter note), ``FF 58`` time signature, ``FF 54``
SMPTE offset, ``FF 06`` markers, ``FF 07`` cue points, ``FF 01`` text. Positions are
ticks. :class:`TickClock` turns ticks into exact seconds from the written tempo events
alone, the way a sequencer plays the file; it is the independent reader every export is
checked against.

An SMPTE offset's hour byte carries the frame-rate code in bits 5-6: 0 = 24, 1 = 25,
2 = 30 drop frame, 3 = 30 (so 01 h at 30 drop is ``0x41``); :data:`SMPTE_RATES` says what
each code stands for. Sub-frames are hundredths of a frame.

>>> SmpteOffset(1, 0, 10, 0, 0, rate_code=2).to_bytes().hex(" ")
'41 00 0a 00 00'
>>> TickClock([TempoEvent(0, 500_000)]).seconds_at(1920)
Fraction(1, 1)
"""

from __future__ import annotations

import os
import stat
import struct
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from tempo.common.errors import MidiError
from tempo.map.bbt import TICKS_PER_QUARTER

__all__ = [
    "DEFAULT_US_PER_QN",
    "SMPTE_RATES",
    "Note",
    "NoteTrack",
    "ConductorTrack",
    "MeterEvent",
    "MidiContent",
    "SmpteOffset",
    "SmpteRate",
    "TempoEvent",
    "TextEvent",
    "TickClock",
    "build_midi_file",
    "midi_file_bytes",
    "midi_text",
    "read_midi",
    "smpte_rate_for_timecode",
]

DEFAULT_US_PER_QN = 500_000
"""Tempo of a MIDI file before its first tempo event: 120 quarter notes per minute."""


@dataclass(frozen=True)
class SmpteRate:
    """What one SMPTE offset rate code (bits 5-6 of the hour byte) stands for.

    ``name`` is the rate as text, ``base`` the frame labels per timecode second, ``drop``
    whether the labels skip as drop-frame timecode does, ``fps`` the real frames per second
    when the labels are read as real time, and ``mido_frame_rate`` how mido names the rate.
    """

    code: int
    name: str
    base: int
    drop: bool
    fps: Fraction
    mido_frame_rate: float


SMPTE_RATES = (
    SmpteRate(0, "24", 24, False, Fraction(24), 24),
    SmpteRate(1, "25", 25, False, Fraction(25), 25),
    SmpteRate(2, "30 drop", 30, True, Fraction(30000, 1001), 29.97),
    SmpteRate(3, "30", 30, False, Fraction(30), 30),
)
"""The SMPTE offset rate codes, indexed by code."""


def smpte_rate_for_timecode(base: int, *, drop: bool) -> SmpteRate:
    """The rate code that writes timecode of ``base`` frame labels per second: the code
    of that base or of the base it is a multiple of (48 as 24, 50 as 25, 60 as 30, since
    MIDI has no double rates); drop-frame timecode as 30 drop. There is no code for
    23.976: its labels count as at 24.

    >>> smpte_rate_for_timecode(48, drop=False).name, smpte_rate_for_timecode(60, drop=True).name
    ('24', '30 drop')
    """
    for rate in SMPTE_RATES:
        if rate.drop == drop and base % rate.base == 0:
            return rate
    raise MidiError(
        f"no SMPTE rate code writes {base} fps{' drop-frame' if drop else ''} timecode; "
        "MIDI offsets count 24, 25, 30 drop or 30 frames per second"
    )


TextKind = Literal["marker", "cue", "text"]


@dataclass(frozen=True)
class SmpteOffset:
    """An ``FF 54`` SMPTE offset: the timecode of tick 0."""

    hours: int
    minutes: int
    seconds: int
    frames: int
    subframes: int
    rate_code: int

    def __post_init__(self) -> None:
        if self.rate_code not in range(len(SMPTE_RATES)):
            raise MidiError(f"SMPTE rate code must be 0 to 3, got {self.rate_code}")
        limits = (("hours", 24), ("minutes", 60), ("seconds", 60), ("frames", self.rate.base))
        for name, limit in limits + (("subframes", 100),):
            value = getattr(self, name)
            if not 0 <= value < limit:
                raise MidiError(
                    f"SMPTE offset {name} must be 0 to {limit - 1} at "
                    f"{self.rate_name} fps, got {value}"
                )

    @property
    def rate(self) -> SmpteRate:
        """What the rate code stands for."""
        return SMPTE_RATES[self.rate_code]

    @property
    def hour_byte(self) -> int:
        """The first data byte: rate code in bits 5-6, hours in bits 0-4."""
        return (self.rate_code << 5) | self.hours

    @property
    def label(self) -> str:
        """``HH:MM:SS:FF.ss`` (``;`` before the frames at 30 drop)."""
        mark = ";" if self.rate.drop else ":"
        return (
            f"{self.hours:02d}:{self.minutes:02d}:{self.seconds:02d}{mark}"
            f"{self.frames:02d}.{self.subframes:02d}"
        )

    @property
    def rate_name(self) -> str:
        """The rate code as text: ``24``, ``25``, ``30 drop`` or ``30``."""
        return self.rate.name

    def to_bytes(self) -> bytes:
        """The five data bytes of the event."""
        return bytes((self.hour_byte, self.minutes, self.seconds, self.frames, self.subframes))

    def as_tuple(self) -> tuple[int, int, int, int, int, int]:
        """``(hours, minutes, seconds, frames, subframes, rate_code)``."""
        return (
            self.hours,
            self.minutes,
            self.seconds,
            self.frames,
            self.subframes,
            self.rate_code,
        )


@dataclass(frozen=True, order=True)
class TempoEvent:
    """``FF 51``: from ``ticks`` on, a quarter note lasts ``us_per_qn`` microseconds."""

    ticks: int
    us_per_qn: int

    @property
    def qn_bpm(self) -> Fraction:
        """The tempo in quarter notes per minute."""
        return Fraction(60_000_000, self.us_per_qn)


@dataclass(frozen=True, order=True)
class MeterEvent:
    """``FF 58``: a time signature from ``ticks`` on. ``clocks_per_click`` counts MIDI
    clocks (24 per quarter) in the metronome beat."""

    ticks: int
    numerator: int
    denominator: int
    clocks_per_click: int = 24
    thirty_seconds_per_quarter: int = 8

    @property
    def text(self) -> str:
        """``6/8`` and the like."""
        return f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True, order=True)
class TextEvent:
    """A marker (``FF 06``), cue point (``FF 07``) or text (``FF 01``) at ``ticks``."""

    ticks: int
    text: str
    kind: TextKind = "marker"


@dataclass(frozen=True, order=True)
class Note:
    """A note of a note track: on at ``ticks``, off ``duration_ticks`` later."""

    ticks: int
    note: int
    velocity: int
    duration_ticks: int = 60


@dataclass(frozen=True)
class NoteTrack:
    """A track of notes after the conductor track: a click (channel 9, General MIDI
    percussion) or streamer and punch notes (channel 0)."""

    name: str
    channel: int
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class ConductorTrack:
    """Everything track 0 holds, in ticks at ``ticks_per_quarter``."""

    name: str
    smpte: SmpteOffset | None
    tempos: tuple[TempoEvent, ...]
    meters: tuple[MeterEvent, ...]
    texts: tuple[TextEvent, ...] = ()
    end_ticks: int = 0
    ticks_per_quarter: int = TICKS_PER_QUARTER


class TickClock:
    """Seconds from tick 0 of a file, computed exactly from its tempo events.

    Before the first event the tempo is the MIDI default, 120 quarter notes per minute.
    Several events at one tick: the last one counts.
    """

    def __init__(
        self, tempos: Sequence[TempoEvent], ticks_per_quarter: int = TICKS_PER_QUARTER
    ) -> None:
        by_tick: dict[int, int] = {0: DEFAULT_US_PER_QN}
        for event in sorted(tempos, key=lambda e: e.ticks):
            by_tick[event.ticks] = event.us_per_qn
        self._ticks = sorted(by_tick)
        self._us = [by_tick[t] for t in self._ticks]
        self._scale = 1_000_000 * ticks_per_quarter
        starts = [Fraction(0)]
        for index in range(1, len(self._ticks)):
            length = self._ticks[index] - self._ticks[index - 1]
            starts.append(starts[-1] + Fraction(length * self._us[index - 1], self._scale))
        self._starts = starts

    def seconds_at(self, ticks: int) -> Fraction:
        """Exact seconds from tick 0 to ``ticks`` (ticks >= 0)."""
        index = bisect_right(self._ticks, ticks) - 1
        offset = ticks - self._ticks[index]
        return self._starts[index] + Fraction(offset * self._us[index], self._scale)

    def us_per_qn_at(self, ticks: int) -> int:
        """The tempo in force at ``ticks``."""
        return self._us[bisect_right(self._ticks, ticks) - 1]


# -- writing ----------------------------------------------------------------------------------


def midi_text(text: str) -> str:
    """``text`` as MIDI meta-event text can carry it (Latin-1): other characters become
    their plain letter where they have one (``ő`` -> ``o``), else ``?``."""
    import unicodedata

    result = []
    for character in text:
        if ord(character) < 256:
            result.append(character)
            continue
        plain = unicodedata.normalize("NFKD", character)
        plain = "".join(c for c in plain if not unicodedata.combining(c) and ord(c) < 256)
        result.append(plain or "?")
    return "".join(result)


def _conductor_messages(track: ConductorTrack) -> list[tuple[int, int, Any]]:
    """``(ticks, order, message)`` of track 0; order sorts same-tick events."""
    import mido

    messages: list[tuple[int, int, Any]] = [(0, 0, mido.MetaMessage("track_name", name=track.name))]
    if track.smpte is not None:
        smpte = track.smpte
        messages.append(
            (
                0,
                1,
                mido.MetaMessage(
                    "smpte_offset",
                    frame_rate=smpte.rate.mido_frame_rate,
                    hours=smpte.hours,
                    minutes=smpte.minutes,
                    seconds=smpte.seconds,
                    frames=smpte.frames,
                    sub_frames=smpte.subframes,
                ),
            )
        )
    for meter in track.meters:
        message = mido.MetaMessage(
            "time_signature",
            numerator=meter.numerator,
            denominator=meter.denominator,
            clocks_per_click=meter.clocks_per_click,
            notated_32nd_notes_per_beat=meter.thirty_seconds_per_quarter,
        )
        messages.append((meter.ticks, 2, message))
    for tempo in track.tempos:
        messages.append((tempo.ticks, 3, mido.MetaMessage("set_tempo", tempo=tempo.us_per_qn)))
    kinds = {"marker": ("marker", 4), "cue": ("cue_marker", 5), "text": ("text", 6)}
    for text in track.texts:
        message_type, order = kinds[text.kind]
        messages.append((text.ticks, order, mido.MetaMessage(message_type, text=text.text)))
    return messages


def _delta_track(messages: list[tuple[int, int, Any]], end_ticks: int) -> Any:
    """A mido track from absolute-tick messages (stable order), closed at ``end_ticks``."""
    import mido

    track = mido.MidiTrack()
    now = 0
    for ticks, _, message in sorted(messages, key=lambda item: (item[0], item[1])):
        track.append(message.copy(time=ticks - now))
        now = ticks
    track.append(mido.MetaMessage("end_of_track", time=max(end_ticks - now, 0)))
    return track


def build_midi_file(conductor: ConductorTrack, *, note_tracks: Sequence[NoteTrack] = ()) -> Any:
    """A format-1 ``mido.MidiFile``: the conductor track, then one track per note track,
    each closed at the conductor's end. A note off sorts before a note on at the same tick."""
    import mido

    midi = mido.MidiFile(type=1, ticks_per_beat=conductor.ticks_per_quarter)
    midi.tracks.append(_delta_track(_conductor_messages(conductor), conductor.end_ticks))
    for track in note_tracks:
        messages: list[tuple[int, int, Any]] = [
            (0, 0, mido.MetaMessage("track_name", name=track.name))
        ]
        for note in track.notes:
            on = mido.Message(
                "note_on", channel=track.channel, note=note.note, velocity=note.velocity
            )
            off = mido.Message("note_off", channel=track.channel, note=note.note, velocity=0)
            messages.append((note.ticks, 2, on))
            messages.append((note.ticks + note.duration_ticks, 1, off))
        midi.tracks.append(_delta_track(messages, conductor.end_ticks))
    return midi


def midi_file_bytes(midi: Any) -> bytes:
    """The bytes of a ``mido.MidiFile``, as :meth:`save` would write them."""
    import io

    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MidiContent:
    """What a Standard MIDI File says about time: its tempo map events from every track."""

    name: str
    format: int
    ticks_per_quarter: int
    track_count: int
    tempos: tuple[TempoEvent, ...]
    meters: tuple[MeterEvent, ...]
    smpte: SmpteOffset | None
    texts: tuple[TextEvent, ...]
    end_ticks: int
    track_names: tuple[str, ...] = field(default=())

    def clock(self) -> TickClock:
        """The file's tick-to-seconds clock."""
        return TickClock(self.tempos, self.ticks_per_quarter)


_MIDO_FAILURES = (OSError, EOFError, ValueError, KeyError, IndexError, TypeError, struct.error)

MAX_MIDI_BYTES = 16 * 1024 * 1024
"""The largest MIDI file read, in bytes (16 MiB): a whole film's session with every part
fits, and reading that much takes under a minute; a tempo map is a few kilobytes."""

MAX_TEMPO_EVENTS = 10_000
"""The most tempo events a file may hold: a tempo change on every beat of an 80-minute cue
at 120 BPM is 9,600."""

FORMATS = (0, 1, 2)
"""The Standard MIDI File formats: 0 one track, 1 tracks played together, 2 independent
sequences."""


def read_midi(path: str | os.PathLike[str]) -> MidiContent:
    """Reads the timing events of the MIDI file at ``path``.

    Raises :class:`MidiError` naming the file when it is not a regular file of at most
    :data:`MAX_MIDI_BYTES` (a folder, FIFO or device is refused before any reading), cannot
    be read, is not a Standard MIDI File, is truncated, is format 2 (or no format at all),
    counts time in SMPTE frames, sets a tempo of 0 or holds more than
    :data:`MAX_TEMPO_EVENTS` tempo events.
    """
    import io

    import mido

    name = os.fspath(path)
    data = _file_bytes(name)
    _check_header(data, name)
    try:
        midi = mido.MidiFile(file=io.BytesIO(data))
    except _MIDO_FAILURES as error:
        raise MidiError(
            f"{name} is not a readable Standard MIDI File ({_describe(error)})"
        ) from None
    if midi.type == 2:
        raise MidiError(
            f"{name} is a format 2 MIDI file (independent sequences), which has no single "
            "tempo map; export the tempo map as format 0 or 1"
        )
    if midi.ticks_per_beat <= 0 or midi.ticks_per_beat >= 0x8000:
        raise MidiError(
            f"{name} counts time in SMPTE frames, not ticks per quarter note; "
            "export the tempo map with a PPQ resolution (e.g. 960)"
        )
    return _content(midi, name)


def _file_bytes(name: str) -> bytes:
    """The bytes of the regular file ``name``, refused unless it is one and holds at most
    :data:`MAX_MIDI_BYTES` (checked on the open file, before reading: a FIFO would block
    and a device never end)."""
    try:
        descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise MidiError(f"cannot read {name}: {error.strerror or error}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise MidiError(
                f"{name} is {_file_kind(mode)}, not a MIDI file: give the path of a .mid file"
            )
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(MAX_MIDI_BYTES + 1)
    except OSError as error:
        raise MidiError(f"cannot read {name}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_MIDI_BYTES:
        raise MidiError(
            f"{name} is larger than {MAX_MIDI_BYTES // (1024 * 1024)} MiB, more than any MIDI "
            "tempo map: export the tempo map (conductor track) alone"
        )
    return data


def _file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def _check_header(data: bytes, name: str) -> None:
    """Raises :class:`MidiError` unless ``data`` opens with the header chunk of a Standard
    MIDI File: ``MThd``, a length of at least 6 that the file holds, a format of 0, 1 or
    2, and ticks per quarter note (not SMPTE frames)."""
    magic = data[:4]
    if magic != b"MThd":
        what = "it is empty" if not magic else "it does not start with MThd"
        if magic == b"RIFF":
            what = "it is a RIFF MIDI (.rmi) file; save it as a Standard MIDI File (.mid)"
        raise MidiError(f"{name} is not a Standard MIDI File: {what}")
    if len(data) < 14:
        return  # the reader says it is truncated
    length = int.from_bytes(data[4:8], "big")
    if not 6 <= length <= len(data) - 8:
        raise MidiError(
            f"{name} is damaged: its header chunk (MThd) claims {length} bytes, where a "
            f"Standard MIDI File's has 6 (and this file holds {len(data)} bytes in all)"
        )
    midi_format = int.from_bytes(data[8:10], "big")
    if midi_format not in FORMATS:
        raise MidiError(
            f"{name} says it is MIDI format {midi_format}, which does not exist (Standard "
            "MIDI Files are format 0, 1 or 2): export the tempo map again as format 0 or 1"
        )
    if data[12] & 0x80:
        raise MidiError(
            f"{name} counts time in SMPTE frames, not ticks per quarter note; "
            "export the tempo map with a PPQ resolution (e.g. 960)"
        )


def _describe(error: BaseException) -> str:
    if isinstance(error, EOFError):
        return "it ends in the middle of a chunk: the file is truncated"
    text = str(error) or type(error).__name__
    return text


def _content(midi: Any, name: str) -> MidiContent:
    tempos: list[TempoEvent] = []
    meters: list[MeterEvent] = []
    texts: list[TextEvent] = []
    track_names: list[str] = []
    smpte: SmpteOffset | None = None
    end_ticks = 0
    for track in midi.tracks:
        now = 0
        for message in track:
            now += message.time
            if message.type == "set_tempo":
                tempos.append(_tempo_event(now, message.tempo, name, len(tempos)))
            elif message.type == "time_signature":
                meters.append(
                    MeterEvent(
                        now,
                        message.numerator,
                        message.denominator,
                        message.clocks_per_click,
                        message.notated_32nd_notes_per_beat,
                    )
                )
            elif message.type == "smpte_offset" and smpte is None:
                smpte = _smpte(message, name)
            elif message.type in ("marker", "cue_marker", "text"):
                kind: TextKind = {"marker": "marker", "cue_marker": "cue"}.get(message.type, "text")  # type: ignore[assignment]
                texts.append(TextEvent(now, message.text, kind))
            elif message.type == "track_name":
                track_names.append(message.name)
        end_ticks = max(end_ticks, now)
    return MidiContent(
        name=name,
        format=midi.type,
        ticks_per_quarter=midi.ticks_per_beat,
        track_count=len(midi.tracks),
        tempos=tuple(sorted(tempos, key=lambda e: e.ticks)),
        meters=tuple(sorted(meters, key=lambda e: e.ticks)),
        smpte=smpte,
        texts=tuple(sorted(texts, key=lambda e: e.ticks)),
        end_ticks=end_ticks,
        track_names=tuple(track_names),
    )


def _tempo_event(ticks: int, us_per_qn: int, name: str, count: int) -> TempoEvent:
    """The tempo event at ``ticks``, the ``count``-th before it; refused when it sets no
    tempo (0 microseconds a quarter note) or one too many."""
    if us_per_qn <= 0:
        raise MidiError(
            f"{name}: the tempo event at tick {ticks} sets 0 microseconds per quarter note, "
            "which is no tempo; correct it in the sequencer and export again"
        )
    if count >= MAX_TEMPO_EVENTS:
        raise MidiError(
            f"{name} holds more than {MAX_TEMPO_EVENTS:,} tempo events, more than a cue's "
            "tempo map needs: thin the tempo track (or export the cue's part alone)"
        )
    return TempoEvent(ticks, us_per_qn)


def _smpte(message: Any, name: str) -> SmpteOffset:
    try:
        return SmpteOffset(
            message.hours,
            message.minutes,
            message.seconds,
            message.frames,
            message.sub_frames,
            rate_code=_mido_rate_code(message.frame_rate),
        )
    except MidiError as error:
        raise MidiError(f"{name}: {error}") from None


def _mido_rate_code(frame_rate: float) -> int:
    """The rate code of mido's ``frame_rate`` (mido reads only the four it names)."""
    return next(rate.code for rate in SMPTE_RATES if rate.mido_frame_rate == frame_rate)
