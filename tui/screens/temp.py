"""The Temp screen: a cue's temp music against its picture and hits.

``TempScreen(project, cue_number, project_path)`` works on a copy of one cue and never
changes the project: Escape dismisses it with the edited cue (``None`` when nothing
changed), and the main screen makes that one undoable edit. It shows:

- a strip over the cue: the played audio's loudness envelope, its bar lines with bar
  numbers, the cue's start and end, and the hits;
- each hit against the temp's nearest beat (downbeat or beat, frames off);
- the fit proposals (``f``): edits of whole bars, and a stretch of a few percent, that end
  the music on the cue's end, ranked by the hits they land; Enter takes the one under the
  cursor.

``a`` attaches an audio file (bar 1 on the cue's start), ``[`` and ``]`` move the bar
lines by a beat, ``m`` and ``b`` set the meter and tempo hints (the piece is analysed
again), ``r`` renders the cue's temp as Broadcast Wave at timecode. Analysis, fitting and
rendering run in thread workers with their progress on the status line.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from scoresync.errors import ScoreSyncError
from scoresync.picture.timecode import frames_to_tc
from tempo.common.exact import signed_text
from tui.keys import TEMP_BINDINGS
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from scoresync.project.cuenumber import CueNumber
    from scoresync.project.model import Cue, Project
    from scoresync.temp.fit import FitProposal
    from scoresync.temp.track import PlacedTemp

__all__ = ["TempScreen", "strip_lines"]

BLOCKS = " ▁▂▃▄▅▆▇█"


def strip_lines(placed: PlacedTemp, cue: Cue, envelope: list[float], width: int) -> list[Text]:
    """The strip over ``width`` columns: the envelope (one value per column, 0 to 1), bar
    numbers, bar lines (``|``, the cue's start and end as ``[`` and ``]``), and hits
    (``^``, must-hit hits ``!``), all on one clock from the earlier of the cue's and the
    music's start to the later of their ends."""
    rate = placed.rate
    music_start = placed.start_seconds() * rate.fps
    first = min(Fraction(cue.start_frames), music_start)
    last = max(Fraction(cue.end_frames), placed.end_frames())
    span = max(last - first, Fraction(1))

    def column(frames: Fraction | int) -> int | None:
        at = int((Fraction(frames) - first) / span * width)
        return at if 0 <= at < width else None

    wave = Text(
        "".join(BLOCKS[min(len(BLOCKS) - 1, round(v * (len(BLOCKS) - 1)))] for v in envelope)
    )
    wave.stylize("cyan")
    numbers = [" "] * width
    lines = [" "] * width
    for number, edited in enumerate(_bar_starts(placed), start=1):
        at = column(placed.frames_of_edited(edited))
        if at is None:
            continue
        lines[at] = "|"
        label = str(number)
        if number % 4 == 1 and all(c == " " for c in numbers[at : at + len(label) + 1]):
            numbers[at : at + len(label)] = list(label)[: width - at]
    for frames, mark in ((cue.start_frames, "["), (cue.end_frames - 1, "]")):
        at = column(frames)
        if at is not None:
            lines[at] = mark
    hits = [" "] * width
    for hit in cue.hits:
        at = column(hit.frames)
        if at is not None:
            hits[at] = "!" if hit.must_hit else "^"
    bar_text = Text("".join(lines))
    bar_text.highlight_regex(r"[\[\]]", "bold green")
    hit_text = Text("".join(hits), style="bold yellow")
    return [wave, Text("".join(numbers), style="dim"), bar_text, hit_text]


def _bar_starts(placed: PlacedTemp) -> list[int]:
    """Positions in the edited audio of the bar lines that play, in order."""
    downbeats = placed.analysis.downbeats
    starts: list[int] = []
    passed = 0
    for segment in placed.segments:
        starts.extend(
            passed + d - segment.start for d in downbeats if segment.start <= d < segment.end
        )
        passed += segment.samples
    return starts


class TempScreen(Screen["Cue | None"]):
    """A cue's temp: its bars against the hits, corrections, fits and render."""

    BINDINGS: ClassVar[list[BindingType]] = [*TEMP_BINDINGS]
    AUTO_FOCUS = "#temp-fits"
    DEFAULT_CSS = """
    TempScreen {
        layout: vertical;
        & #temp-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & #temp-status { height: 1; padding: 0 1; color: $text-muted; }
        & #temp-strip { height: 6; border: round $border-blurred; padding: 0 1; }
        & #temp-body { height: 1fr; }
        & #temp-hits, & #temp-fits { width: 1fr; border: round $border-blurred; }
        & #temp-hits:focus, & #temp-fits:focus { border: round $border; }
        & #temp-strip, & #temp-hits, & #temp-fits { border-title-color: $text-muted; }
    }
    """

    class Placed(Message):
        """The temp was analysed and placed (``placed``), with its loudness envelope."""

        def __init__(self, request: int, placed: PlacedTemp, envelope: list[float]) -> None:
            super().__init__()
            self.request, self.placed, self.envelope = request, placed, envelope

    class Progressed(Message):
        def __init__(self, request: int, text: str) -> None:
            super().__init__()
            self.request, self.text = request, text

    class Failed(Message):
        def __init__(self, request: int, reason: str) -> None:
            super().__init__()
            self.request, self.reason = request, reason

    class Fitted(Message):
        def __init__(self, request: int, proposals: list[FitProposal]) -> None:
            super().__init__()
            self.request, self.proposals = request, proposals

    def __init__(self, project: Project, cue_number: CueNumber, project_path: Path) -> None:
        super().__init__(id="temp")
        self.project = project
        self.project_path = project_path
        self.original: Cue = project.cue(str(cue_number))
        self.working: Cue = self.original
        self.placed: PlacedTemp | None = None
        self.envelope: list[float] = []
        self.proposals: list[FitProposal] = []
        self._request = 0

    def compose(self) -> ComposeResult:
        yield Static(id="temp-title", markup=False)
        yield Static(id="temp-status", markup=False)
        yield Static(id="temp-strip")
        with Horizontal(id="temp-body"):
            yield DataTable(id="temp-hits", cursor_type="row")
            with Vertical(id="temp-fits-box"):
                yield DataTable(id="temp-fits", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        hits = self.query_one("#temp-hits", DataTable)
        hits.border_title = "Hits against the temp's beats"
        hits.add_columns("hit", "tc", "lands", "nearest", "frames off", "label")
        fits = self.query_one("#temp-fits", DataTable)
        fits.border_title = "Fits to the cue (f proposes, Enter takes)"
        fits.add_columns("#", "edit", "stretch", "ends", "off", "bar/beat/off")
        self.query_one("#temp-strip").border_title = "Temp against picture"
        self._title()
        if self.working.temp is None:
            self._status("No temp music on this cue: a attaches an audio file")
        else:
            self._analyse()

    # -- state -----------------------------------------------------------------------------

    @property
    def rate(self) -> FrameRate:
        return self.project.rate

    def _tc(self, frames: int) -> str:
        return frames_to_tc(frames, rate=self.rate)

    def _title(self) -> None:
        cue = self.working
        text = f"{cue.number} {cue.title}: temp"
        if cue.temp is not None:
            text += f" {Path(cue.temp.audio).name}"
        if self.placed is not None:
            analysis = self.placed.analysis
            text += (
                f"   {analysis.bpm:.2f} BPM {analysis.meter}   {len(analysis.downbeats)} bars   "
                f"plays {self._tc(int(self.placed.start_seconds() * self.rate.fps))}"
                f" to {self._tc(round(self.placed.end_frames()))}"
            )
            temp = cue.temp
            if temp is not None and (temp.shift_beats or temp.bars or temp.stretch != 1):
                stretch = float(temp.stretch - 1) * 100
                text += f"   shift {temp.shift_beats:+d}   stretch {stretch:+.2f} %"
        self.query_one("#temp-title", Static).update(text)

    def _status(self, text: str) -> None:
        self.query_one("#temp-status", Static).update(text)

    def _set_temp(self, temp: Any, message: str) -> None:
        """Take the edited temp and place it again (the analysis comes from the cache
        unless the hints changed)."""
        self.working = dataclasses.replace(self.working, temp=temp)
        self.proposals = []
        self.query_one("#temp-fits", DataTable).clear()
        self._analyse()
        self._status(message)

    # -- analysis --------------------------------------------------------------------------

    def _analyse(self) -> None:
        self._request += 1
        self._status("Analysing the temp ...")
        self._analyse_in_thread(self._request, self.working)

    @work(thread=True, exclusive=True, group="temp-analyse")
    def _analyse_in_thread(self, request: int, cue: Cue) -> None:
        from scoresync.temp.analysis import analyze_file
        from scoresync.temp.track import place

        def analyse(path: Path, hints: Any) -> Any:
            def progress(fraction: float) -> None:
                self.post_message(
                    self.Progressed(request, f"Analysing {path.name}: {fraction:.0%}")
                )

            return analyze_file(path, hints, progress=progress)

        try:
            placed = place(cue, self.rate, analyse=analyse)
            envelope = self._envelope(placed)
        except ScoreSyncError as error:
            self.post_message(self.Failed(request, str(error)))
            return
        self.post_message(self.Placed(request, placed, envelope))

    def _envelope(self, placed: PlacedTemp, width: int = 400) -> list[float]:
        """Peak level per column of the played (edited) audio over the strip's clock."""
        import numpy as np

        from scoresync.temp.audiofile import read_audio
        from scoresync.temp.render import RenderOptions, played_audio

        source, _ = read_audio(placed.audio)
        audio, first = played_audio(placed, RenderOptions(preview=True), source=source)
        mono = np.abs(audio).max(axis=1) if audio.ndim == 2 else np.abs(audio)
        rate = self.rate
        cue = self.working
        start = min(Fraction(cue.start_frames), placed.start_seconds() * rate.fps)
        end = max(Fraction(cue.end_frames), placed.end_frames())
        sample_rate = placed.sample_rate
        edges = [
            round((start + (end - start) * k / width) / rate.fps * sample_rate) - first
            for k in range(width + 1)
        ]
        peaks = []
        for low, high in zip(edges, edges[1:], strict=False):
            low, high = max(low, 0), min(high, len(mono))
            peaks.append(float(mono[low:high].max()) if high > low else 0.0)
        top = max(peaks) or 1.0
        return [peak / top for peak in peaks]

    def on_temp_screen_progressed(self, event: Progressed) -> None:
        if event.request == self._request:
            self._status(event.text)

    def on_temp_screen_failed(self, event: Failed) -> None:
        if event.request == self._request:
            self._status(f"Not analysed: {event.reason}")
            self.notify(event.reason, title="Temp", severity="error", markup=False)

    def on_temp_screen_placed(self, event: Placed) -> None:
        if event.request != self._request:
            return
        self.placed, self.envelope = event.placed, event.envelope
        self._status(
            "[ and ] move the bar lines a beat, m and b set hints, f proposes fits, r renders"
        )
        self._title()
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        placed = self.placed
        if placed is None or not self.is_mounted:
            return
        strip = self.query_one("#temp-strip", Static)
        width = max(20, strip.size.width - 2 or 100)
        envelope = _resample(self.envelope, width)
        text = Text("\n").join(strip_lines(placed, self.working, envelope, width))
        strip.update(text)
        table = self.query_one("#temp-hits", DataTable)
        table.clear()
        from scoresync.temp.fit import hit_landing

        for number, hit in enumerate(self.working.hits, start=1):
            landing = hit_landing(placed, hit.frames)
            if landing is None:
                kind, off, lands = "no music", "", "—"
            else:
                kind, frames_off, lands = landing
                off = signed_text(frames_off)
            table.add_row(
                str(number), frames_to_tc(hit.frames, rate=self.rate), lands, kind, off, hit.label
            )

    # -- corrections -----------------------------------------------------------------------

    def _temp_or_say(self) -> Any:
        temp = self.working.temp
        if temp is None:
            self.notify("Attach temp music first (a)", severity="warning")
        return temp

    def action_shift(self, beats: int) -> None:
        temp = self._temp_or_say()
        if temp is None or self.placed is None:
            return
        shifted = dataclasses.replace(
            temp, shift_beats=temp.shift_beats + beats, bars=(), stretch=Fraction(1)
        )
        self._set_temp(shifted, f"Bar lines moved {beats:+d} beat (shift {shifted.shift_beats:+d})")

    def action_attach(self) -> None:
        from tui.dialogs.entry import EntryDialog

        folder = self.project_path.parent

        def parse(text: str) -> Path:
            from scoresync.temp.audiofile import audio_info

            path = folder / Path(text.strip()).expanduser()
            audio_info(path)  # a clear error for a missing, unreadable or silent file
            return path

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            from scoresync.project.model import CueTemp

            temp = CueTemp(audio=str(path.resolve()), at_frames=self.working.start_frames)
            self._set_temp(temp, f"Attached {path.name}; bar 1 at the cue's start")

        self.app.push_screen(
            EntryDialog(
                f"Temp music for {self.working.number}",
                "",
                parse,
                help_lines=[
                    "An audio file (WAV, AIFF, FLAC, OGG, MP3), its start on the cue's start",
                    f"Folder: {folder}",
                ],
            ),
            chosen,
        )

    def _hint(self, title: str, initial: str, help_line: str, apply: Any) -> None:
        from tui.dialogs.entry import EntryDialog

        temp = self._temp_or_say()
        if temp is None:
            return

        def chosen(value: Any) -> None:
            if value is not None:
                self._set_temp(apply(temp, value), f"{title}: analysing again")

        self.app.push_screen(
            EntryDialog(title, initial, _parser(title), help_lines=[help_line]), chosen
        )

    def action_meter_hint(self) -> None:
        temp = self.working.temp
        initial = "" if temp is None or temp.meter is None else str(temp.meter)
        self._hint(
            "Meter hint",
            initial,
            "The meter the piece is in, e.g. 4/4, 3/4, 6/8",
            lambda temp, meter: dataclasses.replace(
                temp, meter=meter, bars=(), stretch=Fraction(1)
            ),
        )

    def action_bpm_hint(self) -> None:
        temp = self.working.temp
        initial = ""
        if temp is not None and temp.bpm_range is not None:
            initial = f"{float(temp.bpm_range[0]):g}-{float(temp.bpm_range[1]):g}"
        self._hint(
            "Tempo hint",
            initial,
            "The tempo range the beat lies in, e.g. 90-110 (settles half or double time)",
            lambda temp, bpm: dataclasses.replace(
                temp, bpm_range=bpm, bars=(), stretch=Fraction(1)
            ),
        )

    # -- fits ------------------------------------------------------------------------------

    def action_fit(self) -> None:
        if self._temp_or_say() is None or self.placed is None:
            return
        self._request += 1
        self._status(f"Fitting the temp to end on {self._tc(self.working.end_frames)} ...")
        self._fit_in_thread(self._request, self.placed, self.working)

    @work(thread=True, exclusive=True, group="temp-fit")
    def _fit_in_thread(self, request: int, placed: PlacedTemp, cue: Cue) -> None:
        from scoresync.temp.fit import propose_fits

        unfitted = placed.with_fit((), Fraction(1))
        try:
            proposals = propose_fits(unfitted, cue, target_end_frames=cue.end_frames)
        except ScoreSyncError as error:
            self.post_message(self.Failed(request, str(error)))
            return
        self.post_message(self.Fitted(request, proposals))

    def on_temp_screen_fitted(self, event: Fitted) -> None:
        if event.request != self._request:
            return
        self.proposals = event.proposals
        table = self.query_one("#temp-fits", DataTable)
        table.clear()
        for proposal in event.proposals:
            table.add_row(
                str(proposal.rank),
                proposal.description,
                f"{signed_text((proposal.stretch - 1) * 100)} %",
                frames_to_tc(round(proposal.end_frames), rate=self.rate),
                signed_text(proposal.end_error_frames),
                f"{proposal.hits_on_downbeats}/{proposal.hits_on_beats}/{proposal.hits_off}",
            )
        table.focus()
        self._status(f"{len(event.proposals)} fits: Enter takes the one under the cursor")

    @on(DataTable.RowSelected, "#temp-fits")
    def _fit_selected(self) -> None:
        self.action_take_fit()

    def action_take_fit(self) -> None:
        if not self.proposals:
            self.action_fit()
            return
        temp = self._temp_or_say()
        if temp is None:
            return
        row = self.query_one("#temp-fits", DataTable).cursor_row
        chosen = self.proposals[min(max(row, 0), len(self.proposals) - 1)]
        fitted = dataclasses.replace(
            temp, bars=chosen.bars, stretch=chosen.stretch, offset_samples=chosen.offset_samples
        )
        self._set_temp(fitted, f"Took fit {chosen.rank}: {chosen.description}")

    # -- render ----------------------------------------------------------------------------

    def action_render(self) -> None:
        from tui.dialogs.entry import EntryDialog

        if self._temp_or_say() is None:
            return
        folder = self.project_path.parent

        def parse(text: str) -> Path:
            path = folder / Path(text.strip()).expanduser()
            if path.suffix.lower() not in (".wav", ".bwf"):
                raise ValueError("write a .wav file (Broadcast Wave)")
            if not path.parent.is_dir():
                raise ValueError(f"the folder {path.parent} does not exist; create it first")
            return path

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._request += 1
                self._render_in_thread(self._request, self.working, path)

        default = f"{self.working.number}-temp.wav"
        self.app.push_screen(
            EntryDialog(
                "Render the temp",
                default,
                parse,
                help_lines=["Broadcast Wave at the cue's timecode"],
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="temp-render")
    def _render_in_thread(self, request: int, cue: Cue, path: Path) -> None:
        from scoresync.temp.render import render_cues

        def progress(fraction: float) -> None:
            self.post_message(self.Progressed(request, f"Rendering {path.name}: {fraction:.0%}"))

        try:
            project = self.project.replace_cue(cue.number, cue)
            report = render_cues(project, [cue], path, progress=progress)
        except ScoreSyncError as error:
            self.post_message(self.Failed(request, str(error)))
            return
        self.post_message(
            self.Progressed(request, f"Rendered {path.name}: {report.start_tc} to {report.end_tc}")
        )

    # -- leaving ---------------------------------------------------------------------------

    def action_done(self) -> None:
        self.dismiss(None if self.working == self.original else self.working)


def _resample(values: list[float], width: int) -> list[float]:
    if not values:
        return [0.0] * width
    return [
        max(
            values[
                int(k * len(values) / width) : max(
                    int((k + 1) * len(values) / width), int(k * len(values) / width) + 1
                )
            ]
        )
        for k in range(width)
    ]


def _parser(title: str) -> Any:
    from scoresync.temp.analysis import parse_bpm_range
    from tempo.map.meter import Meter

    if title == "Meter hint":
        return Meter.parse

    def bpm(text: str) -> tuple[Fraction, Fraction]:
        low, high = parse_bpm_range(text)
        return Fraction(str(low)), Fraction(str(high))

    return bpm
