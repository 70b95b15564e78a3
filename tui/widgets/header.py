"""The one-line header: project title, frame rate, cursor timecode and the save state."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

__all__ = ["AppHeader"]


class AppHeader(Widget):
    """Shows what the editor needs at a glance; the screen sets its attributes."""

    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    project_title: reactive[str] = reactive("")
    rate_name: reactive[str] = reactive("")
    cursor_tc: reactive[str] = reactive("")
    reel_name: reactive[str] = reactive("")
    dirty: reactive[bool] = reactive(False)
    changed_on_disk: reactive[bool] = reactive(False)

    def render(self) -> Table:
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(justify="left", ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        left = Text.assemble(
            (" ♪ scoresync ", "bold #181c21 on #6f9fc8"),
            " ",
            (self.project_title, "bold"),
            ("  ", ""),
            (f"{self.rate_name} fps", "#9aa5b4"),
        )
        right = Text.assemble(
            (f"{self.reel_name}  ", "#9aa5b4"),
            ("▶ ", "#e0a95f"),
            (self.cursor_tc, "bold #e0a95f"),
            "  ",
            self._state_text(),
        )
        grid.add_row(left, right)
        return grid

    def _state_text(self) -> Text:
        parts = Text()
        if self.changed_on_disk:
            parts.append(" ⚠ changed on disk ", "bold #181c21 on #e0b35f")
            parts.append(" ")
        if self.dirty:
            parts.append("● unsaved", "bold #e0b35f")
        else:
            parts.append("✓ saved", "#8fbf7f")
        return parts
