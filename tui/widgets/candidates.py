"""The Find Tempo candidates table: one row per tempo region, best first.

Columns: BPM (the least-squares best, to two decimals), the exact interval low-high, the
frame click, hits / near / miss (h/n/m), RMS frames off and the nice tempos inside the
interval. Each row carries the tempo that applying it uses: its first nice tempo (the
tempo ``tempo find --apply`` stores, :func:`scoresync.cuetempo.find.preferred_bpm`), or
(after ``n`` steps through the nice tempos, see :meth:`CandidatesTable.cycle_nice`) another
nice tempo or its best BPM; the chosen one is bracketed or underlined. The h/n/m and RMS
cells are that chosen tempo's figures, measured on the map applying the row stores, so
they agree with the beat grid's preview of it. The table posts
:class:`CandidatesTable.Highlighted` when the row or its chosen tempo changes and
:class:`CandidatesTable.Chosen` when a row is selected (Enter).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.theme import Theme
from textual.widgets import DataTable

from scoresync.cuetempo.find import settled_bpm
from tempo.common.exact import bpm_text
from tui.widgets.style import span_style

if TYPE_CHECKING:
    from tempo.findtempo.model import TempoFigures
    from tempo.findtempo.solver import Candidate

__all__ = ["MAX_NICE", "CandidatesTable", "tempo_offers"]

MAX_NICE = 3
"""Nice tempos offered per candidate (the first ones, best first)."""


def tempo_offers(candidate: Candidate) -> tuple[Fraction, ...]:
    """The tempos a candidate can be applied at, in the order ``n`` steps through them: its
    first nice tempos, then its best BPM (as a short exact number inside the interval). The
    first is the one ``tempo find --apply`` stores."""
    nice = tuple(candidate.nice_bpms[:MAX_NICE])
    best = settled_bpm(candidate)
    return nice if best in nice else (*nice, best)


def _nice_cell(nice: Sequence[Fraction], chosen: Fraction) -> Text:
    text = Text()
    for index, bpm in enumerate(nice[:MAX_NICE]):
        if index:
            text.append(" ")
        if bpm == chosen:
            text.append(f"[{bpm_text(bpm)}]", style="bold underline")
        else:
            text.append(bpm_text(bpm))
    if len(nice) > MAX_NICE:
        text.append(" …", style="dim")
    if not nice:
        text.append("—", style="dim")
    return text


def _bpm_cell(candidate: Candidate, chosen: Fraction) -> Text:
    on_best = chosen not in candidate.nice_bpms[:MAX_NICE]
    style = "bold underline" if on_best else ""
    return Text(bpm_text(candidate.bpm), style=style, justify="right")


def _score_cell(figures: TempoFigures, status_style: Callable[[str], Style]) -> Text:
    text = Text(justify="center")
    text.append(str(figures.hits), style=status_style("hit"))
    text.append("/")
    text.append(str(figures.near), style=status_style("near") if figures.near else "")
    text.append("/")
    text.append(str(figures.miss), style=status_style("miss") if figures.miss else "")
    return text


def _rms_cell(figures: TempoFigures) -> Text:
    rms = "—" if figures.rms_frames is None else f"{figures.rms_frames:.2f}"
    return Text(rms, justify="right")


@dataclass(frozen=True)
class _Row:
    candidate: Candidate
    offers: tuple[Fraction, ...]
    choice: int

    @property
    def chosen(self) -> Fraction:
        return self.offers[self.choice]

    @property
    def figures(self) -> TempoFigures:
        """The chosen tempo's figures on its map."""
        return self.candidate.figures_at(self.chosen)


class CandidatesTable(DataTable[object]):
    """Find Tempo's candidates; the screen sets them with :meth:`show_candidates`.

    The hits, near hits and misses take the colours of ``candidates--hit``,
    ``candidates--near`` and ``candidates--miss``; a new theme recolours them.
    """

    COMPONENT_CLASSES = {"candidates--hit", "candidates--near", "candidates--miss"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "home",
            "scroll_top",
            "First candidate",
            show=False,
            id="tempo.candidate_first",
            tooltip="Highlight candidate 1, the best",
        ),
        Binding(
            "end",
            "scroll_bottom",
            "Last candidate",
            show=False,
            id="tempo.candidate_last",
            tooltip="Highlight the last candidate",
        ),
    ]

    DEFAULT_CSS = """
    CandidatesTable {
        height: auto;
        max-height: 12;
        & > .candidates--hit { color: $success; }
        & > .candidates--near { color: $warning; }
        & > .candidates--miss { color: $error; }
    }
    """

    COLUMNS = (
        ("#", "index"),
        ("BPM", "bpm"),
        ("interval", "interval"),
        ("click", "click"),
        ("h/n/m", "score"),
        ("RMS f", "rms"),
        ("nice tempos", "nice"),
    )

    class _CandidateMessage(Message):
        """A message about one candidate and the tempo chosen for it."""

        def __init__(self, table: CandidatesTable, index: int, bpm: Fraction) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.bpm = bpm
            """The tempo chosen for the candidate."""

        @property
        def control(self) -> CandidatesTable:
            return self.table

    class Highlighted(_CandidateMessage):
        """The highlighted candidate, or the tempo chosen for it, changed."""

    class Chosen(_CandidateMessage):
        """A candidate was selected to apply, with the tempo chosen for it."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self._rows: list[_Row] = []

    def on_mount(self) -> None:
        for label, key in self.COLUMNS:
            self.add_column(label, key=key)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _status_style(self, status: str) -> Style:
        return span_style(self, f"candidates--{status}")

    def _theme_changed(self, _theme: Theme) -> None:
        for index, row in enumerate(self._rows):
            self.update_cell(str(index), "score", _score_cell(row.figures, self._status_style))

    @property
    def candidate_count(self) -> int:
        """How many candidates the table shows."""
        return len(self._rows)

    def show_candidates(self, candidates: Sequence[Candidate]) -> None:
        """Replace the rows with ``candidates`` (best first), each on its first offer."""
        self.clear()
        self._rows = [_Row(candidate, tempo_offers(candidate), 0) for candidate in candidates]
        for index, row in enumerate(self._rows):
            candidate = row.candidate
            low, high = candidate.interval
            self.add_row(
                Text(str(index + 1), justify="right"),
                _bpm_cell(candidate, row.chosen),
                f"{bpm_text(low)}-{bpm_text(high)}",
                candidate.frame_click or "—",
                _score_cell(row.figures, self._status_style),
                _rms_cell(row.figures),
                _nice_cell(candidate.nice_bpms, row.chosen),
                key=str(index),
            )
        if candidates:
            self.move_cursor(row=0)

    def chosen_bpm(self, index: int) -> Fraction:
        """The tempo chosen for row ``index``."""
        return self._rows[index].chosen

    def chosen_figures(self, index: int) -> TempoFigures:
        """The figures row ``index`` shows: its chosen tempo's, on the map at that tempo."""
        return self._rows[index].figures

    def offer_count(self, index: int) -> int:
        """How many tempos row ``index`` offers (its nice tempos and its best BPM)."""
        return len(self._rows[index].offers)

    def cycle_nice(self) -> Fraction | None:
        """Step the highlighted row to its next tempo (after the last, back to the first)
        and return it; ``None`` when the table is empty."""
        if not self._rows:
            return None
        index = self.cursor_row
        row = self._rows[index]
        row = _Row(row.candidate, row.offers, (row.choice + 1) % len(row.offers))
        self._rows[index] = row
        self.update_cell(str(index), "bpm", _bpm_cell(row.candidate, row.chosen))
        self.update_cell(str(index), "score", _score_cell(row.figures, self._status_style))
        self.update_cell(str(index), "rms", _rms_cell(row.figures))
        self.update_cell(str(index), "nice", _nice_cell(row.candidate.nice_bpms, row.chosen))
        self.post_message(self.Highlighted(self, index, row.chosen))
        return row.chosen

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        index = event.cursor_row
        if 0 <= index < len(self._rows):
            self.post_message(self.Highlighted(self, index, self.chosen_bpm(index)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = event.cursor_row
        if 0 <= index < len(self._rows):
            self.post_message(self.Chosen(self, index, self.chosen_bpm(index)))
