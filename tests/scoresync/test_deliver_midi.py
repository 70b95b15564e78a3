"""MIDI tempo maps on picture: SMPTE offsets at every rate, the golden file, the read-back
drift check, where the file starts (the pickup's start, its own bar; pre-roll bars for a
hit before the music), bar numbering under the pickup-bar convention and its "bar N"
markers, merged markers with their timecode, --all, import through the command line, and
the errors."""

from __future__ import annotations

import dataclasses
import math
import re
from fractions import Fraction
from pathlib import Path

import mido
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoresync.deliver.exports import cue_file_name
from scoresync.deliver.midi import (
    export_cue_midi,
    seconds_for_smpte,
    smpte_for_seconds,
)
from scoresync.errors import ExportError, MidiError
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import frames_to_tc, tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.map.barnumbers import PickupBar
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.midi.events import SmpteOffset

GOLDEN = "midi_tempo_map_1M1.mid"
RATE = RATES["23.976"]


def frames(label: str, rate=RATE) -> int:  # noqa: ANN001
    return tc_to_frames(label, rate=rate)


def fixed_cue() -> Cue:
    """1M1 at 23.976: a one-beat pickup, 8 beats at 96, a ramp to 120 over 8 beats, then
    120; three hits, one without a label."""
    tempo_map = TempoMap(
        (
            Segment(8, 96),
            Segment(8, 96, 120, RampShape.LINEAR_BEATS),
            Segment(None, 120),
        ),
        pickup_beats=1,
    )
    hits = (
        Hit(frames("01:00:10:00"), "door slam"),
        Hit(frames("01:00:14:12"), ""),
        Hit(frames("01:00:19:03"), "Café crash"),
    )
    return Cue(
        CueNumber.parse("1M1"),
        "Opening",
        frames("01:00:09:00"),
        frames("01:00:24:00"),
        hits=hits,
        tempo=CueTempo(frames("01:00:10:00"), tempo_map),
    )


def project_of(*cues: Cue, rate=RATE) -> Project:  # noqa: ANN001
    start = tc_to_frames("01:00:00:00", rate=rate)
    return Project("Test", rate, start, (Reel(1, "R1", start),), cues)


# -- SMPTE offsets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate_name", "label", "extra", "expected"),
    [
        ("24", "01:00:10:00", Fraction(0), (1, 0, 10, 0, 0, 0)),
        ("23.976", "01:00:10:00", Fraction(0), (1, 0, 10, 0, 0, 0)),
        ("25", "10:20:30:24", Fraction(0), (10, 20, 30, 24, 0, 1)),
        ("29.97", "01:00:00:29", Fraction(0), (1, 0, 0, 29, 0, 3)),
        ("29.97df", "01:00:00;00", Fraction(0), (1, 0, 0, 0, 0, 2)),
        ("29.97df", "00:01:00;02", Fraction(0), (0, 1, 0, 2, 0, 2)),
        ("30", "01:00:00:00", Fraction(0), (1, 0, 0, 0, 0, 3)),
        ("48", "01:00:00:47", Fraction(0), (1, 0, 0, 23, 50, 0)),
        ("47.952", "01:00:00:46", Fraction(0), (1, 0, 0, 23, 0, 0)),
        ("50", "01:00:00:49", Fraction(0), (1, 0, 0, 24, 50, 1)),
        ("59.94df", "00:01:00;04", Fraction(0), (0, 1, 0, 2, 0, 2)),
        ("60", "01:00:00:59", Fraction(1, 2), (1, 0, 0, 29, 75, 3)),
        ("24", "01:00:10:00", Fraction(1, 2), (1, 0, 10, 0, 50, 0)),
        ("24", "01:00:10:00", Fraction(1, 3), (1, 0, 10, 0, 33, 0)),
        ("24", "01:00:10:23", Fraction(999, 1000), (1, 0, 11, 0, 0, 0)),  # 99.9 -> next frame
    ],
)
def test_smpte_for_seconds(
    rate_name: str, label: str, extra: Fraction, expected: tuple[int, ...]
) -> None:
    rate = RATES[rate_name]
    seconds = (tc_to_frames(label, rate=rate) + extra) / rate.fps
    smpte = smpte_for_seconds(seconds, rate)
    assert smpte.as_tuple() == expected
    assert seconds_for_smpte(smpte, rate).matches_project


@settings(max_examples=60, deadline=None)
@given(
    rate_name=st.sampled_from(list(RATES)),
    frames_since_midnight=st.integers(0, 23 * 3600 * 24),
    part=st.fractions(0, 1).filter(lambda f: f < 1),
)
def test_smpte_round_trip_within_half_a_subframe(
    rate_name: str, frames_since_midnight: int, part: Fraction
) -> None:
    rate = RATES[rate_name]
    seconds = (frames_since_midnight + part) / rate.fps
    smpte = smpte_for_seconds(seconds, rate)
    back = seconds_for_smpte(smpte, rate).seconds
    midi_frame = Fraction(rate.base // {0: 24, 1: 25, 2: 30, 3: 30}[smpte.rate_code]) / rate.fps
    assert abs(back - seconds) <= midi_frame / 200


def test_an_offset_at_another_rate_is_read_as_real_time_and_said() -> None:
    reading = seconds_for_smpte(SmpteOffset(1, 0, 0, 12, 50, rate_code=1), RATES["24"])
    assert not reading.matches_project
    assert reading.seconds == 3600 + Fraction(125, 10) / 25
    assert "does not match the project's 24 fps: read as real time at 25 fps" in (
        reading.interpretation
    )


def test_a_dropped_label_in_an_offset_is_an_error() -> None:
    with pytest.raises(MidiError, match=r"x\.mid: its SMPTE offset 00:01:00;00\.00 is not a"):
        seconds_for_smpte(SmpteOffset(0, 1, 0, 0, 0, rate_code=2), RATES["29.97df"], name="x.mid")


# -- export ---------------------------------------------------------------------------------------


def test_export_matches_the_golden_file(tmp_path: Path, golden) -> None:
    """The bytes are the contract. To rewrite after a deliberate change, run
    ``pytest --regen-golden`` and review ``xxd`` of the new file."""
    cue = fixed_cue()
    path = tmp_path / "1M1.mid"
    export_cue_midi(project_of(cue), cue, path)
    golden.check(GOLDEN, path.read_bytes())


def file_events(path: Path) -> list[tuple[int, object]]:
    """``(ticks, message)`` of track 0, read with mido."""
    events, now = [], 0
    for message in mido.MidiFile(path).tracks[0]:
        now += message.time
        events.append((now, message))
    return events


def test_export_report_and_the_events_in_the_file(tmp_path: Path) -> None:
    cue = fixed_cue()
    path = tmp_path / "1M1.mid"
    report = export_cue_midi(project_of(cue), cue, path)  # the project numbers a pickup 0
    assert [h.label for h in report.hits] == ["door slam", "Hit 2", "Café crash"]
    assert report.max_hit_drift_ms < 1 and report.max_bar_drift_ms < 1
    # tick 0 is the pickup's start, a beat at 96 (0.625 s, 14.985 frames) before the
    # downbeat: 01:00:09:09 and 1.5 hundredths of a frame
    assert report.tick0_tc == "01:00:09:09"
    assert report.smpte_label == "01:00:09:09.01" and report.smpte_rate == "24"
    assert (report.pickup_bar, report.first_bar, report.bar_markers) == (0, 0, True)
    midi = mido.MidiFile(path)
    assert (midi.type, midi.ticks_per_beat, len(midi.tracks)) == (1, 960, 1)
    events = file_events(path)
    assert events[0][1].type == "track_name" and events[0][1].name == "1M1 Opening"
    assert events[1][1].type == "smpte_offset" and events[1][0] == 0
    signatures = [(t, m.numerator, m.denominator) for t, m in events if m.type == "time_signature"]
    assert signatures == [(0, 1, 4), (960, 4, 4)]  # the pickup as its own 1/4 bar
    texts = [(t, m.type, m.text) for t, m in events if m.type in ("marker", "cue_marker")]
    bar_ticks = {bar.what: bar.ticks for bar in report.bars}
    assert texts == [
        (0, "marker", "Pickup / bar 0"),
        (960, "marker", "1M1 Opening / bar 1 / door slam"),
        (bar_ticks["bar 2"], "marker", "bar 2"),
        (report.hits[1].ticks, "marker", "Hit 2"),
        (bar_ticks["bar 3"], "marker", "bar 3"),
        (bar_ticks["bar 4"], "marker", "bar 4"),
        (report.hits[2].ticks, "marker", "Café crash"),
        (bar_ticks["bar 5"], "marker", "bar 5"),
        (bar_ticks["bar 6"], "marker", "bar 6"),
        (bar_ticks["bar 7"], "marker", "bar 7"),
        (texts[-1][0], "cue_marker", "1M1 end"),
    ]
    assert bar_ticks["bar 2"] == 960 + 4 * 960 and bar_ticks["bar 3"] == 960 + 8 * 960
    # the cue starts 9 frames before the pickup: not in the file, and said so
    assert report.notes == (
        "1M1 starts at 01:00:09:00, before the music: the file starts on the music's first "
        "bar line, without the cue start",
    )
    tempos = [m.tempo for _, m in events if m.type == "set_tempo"]
    assert tempos[0] == 625_000 and tempos[-1] == 500_000 and len(tempos) == 2 + 32


def test_with_the_pickup_bar_as_bar_1_readers_need_no_bar_markers(tmp_path: Path) -> None:
    cue = fixed_cue()
    path = tmp_path / "1M1.mid"
    report = export_cue_midi(project_of(cue), cue, path, pickup_bar=PickupBar.ONE)
    assert (report.pickup_bar, report.first_bar, report.bar_markers) == (1, 1, False)
    assert [b.what for b in report.bars[:3]] == ["bar 1", "bar 2", "bar 3"]
    assert report.bars[0].label == "pickup" and report.bars[1].ticks == 960
    zero = export_cue_midi(project_of(cue), cue, tmp_path / "0.mid", pickup_bar=PickupBar.ZERO)
    assert report.hits[0].bbt == "2|1|000" and zero.hits[0].bbt == "1|1|000"
    for one, concert in zip(report.hits, zero.hits, strict=True):
        assert int(one.bbt.split("|")[0]) == int(concert.bbt.split("|")[0]) + 1
    markers = [m.text for _, m in file_events(path) if m.type == "marker"]
    assert markers == ["Pickup", "1M1 Opening / door slam", "Hit 2", "Café crash"]


def test_the_project_setting_numbers_the_bars_unless_the_export_says(tmp_path: Path) -> None:
    cue = fixed_cue()
    project = dataclasses.replace(project_of(cue), pickup_bar=PickupBar.ONE)
    assert export_cue_midi(project, cue, tmp_path / "a.mid").first_bar == 1
    chosen = export_cue_midi(project, cue, tmp_path / "b.mid", pickup_bar=PickupBar.ZERO)
    assert chosen.first_bar == 0 and chosen.bar_markers


def test_markers_with_their_timecode(tmp_path: Path) -> None:
    cue = fixed_cue()
    path = tmp_path / "1M1.mid"
    export_cue_midi(project_of(cue), cue, path, pickup_bar=PickupBar.ONE, marker_timecode=True)
    texts = [m.text for _, m in file_events(path) if m.type in ("marker", "cue_marker")]
    assert texts == [
        "Pickup 01:00:09:09",
        "1M1 Opening / door slam 01:00:10:00",
        "Hit 2 01:00:14:12",
        "Café crash 01:00:19:03",
        "1M1 end 01:00:24:00",
    ]


def test_report_timecodes_are_the_nearest_frame(tmp_path: Path) -> None:
    cue = fixed_cue()
    report = export_cue_midi(project_of(cue), cue, tmp_path / "1M1.mid")
    downbeat = frames("01:00:10:00")
    for bar in report.bars:
        exact = placed_frames(cue, bar)
        assert bar.tc == frames_to_tc(math.floor(exact + Fraction(1, 2)), rate=RATE)
    # bar 2 is 2.5 s after the downbeat: 59.94 frames, so 60 (01:00:12:12), not 59
    assert report.bars[2].tc == frames_to_tc(downbeat + 60, rate=RATE) == "01:00:12:12"


def placed_frames(cue: Cue, bar) -> Fraction:  # noqa: ANN001
    """The exact frame (since midnight) of a reported bar line."""
    tempo = cue.placed_tempo()
    number = int(bar.what.split()[1])  # pickup bar 0: the map's own numbers
    seconds = next(b.start_seconds for b in tempo.map.bars(60) if b.number == number)
    return tempo.frames_at_seconds(Fraction(seconds), rate=RATE)


def test_an_early_cue_start_does_not_move_tick_0(tmp_path: Path) -> None:
    rate = RATES["25"]
    cue = Cue(
        CueNumber.parse("1M2"),
        "Early",
        tc_to_frames("01:00:07:00", rate=rate),
        tc_to_frames("01:00:20:00", rate=rate),
        tempo=CueTempo(tc_to_frames("01:00:10:00", rate=rate), TempoMap.constant(120)),
    )
    report = export_cue_midi(project_of(cue, rate=rate), cue, tmp_path / "m.mid")
    assert report.smpte_label == "01:00:10:00.00"  # the downbeat: bar 1 is the file's bar 1
    assert report.bars[0].what == "bar 1" and report.bars[0].ticks == 0
    assert (report.first_bar, report.bar_markers) == (1, False)  # no pickup: 0 and 1 agree
    assert report.notes[0].startswith("1M2 starts at 01:00:07:00, before the music")


def test_a_hit_before_the_music_starts_the_file_whole_bars_earlier(tmp_path: Path) -> None:
    cue = dataclasses.replace(
        fixed_cue(), hits=(Hit(frames("01:00:09:00"), "thunder"), *fixed_cue().hits)
    )
    path = tmp_path / "1M1.mid"
    report = export_cue_midi(project_of(cue), cue, path, pickup_bar=PickupBar.ONE)
    # the thunder comes 0.38 s before the pickup: one 4/4 bar at 96 (2.5 s) before it
    assert (report.pre_roll_bars, report.first_bar, report.bar_markers) == (1, 0, True)
    events = file_events(path)
    signatures = [(t, m.numerator, m.denominator) for t, m in events if m.type == "time_signature"]
    assert signatures == [(0, 4, 4), (3840, 1, 4), (4800, 4, 4)]
    markers = [(t, m.text) for t, m in events if m.type == "marker"]
    assert markers[:3] == [
        (report.hits[0].ticks, "thunder / 1M1 start"),  # the cue starts on the thunder
        (3840, "Pickup / bar 1"),
        (4800, "1M1 Opening / bar 2 / door slam"),
    ]
    assert report.notes == (
        "1 hit before the music: the file starts 1 bar earlier, with 'bar N' markers naming "
        "the timing sheet's bars",
    )


def test_pre_roll_bars_asked_for(tmp_path: Path) -> None:
    cue = fixed_cue()
    report = export_cue_midi(project_of(cue), cue, tmp_path / "1M1.mid", pre_roll_bars=2)
    assert (report.pre_roll_bars, report.first_bar) == (2, -2)  # pickup bar 0 is file bar 3
    assert report.bars[0].ticks == 2 * 3840
    # the cue start now falls inside the file: its cue point is back
    assert not report.notes


def test_a_hit_that_cannot_land_within_1_ms_is_an_error(tmp_path: Path) -> None:
    rate = RATES["24"]
    cue = Cue(
        CueNumber.parse("1M4"),
        "Slow",
        tc_to_frames("01:00:10:00", rate=rate),
        tc_to_frames("01:00:40:00", rate=rate),
        hits=(Hit(tc_to_frames("01:00:10:05", rate=rate), "drip"),),
        tempo=CueTempo(tc_to_frames("01:00:10:00", rate=rate), TempoMap.constant(8)),
    )
    # at 8 BPM a tick lasts 7.8 ms; 5 frames is 0.208333 s = 26.67 ticks: 2.6 ms off
    path = tmp_path / "slow.mid"
    with pytest.raises(
        ExportError,
        match=r"1M4: hit 1 'drip' at 01:00:10:05 would land "
        r"[+-]2\.60\d ms off .* nothing was written",
    ):
        export_cue_midi(project_of(cue, rate=rate), cue, path)
    assert not path.exists() and not list(tmp_path.iterdir())


def test_click_notes_track(tmp_path: Path) -> None:
    cue = fixed_cue()
    export_cue_midi(project_of(cue), cue, tmp_path / "c.mid", click_notes=True)
    midi = mido.MidiFile(tmp_path / "c.mid")
    notes = [m for m in midi.tracks[1] if m.type == "note_on"]
    # the pickup, 8 beats at 96, the 8-beat ramp (4.46 s), then 4.55 s at 120 to the end
    assert len(notes) == 1 + 8 + 8 + 10 and notes[0].note == 77
    assert notes[1].note == 76 and notes[2].note == 77


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Opening", "1M1 Opening.mid"),
        ("What/If? <1>", "1M1 What_If_ _1_.mid"),
        ("", "1M1.mid"),
        ("Tail...", "1M1 Tail.mid"),
    ],
)
def test_safe_file_names(title: str, name: str) -> None:
    cue = Cue(CueNumber.parse("1M1"), title, 0, 10)
    assert cue_file_name(cue, ".mid") == name


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def demo(run_cli, tmp_path: Path) -> Path:
    result = run_cli("demo", "--no-tui")
    assert result.code == 0, result.stderr
    return next(tmp_path.glob("*.scoresync.json"))


def test_cli_export_and_import_round_trip(run_cli, demo: Path, tmp_path: Path) -> None:
    before = run_cli("tempo", "show", demo.name, "2M2", "--json")
    exported = run_cli("export", "midi", demo.name, "2M2", "-o", "chase.mid", "--json")
    assert exported.code == 0, exported.stderr
    report = exported.json()
    assert len(report["hits"]) == 8 and report["max_hit_drift_ms"] < 1
    imported = run_cli("import", "midi", demo.name, "2M2", "chase.mid", "--json")
    assert imported.code == 0, imported.stderr
    data = imported.json()
    assert data["segments"] == [
        "64 beats 4/4 q=138",
        "16 beats 4/4 q=138->152 linear_beats",
        "open 4/4 q=152",
    ]
    assert data["pickup_beats"] == "1"
    assert data["downbeat"]["tc"] == "02:04:12:18"
    assert data["max_drift_ms"] < 1
    assert [m["hit"] for m in data["markers"] if m["hit"]] == list(range(1, 9))
    if before.code == 0:
        assert run_cli("tempo", "show", demo.name, "2M2", "--json").json() == before.json()


def test_cli_pickup_bar_from_the_project_unless_given(run_cli, demo: Path) -> None:
    def report(*options: str) -> dict:
        result = run_cli("export", "midi", demo.name, "2M2", "-o", "chase.mid", "--json", *options)
        assert result.code == 0, result.stderr
        return result.json()

    first = report()  # the demo keeps the default: a pickup is bar 0
    assert (first["pickup_bar"], first["first_bar"], first["bar_markers"]) == (0, 0, True)
    assert first["bars"][0]["what"] == "bar 0" and first["bars"][1]["what"] == "bar 1"
    assert run_cli("set", demo.name, "--pickup-bar", "1").code == 0
    second = report()
    assert (second["pickup_bar"], second["first_bar"], second["bar_markers"]) == (1, 1, False)
    assert second["bars"][0]["what"] == "bar 1" and second["bars"][1]["what"] == "bar 2"
    third = report("--pickup-bar", "0", "--pre-roll-bars", "2")
    assert (third["pickup_bar"], third["first_bar"], third["pre_roll_bars"]) == (0, -2, 2)


def test_cli_text_report_and_marker_timecode(run_cli, demo: Path, tmp_path: Path) -> None:
    result = run_cli(
        "export", "midi", demo.name, "2M2", "-o", "chase.mid", "--pickup-bar", "1",
        "--marker-timecode",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "  bars numbered as on the timing sheet (pickup bar 1)" in result.stdout
    markers = [
        m.text for m in mido.MidiFile(tmp_path / "chase.mid").tracks[0] if m.type == "marker"
    ]
    assert all(re.search(r" \d\d:\d\d:\d\d:\d\d$", text) for text in markers), markers
    result = run_cli("export", "midi", demo.name, "2M2", "-o", "chase.mid", "--pickup-bar", "0")
    assert (
        "  a MIDI reader's bar 1 is bar 0 on the timing sheet (pickup bar 0): 'bar N' "
        "markers name its bars"
    ) in result.stdout


def test_cli_import_keep_downbeat_and_text_report(run_cli, demo: Path) -> None:
    assert run_cli("export", "midi", demo.name, "1M1", "-o", "main.mid").code == 0
    result = run_cli("import", "midi", demo.name, "2M2", "main.mid", "--keep-downbeat")
    assert result.code == 0, result.stderr
    assert "downbeat 02:04:12:18 (kept at the cue's present downbeat)" in result.stdout
    assert "the file puts the downbeat at 01:00:08:00; kept 02:04:12:18" in result.stdout


def test_cli_import_of_a_map_far_from_the_cue_says_so(run_cli, demo: Path) -> None:
    assert run_cli("export", "midi", demo.name, "1M1", "-o", "main.mid").code == 0
    result = run_cli("import", "midi", demo.name, "2M2", "main.mid")
    assert result.code == 0, result.stderr
    assert (
        "note: the file puts bar 1 at 01:00:08:00, 01:04:04:08 before 2M2's start: check it "
        "is 2M2's file (--keep-downbeat keeps the cue's own downbeat)"
    ) in result.stdout
    again = run_cli("import", "midi", demo.name, "1M1", "main.mid")
    assert again.code == 0 and "check it is" not in again.stdout, "its own cue: no note"


def test_cli_export_all(run_cli, demo: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    result = run_cli("export", "midi", demo.name, "--all", "-o", "out", "--json")
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["1M1 Main Title.mid", "2M2 The Chase.mid"]
    assert "1M3" in result.json()["skipped"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["export", "midi", "{p}", "1M3", "-o", "x.mid"],
            "1M3 has no tempo map: set one with 'scoresync tempo set' or find one with "
            "'scoresync tempo find'",
        ),
        (["export", "midi", "{p}", "1M1", "-o", "missing/x.mid"], "the folder missing does not"),
        (["export", "midi", "{p}", "1M1", "--all", "-o", "x"], "give a CUE number or --all"),
        (["export", "midi", "{p}", "1M1", "-o", "x.mid", "--ramp-step", "bar"], "'bar' is not"),
        (["export", "midi", "{p}", "1M1", "-o", "x.mid", "--pickup-bar", "2"], "'2' is not one"),
        (["export", "midi", "{p}", "1M1", "-o", "x.mid", "--pre-roll-bars", "65"], "0<=x<=64"),
        (
            ["import", "midi", "{p}", "1M1", "corrupt.mid"],
            "corrupt.mid is not a Standard MIDI File: it does not start with MThd",
        ),
        (["import", "midi", "{p}", "1M1", "cut.mid"], "cut.mid is not a readable Standard MIDI"),
    ],
)
def test_cli_errors(
    run_cli, demo: Path, tmp_path: Path, golden, args: list[str], message: str
) -> None:
    (tmp_path / "corrupt.mid").write_text("not midi at all")
    (tmp_path / "cut.mid").write_bytes(golden.read_bytes(GOLDEN)[:30])
    before = demo.read_bytes()
    result = run_cli(*[a.format(p=demo.name) for a in args])
    assert result.code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert demo.read_bytes() == before
