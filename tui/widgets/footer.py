"""The key bar at the foot of a screen."""

from __future__ import annotations

from textual.widgets import Footer

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """Textual's footer, composed again only when the keys it shows change.

    The footer recomposes (builds a widget per key) each time its screen says its
    bindings may have changed, which a screen says several times while it starts and
    whenever the focus moves; most of those times the keys shown are the very same.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._composed: tuple[object, ...] | None = None

    def _keys_shown(self) -> tuple[object, ...]:
        """What :meth:`compose` draws the keys from: each binding shown with whether it
        is enabled and its tooltip, and the command palette's key."""
        active = self.screen.active_bindings
        shown = tuple(
            (binding, enabled, tooltip)
            for _namespace, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (shown, self.show_command_palette, palette and palette[1:])

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown == self._composed:
            return
        self._composed = shown
        await super().recompose()
        if not self.children:  # nothing drawn yet (the screen's keys not ready): try again
            self._composed = None
