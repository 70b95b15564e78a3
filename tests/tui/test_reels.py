"""Reels in the TUI: the list of reels (add, rename, set start, remove when empty), the
timeline showing one reel, new cue numbers following the reel, and the notices for
overlapping cues and hits on one frame."""

from __future__ import annotations

from pathlib import Path

from tui_support import (
    HOUR,
    RATE,
    SECOND,
    notices,
    press_quickly,
    replace_text,
    screen_text,
    type_text,
)

from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, Hit, Project, Reel
from tui.dialogs.reels import ReelFormDialog, ReelsDialog
from tui.dialogs.spotting import CueDialog
from tui.screens.main import MainScreen
from tui.widgets.fields import Field
from tui.widgets.timeline import Timeline

SIZE = (120, 36)
N = CueNumber.parse


def frames(label: str) -> int:
    return tc_to_frames(label, rate=RATE)


def one_reel(tmp_path: Path, *cues: Cue) -> Path:
    """A project as ``scoresync new`` makes it: one reel at the session start."""
    path = tmp_path / "one.scoresync.json"
    project = Project("One reel", RATE, HOUR, (Reel(1, "R1", HOUR),), cues)
    save_project(project, path)
    return path


def timeline_span(app) -> tuple[int, int, int]:  # noqa: ANN001
    view = app.screen.query_one(Timeline).view
    return view.span.reel, view.span.start_frames, view.span.end_frames


async def test_reels_are_added_and_a_cue_there_is_offered_its_number(
    tmp_path: Path, app_for
) -> None:
    path = one_reel(tmp_path, Cue(N("1M1"), "Opening", HOUR + 10 * SECOND, HOUR + 40 * SECOND))
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        assert isinstance(app.screen, ReelsDialog)
        await pilot.press("a")
        assert isinstance(app.screen, ReelFormDialog)
        await replace_text(pilot, "02:00:00:00")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReelsDialog)
        assert app.document.project.reels == (
            Reel(1, "R1", HOUR),
            Reel(2, "R2", frames("02:00:00:00")),
        )
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("g")
        await replace_text(pilot, "02:00:40:00")
        await pilot.press("enter")
        await pilot.press("n")
        assert isinstance(app.screen, CueDialog)
        assert app.screen.number_input.value == "2M1"
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.project.cue("2M1").start_frames == frames("02:00:40:00")
        assert timeline_span(app) == (2, frames("02:00:00:00"), frames("02:02:00:00"))
        await press_quickly(pilot, "less_than_sign")  # back to 1M1: reel 1, one minute long
        assert app.screen.selected == N("1M1")
        assert timeline_span(app) == (1, HOUR, HOUR + 60 * SECOND)
        await pilot.press("ctrl+z")  # undo the cue, then the reel
        await pilot.press("ctrl+z")
        assert len(app.document.project.reels) == 1


async def test_rename_set_start_and_remove_in_the_list(tmp_path: Path, app_for) -> None:
    path = one_reel(tmp_path, Cue(N("1M1"), "", HOUR + 10 * SECOND, HOUR + 40 * SECOND))
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R", "a")
        await replace_text(pilot, "02:00:00:00")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")  # the new reel is under the row cursor
        assert isinstance(app.screen, ReelFormDialog)
        await replace_text(pilot, "Reel two")
        await pilot.press("tab")
        await replace_text(pilot, "01:30:00:00")
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.project.reels[1] == Reel(2, "Reel two", frames("01:30:00:00"))
        await pilot.press("d")
        await pilot.pause()
        assert [r.number for r in app.document.project.reels] == [1]
        await pilot.press("d")  # reel 1 holds 1M1
        await pilot.pause()
        assert [r.number for r in app.document.project.reels] == [1]
        assert any("reel 1 (R1) is not empty: 1M1 starts in it" in n for n in notices(app))


async def test_a_reel_start_out_of_order_is_refused_in_the_form(tmp_path: Path, app_for) -> None:
    path = one_reel(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R", "a")
        await replace_text(pilot, "00:59:00:00")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReelFormDialog), "a start before the session is refused"
        assert field_errors(app) == [
            "reel 2 would start at 00:59:00:00, before the session start 01:00:00:00; start "
            "it at 01:00:00:00 or later"
        ]
        assert len(app.document.project.reels) == 1


async def test_reel_commands_in_the_palette(tmp_path: Path, app_for) -> None:
    path = one_reel(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "reel: Reels",
            "reel: Add reel",
            "reel: Rename reel",
            "reel: Set reel start",
            "reel: Remove reel",
        } <= titles


def field_errors(app) -> list[str]:  # noqa: ANN001
    return [
        str(field.query_one(".field-error").render())
        for field in app.screen.query(Field)
        if field.has_class("-invalid")
    ]


async def test_a_cue_before_the_session_start_is_refused(tmp_path: Path, app_for) -> None:
    path = one_reel(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await replace_text(pilot, "00:59:50:00")
        await pilot.press("enter", "n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CueDialog), "the dialog refuses the start"
        assert field_errors(app) == [
            "cue 1M1 would start at 00:59:50:00, before the session start 01:00:00:00; "
            "start the cue at 01:00:00:00 or later"
        ]
        await replace_text(pilot, "01:00:00:00")  # the wrong field has the focus
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.project.cue("1M1").start_frames == HOUR


async def test_an_overlapping_cue_is_added_with_a_notice(tmp_path: Path, app_for) -> None:
    path = one_reel(tmp_path, Cue(N("1M1"), "", HOUR + 10 * SECOND, HOUR + 40 * SECOND))
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await replace_text(pilot, "01:00:30:00")
        await pilot.press("enter", "n", "enter")
        await pilot.pause()
        assert app.document.project.has_cue("1M2")
        assert (
            "1M2 overlaps 1M1 from 01:00:30:00 for 00:00:10:00. Fine for a segue; otherwise "
            "move the start or end of one of them"
        ) in notices(app)


async def test_a_second_hit_on_one_frame_is_refused(tmp_path: Path, app_for) -> None:
    cue = Cue(N("1M1"), "", HOUR + 10 * SECOND, HOUR + 40 * SECOND, hits=(Hit(HOUR + 12 * SECOND),))
    app = app_for(one_reel(tmp_path, cue))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await replace_text(pilot, "01:00:12:00")
        await pilot.press("enter", "h")
        await type_text(pilot, "")
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.document.project.cue("1M1").hits) == 1
        assert type(app.screen).__name__ == "HitDialog", "the form stays, with the reason"
        assert field_errors(app) == [
            "a hit at 01:00:12:00 is on the frame of hit 1 of 1M1; two hits on one frame are "
            "one sync point: edit hit 1 instead, or choose another frame"
        ]


async def test_going_to_another_reels_timecode_shows_that_reel(demo_path: Path, app_for) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Reel 1  ▶ 01:00:08:00" in screen_text(app)
        await pilot.press("g")
        await replace_text(pilot, "02:00:40:00")
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "Reel 2  ▶ 02:00:40:00" in shown, "the header names the cursor's reel"
        assert "Reel 2 · R2" in shown and "outside this reel" not in shown, "so does the timeline"
        assert app.screen.selected == CueNumber.parse("1M1"), "the selection stays"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CueDialog)
        assert app.screen.number_input.value == "2M1A", "after the source cue 2M1S"
