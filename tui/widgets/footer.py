"""The key bar at the foot of a screen."""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

from tui.widgets.style import span_style

__all__ = ["KeyFooter"]

SEPARATOR = "▏"
"""Sets the command palette's key apart, at the right end of the bar."""

KEPT_ACTIONS = frozenset({"quit", "help", "done", "cancel", "back", "close", "dismiss"})
"""The keys that leave a screen or list every key: when the bar cannot show every key,
these stay and the others give way, last first."""


class FooterKey(NamedTuple):
    """One key the bar shows: what it presses, how it is written, and what it does."""

    key: str
    shown: str
    description: str
    enabled: bool
    tooltip: str
    action: str


class KeyFooter(Widget, can_focus=False):
    """The keys the focused widget and its screen offer, drawn as one line.

    The keys come from the screen's active bindings, as Textual's own footer takes them:
    one per action, in binding order, those marked to show; the command palette's key
    stands apart at the right. The bar is drawn with the rest of the screen (it needs no
    widget per key), and again whenever the screen says its keys changed and they did.
    A key that does not fit the width is left out (F1 and the palette list them all).

    Clicking a key presses it; a key that does not apply now rings the bell. Hovering
    over one shows what it does.
    """

    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer-key--separator",
    }

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover { background: $block-hover-background; }
        & > .footer-key--separator { color: $foreground 20%; }
    }
    """

    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: tuple[tuple[FooterKey, ...], FooterKey | None] | None = None
        self._spans: list[tuple[int, int, FooterKey]] = []
        self._hovered: FooterKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        if self.is_attached and self.keys_shown() != self._drawn:
            self.refresh()

    def keys_shown(self) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        """The keys the bar shows now, and the command palette's key (None without one)."""
        active = self.screen.active_bindings
        keys: list[FooterKey] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            keys.append(self._key(binding, enabled, tooltip))
        palette: FooterKey | None = None
        app = self.app
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = self._key(binding, enabled, binding.tooltip)
            keys = [key for key in keys if key.key != binding.key]
        return tuple(keys), palette

    def _key(self, binding: Binding, enabled: bool, tooltip: str) -> FooterKey:
        shown = self.app.get_key_display(binding)
        return FooterKey(binding.key, shown, binding.description, enabled, tooltip, binding.action)

    def render(self) -> Text:
        drawn = self._drawn = self.keys_shown()
        keys, palette = drawn
        width = self.size.width
        line = self._line(keys, palette, width, compact=False)
        if len(self._spans) < len(keys) + (palette is not None):  # not all fit: close up
            line = self._line(keys, palette, width, compact=True)
        return line

    def _line(
        self, keys: tuple[FooterKey, ...], palette: FooterKey | None, width: int, *, compact: bool
    ) -> Text:
        """The bar at ``width`` columns: each key padded (`` ^s Save ``) or, ``compact``,
        one space apart (``^s Save``); when not all fit, the keys of :data:`KEPT_ACTIONS`
        stay and the others are left out from the last back."""
        key_style = span_style(self, "footer-key--key")
        description_style = span_style(self, "footer-key--description") + Style(bold=False)
        hover = span_style(self, "footer-key--hover")
        pad = "" if compact else " "

        def piece(key: FooterKey) -> Text:
            text = Text(f"{pad}{key.shown}{pad}", key_style)
            if key.description:
                text.append(f"{' ' if compact else ''}{key.description} ", description_style)
            if not key.enabled:
                text.stylize(Style(dim=True))
            if key == self._hovered:
                text.stylize(hover)
            return text

        tail = Text()
        if palette is not None:
            tail = Text(SEPARATOR, span_style(self, "footer-key--separator")) + piece(palette)
            if compact:
                tail.rstrip()  # the screen's edge needs no space
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, FooterKey]] = []
        room = width - tail.cell_len
        pieces = [piece(key) for key in keys]
        shown = _fitting(keys, [text.cell_len for text in pieces], room)
        for key, text, show in zip(keys, pieces, shown, strict=True):
            if show:
                spans.append((line.cell_len, line.cell_len + text.cell_len, key))
                line.append_text(text)
        if palette is not None:
            line.append(" " * max(room - line.cell_len, 0))
            start = line.cell_len + len(SEPARATOR)
            spans.append((start, start + tail.cell_len - len(SEPARATOR), palette))
            line.append_text(tail)
        self._spans = spans
        return line

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at column ``x``, if any."""
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        if key != self._hovered:
            self._hovered = key
            self.tooltip = None if key is None else key.tooltip or None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.tooltip = None
            self.refresh()


def _fitting(keys: tuple[FooterKey, ...], widths: list[int], room: int) -> list[bool]:
    """Which of ``keys`` (``widths`` cells each) the bar shows in ``room`` cells: all when
    they fit; else the kept ones (:data:`KEPT_ACTIONS`) and, in the room they leave, the
    others in order up to the first that does not fit (in a bar too short even for the
    kept ones, those of them that fit, in order)."""
    if sum(widths) <= room:
        return [True] * len(keys)
    kept = [key.action in KEPT_ACTIONS for key in keys]
    left = room - sum(width for width, keep in zip(widths, kept, strict=True) if keep)
    shown: list[bool] = []
    if left < 0:
        used = 0
        for width, keep in zip(widths, kept, strict=True):
            shown.append(keep and used + width <= room)
            used += width if shown[-1] else 0
        return shown
    stopped = False
    for width, keep in zip(widths, kept, strict=True):
        if keep:
            shown.append(True)
        elif not stopped and width <= left:
            left -= width
            shown.append(True)
        else:
            stopped = True
            shown.append(False)
    return shown
