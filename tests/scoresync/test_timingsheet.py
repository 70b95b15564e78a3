"""Timing sheets: bar timecodes at 24, 23.976 and 29.97df against known values, row order,
text and CSV golden files, the PDF read back, the MusicXML skeleton's bar labels, and
bad input through the command line.

After a reviewed change of format, ``pytest --regen-golden`` rewrites the golden files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from fractions import Fraction
from pathlib import Path

import pytest

from scoresync.deliver.musicxml import bar_timecodes, cue_skeleton, hit_marks
from scoresync.deliver.timingsheet.pdf import sheet_pdf
from scoresync.deliver.timingsheet.sheet import RowKind, cue_time_text, timing_rows, timing_sheet
from scoresync.deliver.timingsheet.text import CSV_COLUMNS, sheet_csv, sheet_text
from scoresync.deliver.timingsheet.write import write_sheet
from scoresync.errors import ExportError, UsageError
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap


def constant_cue(rate_name: str, downbeat: str, *, bpm: int = 120) -> tuple[Cue, object]:
    """A 30-second cue starting on its downbeat at a constant ``bpm`` in 4/4."""
    rate = RATES[rate_name]
    downbeat_frames = tc_to_frames(downbeat, rate=rate)
    cue = Cue(
        CueNumber.parse("1M1"),
        "Opening",
        downbeat_frames,
        downbeat_frames + 30 * rate.base,
        tempo=CueTempo(downbeat_frames, TempoMap.constant(bpm)),
    )
    return cue, rate


def film_project() -> Project:
    """23.976: a pickup, 4 bars at 120, a ritardando to 96 over 2 bars, then 6/8 in dotted
    quarters at 72; three hits, one of them must-hit."""
    rate = RATES["23.976"]

    def at(label: str) -> int:
        return tc_to_frames(label, rate=rate)

    tempo_map = TempoMap(
        (Segment(16, 120), Segment(8, 120, 96, "linear_time"), Segment(None, 72, meter="6/8")),
        pickup_beats=1,
    )
    hits = (
        Hit(at("01:00:12:00"), "door slam", weight=2.0),
        Hit(at("01:00:20:13"), "whistle", must_hit=True),
        Hit(at("01:00:27:05"), "glance"),
    )
    cue = Cue(
        CueNumber.parse("1M1"),
        "Opening",
        at("01:00:09:00"),
        at("01:00:30:00"),
        hits=hits,
        tempo=CueTempo(at("01:00:10:00"), tempo_map),
    )
    plain = Cue(CueNumber.parse("1M2"), "Platform", at("01:01:00:00"), at("01:01:20:00"))
    reel = Reel(1, "R1", at("01:00:00:00"))
    return Project("Night Train", rate, at("01:00:00:00"), (reel,), (cue, plain))


@pytest.fixture(scope="module")
def project() -> Project:
    return film_project()


@pytest.fixture(scope="module")
def sheet(project):
    return timing_sheet(project, project.cue("1M1"))


# -- known timecodes ----------------------------------------------------------------------------


def bar_tcs(cue, rate) -> dict[int, tuple[str, int]]:
    """Each bar's timecode and eighths; the cue's start on a downbeat is that bar's row."""
    return {
        row.nearest.bar: (row.tc, row.eighths)
        for row in timing_rows(cue, rate)
        if row.kind is RowKind.BAR or (row.kind is RowKind.START and row.position.endswith("|1"))
    }


@pytest.mark.parametrize(
    "rate_name, downbeat, bar, tc, eighths",
    [
        ("24", "01:00:10:00", 1, "01:00:10:00", 0),
        ("24", "01:00:10:00", 5, "01:00:18:00", 0),
        ("24", "01:00:10:00", 2, "01:00:12:00", 0),
        # 8 s at 24000/1001 fps is 191.808 frames: frame 192, 1.5 eighths early
        ("23.976", "01:00:10:00", 5, "01:00:18:00", -2),
        ("23.976", "01:00:10:00", 2, "01:00:12:00", 0),  # 47.952 frames: within 1/16
        ("25", "10:00:00:00", 5, "10:00:08:00", 0),
        # 2 s at 29.97 is 59.94 frames; the minute rolls over onto the dropped labels
        ("29.97df", "01:00:58;00", 2, "01:01:00;02", 0),
        ("29.97df", "01:00:58;00", 5, "01:01:06;02", -2),  # 239.76 frames
        ("29.97df", "01:09:58;00", 2, "01:10:00;00", 0),  # every tenth minute keeps ;00
        ("29.97", "01:00:58:00", 5, "01:01:06:00", -2),  # non-drop: 240 labels are 8 s
    ],
)
def test_bar_timecodes_against_known_values(rate_name, downbeat, bar, tc, eighths):
    cue, rate = constant_cue(rate_name, downbeat)
    assert bar_tcs(cue, rate)[bar] == (tc, eighths)


def test_pickup_and_ramp_rows(sheet):
    bars = [row for row in sheet.rows if row.kind is RowKind.BAR]
    assert [row.position for row in bars[:3]] == ["0|4", "1|1", "2|1"]
    assert bars[0].tc == "01:00:09:12"  # half a second (11.988 frames) before the downbeat
    assert [row.bar for row in bars] == list(range(0, len(bars)))
    ramp = [row for row in bars if 5 < row.bar < 7]
    assert all(96 < row.bpm < 120 and isinstance(row.bpm, float) for row in ramp)
    six_eight = next(row for row in bars if row.bar == 7)
    assert (str(six_eight.meter), six_eight.tempo_text) == ("6/8", "q.=72")


def test_rows_are_in_time_order_with_start_hits_and_end(sheet):
    kinds = [row.kind for row in sheet.rows]
    assert kinds[0] is RowKind.START and kinds[-1] is RowKind.END
    assert [row.seconds for row in sheet.rows] == sorted(row.seconds for row in sheet.rows)
    hits = [row for row in sheet.rows if row.kind is RowKind.HIT]
    assert [(row.tc, row.label, row.must_hit) for row in hits] == [
        ("01:00:12:00", "door slam", False),
        ("01:00:20:13", "whistle", True),
        ("01:00:27:05", "glance", False),
    ]
    slam = sheet.rows.index(hits[0])
    assert sheet.rows[slam - 1].kind is RowKind.BAR  # bar 2 and the hit share a time
    assert sheet.rows[slam - 1].position == "2|1"
    # 10.5525 s after the downbeat: 2.5525 s into the ramp, (120 t - 24 t^2 / (2 * 40/9)) / 60
    # = 4.8119 beats past bar 5, so 0.8119 * 960 = 779 ticks into bar 6; its nearest beat is
    # 6|2, 5 beats into the ramp at t = (120 - sqrt(120^2 - 4 * 2.7 * 300)) / 5.4 = 2.65909 s,
    # and the hit (253 frames = 10.55221 s after the downbeat) is 0.10688 s = 2.563 frames
    # (at 24000/1001) before it
    assert (hits[1].bar, hits[1].beat, hits[1].ticks) == (6, 1, 779)
    assert hits[1].position == "6|2 -2.56f"
    # the door slam is 2.002 s after the downbeat, 2 ms (0.048 frames) after bar 2
    assert hits[0].position == "2|1 +0.05f"
    assert (hits[0].feet, hits[0].cue_seconds) == ("4+08", Fraction(3003, 1000))


def test_per_beat_rows(project):
    rows = timing_rows(project.cue("1M1"), project.rate, per="beat")
    beats = [row for row in rows if row.kind is RowKind.BEAT]
    assert [row.position for row in beats[:6]] == ["0|4", "1|1", "1|2", "1|3", "1|4", "2|1"]
    assert [row.position for row in beats if row.bar == 7] == ["7|1", "7|2"]


def test_feet_for_other_gauges_and_film_rates(project):
    cue = project.cue("1M1")

    def end_feet(gauge: str, film: str | None) -> str:
        return timing_rows(cue, project.rate, gauge=gauge, film_fps=film)[-1].feet

    # the end is 504 picture frames (21.021 s) from the start. Film at 24 fps runs 504.504
    # frames in that time, 505 to the nearest: 12 feet of 40 and 25 frames on 16 mm; on
    # 3-perf 7 cycles of 64 frames (21 feet), then 57 frames: 22 in foot 21, 21 in foot 22,
    # 14 more
    assert end_feet("16mm", None) == "12+25"
    assert end_feet("35mm-3perf", None) == "23+14"
    assert end_feet("35mm", "24") == "31+09"
    # film at 23.976 (a projector at video speed) runs 504 frames: 12+24 and 23+13
    assert end_feet("16mm", "23.976") == "12+24"
    assert end_feet("35mm-3perf", "23.976") == "23+13"


@pytest.mark.parametrize(
    "seconds, text",
    [
        (Fraction(0), "00:00.000"),
        (Fraction(3003, 1000), "00:03.003"),
        (61.25, "01:01.250"),
        (Fraction(-1, 2), "-00:00.500"),
        (Fraction(59_9995, 10_000), "01:00.000"),
    ],
)
def test_cue_time_text(seconds, text):
    assert cue_time_text(seconds) == text


def test_a_cue_without_a_tempo_map(project):
    with pytest.raises(
        UsageError,
        match=r"1M2 has no tempo map: set one with 'scoresync tempo "
        r"set' or find one with 'scoresync tempo find'",
    ):
        timing_sheet(project, project.cue("1M2"))


# -- text, CSV, PDF -----------------------------------------------------------------------------


def test_text_golden(sheet, golden):
    text = sheet_text(sheet)
    assert text.splitlines()[0] == "Night Train: timing sheet"
    golden.check("timing_1M1.txt", text)


def test_csv_golden_and_read_back(project, sheet, golden):
    data = sheet_csv(sheet)
    golden.check("timing_1M1.csv", data)
    records = list(csv.DictReader(io.StringIO(data)))
    assert tuple(records[0].keys()) == CSV_COLUMNS
    assert len(records) == len(sheet.rows)
    whistle = next(r for r in records if r["label"] == "whistle")
    assert (whistle["kind"], whistle["timecode"], whistle["must_hit"]) == (
        "hit",
        "01:00:20:13",
        "yes",
    )
    assert all(r["bpm"] and r["meter"] for r in records)  # tempo on every CSV row


def test_csv_per_beat_golden(project, golden):
    sheet = timing_sheet(project, project.cue("1M1"), per="beat", gauge="16mm")
    golden.check("timing_1M1_beats.csv", sheet_csv(sheet))


PRINTED = dt.datetime(2024, 5, 17, 14, 30, tzinfo=dt.UTC)


def pdf_texts(data: bytes) -> list[str]:
    """The strings drawn in an uncompressed PDF's content streams."""
    return [m.decode("latin-1") for m in re.findall(rb"\((.*?)(?<!\\)\) Tj", data)]


def test_pdf_pages_header_and_rows(project):
    cue, rate = constant_cue("24", "01:00:10:00", bpm=240)  # 121 beat rows and more
    long_project = Project("Night Train", rate, 86400, (), (cue,))
    sheet = timing_sheet(long_project, cue, per="beat")
    data = sheet_pdf(sheet, paper="letter", printed=PRINTED)
    assert data.startswith(b"%PDF-")
    assert data == sheet_pdf(sheet, paper="letter", printed=PRINTED)  # byte-stable
    pages = len(re.findall(rb"/Type /Page\b", data))
    assert pages >= 2
    texts = pdf_texts(data)
    assert [t for t in texts if t.startswith("page ")] == [
        f"page {n} of {pages}" for n in range(1, pages + 1)
    ]
    assert texts.count("1M1 Opening") == pages
    assert texts.count("BAR|BEAT") == pages  # the column header repeats
    assert "01:00:39:18" in texts and "cue end" in texts
    assert b"/MediaBox [ 0 0 612 792 ]" in data


def test_pdf_a4(sheet):
    data = sheet_pdf(sheet)
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data
    assert len(re.findall(rb"/Type /Page\b", data)) == 1
    texts = pdf_texts(data)
    assert "page 1 of 1" in texts
    assert "01:00:20:13" in texts and "whistle" in texts and "MUST" in texts


def test_write_sheet_by_extension_and_errors(sheet, tmp_path):
    assert write_sheet(tmp_path / "s.csv", sheet).read_bytes().startswith(b"kind,bar,")
    assert write_sheet(tmp_path / "s.out", sheet, fmt="txt").read_text().startswith("Night")
    with pytest.raises(UsageError, match=r"unknown timing-sheet format '\.docx'"):
        write_sheet(tmp_path / "s.docx", sheet)
    with pytest.raises(ExportError, match=r"the folder .*nowhere does not exist; create it first"):
        write_sheet(tmp_path / "nowhere" / "s.txt", sheet)


# -- the MusicXML skeleton's picture-time text ---------------------------------------------------


def test_skeleton_labels_and_hits(project):
    cue = project.cue("1M1")
    labels = bar_timecodes(cue, project.rate)
    assert (labels[0], labels[1], labels[2]) == ("01:00:09:12", "01:00:10:00", "01:00:12:00")
    marks = hit_marks(cue, project.rate)
    assert marks[0].text == "door slam (01:00:12:00)"
    assert marks[0].quarters == Fraction(4 * 1001, 1000)  # 48 frames at 23.976 is 2.002 s
    assert marks[1].must_hit
    plan, header = cue_skeleton(project, cue)
    assert header.title == "1M1 Opening" and header.work_title == "Night Train"
    assert "downbeat (bar 1) 01:00:10:00" in header.lines[0]
    assert [m.number for m in plan.measures] == sorted(labels)
    assert plan.measures[2].directions[0].text == "01:00:12:00"


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def project_file(tmp_path) -> Path:
    path = tmp_path / "film.scoresync.json"
    save_project(film_project(), path)
    return path


def test_cli_writes_every_format(run_cli, project_file, tmp_path, golden):
    for name in ("1M1.txt", "1M1.csv", "1M1.pdf"):
        result = run_cli("export", "timing-sheet", project_file.name, "1M1", "-o", name)
        assert result.code == 0, result.stderr
        assert f"wrote {name}" in result.stdout
    golden.check("timing_1M1.txt", (tmp_path / "1M1.txt").read_bytes())
    assert (tmp_path / "1M1.pdf").read_bytes().startswith(b"%PDF-")
    result = run_cli("export", "musicxml", project_file.name, "--all", "-o", "scores", "--json")
    assert result.code == 0, result.stderr
    assert result.json()["skipped"] == ["1M2"]
    assert (tmp_path / "scores" / "1M1 Opening.musicxml").read_bytes().startswith(b"<?xml")


def test_cli_cue_without_a_tempo_map(run_cli, project_file):
    result = run_cli("export", "timing-sheet", project_file.name, "1M2", "-o", "x.txt")
    assert result.code == 1
    assert result.stderr.strip() == (
        "scoresync: error: 1M2 has no tempo map: set one with 'scoresync tempo set' or find "
        "one with 'scoresync tempo find'"
    )


def test_cli_unwritable_path_and_unknown_format(run_cli, project_file, tmp_path):
    (tmp_path / "a-file").write_text("")
    result = run_cli("export", "musicxml", project_file.name, "1M1", "-o", "a-file/1M1.musicxml")
    assert result.code == 1
    assert "cannot write a-file/1M1.musicxml: a-file is not a folder" in result.stderr
    result = run_cli("export", "timing-sheet", project_file.name, "1M1", "-o", "1M1.docx")
    assert result.code == 1
    assert (
        "unknown timing-sheet format '.docx' (from -o 1M1.docx): use --format txt, csv or "
        "pdf" in result.stderr
    )
    assert "Traceback" not in result.stderr
