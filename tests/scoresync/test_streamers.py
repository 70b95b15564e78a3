"""Streamers and punches: the events of a cue, lengths, the CSV and MIDI golden files, the
MIDI read back with mido (every note within 1 ms of its time), the SMPTE offset, the
conductor track it shares with the tempo map's MIDI, bar numbering, and bad input through
the command line.

After a reviewed change of format, ``pytest --regen-golden`` rewrites the golden files.
"""

from __future__ import annotations

import csv
import io
import re
from fractions import Fraction
from pathlib import Path

import pytest

from scoresync.deliver.midi import export_cue_midi
from scoresync.deliver.streamers import (
    CSV_COLUMNS,
    NOTES,
    EventKind,
    StreamerOptions,
    parse_length,
    plan_streamers_midi,
    streamer_events,
    streamers_csv,
    streamers_midi,
)
from scoresync.errors import UsageError
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.map.barnumbers import PickupBar
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.midi.events import read_midi
from tempo.midi.export import file_start

RATE = RATES["23.976"]


def at(label: str, rate=RATE) -> int:
    return tc_to_frames(label, rate=rate)


def chase_cue(rate=RATE, downbeat: str = "01:00:10:00") -> Cue:
    """A pickup beat, 4 bars at 120, a ramp to 144 over 2 bars (linear in beats: float
    times), then 144 on; three hits, the second must-hit."""
    tempo_map = TempoMap(
        (Segment(16, 120), Segment(8, 120, 144, "linear_beats"), Segment(None, 144)),
        pickup_beats=1,
    )
    hits = (
        Hit(at("01:00:12:00", rate), "door slam"),
        Hit(at("01:00:19:06", rate), "gunshot", must_hit=True),
        Hit(at("01:00:24:00", rate), ""),
    )
    return Cue(
        CueNumber.parse("2M2"),
        "The Chase",
        at("01:00:09:00", rate),
        at("01:00:30:00", rate),
        hits=hits,
        tempo=CueTempo(at(downbeat, rate), tempo_map),
    )


COUNT_IN = StreamerOptions(count_in_bars=2, count_in_beats=1)


@pytest.fixture(scope="module")
def events():
    return streamer_events(chase_cue(), RATE, COUNT_IN)


# -- events -------------------------------------------------------------------------------------


def test_events_in_sync_order(events):
    rows = [(e.kind, e.colour, e.sync_frames - at("01:00:00:00"), e.label) for e in events]
    assert rows == [
        # 2 bars + 1 beat before the pickup's bar, as a conductor counts into a 1-beat
        # pickup (4 | 1 2 3 4 | 1 2 3 4 | 1 2 3, pickup on 4): 13 beats at 120 = 6.5 s early
        (EventKind.STREAMER, "yellow", 240 - 156, "count-in: 2 bars + 1 beat"),
        (EventKind.STREAMER, "green", 240, "downbeat, bar 1"),
        (EventKind.PUNCH, "white", 288, "door slam"),
        (EventKind.PUNCH, "white", 462, "gunshot"),
        (EventKind.PUNCH, "white", 576, "hit 3"),
        (EventKind.STREAMER, "red", 720, "end of 2M2"),
    ]
    # 6.5 s at 24000/1001 is 155.84 frames: the count-in sync point is exact, its frame nearest
    assert events[0].sync_seconds == Fraction(-13, 2)
    assert [e.must_hit for e in events] == [False, False, False, True, False, False]


def test_default_and_per_colour_lengths(events):
    assert [e.length_frames for e in events] == [48, 48, 0, 0, 0, 48]
    assert events[0].start_frames == events[0].sync_frames - 48
    options = StreamerOptions({"green": 36, "red": 72})
    lengths = {e.colour: e.length_frames for e in streamer_events(chase_cue(), RATE, options)}
    assert lengths == {"green": 36, "red": 72, "white": 0}  # no count-in: no yellow


@pytest.mark.parametrize(
    "text, rate_name, frames",
    [
        ("2s", "24", 48),
        ("2", "23.976", 48),  # 47.95 frames
        ("2s", "29.97df", 60),
        ("1.5s", "25", 38),  # 37.5 rounds up
        ("48f", "29.97", 48),
        (" 3 S ", "24", 72),
    ],
)
def test_parse_length(text, rate_name, frames):
    assert parse_length(text, rate=RATES[rate_name]) == frames


@pytest.mark.parametrize("text", ["two", "0f", "0.01s", "-2s", "2fps"])
def test_parse_length_rejects(text):
    with pytest.raises(UsageError, match="--length"):
        parse_length(text, rate=RATE)


def test_a_cue_without_a_tempo_map():
    cue = Cue(CueNumber.parse("1M3"), "Quiet", 1000, 2000)
    with pytest.raises(UsageError, match=r"^1M3 has no tempo map: set one with 'scoresync tempo"):
        streamer_events(cue, RATE)


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_golden_and_read_back(events, golden):
    data = streamers_csv(events, RATE)
    golden.check("streamers_2M2.csv", data)
    records = list(csv.DictReader(io.StringIO(data)))
    assert tuple(records[0]) == CSV_COLUMNS
    green = next(r for r in records if r["colour"] == "green")
    assert (green["start_tc"], green["end_tc"], green["length_frames"]) == (
        "01:00:08:00",
        "01:00:10:00",
        "48",
    )
    gunshot = next(r for r in records if r["label"] == "gunshot")
    assert (gunshot["type"], gunshot["start_tc"], gunshot["end_tc"], gunshot["must_hit"]) == (
        "punch",
        "01:00:19:06",
        "01:00:19:06",
        "yes",
    )
    assert [int(r["midi_note"]) for r in records] == [50, 48, 53, 53, 53, 52]


# -- MIDI ---------------------------------------------------------------------------------------


def midi_notes(data: bytes) -> tuple[object, list[tuple[int, float, float, int]]]:
    """The file read by mido and its notes as (note, on seconds, off seconds, velocity),
    seconds from tick 0 as mido plays the tempo track."""
    import mido

    midi_file = mido.MidiFile(file=io.BytesIO(data))
    now, started, notes = 0.0, {}, []
    for message in midi_file:
        now += message.time
        if message.type == "note_on" and message.velocity:
            started[message.note] = (now, message.velocity)
        elif message.type in ("note_on", "note_off"):
            on, velocity = started.pop(message.note)
            notes.append((message.note, on, now, velocity))
    return midi_file, sorted(notes, key=lambda note: (note[1], note[0]))


def expected_notes(events, origin_seconds: Fraction, rate=RATE) -> list[tuple[int, float, float]]:
    result = []
    for event in events:
        start = event.sync_seconds - Fraction(event.length_frames) / rate.fps
        end = event.sync_seconds + (1 / rate.fps if event.kind is EventKind.PUNCH else 0)
        result.append((event.note, float(start - origin_seconds), float(end - origin_seconds)))
    return sorted(result, key=lambda note: (note[1], note[0]))


def test_midi_golden(events, golden):
    golden.check("streamers_2M2.mid", streamers_midi(events, chase_cue(), RATE))


def test_midi_reads_back_within_a_millisecond(events):
    midi_file, notes = midi_notes(streamers_midi(events, chase_cue(), RATE))
    assert (midi_file.type, midi_file.ticks_per_beat, len(midi_file.tracks)) == (1, 960, 2)
    # tick 0: whole bars of 2 s before the pickup (0.5 s before the downbeat), as many as
    # reach the yellow streamer's start (6.5 s + 2.002 s early): 5, so 10.5 s before it
    origin = Fraction(-21, 2)
    expected = expected_notes(events, origin)
    assert [n[0] for n in notes] == [n[0] for n in expected]
    for (note, on, off, _), (_, want_on, want_off) in zip(notes, expected, strict=True):
        assert abs(on - want_on) < 0.001, (note, on, want_on)
        assert abs(off - want_off) < 0.001, (note, off, want_off)
    velocities = {(note, velocity) for note, _, _, velocity in notes}
    assert (NOTES["punch"], 127) in velocities and (NOTES["punch"], 100) in velocities


def test_midi_conductor_track(events):
    midi_file, _ = midi_notes(streamers_midi(events, chase_cue(), RATE))
    conductor = list(midi_file.tracks[0])
    offset = next(m for m in conductor if m.type == "smpte_offset")
    assert conductor.index(offset) == 1 and offset.time == 0
    # 10.5 s before 01:00:10:00 at 23.976 is 251.748 frames before it: 00:59:59:12 and
    # 0.252 of a frame, 25 hundredths
    assert (offset.frame_rate, offset.hours, offset.minutes, offset.seconds) == (24, 0, 59, 59)
    assert (offset.frames, offset.sub_frames) == (12, 25)
    signatures = [
        (m.numerator, m.denominator, m.clocks_per_click)
        for m in conductor
        if m.type == "time_signature"
    ]
    assert signatures == [(4, 4, 24), (1, 4, 24), (4, 4, 24)]  # pre-roll, pickup, the cue
    markers = [m.text for m in conductor if m.type == "marker"]
    # the file starts 5 bars before the pickup, so 'bar N' markers name the sheet's bars;
    # the door slam falls on bar 2's downbeat: one marker for both
    only_bars = [m for m in markers if re.fullmatch(r"bar -?\d+", m)]
    assert [m for m in markers if m not in only_bars] == [
        "yellow streamer: count-in: 2 bars + 1 beat",
        "green streamer: downbeat, bar 1",
        "bar 2 / punch: door slam",
        "punch: gunshot (must hit)",
        "punch: hit 3",
        "red streamer: end of 2M2",
    ]
    assert only_bars == [f"bar {n}" for n in range(13) if n != 2]
    tempos = [m.tempo for m in conductor if m.type == "set_tempo"]
    assert tempos[0] == 500_000 and tempos[-1] == round(60_000_000 / 144)
    assert len(tempos) > 30  # the ramp in sixteenth steps


def test_midi_at_29_97_drop_frame():
    rate = RATES["29.97df"]
    cue = chase_cue(rate, downbeat="01:00:10;00")
    events = streamer_events(cue, rate)
    midi_file, notes = midi_notes(streamers_midi(events, cue, rate))
    offset = next(m for m in midi_file.tracks[0] if m.type == "smpte_offset")
    assert offset.frame_rate == 29.97
    tempo_map = cue.tempo.map
    first_start = min(e.sync_seconds - Fraction(e.length_frames) / rate.fps for e in events)
    start = file_start(tempo_map, earliest_quarters=tempo_map.quarters_at_seconds(first_start))
    origin = Fraction(tempo_map.seconds_at_quarters(start.origin_quarters))
    for (_, on, off, _), (_, want_on, want_off) in zip(
        notes, expected_notes(events, origin, rate), strict=True
    ):
        assert abs(on - want_on) < 0.001 and abs(off - want_off) < 0.001


def test_midi_shares_the_tempo_maps_conductor_track(events, tmp_path):
    """Exported with the pre-roll the streamers need, the tempo map's file has the same
    tick 0, tempo track and time signatures: dropped in at bar 1 together they line up."""
    cue = chase_cue()
    planned = plan_streamers_midi(events, cue, RATE)
    bars = planned.conductor.start.pre_roll_bars
    assert bars == 5
    assert planned.notes == (
        "the streamers start 5 bars before the music: export the tempo map with "
        "--pre-roll-bars 5 to drop both in at bar 1 together",
    )
    (tmp_path / "s.mid").write_bytes(planned.data)
    project = Project("T", RATE, at("01:00:00:00"), (Reel(1, "R1", at("01:00:00:00")),), (cue,))
    export_cue_midi(project, cue, tmp_path / "t.mid", pre_roll_bars=bars)
    streamers, tempo_map = read_midi(tmp_path / "s.mid"), read_midi(tmp_path / "t.mid")
    assert streamers.smpte == tempo_map.smpte
    assert streamers.tempos == tempo_map.tempos and streamers.meters == tempo_map.meters
    # asked for as many bars as they need, the streamers have nothing to say
    assert plan_streamers_midi(events, cue, RATE, pre_roll_bars=5).notes == ()


def test_bar_numbers_follow_the_pickup_bar_convention():
    one = streamer_events(chase_cue(), RATE, COUNT_IN, pickup_bar=PickupBar.ONE)
    assert next(e.label for e in one if e.colour == "green") == "downbeat, bar 2"
    planned = plan_streamers_midi(one, chase_cue(), RATE, pickup_bar=PickupBar.ONE)
    assert planned.conductor.first_bar == -4  # 5 pre-roll bars before pickup bar 1
    import mido

    markers = [
        m.text for m in mido.MidiFile(file=io.BytesIO(planned.data)).tracks[0] if m.type == "marker"
    ]
    assert "bar 1" in markers and "green streamer: downbeat, bar 2" in markers
    assert "bar 0" not in markers


def test_markers_with_their_timecode(events):
    import mido

    data = streamers_midi(events, chase_cue(), RATE, marker_timecode=True)
    markers = [m.text for m in mido.MidiFile(file=io.BytesIO(data)).tracks[0] if m.type == "marker"]
    assert "punch: gunshot (must hit) 01:00:19:06" in markers
    assert "green streamer: downbeat, bar 1 01:00:08:00" in markers


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def project_file(tmp_path) -> Path:
    plain = Cue(CueNumber.parse("1M3"), "Quiet", at("01:01:00:00"), at("01:01:10:00"))
    project = Project(
        "Night Train",
        RATE,
        at("01:00:00:00"),
        (Reel(1, "R1", at("01:00:00:00")),),
        (chase_cue(), plain),
    )
    path = tmp_path / "film.scoresync.json"
    save_project(project, path)
    return path


def test_cli_csv_and_midi(run_cli, project_file, tmp_path, golden):
    result = run_cli(
        "export",
        "streamers",
        project_file.name,
        "2M2",
        "-o",
        "2M2.csv",
        "--count-in-bars",
        "2",
        "--count-in-beats",
        "1",
    )
    assert result.code == 0, result.stderr
    golden.check("streamers_2M2.csv", (tmp_path / "2M2.csv").read_bytes())
    result = run_cli(
        "export",
        "streamers",
        project_file.name,
        "2M2",
        "-o",
        "2M2.mid",
        "--count-in-bars",
        "2",
        "--count-in-beats",
        "1",
        "--red-length",
        "72f",
    )
    assert result.code == 0, result.stderr
    _, notes = midi_notes((tmp_path / "2M2.mid").read_bytes())
    red = next(n for n in notes if n[0] == NOTES["red"])
    assert abs((red[2] - red[1]) - 72 * 1001 / 24000) < 0.001


def test_cli_bad_input(run_cli, project_file):
    result = run_cli("export", "streamers", project_file.name, "1M3", "-o", "1M3.csv")
    assert result.code == 1
    assert "1M3 has no tempo map: set one with 'scoresync tempo set'" in result.stderr
    result = run_cli("export", "streamers", project_file.name, "2M2", "-o", "2M2.wav")
    assert result.code == 1
    assert "unknown streamer format '.wav' (from -o 2M2.wav)" in result.stderr
    result = run_cli(
        "export", "streamers", project_file.name, "2M2", "-o", "x.csv", "--length", "soon"
    )
    assert result.code == 1
    assert "--length 'soon': give frames such as 48f or seconds such as 2s" in result.stderr
    result = run_cli("export", "streamers", project_file.name, "-o", "x.csv")
    assert result.code == 1
    assert "give one CUE (such as 1M1) or --all" in result.stderr
