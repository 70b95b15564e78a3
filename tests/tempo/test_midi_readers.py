"""Independent readers of our MIDI tempo maps: pretty_midi and music21 find every beat
within 1 ms of the map (times from tick 0, the file's start)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.midi.events import ConductorTrack, Note, NoteTrack, build_midi_file
from tempo.midi.export import conductor_events, ticks_at_quarters

MAPS = {
    "constant with pickup": TempoMap.constant("117.55", pickup_beats=1),
    "ramps and a meter change": TempoMap(
        (
            Segment(8, 96),
            Segment(16, 96, 132, RampShape.LINEAR_BEATS),
            Segment(12, 132, 100, RampShape.LINEAR_TIME, "3/4"),
            Segment(None, 100, meter="3/4"),
        )
    ),
}
END_QUARTERS = 48


def written(tmp_path: Path, tempo_map: TempoMap) -> tuple[Path, Fraction, list[float]]:
    """The map written from the pickup bar's start, with a click note on every beat; the
    origin and the map's beat times from it."""
    _, origin = tempo_map.bar_at_quarters(tempo_map.start_quarters)
    end = Fraction(END_QUARTERS)
    tempos, meters = conductor_events(tempo_map, origin_quarters=origin, end_quarters=end)
    zero = tempo_map.seconds_at_quarters(origin)
    beats = tempo_map.beat_positions(
        tempo_map.seconds_at_quarters(end - Fraction(1, 2)), from_seconds=zero
    )
    notes = [
        Note(ticks_at_quarters(b.quarters, origin), 76 if b.is_downbeat else 77, 100) for b in beats
    ]
    track = ConductorTrack("map", None, tempos, meters, end_ticks=ticks_at_quarters(end, origin))
    path = tmp_path / "map.mid"
    build_midi_file(track, note_tracks=(NoteTrack("Click", 9, tuple(notes)),)).save(path)
    return path, origin, [float(b.seconds - zero) for b in beats]


@pytest.mark.parametrize("name", list(MAPS))
def test_pretty_midi_finds_every_beat(tmp_path: Path, name: str) -> None:
    import pretty_midi

    path, _, expected = written(tmp_path, MAPS[name])
    midi = pretty_midi.PrettyMIDI(str(path))
    beats = midi.get_beats()
    assert len(beats) >= len(expected)
    worst = max(abs(found - want) for found, want in zip(beats, expected, strict=False))
    assert worst < 1e-3
    notes = sorted(note.start for note in midi.instruments[0].notes)
    assert max(abs(a - b) for a, b in zip(notes, expected, strict=True)) < 1e-3


def test_pretty_midi_reads_the_ramp_steps(tmp_path: Path) -> None:
    import pretty_midi

    tempo_map = MAPS["ramps and a meter change"]
    path, origin, _ = written(tmp_path, tempo_map)
    times, tempi = pretty_midi.PrettyMIDI(str(path)).get_tempo_changes()
    assert tempi[0] == pytest.approx(96, abs=1e-3)
    assert 64 + 48 <= len(tempi) <= 64 + 48 + 3  # a step every sixteenth in both ramps
    assert tempi[-1] == pytest.approx(100, abs=1e-3)
    ramp_end = float(tempo_map.seconds_at_quarters(24) - tempo_map.seconds_at_quarters(origin))
    assert min(abs(t - ramp_end) for t in times) < 1e-3  # the second ramp starts on time


@pytest.mark.parametrize("name", list(MAPS))
def test_music21_finds_every_beat(tmp_path: Path, name: str) -> None:
    import music21

    path, _, expected = written(tmp_path, MAPS[name])
    score = music21.converter.parse(str(path))
    boundaries = score.metronomeMarkBoundaries()

    def seconds_at(offset: float) -> float:
        total = 0.0
        for start, end, mark in boundaries:
            if offset <= start:
                break
            total += (min(offset, end) - start) * 60.0 / mark.number
        return total

    onsets = sorted({float(n.getOffsetInHierarchy(score)) for n in score.recurse().notes})
    assert len(onsets) == len(expected)
    worst = max(abs(seconds_at(q) - want) for q, want in zip(onsets, expected, strict=True))
    assert worst < 1e-3
