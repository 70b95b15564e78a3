"""The options of each kind of export, as rows of the export dialog.

Each panel shows the options that matter for its kind, checks typed values as they are
typed (the reason shows in red under the field) and builds the request that
:func:`scoresync.deliver.exports.run_export` writes. A choice that changes the file's extension
(a format) posts :class:`ExportOptions.Changed`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Select

from scoresync.deliver.click import ClickOptions
from scoresync.deliver.exports import (
    STREAMER_COLOURS,
    ClickExport,
    ExportRequest,
    MidiExport,
    MusicXmlExport,
    StreamerExport,
    TimingSheetExport,
)
from scoresync.deliver.streamers import DEFAULT_LENGTH_SECONDS, StreamerOptions, parse_length
from scoresync.deliver.targets import FileKind
from scoresync.errors import UsageError
from scoresync.picture.rates import FrameRate
from tempo.map.barnumbers import PickupBar
from tui.dialogs.form import FormCheckbox
from tui.widgets.fields import Field, Parsed, TextInput

__all__ = [
    "ClickPanel",
    "ExportOptions",
    "MidiPanel",
    "MusicXmlPanel",
    "StreamersPanel",
    "TimingSheetPanel",
    "panel_for",
]

MAX_COUNT_IN = 64
SAMPLE_RATES = (44_100, 48_000, 88_200, 96_000, 192_000)
BIT_DEPTHS = (("16-bit PCM", "16"), ("24-bit PCM", "24"), ("32-bit float", "32f"))
SUBDIVISIONS = (("none (beats)", 1), ("2 per beat", 2), ("3 per beat", 3), ("4 per beat", 4))
RAMP_STEPS = (("every beat", "beat"), ("every 1/8", "eighth"), ("every 1/16", "sixteenth"))
GAUGES = (("35 mm 4-perf", "35mm-4perf"), ("35 mm 3-perf", "35mm-3perf"), ("16 mm", "16mm"))
PICKUP_BARS = (
    ("as the project sets", "project"),
    ("pickup is bar 0", "0"),
    ("pickup bar is bar 1", "1"),
)
"""The bar numbering choices: the project's setting, or either convention."""


def pickup_bar_choice(value: str) -> PickupBar | None:
    """The request's ``pickup_bar`` for a :data:`PICKUP_BARS` choice (``None``: the
    project's setting)."""
    return None if value == "project" else PickupBar.parse(value)


def parse_count(text: str, *, what: str) -> int:
    """A count-in length typed as a whole number from 0 to :data:`MAX_COUNT_IN`."""
    try:
        count = int(text.strip() or "0")
    except ValueError:
        count = -1
    if not 0 <= count <= MAX_COUNT_IN:
        raise UsageError(f"{what} {text.strip()!r}: give a whole number from 0 to {MAX_COUNT_IN}")
    return count


def _select(choices: Iterable[tuple[str, Any]], value: object, id: str) -> Select[Any]:
    return Select(list(choices), value=value, allow_blank=False, compact=True, id=id)


class ExportOptions(Vertical):
    """The options of one kind of export; subclasses give the rows and the request."""

    DEFAULT_CSS = """
    ExportOptions { height: auto; }
    """

    kind: ClassVar[str] = ""
    DEFAULTS: ClassVar[ExportRequest]
    """The request the panel starts from (its first values and file extension)."""

    class Changed(Message):
        """A choice was made that may change the file's extension."""

        def __init__(self, options: ExportOptions) -> None:
            super().__init__()
            self.options = options

        @property
        def control(self) -> ExportOptions:
            return self.options

    def compose(self) -> ComposeResult:
        yield from self.rows()

    def rows(self) -> Iterator[Widget]:
        """The panel's fields."""
        yield from ()

    @property
    def shape(self) -> ExportRequest:
        """A request with the choices that decide the file (its format), every other
        option at its default; it never fails."""
        return self.DEFAULTS

    @property
    def suffix(self) -> str:
        """The extension (with its dot) of the file the current choices write."""
        return self.shape.suffix

    @property
    def file_kind(self) -> FileKind:
        """The kind of file the current choices write (the only kind replaced unasked)."""
        return self.shape.file_kind

    def build(self) -> ExportRequest:
        """The request for the current values; raises :class:`ScoreSyncError` if one is wrong."""
        raise NotImplementedError

    def request(self) -> ExportRequest | None:
        """The request, or None while a field is wrong (every wrong field shows why)."""
        checks = [field.check() for field in self.query(Field)]
        if not all(checks):
            return None
        return self.build()

    def first_wrong(self) -> Widget | None:
        """The control of the first field that is wrong now, to take the focus."""
        for field in self.query(Field):
            if field.has_class("-invalid"):
                return field.control_widget
        return None

    def value_of(self, selector: str) -> Any:
        """The value of the select or input matching ``selector``."""
        widget = self.query_one(selector)
        return widget.value  # type: ignore[attr-defined]

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self))


class ClickPanel(ExportOptions):
    """Click track: sample rate, bit depth, subdivision and count-in."""

    kind = "click"
    DEFAULTS = ClickExport()

    def rows(self) -> Iterator[Widget]:
        first = ClickOptions()
        rates = [(f"{rate / 1000:g} kHz", rate) for rate in SAMPLE_RATES]
        yield Field("Sample rate", _select(rates, first.sample_rate, "click-sample-rate"))
        yield Field("Bit depth", _select(BIT_DEPTHS, first.bit_depth, "click-bit-depth"))
        yield Field("Subdivision", _select(SUBDIVISIONS, first.subdivision, "click-subdivision"))
        counts = {"bars": first.count_in_bars, "beats": first.count_in_beats}
        for unit, count in counts.items():
            what = f"count-in {unit}"
            check = Parsed(functools.partial(parse_count, what=what))
            yield Field(
                f"Count-in {unit}",
                TextInput(
                    str(count), placeholder="0", id=f"click-count-in-{unit}", validators=[check]
                ),
            )

    def build(self) -> ExportRequest:
        options = ClickOptions(
            sample_rate=self.value_of("#click-sample-rate"),
            bit_depth=self.value_of("#click-bit-depth"),
            subdivision=self.value_of("#click-subdivision"),
            count_in_bars=parse_count(self.value_of("#click-count-in-bars"), what="count-in bars"),
            count_in_beats=parse_count(
                self.value_of("#click-count-in-beats"), what="count-in beats"
            ),
        )
        return ClickExport(options)


class MidiPanel(ExportOptions):
    """MIDI tempo map: how finely ramps become tempo steps, an optional click track, the
    bar numbering and the markers' timecode."""

    kind = "midi"
    DEFAULTS = MidiExport()

    def rows(self) -> Iterator[Widget]:
        first = MidiExport()
        yield Field("Ramp steps", _select(RAMP_STEPS, first.ramp_step, "midi-ramp-step"))
        yield Field(
            "Click notes",
            FormCheckbox(
                "a track of click notes on every beat",
                first.click_notes,
                id="midi-click-notes",
                compact=True,
            ),
        )
        yield Field("Bar numbers", _select(PICKUP_BARS, "project", "midi-pickup-bar"))
        yield Field(
            "Markers",
            FormCheckbox(
                "with their timecode",
                first.marker_timecode,
                id="midi-marker-timecode",
                compact=True,
            ),
        )

    def build(self) -> ExportRequest:
        return MidiExport(
            ramp_step=self.value_of("#midi-ramp-step"),
            click_notes=self.query_one("#midi-click-notes", Checkbox).value,
            pickup_bar=pickup_bar_choice(self.value_of("#midi-pickup-bar")),
            marker_timecode=self.query_one("#midi-marker-timecode", Checkbox).value,
        )


class MusicXmlPanel(ExportOptions):
    """MusicXML skeleton: plain or compressed."""

    kind = "musicxml"
    DEFAULTS = MusicXmlExport()

    def rows(self) -> Iterator[Widget]:
        formats = [("MusicXML (.musicxml)", "musicxml"), ("compressed (.mxl)", "mxl")]
        yield Field("Format", _select(formats, MusicXmlExport().fmt, "musicxml-format"))

    @property
    def shape(self) -> ExportRequest:
        return MusicXmlExport(fmt=self.value_of("#musicxml-format"))

    def build(self) -> ExportRequest:
        return MusicXmlExport(fmt=self.value_of("#musicxml-format"))


class TimingSheetPanel(ExportOptions):
    """Timing sheet: format, one row per bar or per beat, film gauge and paper size."""

    kind = "timing"
    DEFAULTS = TimingSheetExport()

    def rows(self) -> Iterator[Widget]:
        first = TimingSheetExport()
        formats = [("PDF", "pdf"), ("CSV", "csv"), ("text", "txt")]
        yield Field("Format", _select(formats, first.fmt, "timing-format"))
        rows = [("bar (and hit)", "bar"), ("beat (and hit)", "beat")]
        yield Field("One row per", _select(rows, first.per, "timing-per"))
        yield Field("Feet+frames", _select(GAUGES, first.gauge, "timing-gauge"))
        papers = [("A4", "a4"), ("Letter", "letter")]
        yield Field("Paper (PDF)", _select(papers, first.paper, "timing-paper"))

    @property
    def shape(self) -> ExportRequest:
        return TimingSheetExport(fmt=self.value_of("#timing-format"))

    def build(self) -> ExportRequest:
        return TimingSheetExport(
            fmt=self.value_of("#timing-format"),
            per=self.value_of("#timing-per"),
            gauge=self.value_of("#timing-gauge"),
            paper=self.value_of("#timing-paper"),
        )


class StreamersPanel(ExportOptions):
    """Streamers: CSV list or MIDI note track, how long each streamer runs and the bar
    numbering."""

    kind = "streamers"
    DEFAULTS = StreamerExport()

    def __init__(self, *, rate: FrameRate, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rate = rate

    def rows(self) -> Iterator[Widget]:
        formats = [("CSV list", "csv"), ("MIDI notes", "midi")]
        yield Field("Format", _select(formats, StreamerExport().fmt, "streamers-format"))
        check = Parsed(self._lengths)
        yield Field(
            "Length",
            TextInput(
                f"{DEFAULT_LENGTH_SECONDS}s",
                placeholder="2s or 48f",
                id="streamers-length",
                validators=[check],
            ),
        )
        yield Field("Bar numbers", _select(PICKUP_BARS, "project", "streamers-pickup-bar"))

    def _lengths(self, text: str) -> dict[str, int]:
        frames = parse_length(text, rate=self.rate, what="streamer length")
        return dict.fromkeys(STREAMER_COLOURS, frames)

    @property
    def shape(self) -> ExportRequest:
        return StreamerExport(fmt=self.value_of("#streamers-format"))

    def build(self) -> ExportRequest:
        lengths = self._lengths(self.value_of("#streamers-length"))
        return StreamerExport(
            fmt=self.value_of("#streamers-format"),
            options=StreamerOptions(lengths),
            pickup_bar=pickup_bar_choice(self.value_of("#streamers-pickup-bar")),
        )


def panel_for(kind: str, *, rate: FrameRate) -> ExportOptions:
    """The options panel of ``kind``, with the id ``options-KIND``."""
    panels: dict[str, Callable[[], ExportOptions]] = {
        "click": lambda: ClickPanel(id="options-click"),
        "midi": lambda: MidiPanel(id="options-midi"),
        "musicxml": lambda: MusicXmlPanel(id="options-musicxml"),
        "timing": lambda: TimingSheetPanel(id="options-timing"),
        "streamers": lambda: StreamersPanel(rate=rate, id="options-streamers"),
    }
    return panels[kind]()
