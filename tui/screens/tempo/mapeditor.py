"""The map editor: a cue's tempo map as text lines, one segment a line.

Each line is the segment in the segment-spec syntax (``bars=8 bpm=120 meter=4/4``,
``beats=16 bpm=120->96 ramp=beats``), so what is shown is what the segment dialog edits.
Above the lines sit the map's downbeat and pickup. The screen sets the content with
:meth:`MapEditor.show_map`; Enter on a line posts :class:`MapEditor.SegmentChosen`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from scoresync.cuetempo.find import format_segment
from tempo.common.errors import TempoError
from tempo.map.segment import Segment

__all__ = [
    "DOWNBEAT_HELP",
    "SEGMENT_HELP",
    "MapEditor",
    "check_open_segments",
    "next_segment_text",
]

SEGMENT_HELP = (
    "e.g.  bars=8 bpm=120 meter=4/4",
    "      beats=16 bpm=120->96 ramp=beats   (ramp: beats, time or period)",
    "      bpm=96 meter=6/8 unit=q.          (no length: runs on, last only)",
)

DOWNBEAT_HELP = (
    "start (the cue start), anchor, hit N (the Nth hit), a timecode (01:00:02:00), or a time "
    "after the cue start (2s, 48f; -1s before it)",
)


def check_open_segments(segments: tuple[Segment, ...]) -> None:
    """Raises :class:`TempoError` naming the first open-ended segment that is not last."""
    for index, segment in enumerate(segments[:-1]):
        if segment.is_open:
            raise TempoError(
                f"segment {index + 1} has no length, so it runs on to the end and must be the "
                "last: give it bars= or beats= (edit it with e)"
            )


def next_segment_text(before: Segment | None) -> str:
    """A starting text for a new segment: four bars going on from ``before``."""
    if before is None:
        return "bars=4 bpm=120 meter=4/4"
    follow = Segment(
        before.beats_per_bar * 4, before.final_bpm, meter=before.meter, beat_unit=before.unit
    )
    return format_segment(follow)


class MapEditor(Vertical):
    """The segments of the working map, with its downbeat and pickup."""

    DEFAULT_CSS = """
    MapEditor {
        height: auto;
        & #map-placement { height: auto; color: $text-muted; padding: 0 1; }
        & #map-segments { height: auto; max-height: 8; border: none; padding: 0; }
        & #map-segments:focus { background-tint: $foreground 5%; }
    }
    """

    class SegmentChosen(Message):
        """Enter was pressed on segment ``index`` (0-based): edit it."""

        def __init__(self, editor: MapEditor, index: int) -> None:
            super().__init__()
            self.editor = editor
            self.index = index

        @property
        def control(self) -> MapEditor:
            return self.editor

    def compose(self) -> ComposeResult:
        yield Static(id="map-placement")
        yield OptionList(id="map-segments")

    def on_mount(self) -> None:
        self.show_map(None, ())

    @property
    def segment_list(self) -> OptionList:
        """The list of segment lines."""
        return self.query_one("#map-segments", OptionList)

    @property
    def highlighted(self) -> int | None:
        """Index of the highlighted segment, ``None`` when there is none."""
        segments = self.segment_list
        if segments.option_count == 0:
            return None
        return segments.highlighted

    def show_map(
        self, placement: str | None, lines: Sequence[str], *, keep: int | None = None
    ) -> None:
        """Show ``placement`` (downbeat and pickup; ``None``: no map) and the segment
        ``lines``, highlighting line ``keep`` (clamped), else the first."""
        self.query_one("#map-placement", Static).update(
            placement
            if placement is not None
            else "No map: apply a candidate or add a segment (+)."
        )
        segments = self.segment_list
        segments.clear_options()
        segments.add_options(
            [Option(_numbered(index + 1, line), id=str(index)) for index, line in enumerate(lines)]
        )
        if lines:
            segments.highlighted = min(max(keep or 0, 0), len(lines) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.SegmentChosen(self, event.option_index))


def _numbered(number: int, line: str) -> Table:
    """A segment's line after its number, wrapping under its own first word (a hanging
    indent), so a long spec reads as one item."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(justify="right", width=2, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(str(number)), Text(line))
    return grid
