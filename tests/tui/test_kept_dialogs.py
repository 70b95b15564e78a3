"""The cue, hit and export dialogs are built once (ahead, while the keyboard is quiet) and
shown again: each opening looks new (its values, its title, the first field focused with
its text selected) and answers for the cue it was opened on."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input, Static
from tui_support import press_quickly, screen_text, type_text, wait_until

from tui.dialogs.export import ExportDialog
from tui.dialogs.form import FormDialog
from tui.dialogs.kept import built
from tui.dialogs.spotting import CueDialog, HitDialog
from tui.screens.main import MainScreen

SIZE = (120, 36)


async def test_the_hit_dialog_opens_again_as_new(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        first = app.screen
        assert isinstance(first, HitDialog)
        await press_quickly(pilot, "tab", *"half typed", "escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("h")
        assert app.screen is first  # the same widgets, shown again
        assert first.label_input.value == ""
        assert app.focused is first.position
        assert first.position.selected_text == first.position.value == "01:00:10:00"
        await press_quickly(pilot, *"01:00:30:00", "tab", *"shout", "enter")
        assert isinstance(app.screen, MainScreen)
        assert "shout" in [hit.label for hit in app.document.project.cue("1M1").hits]


async def test_the_cue_dialog_shows_the_cue_it_was_opened_on(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, CueDialog)
        assert dialog.number_input.value == "1M1"
        await pilot.press("escape", "down", "e")
        assert app.screen is dialog
        assert str(dialog.query_one(".dialog-title", Static).render()) == "Edit cue 1M2"
        assert (dialog.number_input.value, dialog.title_input.value) == ("1M2", "Chase")
        await press_quickly(pilot, "tab", "end")
        await type_text(pilot, " Two")
        await pilot.press("enter")
        assert app.document.project.cue("1M2").title == "Chase Two"
        assert app.document.project.cue("1M1").title == "Opening"


async def test_the_export_dialog_opens_again_for_another_cue(demo_path: Path, app_for) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("export('midi')", app.main)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path = dialog.query_one("#export-path", Input)
        assert Path(path.value).name == "1M1 Main Title.mid"
        await pilot.press("escape", "down", "down", "down")  # 1M3 has no tempo map
        await app.run_action("export('timing')", app.main)
        await pilot.pause()
        assert app.screen is dialog and dialog.has_class("-problem")
        assert not dialog.query_one("#export-form").display
        await pilot.press("enter")  # Close, the focused button
        await pilot.press("home")  # 1M1 has one
        await app.run_action("export('timing')", app.main)
        await pilot.pause()
        assert app.screen is dialog and not dialog.has_class("-problem")
        assert app.focused is path and Path(path.value).name == "1M1 Main Title.pdf"
        assert dialog.query_one("#options-timing").display
        assert not dialog.query_one("#options-midi").display


async def test_the_dialogs_are_built_while_the_keyboard_is_quiet(
    project_path: Path, app_for
) -> None:
    app = app_for(project_path, build_dialogs_ahead=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = screen_text(app)
        kinds = (CueDialog, HitDialog, ExportDialog)
        await wait_until(pilot, lambda: all(built(app, kind) for kind in kinds))
        assert all(built(app, kind) for kind in kinds)
        assert isinstance(app.screen, MainScreen) and app.focused is app.main.query_one("#cues")
        assert screen_text(app) == before, "nothing of the dialogs was shown"
        hit_dialog = built(app, HitDialog)
        await pilot.press("h")
        assert app.screen is hit_dialog
        title = str(hit_dialog.query_one(".dialog-title", Static).render())
        assert title == "Add a hit to 1M1"
        assert app.focused is hit_dialog.position and hit_dialog.position.selected_text
        await press_quickly(pilot, *"01:00:36:00", "tab", *"rep 6", "enter")
        assert isinstance(app.screen, MainScreen)
        assert "rep 6" in [hit.label for hit in app.document.project.cue("1M1").hits]


async def test_keys_typed_while_a_dialog_is_built_ahead_wait_for_the_main_screen(
    project_path: Path, app_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    mount = FormDialog.on_mount

    async def slow_mount(self: FormDialog) -> None:
        await asyncio.sleep(0.5)
        mount(self)

    monkeypatch.setattr(FormDialog, "on_mount", slow_mount)
    app = app_for(project_path, build_dialogs_ahead=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CueDialog))  # being built
        await press_quickly(pilot, "h", *"01:00:36:00", "tab", *"rep 6", "enter")
        await wait_until(pilot, lambda: "rep 6" in labels(app))
        assert isinstance(app.screen, MainScreen)
        assert "rep 6" in labels(app) and app.document.undo_count == 1


def labels(app) -> list[str]:  # noqa: ANN001
    return [hit.label for hit in app.document.project.cue("1M1").hits]
