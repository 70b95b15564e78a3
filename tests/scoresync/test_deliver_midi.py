"""MIDI tempo maps on picture: SMPTE offsets at every rate, the golden file, the read-back
drift check, --all, import through the command line, and the errors."""

from __future__ import annotations

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
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
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


def test_export_report_and_the_events_in_the_file(tmp_path: Path) -> None:
    cue = fixed_cue()
    path = tmp_path / "1M1.mid"
    report = export_cue_midi(project_of(cue), cue, path)
    assert [h.label for h in report.hits] == ["door slam", "Hit 2", "Café crash"]
    assert report.max_hit_drift_ms < 1 and report.max_bar_drift_ms < 1
    assert report.tick0_tc == "01:00:07:12"  # the pickup bar starts a bar (2.5 s) early
    # 2.5 s before 01:00:10:00 is 59.94 frames at 23.976: 01:00:07:12 and 6 hundredths
    assert report.smpte_label == "01:00:07:12.06" and report.smpte_rate == "24"
    midi = mido.MidiFile(path)
    assert (midi.type, midi.ticks_per_beat, len(midi.tracks)) == (1, 960, 1)
    events, now = [], 0
    for message in midi.tracks[0]:
        now += message.time
        events.append((now, message))
    assert events[0][1].type == "track_name" and events[0][1].name == "1M1 Opening"
    assert events[1][1].type == "smpte_offset" and events[1][0] == 0
    texts = [(t, m.type, m.text) for t, m in events if m.type in ("marker", "cue_marker")]
    assert texts == [
        (2302, "cue_marker", "1M1 start"),  # 01:00:09:00 is 2.398 quarters into the bar
        (3 * 960, "marker", "Pickup"),
        (4 * 960, "marker", "1M1 Opening"),
        (4 * 960, "marker", "door slam"),
        (report.hits[1].ticks, "marker", "Hit 2"),
        (report.hits[2].ticks, "marker", "Café crash"),
        (texts[-1][0], "cue_marker", "1M1 end"),
    ]
    tempos = [m.tempo for _, m in events if m.type == "set_tempo"]
    assert tempos[0] == 625_000 and tempos[-1] == 500_000 and len(tempos) == 2 + 32


def test_tick_0_is_the_bar_line_before_an_early_cue_start(tmp_path: Path) -> None:
    rate = RATES["25"]
    cue = Cue(
        CueNumber.parse("1M2"),
        "Early",
        tc_to_frames("01:00:07:00", rate=rate),
        tc_to_frames("01:00:20:00", rate=rate),
        tempo=CueTempo(tc_to_frames("01:00:10:00", rate=rate), TempoMap.constant(120)),
    )
    report = export_cue_midi(project_of(cue, rate=rate), cue, tmp_path / "m.mid")
    assert report.smpte_label == "01:00:06:00.00"  # two 2-second bars before the downbeat
    assert report.bars[0].what == "bar 1" and report.bars[0].ticks == 2 * 4 * 960


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
    # the pickup bar, 8 beats at 96, the 8-beat ramp (4.46 s), then 4.55 s at 120 to the end
    assert len(notes) == 4 + 8 + 8 + 10 and notes[4].note == 76 and notes[5].note == 77


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
    assert [m["hit"] for m in data["markers"] if m["kind"] == "marker"][2:] == list(range(1, 9))
    if before.code == 0:
        assert run_cli("tempo", "show", demo.name, "2M2", "--json").json() == before.json()


def test_cli_import_keep_downbeat_and_text_report(run_cli, demo: Path) -> None:
    assert run_cli("export", "midi", demo.name, "1M1", "-o", "main.mid").code == 0
    result = run_cli("import", "midi", demo.name, "2M2", "main.mid", "--keep-downbeat")
    assert result.code == 0, result.stderr
    assert "downbeat 02:04:12:18 (kept at the cue's present downbeat)" in result.stdout
    assert "the file puts the downbeat at 01:00:08:00; kept 02:04:12:18" in result.stdout


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
