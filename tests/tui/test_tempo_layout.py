"""The Tempo screen in a narrow, short terminal (80x24): every panel usable, every hit shown."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from project_support import small_project
from textual.geometry import Region
from tui_support import wait_until

from scoresync.project.fileio import save_project
from scoresync.project.model import CueTempo, Hit
from tempo.map.tempomap import TempoMap
from tui.screens.tempo.screen import TempoScreen
from tui.widgets.barlist import BarList
from tui.widgets.beatgrid import BeatGrid


def _text(widget: object) -> str:
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))  # type: ignore[attr-defined]
    return "\n".join("".join(segment.text for segment in line) for line in lines)


async def test_at_80x24_the_find_and_map_sides_take_turns_at_full_width(
    tmp_path: Path, app_for
) -> None:
    project = small_project()
    opening = project.cues[0]
    more = tuple(
        Hit(opening.start_frames + 30 + 40 * n, label=f"extra hit {n}") for n in range(1, 7)
    )
    mapped = replace(
        opening,
        hits=(*opening.hits, *more),
        tempo=CueTempo(opening.start_frames, TempoMap.constant(120)),
    )
    assert len(mapped.hits) == 8
    path = tmp_path / "film.scoresync.json"
    save_project(replace(project, cues=(mapped, *project.cues[1:])), path)
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        first_five = [hit.label for hit in mapped.hits[:5]]

        def grid_shows(labels: list[str]) -> bool:
            grids = app.screen.query(BeatGrid)
            return bool(grids) and all(label in _text(grids.first()) for label in labels)

        # a loaded machine lays the screen out a little later: wait for it, then look
        await wait_until(pilot, lambda: grid_shows(first_five))
        screen = app.screen
        assert isinstance(screen, TempoScreen)
        left, right = screen.query_one("#tempo-left"), screen.query_one("#tempo-right")
        assert screen.has_class("-narrow", "-short")
        assert left.display and not right.display
        grid = screen.query_one(BeatGrid)
        assert grid.size.width >= 70
        assert grid_shows(first_five), "five hits fit at 80x24"
        grid.focus()
        await pilot.press("end")
        await wait_until(pilot, lambda: grid_shows([mapped.hits[-1].label]))
        assert grid_shows([mapped.hits[-1].label]), "the rest scroll into view"
        await pilot.press("f2")
        bars = screen.query_one(BarList)
        await wait_until(pilot, lambda: right.display and bars.size.height >= 8)
        assert right.display and not left.display
        assert bars.size.width >= 70 and bars.size.height >= 8
        assert bars.row_count >= 8
        await pilot.press("f2")
        await wait_until(pilot, lambda: left.display)
        assert left.display and not right.display
