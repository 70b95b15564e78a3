"""The Tempo screen: Find Tempo, candidates, applying a map, the segment editor, leaving.

A tiny host app pushes ``TempoScreen(project, cue_number)`` and records what the screen
is dismissed with. The test cue sits at 01:00:00:00 (24 fps) with its hits exactly on a
120 BPM grid (12 frames a beat) from the cue start.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

pytest.importorskip("scoresync.cuetempo")

from textual.app import App  # noqa: E402
from textual.widgets import Input, Static  # noqa: E402

from scoresync.cuenumber import CueNumber  # noqa: E402
from scoresync.model import Cue, Hit, Project, Reel  # noqa: E402
from scoresync.rates import parse_rate  # noqa: E402
from tempo.ramps import RampShape  # noqa: E402
from tui.tempo_dialogs import ConfirmDialog, EntryDialog  # noqa: E402
from tui.tempo_form import normalise_downbeat, parse_pickup  # noqa: E402
from tui.tempo_screen import TempoScreen  # noqa: E402
from tui.widgets.barlist import BarList, split_nearest  # noqa: E402
from tui.widgets.beatgrid import BeatGrid, BeatGridView, GridHit, GridLine  # noqa: E402
from tui.widgets.beatgrid import overview_cells, ruler_cells  # noqa: E402
from tui.widgets.candidates import CandidatesTable  # noqa: E402

RATE = parse_rate("24")
START_FRAMES = 86_400
"""01:00:00:00 at 24 fps."""
BEAT_FRAMES = 12
"""One beat at 120 BPM and 24 fps."""
HIT_BEATS = (2, 3, 5, 8, 13, 17, 22, 27)
SIZE = (120, 36)


def make_project(*, hits: bool = True) -> Project:
    """One reel, cue 1M1 (16 s), hits on beats of a 120 BPM grid from the cue start."""
    cue_hits = (
        tuple(
            Hit(START_FRAMES + beat * BEAT_FRAMES, label=f"hit on beat {beat}")
            for beat in HIT_BEATS
        )
        if hits
        else ()
    )
    cue = Cue(
        number=CueNumber.parse("1M1"),
        title="Chase",
        start_frames=START_FRAMES,
        end_frames=START_FRAMES + 32 * BEAT_FRAMES,
        hits=cue_hits,
    )
    reel = Reel(1, "Reel 1", START_FRAMES)
    return Project("Test", RATE, START_FRAMES, (reel,), (cue,))


class Host(App[None]):
    """Pushes the Tempo screen for one cue and keeps what it is dismissed with."""

    def __init__(self, project: Project, cue_number: str = "1M1") -> None:
        super().__init__()
        self.project = project
        self.cue_number = cue_number
        self.results: list[Cue | None] = []

    def on_mount(self) -> None:
        self.push_screen(TempoScreen(self.project, self.cue_number), self.results.append)


async def find(pilot) -> TempoScreen:  # type: ignore[no-untyped-def]
    """Press F5 and wait for Find Tempo's answer to be shown."""
    await pilot.press("f5")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen


def status_text(screen: TempoScreen) -> str:
    return str(screen.query_one("#tempo-status", Static).render())


def form_message(screen: TempoScreen) -> str:
    return str(screen.query_one("#find-message", Static).render())


async def replace_text(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus an input, empty it and type ``text`` key by key."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()


# -- the screen -------------------------------------------------------------------------


async def test_find_apply_done_returns_the_120_bpm_map() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        table = screen.query_one(CandidatesTable)
        assert table.row_count >= 1
        assert screen.result is not None
        low, high = screen.result.candidates[0].interval
        assert low <= 120 <= high
        interval_cell = str(table.get_row_at(0)[2])
        assert interval_cell == f"{float(low):.2f}-{float(high):.2f}"
        grid = screen.query_one(BeatGrid).view
        assert grid is not None and len(grid.hits) == len(HIT_BEATS)
        assert all(hit.status == "hit" for hit in grid.hits)
        await pilot.press("a")
        await pilot.pause()
        assert screen.query_one(BarList).row_count >= 8
        await pilot.press("d")
        await pilot.pause()
    (cue,) = app.results
    assert cue is not None and cue.tempo is not None
    assert cue.tempo.downbeat_frames == START_FRAMES
    (segment,) = cue.tempo.map.segments
    assert segment.bpm == 120
    assert cue.hits == make_project().cue("1M1").hits


async def test_nice_tempo_is_applied_when_chosen() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        nice = screen.result.candidates[0].nice_bpms
        assert nice, "the 120 BPM candidate offers nice tempos"
        await pilot.press("n")
        await pilot.pause()
        table = screen.query_one(CandidatesTable)
        assert table.chosen_bpm(0) == nice[0]
        assert "[" in str(table.get_row_at(0)[6])
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
    (cue,) = app.results
    assert cue is not None and cue.tempo is not None
    assert cue.tempo.map.segments[0].bpm == nice[0]
    assert 120 in nice


async def test_bad_min_bpm_is_refused_with_the_reason() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await replace_text(pilot, "#find-min-bpm", "abc")
        assert screen.query_one("#find-min-bpm", Input).has_class("-invalid")
        assert "min BPM" in form_message(screen)
        await pilot.press("f5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is None
        assert screen.query_one(CandidatesTable).row_count == 0
        assert "wrong" in status_text(screen)


async def test_max_below_min_is_refused_until_corrected() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await replace_text(pilot, "#find-min-bpm", "200")
        await replace_text(pilot, "#find-max-bpm", "100")
        max_field = screen.query_one("#find-max-bpm", Input)
        assert max_field.has_class("-invalid")
        assert "max BPM must be above min BPM (200)" in form_message(screen)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.result is None
        await replace_text(pilot, "#find-min-bpm", "60")
        assert not max_field.has_class("-invalid")
        await replace_text(pilot, "#find-max-bpm", "180")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None
        assert screen.result.options.min_bpm == 60
        assert screen.result.options.max_bpm == 180


async def test_find_on_a_cue_without_hits_says_why() -> None:
    app = Host(make_project(hits=False))
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        assert screen.result is None
        assert "no hits" in status_text(screen)
        assert screen.query_one("#tempo-status").has_class("-error")


async def test_segment_editor_adds_a_ramp() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        await pilot.press("a")
        await pilot.pause()
        screen.query_one("#map-segments").focus()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EntryDialog)
        entry = dialog.query_one("#entry-input", Input)
        assert "bpm=120" in entry.value
        entry.value = "bars=4 bpm=120 meter=4/4"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EntryDialog)
        await pilot.press(*"beats=16 bpm=120->abc")
        await pilot.pause()
        assert "bpm" in str(dialog.query_one("#entry-error", Static).render()).lower()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog, "a wrong segment is never accepted"
        dialog.query_one("#entry-input", Input).value = "beats=16 bpm=120->96 ramp=beats"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "ramp=beats" in str(screen.query_one("#map-segments").get_option_at_index(1).prompt)
        await pilot.press("d")
        await pilot.pause()
    (cue,) = app.results
    assert cue is not None and cue.tempo is not None
    first, ramp = cue.tempo.map.segments
    assert (first.beats, first.bpm) == (16, 120)
    assert (ramp.beats, ramp.bpm, ramp.end_bpm) == (16, 120, 96)
    assert ramp.ramp is RampShape.LINEAR_BEATS


async def test_escape_without_changes_returns_none() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_escape_after_a_change_asks_before_discarding() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and app.results == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.results == [None]


def test_snapshot_after_find(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_find(pilot) -> None:  # type: ignore[no-untyped-def]
        await find(pilot)

    assert snap_compare(Host(make_project()), terminal_size=SIZE, run_before=run_find)


# -- the parts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frames_off", "marker", "char"),
    [
        (0.0, 8, "●"),
        (0.5, 9, "●"),
        (-1.0, 6, "●"),
        (4.0, 16, "●"),
        (4.3, 16, "▸"),
        (-9.0, 0, "◂"),
    ],
)
def test_ruler_marks_the_hit_where_it_falls(frames_off: float, marker: int, char: str) -> None:
    chars, cell, window = ruler_cells(
        frames_off, reach_frames=4, cells_per_frame=2, tolerance_frames=1
    )
    assert len(chars) == 17 and cell == marker and chars[cell] == char
    assert window == [abs(i - 8) <= 2 for i in range(17)]
    if frames_off != 0:
        assert chars[8] == "│"


def test_overview_shows_bars_beats_and_the_worst_hit_per_cell() -> None:
    beats = tuple(
        GridLine(frames=float(f), bar=f // 40 + 1, is_downbeat=f % 40 == 0)
        for f in range(0, 80, 10)
    )
    hits = (
        GridHit(1, "a", "", 20, 0.0, "hit", "1|3"),
        GridHit(2, "b", "", 21, 2.0, "miss", "1|3"),
    )
    view = BeatGridView(0, 80, beats, hits, 1.0, "")
    chars, statuses = overview_cells(view, 8)
    assert "".join(chars) == "│·▼·│···"
    assert statuses[2] == "miss"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "start"),
        ("Start", "start"),
        ("hit 3", "hit:3"),
        ("h2", "hit:2"),
        ("#4", "hit:4"),
        ("anchor", "anchor"),
        ("01:00:02:00", "01:00:02:00"),
    ],
)
def test_downbeat_text_is_normalised(text: str, expected: str) -> None:
    assert normalise_downbeat(text) == expected


def test_pickup_must_be_less_than_a_bar() -> None:
    from tempo.meter import Meter

    assert parse_pickup("3/2", Meter.parse("4/4"), None) == Fraction(3, 2)
    with pytest.raises(ValueError, match="less than one bar"):
        parse_pickup("2", Meter.parse("6/8"), None)


def test_nearest_labels_split_into_bar_and_beat() -> None:
    assert split_nearest("5|3") == (5, "3")
    assert split_nearest("0|4.2") == (0, "4.2")
    assert split_nearest("?") is None
