"""Spots imported from a CSV, Pro Tools session text exports (real files), Avid locator
lists and EDL LOC lines: the marker convention, the preview, and every bad file one clear
message."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from cuesheet_support import music_project

from cuesheets.spotting.markers import SpotFileError, read_spot_file, sniff_format
from cuesheets.spotting.merge import apply_plan, plan_import
from scoresync.picture.rates import parse_rate
from scoresync.picture.timecode import frames_to_tc, tc_to_frames
from scoresync.project.model import Project

PROTOOLS = (
    Path(__file__).resolve().parents[2].parent
    / "shared/fixtures/cuts/DAWFileKit/ProTools/Resources/PT Session Text Exports"
)
"""Real Pro Tools session text exports (see shared/fixtures/cuts/MANIFEST.md)."""
RULERS = PROTOOLS / "SessionText_MarkerRulersAndTrackMarkers_PT2023.12.txt"
FPP = PROTOOLS / "SessionText_FPPFinal_23-976fps_DefaultExportOptions_PT2020.3.txt"
RATE_24 = parse_rate("24")


def _fixture(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"the shared Pro Tools fixtures are not at {PROTOOLS}")
    return path


def _empty_24() -> Project:
    project = music_project()
    return dataclasses.replace(project, rate=RATE_24, cues=(), reels=(), session_start_frames=0)


def _spots(reading):  # noqa: ANN001, ANN202
    return [
        (
            str(s.number),
            frames_to_tc(s.start_frames, rate=RATE_24),
            frames_to_tc(s.end_frames, rate=RATE_24),
            s.title,
            s.notes,
            [(frames_to_tc(f, rate=RATE_24), label) for f, label in s.hits],
        )
        for s in reading.spots
    ]


def test_a_real_marker_list_without_cue_numbers_gives_no_spots_and_says_so() -> None:
    reading = read_spot_file(_fixture(RULERS), rate=RATE_24)
    assert reading.spots == []
    assert len(reading.left_out) == 7
    assert reading.left_out[1] == (
        "SessionText_MarkerRulersAndTrackMarkers_PT2023.12.txt, line 14: marker 'Marker 2' "
        "lies in no cue"
    )


def test_a_real_long_session_reads_every_marker() -> None:
    reading = read_spot_file(_fixture(FPP), rate=parse_rate("23.976"))
    assert len(reading.left_out) > 50
    assert "'hit cut to black and tail out' lies in no cue" in reading.left_out[2]


def test_a_marker_list_at_another_rate_is_refused() -> None:
    with pytest.raises(SpotFileError, match="the session's timecode is 24 Frame, the project's"):
        read_spot_file(_fixture(RULERS), rate=parse_rate("25"))


def _renamed(tmp_path: Path, names: list[str]) -> Path:
    """The real 24 fps marker list with its markers renamed as a music editor names them."""
    lines = _fixture(RULERS).read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#   \tLOCATION"))
    for offset, name in enumerate(names, start=start + 1):
        cells = lines[offset].split("\t")
        cells[4] = name.ljust(33)
        lines[offset] = "\t".join(cells)
    path = tmp_path / "markers.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_cue_numbered_markers_start_and_end_cues_and_others_become_hits(tmp_path: Path) -> None:
    path = _renamed(
        tmp_path,
        ["1M1 Opening", "door slam", "1M1 out", "1M2: the chase", "car horn", "2M1S Radio", ""],
    )
    assert sniff_format(path, path.read_text()) == "protools"
    reading = read_spot_file(path, rate=RATE_24)
    assert _spots(reading) == [
        ("1M1", "01:00:00:00", "01:00:02:00", "Opening", "", [("01:00:01:00", "door slam")]),
        ("1M2", "01:00:03:00", "01:00:05:00", "the chase", "", [("01:00:04:00", "car horn")]),
    ]
    assert reading.left_out == [
        "markers.txt, line 18: 2M1S has no end; add a marker '2M1S out'",
        "markers.txt, line 19: marker '' lies in no cue",
    ]


def test_csv_spots(tmp_path: Path) -> None:
    path = tmp_path / "spots.csv"
    path.write_text(
        "Cue,Start,Stop,Title,Notes\n"
        "1M1,01:00:00:00,01:00:10:00,Opening,strings only\n"
        "\n"
        "1m2a,01:00:20:00,01:00:21:12,Sting,\n"
    )
    assert _spots(read_spot_file(path, rate=RATE_24)) == [
        ("1M1", "01:00:00:00", "01:00:10:00", "Opening", "strings only", []),
        ("1M2A", "01:00:20:00", "01:00:21:12", "Sting", "", []),
    ]


def test_avid_locators_with_a_span(tmp_path: Path) -> None:
    path = tmp_path / "locators.txt"
    path.write_text(
        "Mara\t01:00:00:00\tV1\tred\t1M1 Opening\t48\n"
        "Mara\t01:00:01:00\tV1\tgreen\tdoor slam\t1\n"
        "Mara\t01:00:05:00\tV1\tred\t1M2 Chase\t1\n"
        "Mara\t01:00:06:00\tV1\tred\t1M2 end\t1\n"
    )
    assert sniff_format(path, path.read_text()) == "avid"
    assert _spots(read_spot_file(path, rate=RATE_24)) == [
        ("1M1", "01:00:00:00", "01:00:02:00", "Opening", "", [("01:00:01:00", "door slam")]),
        ("1M2", "01:00:05:00", "01:00:06:00", "Chase", "", []),
    ]


def test_edl_loc_lines(tmp_path: Path) -> None:
    path = tmp_path / "cut.edl"
    path.write_text(
        "TITLE: REEL 1\nFCM: NON-DROP FRAME\n\n"
        "001  A001     V     C        10:00:00:00 10:00:10:00 01:00:00:00 01:00:10:00\n"
        "* LOC: 01:00:01:00 RED     1M1 Opening\n"
        "* LOC: 01:00:02:12 GREEN   glass breaks\n"
        "* LOC: 01:00:08:00 RED     1M1 out\n"
    )
    assert _spots(read_spot_file(path, rate=RATE_24)) == [
        ("1M1", "01:00:01:00", "01:00:08:00", "Opening", "", [("01:00:02:12", "glass breaks")]),
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "spots.csv",
            "cue,begin,stop\n",
            "spots.csv, line 1: no start column; the first line names the columns "
            "cue,start,stop,title,notes (stop may be end or out)",
        ),
        (
            "spots.csv",
            "cue,start,stop\n1M1,01:00:00:00,01:00:99:00\n",
            "spots.csv, line 2, stop:",
        ),
        (
            "spots.csv",
            "cue,start,stop\nM1,01:00:00:00,01:00:01:00\n",
            "spots.csv, line 2, cue: 'M1' is not a cue number",
        ),
        (
            "spots.csv",
            "cue,start,stop\n1M1,01:00:02:00,01:00:01:00\n",
            "spots.csv, line 2: stop 01:00:01:00 is not after start 01:00:02:00",
        ),
        (
            "loc.txt",
            "Mara\t01:00:00:00\tV1\n",
            "loc.txt, line 1: an Avid locator line has at least five tab-separated fields",
        ),
        ("bin.txt", "\x00\x01\x02", "bin.txt is not a text file"),
        (
            "pt.txt",
            "SESSION NAME:\tx\nTIMECODE FORMAT:\t24 Frame\n",
            "pt.txt: no marker list (M A R K E R S  L I S T I N G)",
        ),
    ],
)
def test_a_bad_spot_file_is_one_clear_message(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(SpotFileError) as caught:
        read_spot_file(path, rate=RATE_24)
    assert message in str(caught.value)


def test_the_plan_adds_keeps_and_with_replace_updates() -> None:
    project = music_project()
    rate = project.rate
    start = project.cue("1M2").start_frames
    later = tc_to_frames("02:10:00:00", rate=rate)
    spots = [
        _spot("1M2", start, start + 48, "The Stranger"),
        _spot("3M1", later, later + 120, "New"),
        _spot("3M2", 5, 10, "Too early"),
        _spot("1M3", project.cue("1M3").start_frames, project.cue("1M3").end_frames, ""),
    ]
    steps = plan_import(project, spots)
    assert [s.action for s in steps] == ["keep", "add", "skip", "same"]
    assert "before the session start 01:00:00:00" in steps[2].reason
    changed = apply_plan(project, steps)
    assert changed.cue("3M1").title == "New" and changed.cue("1M2") == project.cue("1M2")
    replacing = plan_import(project, spots, replace=True)
    assert replacing[0].action == "skip"
    assert replacing[0].reason.startswith(
        "hit 1 of 1M2 at 01:03:21:10 would lie outside the cue (01:03:15:06 to before 01:03:17:06)"
    )
    longer = plan_import(project, [_spot("1M2", start, start + 3000, "")], replace=True)
    assert longer[0].action == "update" and longer[0].cue is not None
    assert longer[0].cue.title == "The Stranger" and len(longer[0].cue.hits) == 4


def _spot(number: str, start: int, end: int, title: str):  # noqa: ANN202
    from cuesheets.spotting.markers import Spot
    from scoresync.project.cuenumber import CueNumber

    return Spot(CueNumber.parse(number), start, end, title)
