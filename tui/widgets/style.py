"""The look shared by the widgets: the app theme, the colours it adds to Textual's, and
how a widget reads the style of one of its component classes.

Every colour the widgets draw comes from the theme: a widget names its parts in
``COMPONENT_CLASSES``, gives them colours in CSS (theme variables such as ``$accent`` or
the ones below), and reads them back with :func:`span_style` when it draws. A theme
picked from the command palette therefore reaches every widget.
"""

from __future__ import annotations

from rich.style import Style
from textual.theme import Theme
from textual.widget import Widget

__all__ = ["MUST_HIT_MARK", "THEME", "span_style", "theme_variable_defaults"]

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
        "status-spotted": "#9aa5b4",
        "status-writing": "#e0b35f",
        "status-approved": "#6fbcc8",
        "status-recorded": "#82a6e6",
        "status-mixed": "#8fbf7f",
        "status-omitted": "#6b7380",
        "status-spotted-block": "#3c4654",
        "status-writing-block": "#6b5526",
        "status-approved-block": "#285a62",
        "status-recorded-block": "#2f4a78",
        "status-mixed-block": "#3d5e34",
        "status-omitted-block": "#30343a",
        "muted-label": "#7d8796",
        "muted-detail": "#9aa5b4",
        "timeline-lane": "#3a424d",
        "timeline-tick": "#5b6573",
        "timeline-selected": "#4f7fae",
    },
)
"""A calm dark theme: slate background, steel-blue focus, amber for the cursor and keys."""

FALLBACKS: dict[str, str] = {
    "status-spotted": "text-muted",
    "status-writing": "text-warning",
    "status-approved": "text-secondary",
    "status-recorded": "text-primary",
    "status-mixed": "text-success",
    "status-omitted": "text-disabled",
    "status-spotted-block": "panel",
    "status-writing-block": "warning-muted",
    "status-approved-block": "secondary-muted",
    "status-recorded-block": "primary-muted",
    "status-mixed-block": "success-muted",
    "status-omitted-block": "surface",
    "muted-label": "text-muted",
    "muted-detail": "text-muted",
    "timeline-lane": "text-disabled",
    "timeline-tick": "text-muted",
    "timeline-selected": "primary",
}
"""The variables scoresync adds to Textual's, each with the standard variable it takes
its colour from in a theme that does not set it (every theme but :data:`THEME`):

- ``status-<status>``: the text of a cue status (``spotted`` ... ``omitted``);
- ``status-<status>-block``: the background of a cue's block on the timeline;
- ``muted-label``: labels, hints and the ruler's timecodes;
- ``muted-detail``: secondary facts (frame rate, reel) and plain hit ticks;
- ``timeline-lane``, ``timeline-tick``, ``timeline-selected``: the timeline's lane, its
  ruler ticks and the block of the selected cue.
"""

MUST_HIT_MARK = "◆"
"""Marks a hit the music must land (a plain hit is ``│`` on the timeline)."""


def theme_variable_defaults(theme: Theme) -> dict[str, str]:
    """The colours of the :data:`FALLBACKS` variables in ``theme``, for a theme that does
    not set them itself."""
    standard = theme.to_color_system().generate()
    return {name: standard[fallback] for name, fallback in FALLBACKS.items()}


def span_style(widget: Widget, component: str) -> Style:
    """The style of a span of text drawn as ``widget``'s component class ``component``:
    the colour the class sets (a translucent theme colour such as ``$text-muted`` blended
    over the widget), the background it sets, and its text style (bold, strike ...).

    Parts the class leaves unset stay unset, so the span keeps the background of what it
    is drawn on (a table's cursor row, say).
    """
    own = widget.get_component_rich_style(component, partial=True)
    if own.color is None:
        return own
    return own + Style(color=widget.get_component_rich_style(component).color)
