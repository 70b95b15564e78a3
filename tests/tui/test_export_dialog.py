"""The export dialog: every kind written and read back, the options, the file checks, a
cue without a tempo map, failures shown in the dialog, and one snapshot.

A small host app pushes ``ExportDialog`` for a cue of the demo project (saved to a
temporary folder) and keeps what the dialog is dismissed with. 1M1 (constant 96 BPM)
and 2M2 (with a ramp) have tempo maps; 1M3 has none.
"""

from __future__ import annotations

import csv
import threading
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import mido
import pytest
import soundfile
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, ProgressBar, Select, Static

from scoresync.deliver.click import ClickReport
from scoresync.deliver.midi import MidiExportReport
from scoresync.errors import ExportError
from scoresync.project.cuenumber import CueNumber
from scoresync.project.demo import demo_project
from scoresync.project.fileio import save_project
from scoresync.project.model import Project
from tui.dialogs.export import ExportDialog
from tui.widgets.fields import Field

SIZE = (120, 36)
PROJECT_NAME = "night-train.scoresync.json"


class Host(App[None]):
    """Pushes the export dialog for one cue and keeps what it is dismissed with."""

    cursor_blink_enabled = False

    def __init__(self, project: Project, project_path: Path, number: str, kind: str) -> None:
        super().__init__()
        self.project = project
        self.project_path = project_path
        self.number = CueNumber.parse(number)
        self.kind = kind
        self.results: list[Path | None] = []

    def on_mount(self) -> None:
        dialog = ExportDialog(self.project, self.number, self.project_path, kind=self.kind)
        self.push_screen(dialog, self.results.append)


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Project, Path]:
    """The demo project and the file it was saved to."""
    project = demo_project()
    path = tmp_path / PROJECT_NAME
    save_project(project, path)
    return project, path


def host(saved: tuple[Project, Path], number: str = "1M1", kind: str = "click") -> Host:
    return Host(saved[0], saved[1], number, kind)


def dialog_of(pilot: Pilot[None]) -> ExportDialog:
    screen = pilot.app.screen
    assert isinstance(screen, ExportDialog)
    return screen


def text_of(dialog: ExportDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def choose(pilot: Pilot[None], selector: str, value: object) -> None:
    """Set a select of the dialog, as picking it from the list does."""
    dialog_of(pilot).query_one(selector, Select).value = value
    await pilot.pause()


async def set_text(pilot: Pilot[None], selector: str, text: str) -> None:
    field = dialog_of(pilot).query_one(selector, Input)
    field.value = text
    await pilot.pause()


async def export(pilot: Pilot[None]) -> ExportDialog:
    """Press Enter in the file field and wait for the export to finish."""
    dialog = dialog_of(pilot)
    dialog.query_one("#export-path", Input).focus()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return dialog


def path_of(dialog: ExportDialog) -> Path:
    return Path(dialog.query_one("#export-path", Input).value)


# -- every kind, written and read back --------------------------------------------------


async def test_click_track_is_a_wav_with_the_chosen_format(saved, tmp_path: Path) -> None:
    app = host(saved, "1M1", "click")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert path_of(dialog_of(pilot)) == tmp_path / "1M1 Main Title.wav"
        await choose(pilot, "#click-sample-rate", 44_100)
        await choose(pilot, "#click-bit-depth", "16")
        await choose(pilot, "#click-subdivision", 2)
        await set_text(pilot, "#click-count-in-bars", "1")
        dialog = await export(pilot)
        result = dialog.result
        assert result is not None and isinstance(result.report, ClickReport)
        assert text_of(dialog, "#export-result").startswith(
            f"Wrote {tmp_path / '1M1 Main Title.wav'}"
        )
        await pilot.press("escape")
        await pilot.pause()
    written = tmp_path / "1M1 Main Title.wav"
    info = soundfile.info(str(written))
    assert (info.samplerate, info.subtype, info.channels) == (44_100, "PCM_16", 1)
    assert info.frames == result.report.total_samples
    counts = result.report.counts
    assert counts["subdivision"] >= counts["downbeat"] + counts["beat"] - 1  # an eighth a beat
    assert counts["count_in_downbeat"] == 1 and counts["count_in_beat"] == 3  # one 4/4 bar
    assert app.results == [written]


async def test_midi_tempo_map_opens_and_shows_the_worst_drift(saved, tmp_path: Path) -> None:
    app = host(saved, "2M2", "midi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose(pilot, "#midi-ramp-step", "beat")
        dialog = await export(pilot)
        shown = text_of(dialog, "#export-result")
        report = dialog.result.report  # type: ignore[union-attr]
        assert isinstance(report, MidiExportReport)
    written = tmp_path / "2M2 The Chase.mid"
    midi = mido.MidiFile(written)
    assert (midi.type, midi.ticks_per_beat) == (1, 960)
    tempos = [m for m in midi.tracks[0] if m.type == "set_tempo"]
    assert len(tempos) == report.tempo_events > 1  # the ramp, in steps of a beat
    worst = max(report.hits, key=lambda d: abs(d.drift_seconds))
    assert f"worst hit drift {worst.drift_ms:+.3f} ms: {worst.what}" in shown
    assert abs(worst.drift_ms) < 1
    assert "SMPTE offset" in shown


async def test_musicxml_skeleton_parses_plain_and_compressed(saved, tmp_path: Path) -> None:
    app = host(saved, "1M1", "musicxml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await export(pilot)
        bars = dialog.result.summary["bars"]  # type: ignore[union-attr]
        await choose(pilot, "#musicxml-format", "mxl")
        assert path_of(dialog) == tmp_path / "1M1 Main Title.mxl"
        await export(pilot)
    root = ET.parse(tmp_path / "1M1 Main Title.musicxml").getroot()
    assert root.tag == "score-partwise"
    assert len(root.findall("./part/measure")) == bars > 0
    with zipfile.ZipFile(tmp_path / "1M1 Main Title.mxl") as archive:
        assert "META-INF/container.xml" in archive.namelist()


async def test_timing_sheet_in_each_format(saved, tmp_path: Path) -> None:
    app = host(saved, "1M1", "click")
    rows = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose(pilot, "#export-kind", "timing")
        assert path_of(dialog_of(pilot)).name == "1M1 Main Title.pdf"
        await choose(pilot, "#timing-per", "beat")
        for fmt in ("csv", "pdf", "txt"):
            await choose(pilot, "#timing-format", fmt)
            dialog = await export(pilot)
            assert dialog.written == tmp_path / f"1M1 Main Title.{fmt}"
            rows[fmt] = dialog.result.summary["rows"]  # type: ignore[union-attr]
    text = (tmp_path / "1M1 Main Title.csv").read_text(encoding="utf-8")
    records = list(csv.DictReader(text.splitlines()))
    assert len(records) == rows["csv"] == rows["txt"]
    assert sum(1 for r in records if r["kind"] == "hit") == 7  # 1M1's hits
    assert sum(1 for r in records if r["kind"] == "beat") > 100  # a row per beat
    assert (tmp_path / "1M1 Main Title.pdf").read_bytes().startswith(b"%PDF")
    sheet = (tmp_path / "1M1 Main Title.txt").read_text(encoding="utf-8")
    assert "1M1" in sheet and "one row per beat and per hit" in sheet


async def test_streamers_as_csv_and_midi(saved, tmp_path: Path) -> None:
    app = host(saved, "2M2", "streamers")
    events = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_text(pilot, "#streamers-length", "36f")
        for fmt in ("csv", "midi"):
            await choose(pilot, "#streamers-format", fmt)
            dialog = await export(pilot)
            events[fmt] = dialog.result.summary["events"]  # type: ignore[union-attr]
    text = (tmp_path / "2M2 The Chase streamers.csv").read_text(encoding="utf-8")
    records = list(csv.DictReader(text.splitlines()))
    assert len(records) == events["csv"] == events["midi"]
    streamers = [r for r in records if r["type"] == "streamer"]
    assert [r["colour"] for r in streamers] == ["green", "red"]
    assert all(r["length_frames"] == "36" for r in streamers)
    midi = mido.MidiFile(tmp_path / "2M2 The Chase streamers.mid")
    notes = [m for track in midi.tracks for m in track if m.type == "note_on" and m.velocity]
    assert len(notes) == len(records)


# -- what the dialog refuses -------------------------------------------------------------


async def test_a_cue_without_a_tempo_map_offers_nothing_to_run(saved, tmp_path: Path) -> None:
    app = host(saved, "1M3", "timing")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = dialog_of(pilot)
        assert text_of(dialog, "#export-problem").startswith("1M3 has no tempo map: ")
        assert not dialog.query_one("#export-run").display
        assert not dialog.query_one("#export-form").display
        await pilot.press("enter")  # the focused Close button
        await pilot.pause()
    assert app.results == [None]
    assert sorted(p.name for p in tmp_path.iterdir()) == [PROJECT_NAME]


async def test_a_file_in_a_missing_folder_is_refused_inline(saved, tmp_path: Path) -> None:
    app = host(saved, "1M1", "click")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        target = tmp_path / "missing" / "1M1.wav"
        await set_text(pilot, "#export-path", str(target))
        dialog = await export(pilot)
        field = dialog.query_one("#export-path-field", Field)
        assert field.has_class("-invalid")
        error = str(field.query_one(".field-error", Static).render())
        assert f"the folder {tmp_path / 'missing'} does not exist" in error
        assert dialog.result is None and not dialog.query_one("#export-result").display
        await set_text(pilot, "#export-path", "")
        assert "type the file to write" in str(field.query_one(".field-error", Static).render())
        await set_text(pilot, "#export-path", str(tmp_path))
        assert "it is a folder" in str(field.query_one(".field-error", Static).render())
    assert not target.parent.exists()


async def test_a_wrong_option_is_refused_and_takes_the_focus(saved, tmp_path: Path) -> None:
    app = host(saved, "2M2", "streamers")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_text(pilot, "#streamers-length", "long")
        dialog = await export(pilot)
        assert dialog.result is None
        assert dialog.focused is dialog.query_one("#streamers-length", Input)
        field = dialog.query("Field").filter(".-invalid").first(Field)
        assert "give frames such as 48f or seconds such as 2s" in str(
            field.query_one(".field-error", Static).render()
        )
    assert not (tmp_path / "2M2 The Chase.csv").exists()


async def test_a_relative_name_goes_beside_the_project(saved, tmp_path: Path) -> None:
    app = host(saved, "1M1", "midi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_text(pilot, "#export-path", "tempo.mid")
        await export(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [tmp_path / "tempo.mid"]
    assert mido.MidiFile(tmp_path / "tempo.mid").type == 1


# -- kinds, formats and names ------------------------------------------------------------


async def test_the_file_follows_the_kind_and_format_until_renamed(saved, tmp_path: Path) -> None:
    app = host(saved, "2M2", "click")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = dialog_of(pilot)
        names = []
        for kind in ("midi", "musicxml", "timing", "streamers", "click"):
            await choose(pilot, "#export-kind", kind)
            names.append(path_of(dialog).name)
        assert names == [
            "2M2 The Chase.mid",
            "2M2 The Chase.musicxml",
            "2M2 The Chase.pdf",
            "2M2 The Chase streamers.csv",
            "2M2 The Chase.wav",
        ]
        await set_text(pilot, "#export-path", str(tmp_path / "chase click.wav"))
        await choose(pilot, "#export-kind", "streamers")
        await choose(pilot, "#streamers-format", "midi")
        assert path_of(dialog) == tmp_path / "chase click streamers.mid"
        await set_text(pilot, "#export-path", str(tmp_path / "cues.txt"))
        await choose(pilot, "#streamers-format", "csv")
        assert path_of(dialog) == tmp_path / "cues.txt"  # a name the user chose stays


async def test_an_existing_file_is_named_before_it_is_replaced(saved, tmp_path: Path) -> None:
    (tmp_path / "1M1 Main Title.pdf").write_bytes(b"%PDF-1.4 an older sheet")
    app = host(saved, "1M1", "timing")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = dialog_of(pilot)
        assert text_of(dialog, "#export-path-note") == (
            "1M1 Main Title.pdf exists; exporting replaces it"
        )
        await export(pilot)
        assert text_of(dialog, "#export-path-note") == ""  # the file it just wrote
        await set_text(pilot, "#export-path", str(tmp_path / "other.pdf"))
        await set_text(pilot, "#export-path", str(tmp_path / "1M1 Main Title.pdf"))
        assert text_of(dialog, "#export-path-note") == ""
    assert (tmp_path / "1M1 Main Title.pdf").read_bytes().startswith(b"%PDF")


# -- running and failing -----------------------------------------------------------------


async def test_the_progress_bar_runs_while_the_export_does(saved, monkeypatch) -> None:
    import tui.dialogs.export as module

    release = threading.Event()
    real = module.run_export

    def slow(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "run_export", slow)
    app = host(saved, "1M1", "click")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = dialog_of(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.running and dialog.has_class("-running")
        assert dialog.query_one("#export-progress").display
        assert dialog.query_one(ProgressBar).total is None  # indeterminate
        assert dialog.query_one("#export-run", Button).disabled
        await pilot.press("enter")  # a second Enter while running starts nothing
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not dialog.running and not dialog.query_one("#export-progress").display
        assert dialog.result is not None
        assert dialog.focused is dialog.query_one("#export-close", Button)


FAILURES = [
    (
        ExportError("1M1: the count-in would start before 00:00:00:00; use a shorter count-in"),
        "1M1: the count-in would start before 00:00:00:00; use a shorter count-in",
    ),
    (PermissionError(13, "Permission denied"), "Permission denied; choose a folder you can"),
    (RuntimeError("boom"), "the export failed (RuntimeError: boom)"),
]


async def test_a_failed_export_shows_why_and_the_dialog_stays(saved, monkeypatch) -> None:
    import tui.dialogs.export as module

    errors = iter(error for error, _ in FAILURES)

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise next(errors)

    monkeypatch.setattr(module, "run_export", failing)
    app = host(saved, "1M1", "click")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _, shown in FAILURES:
            dialog = await export(pilot)
            result = dialog.query_one("#export-result", Static)
            assert result.has_class("-error") and shown in str(result.render())
            assert app.screen is dialog and not dialog.running
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


def test_an_unknown_kind_is_a_programming_error(saved) -> None:
    with pytest.raises(ValueError, match="use one of click, midi, musicxml, timing, streamers"):
        ExportDialog(saved[0], CueNumber.parse("1M1"), saved[1], kind="wav")


# -- the look --------------------------------------------------------------------------


def test_snapshot_of_the_click_dialog(saved, monkeypatch, snap_compare) -> None:
    """The file is named relative to the project folder, so the image does not hold the
    temporary path."""
    project, path = saved
    monkeypatch.chdir(path.parent)
    app = Host(project, Path(PROJECT_NAME), "1M1", "click")
    assert snap_compare(app, terminal_size=SIZE)
