"""The main screen's small promises: a hit key with no hit selected says why it does
nothing, and the timeline never shows a cue under a shorter number that names another
cue."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import notices

from scoresync.project.cuenumber import CueNumber
from tui.screens.main import MainScreen
from tui.widgets.timeline import Timeline


@pytest.mark.parametrize("key", ["H", "x", "m"])
async def test_a_hit_key_without_a_selected_hit_says_why(
    project_path: Path, app_for, key: str
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(key)
        assert isinstance(app.screen, MainScreen) and app.main.selected_hit is None
        assert notices(app)[-1:] == ["No hit is selected: , and . select the previous and next hit"]
        assert app.document.undo_count == 0


async def test_a_narrow_timeline_cuts_a_cue_number_with_an_ellipsis(
    demo_path: Path, app_for
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")
        timeline = app.main.query_one(Timeline)
        width = timeline.content_region.width
        lane = timeline.render().plain.splitlines()[1]
        cue = app.document.project.cue(CueNumber.parse("1M2A"))
        first = timeline.column_of(cue.start_frames, width)
        last = timeline.column_of(cue.end_frames - 1, width)
        shown = lane[first : last + 1]
        assert len(shown) < len("1M2A"), "the block is narrower than its number here"
        assert shown == "1M2A"[: len(shown) - 1] + "…"
