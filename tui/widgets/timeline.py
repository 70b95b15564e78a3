"""The timeline strip: the current reel scaled to the width, cues as blocks, hits as ticks,
and the cursor with its timecode."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from scoresync.picture.timecode import frames_to_tc
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueStatus, Project
from scoresync.project.spotting import ReelSpan
from tui.widgets.style import MUST_HIT_MARK, span_style

__all__ = ["Timeline", "TimelineView", "block_text", "ruler_step_frames"]

STEP_SECONDS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600)
LABEL_CELLS = 11


@dataclass(frozen=True)
class TimelineView:
    """What the strip draws: the reel span, the project, the cursor and the selection."""

    project: Project
    span: ReelSpan
    cursor_frames: int
    selected: CueNumber | None = None
    selected_hit: int | None = None


@dataclass(frozen=True)
class _Drawing:
    """The strip's rows for one project, span, width and theme, before the selection and
    the cursor are drawn over them; ``blocks`` places each cue in the span."""

    key: tuple[object, ...]
    ruler: list[tuple[str, Style]]
    lane: list[tuple[str, Style]]
    hits: list[tuple[str, Style]]
    blocks: dict[CueNumber, tuple[Cue, int, int]]


def ruler_step_frames(span: ReelSpan, width: int, base: int) -> int:
    """Return the spacing of ruler labels in frames: the shortest step (in timecode
    seconds) that leaves room for a label between two ticks."""
    for seconds in STEP_SECONDS:
        step = seconds * base
        if step * max(width, 1) >= LABEL_CELLS * span.length_frames:
            return step
    return STEP_SECONDS[-1] * base


class Timeline(Widget):
    """A strip of one reel; the screen sets :attr:`view` and the strip redraws.

    Its parts take their colours from the theme: ``timeline--<status>`` is the block of a
    cue with that status, the others are named after what they draw.
    """

    COMPONENT_CLASSES = {
        "timeline--lane",
        "timeline--tick",
        "timeline--label",
        "timeline--hit",
        "timeline--cue-hit",
        "timeline--must-hit",
        "timeline--selected-hit",
        "timeline--selected-cue",
        "timeline--cursor",
        "timeline--cursor-label",
        *(f"timeline--{status.value}" for status in CueStatus),
    }

    DEFAULT_CSS = """
    Timeline {
        height: 6;
        border: round $panel;
        border-title-color: $primary;
        border-subtitle-color: $foreground-muted;
        padding: 0 1;
        & > .timeline--lane { color: $timeline-lane; }
        & > .timeline--tick { color: $timeline-tick; }
        & > .timeline--label { color: $muted-label; }
        & > .timeline--hit { color: $muted-detail; }
        & > .timeline--cue-hit { color: $foreground; text-style: bold; }
        & > .timeline--must-hit { color: $accent; text-style: bold; }
        & > .timeline--selected-hit {
            color: $background; background: $foreground; text-style: bold;
        }
        & > .timeline--selected-cue {
            color: auto 100%; background: $timeline-selected; text-style: bold;
        }
        & > .timeline--cursor { color: $background; background: $accent; text-style: bold; }
        & > .timeline--cursor-label { color: $accent; text-style: bold; }
        & > .timeline--spotted { color: $foreground; background: $status-spotted-block; }
        & > .timeline--writing { color: $foreground; background: $status-writing-block; }
        & > .timeline--approved { color: $foreground; background: $status-approved-block; }
        & > .timeline--recorded { color: $foreground; background: $status-recorded-block; }
        & > .timeline--mixed { color: $foreground; background: $status-mixed-block; }
        & > .timeline--omitted { color: $foreground; background: $status-omitted-block; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: TimelineView | None = None
        self._drawn: _Drawing | None = None

    @property
    def view(self) -> TimelineView | None:
        """What the strip shows."""
        return self._view

    @view.setter
    def view(self, view: TimelineView) -> None:
        if _same_view(view, self._view):
            return
        self._view = view
        rate = view.project.rate
        span = view.span
        self.border_title = f"Reel {span.reel} · {span.name}"
        self.border_subtitle = (
            f"{frames_to_tc(span.start_frames, rate=rate)} – "
            f"{frames_to_tc(span.end_frames, rate=rate)}"
        )
        self.refresh()

    def column_of(self, frames: int, width: int) -> int:
        """The cell column where ``frames`` falls, clamped to the strip."""
        assert self._view is not None
        span = self._view.span
        column = (frames - span.start_frames) * width // span.length_frames
        return min(max(column, 0), width - 1)

    def _style(self, part: str) -> Style:
        return span_style(self, f"timeline--{part}")

    def render(self) -> Text:
        width = self.content_region.width
        if self._view is None or width < 4:
            return Text("")
        base = self._base(width)
        lane, hits = list(base.lane), list(base.hits)
        self._overlay_selection(base, lane, hits, width)
        cursor_column = self.column_of(self._view.cursor_frames, width)
        if self._in_span(self._view.cursor_frames):
            cursor = self._style("cursor")
            for row in (lane, hits):
                char, _style = row[cursor_column]
                row[cursor_column] = ("│" if char in " ─┼" else char, cursor)
        text = Text()
        for row in (base.ruler, lane, hits):
            text.append_text(_joined(row))
            text.append("\n")
        text.append_text(self._cursor_row(width, cursor_column))
        return text

    def _in_span(self, frames: int) -> bool:
        assert self._view is not None
        return self._view.span.start_frames <= frames < self._view.span.end_frames

    def _base(self, width: int) -> _Drawing:
        """The strip without the selection and the cursor, drawn once per project, reel
        span, width and theme: moving the cursor or the selection only overlays it."""
        assert self._view is not None
        view = self._view
        key = (view.project, view.span, width, self.app.theme)
        drawn = self._drawn
        if drawn is not None and drawn.key[0] is key[0] and drawn.key[1:] == key[1:]:
            return drawn
        ruler, lane = self._ruler(width)
        cues = sorted(self._cues_in_span(), key=lambda c: (c.start_frames, c.number))
        status_styles = {status: self._style(status.value) for status in CueStatus}
        blocks = {}
        for cue in cues:
            first = self.column_of(cue.start_frames, width)
            last = max(first, self.column_of(cue.end_frames - 1, width))
            blocks[cue.number] = (cue, first, last)
            self._draw_block(lane, cue, first, last, status_styles[cue.status])
        hits = self._hits(cues, width)
        self._drawn = _Drawing(key, ruler, lane, hits, blocks)
        return self._drawn

    def _ruler(self, width: int) -> tuple[list[tuple[str, Style]], list[tuple[str, Style]]]:
        assert self._view is not None
        view = self._view
        rate = view.project.rate
        label_style, tick_style = self._style("label"), self._style("tick")
        ruler: list[tuple[str, Style]] = [(" ", label_style)] * width
        lane: list[tuple[str, Style]] = [("─", self._style("lane"))] * width
        step = ruler_step_frames(view.span, width, rate.base)
        first = -(-view.span.start_frames // step) * step
        for frames in range(first, view.span.end_frames, step):
            column = self.column_of(frames, width)
            lane[column] = ("┼", tick_style)
            label = frames_to_tc(frames, rate=rate)[:8]
            if column + len(label) <= width:
                for offset, char in enumerate(label):
                    ruler[column + offset] = (char, label_style)
        return ruler, lane

    def _cues_in_span(self) -> list[Cue]:
        assert self._view is not None
        span = self._view.span
        return [
            cue
            for cue in self._view.project.cues
            if cue.end_frames > span.start_frames and cue.start_frames < span.end_frames
        ]

    @staticmethod
    def _draw_block(
        lane: list[tuple[str, Style]], cue: Cue, first: int, last: int, style: Style
    ) -> None:
        text = block_text(str(cue.number), last - first + 1)
        for offset, char in enumerate(text):
            lane[first + offset] = (char, style)

    def _hits(self, cues: list[Cue], width: int) -> list[tuple[str, Style]]:
        """The hit row with no cue selected: a must-hit mark wins its cell.

        A reel of a large project holds tens of thousands of hits for a hundred cells, so
        the columns are worked out inline (as :meth:`column_of` does) into two sets."""
        assert self._view is not None
        span = self._view.span
        start, end, length = span.start_frames, span.end_frames, span.length_frames
        plain: set[int] = set()
        must: set[int] = set()
        for cue in cues:
            for hit in cue.hits:
                frames = hit.frames
                if start <= frames < end:
                    (must if hit.must_hit else plain).add((frames - start) * width // length)
        hit_style, must_hit_style = self._style("hit"), self._style("must-hit")
        row: list[tuple[str, Style]] = [(" ", hit_style)] * width
        for column in plain:
            row[min(column, width - 1)] = ("│", hit_style)
        for column in must:
            row[min(column, width - 1)] = (MUST_HIT_MARK, must_hit_style)
        return row

    def _overlay_selection(
        self,
        base: _Drawing,
        lane: list[tuple[str, Style]],
        hits: list[tuple[str, Style]],
        width: int,
    ) -> None:
        """Draws the selected cue's block and hits over the base strip."""
        assert self._view is not None
        view = self._view
        placed = base.blocks.get(view.selected) if view.selected is not None else None
        if placed is None:
            return
        cue, first, last = placed
        self._draw_block(lane, cue, first, last, self._style("selected-cue"))
        cue_hit_style, must_hit_style = self._style("cue-hit"), self._style("must-hit")
        selected_style = self._style("selected-hit")
        for index, hit in enumerate(cue.hits):
            if not self._in_span(hit.frames):
                continue
            column = self.column_of(hit.frames, width)
            if index == view.selected_hit:
                hits[column] = (MUST_HIT_MARK if hit.must_hit else "▼", selected_style)
            elif hit.must_hit:
                hits[column] = (MUST_HIT_MARK, must_hit_style)
            elif hits[column][0] != MUST_HIT_MARK:
                hits[column] = ("│", cue_hit_style)

    def _cursor_row(self, width: int, column: int) -> Text:
        assert self._view is not None
        view = self._view
        label = frames_to_tc(view.cursor_frames, rate=view.project.rate)
        if not self._in_span(view.cursor_frames):
            return Text(f"cursor {label} is outside this reel", style=self._style("label"))
        if column + 2 + len(label) <= width:
            line = " " * column + "▲ " + label
        else:
            line = " " * max(0, column - len(label) - 1) + label + " ▲"
        return Text(line[:width], style=self._style("cursor-label"))


def _same_view(view: TimelineView, shown: TimelineView | None) -> bool:
    """Whether ``view`` draws what ``shown`` does: the very same project (comparing two
    projects field by field would walk every cue) and equal span, cursor and selection."""
    return (
        shown is not None
        and view.project is shown.project
        and (view.span, view.cursor_frames, view.selected, view.selected_hit)
        == (shown.span, shown.cursor_frames, shown.selected, shown.selected_hit)
    )


def block_text(label: str, cells: int) -> str:
    """A cue's block of ``cells`` cells with its number ``label``: ``▏1M2A`` when there is
    room, the bare number when it just fits, else the number cut with ``…``, never a
    shorter number that names another cue.

    >>> [block_text("1M2A", cells) for cells in (7, 4, 3, 1)]
    ['▏1M2A  ', '1M2A', '1M…', '…']
    """
    if cells >= len(label) + 2:
        return f"▏{label}".ljust(cells)
    if cells >= len(label):
        return label.ljust(cells)
    return label[: cells - 1] + "…"


def _joined(cells: list[tuple[str, Style]]) -> Text:
    """The cells as text, with runs of one style as one span (fast to draw)."""
    text = Text()
    for style, run in groupby(cells, key=lambda cell: cell[1]):
        text.append("".join(char for char, _style in run), style)
    return text
