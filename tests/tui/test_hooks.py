"""The hooks for screens built elsewhere: Find Tempo and the export dialog.

Stand-in modules take the place of ``tui.screens.tempo.screen`` and ``tui.dialogs.export`` so the
main screen's side of the contract is checked on its own.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.screen import ModalScreen
from textual.widgets import Static

from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Project
from tui.screens.main import MainScreen

SIZE = (120, 36)


class FakeTempoScreen(ModalScreen[Cue | None]):
    """Stands in for the Tempo screen: dismisses with the cue retitled, as if re-mapped."""

    opened: list[tuple[Project, CueNumber]] = []

    def __init__(self, project: Project, cue_number: CueNumber) -> None:
        super().__init__()
        self.opened.append((project, cue_number))
        self.cue = project.cue(cue_number)

    def compose(self):  # noqa: ANN201
        yield Static("tempo")

    def on_mount(self) -> None:
        self.dismiss(dataclasses.replace(self.cue, description="tempo found"))


class FakeExportDialog(ModalScreen[None]):
    """Stands in for the export dialog and records how it was opened."""

    opened: list[tuple[object, ...]] = []

    def __init__(
        self, project: Project, cue_number: CueNumber, project_path: Path, *, kind: str
    ) -> None:
        super().__init__()
        self.opened.append((project, cue_number, project_path, kind))

    def compose(self):  # noqa: ANN201
        yield Static("export")


@pytest.fixture
def fake_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.screens.tempo.screen.TempoScreen", FakeTempoScreen)
    monkeypatch.setattr("tui.dialogs.export.ExportDialog", FakeExportDialog)
    FakeTempoScreen.opened.clear()
    FakeExportDialog.opened.clear()


async def test_find_tempo_result_is_an_undoable_edit(
    project_path: Path, app_for, fake_screens: None
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        before = app.document.project
        await pilot.press("t")
        await pilot.pause()
        assert FakeTempoScreen.opened == [(before, CueNumber.parse("1M1"))]
        assert isinstance(app.screen, MainScreen)
        assert app.document.project.cue("1M1").description == "tempo found"
        await pilot.press("ctrl+z")
        assert app.document.project is before


async def test_export_commands_open_the_dialog_with_the_kind(
    project_path: Path, app_for, fake_screens: None
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        await commands["export: MIDI tempo map"].callback()
        await pilot.pause()
        assert FakeExportDialog.opened == [
            (app.document.project, CueNumber.parse("1M1"), project_path, "midi")
        ]
