"""Cue-sheet exports: golden files for each format, the workbook read back with openpyxl,
the PDF's text, and the stated rounding rule."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
import types
import zlib
from pathlib import Path

import pytest
from cuesheet_support import PRINTED, music_project

from cuesheets.export import KINDS, sheet_bytes
from cuesheets.sheet import ROUNDING_RULE, build_sheet, merged_frames, rounded_seconds
from scoresync.picture.rates import parse_rate
from scoresync.project.cuenumber import CueNumber
from scoresync.project.music import Music, Use


@pytest.fixture(scope="module")
def sheet():  # noqa: ANN201
    return build_sheet(music_project())


def test_csv_golden(sheet, golden) -> None:  # noqa: ANN001
    data = sheet_bytes(sheet, "csv", printed=PRINTED)
    golden.check("cuesheet_night_train.csv", data)
    assert KINDS["csv"].matches(data[:4096])


def test_csv_guards_a_title_that_looks_like_a_formula(sheet) -> None:  # noqa: ANN001
    text = sheet_bytes(sheet, "csv", printed=PRINTED).decode()
    assert ",'=Song on the Radio," in text
    assert ",00512345678,33.3333," in text


def test_json_golden(sheet, golden) -> None:  # noqa: ANN001
    data = sheet_bytes(sheet, "json", printed=PRINTED)
    golden.check("cuesheet_night_train.json", data)
    document = json.loads(data)["CueSheet"]
    assert document["TotalMusicDuration"] == "PT5M51S"
    assert document["RoundingRule"] == ROUNDING_RULE
    assert [c["CueUseType"] for c in document["Cues"]] == [
        "Theme",
        "Background",
        "Background",
        "Background",
        "Theme",
    ]
    assert KINDS["json"].matches(data[:4096])


def _cells(data: bytes) -> str:
    """Every filled cell of the workbook: place, type, value (repr), number format, bold."""
    from openpyxl import load_workbook

    page = load_workbook(io.BytesIO(data))["Cue Sheet"]
    lines = []
    for row in page.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            bold = " bold" if cell.font.bold else ""
            kind = cell.data_type
            lines.append(f"{cell.coordinate} {kind} {cell.value!r} [{cell.number_format}]{bold}")
    return "\n".join(lines) + "\n"


def test_xlsx_cells_golden(sheet, golden) -> None:  # noqa: ANN001
    data = sheet_bytes(sheet, "xlsx", printed=PRINTED)
    golden.check("cuesheet_night_train.xlsx.txt", _cells(data))
    assert KINDS["xlsx"].matches(data[:4096])


def test_xlsx_reads_back_with_ipi_as_text_and_shares_as_percentages(sheet) -> None:  # noqa: ANN001
    from openpyxl import load_workbook

    page = load_workbook(io.BytesIO(sheet_bytes(sheet, "xlsx", printed=PRINTED)))["Cue Sheet"]
    heading = next(r for r in page.iter_rows() if r[0].value == "Seq #")[0].row
    assert [c.value for c in page[heading]] == [
        "Seq #",
        "Cue #",
        "Cue Title",
        "Usage",
        "Duration",
        "Role",
        "Name",
        "Society",
        "IPI/CAE #",
        "Share %",
    ]
    first = page[heading + 1]
    assert [c.value for c in first[:9]] == [
        1,
        "1M1",
        "Night Train Theme",
        "MT",
        "1:45",
        "C",
        "Ada Composer",
        "ASCAP",
        "00052210040",
    ]
    ipi = first[8]
    assert ipi.data_type == "s" and ipi.number_format == "@"
    share = first[9]
    assert share.value == 1.0 and share.number_format == "0.00%"
    second = page[heading + 2]
    assert second[0].value is None and second[6].value == "Night Train Music"
    assert second[9].value == 0.5
    singer = next(r for r in page.iter_rows() if r[6].value == "Sam Singer")
    assert singer[2].value == "=Song on the Radio" and singer[2].data_type == "s"
    assert singer[9].value == pytest.approx(1 / 3)
    header = {r[0].value: r[1].value for r in page.iter_rows(max_row=heading - 1)}
    assert header["Total Music Duration"] == "5:51"
    assert header["Program Duration"] == "44:03"
    assert header["Timings"] == ROUNDING_RULE
    assert page.freeze_panes == f"A{heading + 1}"


def test_xlsx_is_byte_stable_for_the_same_moment(sheet, monkeypatch) -> None:  # noqa: ANN001
    import datetime as dt

    first = sheet_bytes(sheet, "xlsx", printed=PRINTED)

    class Later(dt.datetime):
        """Saving five years later: openpyxl stamps the time of saving."""

        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206
            return dt.datetime(2031, 1, 2, 3, 4, 5, tzinfo=tz)

    later = types.SimpleNamespace(datetime=Later, timezone=dt.timezone)
    monkeypatch.setattr("openpyxl.writer.excel.datetime", later)
    assert sheet_bytes(sheet, "xlsx", printed=PRINTED) == first
    from openpyxl import load_workbook

    properties = load_workbook(io.BytesIO(first)).properties
    assert properties.modified == properties.created == dt.datetime(2026, 3, 4, 12, 0)


def pdf_text(data: bytes) -> str:
    """The strings the PDF's page streams show, one per line (streams are uncompressed;
    a compressed one is inflated), less the scoresync version in the footer."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        if b"Tj" not in stream:
            try:
                stream = zlib.decompress(stream)
            except zlib.error:
                continue
        for text in re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", stream):
            line = re.sub(rb"\\(.)", rb"\1", text).decode("latin-1")
            if not line.startswith("scoresync "):
                shown.append(line)
    return "\n".join(shown) + "\n"


def test_pdf_text_golden(sheet, golden) -> None:  # noqa: ANN001
    data = sheet_bytes(sheet, "pdf", printed=PRINTED)
    assert data.startswith(b"%PDF-") and KINDS["pdf"].matches(data[:4096])
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1
    golden.check("cuesheet_night_train.pdf.txt", pdf_text(data))


def test_pdf_reads_with_pdftotext(sheet, tmp_path: Path) -> None:  # noqa: ANN001
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(sheet_bytes(sheet, "pdf", paper="letter", printed=PRINTED))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Night Train: music cue sheet" in text and "page 1 of 1" in text
    assert re.search(r"3\s+1M2A\s+=Song on the Radio\s+SRC\s+0:24\s+CA\s+Sam Singer", text)
    assert "00712345678" in text and "Total Music Duration: 5:51" in text


@pytest.mark.parametrize(
    ("frames", "seconds"), [(0, 0), (1, 1), (11, 1), (12, 1), (35, 1), (36, 2), (1439, 60)]
)
def test_seconds_round_half_up_and_a_use_shows_at_least_one(frames: int, seconds: int) -> None:
    assert rounded_seconds(frames, rate=parse_rate("24")) == seconds


def test_total_music_is_the_union_of_uses_not_the_sum_of_rounded_rows() -> None:
    project = music_project()
    base = project.music.uses[0]
    rows = [
        Use(CueNumber.parse("1M1"), "W1", base.start_frames, base.start_frames + 12),
        Use(CueNumber.parse("1M2"), "W2", base.start_frames + 6, base.start_frames + 18),
        Use(CueNumber.parse("1M3"), "W3", base.start_frames + 100, base.start_frames + 101),
    ]
    music = Music(project.music.header, project.music.works, tuple(rows))
    sheet = build_sheet(dataclasses.replace(project, music=music))
    assert [row.seconds for row in sheet.rows] == [1, 1, 1]  # 0.5 s, 0.5 s, 1 frame
    assert sheet.total_music_frames == 19 == merged_frames([(0, 12), (6, 18), (100, 101)])
    assert sheet.total_music_seconds == 1  # 19 frames at 23.976 is 0.79 s, not 3 rows of 1 s


def test_write_sheet_refuses_errors_with_the_findings_and_writes_when_asked(tmp_path: Path) -> None:
    from cuesheets.export.write import SheetHasErrors, write_sheet
    from scoresync.deliver.targets import ForeignFileError

    project = music_project()
    work = project.music.work("W1")
    bad = dataclasses.replace(
        project, music=project.music.with_work(dataclasses.replace(work, iswc="T-1"))
    )
    with pytest.raises(SheetHasErrors) as refused:
        write_sheet(bad, tmp_path / "s.json", "json", printed=PRINTED)
    assert [f.field for f in refused.value.findings] == ["iswc"]
    assert not (tmp_path / "s.json").exists()
    written = write_sheet(bad, tmp_path / "s.json", "json", ignore_errors=True, printed=PRINTED)
    assert written.has_errors and (tmp_path / "s.json").exists()
    (tmp_path / "notes.txt").write_text("my own notes\n")
    with pytest.raises(
        ForeignFileError, match="notes.txt exists and is not a cue sheet \\(JSON\\)"
    ):
        write_sheet(project, tmp_path / "notes.txt", "json", printed=PRINTED)
    assert (tmp_path / "notes.txt").read_text() == "my own notes\n"
