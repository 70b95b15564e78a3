"""The look shared by the widgets: the app theme and the colour of each cue status."""

from __future__ import annotations

from rich.style import Style
from textual.theme import Theme

from scoresync.project.model import CueStatus

__all__ = ["MUST_HIT_MARK", "STATUS_STYLES", "THEME", "status_style"]

THEME = Theme(
    name="scoresync",
    primary="#6f9fc8",
    secondary="#9a8ec4",
    accent="#e0a95f",
    foreground="#d6dae0",
    background="#181c21",
    surface="#1f242b",
    panel="#2a3039",
    success="#8fbf7f",
    warning="#e0b35f",
    error="#e06c75",
    dark=True,
    variables={
        "footer-key-foreground": "#e0a95f",
        "block-cursor-background": "#34506b",
        "block-cursor-foreground": "#eef2f6",
        "input-selection-background": "#34506b 60%",
    },
)
"""A calm dark theme: slate background, steel-blue focus, amber for the cursor and keys."""

STATUS_STYLES: dict[CueStatus, Style] = {
    CueStatus.SPOTTED: Style(color="#9aa5b4"),
    CueStatus.WRITING: Style(color="#e0b35f"),
    CueStatus.APPROVED: Style(color="#6fbcc8"),
    CueStatus.RECORDED: Style(color="#82a6e6"),
    CueStatus.MIXED: Style(color="#8fbf7f", bold=True),
    CueStatus.OMITTED: Style(color="#6b7380", strike=True),
}

STATUS_BLOCKS: dict[CueStatus, str] = {
    CueStatus.SPOTTED: "#3c4654",
    CueStatus.WRITING: "#6b5526",
    CueStatus.APPROVED: "#285a62",
    CueStatus.RECORDED: "#2f4a78",
    CueStatus.MIXED: "#3d5e34",
    CueStatus.OMITTED: "#30343a",
}
"""Background of a cue's block on the timeline, by status."""

MUST_HIT_MARK = "◆"
"""Marks a hit the music must land (a plain hit is ``│`` on the timeline)."""

CURSOR_COLOUR = "#e0a95f"


def status_style(status: CueStatus) -> Style:
    """The text style of a cue status."""
    return STATUS_STYLES[status]
