"""The multi-segment tempo plan of one cue: planned off the UI thread, shown, applied.

The dialog runs :func:`scoresync.cuetempo.find.plan_cue_tempo` (breaks at hits, constant
or ramped segments, must-hit hits caught first) with the command line's defaults in a
thread worker while a progress bar runs, then shows the segments and how each hit lands
on the planned map (:func:`scoresync.cuetempo.listing.hit_report`). Its fields hold the
command line's options (ramps allowed, the most segments, the cost of a tempo jump);
"Plan again" plans with what they say. Apply dismisses with
the cue carrying the planned map, for the screen to apply as one undoable edit; Close
dismisses with None and changes nothing.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from scoresync.cuetempo.find import FindOptions, apply_tempo_map, plan_cue_tempo, plan_map
from scoresync.cuetempo.listing import HitReport, hit_report
from scoresync.errors import ScoreSyncError
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.model import Cue, Project
from tempo.common.exact import JUMP_PENALTY, signed_text
from tui.dialogs.form import FormCheckbox
from tui.keys import DIALOG_BINDINGS
from tui.widgets.fields import Field, FractionInput, Parsed, TextInput

MAX_SEGMENTS = 64
"""The most segments a plan may have (as ``tempo plan --max-segments``)."""


def segment_count(text: str) -> int:
    """The most segments typed: a whole number from 1 to :data:`MAX_SEGMENTS`."""
    try:
        count = int(text.strip())
    except ValueError:
        raise ValueError(f"give a whole number of segments from 1 to {MAX_SEGMENTS}") from None
    if not 1 <= count <= MAX_SEGMENTS:
        raise ValueError(f"give a whole number of segments from 1 to {MAX_SEGMENTS}")
    return count


__all__ = ["PlanDialog", "plan_lines"]


def plan_lines(planned: Cue, report: HitReport, project: Project) -> list[str]:
    """What a plan catches, as lines: the totals, each segment, each hit against it."""
    assert planned.tempo is not None
    rate = project.rate
    rms = f", RMS {report.rms_frames:.2f} frames" if report.hits else ""
    lines = [
        f"{report.hits} of {len(planned.hits)} hits caught, {report.near} near, "
        f"{report.miss} missed{rms}; downbeat "
        f"{frames_to_tc(planned.tempo.downbeat_frames, rate=rate)}",
        "",
    ]
    lines.extend(
        f"segment {n}: {segment.describe()}"
        for n, segment in enumerate(planned.tempo.map.segments, start=1)
    )
    lines.append("")
    lines.extend(
        f"hit {row.index} {row.tc} {row.status} {signed_text(row.frames_off)}f at {row.nearest}"
        + (f"  {row.label}" if row.label else "")
        for row in report.rows
    )
    return lines


class PlanDialog(ModalScreen[Cue | None]):
    """Plans cue ``number`` of ``project`` (read only) and offers the plan to apply."""

    DEFAULT_CSS = """
    PlanDialog {
        align: center middle;
        background: $background 60%;
        & > #plan-box {
            width: 100;
            max-width: 95%;
            height: auto;
            max-height: 90%;
            padding: 0 2;
            border: round $primary;
            background: $surface;
        }
        & #plan-title { text-style: bold; color: $primary; margin: 1 0; }
        & #plan-progress { height: 1; }
        & #plan-options { height: auto; }
        & #plan-options Field { width: 1fr; }
        & #plan-options #plan-ramps-field { width: 25; }
        & #plan-ramps { width: auto; }
        & #plan-run { margin-left: 1; min-width: 12; }
        & #plan-result { height: auto; max-height: 24; overflow-y: auto; }
        & #plan-result.-error { color: $text-error; }
        & #plan-buttons { height: auto; align: right middle; margin: 1 0; }
        & #plan-buttons Button { margin-left: 1; min-width: 10; }
    }
    PlanDialog.-done #plan-progress { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*DIALOG_BINDINGS]

    class Planned(Message):
        """The plan is ready: the cue with the planned map, and how its hits land."""

        def __init__(self, planned: Cue, report: HitReport, request: int = 0) -> None:
            super().__init__()
            self.planned = planned
            self.report = report
            self.request = request

    class PlanFailed(Message):
        """No plan could be made; ``message`` says why and what to do."""

        def __init__(self, message: str, request: int = 0) -> None:
            super().__init__()
            self.message = message
            self.request = request

    def __init__(self, project: Project, cue: Cue) -> None:
        super().__init__(classes="dialog-screen")
        self.project = project
        self.cue = cue
        self.planned: Cue | None = None
        self._request = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-box"):
            yield Label(f"Plan tempo segments for {self.cue.name}", id="plan-title")
            with Horizontal(id="plan-options"):
                ramps = FormCheckbox("allowed", True, id="plan-ramps", compact=True)
                yield Field("Ramps", ramps, id="plan-ramps-field")
                yield Field(
                    "Segments",
                    TextInput("8", id="plan-segments", validators=[Parsed(segment_count)]),
                )
                yield Field(
                    "Jump cost",
                    FractionInput("2", what="jump penalty", rule=JUMP_PENALTY, id="plan-jump"),
                )
                yield Button("Plan again", id="plan-run")
            with Horizontal(id="plan-progress"):
                yield Static("Planning segments that catch the hits ", markup=False)
                yield ProgressBar(total=None, show_eta=False, show_percentage=False)
            yield Static("", id="plan-result", markup=False)
            with Horizontal(id="plan-buttons"):
                yield Button("Apply", variant="primary", id="plan-apply", disabled=True)
                yield Button("Close", id="plan-close")

    def on_mount(self) -> None:
        self.query_one("#plan-close", Button).focus()
        self._plan(self._request, self.project, self.cue, True, 8, 2.0)

    def action_plan_again(self) -> None:
        """Plan again with the fields' options, once every field is right."""
        problems = []
        for field_id in ("#plan-segments", "#plan-jump"):
            result = self.query_one(field_id, TextInput).check()
            if result is not None and not result.is_valid:
                problems.extend(result.failure_descriptions)
        if problems:
            shown = self.query_one("#plan-result", Static)
            shown.update(Text("; ".join(problems)))
            shown.add_class("-error")
            return
        ramps = self.query_one("#plan-ramps", FormCheckbox).value
        count = segment_count(self.query_one("#plan-segments", Input).value)
        jump = self.query_one("#plan-jump", FractionInput).fraction
        self.planned = None
        self.query_one("#plan-apply", Button).disabled = True
        self.remove_class("-done")
        self._request += 1
        penalty = float(2 if jump is None else jump)
        self._plan(self._request, self.project, self.cue, ramps, count, penalty)

    @on(Button.Pressed, "#plan-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_plan_again()

    @work(thread=True, exclusive=True, group="plan")
    def _plan(
        self,
        request: int,
        project: Project,
        cue: Cue,
        ramps: bool,
        max_segments: int,
        jump_penalty: float,
    ) -> None:
        """Plans off the UI thread and posts the result."""
        options = FindOptions()
        try:
            downbeat, plan = plan_cue_tempo(
                cue,
                project.rate,
                options,
                allow_ramps=ramps,
                jump_penalty=jump_penalty,
                max_segments=max_segments,
            )
            planned = apply_tempo_map(cue, plan_map(plan, options), downbeat, rate=project.rate)
            report = hit_report(
                planned, project.rate, tolerance_frames=options.tolerance_frames, grid=options.grid
            )
        except ScoreSyncError as error:
            self.post_message(self.PlanFailed(str(error), request))
        except Exception as error:  # noqa: BLE001  every failure is shown, never raised
            self.post_message(
                self.PlanFailed(
                    f"the plan failed ({type(error).__name__}: {error}); nothing changed",
                    request,
                )
            )
        else:
            self.post_message(self.Planned(planned, report, request))

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        if message.request != self._request:
            return  # a plan made with options since changed
        self.add_class("-done")
        self.query_one("#plan-result", Static).remove_class("-error")
        self.planned = message.planned
        lines = plan_lines(message.planned, message.report, self.project)
        self.query_one("#plan-result", Static).update(Text("\n".join(lines)))
        apply = self.query_one("#plan-apply", Button)
        apply.disabled = False
        apply.focus()

    @on(PlanFailed)
    def _failed(self, message: PlanFailed) -> None:
        if message.request != self._request:
            return
        self.add_class("-done")
        result = self.query_one("#plan-result", Static)
        result.update(Text(message.message))
        result.add_class("-error")

    @on(Button.Pressed, "#plan-apply")
    def _apply_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#plan-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_submit(self) -> None:
        """Apply the plan, once there is one."""
        if self.planned is not None:
            self.dismiss(self.planned)

    def action_cancel(self) -> None:
        self.dismiss(None)
