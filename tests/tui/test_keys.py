"""Keys: every binding has an id and a tooltip, users remap keys by id, the help screen and
the command palette are generated from the bindings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandPalette
from tui_support import notices, screen_text

from tui.dialogs.spotting import CueDialog
from tui.keys import PALETTE_ONLY, all_bindings, load_keymap
from tui.screens.help import HelpScreen, help_table
from tui.screens.main import MainScreen

SIZE = (120, 36)
TERMINAL_CONFUSED = {"ctrl+h", "ctrl+i", "ctrl+j", "ctrl+m"}


def test_every_binding_has_a_unique_id_and_a_tooltip() -> None:
    ids = [binding.id for binding in all_bindings()]
    assert all(ids), "every binding needs an id"
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted(i for i in ids if ids.count(i) > 1)}"
    for binding in all_bindings():
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", binding.id or ""), binding.id
        assert binding.tooltip and binding.description, binding.id


def test_no_binding_uses_a_key_terminals_confuse() -> None:
    for binding in all_bindings():
        keys = {key.strip() for key in binding.key.split(",")}
        assert not keys & TERMINAL_CONFUSED, binding.id


def test_keymap_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"cue.new" = "a"\n"edit.undo" = "ctrl+z, u"\n')
    loaded = load_keymap(path)
    assert loaded.keymap == {"cue.new": "a", "edit.undo": "ctrl+z,u"}
    assert loaded.problems == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"cue.nope" = "a"', "unknown binding id 'cue.nope'"),
        ('"cue.new" = "ctrl+h"', "terminals send ctrl+h as Backspace"),
        ('"cue.new" = 3', 'cue.new must be a key such as "ctrl+s"'),
        ("not toml [", "cannot read the keymap"),
    ],
)
def test_keymap_problems_are_reported(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(text)
    loaded = load_keymap(path)
    assert loaded.keymap == {}
    assert len(loaded.problems) == 1 and problem in loaded.problems[0]


def test_missing_keymap_file_is_no_problem(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "absent.toml").problems == []


async def test_remapped_key_works_and_the_old_one_does_not(
    project_path: Path, app_for, tmp_path: Path
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"cue.new" = "a"\n"cue.bogus" = "b"\n')
    app = app_for(project_path, keymap_path=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("unknown binding id 'cue.bogus'" in text for text in notices(app))
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("a")
        assert isinstance(app.screen, CueDialog)


def test_every_screens_keys_are_listed_and_remappable(tmp_path: Path) -> None:
    """The keys of each screen (the Tempo screen's too) are among all_bindings, which the
    help screen lists and the keymap checks ids against."""
    from tui.screens.conform import ConformScreen
    from tui.screens.cuesheet import CueSheetScreen
    from tui.screens.library import LibraryScreen
    from tui.screens.temp import TempScreen
    from tui.screens.tempo.screen import TempoScreen

    listed = {binding.id for binding in all_bindings()}
    for screen in (MainScreen, TempoScreen, TempScreen, LibraryScreen, CueSheetScreen):
        own = {b.id for b in screen.BINDINGS if not isinstance(b, tuple)}
        assert own <= listed, (screen.__name__, own - listed)
    conform = {b.id for b in ConformScreen.BINDINGS if not isinstance(b, tuple)}
    assert conform <= listed
    path = tmp_path / "keymap.toml"
    path.write_text('"tempo.apply" = "y"\n"tempo.done" = "ctrl+d"\n')
    loaded = load_keymap(path)
    assert loaded.problems == [] and loaded.keymap == {"tempo.apply": "y", "tempo.done": "ctrl+d"}


async def test_help_screen_lists_every_binding_by_id(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "cue.new" in screen_text(app) and "Application" in screen_text(app)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)


def test_help_table_is_generated_from_the_bindings_and_the_keymap() -> None:
    console = Console(width=140, record=True)
    console.print(help_table({"cue.new": "ctrl+n"}, lambda b: b.key))
    text = console.export_text()
    for binding in all_bindings():
        assert binding.id in text
    for command in PALETTE_ONLY:
        assert command.title in text
    new_cue_line = next(line for line in text.splitlines() if "cue.new" in line)
    assert new_cue_line.split()[0] == "ctrl+n"


async def test_command_palette_names_commands_by_area(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in titles:
            assert re.fullmatch(r"[a-z]+: [A-Z].*", title), title
        for wanted in (
            "cue: New cue",
            "tempo: Find tempo",
            "edit: Undo",
            "file: Save",
            "export: Click track",
            "export: MIDI tempo map",
            "export: MusicXML",
            "export: Timing sheet",
            "export: Streamers",
        ):
            assert wanted in titles
        assert "hit: Edit hit" not in titles, "no hit is selected, so hit commands do not apply"
        await pilot.press("full_stop")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "hit: Edit hit" in titles


async def test_the_command_palette_does_not_open_over_a_dialog(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, CueDialog)
        await pilot.press("ctrl+p")
        assert app.screen is dialog
        await pilot.press("escape", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)


async def test_footer_shows_the_keys_that_apply_now(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "New cue" in footer and "Save" in footer
        assert "nudge" not in footer.lower()
        active = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "cue.nudge_forward" in active and "hit.nudge_forward" not in active
        await pilot.press("full_stop")
        active = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "hit.nudge_forward" in active and "cue.nudge_forward" not in active
