"""Timing sheets read as a composer reads them: events at their nearest beat with a frame
offset, ramps' start and end rows, one row for a cue start on a downbeat, bar numbers under
the pickup convention, one nearest-frame rule for every timecode, feet+frames of film at
film speed, and the PDF's pages (tempo and meter on each first row, print date and
version at the foot, a real creation date)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import math
import re
from fractions import Fraction

import pytest
from test_timingsheet import film_project  # the 23.976 cue with a pickup, a rit. and 6/8

from scoresync import __version__
from scoresync.deliver.timingsheet.pdf import sheet_pdf
from scoresync.deliver.timingsheet.sheet import (
    RowKind,
    frames_offset_text,
    nearest_beat,
    timing_rows,
    timing_sheet,
)
from scoresync.deliver.timingsheet.text import display_cells, sheet_csv, sheet_text
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import frames_to_tc, tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueTempo, Hit, Project
from tempo.map.barnumbers import PickupBar
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap


def cue_on(
    rate_name: str,
    tempo_map: TempoMap,
    *,
    start: str = "01:00:10:00",
    end: str = "01:00:40:00",
    downbeat: str = "01:00:10:00",
    hits: tuple[str, ...] = (),
) -> tuple[Project, Cue]:
    rate = RATES[rate_name]

    def at(label: str) -> int:
        return tc_to_frames(label, rate=rate)

    cue = Cue(
        CueNumber.parse("1M1"),
        "Opening",
        at(start),
        at(end),
        hits=tuple(Hit(at(label), f"hit {label}") for label in hits),
        tempo=CueTempo(at(downbeat), tempo_map),
    )
    return Project("Night Train", rate, at("01:00:00:00"), (), (cue,)), cue


# -- positions: the nearest beat and the offset in frames ------------------------------------


@pytest.mark.parametrize(
    "offset, text",
    [
        (Fraction(0), ""),
        (Fraction(1, 300), ""),  # 0.0033: within half a hundredth of the beat
        (Fraction(1, 200), "+0.01f"),  # halves away from zero
        (Fraction(-1, 200), "-0.01f"),
        (Fraction(-12, 100), "-0.12f"),
        (Fraction(7, 2), "+3.50f"),
        (-12.0, "-12.00f"),
    ],
)
def test_frames_offset_text(offset, text):
    assert frames_offset_text(offset) == text


@pytest.mark.parametrize(
    "meter, quarters, beat, beat_seconds",
    [
        ("4/4", Fraction(0), "1|1|000", 0),
        ("4/4", Fraction(1, 2), "1|2|000", Fraction(1, 2)),  # halfway: the later beat
        ("4/4", Fraction(49, 100), "1|1|000", 0),
        ("4/4", Fraction(3839, 960), "2|1|000", 2),  # 10|4|959 style is bar 2's downbeat
        ("4/4", Fraction(-1, 10), "1|1|000", 0),  # just before the downbeat: bar 0's end
        # 6/8 in dotted quarters at 120: beats 1.5 quarters and half a second apart
        ("6/8", Fraction(2), "1|2|000", Fraction(1, 2)),
        ("6/8", Fraction(5, 4), "1|2|000", Fraction(1, 2)),
        ("6/8", Fraction(7, 10), "1|1|000", 0),
        # 5/8 in quarter beats: beats at 0, 1 and 2 quarters, the bar line at 2.5, so its
        # last beat is half a beat long
        ("5/8", Fraction(22, 10), "1|3|000", 1),
        ("5/8", Fraction(23, 10), "2|1|000", Fraction(5, 4)),
    ],
)
def test_nearest_beat(meter, quarters, beat, beat_seconds):
    unit = "dotted_quarter" if meter == "6/8" else "quarter"
    found, seconds = nearest_beat(TempoMap.constant(120, meter, unit), quarters)
    assert (str(found), seconds) == (beat, beat_seconds)


def test_hits_show_their_nearest_beat_and_offset():
    # 24 fps at 120: 12 frames a beat, bar 2 at 01:00:12:00
    project, cue = cue_on(
        "24",
        TempoMap.constant(120),
        hits=("01:00:11:23", "01:00:10:06", "01:00:11:00", "01:00:11:16", "01:00:11:19"),
    )
    positions = {
        row.label: (row.position, row.bar, row.beat, row.ticks)
        for row in timing_rows(cue, project.rate)
        if row.kind is RowKind.HIT
    }
    assert positions == {
        # one frame (20 ticks) before bar 2: read as 2|1, not 1|4|940
        "hit 01:00:11:23": ("2|1 -1.00f", 1, 4, 880),
        "hit 01:00:10:06": ("1|2 -6.00f", 1, 1, 480),  # halfway: the later beat
        "hit 01:00:11:00": ("1|3", 1, 3, 0),  # on the beat
        "hit 01:00:11:16": ("1|4 +4.00f", 1, 4, 320),
        "hit 01:00:11:19": ("2|1 -5.00f", 1, 4, 560),  # 7 frames after 1|4, 5 before 2|1
    }


def test_a_hit_just_before_a_downbeat_at_23976():
    # bar 21 is 40 s after the downbeat: 959.04 frames at 24000/1001, so frame 959 is
    # 0.04 frames before it (the bar|beat|tick there is 20|4|959)
    project, cue = cue_on("23.976", TempoMap.constant(120), end="01:01:00:00")
    hit_frames = cue.tempo.downbeat_frames + 959
    label = frames_to_tc(hit_frames, rate=project.rate)
    cue = dataclasses.replace(cue, hits=(Hit(hit_frames, "x"),))
    hit = next(row for row in timing_rows(cue, project.rate) if row.kind is RowKind.HIT)
    assert (hit.tc, hit.position, str(hit.bar)) == (label, "21|1 -0.04f", "20")


# -- rows: one for a cue start on a bar, ramps' start and end ---------------------------------


def test_a_cue_starting_and_ending_on_bar_lines_has_one_row_each():
    project, cue = cue_on("24", TempoMap.constant(120), end="01:00:20:00")
    rows = timing_rows(cue, project.rate)
    assert (rows[0].kind, rows[0].position, rows[0].label) == (RowKind.START, "1|1", "cue start")
    assert (rows[-1].kind, rows[-1].position, rows[-1].label) == (RowKind.END, "6|1", "cue end")
    positions = [row.position for row in rows]
    assert positions == ["1|1", "2|1", "3|1", "4|1", "5|1", "6|1"]
    beats = [row.position for row in timing_rows(cue, project.rate, per="beat")]
    assert beats[:3] == ["1|1", "1|2", "1|3"] and beats.count("1|1") == 1


def test_ramp_start_and_end_rows():
    project = film_project()
    rows = timing_rows(project.cue("1M1"), project.rate)
    ramps = [row for row in rows if row.kind in (RowKind.RAMP_START, RowKind.RAMP_END)]
    assert [(r.kind, r.position, r.label, r.tempo_text, r.kind_text) for r in ramps] == [
        (RowKind.RAMP_START, "5|1", "rit. 120 -> 96 over 8 beats", "q=120", "RIT."),
        (RowKind.RAMP_END, "7|1", "rit. ends at 96", "q=96", "RIT."),
    ]
    start, end = (rows.index(row) for row in ramps)
    # the ramp starts after its bar's row; it ends before the row of the bar it reaches
    assert (rows[start - 1].kind, rows[start - 1].position) == (RowKind.BAR, "5|1")
    assert (rows[end + 1].kind, rows[end + 1].position) == (RowKind.BAR, "7|1")
    assert rows[end + 1].tempo_text == "q.=72"
    text = sheet_text(timing_sheet(project, project.cue("1M1")))
    assert "RIT.   rit. 120 -> 96 over 8 beats" in text and "rit. ends at 96" in text


def test_an_accelerando_over_part_beats_inside_the_cue_only():
    tempo_map = TempoMap(
        (
            Segment(4, 90),
            Segment(Fraction(15, 2), 90, 120, "linear_beats"),
            Segment(Fraction(1, 2), 120),
            Segment(4, 120, 100, "linear_time"),
            Segment(None, 100),
        )
    )
    # the accel. runs from 2.667 s to 6.981 s, the rit. from 7.231 s to 9.413 s: the cue
    # ends at 8 s, inside the rit., so the rit. has no end row
    project, cue = cue_on("25", tempo_map, end="01:00:18:00")
    rows = timing_rows(cue, project.rate)
    labels = [row.label for row in rows if row.kind in (RowKind.RAMP_START, RowKind.RAMP_END)]
    assert labels == [
        "accel. 90 -> 120 over 7.5 beats",
        "accel. ends at 120",
        "rit. 120 -> 100 over 4 beats",
    ]
    # the accel. ends at quarter 11.5: 0.2545 s after 3|4 (the accel.'s last half beat),
    # 0.25 s (half a beat at 120) before 4|1, so nearer 4|1, 6.25 frames before it at 25 fps
    accel_end = next(row for row in rows if row.label == "accel. ends at 120")
    assert accel_end.position == "4|1 -6.25f"


# -- bar numbers under the pickup convention -----------------------------------------------


@pytest.mark.parametrize(
    "convention, bars, downbeat_bar, words",
    [
        (PickupBar.ZERO, ["0|4", "1|1", "2|1"], 1, "bars: the pickup is bar 0"),
        (PickupBar.ONE, ["1|4", "2|1", "3|1"], 2, "bars: the pickup bar is bar 1"),
    ],
)
def test_bar_numbers_follow_the_pickup_convention(convention, bars, downbeat_bar, words):
    project = film_project()
    sheet = timing_sheet(project, project.cue("1M1"), pickup_bar=convention)
    grid = [row.position for row in sheet.rows if row.kind is RowKind.BAR]
    assert grid[:3] == bars
    text = sheet_text(sheet)
    assert f"Downbeat 01:00:10:00 (bar {downbeat_bar})" in text and words in text
    records = list(csv.DictReader(io.StringIO(sheet_csv(sheet))))
    first_full = next(r for r in records if r["timecode"] == "01:00:10:00")
    assert (first_full["bar"], first_full["position"]) == (str(downbeat_bar), f"{downbeat_bar}|1")
    whistle = next(r for r in records if r["label"] == "whistle")
    assert whistle["bar"] == str(5 + downbeat_bar)  # bar 6 of the map
    assert whistle["position"] == f"{5 + downbeat_bar}|2 -2.56f"


def test_without_a_pickup_both_conventions_agree():
    project, cue = cue_on("24", TempoMap.constant(120))
    zero = timing_sheet(project, cue, pickup_bar=PickupBar.ZERO)
    one = timing_sheet(project, cue, pickup_bar=PickupBar.ONE)
    assert sheet_text(zero) == sheet_text(one)
    assert "bars:" not in sheet_text(zero)


# -- one rounding rule ---------------------------------------------------------------------------


def test_every_timecode_is_the_nearest_frame():
    project = film_project()
    sheet = timing_sheet(project, project.cue("1M1"), per="beat")
    records = list(csv.DictReader(io.StringIO(sheet_csv(sheet))))
    text = sheet_text(sheet).splitlines()[-len(sheet.rows) :]
    for row, record, line in zip(sheet.rows, records, text, strict=True):
        exact = Fraction(row.frames_exact)
        nearest = math.floor(exact + Fraction(1, 2))  # computed here, halves up
        eighths = math.floor((exact - nearest) * 8 + Fraction(1, 2))
        label = frames_to_tc(nearest, rate=project.rate)
        assert (row.tc, row.eighths) == (label, eighths)
        assert (record["timecode"], record["frame_eighths"]) == (label, str(eighths))
        assert label in line
    # bar 9 lies 0.25 frames after a frame and bar 5 a quarter before one: the nearest
    # frame, never the frame before
    bar5 = next(row for row in sheet.rows if row.position == "5|1")
    assert (bar5.tc, bar5.eighths_text) == ("01:00:18:00", "-2/8")


# -- feet+frames of film at film speed ------------------------------------------------------------


@pytest.mark.parametrize(
    "rate_name, frames, feet",
    [
        ("29.97", 30, "1+08"),  # 1.001 s: 24.024 film frames, not 30 video frames (1+14)
        ("59.94", 60, "1+08"),
        ("23.976", 24, "1+08"),
        ("24", 16, "1+00"),
        ("25", 25, "1+09"),  # 25 fps pictures count film at 25
        ("29.97", 1800, "90+01"),  # 60.06 s: 1441.44 film frames
    ],
)
def test_feet_count_film_at_film_speed(rate_name, frames, feet):
    project, cue = cue_on(rate_name, TempoMap.constant(120), end="01:01:30:00")
    rate = project.rate
    cue = dataclasses.replace(cue, hits=(Hit(cue.start_frames + frames, "x"),))
    hit = next(row for row in timing_rows(cue, rate) if row.kind is RowKind.HIT)
    assert hit.feet == feet
    sheet = timing_sheet(project, cue)
    film = "25" if rate_name == "25" else "24"
    assert f"film at {film} fps over the same real time as the {rate.name} fps picture" in (
        sheet_text(sheet)
    )


# -- the PDF ---------------------------------------------------------------------------------------


PRINTED = dt.datetime(2024, 5, 17, 14, 30, tzinfo=dt.UTC)


def pdf_pages(data: bytes) -> list[list[str]]:
    """The strings drawn on each page of an uncompressed PDF, page by page: each page's
    texts end with its header and footer ("page n of m" ... "scoresync x.y.z")."""
    texts = [m.decode("latin-1") for m in re.findall(rb"\((.*?)(?<!\\)\) Tj", data)]
    pages, page = [], []
    for text in texts:
        page.append(text)
        if text.startswith("scoresync "):
            pages.append(page)
            page = []
    assert not page
    return pages


def long_sheet():
    # 4/4 at 240 for 10 bars, then 3/4 at 180: beat rows over three pages
    tempo_map = TempoMap((Segment(40, 240), Segment(None, 180, meter="3/4")))
    project, cue = cue_on("24", tempo_map, end="01:00:50:00")
    return timing_sheet(project, cue, per="beat")


def test_every_pdf_page_starts_with_the_tempo_and_meter_in_force():
    sheet = long_sheet()
    pages = pdf_pages(sheet_pdf(sheet, paper="a4", printed=PRINTED))
    assert len(pages) >= 3
    full = {cells[0]: cells for cells in display_cells(sheet, every_row=True)}
    for page in pages:
        first = page[page.index("LABEL") + 1]  # the first row's position
        cells = full[first]
        tempo, meter = cells[6], cells[7]
        row_texts = page[page.index("LABEL") + 1 : page.index("LABEL") + 9]
        assert tempo in row_texts and meter in row_texts, (first, row_texts)
    assert any("q=180" in page and "3/4" in page for page in pages[1:])


def test_pdf_footer_and_creation_date():
    sheet = long_sheet()
    data = sheet_pdf(sheet, paper="letter", printed=PRINTED)
    pages = pdf_pages(data)
    for page in pages:
        assert page[-2:] == ["printed 2024-05-17 14:30 UTC", f"scoresync {__version__}"]
    assert b"/CreationDate (D:20240517143000+00'00')" in data
    assert b"D:20000101" not in data
    assert data == sheet_pdf(sheet, paper="letter", printed=PRINTED)


def test_pdf_date_from_source_date_epoch(monkeypatch):
    sheet = long_sheet()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(PRINTED.timestamp())))
    data = sheet_pdf(sheet)
    assert data == sheet_pdf(sheet) == sheet_pdf(sheet, printed=PRINTED)
    assert pdf_pages(data)[0][-2] == "printed 2024-05-17 14:30 UTC"


def test_pdf_date_is_now_by_default(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = sheet_pdf(long_sheet())
    created = re.search(rb"/CreationDate \(D:(\d{14})", data)
    assert created is not None
    stamp = dt.datetime.strptime(created[1].decode(), "%Y%m%d%H%M%S")
    now = dt.datetime.now().astimezone().replace(tzinfo=None)
    assert abs(stamp - now) < dt.timedelta(minutes=2)  # local time, not 2000-01-01
    printed = pdf_pages(data)[0][-2]
    assert printed.startswith(f"printed {stamp:%Y-%m-%d %H:%M}")


def test_an_export_request_carries_the_film_rate_and_the_bar_numbering(tmp_path):
    from scoresync.deliver.exports import TimingSheetExport, run_export
    from scoresync.errors import UsageError

    project = film_project()
    request = TimingSheetExport(fmt="txt", film_rate="23.976", pickup_bar=PickupBar.ONE)
    result = run_export(project, project.cue("1M1"), tmp_path / "1M1.txt", request)
    text = (tmp_path / "1M1.txt").read_text()
    assert "Downbeat 01:00:10:00 (bar 2)" in text and "film at 23.976 fps" in text
    assert result.lines[0].endswith("(35mm-4perf at 23.976 fps)")
    with pytest.raises(UsageError, match="unknown film rate '30': use one of 24, 23.976, 25"):
        TimingSheetExport(film_rate="30")
