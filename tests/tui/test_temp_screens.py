"""The Temp screen (T) on the demo's temp piece: its bars against the hits, a bar-line
shift, the fits and one taken as an undoable edit; and the Library screen (L): a search of
a small real index, a fit put on a cue as its temp music."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import replace_text, wait_until

from scoresync.project.fileio import load_project, save_project
from scoresync.temp.demo import with_demo_temp, write_demo_temp_audio
from tests.library.library_support import write_track
from tui.screens.library import LibraryScreen
from tui.screens.main import MainScreen
from tui.screens.temp import TempScreen

SIZE = (150, 45)


@pytest.fixture
def with_temp(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCORESYNC_CACHE_DIR", str(tmp_path / "cache"))
    project = load_project(demo_path).project
    audio = write_demo_temp_audio(demo_path.parent)
    save_project(with_demo_temp(project, audio), demo_path)
    return demo_path


async def _select(pilot, number: str) -> None:  # noqa: ANN001
    await pilot.press("slash")
    await replace_text(pilot, number)
    await pilot.press("down")
    await pilot.pause()


async def test_the_temp_screen_shows_fits_and_takes_one(with_temp: Path, app_for) -> None:
    app = app_for(with_temp)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, "1M3")
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, TempScreen)
        await wait_until(pilot, lambda: screen.placed is not None, seconds=60)
        assert len(screen.placed.analysis.downbeats) == 48
        hits = screen.query_one("#temp-hits")
        assert hits.row_count == 5
        for row in range(hits.row_count):
            number, _tc, lands, nearest, off, _label = map(str, hits.get_row_at(row))
            if nearest == "no music":
                assert lands == "—" and off == ""
                continue
            frames_off = abs(float(off))
            expected = "hit" if frames_off <= 2 else "near" if frames_off <= 4 else "miss"
            assert lands == expected, (number, off, lands)  # as the fits count a hit
        strip = str(screen.query_one("#temp-strip").render())
        assert "[" in strip and "]" in strip and "!" in strip  # cue start, end, must-hit hits
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.working.temp.shift_beats == 1)
        await pilot.press("left_square_bracket")
        await pilot.press("f")
        await wait_until(pilot, lambda: bool(screen.proposals), seconds=60)
        best = screen.proposals[0]
        assert abs(best.end_error_frames) <= 1  # ends on the cue's end, within a frame
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.working.temp.bars == best.bars)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        fitted = app.document.project.cue("1M3").temp
        assert fitted is not None and fitted.bars == best.bars and fitted.stretch == best.stretch
        await pilot.press("ctrl+z")
        assert app.document.project.cue("1M3").temp.bars == ()


async def test_the_temp_screen_without_temp_says_how_to_attach(demo_path: Path, app_for) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, "1M2")
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, TempScreen)
        assert "a attaches an audio file" in str(screen.query_one("#temp-status").render())
        await pilot.press("f")  # nothing to fit: says so, changes nothing
        await pilot.press("escape")
        assert not app.document.dirty


async def test_a_library_fit_becomes_the_cues_temp(
    demo_path: Path, app_for, run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "library.sqlite"
    monkeypatch.setenv("SCORESYNC_LIBRARY", str(index))
    monkeypatch.setenv("SCORESYNC_CACHE_DIR", str(tmp_path / "cache"))
    music = tmp_path / "music"
    for number, bpm in enumerate((96.0, 120.0)):
        write_track(music / f"cue{number}.wav", bpm=bpm, beats_per_bar=4, seconds=30, seed=number)
    added = run_cli("library", "add", str(music), "--workers", "1")
    assert added.code == 0, added.stderr
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, "1M2A")
        await pilot.press("L")
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await replace_text(pilot, "200-300")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not screen.searching)
        assert screen.fits == []  # nothing that fast in the library
        await replace_text(pilot, "")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(screen.fits), seconds=30)
        assert {Path(fit.track.path).name for fit in screen.fits} <= {"cue0.wav", "cue1.wav"}
        chosen = screen.fits[0]
        await pilot.press("enter")  # on the first fit
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        temp = app.document.project.cue("1M2A").temp
        assert temp is not None and temp.audio == chosen.track.path
        assert temp.offset_samples == chosen.offset_samples
