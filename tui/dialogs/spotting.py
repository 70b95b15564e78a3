"""The spotting forms: a cue (new or edited), a hit, a split and the go-to position.

Each is a :class:`~tui.dialogs.form.FormDialog` that dismisses with a small frozen form
(:class:`CueForm`, :class:`HitForm`, :class:`SplitForm`, or the frames to go to) or None;
the screen turns the answer into an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from textual import on
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import duration_to_tc, frames_to_tc
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import CueStatus, HitTarget
from tempo.common.exact import TOLERANCE_FRAMES
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
    the cue being edited, which its in and out must keep inside; ``start_check`` says
    what is wrong with an in the project refuses (before the session start or the first
    reel), or None.
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
        start_check: Callable[[int], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.number_input = CueNumberInput("", taken=taken, id="number")
        self.title_input = TextInput(placeholder="cue title", id="title")
        self.start_input = TimecodeInput(
            "",
            rate=rate,
            origin=session_start_frames,
            origin_name="the session start",
            check=self._start_problem,
            id="start",
        )
        self.end_input = TimecodeInput(
            "",
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
        self.description_input = TextInput(id="description")
        self.in_note_input = TextInput(id="in_note")
        self.out_note_input = TextInput(id="out_note")
        self.load(
            heading=heading,
            rate=rate,
            taken=taken,
            form=form,
            session_start_frames=session_start_frames,
            hit_span=hit_span,
            start_check=start_check,
        )

    def load(
        self,
        *,
        heading: str,
        rate: FrameRate,
        taken: frozenset[CueNumber],
        form: CueForm,
        session_start_frames: int,
        hit_span: tuple[int, int] | None = None,
        start_check: Callable[[int], str | None] | None = None,
    ) -> None:
        """Show ``form`` (see :class:`CueDialog`)."""
        self.TITLE_TEXT = heading
        self.rate = rate
        self.form = form
        self.hit_span = hit_span
        self.start_check = start_check
        self.number_input.taken = taken
        self.start_input.place(rate=rate, origin=session_start_frames)
        self.end_input.place(rate=rate)
        self.number_input.value = str(form.number)
        self.title_input.value = form.title
        self.start_input.value = frames_to_tc(form.start_frames, rate=rate)
        self.end_input.value = frames_to_tc(form.end_frames, rate=rate)
        self.description_input.value = form.description
        self.in_note_input.value = form.in_note
        self.out_note_input.value = form.out_note
        if self.is_mounted:  # a select given a value before it mounts shows its prompt
            self.status_select.value = form.status
            self.query_one("#length", Static).update(self._length_text())
        self.shown_again()

    def fields(self) -> Iterator[Widget]:
        yield Field("Number", self.number_input)
        yield Field("Title", self.title_input)
        yield Field("In", self.start_input)
        yield Field("Out", self.end_input, id="end-field")
        yield Static(self._length_text(), id="length", classes="dialog-note", markup=False)
        yield Field("Status", self.status_select)
        yield Field("Description", self.description_input)
        yield Field("In note", self.in_note_input)
        yield Field("Out note", self.out_note_input)

    def _start_problem(self, frames: int) -> str | None:
        if self.start_check is not None and (problem := self.start_check(frames)):
            return problem
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
            description=self.description_input.value.strip(),
            in_note=self.in_note_input.value.strip(),
            out_note=self.out_note_input.value.strip(),
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
    """Add or edit a hit of a cue: its timecode (inside the cue), label, weight and target.

    ``place_check`` says what is wrong with a position the project refuses for this hit
    (the frame of another of the cue's hits), or None: the form says so as it is typed.
    """

    def __init__(
        self,
        *,
        heading: str,
        rate: FrameRate,
        cue_span: tuple[int, int],
        form: HitForm,
        place_check: Callable[[int], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.position = TimecodeInput(
            "",
            rate=rate,
            origin=cue_span[0],
            origin_name="the cue's in",
            check=self._position_problem,
            id="position",
        )
        self.label_input = TextInput(placeholder="what happens on screen", id="label")
        self.weight_input = WeightInput("", id="weight")
        self.must_hit_box = FormCheckbox(
            "the music must land it", form.must_hit, id="must_hit", compact=True
        )
        self.target_select: Select[HitTarget] = Select(
            [(t.value, t) for t in HitTarget],
            value=form.target,
            allow_blank=False,
            compact=True,
            id="target",
        )
        self.tolerance_input = FractionInput(
            "", what="the tolerance in frames", rule=TOLERANCE_FRAMES, id="tolerance"
        )
        self.load(heading=heading, rate=rate, cue_span=cue_span, form=form, place_check=place_check)

    def load(
        self,
        *,
        heading: str,
        rate: FrameRate,
        cue_span: tuple[int, int],
        form: HitForm,
        place_check: Callable[[int], str | None] | None = None,
    ) -> None:
        """Show ``form`` for a hit inside ``cue_span``."""
        self.TITLE_TEXT = heading
        self.rate = rate
        self.cue_span = cue_span
        self.place_check = place_check
        self.form = form
        self.position.place(rate=rate, origin=cue_span[0])
        self.position.value = frames_to_tc(form.frames, rate=rate)
        self.label_input.value = form.label
        self.weight_input.value = f"{form.weight:g}"
        tolerance = form.tolerance_frames
        self.tolerance_input.value = "" if tolerance is None else str(tolerance)
        self.must_hit_box.value = form.must_hit
        if self.is_mounted:  # a select given a value before it mounts shows its prompt
            self.target_select.value = form.target
        self.shown_again()

    def _position_problem(self, frames: int) -> str | None:
        """Why a hit cannot go at ``frames``: outside the cue, or refused by ``place_check``."""
        start, end = self.cue_span
        if start <= frames < end:
            return None if self.place_check is None else self.place_check(frames)
        return (
            f"a hit lies inside its cue: from {frames_to_tc(start, rate=self.rate)} "
            f"to before {frames_to_tc(end, rate=self.rate)}"
        )

    def fields(self) -> Iterator[Widget]:
        yield Field("Timecode", self.position)
        yield Field("Label", self.label_input)
        yield Field("Weight", self.weight_input)
        yield Field("Must hit", self.must_hit_box)
        yield Field("Target", self.target_select)
        yield Field("Tolerance", self.tolerance_input)

    def result(self) -> HitForm:
        frames = self.position.frames
        assert frames is not None
        return HitForm(
            frames=frames,
            label=self.label_input.value.strip(),
            weight=self.weight_input.weight,
            must_hit=self.must_hit_box.value,
            target=self.target_select.value,  # type: ignore[arg-type]
            tolerance_frames=self.tolerance_input.fraction,
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
