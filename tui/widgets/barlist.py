"""The bar list: every bar of a cue's tempo map with its timecode, tempo and meter, and
the hits that fall nearest one of its beats, each with its status and frames off (the
beat's time minus the hit's).

Every hit takes a line of its own, so a bar that several hits share lists them all. Where
the panel is wide enough the hits sit in a column beside their bar (the first on the bar's
line); in a narrow panel they go on the lines under it. Either way a hit's beat, status and
frames off are written whole, and only its label is cut short (``…``): a figure cut at the
panel's edge could be read as a smaller one that caught.

The rows are plain data from :func:`scoresync.cuetempo.find.bar_rows` and
:func:`scoresync.cuetempo.find.hit_rows`; the widget only lays them out, again whenever
its width changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.theme import Theme
from textual.widgets import DataTable

from tempo.common.exact import bpm_text, signed_text
from tui.widgets.beatgrid import frames_off_text
from tui.widgets.style import span_style

if TYPE_CHECKING:
    from scoresync.cuetempo.find import BarRow, HitRow

__all__ = [
    "STATUSES",
    "BarLayout",
    "BarList",
    "bar_layout",
    "bar_lines",
    "heading_text",
    "hit_token",
    "hits_by_bar",
    "split_nearest",
    "tc_text",
]

STATUSES = ("hit", "near", "miss")
"""The statuses of a hit; each colours its status and frames off (an unknown one as a
miss)."""

GAP = "  "
"""Between two columns."""

MIN_LABEL = 8
"""Cells of its label a hit needs beside its bar; with fewer the hits go under the bar."""

HEADINGS = ("bar", "timecode", "BPM", "meter", "hits")


def split_nearest(nearest: str) -> tuple[int, str] | None:
    """The bar number and the beat text of a ``bar|beat`` label (``"5|3"`` -> ``(5, "3")``),
    or ``None`` when the label has no bar number."""
    bar, separator, beat = nearest.partition("|")
    try:
        return int(bar), (beat if separator else "")
    except ValueError:
        return None


def hits_by_bar(hits: Sequence[HitRow]) -> dict[int, list[HitRow]]:
    """The hits grouped by the bar of their nearest beat, in time order."""
    grouped: dict[int, list[HitRow]] = defaultdict(list)
    for hit in hits:
        place = split_nearest(hit.nearest)
        if place is not None:
            grouped[place[0]].append(hit)
    return dict(grouped)


def tc_text(tc: str, subframe: float) -> str:
    """A bar's timecode with its subframe when the exact time is off the frame:
    ``01:00:02:03`` or ``01:00:02:03+.25`` (frames, -0.5 to +0.5)."""
    offset = signed_text(subframe)
    return tc if offset == "+0.00" else tc + offset.replace("0.", ".", 1)


def hit_token(hit: HitRow) -> tuple[str, str, str, str]:
    """A hit as the bar list shows it: its beat (``b3``), its status, its frames off
    (``-12.68f``) and its label."""
    place = split_nearest(hit.nearest)
    beat = place[1] if place is not None else hit.nearest
    status = hit.status if hit.status in STATUSES else "miss"
    return f"b{beat}", status, frames_off_text(hit.frames_off), hit.label or f"hit {hit.index}"


@dataclass(frozen=True)
class BarLayout:
    """Where the bar list puts things, in cells: the widths of the bar number, timecode,
    BPM and meter columns and of a hit's beat and frames off, the width of a line, and
    whether the hits sit beside their bar (``inline``) or on the lines under it."""

    bar: int
    tc: int
    bpm: int
    meter: int
    beat: int
    offset: int
    width: int
    inline: bool

    @property
    def bar_cells(self) -> int:
        """Cells of a bar's own columns: number, timecode, BPM and meter."""
        return self.bar + self.tc + self.bpm + self.meter + 3 * len(GAP)

    @property
    def hits_at(self) -> int:
        """The cell a hit starts at: the hits column, or under the timecode."""
        return self.bar_cells + len(GAP) if self.inline else self.bar + len(GAP)

    @property
    def figure_cells(self) -> int:
        """Cells of a hit's beat, status and frames off, which are never cut."""
        return self.beat + 1 + max(map(len, STATUSES)) + 1 + self.offset


def _widest(texts: Iterable[str], heading: str = "") -> int:
    return max(len(heading), max((len(text) for text in texts), default=0))


def bar_layout(bars: Sequence[BarRow], hits: Sequence[HitRow], width: int) -> BarLayout:
    """The layout of ``bars`` and their ``hits`` in lines of ``width`` cells: the hits
    beside their bar when a hit's figures and :data:`MIN_LABEL` cells of its label fit
    there, else under it. A line is made wider than ``width`` rather than cut where that
    leaves no room for a bar's columns or a hit's figures."""
    tokens = [hit_token(hit) for hit in hits]
    layout = BarLayout(
        bar=_widest((str(bar.bar) for bar in bars), HEADINGS[0]),
        tc=_widest((tc_text(bar.tc, bar.subframe) for bar in bars), HEADINGS[1]),
        bpm=_widest((bpm_text(bar.bpm) for bar in bars), HEADINGS[2]),
        meter=_widest((bar.meter for bar in bars), HEADINGS[3]),
        beat=_widest(token[0] for token in tokens),
        offset=_widest(token[2] for token in tokens),
        width=width,
        inline=True,
    )
    if tokens and layout.hits_at + layout.figure_cells + 1 + MIN_LABEL > width:
        layout = replace(layout, inline=False)
    needed = max(layout.bar_cells, layout.hits_at + layout.figure_cells if tokens else 0)
    return replace(layout, width=max(width, needed))


def heading_text(layout: BarLayout) -> str:
    """The column headings over ``layout``'s lines (``hits`` only over a hits column)."""
    bar, tc, bpm, meter, hits = HEADINGS
    cells = [bar.rjust(layout.bar), tc.ljust(layout.tc), bpm.rjust(layout.bpm)]
    cells.append(meter.ljust(layout.meter) if layout.inline else meter)
    if layout.inline:
        cells.append(hits)
    return GAP.join(cells)


def _hit_text(layout: BarLayout, hit: HitRow, status_style: Callable[[str], Style]) -> Text:
    beat, status, offset, label = hit_token(hit)
    text = Text(beat.ljust(layout.beat), style="dim")
    text.append(" ")
    text.append(f"{status:<4} {offset:>{layout.offset}}", style=status_style(status))
    room = layout.width - layout.hits_at - text.cell_len - 1
    if room > 0:
        shown = Text(label)
        shown.truncate(room, overflow="ellipsis")
        text.append(" ").append_text(shown)
    return text


def bar_lines(
    layout: BarLayout, bar: BarRow, hits: Sequence[HitRow], status_style: Callable[[str], Style]
) -> list[Text]:
    """The lines of one bar: its number, timecode, BPM and meter, and a line per hit
    (the first on the bar's own line when ``layout`` puts the hits beside the bars)."""
    columns = (
        str(bar.bar).rjust(layout.bar),
        tc_text(bar.tc, bar.subframe).ljust(layout.tc),
        bpm_text(bar.bpm).rjust(layout.bpm),
        bar.meter.ljust(layout.meter),
    )
    first = Text(GAP.join(columns))
    hit_lines = [_hit_text(layout, hit, status_style) for hit in hits]
    if layout.inline and hit_lines:
        first.append(GAP).append_text(hit_lines.pop(0))
    indent = " " * layout.hits_at
    return [first, *(Text(indent).append_text(line) for line in hit_lines)]


class BarList(DataTable[object]):
    """Every bar of the map: number, timecode, BPM at the bar line, meter and hits.

    A hit's status and frames off take the colour of ``bar-list--<status>``; a new theme
    recolours them.
    """

    COMPONENT_CLASSES = {f"bar-list--{status}" for status in STATUSES}

    DEFAULT_CSS = """
    BarList {
        height: 1fr;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        & > .bar-list--hit { color: $success; }
        & > .bar-list--near { color: $warning; }
        & > .bar-list--miss { color: $error; }
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self._bars: Sequence[BarRow] = ()
        self._hits: Sequence[HitRow] = ()
        self.shown_layout: BarLayout | None = None
        """How the rows are laid out now (``None`` until the list is first drawn)."""
        self._laid_out_for = 0
        """The line cells :attr:`shown_layout` was made for."""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._lay_out(keep_cursor=False)

    def on_resize(self, _event: events.Resize) -> None:
        if self.shown_layout is None or self._line_cells() != self._laid_out_for:
            self._lay_out(keep_cursor=True)

    def _theme_changed(self, _theme: Theme) -> None:
        self._lay_out(keep_cursor=True)

    def _status_style(self, status: str) -> Style:
        return span_style(self, f"bar-list--{status}")

    def _line_cells(self) -> int:
        """The cells a line has: the list's width less the scrollbar and the padding."""
        return max(self.scrollable_content_region.width - 2 * self.cell_padding, 0)

    def show_bars(self, bars: Sequence[BarRow], hits: Sequence[HitRow]) -> None:
        """Replace the rows with ``bars``, each with the hits nearest one of its beats."""
        self._bars, self._hits = tuple(bars), tuple(hits)
        self._lay_out(keep_cursor=False)

    def _lay_out(self, *, keep_cursor: bool) -> None:
        self._laid_out_for = self._line_cells()
        layout = self.shown_layout = bar_layout(self._bars, self._hits, self._laid_out_for)
        row, scroll_y = self.cursor_row, self.scroll_y
        self.clear(columns=True)
        self.add_column(heading_text(layout), width=layout.width, key="bar")
        grouped = hits_by_bar(self._hits)
        for bar in self._bars:
            lines = bar_lines(layout, bar, grouped.get(bar.bar, ()), self._status_style)
            self.add_row(Text("\n").join(lines), height=len(lines))
        if keep_cursor and self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), scroll=False)
            self.scroll_to(y=scroll_y, animate=False, immediate=True)
