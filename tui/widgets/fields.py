"""Form fields that check what is typed as it is typed: timecodes, cue numbers, numbers.

A wrong value turns the field red with the reason (the message of the
:class:`~scoresync.errors.TimecodeError` or :class:`~scoresync.project.cuenumber.CueNumberError`),
and the dialog that holds it refuses to close with OK until it is right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction

from textual import events
from textual.app import ComposeResult
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from scoresync.errors import ScoreSyncError, TimecodeError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc, parse_position
from scoresync.project.cuenumber import CueNumber, CueNumberError, next_after
from tempo.common.exact import WEIGHT, Range, to_fraction

__all__ = [
    "CueNumberInput",
    "Field",
    "FractionInput",
    "OneLineInput",
    "TextInput",
    "TimecodeInput",
    "WeightInput",
    "one_line",
]

RangeCheck = Callable[[int], str | None]
"""Returns why a position (in frames) is not allowed here, or None when it is."""


def one_line(text: str) -> str:
    """Pasted ``text`` as one line: its lines joined by a space, blank lines dropped.

    >>> one_line("rep\\n6\\r\\n")
    'rep 6'
    """
    return " ".join(line for line in text.splitlines() if line.strip())


class OneLineInput(Input):
    """An input that takes a paste as one line, so a pasted newline never submits its form
    (nor drops the text after it, as Textual's input does)."""

    def on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Textual's own handler keeps the first line only
        event.stop()
        self._insert(one_line(event.text))

    def action_paste(self) -> None:
        self._insert(one_line(self.app.clipboard))

    def _insert(self, text: str) -> None:
        if text:
            self.replace(text, *self.selection)


class TextInput(OneLineInput):
    """A one-line input in the app's compact style; blinks unless the app turns that off."""

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        id: str | None = None,
        validators: Iterable[Validator] = (),
    ) -> None:
        super().__init__(
            value,
            placeholder=placeholder,
            id=id,
            validators=list(validators) or None,
            validate_on=["changed", "submitted"],
            compact=True,
        )

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)

    def check(self) -> ValidationResult | None:
        """Validate the current value (as OK does) and return the result."""
        return self.validate(self.value)


class Parsed(Validator):
    """Accepts text that ``parse`` reads; the failure is the parse error's message."""

    def __init__(self, parse: Callable[[str], object]) -> None:
        super().__init__()
        self.parse = parse

    def validate(self, value: str) -> ValidationResult:
        try:
            self.parse(value)
        except (ScoreSyncError, ValueError) as error:
            return self.failure(str(error), value)
        return self.success()


Origin = int | Callable[[], int | None]
"""Where a position typed as a duration (``2s``, ``48f``) counts from: a frame, or a
function giving one (``None`` while it is not known, e.g. a start field being edited)."""


def _origin_frames(origin: Origin) -> int | None:
    return origin() if callable(origin) else origin


class _PositionValidator(Validator):
    def __init__(self, rate: FrameRate, check: RangeCheck | None, origin: Origin) -> None:
        super().__init__()
        self.rate = rate
        self.range_check = check
        self.origin = origin

    def validate(self, value: str) -> ValidationResult:
        origin = _origin_frames(self.origin)
        if origin is None:
            origin = 0
        try:
            frames = parse_position(value, rate=self.rate, origin_frames=origin)
        except TimecodeError as error:
            return self.failure(str(error), value)
        if frames < 0:
            return self.failure("a position cannot be before 00:00:00:00", value)
        if self.range_check is not None and (problem := self.range_check(frames)):
            return self.failure(problem, value)
        return self.success()


class TimecodeInput(TextInput):
    """A picture position: a timecode label, or a duration (``1234f``, ``12.5s``,
    ``123+04``) counted from the field's origin, which its placeholder names."""

    def __init__(
        self,
        value: str,
        *,
        rate: FrameRate,
        origin: Origin = 0,
        origin_name: str = "midnight",
        check: RangeCheck | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(
            value,
            placeholder=f"HH:MM:SS:FF, or 2s after {origin_name}",
            id=id,
            validators=[_PositionValidator(rate, check, origin)],
        )
        self.rate = rate
        self.origin = origin

    def place(self, *, rate: FrameRate, origin: Origin | None = None) -> None:
        """Read positions at ``rate`` from now on, and durations from ``origin`` when given
        (a kept dialog shown for another cue)."""
        self.rate = rate
        if origin is not None:
            self.origin = origin
        for validator in self.validators:
            if isinstance(validator, _PositionValidator):
                validator.rate, validator.origin = rate, self.origin

    @property
    def frames(self) -> int | None:
        """The position typed, in frames, or None while it is not valid."""
        result = self.check()
        if result is not None and not result.is_valid:
            return None
        origin = _origin_frames(self.origin)
        return parse_position(self.value, rate=self.rate, origin_frames=origin or 0)

    def hint(self) -> str:
        """The timecode a valid entry names, when it was typed in another form."""
        frames = self.frames
        if frames is None:
            return ""
        label = frames_to_tc(frames, rate=self.rate)
        return "" if label == self.value.strip() else f"= {label}"


class _CueNumberValidator(Validator):
    def __init__(self, taken: frozenset[CueNumber]) -> None:
        super().__init__()
        self.taken = taken

    def validate(self, value: str) -> ValidationResult:
        try:
            number = CueNumber.parse(value)
        except CueNumberError as error:
            return self.failure(str(error), value)
        if number in self.taken:
            free = next_after(self.taken, number.reel)
            return self.failure(
                f"{number} is already a cue; the next free number in reel {number.reel} is {free}",
                value,
            )
        return self.success()


class CueNumberInput(TextInput):
    """A cue number (``1M3``, ``2M4A``) that no other cue has."""

    def __init__(self, value: str, *, taken: frozenset[CueNumber], id: str | None = None) -> None:
        super().__init__(value, placeholder="1M1", id=id, validators=[_CueNumberValidator(taken)])

    @property
    def taken(self) -> frozenset[CueNumber]:
        """The numbers of the other cues, which this one may not take."""
        validator = self.validators[0]
        assert isinstance(validator, _CueNumberValidator)
        return validator.taken

    @taken.setter
    def taken(self, taken: frozenset[CueNumber]) -> None:
        self.validators = [_CueNumberValidator(taken)]

    @property
    def number(self) -> CueNumber | None:
        """The number typed, or None while it is not valid."""
        result = self.check()
        if result is not None and not result.is_valid:
            return None
        return CueNumber.parse(self.value)


class _NumberValidator(Validator):
    """A number in the field's :class:`~tempo.common.exact.Range`: the same rule and words
    as the command line and the project file."""

    def __init__(self, what: str, rule: Range, *, blank_ok: bool) -> None:
        super().__init__()
        self.what = what
        self.rule = rule
        self.blank_ok = blank_ok

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text and self.blank_ok:
            return self.success()
        try:
            number = to_fraction(text, what=self.what)
        except ScoreSyncError:
            return self.failure(f"{self.what} must be a number such as 1, 2.5 or 1/2", value)
        problem = self.rule.problem(number, what=self.what)
        return self.success() if problem is None else self.failure(problem, value)


class WeightInput(TextInput):
    """A hit's weight: how much catching the hit matters, in :data:`WEIGHT`'s range."""

    def __init__(self, value: str, *, id: str | None = None) -> None:
        super().__init__(
            value,
            placeholder="1",
            id=id,
            validators=[_NumberValidator("the weight", WEIGHT, blank_ok=False)],
        )

    @property
    def weight(self) -> float:
        """The weight typed (call only once the field is valid)."""
        return float(to_fraction(self.value, what="the weight"))


class FractionInput(TextInput):
    """An optional exact number in the range ``rule`` (blank: none)."""

    def __init__(self, value: str, *, what: str, rule: Range, id: str | None = None) -> None:
        super().__init__(
            value,
            placeholder="default",
            id=id,
            validators=[_NumberValidator(what, rule, blank_ok=True)],
        )
        self.what = what

    @property
    def fraction(self) -> Fraction | None:
        """The number typed, or None when blank (call only once the field is valid)."""
        text = self.value.strip()
        return to_fraction(text, what=self.what) if text else None


class Field(Widget):
    """A labelled control with a line under it: what is wrong with the value, or (for a
    timecode typed another way) the timecode it names.

    A grid of three widgets (label, control, note) keeps a form light to build.
    """

    DEFAULT_CSS = """
    Field {
        layout: grid;
        grid-size: 2;
        grid-columns: 12 1fr;
        grid-rows: auto;
        height: auto;
    }
    Field .field-label { width: 100%; color: $foreground-muted; }
    Field .field-note { column-span: 2; display: none; padding-left: 12; }
    Field .field-note.field-hint { display: block; color: $foreground-muted; }
    Field .field-note.field-error { display: block; color: $error; }
    Field.-invalid .field-label { color: $error; }
    """

    def __init__(self, label: str, control: Widget, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.control_widget = control

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        yield self.control_widget
        yield Static("", classes="field-note", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_result(event.validation_result)

    def show_result(self, result: ValidationResult | None) -> None:
        """Show the reason a value is wrong, or the hint for a right one."""
        invalid = result is not None and not result.is_valid
        hint = ""
        if invalid and result is not None:
            note = "; ".join(result.failure_descriptions)
        else:
            if isinstance(self.control_widget, TimecodeInput):
                hint = self.control_widget.hint()
            note = hint
        self.set_class(invalid, "-invalid")
        self.set_class(bool(hint), "-hinted")
        line = self.query_one(".field-note", Static)
        line.update(note)
        line.set_class(invalid, "field-error")
        line.set_class(bool(hint), "field-hint")

    def check(self) -> bool:
        """Validate the control now (as OK does); show and return whether it is right."""
        control = self.control_widget
        if not isinstance(control, TextInput):
            return True
        result = control.check()
        self.show_result(result)
        return result is None or result.is_valid
