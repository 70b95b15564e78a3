"""The details pane: the selected cue's times, notes, tempo and hits."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.theme import Theme
from textual.widgets import Static

from scoresync.project.model import Cue, CueStatus, Project
from scoresync.project.summary import cue_view
from tui.widgets.style import MUST_HIT_MARK, span_style

__all__ = ["DetailsPane", "cue_details"]

StyleOf = Callable[[str], Style]
"""The style of a part of the pane, by name (``label``, ``number``, a cue status ...)."""


def _times(view: dict, style: StyleOf) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=style("label"), no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_row("In", view["start"])
    grid.add_row("Out", view["end"])
    grid.add_row("Length", view["duration"])
    tempo = view["tempo"]
    if tempo is not None:
        grid.add_row("Tempo", f"{tempo['summary']}  from {tempo['downbeat']}")
    else:
        grid.add_row("Tempo", Text("none yet (t: find tempo)", style=style("label")))
    anchor = view["anchor_hit"]
    grid.add_row("Anchor", "the start" if anchor is None else f"hit {anchor}")
    return grid


def _notes(view: dict, style: StyleOf) -> Text:
    text = Text()
    for label, key in (("", "description"), ("In: ", "in_note"), ("Out: ", "out_note")):
        if view[key]:
            text.append(label, style=style("label"))
            text.append(view[key] + "\n")
    return text


def _hits(view: dict, selected_hit: int | None, style: StyleOf) -> RenderableType:
    if not view["hits"]:
        return Text("No hits: h adds one at the cursor", style=style("label"))
    heading = f" {'#':>2} {'Timecode':<11}  {'From start':<12}   Label"
    lines = [Text(heading, style=style("label") + Style(bold=True), no_wrap=True)]
    for hit in view["hits"]:
        selected = hit["index"] - 1 == selected_hit
        line = Text(
            no_wrap=True, overflow="ellipsis", style=style("selected-hit") if selected else ""
        )
        line.append(f"{'▶' if selected else ' '}{hit['index']:>2} ")
        line.append(f"{hit['tc']}  +{hit['from_start']} ")
        line.append(
            MUST_HIT_MARK if hit["must_hit"] else " ",
            style="" if selected else style("must-hit") + Style(bold=True),
        )
        line.append(f" {hit['label']}")
        lines.append(line)
    return Group(*lines)


def cue_details(
    cue: Cue, project: Project, selected_hit: int | None, style: StyleOf
) -> RenderableType:
    """The pane's content for ``cue``; ``selected_hit`` (0-based) is highlighted."""
    view = cue_view(cue, project.rate)
    heading = Text.assemble(
        (view["number"], style("number")),
        "  ",
        (view["title"] or "untitled", "bold"),
        "  ",
        (view["status"], style(cue.status.value)),
    )
    hits_heading = Text(f"Hits ({len(cue.hits)})", style="bold")
    if any(hit.must_hit for hit in cue.hits):
        hits_heading.append(f"   {MUST_HIT_MARK} must hit", style=style("must-hit"))
    parts: list[RenderableType] = [heading, Text(""), _times(view, style), Text("")]
    notes = _notes(view, style)
    if notes:
        parts.append(notes)
    parts.extend([hits_heading, _hits(view, selected_hit, style)])
    return Group(*parts)


class DetailsPane(VerticalScroll):
    """Shows one cue; the screen calls :meth:`show` when the selection or project changes.

    The content is drawn when shown, so a new theme redraws it.
    """

    COMPONENT_CLASSES = {
        "details--label",
        "details--number",
        "details--must-hit",
        "details--selected-hit",
        *(f"details--{status.value}" for status in CueStatus),
    }

    DEFAULT_CSS = """
    DetailsPane {
        padding: 0 1;
        & > .details--label { color: $muted-label; }
        & > .details--number { color: $primary; text-style: bold; }
        & > .details--must-hit { color: $accent; }
        & > .details--selected-hit {
            color: $background; background: $foreground; text-style: bold;
        }
        & > .details--spotted { color: $status-spotted; }
        & > .details--writing { color: $status-writing; }
        & > .details--approved { color: $status-approved; }
        & > .details--recorded { color: $status-recorded; }
        & > .details--mixed { color: $status-mixed; text-style: bold; }
        & > .details--omitted { color: $status-omitted; text-style: strike; }
    }
    DetailsPane > Static {
        width: 100%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Cue | None, Project, int | None] | None = None

    def compose(self):  # noqa: ANN201 - ComposeResult
        yield Static(id="details-body")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def _style(self, part: str) -> Style:
        return span_style(self, f"details--{part}")

    def show(self, cue: Cue | None, project: Project, selected_hit: int | None = None) -> None:
        """Show ``cue`` (or a hint when there is none)."""
        self._shown = (cue, project, selected_hit)
        body = self.query_one("#details-body", Static)
        if cue is None:
            body.update(
                Text(
                    "No cue selected.\n\nn spots a new cue at the cursor;\n"
                    "/ filters the list; F1 lists every key.",
                    style=self._style("label"),
                )
            )
            return
        body.update(cue_details(cue, project, selected_hit, self._style))
