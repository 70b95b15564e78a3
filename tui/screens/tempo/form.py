"""The Find Tempo form: tempo range, tolerance, grid, meter, beat unit, pickup, downbeat.

Every field is checked as it is typed: a wrong value turns the field red and the line
under the form says what is wrong and how to write it; :meth:`FindForm.read_options`
gives :class:`~scoresync.cuetempo.find.FindOptions` only when every field is right. Enter in a
field (or the Find button) posts :class:`FindForm.Submitted`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from scoresync.cuetempo.find import (
    GRIDS,
    FindOptions,
    check_pickup,
    check_tempo_range,
    check_tolerance,
    downbeat_frames_for,
    normalise_downbeat,
)
from scoresync.errors import ScoreSyncError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.model import Cue
from tempo.common.exact import format_fraction, to_fraction
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.segment import check_bpm
from tui.widgets.fields import Parsed

__all__ = [
    "FindForm",
    "FormDefaults",
    "parse_beat_unit",
    "parse_meter",
]


def parse_meter(text: str) -> Meter:
    """A meter such as ``4/4``, ``6/8`` or ``3+3+2/8``."""
    return Meter.parse(text)


def parse_beat_unit(text: str) -> BeatUnit | None:
    """A beat unit (``q``, ``q.``, ``e`` ...), or ``None`` for ``auto`` / empty: the meter's
    usual beat."""
    if text.strip().lower() in ("", "auto"):
        return None
    return BeatUnit.parse(text)


@dataclass(frozen=True)
class FormDefaults:
    """The values the form starts with, as text."""

    min_bpm: str = "40"
    max_bpm: str = "240"
    tolerance: str = "1"
    grid: str = "beat"
    meter: str = "4/4"
    beat_unit: str = "auto"
    pickup: str = "0"
    downbeat: str = "start"

    @classmethod
    def for_cue(cls, cue: Cue, rate: FrameRate) -> FormDefaults:
        """Defaults taken from the cue's current map (meter, unit, pickup, downbeat)."""
        if cue.tempo is None:
            return cls()
        tempo_map = cue.tempo.map
        first = tempo_map.segments[0]
        downbeat = (
            "start"
            if cue.tempo.downbeat_frames == cue.start_frames
            else frames_to_tc(cue.tempo.downbeat_frames, rate=rate)
        )
        unit = first.unit.label if first.unit != first.meter.default_beat_unit() else "auto"
        return cls(
            meter=str(first.meter),
            beat_unit=unit,
            pickup=format_fraction(tempo_map.pickup_beats),
            downbeat=downbeat,
        )


_FIELDS = (
    ("min_bpm", "min BPM", "find-min-bpm"),
    ("max_bpm", "max BPM", "find-max-bpm"),
    ("tolerance", "tol. frames", "find-tolerance"),
    ("meter", "meter", "find-meter"),
    ("beat_unit", "beat unit", "find-unit"),
    ("pickup", "pickup beats", "find-pickup"),
    ("downbeat", "downbeat", "find-downbeat"),
)

_TOOLTIPS = {
    "min_bpm": "Lowest tempo to search, in BPM of the beat unit",
    "max_bpm": "Highest tempo to search, in BPM of the beat unit",
    "tolerance": "How far off a hit may be and still count as caught, in frames",
    "meter": "Meter of the map: 4/4, 6/8, 3+3+2/8 ...",
    "beat_unit": "Beat the BPM counts: q, q., e, h ... or auto for the meter's usual beat",
    "pickup": "Beats before the bar-1 downbeat (less than one bar)",
    "downbeat": "Where bar 1 starts: start (the cue start), anchor, hit N, a timecode, or a "
    "time after the cue start (2s, 48f)",
}


class FindForm(Widget):
    """The Find Tempo settings for one cue, validated as typed."""

    DEFAULT_CSS = """
    FindForm {
        height: auto;
        padding: 0 1;
        & #find-fields { height: 2; }
        & .find-row { width: auto; height: 2; }
        & #find-row-2 { width: 1fr; }
        & .find-field { width: 11; height: 2; padding-right: 1; }
        & .find-field Label { color: $text-muted; }
        & .find-field Input { width: 1fr; }
        & #field-tolerance { width: 13; }
        & #field-grid { width: 14; }
        & #field-pickup { width: 14; }
        & #field-downbeat { width: 1fr; }
        & #find-button { margin-left: 1; min-width: 8; }
        & #find-message { height: auto; max-height: 3; color: $text-muted; }
        & #find-message.-error { color: $text-error; }
        &.-two-rows {
            & #find-fields { layout: vertical; }
            & .find-row { width: 1fr; height: 1; }
            & .find-field, & #field-tolerance, & #field-grid, & #field-pickup {
                layout: horizontal;
                width: auto;
                height: 1;
            }
            & .find-field Label { width: auto; padding-right: 1; }
            & #find-min-bpm, & #find-max-bpm, & #find-unit { width: 5; }
            & #find-tolerance { width: 3; }
            & #find-grid { width: 12; }
            & #find-meter { width: 7; }
            & #find-pickup { width: 4; }
            & #field-downbeat { width: 1fr; }
            & #find-downbeat { width: 1fr; }
        }
    }
    """

    ONE_ROW_COLUMNS = 112
    """The fields sit in one row from this width, where the downbeat field still has room
    for a timecode; below it they take two rows, each field's label beside it, so the
    form keeps its height (the narrow terminal needs every row for the hits)."""

    class Submitted(Message):
        """Enter was pressed in a field, or the Find button: run Find Tempo."""

        def __init__(self, form: FindForm) -> None:
            super().__init__()
            self.form = form

        @property
        def control(self) -> FindForm:
            return self.form

    def __init__(
        self,
        cue: Cue,
        rate: FrameRate,
        defaults: FormDefaults | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.cue = cue
        self.rate = rate
        self.defaults = FormDefaults.for_cue(cue, rate) if defaults is None else defaults

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="find-fields"):
            with Horizontal(id="find-row-1", classes="find-row"):
                for key, label, input_id in _FIELDS[:3]:
                    yield self._field(key, label, input_id)
                yield self._grid_field()
                yield self._field(*_FIELDS[3])
            with Horizontal(id="find-row-2", classes="find-row"):
                for key, label, input_id in _FIELDS[4:]:
                    yield self._field(key, label, input_id)
                yield Button("Find", id="find-button", compact=True, tooltip="Run Find Tempo (F5)")
        yield Static(id="find-message")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.ONE_ROW_COLUMNS, "-two-rows")

    def _grid_field(self) -> Vertical:
        grid = Select(
            [(name, name) for name in GRIDS],
            value=self.defaults.grid,
            allow_blank=False,
            compact=True,
            id="find-grid",
        )
        grid.tooltip = "Grid a beat-targeted hit may land on"
        return Vertical(Label("grid"), grid, classes="find-field", id="field-grid")

    def _field(self, key: str, label: str, input_id: str) -> Vertical:
        field = Input(
            value=getattr(self.defaults, key),
            validators=[Parsed(self._parser(key))],
            compact=True,
            id=input_id,
            tooltip=_TOOLTIPS[key],
        )
        return Vertical(Label(label), field, classes="find-field", id=f"field-{key}")

    def on_mount(self) -> None:
        self.revalidate()

    # -- parsing -----------------------------------------------------------------------

    def _parser(self, key: str) -> Callable[[str], Any]:
        parsers: dict[str, Callable[[str], Any]] = {
            "min_bpm": lambda text: check_bpm(text, what="min BPM"),
            "max_bpm": self._parse_max_bpm,
            "tolerance": lambda text: check_tolerance(to_fraction(text, what="tolerance")),
            "meter": parse_meter,
            "beat_unit": parse_beat_unit,
            "pickup": lambda text: check_pickup(
                to_fraction(text, what="pickup"), self._meter_or_none(), self._unit_or_none()
            ),
            "downbeat": self._parse_downbeat,
        }
        return parsers[key]

    def _text(self, key: str) -> str:
        """The text of field ``key`` (its starting value while the form is being built)."""
        input_id = next(input_id for name, _, input_id in _FIELDS if name == key)
        fields = self.query(f"#{input_id}").results(Input)
        field = next(fields, None)
        return getattr(self.defaults, key) if field is None else field.value

    def _meter_or_none(self) -> Meter | None:
        try:
            return parse_meter(self._text("meter"))
        except ScoreSyncError:
            return None

    def _unit_or_none(self) -> BeatUnit | None:
        try:
            return parse_beat_unit(self._text("beat_unit"))
        except ScoreSyncError:
            return None

    def _parse_max_bpm(self, text: str) -> Fraction:
        value = check_bpm(text, what="max BPM")
        try:
            low = check_bpm(self._text("min_bpm"), what="min BPM")
        except ScoreSyncError:
            return value
        check_tempo_range(low, value)
        return value

    def _parse_downbeat(self, text: str) -> str:
        downbeat = normalise_downbeat(text)
        downbeat_frames_for(self.cue, downbeat, self.rate)
        return downbeat

    # -- validation --------------------------------------------------------------------

    def problems(self) -> list[tuple[str, str]]:
        """``(field label, message)`` for every field that is wrong now."""
        found = []
        for _key, label, input_id in _FIELDS:
            field = self.query_one(f"#{input_id}", Input)
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                found.append((label, "; ".join(result.failure_descriptions)))
        return found

    def revalidate(self) -> list[tuple[str, str]]:
        """Check every field (some depend on others), mark the wrong ones and say why."""
        found = self.problems()
        message = self.query_one("#find-message", Static)
        message.set_class(bool(found), "-error")
        if found:
            label, reason = found[0]
            more = f"  (+{len(found) - 1} more)" if len(found) > 1 else ""
            message.update(Text(f"{label}: {reason}{more}"))
        else:
            message.update("Enter or F5 finds the tempos that catch this cue's hits.")
        return found

    def read_options(self) -> FindOptions | None:
        """The options the fields give, or ``None`` (with the reason shown) when one is
        wrong."""
        if self.revalidate():
            return None
        meter = parse_meter(self._text("meter"))
        unit = parse_beat_unit(self._text("beat_unit"))
        try:
            return FindOptions(
                min_bpm=check_bpm(self._text("min_bpm"), what="min BPM"),
                max_bpm=self._parse_max_bpm(self._text("max_bpm")),
                tolerance_frames=to_fraction(self._text("tolerance"), what="tolerance"),
                grid=str(self.query_one("#find-grid", Select).value),
                meter=meter,
                beat_unit=unit,
                pickup_beats=to_fraction(self._text("pickup"), what="pickup"),
                downbeat=normalise_downbeat(self._text("downbeat")),
            )
        except ScoreSyncError as error:
            message = self.query_one("#find-message", Static)
            message.set_class(True, "-error")
            message.update(Text(str(error)))
            return None

    def downbeat_frames(self) -> int | None:
        """The downbeat the field names, in frames, or ``None`` while it is wrong."""
        try:
            return downbeat_frames_for(
                self.cue, normalise_downbeat(self._text("downbeat")), self.rate
            )
        except (ScoreSyncError, ValueError):
            return None

    # -- events ------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.revalidate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Submitted(self))
