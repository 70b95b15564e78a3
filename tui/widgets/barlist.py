"""The bar list: every bar of a cue's tempo map with its timecode, tempo and meter, and
the hits that fall nearest one of its beats (with frames off: the beat's time minus the
hit's).

The rows are plain data from :func:`scoresync.cuetempo.find.bar_rows` and
:func:`scoresync.cuetempo.find.hit_rows`; the widget only lays them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.theme import Theme
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from tempo.common.exact import bpm_text
from tui.widgets.style import span_style

if TYPE_CHECKING:
    from scoresync.cuetempo.find import BarRow, HitRow

__all__ = ["STATUSES", "BarList", "hit_token", "hits_by_bar", "split_nearest", "tc_text"]

STATUSES = ("hit", "near", "miss")
"""The statuses of a hit; each colours its frames-off figure (an unknown one as a miss)."""


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
    if abs(subframe) < 0.005:
        return tc
    return tc + f"{subframe:+.2f}".replace("0.", ".", 1)


def hit_token(hit: HitRow) -> tuple[str, str, str]:
    """A hit as the bar list shows it: its beat (``b3``), its status and frames off
    (``miss -12.68f``: the status first, so a figure cut at the panel's edge is never read
    as a smaller one that caught), and its label."""
    place = split_nearest(hit.nearest)
    beat = place[1] if place is not None else hit.nearest
    status = hit.status if hit.status in STATUSES else "miss"
    return f"b{beat}", f"{status} {hit.frames_off:+.2f}f", hit.label or f"hit {hit.index}"


def _hits_cell(hits: Sequence[HitRow], status_style: Callable[[str], Style]) -> Text:
    text = Text(no_wrap=True)
    for position, hit in enumerate(hits):
        if position:
            text.append("  ")
        beat, figure, label = hit_token(hit)
        status = hit.status if hit.status in STATUSES else "miss"
        text.append(f"{beat} ", style="dim")
        text.append(f"{figure} ", style=status_style(status))
        text.append(label)
    return text


class BarList(DataTable[object]):
    """Every bar of the map: number, timecode, BPM at the bar line, meter and hits.

    A hit's frames off take the colour of ``bar-list--<status>``; a new theme recolours them.
    """

    COMPONENT_CLASSES = {f"bar-list--{status}" for status in STATUSES}

    DEFAULT_CSS = """
    BarList {
        height: 1fr;
        & > .bar-list--hit { color: $success; }
        & > .bar-list--near { color: $warning; }
        & > .bar-list--miss { color: $error; }
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
        self._hits_shown: dict[RowKey, Sequence[HitRow]] = {}

    def on_mount(self) -> None:
        for label, key in self.COLUMNS:
            self.add_column(label, key=key)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _status_style(self, status: str) -> Style:
        return span_style(self, f"bar-list--{status}")

    def _theme_changed(self, _theme: Theme) -> None:
        for key, hits in self._hits_shown.items():
            self.update_cell(key, "hits", _hits_cell(hits, self._status_style))

    def show_bars(self, bars: Sequence[BarRow], hits: Sequence[HitRow]) -> None:
        """Replace the rows with ``bars``, each with the hits nearest one of its beats."""
        self.clear()
        grouped = hits_by_bar(hits)
        self._hits_shown = {}
        for bar in bars:
            bar_hits = grouped.get(bar.bar, ())
            key = self.add_row(
                Text(str(bar.bar), justify="right"),
                tc_text(bar.tc, bar.subframe),
                Text(bpm_text(bar.bpm), justify="right"),
                bar.meter,
                _hits_cell(bar_hits, self._status_style),
            )
            if bar_hits:
                self._hits_shown[key] = bar_hits
