"""The beat-grid view: every hit against its nearest grid line, in frames.

One line per hit shows its label and timecode, a small ruler of ``±reach`` frames
around the nearest beat (the beat line in the middle, the hit marked where it falls,
the tolerance window shaded), the frames off coloured by status and the bar|beat of
the nearest beat. Frames off are the beat's time minus the hit's (positive: the music
lands after the hit, so the hit sits left of the beat line). Above them an overview
line shows the whole cue: beats as dots, bar lines as bars and hits as markers. The
view is plain data (:class:`BeatGridView`); the widget only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tempo.common.exact import signed_text

__all__ = [
    "BeatGrid",
    "BeatGridView",
    "GridHit",
    "GridLine",
    "bar_label_step",
    "bar_number_cells",
    "frames_off_text",
    "overview_cells",
    "ruler_cells",
]

STATUS_RANK = {"hit": 0, "near": 1, "miss": 2}
"""Worse statuses win a shared overview cell."""


def frames_off_text(frames_off: float) -> str:
    """Frames off as the Tempo screen writes them: :func:`~tempo.common.exact.signed_text`
    with ``f`` (``-12.68f``, ``+1.44f``). One that rounds to zero is ``+0.00f``, so a hit
    on its beat never reads as a hair early."""
    return f"{signed_text(frames_off)}f"


@dataclass(frozen=True)
class GridHit:
    """One hit as the view shows it.

    ``frames`` is the hit's position (frames since 00:00:00:00); ``frames_off`` is its
    nearest grid line minus the hit in frames (positive: the line comes after the hit);
    ``status`` is ``"hit"``, ``"near"`` or ``"miss"``; ``nearest`` is the grid line as
    ``bar|beat``.
    """

    number: int
    label: str
    tc: str
    frames: int
    frames_off: float
    status: str
    nearest: str


@dataclass(frozen=True)
class GridLine:
    """One beat of the overview at ``frames`` (exact, fractional frames); ``is_downbeat``
    marks a bar line."""

    frames: float
    bar: int
    is_downbeat: bool


@dataclass(frozen=True)
class BeatGridView:
    """Everything the beat grid draws: the cue span (frames, end exclusive), its beats,
    its hits, the tolerance in frames and a caption."""

    start_frames: int
    end_frames: int
    beats: tuple[GridLine, ...]
    hits: tuple[GridHit, ...]
    tolerance_frames: float
    caption: str


def ruler_cells(
    hit_after_frames: float, *, reach_frames: int, cells_per_frame: int, tolerance_frames: float
) -> tuple[list[str], int, list[bool]]:
    """The characters of one ruler, the cell of the hit marker and the shaded cells.

    The ruler spans ``±reach_frames`` around the beat with ``cells_per_frame`` cells per
    frame; the middle cell is the beat line and the hit sits ``hit_after_frames`` after
    it (left of it when negative). A hit beyond the ruler is marked with an arrow at the
    end it lies past.
    """
    centre = reach_frames * cells_per_frame
    width = 2 * centre + 1
    chars = []
    for cell in range(width):
        step = cell - centre
        if step == 0:
            chars.append("│")
        elif step % cells_per_frame == 0:
            chars.append("·")
        else:
            chars.append(" ")
    window = [abs(cell - centre) <= tolerance_frames * cells_per_frame for cell in range(width)]
    position = round(hit_after_frames * cells_per_frame)
    if position < -centre:
        chars[0] = "◂"
        return chars, 0, window
    if position > centre:
        chars[-1] = "▸"
        return chars, width - 1, window
    chars[centre + position] = "●"
    return chars, centre + position, window


def overview_cells(view: BeatGridView, width: int) -> tuple[list[str], list[str | None]]:
    """The overview line's characters and, per cell, the status of the hits it holds."""
    chars = [" "] * width
    statuses: list[str | None] = [None] * width
    if width <= 0:
        return chars, statuses
    span = max(view.end_frames - view.start_frames, 1)

    def column(frames: float) -> int | None:
        cell = int((frames - view.start_frames) * width / span)
        return cell if 0 <= cell < width else None

    for beat in view.beats:
        cell = column(beat.frames)
        if cell is None:
            continue
        if beat.is_downbeat:
            chars[cell] = "│"
        elif chars[cell] == " ":
            chars[cell] = "·"
    for hit in view.hits:
        cell = column(hit.frames)
        if cell is None:
            continue
        chars[cell] = "▼"
        shown = statuses[cell]
        if shown is None or STATUS_RANK.get(hit.status, 2) > STATUS_RANK.get(shown, 2):
            statuses[cell] = hit.status
    return chars, statuses


def bar_label_step(view: BeatGridView, width: int) -> int:
    """Label every 1st, 2nd, 4th, 8th ... bar: the smallest step whose labels fit apart."""
    downbeats = [beat for beat in view.beats if beat.is_downbeat]
    if len(downbeats) < 2 or width <= 0:
        return 1
    span = max(view.end_frames - view.start_frames, 1)
    bar_cells = (downbeats[-1].frames - downbeats[0].frames) * width / span / (len(downbeats) - 1)
    label_cells = len(str(max(beat.bar for beat in downbeats))) + 1
    step = 1
    while step * bar_cells < label_cells and step < len(downbeats):
        step *= 2
    return step


def bar_number_cells(view: BeatGridView, width: int) -> list[str]:
    """Bar numbers written from their bar lines, every :func:`bar_label_step` bars,
    skipping any that would overlap."""
    chars = [" "] * width
    span = max(view.end_frames - view.start_frames, 1)
    step = bar_label_step(view, width)
    free_from = 0
    for beat in view.beats:
        if not beat.is_downbeat or (beat.bar - 1) % step:
            continue
        cell = int((beat.frames - view.start_frames) * width / span)
        label = str(beat.bar)
        if cell < free_from or cell < 0 or cell + len(label) > width:
            continue
        chars[cell : cell + len(label)] = list(label)
        free_from = cell + len(label) + 1
    return chars


class BeatGrid(ScrollView, can_focus=True):
    """Draws a :class:`BeatGridView`: an overview of the cue and one ruler line per hit.

    The caption, the bar numbers, the overview and the column heading stay at the top;
    the hit lines scroll beneath them.
    """

    COMPONENT_CLASSES = {
        "beatgrid--caption",
        "beatgrid--heading",
        "beatgrid--beat",
        "beatgrid--bar",
        "beatgrid--window",
        "beatgrid--hit",
        "beatgrid--near",
        "beatgrid--miss",
        "beatgrid--empty",
    }

    DEFAULT_CSS = """
    BeatGrid {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        & > .beatgrid--caption { text-style: bold; color: $text-accent; }
        & > .beatgrid--heading { color: $text-muted; text-style: underline; }
        & > .beatgrid--beat { color: $text-muted; }
        & > .beatgrid--bar { color: $foreground; text-style: bold; }
        & > .beatgrid--window { background: $success 15%; }
        & > .beatgrid--hit { color: $success; text-style: bold; }
        & > .beatgrid--near { color: $warning; text-style: bold; }
        & > .beatgrid--miss { color: $error; text-style: bold; }
        & > .beatgrid--empty { color: $text-muted; text-style: italic; }
    }
    """

    HEADER_LINES = 4
    """Caption, bar numbers, overview and column heading."""

    view: reactive[BeatGridView | None] = reactive(None, always_update=True)
    """What to draw; ``None`` shows a hint instead."""

    def __init__(
        self,
        *,
        reach_frames: int = 4,
        cells_per_frame: int = 2,
        empty_text: str = "No tempo map yet.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.reach_frames = reach_frames
        self.cells_per_frame = cells_per_frame
        self.empty_text = empty_text
        self._figure_widths = (8, 8)
        """The widths of the beat-hit and bar|beat columns: their headings', or the
        widest figure's, so that no figure runs past the panel's edge."""

    def watch_view(self, view: BeatGridView | None) -> None:
        hits = () if view is None else view.hits
        offsets = max((len(frames_off_text(hit.frames_off)) for hit in hits), default=0)
        nearest = max((len(hit.nearest) for hit in hits), default=0)
        self._figure_widths = (max(8, offsets), max(8, nearest))
        self._update_virtual_size()
        self.refresh()

    def on_resize(self) -> None:
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        count = 0 if self.view is None else len(self.view.hits)
        self.virtual_size = Size(self.scrollable_content_region.width, self.HEADER_LINES + count)

    # -- drawing -------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"beatgrid--{name}")

    def _strip(self, text: Text) -> Strip:
        width = self.scrollable_content_region.width
        segments = list(text.render(self.app.console))
        return Strip(segments).crop_extend(0, width, self.rich_style)

    def render_line(self, y: int) -> Strip:
        view = self.view
        width = self.scrollable_content_region.width
        if view is None:
            text = Text(self.empty_text, style=self._style("empty")) if y == 1 else Text()
            return self._strip(text)
        if y == 0:
            return self._strip(Text(view.caption, style=self._style("caption")))
        if y == 1:
            return self._strip(Text("".join(bar_number_cells(view, width)), self._style("beat")))
        if y == 2:
            return self._strip(self._overview(view, width))
        if y == 3:
            return self._strip(Text(self._heading(width), style=self._style("heading")))
        index = y - self.HEADER_LINES + round(self.scroll_offset.y)
        if 0 <= index < len(view.hits):
            return self._strip(self._hit_line(view, view.hits[index], width))
        if not view.hits and y == self.HEADER_LINES:
            return self._strip(Text("This cue has no hits.", style=self._style("empty")))
        return Strip([Segment(" " * width, self.rich_style)], width)

    def _overview(self, view: BeatGridView, width: int) -> Text:
        chars, statuses = overview_cells(view, width)
        text = Text()
        for char, status in zip(chars, statuses, strict=True):
            if status is not None:
                text.append(char, self._style(status))
            elif char == "│":
                text.append(char, self._style("bar"))
            else:
                text.append(char, self._style("beat"))
        return text

    def _label_width(self, width: int) -> int:
        ruler = 2 * self.reach_frames * self.cells_per_frame + 1
        offsets, nearest = self._figure_widths
        fixed = 4 + 1 + 1 + 11 + 1 + ruler + 1 + offsets + 1 + nearest
        return max(6, min(24, width - fixed))

    def _heading(self, width: int) -> str:
        ruler = 2 * self.reach_frames * self.cells_per_frame + 1
        half = (ruler - 1) // 2
        scale = f"-{self.reach_frames}f".ljust(half) + "│" + f"+{self.reach_frames}f".rjust(half)
        label = "hit".ljust(self._label_width(width))
        offsets, nearest = self._figure_widths
        return (
            f"   # {label} {'timecode':<11} {scale} {'beat-hit':>{offsets}} {'bar|beat':>{nearest}}"
        )

    def _hit_line(self, view: BeatGridView, hit: GridHit, width: int) -> Text:
        label_width = self._label_width(width)
        offsets, nearest = self._figure_widths
        status_style = self._style(hit.status if hit.status in STATUS_RANK else "miss")
        label = Text(hit.label)
        label.truncate(label_width, overflow="ellipsis", pad=True)
        text = Text(f"{hit.number:>4} ").append_text(label).append(f" {hit.tc:<11} ")
        chars, marker, window = ruler_cells(
            -hit.frames_off,
            reach_frames=self.reach_frames,
            cells_per_frame=self.cells_per_frame,
            tolerance_frames=view.tolerance_frames,
        )
        window_style = Style(bgcolor=self._style("window").bgcolor)
        for cell, char in enumerate(chars):
            if cell == marker:
                style = status_style
            elif char == "│":
                style = self._style("bar")
            else:
                style = self._style("beat")
            text.append(char, style + window_style if window[cell] else style)
        text.append(" ")
        text.append(f"{frames_off_text(hit.frames_off):>{offsets}}", status_style)
        text.append(f" {hit.nearest:>{nearest}}")
        return text
