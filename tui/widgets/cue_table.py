"""The cue list: one row per cue, sortable by column, filtered by text, coloured by status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.theme import Theme
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import duration_to_tc, frames_to_tc
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueStatus
from scoresync.project.summary import tempo_summary
from tui.keys import TABLE_BINDINGS
from tui.widgets.style import MUST_HIT_MARK, span_style

__all__ = ["SORT_COLUMNS", "CueTable", "filter_cues", "sort_cues"]

STATUS_ORDER = {status: index for index, status in enumerate(CueStatus)}

SORT_KEYS: dict[str, Callable[[Cue], Any]] = {
    "number": lambda cue: cue.number,
    "start": lambda cue: (cue.start_frames, cue.number),
    "title": lambda cue: (cue.title.casefold(), cue.number),
    "duration": lambda cue: (cue.duration_frames, cue.number),
    "hits": lambda cue: (len(cue.hits), cue.number),
    "status": lambda cue: (STATUS_ORDER[cue.status], cue.number),
}
SORT_COLUMNS: tuple[str, ...] = tuple(SORT_KEYS)
"""The columns the sort key cycles through, in order."""


def sort_cues(cues: Sequence[Cue], column: str, reverse: bool = False) -> list[Cue]:
    """Return ``cues`` sorted by ``column`` (one of :data:`SORT_COLUMNS`)."""
    return sorted(cues, key=SORT_KEYS[column], reverse=reverse)


def filter_cues(cues: Sequence[Cue], text: str) -> list[Cue]:
    """Return the cues whose number, title or status contains every word of ``text``."""
    words = text.casefold().split()
    if not words:
        return list(cues)

    def matches(cue: Cue) -> bool:
        haystack = f"{cue.number} {cue.title} {cue.status.value}".casefold()
        return all(word in haystack for word in words)

    return [cue for cue in cues if matches(cue)]


@dataclass(frozen=True)
class Column:
    """A column of the cue list: key, heading, width in cells, right-aligned or not."""

    key: str
    label: str
    width: int
    right: bool = False
    optional: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("number", "Cue", 7),
    Column("title", "Title", 12),
    Column("start", "Start", 11),
    Column("end", "End", 11, optional=True),
    Column("duration", "Duration", 11, right=True),
    Column("hits", "Hits", 5, right=True),
    Column("tempo", "Tempo", 11, optional=True),
    Column("status", "Status", 8),
)
TITLE_MIN = 14
PADDING = 2


def _columns_for(width: int) -> tuple[list[Column], int]:
    """Choose the columns that fit ``width`` cells and the title's width."""
    chosen = list(COLUMNS)
    for optional in ("tempo", "end"):
        fixed = sum(c.width + PADDING for c in chosen if c.key != "title") + PADDING
        if width - fixed >= TITLE_MIN:
            break
        chosen = [c for c in chosen if c.key != optional]
    fixed = sum(c.width + PADDING for c in chosen if c.key != "title") + PADDING
    return chosen, max(TITLE_MIN, width - fixed)


class Cell:
    """A cell's styled text, measured by its length alone (a table of hundreds of cues
    measures every cell; Rich's general measurement is much slower)."""

    __slots__ = ("text",)

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self.text.cell_len
        return Measurement(width, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text


StyleOf = Callable[[str], Style]
"""The style of a part of the list, by name (``must-hit``, ``sort``, a cue status)."""


def _cell(cue: Cue, key: str, rate: FrameRate, style: StyleOf) -> Cell:
    return Cell(_cell_text(cue, key, rate, style))


def _cell_text(cue: Cue, key: str, rate: FrameRate, style: StyleOf) -> Text:
    if key == "number":
        return Text(str(cue.number), style="bold")
    if key == "title":
        return Text(cue.title)
    if key == "start":
        return Text(frames_to_tc(cue.start_frames, rate=rate))
    if key == "end":
        return Text(frames_to_tc(cue.end_frames, rate=rate))
    if key == "duration":
        return Text(duration_to_tc(cue.duration_frames, rate=rate), justify="right")
    if key == "hits":
        must = any(hit.must_hit for hit in cue.hits)
        count = Text(str(len(cue.hits)) if cue.hits else "·", justify="right")
        if must:
            count.append(MUST_HIT_MARK, style=style("must-hit"))
        return count
    if key == "tempo":
        return Text(tempo_summary(cue)) if cue.tempo is not None else Text("—", style="dim")
    return Text(cue.status.value, style=style(cue.status.value))


class CueTable(DataTable[Cell], inherit_bindings=False):
    """The list of cues; rows are keyed by cue number.

    The screen hands it the cues to show (already sorted and filtered) with
    :meth:`show`; it reports the highlighted cue with :class:`CueTable.CueHighlighted`.
    Unchanged rows are left alone, so an edit redraws only the cues it touched; a new
    theme redraws them all.
    """

    BINDINGS: ClassVar[list[BindingType]] = [*TABLE_BINDINGS]

    COMPONENT_CLASSES = {
        "cue-table--must-hit",
        "cue-table--sort",
        *(f"cue-table--{status.value}" for status in CueStatus),
    }

    DEFAULT_CSS = """
    CueTable {
        & > .cue-table--must-hit { color: $accent; }
        & > .cue-table--sort { color: $accent; }
        & > .cue-table--spotted { color: $status-spotted; }
        & > .cue-table--writing { color: $status-writing; }
        & > .cue-table--approved { color: $status-approved; }
        & > .cue-table--recorded { color: $status-recorded; }
        & > .cue-table--mixed { color: $status-mixed; text-style: bold; }
        & > .cue-table--omitted { color: $status-omitted; text-style: strike; }
    }
    """

    class CueHighlighted(Message):
        """The row cursor moved onto a cue (or the list became empty: ``number`` None)."""

        def __init__(self, table: CueTable, number: CueNumber | None) -> None:
            super().__init__()
            self.table = table
            self.number = number

        @property
        def control(self) -> CueTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._cues: list[Cue] = []
        self._rate: FrameRate | None = None
        self._layout: tuple[str, ...] = ()
        self._title_width = 0
        self._sort = ("number", False)
        self._wanted: CueNumber | None = None

    def show(
        self,
        cues: Sequence[Cue],
        rate: FrameRate,
        selected: CueNumber | None,
        sort: tuple[str, bool] = ("number", False),
    ) -> None:
        """Show ``cues`` in the given order and put the row cursor on ``selected``."""
        same_rows = [c.number for c in cues] == [c.number for c in self._cues]
        rebuild = not same_rows or rate != self._rate or sort != self._sort
        self._rate, self._sort = rate, sort
        self._wanted = selected
        if not self.size.width:
            self._cues = list(cues)  # built on the first resize, once the width is known
            return
        if rebuild:
            self._cues = list(cues)
            self._rebuild()
        else:
            self._update_changed(cues)
        self._select(selected)

    def _update_changed(self, cues: Sequence[Cue]) -> None:
        assert self._rate is not None
        for old, new in zip(self._cues, cues, strict=True):
            if old is new:
                continue
            for key in self._layout:
                self.update_cell(str(new.number), key, _cell(new, key, self._rate, self._style))
        self._cues = list(cues)

    def _rebuild(self) -> None:
        columns, title_width = _columns_for(self.scrollable_content_region.width)
        self._title_width = title_width
        self._layout = tuple(c.key for c in columns)
        self.clear(columns=True)
        column, reverse = self._sort
        for c in columns:
            label = Text(c.label, justify="right" if c.right else "left")
            if c.key == column:
                label.append(" ▼" if reverse else " ▲", style=self._style("sort"))
            width = title_width if c.key == "title" else c.width
            self.add_column(label, width=width, key=c.key)
        if self._rate is None:
            return
        rate = self._rate
        for cue in self._cues:
            cells = (_cell(cue, key, rate, self._style) for key in self._layout)
            self.add_row(*cells, key=str(cue.number))

    def _select(self, number: CueNumber | None) -> None:
        if not self._cues:
            self.post_message(self.CueHighlighted(self, None))
            return
        if number is None:
            return
        try:
            row = self.get_row_index(str(number))
        except RowDoesNotExist:  # the cue is filtered out
            return
        if row != self.cursor_row:
            self.move_cursor(row=row, animate=False, scroll=True)

    def _style(self, part: str) -> Style:
        return span_style(self, f"cue-table--{part}")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        if self._layout:
            self._rebuild_keeping_selection()

    def on_resize(self) -> None:
        _columns, title_width = _columns_for(self.scrollable_content_region.width)
        if title_width != self._title_width and self._rate is not None:
            self._rebuild_keeping_selection()

    def _rebuild_keeping_selection(self) -> None:
        selected = self.selected_number if self.row_count else self._wanted
        self._rebuild()
        self._select(selected)

    def shows(self, number: CueNumber) -> bool:
        """True if ``number`` has a row in the list (it is not filtered out)."""
        return any(cue.number == number for cue in self._cues)

    @property
    def selected_number(self) -> CueNumber | None:
        """The cue under the row cursor, or None when the list is empty."""
        if not self._cues or not 0 <= self.cursor_row < len(self._cues):
            return None
        return self._cues[self.cursor_row].number

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is None or event.cursor_row != self.cursor_row:
            return  # stale: the rows were rebuilt or the cursor moved on since
        self.post_message(self.CueHighlighted(self, CueNumber.parse(event.row_key.value)))

    def column_key_at(self, column: ColumnKey) -> str | None:
        """The sort column name of a header the user clicked, if it sorts."""
        return column.value if column.value in SORT_KEYS else None
