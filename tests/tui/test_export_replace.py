"""The export dialogs never write over a project, or any file of another kind, unasked: the
file's note says what it is, Export asks with the command line's wording, No leaves the
file as it was and Yes replaces it.

A small host app pushes the dialog for the demo project saved in a temporary folder; 1M1
"Main Title" and 2M2 "The Chase" have tempo maps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from scoresync.deliver.streamers import CSV_COLUMNS
from scoresync.project.cuenumber import CueNumber
from scoresync.project.demo import demo_project
from scoresync.project.fileio import save_project
from scoresync.project.model import Project
from tui.dialogs.entry import ConfirmDialog
from tui.dialogs.export import ExportDialog
from tui.dialogs.export_all import ExportAllDialog

SIZE = (120, 36)
PROJECT_NAME = "night-train.scoresync.json"


class Host(App[None]):
    """Pushes one export dialog (made by ``make``) and keeps what it is dismissed with."""

    cursor_blink_enabled = False

    def __init__(self, make: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make = make
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), self.results.append)


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Project, Path]:
    project = demo_project()
    path = tmp_path / PROJECT_NAME
    save_project(project, path)
    return project, path


def text_of(screen: Screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def submit(pilot: Pilot[None], field: str) -> None:
    pilot.app.screen.query_one(field, Input).focus()
    await pilot.press("enter")
    await pilot.pause()


async def finish(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_dialog_asks_before_replacing_the_project(saved, tmp_path: Path) -> None:
    project, path = saved
    before = path.read_bytes()
    app = Host(lambda: ExportDialog(project, CueNumber.parse("1M1"), path, kind="midi"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(path)
        await pilot.pause()
        clash = f"{PROJECT_NAME} is a scoresync project, not a MIDI file"
        assert (
            text_of(dialog, "#export-path-note") == f"{clash}; exporting asks before replacing it"
        )

        await submit(pilot, "#export-path")
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert question.question == f"{clash}.\n\nReplace it?"
        await pilot.press("n")  # also Escape; No has the focus
        await finish(pilot)
        assert app.screen is dialog and dialog.result is None
        assert text_of(dialog, "#export-result") == f"{clash}; nothing was written"
        assert path.read_bytes() == before

        await submit(pilot, "#export-path")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await finish(pilot)
        assert dialog.result is not None
    assert path.read_bytes().startswith(b"MThd")


async def test_the_note_follows_the_format_chosen(saved, tmp_path: Path) -> None:
    project, path = saved
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(",".join(CSV_COLUMNS) + "\r\n")  # a streamer list
    app = Host(lambda: ExportDialog(project, CueNumber.parse("1M1"), path, kind="streamers"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#export-path", Input).value = str(sheet)
        await pilot.pause()
        assert text_of(dialog, "#export-path-note") == "sheet.csv exists; exporting replaces it"
        dialog.query_one("#export-kind").value = "timing"  # type: ignore[attr-defined]
        await pilot.pause()
        dialog.query_one("#timing-format").value = "csv"  # type: ignore[attr-defined]
        await pilot.pause()
        assert text_of(dialog, "#export-path-note") == (
            "sheet.csv is a streamer list (CSV), not a timing sheet (CSV); "
            "exporting asks before replacing it"
        )


async def test_export_all_names_the_files_of_another_kind_first(saved, tmp_path: Path) -> None:
    project, path = saved
    folder = tmp_path / "exports"
    folder.mkdir()
    stray = folder / "2M2 The Chase.mid"
    stray.write_bytes(path.read_bytes())
    app = Host(lambda: ExportAllDialog(project, path, kind="midi"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportAllDialog)
        await submit(pilot, "#all-folder")
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        clash = "2M2 The Chase.mid is a scoresync project, not a MIDI file"
        assert question.question == f"{clash}.\n\nReplace it?"
        await pilot.press("escape")
        await finish(pilot)
        assert text_of(dialog, "#all-result") == f"Nothing was written:\n{clash}"
        assert sorted(p.name for p in folder.iterdir()) == ["2M2 The Chase.mid"]

        await submit(pilot, "#all-folder")
        await pilot.press("y")
        await finish(pilot)
        assert dialog.written == 2
    assert stray.read_bytes().startswith(b"MThd")
