"""Keys that arrive in one batch (fast typing, key repeat, a paste, a slow connection) act
in the order they were typed, bound keys (Tab, Backspace, Enter) and characters alike."""

from __future__ import annotations

from pathlib import Path

from tui_support import RATE, press_quickly

from scoresync.picture.timecode import tc_to_frames
from tui.dialogs.spotting import HitDialog
from tui.screens.main import MainScreen

SIZE = (120, 36)


async def test_a_batch_of_keys_fills_the_hit_dialog_in_order(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")  # add a hit to 1M1 (01:00:10:00 - 01:00:40:00)
        assert isinstance(app.screen, HitDialog)
        await press_quickly(
            pilot,
            *["backspace"] * 12,
            *"01:00:30:00",
            "tab",
            *"shout",
            "left",
            "backspace",
            "o",
            "enter",
        )
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        cue = app.document.project.cue("1M1")
        added = [hit for hit in cue.hits if hit.frames == tc_to_frames("01:00:30:00", rate=RATE)]
        assert [hit.label for hit in added] == ["shoot"]
        assert app.document.undo_count == 1
