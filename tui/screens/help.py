"""The list of keys, generated from the bindings themselves (with the user's keymap applied)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import groupby
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.theme import Theme
from textual.widgets import Label, Static

from tui.keys import HELP_BINDINGS, PALETTE_ONLY, all_bindings, area_of
from tui.widgets.footer import KeyFooter
from tui.widgets.style import span_style

__all__ = ["HelpScreen", "help_table"]

AREA_TITLES = {
    "app": "Application",
    "file": "File",
    "edit": "Edit",
    "cue": "Cues",
    "hit": "Hits",
    "cursor": "Cursor",
    "view": "View",
    "list": "Cue list",
    "reel": "Reels",
    "reels": "The list of reels",
    "tempo": "Tempo",
    "temp": "Temp music (T)",
    "library": "Temp library (L)",
    "conform": "Conform (C)",
    "cuesheet": "Cue sheet (S)",
    "export": "Export (command palette)",
    "import": "Import (command palette)",
    "dialog": "Dialogs",
    "help": "This screen",
}


def _keys_text(keys: str, display: object) -> str:
    shown = []
    for key in keys.split(","):
        shown.append(display(Binding(key.strip(), "")))  # type: ignore[operator]
    return "  ".join(shown)


def _plain(_part: str) -> Style:
    return Style()


def help_table(
    keymap: Mapping[str, str], key_display: object, style: Callable[[str], Style] = _plain
) -> RenderableType:
    """Every binding by area: keys (after ``keymap``), id, what it does.

    ``key_display`` formats a :class:`Binding`'s key (the app's ``get_key_display``);
    ``style`` gives the style of the ``keys`` and ``id`` columns and of the ``area`` titles.
    """
    tables: list[RenderableType] = []
    bindings = sorted(all_bindings(), key=lambda b: list(AREA_TITLES).index(area_of(b)))
    rows: list[tuple[str, str, str, str]] = []
    for binding in bindings:
        keys = keymap.get(binding.id or "", binding.key)
        rows.append(
            (
                area_of(binding),
                _keys_text(keys, key_display),
                binding.id or "",
                binding.tooltip or binding.description,
            )
        )
    rows.extend(
        (command.title.partition(":")[0], "ctrl+p", command.title, command.help)
        for command in PALETTE_ONLY
    )
    rows.sort(key=lambda row: list(AREA_TITLES).index(row[0]))
    for area, group in groupby(rows, key=lambda row: row[0]):
        table = Table(box=None, padding=(0, 2, 0, 0), show_header=False, expand=True)
        table.add_column("keys", style=style("keys"), no_wrap=True, width=18)
        table.add_column("id", style=style("id"), no_wrap=True, width=26)
        table.add_column("what", ratio=1)
        for _area, keys, binding_id, what in group:
            table.add_row(keys, binding_id, what)
        tables.extend([Text(AREA_TITLES.get(area, area), style=style("area")), table, Text("")])
    return Group(*tables)


class HelpScreen(ModalScreen[None]):
    """Lists every key; closes with Escape, F1 or q."""

    BINDINGS: ClassVar[list[BindingType]] = [*HELP_BINDINGS]

    COMPONENT_CLASSES = {"help--keys", "help--id", "help--area"}

    DEFAULT_CSS = """
    HelpScreen {
        & > .help--keys { color: $accent; text-style: bold; }
        & > .help--id { color: $muted-label; }
        & > .help--area { color: $primary; text-style: bold; }
    }
    """

    def __init__(self, keymap: Mapping[str, str], keymap_note: str) -> None:
        super().__init__(classes="dialog-screen", id="help")
        self.keymap = dict(keymap)
        self.keymap_note = keymap_note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(id="help-table")
            yield Static(self.keymap_note, classes="dialog-note", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_table()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        self._show_table()

    def _show_table(self) -> None:
        table = help_table(self.keymap, self.app.get_key_display, self._style)
        self.query_one("#help-table", Static).update(table)

    def _style(self, part: str) -> Style:
        return span_style(self, f"help--{part}")
