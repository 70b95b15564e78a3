"""Reading MIDI tempo maps: round trips through our own export (tick 0 a bar line before
the pickup, or the pickup's start with the pickup as its own bar), the Pickup marker
alone or merged with more text, ramps recognised from steps, meters from clocks per click,
and clear errors for files that are not tempo maps."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import mido
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tempo.common.errors import MidiError
from tempo.map.beatunit import BeatUnit
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.midi.events import (
    ConductorTrack,
    SmpteOffset,
    TempoEvent,
    TextEvent,
    build_midi_file,
    read_midi,
)
from tempo.midi.export import RampStep, conductor_events, file_start, ticks_at_quarters
from tempo.midi.importer import import_midi_tempo_map, nice_bpm
from tempo.midi.ramps import fit_ramp


def write_map(
    path: Path,
    tempo_map: TempoMap,
    *,
    bars_before: int = 1,
    end_quarters: int = 64,
    step: RampStep = RampStep.SIXTEENTH,
) -> Path:
    """Writes ``tempo_map`` as scoresync does: tick 0 a bar line before the pickup, a marker
    at the downbeat and one at the pickup."""
    _, origin = tempo_map.bar_at_quarters(tempo_map.start_quarters)
    origin -= bars_before * tempo_map.segments[0].meter.bar_quarters
    end = Fraction(end_quarters)
    tempos, meters = conductor_events(
        tempo_map, origin_quarters=origin, end_quarters=end, ramp_step=step
    )
    texts = [TextEvent(ticks_at_quarters(0, origin), "1M1 Opening")]
    if tempo_map.pickup_beats:
        texts.append(TextEvent(ticks_at_quarters(tempo_map.start_quarters, origin), "Pickup"))
    track = ConductorTrack(
        "1M1",
        SmpteOffset(1, 0, 9, 0, 0, rate_code=0),
        tempos,
        meters,
        tuple(texts),
        end_ticks=ticks_at_quarters(end, origin),
    )
    build_midi_file(track).save(path)
    return path


def assert_same_bar_lines(original: TempoMap, imported: TempoMap, until: float) -> None:
    bars = original.bars(until)
    assert [b.number for b in imported.bars(until)][: len(bars)] == [b.number for b in bars]
    for bar in bars:
        ours = float(imported.seconds_at_quarters(bar.start_quarters))
        assert ours == pytest.approx(float(bar.start_seconds), abs=1e-3), f"bar {bar.number}"


MAPS = {
    "constant": TempoMap.constant(120),
    "awkward constant": TempoMap.constant("117.55", pickup_beats=Fraction(3, 2)),
    "compound": TempoMap.constant(60, "6/8", pickup_beats=1),
    "linear beats ramp": TempoMap(
        (Segment(8, 96), Segment(16, 96, 132, RampShape.LINEAR_BEATS), Segment(None, 132))
    ),
    "linear time ramp and meters": TempoMap(
        (
            Segment(6, 72, meter="3/4"),
            Segment(12, 72, 60, RampShape.LINEAR_TIME, "3/4"),
            Segment(8, 60, meter="2/2"),
            Segment(None, 90, meter="4/4"),
        ),
        pickup_beats=2,
    ),
    "accelerando then ritardando": TempoMap(
        (
            Segment(16, 100, 140, RampShape.LINEAR_BEATS),
            Segment(16, 140, 90, RampShape.LINEAR_TIME),
            Segment(None, 90),
        )
    ),
}


@pytest.mark.parametrize("name", list(MAPS))
def test_round_trip_keeps_every_bar_line(tmp_path: Path, name: str) -> None:
    original = MAPS[name]
    path = write_map(tmp_path / "map.mid", original)
    imported = import_midi_tempo_map(path, downbeat_marker="1M1")
    assert imported.downbeat_source.startswith("marker '1M1 Opening'")
    assert imported.tempo_map.pickup_beats == original.pickup_beats
    assert imported.max_drift_seconds < 1e-3
    assert_same_bar_lines(original, imported.tempo_map, until=30)
    assert imported.smpte_tuple == (1, 0, 9, 0, 0, 0)


def test_round_trip_gives_back_the_segments(tmp_path: Path) -> None:
    original = MAPS["linear time ramp and meters"]
    imported = import_midi_tempo_map(
        write_map(tmp_path / "m.mid", original), downbeat_marker="1M1"
    ).tempo_map
    assert [s.describe() for s in imported.segments] == [
        "6 beats 3/4 q=72",
        "12 beats 3/4 q=72->60 linear_time",
        "8 beats 2/2 h=60",
        "open 4/4 q=90",
    ]
    assert imported.segments == original.segments


@settings(max_examples=20, deadline=None)
@given(
    first=st.integers(50, 180),
    second=st.integers(50, 180),
    ramp_beats=st.integers(4, 24),
    shape=st.sampled_from([RampShape.LINEAR_BEATS, RampShape.LINEAR_TIME]),
    meter=st.sampled_from(["4/4", "3/4", "6/8", "5/8"]),
    pickup=st.integers(0, 2),
)
def test_any_map_round_trips_within_1_ms_per_bar_line(
    tmp_path_factory: pytest.TempPathFactory,
    first: int,
    second: int,
    ramp_beats: int,
    shape: RampShape,
    meter: str,
    pickup: int,
) -> None:
    if first == second:
        second += 7
    unit = Segment(None, first, meter=meter).unit
    bar_beats = Segment(None, first, meter=meter).beats_per_bar
    original = TempoMap(
        (
            Segment(2 * bar_beats, first, meter=meter, beat_unit=unit),
            Segment(ramp_beats, first, second, shape, meter, unit),
            Segment(None, second, meter=meter, beat_unit=unit),
        ),
        pickup_beats=min(Fraction(pickup), bar_beats - 1),
    )
    path = write_map(tmp_path_factory.mktemp("rt") / "m.mid", original, end_quarters=80)
    imported = import_midi_tempo_map(path, downbeat_marker="1M1")
    assert imported.tempo_map.pickup_beats == original.pickup_beats
    assert_same_bar_lines(original, imported.tempo_map, until=40)


@pytest.mark.parametrize("step", list(RampStep))
def test_ramps_are_recognised_at_every_density(tmp_path: Path, step: RampStep) -> None:
    original = MAPS["accelerando then ritardando"]
    imported = import_midi_tempo_map(
        write_map(tmp_path / "m.mid", original, step=step), downbeat_marker="1M1"
    )
    shapes = [(fit.shape, fit.start_bpm, fit.end_bpm) for fit in imported.ramps]
    assert shapes == [
        (RampShape.LINEAR_BEATS, 100, 140),
        (RampShape.LINEAR_TIME, 140, 90),
    ]
    assert_same_bar_lines(original, imported.tempo_map, until=40)


def test_fit_ramp_rejects_steps_that_are_not_a_ramp() -> None:
    quarters = [Fraction(1, 4)] * 8
    assert fit_ramp(quarters, [500_000, 510_000, 500_000, 520_000] * 2, BeatUnit.QUARTER) is None
    assert fit_ramp(quarters[:2], [500_000, 510_000], BeatUnit.QUARTER) is None


def test_nice_bpm_prefers_round_numbers_only_when_they_fit() -> None:
    assert nice_bpm(434_783, BeatUnit.QUARTER, Fraction(64)) == 138
    assert nice_bpm(666_667, BeatUnit.DOTTED_QUARTER, Fraction(64)) == 60
    assert nice_bpm(510_421, BeatUnit.QUARTER, Fraction(100)) == Fraction("117.55")
    assert nice_bpm(500_001, BeatUnit.QUARTER, Fraction(64)) == Fraction("119.9998")
    # over a long stretch even 0.17 us a quarter adds up past 0.1 ms: the exact tempo stays
    assert nice_bpm(500_001, BeatUnit.QUARTER, Fraction(10_000)) == Fraction(60_000_000, 500_001)


def test_without_markers_tick_0_is_the_downbeat(tmp_path: Path) -> None:
    midi = mido.MidiFile(type=1, ticks_per_beat=480)
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("set_tempo", tempo=600_000, time=0))
    track.append(
        mido.MetaMessage(
            "time_signature",
            numerator=6,
            denominator=8,
            clocks_per_click=36,
            notated_32nd_notes_per_beat=8,
            time=0,
        )
    )
    track.append(mido.MetaMessage("set_tempo", tempo=400_000, time=480 * 12))
    track.append(mido.MetaMessage("marker", text="big hit", time=480 * 3))
    midi.tracks.append(track)
    path = tmp_path / "composer.mid"
    midi.save(path)
    imported = import_midi_tempo_map(path, downbeat_marker="2M5")
    assert imported.downbeat_ticks == 0 and imported.downbeat_source.startswith("tick 0")
    assert [s.describe() for s in imported.tempo_map.segments] == [
        "8 beats 6/8 q.=200/3",  # 600 000 us per quarter = 100 quarters = 66.67 dotted
        "open 6/8 q.=100",
    ]
    (marker,) = imported.markers
    assert (marker.text, marker.seconds) == ("big hit", Fraction(12 * 6, 10) + Fraction(12, 10))
    assert imported.smpte is None


def test_clocks_per_click_choose_the_beat_unit(tmp_path: Path) -> None:
    midi = mido.MidiFile(type=0, ticks_per_beat=960)
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("set_tempo", tempo=500_000, time=0))
    track.append(
        mido.MetaMessage("time_signature", numerator=6, denominator=8, clocks_per_click=30, time=0)
    )
    track.append(
        mido.MetaMessage(
            "time_signature", numerator=2, denominator=2, clocks_per_click=48, time=960 * 6
        )
    )
    midi.tracks.append(track)
    path = tmp_path / "m.mid"
    midi.save(path)
    imported = import_midi_tempo_map(path)
    units = [(str(m.meter), m.beat_unit, m.note) for m in imported.meters]
    assert units[0][:2] == ("6/8", BeatUnit.DOTTED_QUARTER)
    assert "30 clocks per click names no note value" in units[0][2]
    assert units[1] == ("2/2", BeatUnit.HALF, "")


def test_a_file_whose_first_tempo_comes_late_plays_120_before_it(tmp_path: Path) -> None:
    track = ConductorTrack("", None, (TempoEvent(960, 600_000),), (), end_ticks=1920)
    build_midi_file(track).save(tmp_path / "late.mid")
    imported = import_midi_tempo_map(tmp_path / "late.mid")
    assert any("120 quarter notes per minute" in note for note in imported.notes)
    assert imported.tempo_map.seconds_at_quarters(2) == Fraction(1, 2) + Fraction(6, 10)


# -- files that are not tempo maps -----------------------------------------------------------


def test_truncated_file(tmp_path: Path) -> None:
    full = write_map(tmp_path / "full.mid", MAPS["constant"])
    cut = tmp_path / "cut.mid"
    cut.write_bytes(full.read_bytes()[:40])
    with pytest.raises(MidiError, match=r"cut\.mid .*truncated"):
        read_midi(cut)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"x\.mid is not a Standard MIDI File: it is empty"),
        (b"RIFF\0\0\0\0RMIDdata", r"x\.mid is not a Standard MIDI File: it is a RIFF MIDI"),
        (b"hello, this is text", r"x\.mid is not a Standard MIDI File: it does not start"),
        (b"MThd\0\0\0\6\0\1\0\1\x83\xc0", r"x\.mid counts time in SMPTE frames"),
    ],
)
def test_not_a_midi_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.mid"
    path.write_bytes(content)
    with pytest.raises(MidiError, match=message):
        import_midi_tempo_map(path)


def test_format_2_is_refused(tmp_path: Path) -> None:
    midi = mido.MidiFile(type=2, ticks_per_beat=960)
    midi.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500_000)]))
    midi.save(tmp_path / "seq.mid")
    with pytest.raises(MidiError, match=r"seq\.mid is a format 2 MIDI file"):
        import_midi_tempo_map(tmp_path / "seq.mid")


def test_no_tempo_events(tmp_path: Path) -> None:
    midi = mido.MidiFile(type=1, ticks_per_beat=960)
    midi.tracks.append(mido.MidiTrack([mido.Message("note_on", note=60, velocity=90)]))
    midi.save(tmp_path / "notes.mid")
    with pytest.raises(MidiError, match=r"notes\.mid has no tempo events \(FF 51\)"):
        import_midi_tempo_map(tmp_path / "notes.mid")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MidiError, match=r"cannot read .*gone\.mid: No such file"):
        import_midi_tempo_map(tmp_path / "gone.mid")


def test_meter_change_inside_a_bar_is_explained(tmp_path: Path) -> None:
    midi = mido.MidiFile(type=0, ticks_per_beat=960)
    midi.tracks.append(
        mido.MidiTrack(
            [
                mido.MetaMessage("set_tempo", tempo=500_000, time=0),
                mido.MetaMessage("time_signature", numerator=4, denominator=4, time=0),
                mido.MetaMessage("time_signature", numerator=3, denominator=4, time=960 * 2),
            ]
        )
    )
    midi.save(tmp_path / "odd.mid")
    with pytest.raises(MidiError, match=r"odd\.mid: its tempo map cannot be read as bars"):
        import_midi_tempo_map(tmp_path / "odd.mid")


def write_from_file_start(path: Path, tempo_map: TempoMap, pickup_text: str) -> Path:
    """Writes ``tempo_map`` as a cue's MIDI starts now: tick 0 at the pickup's start, the
    pickup its own short bar, its marker named ``pickup_text``."""
    origin = file_start(tempo_map).origin_quarters
    end = Fraction(64)
    tempos, meters = conductor_events(tempo_map, origin_quarters=origin, end_quarters=end)
    texts = [TextEvent(ticks_at_quarters(0, origin), "1M1 Opening / bar 1")]
    if tempo_map.pickup_beats:
        texts.insert(0, TextEvent(ticks_at_quarters(tempo_map.start_quarters, origin), pickup_text))
    track = ConductorTrack(
        "1M1", None, tempos, meters, tuple(texts), ticks_at_quarters(end, origin)
    )
    build_midi_file(track).save(path)
    return path


@pytest.mark.parametrize("name", list(MAPS))
@pytest.mark.parametrize("pickup_text", ["Pickup", "Pickup / bar 0", "PICKUP 01:00:09:09"])
def test_a_pickup_written_as_its_own_bar_reads_back(
    tmp_path: Path, name: str, pickup_text: str
) -> None:
    original = MAPS[name]
    path = write_from_file_start(tmp_path / "map.mid", original, pickup_text)
    imported = import_midi_tempo_map(path, downbeat_marker="1M1")
    assert imported.tempo_map.pickup_beats == original.pickup_beats
    assert imported.pickup_ticks == 0
    assert imported.max_drift_seconds < 1e-3
    assert_same_bar_lines(original, imported.tempo_map, until=30)


@pytest.mark.parametrize("text", ["Pickups", "pickup-truck", "the pickup"])
def test_a_marker_that_only_starts_like_pickup_is_no_pickup(tmp_path: Path, text: str) -> None:
    path = write_from_file_start(tmp_path / "map.mid", MAPS["compound"], text)
    assert import_midi_tempo_map(path, downbeat_marker="1M1").tempo_map.pickup_beats == 0
