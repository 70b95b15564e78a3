"""The one-line header: project title, frame rate, cursor timecode and the save state."""

from __future__ import annotations

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.widgets.style import span_style

__all__ = ["AppHeader"]


class AppHeader(Widget):
    """Shows what the editor needs at a glance; the screen sets its attributes."""

    COMPONENT_CLASSES = {
        "header--name",
        "header--detail",
        "header--cursor",
        "header--changed",
        "header--unsaved",
        "header--saved",
    }

    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .header--name { color: $background; background: $primary; text-style: bold; }
        & > .header--detail { color: $muted-detail; }
        & > .header--cursor { color: $accent; }
        & > .header--changed { color: $background; background: $warning; text-style: bold; }
        & > .header--unsaved { color: $warning; text-style: bold; }
        & > .header--saved { color: $success; }
    }
    """

    project_title: reactive[str] = reactive("")
    rate_name: reactive[str] = reactive("")
    cursor_tc: reactive[str] = reactive("")
    reel_name: reactive[str] = reactive("")
    dirty: reactive[bool] = reactive(False)
    changed_on_disk: reactive[bool] = reactive(False)

    def _style(self, part: str) -> Style:
        return span_style(self, f"header--{part}")

    def render(self) -> Table:
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(justify="left", ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        detail, cursor = self._style("detail"), self._style("cursor")
        left = Text.assemble(
            (" ♪ scoresync ", self._style("name")),
            " ",
            (self.project_title, "bold"),
            ("  ", ""),
            (f"{self.rate_name} fps", detail),
        )
        right = Text.assemble(
            (f"{self.reel_name}  ", detail),
            ("▶ ", cursor),
            (self.cursor_tc, cursor + Style(bold=True)),
            "  ",
            self._state_text(),
        )
        grid.add_row(left, right)
        return grid

    def _state_text(self) -> Text:
        parts = Text()
        if self.changed_on_disk:
            parts.append(" ⚠ changed on disk ", self._style("changed"))
            parts.append(" ")
        if self.dirty:
            parts.append("● unsaved", self._style("unsaved"))
        else:
            parts.append("✓ saved", self._style("saved"))
        return parts
