"""A cue's MIDI tempo map on picture: the SMPTE offset, the markers and the read-back check.

Tick 0 is a bar line: the first bar line at or before the earliest of the pickup start
(the downbeat without a pickup), the cue start and the first hit, counting the first
segment's bars backwards at its start tempo. With a pickup it is the pickup bar's start,
so the sequencer's bar numbers run in whole bars and the cue's bar 1 is a bar line. A
sequencer counts bars from tick 0, so after a pickup bar (or bars before an early cue
start) the cue's bar 1 shows as a later bar number there; the marker at the downbeat names
it. The ``FF 54`` SMPTE offset gives tick 0's timecode.

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
start of a pickup, and one per hit (its label, or ``Hit N``) at the tick nearest its exact
position in the map; ``FF 07`` cue points at the cue's start and end.
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
    frames_to_seconds,
    frames_to_tc,
    split_frames,
    tc_to_frames,
    wrap_frames,
)
from scoresync.project.model import Cue, CueTempo, Project
from tempo.common.atomic import atomic_path, check_writable, write_problem
from tempo.midi.events import (
    ConductorTrack,
    Note,
    NoteTrack,
    SmpteOffset,
    SmpteRate,
    TextEvent,
    build_midi_file,
    midi_file_bytes,
    midi_text,
    read_midi,
    smpte_rate_for_timecode,
)
from tempo.midi.export import RampStep, conductor_events, ticks_at_quarters

if TYPE_CHECKING:
    from tempo.map.tempomap import TempoMap
    from tempo.midi.events import ConductorTrack, SmpteOffset, TextEvent
    from tempo.midi.export import RampStep

__all__ = [
    "DRIFT_LIMIT_SECONDS",
    "Drift",
    "MidiExportReport",
    "SmpteReading",
    "export_cue_midi",
    "seconds_for_smpte",
    "smpte_for_seconds",
]

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
    """A written MIDI tempo map and how every hit and bar line lands in it."""

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
            "max_hit_drift_ms": round(self.max_hit_drift_ms, 4),
            "max_bar_drift_ms": round(self.max_bar_drift_ms, 4),
            "hits": [d.to_json() for d in self.hits],
            "bars": [d.to_json() for d in self.bars],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class _Expected:
    """Something the file must place: its tick, exact picture seconds and labels."""

    what: str
    label: str
    tc: str
    ticks: int
    bbt: str
    seconds: Fraction | float


@dataclass(frozen=True)
class _Plan:
    conductor: ConductorTrack
    hits: tuple[_Expected, ...]
    bars: tuple[_Expected, ...]
    tick0_tc: str
    click_ticks: tuple[tuple[int, bool], ...]


def _quarters_at_frames(placed: CueTempo, frames: int, rate: FrameRate) -> Fraction:
    """The map position (quarters) of picture frame ``frames``."""
    return Fraction(placed.map.quarters_at_seconds(placed.seconds_at_frame(frames, rate=rate)))


def _plan(cue: Cue, rate: FrameRate, ramp_step: RampStep, click_notes: bool) -> _Plan:

    placed = cue.placed_tempo()
    tempo_map, downbeat = placed.map, placed.downbeat_frames
    start_q = _quarters_at_frames(placed, cue.start_frames, rate)
    end_q = _quarters_at_frames(placed, cue.end_frames, rate)
    hit_qs = [_quarters_at_frames(placed, h.frames, rate) for h in cue.hits]
    earliest = min([tempo_map.start_quarters, start_q, *hit_qs])
    _, origin = tempo_map.bar_at_quarters(earliest)
    origin_seconds = frames_to_seconds(downbeat, rate=rate) + tempo_map.seconds_at_quarters(origin)
    smpte = smpte_for_seconds(origin_seconds, rate)
    end_q = max(end_q, Fraction(0))
    tempos, meters = conductor_events(
        tempo_map, origin_quarters=origin, end_quarters=end_q, ramp_step=ramp_step
    )
    texts, hits = _texts(cue, rate, tempo_map, origin, (start_q, end_q), hit_qs)
    end_ticks = ticks_at_quarters(end_q, origin)
    conductor = ConductorTrack(
        name=midi_text(cue.name),
        smpte=smpte,
        tempos=tempos,
        meters=meters,
        texts=texts,
        end_ticks=max([end_ticks, *(t.ticks for t in texts)]),
    )
    bars = _bars(cue, rate, tempo_map, origin, downbeat)
    clicks = _click_ticks(tempo_map, origin, end_q) if click_notes else ()
    return _Plan(
        conductor,
        hits,
        bars,
        frames_to_tc(math.floor(origin_seconds * rate.fps), rate=rate),
        clicks,
    )


def _texts(
    cue: Cue,
    rate: FrameRate,
    tempo_map: TempoMap,
    origin: Fraction,
    extent: tuple[Fraction, Fraction],
    hit_qs: list[Fraction],
) -> tuple[tuple[TextEvent, ...], tuple[_Expected, ...]]:
    """Markers and cue points, and what each hit's marker must land on."""

    start_q, end_q = extent
    texts: list[TextEvent] = [
        TextEvent(ticks_at_quarters(0, origin), midi_text(cue.name), "marker")
    ]
    if tempo_map.pickup_beats > 0:
        texts.append(TextEvent(ticks_at_quarters(tempo_map.start_quarters, origin), "Pickup"))
    hits: list[_Expected] = []
    for index, (hit, quarters) in enumerate(zip(cue.hits, hit_qs, strict=True), start=1):
        label = midi_text(hit.label or f"Hit {index}")
        ticks = ticks_at_quarters(quarters, origin)
        texts.append(TextEvent(ticks, label, "marker"))
        hits.append(
            _Expected(
                f"hit {index}",
                label,
                frames_to_tc(hit.frames, rate=rate),
                ticks,
                str(tempo_map.bbt_at_quarters(quarters)),
                Fraction(hit.frames) / rate.fps,
            )
        )
    texts.append(
        TextEvent(ticks_at_quarters(max(start_q, origin), origin), f"{cue.number} start", "cue")
    )
    texts.append(TextEvent(ticks_at_quarters(end_q, origin), f"{cue.number} end", "cue"))
    return tuple(texts), tuple(hits)


def _bars(
    cue: Cue, rate: FrameRate, tempo_map: TempoMap, origin: Fraction, downbeat: int
) -> tuple[_Expected, ...]:
    """Every bar line of the map from the pickup to the cue end, and its picture time."""

    until = cue.placed_tempo().seconds_at_frame(cue.end_frames, rate=rate)
    downbeat_seconds = frames_to_seconds(downbeat, rate=rate)
    result = []
    for bar in tempo_map.bars(until):
        seconds = downbeat_seconds + bar.start_seconds
        frames = math.floor(Fraction(seconds) * rate.fps) if seconds >= 0 else 0
        result.append(
            _Expected(
                f"bar {bar.number}",
                "pickup" if bar.is_pickup else "",
                frames_to_tc(frames, rate=rate),
                ticks_at_quarters(bar.start_quarters, origin),
                f"{bar.number}|1|000" if not bar.is_pickup else "pickup",
                seconds,
            )
        )
    return tuple(result)


def _click_ticks(
    tempo_map: TempoMap, origin: Fraction, end_q: Fraction
) -> tuple[tuple[int, bool], ...]:
    """``(ticks, is_downbeat)`` of every beat from tick 0 to the end."""

    until = tempo_map.seconds_at_quarters(end_q)
    beats = tempo_map.beat_positions(until, from_seconds=tempo_map.seconds_at_quarters(origin))
    return tuple(
        (ticks_at_quarters(b.quarters, origin), b.is_downbeat) for b in beats if b.quarters < end_q
    )


def export_cue_midi(
    project: Project,
    cue: Cue,
    path: Path,
    *,
    ramp_step: str = "sixteenth",
    click_notes: bool = False,
) -> MidiExportReport:
    """Writes ``cue``'s tempo map as a MIDI file at ``path``, reads it back and checks that
    every hit and bar line lands within 1 ms; raises :class:`ExportError` naming the first
    that does not (and writes nothing)."""

    step = RampStep.parse(ramp_step)
    plan = _plan(cue, project.rate, step, click_notes)
    notes = tuple(Note(t, 76 if down else 77, 110 if down else 90) for t, down in plan.click_ticks)
    tracks = (NoteTrack("Click", 9, notes),) if notes else ()
    data = midi_file_bytes(build_midi_file(plan.conductor, note_tracks=tracks))
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
        if (hit.ticks, hit.label) not in markers:
            raise ExportError(f"{path}: the marker of {hit.what} ({hit.label!r}) is missing")
    hits = tuple(drift(h) for h in plan.hits)
    bars = tuple(drift(b) for b in plan.bars)
    _check_drift(cue, hits, bars)
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
    )


def _check_drift(cue: Cue, hits: tuple[Drift, ...], bars: tuple[Drift, ...]) -> None:
    limit = float(DRIFT_LIMIT_SECONDS)
    for item in hits + bars:
        if abs(item.drift_seconds) > limit:
            name = f"{item.what} {item.label!r}" if item.label else item.what
            raise ExportError(
                f"{cue.number}: {name} at {item.tc} would land {item.drift_ms:+.3f} ms off in "
                f"the MIDI file, more than 1 ms: at this tempo a tick or the SMPTE offset "
                "cannot place it closer; nothing was written"
            )
