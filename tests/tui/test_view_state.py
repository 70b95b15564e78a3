"""The view a project was left in (selection, cursor, sort, filter) comes back on opening
it, from a sidecar beside the project; the project file itself is never written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_support import HOUR, RATE, SECOND, notices, type_text

from scoresync.errors import ProjectError
from scoresync.project.cuenumber import CueNumber
from tui.view_state import ViewState, read_view_state, view_path_for, write_view_state
from tui.widgets.cue_table import SORT_COLUMNS
from tui.widgets.filter_input import FilterInput

SIZE = (120, 36)


async def test_quitting_and_opening_again_comes_back_to_the_same_view(
    project_path: Path, app_for
) -> None:
    saved_bytes = project_path.read_bytes()
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right", "right", "shift+right", "O")
        screen = app.main
        assert screen.selected == CueNumber.parse("1M2")
        assert screen.cursor_frames == HOUR + 61 * SECOND + 2
        assert screen.sort == ("number", True)
        await pilot.press("q")
    assert app.return_code == 0
    assert project_path.read_bytes() == saved_bytes
    assert view_path_for(project_path).name == ".film.view.json"

    again = app_for(project_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = again.main
        assert screen.selected == CueNumber.parse("1M2")
        assert screen.cursor_frames == HOUR + 61 * SECOND + 2
        assert screen.sort == ("number", True)
        assert screen.query_one("#cues").selected_number == CueNumber.parse("1M2")
        assert notices(again) == []


async def test_the_filter_comes_back_and_a_deleted_cue_falls_back_to_the_first(
    project_path: Path, app_for
) -> None:
    write_view_state(
        project_path,
        ViewState(CueNumber.parse("9M9"), HOUR + 15 * SECOND, "start", False, "ch"),
        rate=RATE,
    )
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.main
        assert screen.query_one(FilterInput).value == "ch"
        assert [cue.number for cue in screen.visible_cues()] == [CueNumber.parse("1M2")]
        assert screen.selected == CueNumber.parse("1M2")  # the first cue the list shows
        assert screen.sort == ("start", False)
        await pilot.press("slash")
        await type_text(pilot, "x")
        await pilot.press("escape", "q")
    assert read_view_state(project_path, rate=RATE, sort_columns=SORT_COLUMNS).filter_text == ""


async def test_a_corrupt_view_is_reported_and_the_defaults_used(
    project_path: Path, app_for
) -> None:
    view_path_for(project_path).write_text('{"version": 1, "selected": 12}', encoding="utf-8")
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.main.selected == CueNumber.parse("1M1")
        assert app.main.cursor_frames == HOUR + 10 * SECOND
        [notice] = notices(app)
        assert ".film.view.json" in notice and "not readable" in notice


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"version": 2}',
        json.dumps(
            {
                "version": 1,
                "selected": "1M1",
                "cursor": "01:00:00:99",
                "sort_column": "number",
                "sort_reverse": False,
                "filter": "",
            }
        ),
        json.dumps(
            {
                "version": 1,
                "selected": "M",
                "cursor": "01:00:00:00",
                "sort_column": "number",
                "sort_reverse": False,
                "filter": "",
            }
        ),
        json.dumps(
            {
                "version": 1,
                "selected": None,
                "cursor": "01:00:00:00",
                "sort_column": "colour",
                "sort_reverse": False,
                "filter": "",
            }
        ),
    ],
)
def test_read_refuses_a_corrupt_sidecar(tmp_path: Path, text: str) -> None:
    project = tmp_path / "film.scoresync.json"
    view_path_for(project).write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError, match=r"\.film\.view\.json"):
        read_view_state(project, rate=RATE, sort_columns=SORT_COLUMNS)


def test_a_missing_sidecar_reads_as_none_and_a_written_one_round_trips(tmp_path: Path) -> None:
    project = tmp_path / "film.scoresync.json"
    assert read_view_state(project, rate=RATE, sort_columns=SORT_COLUMNS) is None
    view = ViewState(CueNumber.parse("2M4A"), HOUR + 123, "title", True, "train ✓")
    assert write_view_state(project, view, rate=RATE) == tmp_path / ".film.view.json"
    assert read_view_state(project, rate=RATE, sort_columns=SORT_COLUMNS) == view
    assert sorted(p.name for p in tmp_path.iterdir()) == [".film.view.json"]
