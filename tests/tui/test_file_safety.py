"""Safety with the user's work: save and reopen, quit with unsaved edits, autosave and
recovery, and another program changing the file."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from tui_support import (
    notices,
    press_quickly,
    replace_text,
    screen_text,
    small_project,
    wait_until,
)

from scoresync.project.fileio import load_project, save_project
from tui.dialogs.question import ChoiceDialog
from tui.dialogs.saveas import SaveAsDialog
from tui.screens.main import MainScreen
from tui.state import autosave_path_for

SIZE = (120, 36)


def table_rows(app) -> list[str]:  # noqa: ANN001
    """The cue list's rows as shown (number to status), without the details pane."""
    table = app.screen.query_one("#cues")
    width = table.size.width
    lines = screen_text(app).splitlines()[3 : 3 + table.row_count]
    return [line[:width].rstrip() for line in lines]


async def test_save_and_reopen_shows_what_was_saved(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "down", "d", "ctrl+s")
        await pilot.pause()
        assert not app.document.dirty
        assert "Saved film.scoresync.json" in notices(app)
        shown_project, shown_rows = app.document.project, table_rows(app)
        assert "✓ saved" in screen_text(app).splitlines()[0]
    on_disk = load_project(project_path).project
    assert on_disk == shown_project
    assert [str(c.number) for c in on_disk.cues] == ["1M1"]
    assert Path(str(project_path) + ".bak").exists(), "the previous version is kept"
    reopened = app_for(project_path)
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert table_rows(reopened) == shown_rows
        assert reopened.document.project == shown_project


async def test_quit_with_unsaved_edits_asks(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "q")
        assert isinstance(app.screen, ChoiceDialog)
        assert "unsaved changes (1 edit)" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.click("#choice-discard")
        await pilot.pause()
        assert not app.is_running
    assert load_project(project_path).project == small_project()


async def test_quit_and_save(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "q")
        await pilot.click("#choice-save")
        await pilot.pause()
        assert not app.is_running
    assert load_project(project_path).project == app.document.project


async def test_quit_without_edits_does_not_ask(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_autosave_written_then_recovered(project_path: Path, app_for) -> None:
    autosave = autosave_path_for(project_path)
    assert autosave.name == ".film.autosave.json"
    before_on_disk = project_path.read_bytes()
    app = app_for(project_path, autosave_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert autosave.exists()
        assert load_project(autosave).project == app.document.project
        edited = app.document.project
    # the app stopped without saving (as after a crash): the project file is untouched
    assert project_path.read_bytes() == before_on_disk
    os.utime(autosave, ns=(project_path.stat().st_mtime_ns + 10**9,) * 2)

    again = app_for(project_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ChoiceDialog)
        assert "Recover unsaved edits?" in screen_text(again)
        await pilot.click("#choice-recover")
        await pilot.pause()
        assert again.document.project == edited
        assert again.document.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not autosave.exists(), "a real save removes the autosave"
    assert load_project(project_path).project == edited


async def test_recovery_is_offered_after_the_file_changed_since_the_autosave(
    project_path: Path, app_for
) -> None:
    """The TUI died with autosaved edits, then another program saved the project: the
    file is newer than the autosave, but the autosave still holds edits it lacks."""
    autosave = autosave_path_for(project_path)
    project = load_project(project_path).project
    save_project(dataclasses.replace(project, title="Autosaved"), autosave)
    os.utime(autosave, ns=(project_path.stat().st_mtime_ns - 10**9,) * 2)
    loaded = load_project(project_path)
    save_project(loaded.project.without_cue(project.cues[0].number), project_path)
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        text = screen_text(app)
        assert "Recover unsaved edits?" in text
        assert "title changed" in text and f"{project.cues[0].number} added" in text
        await pilot.click("#choice-open")
        await pilot.pause()
        assert autosave.exists(), "opening the saved file keeps the autosave for later"


async def test_recovery_can_be_discarded(project_path: Path, app_for) -> None:
    autosave = autosave_path_for(project_path)
    project = load_project(project_path).project
    save_project(dataclasses.replace(project, title="Autosaved"), autosave)
    os.utime(autosave, ns=(project_path.stat().st_mtime_ns + 10**9,) * 2)
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#choice-discard")
        await pilot.pause()
        assert app.document.project.title == "Test Film"
        assert not autosave.exists()


async def test_undo_back_to_the_saved_file_removes_the_autosave(
    project_path: Path, app_for
) -> None:
    """Edit, wait past the autosave, undo back to "saved", quit: no autosave is left, and
    the next start asks nothing."""
    autosave = autosave_path_for(project_path)
    app = app_for(project_path, autosave_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        await wait_until(pilot, autosave.exists)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+z")
        assert not app.document.dirty
        assert not autosave.exists(), "undo back to the saved file removes the autosave"
        await pilot.pause(0.5)
        assert not autosave.exists(), "and the autosave ticks do not write it again"
        await pilot.press("ctrl+y")
        await wait_until(pilot, autosave.exists)
        assert load_project(autosave).project == app.document.project, "redo: written again"
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+z", "q")
        await pilot.pause()
        assert not app.is_running
    assert not autosave.exists()
    again = app_for(project_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MainScreen)


async def test_recovery_shows_what_differs_and_opens_the_saved_file_by_default(
    project_path: Path, app_for
) -> None:
    autosave = autosave_path_for(project_path)
    saved = load_project(project_path).project
    first = saved.cues[0]
    edited = saved.replace_cue(first.number, dataclasses.replace(first, title="Night"))
    edited = edited.without_cue(saved.cues[1].number)
    save_project(edited, autosave)
    os.utime(autosave, ns=(project_path.stat().st_mtime_ns + 10**9,) * 2)
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        shown = screen_text(app)
        assert "• 1M1: title changed" in shown and "• 1M2 removed" in shown
        assert app.focused is app.screen.query_one("#choice-open")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.project == saved and not app.document.dirty
        assert autosave.exists(), "the autosave is kept for later"


async def test_an_autosave_equal_to_the_saved_file_is_removed_unasked(
    project_path: Path, app_for
) -> None:
    autosave = autosave_path_for(project_path)
    save_project(load_project(project_path).project, autosave)
    os.utime(autosave, ns=(project_path.stat().st_mtime_ns + 10**9,) * 2)
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not autosave.exists()


async def test_the_quit_prompt_counts_the_edits_since_the_save(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await press_quickly(pilot, *["right_square_bracket", "down"] * 15)  # 30 edits
        await pilot.press("ctrl+s", "right_square_bracket", "q")
        assert "unsaved changes (1 edit)" in screen_text(app)
        await pilot.press("escape", "ctrl+z", "ctrl+z", "ctrl+z", "q")
        assert "unsaved changes (2 edits)" in screen_text(app), "undone past the save"
        await pilot.press("escape", "ctrl+y", "ctrl+y")
        assert not app.document.dirty and app.document.edits_since_save == 0
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running, "back at the saved file: nothing to ask"


async def test_stale_autosave_is_not_offered(project_path: Path, app_for) -> None:
    autosave = autosave_path_for(project_path)
    save_project(load_project(project_path).project, autosave)
    os.utime(autosave, ns=(project_path.stat().st_mtime_ns - 10**9,) * 2)
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def _edit_on_disk(path: Path) -> None:
    """Another program changes the title in the file."""
    data = json.loads(path.read_text())
    data["title"] = "Changed Elsewhere"
    path.write_text(json.dumps(data, indent=2))


async def test_external_change_is_noticed_and_save_refuses(project_path: Path, app_for) -> None:
    app = app_for(project_path, poll_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        _edit_on_disk(project_path)
        await pilot.pause(0.4)
        assert any("Another program changed" in text for text in notices(app))
        assert "changed on disk" in screen_text(app).splitlines()[0]
        assert app.document.project.title == "Test Film", "unsaved edits are kept"

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "The file changed on disk" in screen_text(app)
        assert load_project(project_path).project.title == "Changed Elsewhere"
        await pilot.press("escape")
        assert app.document.dirty

        await pilot.press("ctrl+s")
        await pilot.click("#choice-save_as")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsDialog)
        copy = project_path.with_name("film-mine.scoresync.json")
        await replace_text(pilot, str(copy))
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.path == copy and not app.document.dirty
        assert load_project(copy).project == app.document.project
        assert load_project(project_path).project.title == "Changed Elsewhere"


async def test_reload_after_external_change_keeps_edits_undoable(
    project_path: Path, app_for
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        mine = app.document.project
        _edit_on_disk(project_path)
        await pilot.press("ctrl+s")
        await pilot.click("#choice-reload")
        await pilot.pause()
        assert "Drop unsaved edits?" in screen_text(app)
        await pilot.click("#choice-reload")
        await pilot.pause()
        assert app.document.project.title == "Changed Elsewhere"
        assert not app.document.dirty
        await pilot.press("ctrl+z")
        assert app.document.project is mine


async def test_external_change_reloads_silently_without_edits(project_path: Path, app_for) -> None:
    app = app_for(project_path, poll_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _edit_on_disk(project_path)
        await pilot.pause(0.4)
        assert app.document.project.title == "Changed Elsewhere"
        assert "Changed Elsewhere" in screen_text(app).splitlines()[0]
        assert "Reloaded film.scoresync.json" in notices(app)


async def test_deleted_file_is_reported_and_saving_writes_it_again(
    project_path: Path, app_for
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        project_path.unlink()
        app.poll_disk()
        await pilot.pause()
        assert any("moved or deleted" in text for text in notices(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_project(project_path).project == app.document.project


async def test_unreadable_external_change_is_reported_once(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        project_path.write_text("{ not json")
        for _ in range(3):
            app.poll_disk()
            await pilot.pause()
        errors = [text for text in notices(app) if "not valid JSON" in text]
        assert len(errors) == 1
        assert app.document.project.title == "Test Film"
        assert "changed on disk" in screen_text(app).splitlines()[0]
