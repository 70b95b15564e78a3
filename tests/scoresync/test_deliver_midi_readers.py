"""The MIDI tempo map's bar numbers as independent readers count them, against the timing
sheet's: with ``--pickup-bar 1`` pretty_midi's downbeats and music21's measures are the
sheet's bars by number and time (within 0.11 ms; music21, which rounds tempos to 0.01
BPM, within 1 ms); with ``--pickup-bar 0`` the file's
"bar N" markers (read with mido) sit on the bar lines the sheet numbers N. Cues with a
pickup of 1 or 2 beats in 4/4, 7/8 and 6/8, each with a ramp and a meter change."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import mido
import pytest

from scoresync.deliver.midi import export_cue_midi
from scoresync.deliver.timingsheet.sheet import RowKind, timing_rows
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueTempo, Project, Reel
from tempo.map.barnumbers import PickupBar
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

RATE = RATES["24"]
LIMIT_SECONDS = 0.11e-3
"""Bar lines within 0.11 ms: the MIDI file's ticks and whole microseconds per quarter."""

CASES = [
    ("4/4", None, 1),
    ("4/4", None, 2),
    ("7/8", None, 1),  # 7/8 counts eighths: a one-eighth pickup is a 1/8 bar
    ("7/8", None, 2),
    ("6/8", None, 1),  # one dotted-quarter beat: a 3/8 bar
    ("6/8", "eighth", 1),
    ("6/8", "eighth", 2),
]


def frames(label: str) -> int:
    return tc_to_frames(label, rate=RATE)


def cue_in(meter: str, unit: str | None, pickup: int) -> Cue:
    """3 bars at 100, a rit. to 80 over 2 bars, then 3/4 at 80: the cue starts before the
    pickup (so the timing sheet lists every bar) and runs 50 s past the downbeat."""
    bar_beats = Meter.parse(meter).beats_per_bar(
        Segment(None, 100, meter=meter, beat_unit=unit).unit
    )
    tempo_map = TempoMap(
        (
            Segment(3 * bar_beats, 100, meter=meter, beat_unit=unit),
            Segment(2 * bar_beats, 100, 80, RampShape.LINEAR_BEATS, meter, unit),
            Segment(None, 80, meter="3/4"),
        ),
        pickup_beats=pickup,
    )
    return Cue(
        CueNumber.parse("1M1"),
        "Opening",
        frames("01:00:07:00"),
        frames("01:01:00:00"),
        tempo=CueTempo(frames("01:00:10:00"), tempo_map),
    )


def exported(tmp_path: Path, cue: Cue, convention: PickupBar) -> Path:
    start = frames("01:00:00:00")
    project = Project("Test", RATE, start, (Reel(1, "R1", start),), (cue,))
    path = tmp_path / "1M1.mid"
    report = export_cue_midi(project, cue, path, pickup_bar=convention, click_notes=True)
    assert report.first_bar == (1 if convention is PickupBar.ONE else 0)
    return path


def sheet_bars(cue: Cue, convention: PickupBar) -> dict[int, Fraction]:
    """The timing sheet's bar numbers and their times (seconds from the downbeat)."""
    rows = timing_rows(cue, RATE, per="bar", pickup_bar=convention)
    bars = {row.shown_bar: Fraction(row.seconds) for row in rows if row.kind is RowKind.BAR}
    assert len(bars) >= 14
    return bars


def downbeat_ticks(path: Path) -> int:
    """The tick of the marker naming the cue (at its bar-1 downbeat), read with mido."""
    now = 0
    for message in mido.MidiFile(path).tracks[0]:
        now += message.time
        if message.type == "marker" and message.text.startswith("1M1 Opening"):
            return now
    raise AssertionError("no downbeat marker")


@pytest.mark.parametrize(("meter", "unit", "pickup"), CASES)
def test_pretty_midi_numbers_bars_as_the_timing_sheet(
    tmp_path: Path, meter: str, unit: str | None, pickup: int
) -> None:
    import pretty_midi

    cue = cue_in(meter, unit, pickup)
    path = exported(tmp_path, cue, PickupBar.ONE)
    midi = pretty_midi.PrettyMIDI(str(path))
    downbeat = midi.tick_to_time(downbeat_ticks(path))
    found = {number: seconds - downbeat for number, seconds in enumerate(midi.get_downbeats(), 1)}
    for number, seconds in sheet_bars(cue, PickupBar.ONE).items():
        assert abs(found[number] - float(seconds)) < LIMIT_SECONDS, f"bar {number}"
    assert found[1] < 0 and abs(found[2]) < LIMIT_SECONDS  # the pickup bar, then the downbeat


@pytest.mark.parametrize(("meter", "unit", "pickup"), CASES)
def test_music21_numbers_measures_as_the_timing_sheet(
    tmp_path: Path, meter: str, unit: str | None, pickup: int
) -> None:
    import music21

    cue = cue_in(meter, unit, pickup)
    path = exported(tmp_path, cue, PickupBar.ONE)
    score = music21.converter.parse(str(path))
    boundaries = score.metronomeMarkBoundaries()

    def seconds_at(offset: float) -> float:
        total = 0.0
        for start, end, mark in boundaries:
            if offset <= start:
                break
            total += (min(offset, end) - start) * 60.0 / mark.number
        return total

    downbeat = seconds_at(downbeat_ticks(path) / 960)
    measures = score.parts[0].getElementsByClass("Measure")
    found = {m.number: seconds_at(float(m.offset)) - downbeat for m in measures}
    # music21 keeps each tempo event as a BPM rounded to 2 decimals, so its clock strays
    # up to some 0.3 ms over a ramp's steps: 1 ms still names every bar unambiguously
    for number, seconds in sheet_bars(cue, PickupBar.ONE).items():
        assert abs(found[number] - float(seconds)) < 1e-3, f"measure {number}"


@pytest.mark.parametrize(("meter", "unit", "pickup"), CASES)
def test_bar_markers_sit_on_the_bar_lines_the_sheet_numbers(
    tmp_path: Path, meter: str, unit: str | None, pickup: int
) -> None:
    cue = cue_in(meter, unit, pickup)
    path = exported(tmp_path, cue, PickupBar.ZERO)
    midi = mido.MidiFile(path)
    tempo, now, last, seconds = 500_000, 0, 0, 0.0
    markers: dict[int, float] = {}
    for message in midi.tracks[0]:
        now += message.time
        seconds += mido.tick2second(now - last, 960, tempo)
        last = now
        if message.type == "set_tempo":
            tempo = message.tempo
        elif message.type == "marker":
            for part in message.text.split(" / "):
                if re.fullmatch(r"bar -?\d+", part):
                    markers[int(part.split()[1])] = seconds
    downbeat = markers[1]
    bars = sheet_bars(cue, PickupBar.ZERO)
    assert sorted(markers) == sorted(bars) and min(markers) == 0  # the pickup is bar 0
    for number, at in bars.items():
        assert abs(markers[number] - downbeat - float(at)) < LIMIT_SECONDS, f"bar {number}"
