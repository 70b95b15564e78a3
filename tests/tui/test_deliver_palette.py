"""The command palette's tempo plan, MIDI import and export of every cue, on the demo.

Each command runs as the palette runs it (the system command's callback) on the real app;
the tests check the dialog, the project the document holds afterwards and the files.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from tui_support import notices, replace_text, screen_text, wait_until

from scoresync.deliver.exports import export_midi
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import load_project
from tui.dialogs.export_all import ExportAllDialog
from tui.dialogs.midi_import import MidiImportDialog
from tui.dialogs.plan import PlanDialog
from tui.screens.main import MainScreen
from tui.widgets.fields import Field

SIZE = (120, 36)
N = CueNumber.parse


async def run_command(pilot, title: str) -> None:  # noqa: ANN001
    """Run the palette command called ``title``, as choosing it in the palette does."""
    app = pilot.app
    command = next(c for c in app.get_system_commands(app.screen) if c.title == title)
    ran = command.callback()
    if inspect.isawaitable(ran):  # the palette awaits what the command returns
        await ran
    await pilot.pause()


async def select(pilot, number: str) -> None:  # noqa: ANN001
    """Select cue ``number`` in the list, by filtering on it."""
    await pilot.press("slash")
    await replace_text(pilot, number)
    await pilot.press("down")
    await pilot.pause()
    assert pilot.app.screen.selected == N(number)


async def test_plan_segments_shows_what_it_catches_and_applies_as_one_edit(
    demo_path: Path, app_for
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "1M3")
        assert app.document.project.cue("1M3").tempo is None
        await run_command(pilot, "tempo: Plan segments")
        dialog = app.screen
        assert isinstance(dialog, PlanDialog)
        await wait_until(pilot, lambda: dialog.planned is not None)
        shown = str(dialog.query_one("#plan-result").render())
        assert "of 5 hits caught" in shown and "segment 1:" in shown and "hit 1 " in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        planned = app.document.project.cue("1M3")
        assert planned.tempo is not None and planned.tempo == dialog.planned.tempo
        assert "Applied the planned tempo map to 1M3" in notices(app)
        await pilot.press("ctrl+z")
        assert app.document.project.cue("1M3").tempo is None


async def test_plan_segments_closed_changes_nothing(demo_path: Path, app_for) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        before = app.document.project
        await run_command(pilot, "tempo: Plan segments")
        dialog = app.screen
        assert isinstance(dialog, PlanDialog)
        await wait_until(pilot, lambda: dialog.planned is not None)
        await pilot.press("escape")
        assert app.document.project is before and not app.document.dirty


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_plan_options_read_whole(demo_path: Path, app_for, size: tuple[int, int]) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=size) as pilot:
        await run_command(pilot, "tempo: Plan segments")
        dialog = app.screen
        assert isinstance(dialog, PlanDialog)
        await wait_until(pilot, lambda: dialog.planned is not None)
        shown = screen_text(app)
        assert "Ramps       ▐X▌ allowed" in shown
        assert "Segments    8" in shown and "Jump cost   2" in shown and "Plan again" in shown


def test_the_palette_offers_conform_once() -> None:
    from tui.keys import PALETTE_ONLY, all_bindings

    titles = [command.title for command in PALETTE_ONLY]
    actions = [command.action for command in PALETTE_ONLY]
    assert "conform" not in actions, "the C key's own entry, conform: Conform, is the one"
    assert any(binding.action == "conform" for binding in all_bindings())
    assert len(titles) == len(set(titles))


async def test_import_a_midi_tempo_map_into_the_selected_cue(demo_path: Path, app_for) -> None:
    project = load_project(demo_path).project
    export_midi(project, project.cue("1M1"), demo_path.parent / "from composer.mid")
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "1M3")
        await run_command(pilot, "import: MIDI tempo map")
        assert isinstance(app.screen, MidiImportDialog)
        await replace_text(pilot, "missing.mid")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MidiImportDialog), "a missing file is refused"
        errors = [
            str(f.query_one(".field-error").render())
            for f in app.screen.query(Field)
            if f.has_class("-invalid")
        ]
        assert errors == [f"no file {demo_path.parent / 'missing.mid'}; check the name and folder"]
        await replace_text(pilot, "from composer.mid")
        await pilot.press("tab", "space", "enter")  # keep the cue's downbeat
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        imported = app.document.project.cue("1M3")
        assert imported.tempo is not None
        assert imported.tempo.downbeat_frames == imported.start_frames
        assert imported.tempo.map.segments[0].bpm == 96
        assert any(n.startswith("Read from composer.mid into 1M3") for n in notices(app))
        assert app.document.undo_count == 1


async def test_export_all_cues_into_a_folder(demo_path: Path, app_for) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "export: All cues")
        dialog = app.screen
        assert isinstance(dialog, ExportAllDialog)
        await replace_text(pilot, "for the composer")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not dialog.running and dialog.written == 2)
        folder = demo_path.parent / "for the composer"
        assert sorted(p.name for p in folder.iterdir()) == [
            "1M1 Main Title.mid",
            "2M2 The Chase.mid",
        ]
        shown = str(dialog.query_one("#all-result").render())
        assert shown.startswith(f"Wrote 2 files into {folder}")
        assert "Skipped without a tempo map: 1M2, 1M2A, 1M3, 1M4, 2M1S, 2M3" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert not app.document.dirty


async def test_plan_options_plan_again_and_refuse_what_makes_no_sense(
    demo_path: Path, app_for
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "1M3")
        await run_command(pilot, "tempo: Plan segments")
        dialog = app.screen
        assert isinstance(dialog, PlanDialog)
        await wait_until(pilot, lambda: dialog.planned is not None)
        first = dialog.planned
        dialog.query_one("#plan-segments").value = "0"
        dialog.action_plan_again()
        await pilot.pause()
        shown = str(dialog.query_one("#plan-result").render())
        assert "give a whole number of segments from 1 to 64" in shown
        assert dialog.planned is first, "a refused option leaves the plan as it was"
        dialog.query_one("#plan-segments").value = "1"
        dialog.query_one("#plan-ramps").value = False
        dialog.action_plan_again()
        await wait_until(pilot, lambda: dialog.planned is not None and dialog.planned != first)
        assert dialog.planned.tempo is not None
        assert len(dialog.planned.tempo.map.segments) == 1  # one segment at most
        assert "segment 2:" not in str(dialog.query_one("#plan-result").render())
