"""Spotting notes: golden text and CSV, the PDF's text, and the header."""

from __future__ import annotations

import dataclasses

from cuesheet_support import PRINTED, music_project
from test_cuesheet_export import pdf_text

from cuesheets.spotting.notes import notes_bytes, notes_of, seconds_text
from scoresync.picture.rates import parse_rate


def test_text_golden(golden) -> None:  # noqa: ANN001
    notes = notes_of(music_project(), version="Cut 3 (2026-02-27)")
    golden.check("spotting_night_train.txt", notes_bytes(notes, "txt", printed=PRINTED))


def test_csv_golden(golden) -> None:  # noqa: ANN001
    notes = notes_of(music_project(), version="Cut 3 (2026-02-27)")
    golden.check("spotting_night_train.csv", notes_bytes(notes, "csv", printed=PRINTED))


def test_pdf_text_golden(golden) -> None:  # noqa: ANN001
    notes = notes_of(music_project(), version="Cut 3 (2026-02-27)")
    data = notes_bytes(notes, "pdf", paper="letter", printed=PRINTED)
    assert data.startswith(b"%PDF-")
    golden.check("spotting_night_train.pdf.txt", pdf_text(data))


def test_the_header_names_production_episode_cut_and_rate() -> None:
    project = music_project()
    project = dataclasses.replace(project, picture="/films/nt/NT_101_cut3.mov")
    text = notes_bytes(notes_of(project), "txt", printed=PRINTED).decode()
    assert text.splitlines()[:3] == [
        "Night Train, 101 Pilot: spotting notes",
        "Cut: NT_101_cut3.mov",
        "Frame rate: 23.976   Cues: 8",
    ]


def test_times_round_half_up_to_tenths() -> None:
    rate = parse_rate("24")
    assert [seconds_text(f, rate=rate) for f in (0, 1, 2, 3, 1439, 1440)] == [
        "0:00.0",
        "0:00.0",
        "0:00.1",
        "0:00.1",
        "1:00.0",
        "1:00.0",
    ]


def test_the_temp_on_a_cue_is_named_by_its_file() -> None:
    from scoresync.project.model import CueTemp

    project = music_project()
    cue = project.cue("1M2")
    temp = CueTemp(audio="/temp/library/chase_temp.wav", at_frames=cue.start_frames)
    project = project.replace_cue(cue.number, dataclasses.replace(cue, temp=temp))
    text = notes_bytes(notes_of(project), "txt", printed=PRINTED).decode()
    assert "  temp:  chase_temp.wav\n" in text
    csv_text = notes_bytes(notes_of(project), "csv", printed=PRINTED).decode()
    assert ",writing,chase_temp.wav\r\n" in csv_text
