"""The spotting forms: a cue (new or edited), a hit, a split and the go-to position.

Each is a :class:`~tui.dialogs.form.FormDialog` that dismisses with a small frozen form
(:class:`CueForm`, :class:`HitForm`, :class:`SplitForm`, or the frames to go to) or None;
the screen turns the answer into an edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from textual import on
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static

from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import duration_to_tc, frames_to_tc
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import CueStatus, HitTarget
from tui.dialogs.form import FormCheckbox, FormDialog
from tui.widgets.fields import (
    CueNumberInput,
    Field,
    FractionInput,
    TextInput,
    TimecodeInput,
    WeightInput,
)

__all__ = [
    "CueDialog",
    "CueForm",
    "GotoDialog",
    "HitDialog",
    "HitForm",
    "SplitDialog",
    "SplitForm",
]


@dataclass(frozen=True)
class CueForm:
    """What the cue dialog answers."""

    number: CueNumber
    title: str
    start_frames: int
    end_frames: int
    status: CueStatus
    description: str
    in_note: str
    out_note: str


class CueDialog(FormDialog[CueForm]):
    """Spot a new cue or edit one: number, title, in and out timecodes, status, notes.

    ``taken`` are the numbers of the other cues; ``hit_span`` the first and last hit of
    the cue being edited, which its in and out must keep inside.
    """

    def __init__(
        self,
        *,
        heading: str,
        rate: FrameRate,
        taken: frozenset[CueNumber],
        form: CueForm,
        session_start_frames: int,
        hit_span: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.TITLE_TEXT = heading
        self.rate = rate
        self.form = form
        self.hit_span = hit_span
        self.number_input = CueNumberInput(str(form.number), taken=taken, id="number")
        self.title_input = TextInput(form.title, placeholder="cue title", id="title")
        self.start_input = TimecodeInput(
            frames_to_tc(form.start_frames, rate=rate),
            rate=rate,
            origin=session_start_frames,
            origin_name="the session start",
            check=self._start_problem,
            id="start",
        )
        self.end_input = TimecodeInput(
            frames_to_tc(form.end_frames, rate=rate),
            rate=rate,
            origin=lambda: self.start_input.frames,
            origin_name="the cue's in",
            check=self._end_problem,
            id="end",
        )
        self.status_select: Select[CueStatus] = Select(
            [(status.value, status) for status in CueStatus],
            value=form.status,
            allow_blank=False,
            compact=True,
            id="status",
        )

    def fields(self) -> Iterator[Widget]:
        yield Field("Number", self.number_input)
        yield Field("Title", self.title_input)
        yield Field("In", self.start_input)
        yield Field("Out", self.end_input, id="end-field")
        yield Static(self._length_text(), id="length", classes="dialog-note", markup=False)
        yield Field("Status", self.status_select)
        yield Field("Description", TextInput(self.form.description, id="description"))
        yield Field("In note", TextInput(self.form.in_note, id="in_note"))
        yield Field("Out note", TextInput(self.form.out_note, id="out_note"))

    def _start_problem(self, frames: int) -> str | None:
        if self.hit_span is not None and frames > self.hit_span[0]:
            first = frames_to_tc(self.hit_span[0], rate=self.rate)
            return f"the cue's first hit is at {first}; start at or before it"
        return None

    def _end_problem(self, frames: int) -> str | None:
        start = self.start_input.frames
        if start is not None and frames <= start:
            return "the out must come after the in (the out is exclusive: one frame at least)"
        if self.hit_span is not None and frames <= self.hit_span[1]:
            last = frames_to_tc(self.hit_span[1], rate=self.rate)
            return f"the cue's last hit is at {last}; end after it"
        return None

    def _length_text(self) -> str:
        start, end = self.start_input.frames, self.end_input.frames
        if start is None or end is None or end <= start:
            return "Length —"
        return f"Length {duration_to_tc(end - start, rate=self.rate)}"

    @on(Input.Changed, "#start, #end")
    def _times_changed(self, event: Input.Changed) -> None:
        if event.input is self.start_input:
            self.query_one("#end-field", Field).check()
        self.query_one("#length", Static).update(self._length_text())

    def result(self) -> CueForm:
        number, start, end = (
            self.number_input.number,
            self.start_input.frames,
            self.end_input.frames,
        )
        assert number is not None and start is not None and end is not None
        return CueForm(
            number=number,
            title=self.title_input.value.strip(),
            start_frames=start,
            end_frames=end,
            status=self.status_select.value,  # type: ignore[arg-type]
            description=self.query_one("#description", Input).value.strip(),
            in_note=self.query_one("#in_note", Input).value.strip(),
            out_note=self.query_one("#out_note", Input).value.strip(),
        )


@dataclass(frozen=True)
class HitForm:
    """What the hit dialog answers."""

    frames: int
    label: str
    weight: float
    must_hit: bool
    target: HitTarget
    tolerance_frames: Fraction | None


class HitDialog(FormDialog[HitForm]):
    """Add or edit a hit of a cue: its timecode (inside the cue), label, weight and target."""

    def __init__(
        self, *, heading: str, rate: FrameRate, cue_span: tuple[int, int], form: HitForm
    ) -> None:
        super().__init__()
        self.TITLE_TEXT = heading
        self.rate = rate
        self.cue_span = cue_span
        self.form = form
        self.position = TimecodeInput(
            frames_to_tc(form.frames, rate=rate),
            rate=rate,
            origin=cue_span[0],
            origin_name="the cue's in",
            check=self._outside,
            id="position",
        )

    def _outside(self, frames: int) -> str | None:
        start, end = self.cue_span
        if start <= frames < end:
            return None
        return (
            f"a hit lies inside its cue: from {frames_to_tc(start, rate=self.rate)} "
            f"to before {frames_to_tc(end, rate=self.rate)}"
        )

    def fields(self) -> Iterator[Widget]:
        tolerance = "" if self.form.tolerance_frames is None else str(self.form.tolerance_frames)
        yield Field("Timecode", self.position)
        yield Field(
            "Label", TextInput(self.form.label, placeholder="what happens on screen", id="label")
        )
        yield Field("Weight", WeightInput(f"{self.form.weight:g}", id="weight"))
        yield Field(
            "Must hit",
            FormCheckbox("the music must land it", self.form.must_hit, id="must_hit", compact=True),
        )
        yield Field(
            "Target",
            Select(
                [(t.value, t) for t in HitTarget],
                value=self.form.target,
                allow_blank=False,
                compact=True,
                id="target",
            ),
        )
        yield Field(
            "Tolerance", FractionInput(tolerance, what="the tolerance in frames", id="tolerance")
        )

    def result(self) -> HitForm:
        frames = self.position.frames
        assert frames is not None
        return HitForm(
            frames=frames,
            label=self.query_one("#label", Input).value.strip(),
            weight=self.query_one("#weight", WeightInput).weight,
            must_hit=self.query_one("#must_hit", Checkbox).value,
            target=self.query_one("#target", Select).value,  # type: ignore[arg-type]
            tolerance_frames=self.query_one("#tolerance", FractionInput).fraction,
        )


@dataclass(frozen=True)
class SplitForm:
    """Where to cut a cue and the number its tail takes."""

    at_frames: int
    tail: CueNumber


class SplitDialog(FormDialog[SplitForm]):
    """Cut a cue in two at a timecode strictly inside it."""

    def __init__(
        self,
        *,
        number: CueNumber,
        rate: FrameRate,
        cue_span: tuple[int, int],
        at_frames: int,
        tail: CueNumber,
        taken: frozenset[CueNumber],
    ) -> None:
        super().__init__()
        self.TITLE_TEXT = f"Split {number}"
        self.rate = rate
        self.cue_span = cue_span
        self.at = TimecodeInput(
            frames_to_tc(at_frames, rate=rate),
            rate=rate,
            origin=cue_span[0],
            origin_name="the cue's in",
            check=self._outside,
            id="at",
        )
        self.tail = CueNumberInput(str(tail), taken=taken, id="tail")

    def _outside(self, frames: int) -> str | None:
        start, end = self.cue_span
        if start < frames < end:
            return None
        return (
            f"cut after the cue's in {frames_to_tc(start, rate=self.rate)} and before "
            f"its out {frames_to_tc(end, rate=self.rate)}"
        )

    def fields(self) -> Iterator[Widget]:
        yield Field("Cut at", self.at)
        yield Field("Tail cue", self.tail)

    def result(self) -> SplitForm:
        at, tail = self.at.frames, self.tail.number
        assert at is not None and tail is not None
        return SplitForm(at, tail)


class GotoDialog(FormDialog[int]):
    """Move the cursor to a typed position."""

    TITLE_TEXT = "Go to"

    def __init__(self, *, rate: FrameRate, frames: int, session_start_frames: int) -> None:
        super().__init__()
        self.position = TimecodeInput(
            frames_to_tc(frames, rate=rate),
            rate=rate,
            origin=session_start_frames,
            origin_name="the session start",
            id="goto",
        )

    def fields(self) -> Iterator[Widget]:
        yield Field("Timecode", self.position)

    def result(self) -> int:
        frames = self.position.frames
        assert frames is not None
        return frames
