"""The Cue sheet screen on the demo: the uses in sheet order, a work's parties, findings
beside what they name, the target switch, and exports through the palette, refused on
errors unless asked."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

from tui_support import notices, replace_text, wait_until

from scoresync.project.fileio import load_project, save_project
from tui.dialogs.entry import EntryDialog
from tui.dialogs.question import ChoiceDialog
from tui.screens.cuesheet import CueSheetScreen
from tui.screens.main import MainScreen

SIZE = (150, 45)


async def _open(pilot) -> CueSheetScreen:  # noqa: ANN001
    await pilot.press("S")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CueSheetScreen)
    return screen


def _with_a_bad_share(path: Path) -> None:
    """The demo with its song's first writer at 150 %."""
    project = load_project(path).project
    song = project.music.work("W5")
    parties = (dataclasses.replace(song.parties[0], share=Fraction(150)), *song.parties[1:])
    music = project.music.with_work(dataclasses.replace(song, parties=parties))
    save_project(dataclasses.replace(project, music=music), path)


async def test_the_demo_sheet_is_clean_and_lists_every_use(demo_path: Path, app_for) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        uses = screen.query_one("#sheet-uses")
        assert uses.row_count == 7  # the omitted 1M4 has no use
        assert [str(row.use.cue) for row in screen.sheet.rows][:2] == ["1M1", "1M2"]
        assert screen.findings == []
        assert "no findings" in str(screen.query_one("#sheet-title").render())
        await pilot.press("down", "down", "down", "down")  # 2M1S, the licensed song
        work = str(screen.query_one("#sheet-work-text").render())
        assert "Moonlight Carriage" in work and "Harold Finch" in work and "share 50 %" in work
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_finding_shows_beside_its_party_and_stops_the_export(
    demo_path: Path, app_for
) -> None:
    _with_a_bad_share(demo_path)
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        assert any(f.work == "W5" and f.party == 1 and f.field == "share" for f in screen.findings)
        await pilot.press("down", "down", "down", "down")
        work = str(screen.query_one("#sheet-work-text").render())
        party_one = work.split("1. ")[1].split("2. ")[0]
        assert "error: share" in party_one
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, EntryDialog)
        await replace_text(pilot, "sheet.xlsx")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("escape")  # don't write
        await pilot.pause()
        assert not (demo_path.parent / "sheet.xlsx").exists()
        await pilot.press("x")
        await pilot.pause()
        await replace_text(pilot, "sheet.xlsx")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.click("#choice-write")
        await wait_until(pilot, lambda: (demo_path.parent / "sheet.xlsx").exists())
        await wait_until(pilot, lambda: any("Wrote the cue sheet" in n for n in notices(app)))


async def test_export_from_the_palette_and_the_target_switch(demo_path: Path, app_for) -> None:
    from tests.tui.test_deliver_palette import run_command

    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "export: Spotting notes")
        await pilot.pause()
        assert isinstance(app.screen, EntryDialog)
        await replace_text(pilot, "notes.docx")
        await pilot.press("enter")
        assert isinstance(app.screen, EntryDialog), "an unknown extension is refused"
        await replace_text(pilot, "notes.txt")
        await pilot.press("enter")
        path = demo_path.parent / "notes.txt"
        await wait_until(pilot, path.exists)
        assert "1M1" in path.read_text(encoding="utf-8")
        screen = app.screen
        assert isinstance(screen, CueSheetScreen)
        await pilot.press("t")
        assert screen.target.value == "uk"
        assert "target uk" in str(screen.query_one("#sheet-title").render())
