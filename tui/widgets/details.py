"""The details pane: the selected cue's times, notes, tempo and hits."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from scoresync.project.model import Cue, Project
from scoresync.project.summary import cue_view
from tui.widgets.style import MUST_HIT_MARK, status_style

__all__ = ["DetailsPane", "cue_details"]

MUTED = "#7d8796"


def _times(view: dict) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=MUTED, no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_row("In", view["start"])
    grid.add_row("Out", view["end"])
    grid.add_row("Length", view["duration"])
    tempo = view["tempo"]
    if tempo is not None:
        grid.add_row("Tempo", f"{tempo['summary']}  from {tempo['downbeat']}")
    else:
        grid.add_row("Tempo", Text("none yet (t: find tempo)", style=MUTED))
    anchor = view["anchor_hit"]
    grid.add_row("Anchor", "the start" if anchor is None else f"hit {anchor}")
    return grid


def _notes(view: dict) -> Text:
    text = Text()
    for label, key in (("", "description"), ("In: ", "in_note"), ("Out: ", "out_note")):
        if view[key]:
            text.append(label, style=MUTED)
            text.append(view[key] + "\n")
    return text


def _hits(view: dict, selected_hit: int | None) -> RenderableType:
    if not view["hits"]:
        return Text("No hits: h adds one at the cursor", style=MUTED)
    heading = f" {'#':>2} {'Timecode':<11}  {'From start':<12}   Label"
    lines = [Text(heading, style=f"bold {MUTED}", no_wrap=True)]
    for hit in view["hits"]:
        selected = hit["index"] - 1 == selected_hit
        line = Text(
            no_wrap=True, overflow="ellipsis", style="bold #181c21 on #d6dae0" if selected else ""
        )
        line.append(f"{'▶' if selected else ' '}{hit['index']:>2} ")
        line.append(f"{hit['tc']}  +{hit['from_start']} ")
        line.append(
            MUST_HIT_MARK if hit["must_hit"] else " ", style="" if selected else "bold #e0a95f"
        )
        line.append(f" {hit['label']}")
        lines.append(line)
    return Group(*lines)


def cue_details(cue: Cue, project: Project, selected_hit: int | None) -> RenderableType:
    """The pane's content for ``cue``; ``selected_hit`` (0-based) is highlighted."""
    view = cue_view(cue, project.rate)
    heading = Text.assemble(
        (view["number"], "bold #6f9fc8"),
        "  ",
        (view["title"] or "untitled", "bold"),
        "  ",
        (view["status"], status_style(cue.status)),
    )
    hits_heading = Text(f"Hits ({len(cue.hits)})", style="bold")
    if any(hit.must_hit for hit in cue.hits):
        hits_heading.append(f"   {MUST_HIT_MARK} must hit", style="#e0a95f")
    parts: list[RenderableType] = [heading, Text(""), _times(view), Text("")]
    notes = _notes(view)
    if notes:
        parts.append(notes)
    parts.extend([hits_heading, _hits(view, selected_hit)])
    return Group(*parts)


class DetailsPane(VerticalScroll):
    """Shows one cue; the screen calls :meth:`show` when the selection or project changes."""

    DEFAULT_CSS = """
    DetailsPane {
        padding: 0 1;
    }
    DetailsPane > Static {
        width: 100%;
    }
    """

    def compose(self):  # noqa: ANN201 - ComposeResult
        yield Static(id="details-body")

    def show(self, cue: Cue | None, project: Project, selected_hit: int | None = None) -> None:
        """Show ``cue`` (or a hint when there is none)."""
        body = self.query_one("#details-body", Static)
        if cue is None:
            body.update(
                Text(
                    "No cue selected.\n\nn spots a new cue at the cursor;\n"
                    "/ filters the list; F1 lists every key.",
                    style=MUTED,
                )
            )
            return
        body.update(cue_details(cue, project, selected_hit))
