"""The cue list: one row per cue, sortable by column, filtered by text, coloured by status.

The list draws only the rows on screen. It holds the cues it shows (already sorted and
filtered by the screen) and renders a cue's row the first time the row is drawn, keeping
the result per cue object; a project of 10,000 cues costs no more to open, scroll or move
through than one of ten.
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any, ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import duration_to_tc, frames_to_tc
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueStatus
from scoresync.project.summary import tempo_summary
from tui.keys import TABLE_BINDINGS
from tui.widgets.style import MUST_HIT_MARK, span_style

__all__ = ["SORT_COLUMNS", "CueTable", "filter_cues", "prepare_filter", "sort_cues"]

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
    """Return ``cues`` sorted by ``column`` (one of :data:`SORT_COLUMNS`).

    The same tuple of cues (a project's, unchanged while the filter is typed) sorted the
    same way again costs a copy of the order found last time.
    """
    last = _LAST
    if isinstance(cues, tuple) and cues is last.sorted_from and (column, reverse) == last.sort:
        return list(last.sorted)
    ordered = sorted(cues, key=SORT_KEYS[column], reverse=reverse)
    if isinstance(cues, tuple):
        last.sorted_from, last.sort, last.sorted = cues, (column, reverse), ordered
    return list(ordered)


def filter_cues(cues: Sequence[Cue], text: str) -> list[Cue]:
    """Return the cues whose number, title or status contains every word of ``text``.

    Typing narrows: when the words refine the last call's (each of its words is part of
    one of these) over the same cues, only the cues that call kept are looked at again.
    After :func:`prepare_filter` on the same cues, the first letter is such a refinement.
    """
    words = tuple(text.casefold().split())
    source = list(cues)
    if not words:
        return source
    last = _LAST
    refines = all(any(old in new for new in words) for old in last.words)
    if refines and _same(source, last.filtered_from):
        kept, texts = last.kept, last.texts
    else:
        kept, texts = source, _haystacks(source)
    for word in words:  # each word narrows what the one before left
        found = [word in haystack for haystack in texts]
        kept, texts = list(compress(kept, found)), list(compress(texts, found))
    last.filtered_from, last.words, last.kept, last.texts = source, words, kept, texts
    return list(kept)


def prepare_filter(cues: Sequence[Cue]) -> None:
    """Work out the text each of ``cues`` is matched on, before a letter is typed.

    The list calls it when the filter gets the keyboard: in a project of 10,000 cues this
    is the one step of filtering that looks at every cue, and done here it leaves the
    first letter typed to narrow what it finds (see :func:`filter_cues`).
    """
    source = list(cues)
    last = _LAST
    last.filtered_from, last.words, last.kept = source, (), source
    last.texts = _haystacks(source)


def _same(cues: list[Cue], others: list[Cue]) -> bool:
    """Whether two lists hold the very same cue objects in the same order."""
    return len(cues) == len(others) and all(map(operator.is_, cues, others))


class _LastQuery:
    """What :func:`sort_cues` and :func:`filter_cues` found last, reused while the user
    types into the filter of a large project (each letter sorts and filters again)."""

    def __init__(self) -> None:
        self.sorted_from: tuple[Cue, ...] | None = None
        self.sort: tuple[str, bool] = ("", False)
        self.sorted: list[Cue] = []
        self.filtered_from: list[Cue] = []
        self.words: tuple[str, ...] = ()
        self.kept: list[Cue] = []
        """The cues the last filter kept (all of ``filtered_from`` when it matched no
        words)."""
        self.texts: list[str] = []
        """The text each cue of ``kept`` was matched on."""


_LAST = _LastQuery()

_HAYSTACKS: dict[int, str] = {}
"""The text the filter matches each cue on, by the cue's ``id``: typing into the filter of a
10,000-cue project compares strings instead of building them for every letter."""
_HAYSTACK_CUES: dict[int, Cue] = {}
"""The cues whose text :data:`_HAYSTACKS` keeps, by ``id``: kept alive, no other cue can
take one's ``id`` (and a cue is frozen, so its text cannot change). Neither dict holds a
new container per cue, so building them sets off no garbage collection."""
HAYSTACKS_KEPT = 50_000


def _haystacks(cues: list[Cue]) -> list[str]:
    """The text each of ``cues`` is matched on: its number, title and status, casefolded."""
    texts, owners = _HAYSTACKS, _HAYSTACK_CUES
    if len(texts) + len(cues) > HAYSTACKS_KEPT:
        texts.clear()
        owners.clear()
    found = []
    for cue in cues:
        text = texts.get(id(cue))
        if text is None:
            text = f"{cue.number} {cue.title} {cue.status.value}".casefold()
            texts[id(cue)], owners[id(cue)] = text, cue
        found.append(text)
    return found


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
"""Cells around each column's text: one blank on either side."""
HEADER_HEIGHT = 1
"""Lines the column headings take at the top of the list (they do not scroll)."""
CACHED_ROWS = 2000
"""Rendered rows kept; past this, the oldest are dropped (they render again if drawn)."""


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


@dataclass(frozen=True)
class Layout:
    """The columns shown at one width: each column with its text width in cells."""

    columns: tuple[Column, ...]
    widths: tuple[int, ...]

    @classmethod
    def for_width(cls, width: int) -> Layout:
        columns, title_width = _columns_for(width)
        widths = tuple(title_width if c.key == "title" else c.width for c in columns)
        return cls(tuple(columns), widths)

    @property
    def total_width(self) -> int:
        """Cells from the first column's left edge to the last one's right edge."""
        return sum(self.widths) + PADDING * len(self.widths)

    def column_at(self, x: int) -> Column | None:
        """The column drawn at ``x`` cells from the list's left edge, if any."""
        left = 0
        for column, width in zip(self.columns, self.widths, strict=True):
            left += width + PADDING
            if x < left:
                return column
        return None


StyleOf = Callable[[str], Style]
"""The style of a part of the list, by name (``must-hit``, ``sort``, a cue status)."""


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


def _fit(text: Text, width: int, console: Console) -> list[Segment]:
    """The segments of a cell ``width`` cells wide holding ``text`` on one line, with a
    blank either side: cropped when too long, aligned as the text is justified."""
    if "\n" in text.plain:
        text = text.split()[0]
    right = text.justify == "right"
    if right:
        text = text.copy()
        text.rstrip()
    if text.cell_len > width:
        text = text.copy()
        text.truncate(width, overflow="crop")
    gap = " " * (width - text.cell_len)
    if text.style:  # Text.render draws the spans alone; the text's own style goes under them
        text = text.copy()
        text.stylize_before(text.style)
        text.style = ""
    segments = list(text.render(console, end=""))
    if right:
        return [Segment(" " + gap), *segments, Segment(" ")]
    return [Segment(" "), *segments, Segment(gap + " ")]


def _row_segments(
    cue: Cue, layout: Layout, rate: FrameRate, style: StyleOf, console: Console
) -> list[Segment]:
    """A cue's row, column by column, in the styles of its text alone (the row's own
    background, stripe or cursor, goes under it when drawn)."""
    segments: list[Segment] = []
    for column, width in zip(layout.columns, layout.widths, strict=True):
        segments += _fit(_cell_text(cue, column.key, rate, style), width, console)
    return segments


def _header_segments(
    layout: Layout, sort: tuple[str, bool], style: StyleOf, console: Console
) -> list[Segment]:
    """The column headings, with the sort column marked ▲ (ascending) or ▼."""
    sorted_by, reverse = sort
    segments: list[Segment] = []
    for column, width in zip(layout.columns, layout.widths, strict=True):
        label = Text(column.label, justify="right" if column.right else "left")
        if column.key == sorted_by:
            label.append(" ▼" if reverse else " ▲", style=style("sort"))
        segments += _fit(label, width, console)
    return segments


@dataclass(frozen=True)
class RowLook:
    """How a row is drawn over its text: ``under`` goes beneath each cell's own style
    (and fills the blank right of the last column), ``over`` on top of it (the cursor's
    text colour wins over a status colour)."""

    under: Style
    over: Style


class CueTable(ScrollView, inherit_bindings=False):
    """The list of cues, drawn a screen of rows at a time.

    The screen hands it the cues to show (already sorted and filtered) with
    :meth:`show`; it reports the cue under the row cursor with
    :class:`CueTable.CueHighlighted` and a click on a sortable heading with
    :class:`CueTable.HeaderClicked`. Groups of rows may each have a heading line (the
    reel they are in), drawn above the group; the cursor passes over it.

    A row is rendered when first drawn and kept per cue object, so an edit (which
    replaces the cues it touches) redraws only those rows; a new width or theme drops the
    kept rows and renders the ones on screen again.

    Its parts take the component classes of Textual's ``DataTable`` (``datatable--header``,
    ``datatable--cursor``, ``datatable--even-row`` ...), so themes and the app's CSS style
    it like any table.
    """

    BINDINGS: ClassVar[list[BindingType]] = [*TABLE_BINDINGS]
    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--cursor",
        "datatable--hover",
        "datatable--header",
        "datatable--header-hover",
        "datatable--odd-row",
        "datatable--even-row",
        "cue-table--must-hit",
        "cue-table--sort",
        "cue-table--group",
        *(f"cue-table--{status.value}" for status in CueStatus),
    }

    DEFAULT_CSS = """
    CueTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;

        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .datatable--even-row {
            background: $surface-darken-1 40%;
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--header-hover {
            background: $accent 30%;
        }
        & > .datatable--hover {
            background: $block-hover-background;
        }

        & > .cue-table--group { color: $primary; background: $background; text-style: bold; }
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

        def can_replace(self, message: Message) -> bool:
            """A newer highlight makes a queued one from the same list moot."""
            return isinstance(message, CueTable.CueHighlighted) and message.table is self.table

    class HeaderClicked(Message):
        """The heading of a column the list sorts by (one of :data:`SORT_COLUMNS`) was
        clicked."""

        def __init__(self, table: CueTable, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

        @property
        def control(self) -> CueTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cues: list[Cue] = []
        self._row_of: dict[CueNumber, int] | None = None
        self._rate: FrameRate | None = None
        self._sort: tuple[str, bool] = ("number", False)
        self._cursor = 0
        self._hover: int | None = None
        self._layout: Layout | None = None
        self._layout_width = -1
        self._rendered: dict[int, tuple[Cue, list[Segment]]] = {}
        self._groups: tuple[tuple[int, str], ...] = ()
        self._group_firsts: list[int] = []
        """The row of each group's first cue, in order."""
        self._group_lines: list[int] = []
        """The line (below the column headings) of each group heading, in order."""
        self._header: list[Segment] | None = None
        self._looks: dict[tuple[int, bool, bool], RowLook] = {}
        self._blank: Style | None = None

    # -- what the screen sees --------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """The number of rows (cues shown)."""
        return len(self._cues)

    def _line_of(self, row: int) -> int:
        """The line (below the column headings) that cue row ``row`` is drawn on."""
        return row + bisect_right(self._group_firsts, row)

    def _at_line(self, line: int) -> tuple[int | None, str | None]:
        """What line ``line`` (below the column headings) shows: (the cue row, None), or
        (None, a group heading's text), or (None, None) past the last row."""
        lines = self._group_lines
        before = bisect_right(lines, line)
        if before and lines[before - 1] == line:
            return None, self._groups[before - 1][1]
        row = line - before
        return (row, None) if row < len(self._cues) else (None, None)

    def _line_count(self) -> int:
        return len(self._cues) + len(self._groups)

    @property
    def cursor_row(self) -> int:
        """The index of the row under the cursor (0 when the list is empty)."""
        return self._cursor

    @property
    def selected_number(self) -> CueNumber | None:
        """The cue under the row cursor, or None when the list is empty."""
        if not 0 <= self._cursor < len(self._cues):
            return None
        return self._cues[self._cursor].number

    def shows(self, number: CueNumber) -> bool:
        """True if ``number`` has a row in the list (it is not filtered out)."""
        return self._row_index(number) is not None

    def show(
        self,
        cues: Sequence[Cue],
        rate: FrameRate,
        selected: CueNumber | None,
        sort: tuple[str, bool] = ("number", False),
        groups: Sequence[tuple[int, str]] = (),
    ) -> None:
        """Show ``cues`` in the given order and put the row cursor on ``selected``.

        ``groups`` are the group headings to draw: each the row of the first cue of a
        group (in increasing order) and the heading's text.

        Rows whose cue is the same object as before keep what they rendered; with the
        same rows in the same order, only the rows of replaced cues are drawn again.
        """
        groups = tuple(groups)
        old, new = self._cues, list(cues)
        same_rows = len(old) == len(new) and all(
            a is b or a.number == b.number for a, b in zip(old, new, strict=True)
        )
        if rate != self._rate:
            self._rendered.clear()
            self.refresh()
        if sort != self._sort:
            self._header = None
            self.refresh(Region(0, 0, self.size.width, HEADER_HEIGHT))
        self._cues, self._rate, self._sort = new, rate, sort
        if groups != self._groups:
            self._groups = groups
            self._group_firsts = [first for first, _ in groups]
            self._group_lines = [first + index for index, (first, _) in enumerate(groups)]
            same_rows = False  # the lines move
        if same_rows:
            for row, (before, now) in enumerate(zip(old, new, strict=True)):
                if before is not now:
                    self._rendered.pop(id(before), None)
                    self._refresh_row(row)
        else:
            self._row_of = None
            self._update_virtual_size()
            self.refresh()
        # The selected cue's row; with none (or it is filtered out) the cursor stays on the
        # same rows, or goes to the top of new ones.
        found = self._row_index(selected) if selected is not None else None
        row = found if found is not None else (self._cursor if same_rows else 0)
        moved = self._set_cursor(row)
        if not new:
            self.post_message(self.CueHighlighted(self, None))
        elif moved or not same_rows:
            self.post_message(self.CueHighlighted(self, new[self._cursor].number))

    def move_cursor(self, row: int) -> None:
        """Put the row cursor on ``row`` (clamped to the list), scroll it into view and
        report the cue under it if that changed."""
        if self._set_cursor(row) and self._cues:
            self.post_message(self.CueHighlighted(self, self._cues[self._cursor].number))

    def _row_index(self, number: CueNumber) -> int | None:
        cues, cursor = self._cues, self._cursor
        if cursor < len(cues) and cues[cursor].number == number:
            return cursor  # the usual question, answered without indexing every row
        if self._row_of is None:
            self._row_of = {cue.number: row for row, cue in enumerate(self._cues)}
        return self._row_of.get(number)

    def _set_cursor(self, row: int) -> bool:
        """Move the cursor without reporting it; True if it moved."""
        row = max(0, min(row, len(self._cues) - 1))
        before, self._cursor = self._cursor, row
        if before != row:
            self._refresh_row(before)
            self._refresh_row(row)
        self._scroll_to_cursor()
        return before != row

    # -- keys and mouse ----------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self._hide_hover()
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._hide_hover()
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self._hide_hover()
        page = self._page_rows()
        self.scroll_to(y=max(0, self.scroll_offset.y - page), animate=False, force=True)
        self.move_cursor(self._row_near(self._line_of(self._cursor) - page))

    def action_page_down(self) -> None:
        self._hide_hover()
        page = self._page_rows()
        self.scroll_to(y=self.scroll_offset.y + page, animate=False, force=True)
        self.move_cursor(self._row_near(self._line_of(self._cursor) + page))

    def _row_near(self, line: int) -> int:
        """The cue row on ``line``, or the first one below a heading there (clamped)."""
        line = max(0, min(line, self._line_count() - 1))
        row = self._at_line(line)[0]
        return row if row is not None else line - bisect_right(self._group_lines, line) + 1

    def action_scroll_top(self) -> None:
        self._hide_hover()
        self.move_cursor(0)

    def action_scroll_bottom(self) -> None:
        self._hide_hover()
        self.move_cursor(len(self._cues) - 1)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_HEIGHT)

    def _scroll_to_cursor(self) -> None:
        """Scroll the least that brings the cursor's row into view below the headings,
        with its group's heading when that is the line just above."""
        if not self.size.height:
            return  # not laid out yet: done on the first resize
        page = self._page_rows()
        top = self.scroll_offset.y
        line = self._line_of(self._cursor)
        first = line - 1 if line and self._at_line(line - 1)[1] is not None else line
        if first < top:
            self.scroll_to(y=first, animate=False, force=True)
        elif line >= top + page:
            self.scroll_to(y=line - page + 1, animate=False, force=True)

    def _row_at(self, y: int) -> int | None:
        """The cue row drawn on line ``y`` of the list (-1 for the column headings), if
        any (a group heading is none)."""
        if y < HEADER_HEIGHT:
            return -1
        return self._at_line(self.scroll_offset.y + y - HEADER_HEIGHT)[0]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self._row_at(offset.y)
        if row == -1:
            column = self._current_layout().column_at(offset.x + self.scroll_offset.x)
            if column is not None and column.key in SORT_KEYS:
                self.post_message(self.HeaderClicked(self, column.key))
        elif row is not None:
            self.move_cursor(row)
        event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        self._set_hover(None if offset is None else self._row_at(offset.y))

    def on_leave(self, _event: events.Leave) -> None:
        self._hide_hover()

    def _hide_hover(self) -> None:
        self._set_hover(None)

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover:
            before, self._hover = self._hover, row
            for changed in (before, row):
                if changed is not None:
                    self._refresh_row(changed)

    # -- drawing ------------------------------------------------------------------------------

    def _list_width(self) -> int:
        """Cells the columns share: the content width less a vertical scrollbar when the
        rows overflow the height."""
        width, height = self.size
        overflow = self.styles.overflow_y
        if overflow == "scroll" or (
            overflow == "auto" and self._line_count() + HEADER_HEIGHT > height
        ):
            width -= self.styles.scrollbar_size_vertical
        return width

    def _current_layout(self) -> Layout:
        """The columns at the list's width now; a change of them drops the kept rows."""
        width = self._list_width()
        if width != self._layout_width or self._layout is None:
            self._layout_width = width
            layout = Layout.for_width(width)
            if layout != self._layout:
                self._layout = layout
                self._rendered.clear()
                self._header = None
        assert self._layout is not None
        return self._layout

    def _update_virtual_size(self) -> None:
        layout = self._current_layout()
        self.virtual_size = Size(layout.total_width, self._line_count() + HEADER_HEIGHT)

    def on_resize(self, _event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_to_cursor()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rendered.clear()
        self._header = None
        self._looks.clear()
        self._blank = None
        self.refresh()

    def _style(self, part: str) -> Style:
        return span_style(self, f"cue-table--{part}")

    def _refresh_row(self, row: int) -> None:
        """Redraw the line of ``row`` (-1: the headings) if it is on screen."""
        y = HEADER_HEIGHT + self._line_of(row) - self.scroll_offset.y if row >= 0 else 0
        if HEADER_HEIGHT <= y < self.size.height or row < 0:
            self.refresh(Region(0, y, self.size.width, 1))

    def _look(self, row: int) -> RowLook:
        """The styles of row ``row`` (-1: the headings): its stripe, and the cursor or
        the mouse over it."""
        kind = -1 if row < 0 else row % 2
        cursor = row == self._cursor and row >= 0
        hover = row == self._hover
        key = (kind, cursor, hover)
        look = self._looks.get(key)
        if look is None:
            look = self._looks[key] = self._make_look(kind, cursor=cursor, hover=hover)
        return look

    def _blank_style(self) -> Style:
        """The style of the list where no row is drawn (kept: it is worked out from every
        ancestor's style)."""
        if self._blank is None:
            self._blank = self.rich_style
        return self._blank

    def _make_look(self, kind: int, *, cursor: bool, hover: bool) -> RowLook:
        component = self.get_component_rich_style
        base = component(
            "datatable--header"
            if kind < 0
            else ("datatable--odd-row" if kind else "datatable--even-row")
        )
        marks = Style()
        if hover:
            marks += component("datatable--hover")
            if kind < 0:
                marks += component("datatable--header-hover")
        if cursor:
            marks += component("datatable--cursor")
        return RowLook(base + marks, Style.from_color(color=marks.color))

    def _content(self, row: int, layout: Layout) -> list[Segment]:
        """The text of row ``row`` (-1: the headings), rendered once and kept."""
        console = self.app.console
        if row < 0:
            if self._header is None:
                self._header = _header_segments(layout, self._sort, self._style, console)
            return self._header
        cue = self._cues[row]
        kept = self._rendered.get(id(cue))
        if kept is not None and kept[0] is cue:
            return kept[1]
        assert self._rate is not None
        segments = _row_segments(cue, layout, self._rate, self._style, console)
        if len(self._rendered) >= CACHED_ROWS:
            for oldest in list(self._rendered)[: CACHED_ROWS // 4]:
                del self._rendered[oldest]
        self._rendered[id(cue)] = (cue, segments)
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row, heading = (
            (-1, None)
            if y < HEADER_HEIGHT
            else self._at_line(self.scroll_offset.y + y - HEADER_HEIGHT)
        )
        if heading is not None:
            return self._heading_strip(heading, width)
        if row is None or self._rate is None:
            return Strip.blank(width, self._blank_style())
        layout = self._current_layout()
        look = self._look(row)
        segments = Segment.apply_style(self._content(row, layout), look.under, look.over)
        line = [*segments, Segment(" " * max(0, width - layout.total_width), look.under)]
        scroll_x = self.scroll_offset.x
        strip = Strip(line)
        if scroll_x or strip.cell_length > width:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, self._blank_style()).simplify()

    def _heading_strip(self, text: str, width: int) -> Strip:
        """A group heading across the list: ``── text ─────``."""
        style = self.get_component_rich_style("cue-table--group")
        line = [Segment(f"── {text} ", style), Segment("─" * width, style)]
        return Strip(line).crop(0, width).adjust_cell_length(width, style)
