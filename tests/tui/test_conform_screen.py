"""The Conform screen on the demo and its recut: the cues' statuses, the proposal beside
the old map, choices from the keyboard, the new version written beside the project, and
bad cuts refused with their reason."""

from __future__ import annotations

from pathlib import Path

from tui_support import notices, replace_text, wait_until

from scoresync.conform.cues import Choice, CueChange
from scoresync.conform.demo import write_demo_cuts
from scoresync.project.fileio import load_project
from tui.screens.conform import ConformScreen
from tui.screens.main import MainScreen

SIZE = (150, 45)


async def _open(pilot) -> ConformScreen:  # noqa: ANN001
    await pilot.press("C")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ConformScreen)
    return screen


async def test_conform_the_demo_recut_from_the_keyboard(demo_path: Path, app_for) -> None:
    write_demo_cuts(demo_path.parent)
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("enter")  # the demo's two cuts are offered
        await wait_until(pilot, lambda: screen.result is not None)
        result = screen.result
        assert result is not None
        statuses = {str(item.cue.number): item.status for item in result.cues}
        assert statuses["1M1"] is CueChange.INTERNAL_CUT
        assert statuses["1M4"] is CueChange.DELETED
        status_line = str(screen.query_one("#conform-status").render())
        assert "1 cue needs a decision" in status_line
        # the first cue is the one with the proposal: its story shows it beside the old map
        story = str(screen.query_one("#conform-story").render())
        assert "proposal: picture -00:00:00:14 inside" in story
        assert "old map        proposal" in story
        await pilot.press("p")
        assert screen.choices[result.cues[0].cue.number] is Choice.PROPOSAL
        await pilot.press("n")  # on to the deleted cue
        assert screen.selected_item() is not None
        assert str(screen.selected_item().cue.number) == "1M4"
        await pilot.press("f")  # a deleted cue cannot follow
        await pilot.pause()
        assert any("1M4: cannot follow: its picture is gone" in n for n in notices(app))
        await pilot.press("w")
        await pilot.pause()
        written = demo_path.with_name("night-train.v2.scoresync.json")
        assert written.is_file()
        conformed = load_project(written).project
        assert conformed.cue("1M1").tempo != app.document.project.cue("1M1").tempo
        assert (
            conformed.cue("1M2").start_frames == app.document.project.cue("1M2").start_frames - 14
        )
        assert not app.document.dirty, "the open project is not changed"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_the_change_list_hides_unchanged_and_filters(demo_path: Path, app_for) -> None:
    write_demo_cuts(demo_path.parent)
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.result is not None)
        table = screen.query_one("#conform-changes")
        assert table.row_count == 7
        await pilot.press("u")
        assert table.row_count == 9
        screen.query_one("#change-filter").focus()
        await replace_text(pilot, "replaced")
        assert table.row_count == 1


async def test_a_missing_cut_is_refused_with_its_reason(demo_path: Path, app_for) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await replace_text(pilot, "nowhere.edl")
        await pilot.press("tab")
        await replace_text(pilot, "also-nowhere.edl")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "Not conformed" in str(screen.query_one("#conform-status").render())
        )
        assert "nowhere.edl" in str(screen.query_one("#conform-status").render())
        assert screen.result is None
        await pilot.press("w")  # nothing to write yet
        assert not demo_path.with_name("night-train.v2.scoresync.json").exists()
