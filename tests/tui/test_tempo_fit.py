"""The Tempo screen at 120x40 and at 80x24 (where the find side and the map side take
turns at full width): every hit's status and frames off whole in the bar list, every field
of the find form on screen, the whole status sentence, the keys to leave in the key bar,
and no offset that rounds to zero written with a minus.

Each test reads the characters on the screen (:func:`tui_support.screen_text`), as the
user sees them.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static
from tui_support import screen_text

from scoresync.cuetempo.find import hit_rows
from scoresync.picture.rates import parse_rate
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.map.tempomap import TempoMap
from tui.screens.tempo.screen import TempoScreen
from tui.widgets.barlist import BarList, split_nearest
from tui.widgets.beatgrid import BeatGrid, frames_off_text

RATE = parse_rate("24")
START_FRAMES = 86_400
"""01:00:00:00 at 24 fps."""
SIZES = [(120, 40), (80, 24)]

SLOW_BPM = 50
"""28.8 frames a beat at 24 fps: beats fall between frames, and a hit can miss its
nearest beat by more than ten frames."""
SLOW_HITS = (
    (0, "door slam as the train pulls out of the station"),
    (32, "gunshot from the roof of the second carriage"),
    (70, "sparks off the wheels as the train brakes into the tunnel"),
    (230, "whistle"),
    (350, "cut to exterior: the bridge over the river at night"),
)
"""Frames after the cue start and labels: the first three share bar 1 (one caught, two
missed, one by -12.40 frames); every label is longer than the bar list has room for."""


def slow_project() -> Project:
    """Cue 1M1 (01:00:00:00, 20 s) mapped at 50 BPM 4/4 from its start, with
    :data:`SLOW_HITS`."""
    cue = Cue(
        number=CueNumber.parse("1M1"),
        title="Night run",
        start_frames=START_FRAMES,
        end_frames=START_FRAMES + 20 * 24,
        hits=tuple(Hit(START_FRAMES + after, label=label) for after, label in SLOW_HITS),
        tempo=CueTempo(START_FRAMES, TempoMap.constant(SLOW_BPM)),
    )
    return Project("Test", RATE, START_FRAMES, (Reel(1, "Reel 1", START_FRAMES),), (cue,))


NEAR_ZERO_BPM = Fraction(3_600_000, 29_999)
"""A tempo whose 10th beat falls 0.004 frames before the frame 120 frames after the
downbeat (and its 20th beat 0.008 frames before frame 240)."""


def near_zero_project() -> Project:
    """Cue 1M1 with a hit 0.004 frames after its beat (frames off -0.004: shown as zero)
    and one 0.008 frames after (-0.008: a minus, as -0.01)."""
    cue = Cue(
        number=CueNumber.parse("1M1"),
        title="Close",
        start_frames=START_FRAMES,
        end_frames=START_FRAMES + 16 * 24,
        hits=(Hit(START_FRAMES + 120, label="kiss"), Hit(START_FRAMES + 240, label="slap")),
        tempo=CueTempo(START_FRAMES, TempoMap.constant(NEAR_ZERO_BPM)),
    )
    return Project("Test", RATE, START_FRAMES, (Reel(1, "Reel 1", START_FRAMES),), (cue,))


class Host(App[None]):
    """Pushes the Tempo screen for cue 1M1 of ``project``."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def on_mount(self) -> None:
        self.push_screen(TempoScreen(self.project, "1M1"))


def tempo_screen(app: App[None]) -> TempoScreen:
    screen = app.screen
    assert isinstance(screen, TempoScreen)
    return screen


def lines_in(app: App[None], region: Region) -> list[str]:
    """The screen's characters inside ``region``, one string per row."""
    rows = screen_text(app).splitlines()
    return [row[region.x : region.right] for row in rows[region.y : region.bottom]]


async def find(pilot: Pilot[None]) -> TempoScreen:
    await pilot.press("f5")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return tempo_screen(pilot.app)


async def show_map_side(pilot: Pilot[None], size: tuple[int, int]) -> None:
    """In a narrow terminal, switch to the tempo map and bars (F2)."""
    if size[0] < TempoScreen.NARROW_COLUMNS:
        await pilot.press("f2")
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
async def test_every_hit_in_the_bar_list_shows_its_status_and_whole_offset(
    size: tuple[int, int],
) -> None:
    project = slow_project()
    cue = project.cue("1M1")
    rows = hit_rows(cue, RATE)
    assert [row.nearest.split("|")[0] for row in rows[:3]] == ["1", "1", "1"]
    assert rows[2].status == "miss" and f"{rows[2].frames_off:+.2f}" == "-12.40"
    app = Host(project)
    async with app.run_test(size=size) as pilot:
        screen = tempo_screen(app)
        await show_map_side(pilot, size)
        bars = screen.query_one(BarList)
        bars.focus()
        bar_numbers = [int(str(bars.get_row_at(row)[0]).split()[0]) for row in range(3)]
        assert bar_numbers == [1, 2, 3]
        for row in rows:
            place = split_nearest(row.nearest)
            assert place is not None
            bar, beat = place
            bars.move_cursor(row=bar - 1)
            await pilot.pause()
            shown = "\n".join(lines_in(app, bars.region))
            token = (
                rf"b{re.escape(beat)} +{row.status} +{re.escape(f'{row.frames_off:+.2f}f')}"
                rf" +{re.escape(row.label[:4])}"
            )
            assert re.search(token, shown), f"hit {row.index} not whole in\n{shown}"


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
async def test_every_find_field_is_on_screen_and_shows_what_is_typed(
    size: tuple[int, int],
) -> None:
    app = Host(slow_project())
    async with app.run_test(size=size) as pilot:
        screen = tempo_screen(app)
        form = screen.query_one("#find-form")
        fields: list[Widget] = [*form.query(Input), form.query_one(Select)]
        fields.append(form.query_one(Button))
        assert len(fields) == 9
        for field in fields:
            region = field.region
            assert region.width >= 3 and region.height >= 1, field.id
            assert region.right <= size[0] and region.bottom <= size[1], field.id
        downbeat = screen.query_one("#find-downbeat", Input)
        assert downbeat.region.width >= 12, "room for a timecode"
        downbeat.focus()
        await pilot.press("home", "ctrl+k", *"01:00:00:00")
        await pilot.pause()
        assert downbeat.value == "01:00:00:00" and not downbeat.has_class("-invalid")
        (typed,) = lines_in(app, downbeat.region)
        assert "01:00:00:00" in typed
        button = screen.query_one("#find-button", Button)
        (label,) = lines_in(app, button.region)
        assert "Find" in label
        await pilot.click(button)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None
        assert screen.result.options.downbeat == "01:00:00:00"


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
@pytest.mark.parametrize(
    ("downbeat", "starts", "ends"),
    [
        ("start", "10 candidates;", "n picks another tempo."),
        ("hit 3", "2 hits fall before the downbeat", "remove the hits before it"),
    ],
    ids=["found", "refused"],
)
async def test_the_whole_status_sentence_is_on_screen_after_a_find(
    size: tuple[int, int], downbeat: str, starts: str, ends: str
) -> None:
    app = Host(slow_project())
    async with app.run_test(size=size) as pilot:
        screen = tempo_screen(app)
        screen.query_one("#find-downbeat", Input).value = downbeat
        screen = await find(pilot)
        status = screen.query_one("#tempo-status", Static)
        sentence = str(status.render())
        assert sentence.startswith(starts) and sentence.endswith(ends)
        assert len(sentence) > size[0], "the sentence takes more than a line"
        shown = " ".join(line.strip() for line in lines_in(app, status.region))
        assert shown.split() == sentence.split()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
async def test_the_key_bar_keeps_done_cancel_and_the_panel_switch(size: tuple[int, int]) -> None:
    app = Host(slow_project())
    async with app.run_test(size=size) as pilot:
        screen = await find(pilot)
        assert screen.focused is screen.query_one("#candidates")
        key_bar = screen_text(app).splitlines()[-1]
        for key in ("f5 Find", "a Apply", "d Done", "esc Cancel"):
            assert key in key_bar, key
        assert ("f2 Map/Find" in key_bar) == (size[0] < TempoScreen.NARROW_COLUMNS)


@pytest.mark.parametrize(
    ("frames_off", "shown"),
    [
        (-12.68, "-12.68f"),
        (1.444, "+1.44f"),
        (0.0, "+0.00f"),
        (-0.0, "+0.00f"),
        (-0.004, "+0.00f"),
        (0.004, "+0.00f"),
        (-0.006, "-0.01f"),
        (0.125, "+0.13f"),
    ],
)
def test_frames_off_that_round_to_zero_have_no_minus(frames_off: float, shown: str) -> None:
    """Halves round away from zero, as ``tempo find`` and the timing sheet write them."""
    assert frames_off_text(frames_off) == shown


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
async def test_a_hit_a_hair_after_its_beat_reads_plus_zero_in_the_grid_and_the_bars(
    size: tuple[int, int],
) -> None:
    project = near_zero_project()
    offsets = [row.frames_off for row in hit_rows(project.cue("1M1"), RATE)]
    assert offsets == [-0.004, -0.008]
    app = Host(project)
    async with app.run_test(size=size) as pilot:
        screen = tempo_screen(app)
        grid = screen.query_one(BeatGrid)
        grid_lines = lines_in(app, grid.region)
        kiss, slap = (
            next(line for line in grid_lines if label in line) for label in ("kiss", "slap")
        )
        assert "+0.00f" in kiss and "-0.01f" in slap
        await show_map_side(pilot, size)
        bars = screen.query_one(BarList)
        shown = "\n".join(lines_in(app, bars.region))
        assert re.search(r"b3 +hit +\+0\.00f +kiss", shown), shown
        assert re.search(r"b1 +hit +-0\.01f +slap", shown), shown
        assert "-0.00" not in screen_text(app)
