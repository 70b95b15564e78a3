"""The theme reaches every widget: switching it recolours what the widgets have drawn.

The colours are read from the lines the widgets render (``Widget.render_lines``), on
the spotting screen underneath and on the Tempo screen on top. The two themes differ in
every colour checked (``textual-dark`` and ``textual-light`` share their ``$error``, so
the light theme here is ``catppuccin-latte``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.segment import Segment
from textual.color import Color
from textual.geometry import Region
from textual.widget import Widget
from tui_support import HOUR, SECOND, small_project

from scoresync.project.fileio import save_project
from scoresync.project.model import CueTempo
from tempo.map.tempomap import TempoMap
from tui.screens.tempo.screen import TempoScreen
from tui.widgets.beatgrid import BeatGrid
from tui.widgets.cue_table import CueTable
from tui.widgets.timeline import Timeline

THEMES = ("textual-dark", "catppuccin-latte")
DOOR_SLAM_FRAMES = HOUR + 12 * SECOND
"""The first hit of 1M1: a plain hit (not a must-hit), so the timeline draws it as ``│``."""


def rendered(widget: Widget) -> list[list[Segment]]:
    """The lines the widget draws now, border and padding included, as segments."""
    return [list(strip) for strip in widget.render_lines(Region(0, 0, *widget.size))]


def colour_of(widget: Widget, text: str) -> Color:
    """The colour of the first segment the widget draws whose text contains ``text``."""
    for line in rendered(widget):
        for segment in line:
            if text in segment.text and segment.style and segment.style.color:
                return Color.from_rich_color(segment.style.color)
    raise AssertionError(f"{text!r} is not drawn")


def colour_at(widget: Widget, x: int, y: int) -> tuple[str, Color]:
    """The character the widget draws at (x, y) of its content region, and its colour."""
    gutter = widget.styles.gutter
    line = rendered(widget)[gutter.top + y]
    cells = [(char, segment.style) for segment in line for char in segment.text]
    char, style = cells[gutter.left + x]
    assert style is not None and style.color is not None
    return char, Color.from_rich_color(style.color)


def theme_colour(app: object, variable: str) -> Color:
    return Color.parse(app.theme_variables[variable])  # type: ignore[attr-defined]


async def test_changing_the_theme_recolours_status_hits_and_misses(tmp_path: Path, app_for) -> None:
    project = small_project()
    opening = project.cues[0]
    slow = CueTempo(opening.start_frames, TempoMap.constant(100, "4/4"))
    path = tmp_path / "film.scoresync.json"
    save_project(replace(project, cues=(replace(opening, tempo=slow), *project.cues[1:])), path)
    app = app_for(path)
    seen: dict[str, dict[str, Color]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TempoScreen)
        grid = app.screen.query_one(BeatGrid)
        assert grid.view is not None
        miss = grid.view.hits[0]
        assert miss.status == "miss", "at 100 BPM the door slam is far from any beat"
        table, timeline = app.main.query_one(CueTable), app.main.query_one(Timeline)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            column = timeline.column_of(DOOR_SLAM_FRAMES, timeline.content_region.width)
            tick, tick_colour = colour_at(timeline, column, 2)
            assert tick == "│"
            seen[theme] = {
                "status": colour_of(table, "writing"),
                "tick": tick_colour,
                "miss": colour_of(grid, f"{miss.frames_off:+.2f}f"),
            }
            assert seen[theme] == {
                "status": theme_colour(app, "status-writing"),
                "tick": theme_colour(app, "foreground"),
                "miss": theme_colour(app, "error"),
            }
    dark, light = (seen[theme] for theme in THEMES)
    for part in ("status", "tick", "miss"):
        assert dark[part] != light[part], part
