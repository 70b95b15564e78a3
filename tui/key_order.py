"""Keys handled one at a time, in the order they arrive.

Textual hands a key to the focused widget through that widget's message queue; a key the
widget does not take (Tab, Backspace, Enter, arrows: keys that are bindings) travels up
through the queue of every ancestor and runs its binding only when it reaches the app.
Printable characters, on the other hand, are taken by an input as soon as it sees them.
When several keys arrive together (fast typing, key repeat, a paste without bracketed
paste, a slow connection), the characters behind a bound key are therefore handled before
it: text typed after Tab lands in the field Tab was leaving, a Backspace deletes a later
character. :class:`KeysInOrder` holds each key (and paste) until the one before it has
finished its trip, so a batch acts exactly as if it had been typed slowly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode

__all__ = ["STUCK_SECONDS", "KeysInOrder"]

STUCK_SECONDS = 0.5
"""How long a held key waits for the one before it at most (a key whose widget went away
never reports back); after that it goes ahead as Textual alone would send it."""

_ORDERED = (events.Key, events.Paste)


class KeysInOrder(App[None]):
    """An app whose keys reach the focused widget one at a time: each only once the key
    before it has been handled (taken by a widget, or run as a binding at the app)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._held_keys: deque[events.Event] = deque()
        self._key_trip = 0
        """Counts the keys sent; a trip is under way while it differs from _key_done."""
        self._key_done = 0

    @property
    def key_under_way(self) -> bool:
        """True while a key is still travelling up from the focused widget."""
        return self._key_trip != self._key_done

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _ORDERED) and not event.is_forwarded:
            if self.key_under_way or self._held_keys:
                self._held_keys.append(event)
                if len(self._held_keys) == 1:
                    self.set_timer(STUCK_SECONDS, self._unstick_if(self._key_trip))
                return
            await self._send_key(event)
            return
        await super().on_event(event)

    async def _send_key(self, event: events.Event) -> None:
        """Let Textual handle ``event``, then follow it up the widgets it may pass."""
        self._key_trip += 1
        trip = self._key_trip
        target: DOMNode = self.focused or self.screen
        await super().on_event(event)  # a priority binding, or sent to the focused widget
        if event.is_forwarded:
            self._follow(target, trip)
        else:
            self._key_finished(trip)

    def _follow(self, node: DOMNode, trip: int) -> None:
        """Run a check in ``node``'s queue, behind the key if the key went there."""
        if not node.call_later(self._passed, node, trip):
            self._key_finished(trip)  # the widget is closing: the key goes no further

    def _passed(self, node: DOMNode, trip: int) -> None:
        """``node`` has handled the key: it stopped there, or waits in the parent's queue."""
        parent = node.parent
        if parent is None or parent is self:
            self.call_later(self._key_finished, trip)  # behind the key in the app's queue
        else:
            self._follow(parent, trip)

    def _key_finished(self, trip: int) -> None:
        if trip != self._key_trip or not self.key_under_way:
            return
        self._key_done = trip
        if self._held_keys:
            self.call_later(self._send_held)

    async def _send_held(self) -> None:
        if self._held_keys and not self.key_under_way:
            await self._send_key(self._held_keys.popleft())
            if self._held_keys:
                self.set_timer(STUCK_SECONDS, self._unstick_if(self._key_trip))

    def _unstick_if(self, trip: int) -> Callable[[], None]:
        """A timer callback: send the held keys on if key ``trip`` never reported back."""

        def unstick() -> None:
            if self._key_trip == trip and self.key_under_way:
                self._key_finished(trip)

        return unstick
