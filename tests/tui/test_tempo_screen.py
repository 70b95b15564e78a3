"""The Tempo screen: Find Tempo, candidates, applying a map, the segment editor, leaving.

A tiny host app pushes ``TempoScreen(project, cue_number)`` and records what the screen
is dismissed with. The test cue sits at 01:00:00:00 (24 fps) with its hits exactly on a
120 BPM grid (12 frames a beat) from the cue start.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Coroutine
from fractions import Fraction
from typing import Any

import pytest
from rich.console import Console
from rich.style import Style
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from scoresync.cuetempo.find import (
    CueFindResult,
    FindOptions,
    find_cue_tempo,
    preferred_bpm,
    settled_bpm,
)
from scoresync.cuetempo.listing import BarRow, HitRow
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.project.cuenumber import CueNumber
from scoresync.project.demo import demo_project
from scoresync.project.model import Cue, Hit, Project, Reel
from tempo.common.exact import bpm_text
from tempo.findtempo.model import Candidate, TempoFigures
from tempo.map.ramps import RampShape
from tui.dialogs.entry import ConfirmDialog, EntryDialog
from tui.screens.tempo.screen import TempoScreen
from tui.widgets.barlist import (
    BarList,
    bar_layout,
    bar_lines,
    heading_text,
    hit_token,
    split_nearest,
    tc_text,
)
from tui.widgets.beatgrid import (
    BeatGrid,
    BeatGridView,
    GridHit,
    GridLine,
    bar_label_step,
    bar_number_cells,
    overview_cells,
    ruler_cells,
)
from tui.widgets.candidates import MAX_NICE, CandidatesTable, tempo_offers

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


def driven(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Runs an async Pilot scenario as a plain test (the suite has no async plugin);
    fixtures are passed through."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


class Host(App[None]):
    """Pushes the Tempo screen for one cue and keeps what it is dismissed with."""

    def __init__(self, project: Project, cue_number: str = "1M1") -> None:
        super().__init__()
        self.project = project
        self.cue_number = cue_number
        self.results: list[Cue | None] = []

    def on_mount(self) -> None:
        self.push_screen(TempoScreen(self.project, self.cue_number), self.results.append)


def tempo_screen(app: App[None]) -> TempoScreen:
    """The Tempo screen, which must be the active screen."""
    screen = app.screen
    assert isinstance(screen, TempoScreen)
    return screen


async def find(pilot: Pilot[None]) -> TempoScreen:
    """Press F5 and wait for Find Tempo's answer to be shown."""
    await pilot.press("f5")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return tempo_screen(pilot.app)


def status_text(screen: TempoScreen) -> str:
    return str(screen.query_one("#tempo-status", Static).render())


def form_message(screen: TempoScreen) -> str:
    return str(screen.query_one("#find-message", Static).render())


async def replace_text(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus an input and make its text ``text``, typing the last character as a key."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.value = text[:-1]
    field.cursor_position = len(field.value)
    await pilot.press(text[-1])
    await pilot.pause()


# -- the screen -------------------------------------------------------------------------


@driven
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


@driven
async def test_home_and_end_go_to_the_first_and_last_candidate() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        table = screen.query_one(CandidatesTable)
        table.focus()
        await pilot.press("down", "down")
        assert table.row_count >= 3 and table.cursor_row == 2
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1


@driven
async def test_find_runs_in_a_worker_while_the_screen_stays_responsive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    threads: list[str] = []

    def slow_find(cue: Cue, rate: FrameRate, options: FindOptions) -> CueFindResult:
        threads.append(threading.current_thread().name)
        release.wait(10)
        return find_cue_tempo(cue, rate, options)

    monkeypatch.setattr("tui.screens.tempo.screen.find_cue_tempo", slow_find)
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = tempo_screen(app)
        await pilot.press("f5")
        await pilot.pause()
        table = screen.query_one(CandidatesTable)
        assert table.loading and screen.result is None
        assert [worker.group for worker in app.workers] == ["find-tempo"]
        await replace_text(pilot, "#find-tolerance", "0")
        assert "tolerance" in form_message(screen)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None and not table.loading
        assert threads and threads[0] != threading.main_thread().name


@driven
async def test_n_steps_through_the_nice_tempos_then_the_best_bpm() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        assert screen.result is not None
        nice = screen.result.candidates[0].nice_bpms
        assert nice[0] == 120 and len(nice) >= 2, "whole BPM first, then finer nice tempos"
        second = nice[1]
        table = screen.query_one(CandidatesTable)
        assert table.chosen_bpm(0) == 120
        assert "[120]" in str(table.get_row_at(0)[6])
        await pilot.press("n")
        await pilot.pause()
        assert table.chosen_bpm(0) == second
        assert f"[{bpm_text(second)}]" in str(table.get_row_at(0)[6])
        grid = screen.query_one(BeatGrid).view
        assert grid is not None and bpm_text(second) in grid.caption
        offers = table.offer_count(0)
        assert offers == min(len(nice), MAX_NICE), "the best BPM, 120, is already a nice tempo"
        await pilot.press(*["n"] * offers)
        await pilot.pause()
        assert table.chosen_bpm(0) == second, "a full cycle comes back"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
    (cue,) = app.results
    assert cue is not None and cue.tempo is not None
    assert cue.tempo.map.segments[0].bpm == second


def row_figures(table: CandidatesTable, row: int) -> tuple[str, str]:
    """The h/n/m and RMS cells of a candidate row."""
    cells = table.get_row_at(row)
    return str(cells[4]), str(cells[5])


def grid_figures(screen: TempoScreen, weights: list[float]) -> tuple[str, str]:
    """The h/n/m and weighted RMS of the hits the beat grid shows, as the row shows them."""
    grid = screen.query_one(BeatGrid).view
    assert grid is not None
    statuses = [hit.status for hit in grid.hits]
    caught = [(w, hit) for w, hit in zip(weights, grid.hits, strict=True) if hit.status == "hit"]
    weight = sum(w for w, _ in caught)
    rms = (sum(w * hit.frames_off**2 for w, hit in caught) / weight) ** 0.5
    counts = "/".join(str(statuses.count(s)) for s in ("hit", "near", "miss"))
    return counts, f"{rms:.2f}"


@driven
async def test_the_row_says_the_tempo_applying_stores_with_its_own_figures() -> None:
    """The demo's chase from its first hit: the best fit (207.15) is not what applying
    stores (its nice tempo, 207.25, as tempo find --apply does); the row, the status line,
    the preview and the beat grid all speak of the tempo applied, with the same figures."""
    project = demo_project()
    cue = project.cue("2M2")
    weights = [hit.weight for hit in cue.hits]
    app = Host(project, "2M2")
    async with app.run_test(size=SIZE) as pilot:
        screen = tempo_screen(app)
        await replace_text(pilot, "#find-downbeat", "hit:1")
        screen = await find(pilot)
        assert screen.result is not None
        best = screen.result.candidates[0]
        table = screen.query_one(CandidatesTable)
        applies = preferred_bpm(best)
        assert table.chosen_bpm(0) == applies == best.nice_bpms[0] != settled_bpm(best)
        said = f"{bpm_text(applies)} BPM (best fit {bpm_text(best.bpm)})"
        assert said in status_text(screen)
        grid = screen.query_one(BeatGrid).view
        assert grid is not None and said in grid.caption
        assert row_figures(table, 0) == grid_figures(screen, weights)
        shown = table.chosen_figures(0)
        assert [hit.status for hit in grid.hits] == [r.status for r in shown.per_hit]
        assert row_figures(table, 0)[1] == f"{shown.rms_frames:.2f}"
        offers = table.offer_count(0)
        await pilot.press(*["n"] * (offers - 1))
        await pilot.pause()
        assert table.chosen_bpm(0) == settled_bpm(best), "the best fit comes last"
        assert row_figures(table, 0) == grid_figures(screen, weights)
        await pilot.press("n", "a")
        await pilot.pause()
        assert f"Applied candidate 1 at {said}" in status_text(screen)
        assert screen.working.tempo is not None
        assert screen.working.tempo.map.segments[0].bpm == applies
        rows = screen.query_one(BarList)
        assert rows.row_count > 0


@driven
async def test_bad_min_bpm_is_refused_with_the_reason() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = tempo_screen(app)
        await replace_text(pilot, "#find-min-bpm", "abc")
        assert screen.query_one("#find-min-bpm", Input).has_class("-invalid")
        assert "min BPM" in form_message(screen)
        await pilot.press("f5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is None
        assert screen.query_one(CandidatesTable).row_count == 0
        assert "wrong" in status_text(screen)


@driven
async def test_max_below_min_is_refused_until_corrected() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = tempo_screen(app)
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


@driven
async def test_find_on_a_cue_without_hits_says_why() -> None:
    app = Host(make_project(hits=False))
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        assert screen.result is None
        assert "no hits" in status_text(screen)
        assert screen.query_one("#tempo-status").has_class("-error")


@driven
async def test_hits_before_the_downbeat_are_reported_in_the_screen() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = tempo_screen(app)
        await replace_text(pilot, "#find-downbeat", "hit 3")
        assert not screen.query_one("#find-downbeat", Input).has_class("-invalid")
        screen = await find(pilot)
        assert screen.result is None
        assert "before the downbeat" in status_text(screen)
        await replace_text(pilot, "#find-downbeat", "hit 9")
        assert screen.query_one("#find-downbeat", Input).has_class("-invalid")
        assert "hit:1 to hit:8" in form_message(screen)


@driven
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
        adding = app.screen
        assert isinstance(adding, EntryDialog)
        adding.query_one("#entry-input", Input).value = "beats=16 bpm=120->ab"
        await pilot.press("c")
        await pilot.pause()
        assert "bpm" in str(adding.query_one("#entry-error", Static).render()).lower()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is adding, "a wrong segment is never accepted"
        adding.query_one("#entry-input", Input).value = "beats=16 bpm=120->96 ramp=beats"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        segment_list = screen.query_one("#map-segments", OptionList)
        console = Console(width=80, record=True)
        console.print(segment_list.get_option_at_index(1).prompt)
        assert "ramp=beats" in console.export_text()
        await pilot.press("d")
        await pilot.pause()
    (cue,) = app.results
    assert cue is not None and cue.tempo is not None
    first, ramp = cue.tempo.map.segments
    assert (first.beats, first.bpm) == (16, 120)
    assert (ramp.beats, ramp.bpm, ramp.end_bpm) == (16, 120, 96)
    assert ramp.ramp is RampShape.LINEAR_BEATS


@driven
async def test_downbeat_and_pickup_are_editable_and_deleting_the_last_segment_clears() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        await pilot.press("a", "b")
        await pilot.pause()
        downbeat = app.screen
        assert isinstance(downbeat, EntryDialog)
        downbeat.query_one("#entry-input", Input).value = "hit 1"
        await pilot.press("enter", "p")
        await pilot.pause()
        pickup = app.screen
        assert isinstance(pickup, EntryDialog)
        pickup.query_one("#entry-input", Input).value = "4"
        await pilot.pause()
        assert "less than one bar" in str(pickup.query_one("#entry-error", Static).render())
        pickup.query_one("#entry-input", Input).value = "1"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        bars = screen.query_one(BarList)
        assert str(bars.get_row_at(0)[0]).split()[0] == "0", "a pickup bar comes first"
        assert "01:00:01:00" in str(screen.query_one("#map-placement", Static).render())
        tempo = screen.working.tempo
        assert tempo is not None
        assert tempo.downbeat_frames == START_FRAMES + 2 * BEAT_FRAMES
        assert tempo.map.pickup_beats == 1
        screen.query_one("#map-segments").focus()
        await pilot.press("delete")
        await pilot.pause()
        assert screen.working.tempo is None and bars.row_count == 0
        await pilot.press("d")
        await pilot.pause()
    assert app.results == [None], "back where it started: nothing to record"


@driven
async def test_a_downbeat_more_than_a_bar_outside_is_refused_in_the_dialog() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        screen = await find(pilot)
        await pilot.press("a", "b")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EntryDialog)
        before = screen.working
        dialog.query_one("#entry-input", Input).value = "-10s"
        await pilot.pause()
        reason = str(dialog.query_one("#entry-error", Static).render())
        assert "more than a bar" in reason and "before" in reason
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog, "Enter keeps the dialog open with the reason"
        assert app.is_running and screen.working is before
        dialog.query_one("#entry-input", Input).value = "hit 1"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.working.tempo is not None
        assert screen.working.tempo.downbeat_frames == before.hits[0].frames


@driven
async def test_escape_without_changes_returns_none() -> None:
    app = Host(make_project())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@driven
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


def test_snapshot_after_find(snap_compare: Callable[..., bool]) -> None:
    async def run_find(pilot: Pilot[None]) -> None:
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


def test_bar_numbers_are_labelled_every_few_bars_when_bars_are_narrow() -> None:
    beats = tuple(GridLine(float(bar * 8), bar + 1, True) for bar in range(40))
    view = BeatGridView(0, 320, beats, (), 1.0, "")
    assert bar_label_step(view, 320) == 1
    assert bar_label_step(view, 40) == 4
    cells = "".join(bar_number_cells(view, 40))
    assert cells.split() == ["1", "5", "9", "13", "17", "21", "25", "29", "33", "37"]


def test_nearest_labels_split_into_bar_and_beat() -> None:
    assert split_nearest("5|3") == (5, "3")
    assert split_nearest("0|4.2") == (0, "4.2")
    assert split_nearest("?") is None


def test_a_candidate_offers_its_nice_tempos_then_its_best_bpm() -> None:
    def measure(bpm: Fraction) -> TempoFigures:
        return TempoFigures(bpm, (), 6.0, 6, 1, 1, 0.028, 0.67)

    candidate = Candidate(
        bpm=196.7812,
        interval=(Fraction(19668, 100), Fraction(19696, 100)),
        nice_bpms=(Fraction(787, 4),),
        frame_click="~7-3",
        exact_bpm=Fraction("196.7812"),
        measure=measure,
    )
    assert tempo_offers(candidate) == (Fraction(787, 4), Fraction("196.78"))


@pytest.mark.parametrize(
    ("subframe", "shown"),
    [
        (0.0, "01:00:02:03"),
        (0.001, "01:00:02:03"),
        (0.25, "01:00:02:03+.25"),
        (-0.454, "01:00:02:03-.45"),
    ],
)
def test_bar_timecodes_show_the_subframe(subframe: float, shown: str) -> None:
    assert tc_text("01:00:02:03", subframe) == shown


@pytest.mark.parametrize(
    ("frames_off", "status", "shown"),
    [(-12.68, "miss", "-12.68f"), (-0.12, "hit", "-0.12f"), (1.44, "near", "+1.44f")],
)
def test_a_hit_in_the_bar_list_says_its_status_and_its_figure(
    frames_off: float, status: str, shown: str
) -> None:
    hit = HitRow(3, "gunshot", "01:00:20:14", "17|1", frames_off, status)
    assert hit_token(hit) == ("b1", status, shown, "gunshot")


SHARED_BAR = (
    HitRow(1, "door slam as the train pulls out", "01:00:20:00", "17|1", 0.0, "hit"),
    HitRow(2, "gunshot from the roof", "01:00:20:07", "17|2", -3.2, "miss"),
    HitRow(3, "", "01:00:20:22", "17|3|480", -12.4, "miss"),
)
"""Three hits nearest beats of bar 17, one with no label (shown as ``hit 3``)."""


@pytest.mark.parametrize(
    ("width", "inline", "lines"),
    [
        (
            70,
            True,
            [
                " 17  01:00:20:00  120  4/4    b1     hit   +0.00f door slam as the tr…",
                "                              b2     miss  -3.20f gunshot from the ro…",
                "                              b3|480 miss -12.40f hit 3",
            ],
        ),
        (
            38,
            False,
            [
                " 17  01:00:20:00  120  4/4",
                "     b1     hit   +0.00f door slam as…",
                "     b2     miss  -3.20f gunshot from…",
                "     b3|480 miss -12.40f hit 3",
            ],
        ),
        (
            20,
            False,
            [
                " 17  01:00:20:00  120  4/4",
                "     b1     hit   +0.00f do…",
                "     b2     miss  -3.20f gu…",
                "     b3|480 miss -12.40f hi…",
            ],
        ),
    ],
    ids=["beside", "under", "too narrow"],
)
def test_the_bar_list_writes_every_hit_of_a_bar_whole_and_cuts_only_labels(
    width: int, inline: bool, lines: list[str]
) -> None:
    bar = BarRow(17, 86_880, "01:00:20:00", 20.0, 120.0, "4/4", 0.0)
    layout = bar_layout([bar], SHARED_BAR, width)
    assert layout.inline is inline
    assert layout.width == max(width, 28), "a line too narrow for a bar's columns is widened"
    shown = [line.plain.rstrip() for line in bar_lines(layout, bar, SHARED_BAR, lambda _: Style())]
    assert shown == lines
    assert heading_text(layout).split() == ["bar", "timecode", "BPM", "meter"] + (
        ["hits"] if inline else []
    )


def test_a_long_segment_wraps_under_its_text_not_its_number() -> None:
    from tui.screens.tempo.mapeditor import _numbered

    console = Console(width=30, record=True)
    console.print(_numbered(2, "bars=4 bpm=138->152 ramp=beats meter=4/4 unit=q"))
    lines = console.export_text().rstrip("\n").splitlines()
    assert lines[0].startswith(" 2  bars=4") and len(lines) > 1
    assert all(line.startswith("    ") and line.strip() for line in lines[1:])
