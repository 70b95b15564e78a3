"""The bar list: every bar of a cue's tempo map with its timecode, tempo and meter, and
the hits that fall nearest one of its beats (with frames off: the beat's time minus the
hit's).

The rows are plain data from :func:`scoresync.cuetempo.find.bar_rows` and
:func:`scoresync.cuetempo.find.hit_rows`; the widget only lays them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

if TYPE_CHECKING:
    from scoresync.cuetempo.find import BarRow, HitRow

__all__ = ["STATUS_STYLES", "BarList", "hits_by_bar", "split_nearest", "bar_bpm_text", "tc_text"]

STATUS_STYLES = {"hit": "green", "near": "yellow", "miss": "red"}
"""Colour of a hit's frames-off figure by status."""


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


def bar_bpm_text(bpm: float) -> str:
    """A bar's tempo: ``96`` when whole (to 1/1000), else two decimals."""
    return f"{bpm:.0f}" if abs(bpm - round(bpm)) < 0.0005 else f"{bpm:.2f}"


def tc_text(tc: str, subframe: float) -> str:
    """A bar's timecode with its subframe when the exact time is off the frame:
    ``01:00:02:03`` or ``01:00:02:03+.25`` (frames, -0.5 to +0.5)."""
    if abs(subframe) < 0.005:
        return tc
    return tc + f"{subframe:+.2f}".replace("0.", ".", 1)


def _hits_cell(hits: Sequence[HitRow]) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for position, hit in enumerate(hits):
        if position:
            text.append("  ")
        place = split_nearest(hit.nearest)
        beat = place[1] if place is not None else hit.nearest
        text.append(f"b{beat} ", style="dim")
        text.append(f"{hit.frames_off:+.2f}f ", style=STATUS_STYLES.get(hit.status, "red"))
        text.append(hit.label or f"hit {hit.index}")
    return text


class BarList(DataTable[object]):
    """Every bar of the map: number, timecode, BPM at the bar line, meter and hits."""

    DEFAULT_CSS = """
    BarList {
        height: 1fr;
    }
    """

    COLUMNS = (
        ("bar", "bar"),
        ("timecode", "tc"),
        ("BPM", "bpm"),
        ("meter", "meter"),
        ("hits", "hits"),
    )

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for label, key in self.COLUMNS:
            self.add_column(label, key=key)

    def show_bars(self, bars: Sequence[BarRow], hits: Sequence[HitRow]) -> None:
        """Replace the rows with ``bars``, each with the hits nearest one of its beats."""
        self.clear()
        grouped = hits_by_bar(hits)
        for bar in bars:
            self.add_row(
                Text(str(bar.bar), justify="right"),
                tc_text(bar.tc, bar.subframe),
                Text(bar_bpm_text(bar.bpm), justify="right"),
                bar.meter,
                _hits_cell(grouped.get(bar.bar, ())),
            )
