"""Keys handled one at a time, in the order they arrive, each by the screen it was typed for.

Textual hands a key to the focused widget through that widget's message queue; a key the
widget does not take (Tab, Backspace, Enter, arrows: keys that are bindings) travels up
through the queue of every ancestor and runs its binding only when it reaches the app.
Printable characters, on the other hand, are taken by an input as soon as it sees them.
When several keys arrive together (fast typing, key repeat, a paste without bracketed
paste, a slow connection, or everything typed while a slow dialog opened), the characters
behind a bound key would therefore be handled before it: text typed after Tab lands in the
field Tab was leaving, a Backspace deletes a later character.

What a binding does can arrive later still: Enter in a form runs the input's binding at
the app, the binding posts ``Input.Submitted`` to the input, and the dialog closes only
once that message has climbed back up to it. A key sent as soon as the binding had run
would land in the closing dialog (a label ``rep 6h``) and the keys after it on the screen
below, where letters are commands.

:class:`KeysInOrder` holds each key (and paste) until the one before it has finished its
trip: up from the focused widget to the app and, when it ran a binding there, up the same
widgets once more, behind the messages the binding posted to them. A key is sent only to a
screen that has mounted (a dialog pushed from a widget's queue is in front before its
fields exist). So a batch acts exactly as if it had been typed slowly.
"""

from __future__ import annotations

import time
from collections import deque
from functools import partial
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen

__all__ = ["STUCK_SECONDS", "KeysInOrder"]

STUCK_SECONDS = 0.5
"""How often held keys check that the key before them can still report back. A key whose
widget went away (its message queue closed) never does; the held keys then go on. A key
waiting behind a slow widget or dialog waits for it, however long it takes."""

_ORDERED = (events.Key, events.Paste)


class KeysInOrder(App[None]):
    """An app whose keys reach the focused widget one at a time: each only once the key
    before it has been handled (taken by a widget, or run as a binding at the app, and
    what the binding posted to the widgets on its way handled too)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._held_keys: deque[events.Event] = deque()
        self._key_trip = 0
        """Counts the keys sent; a trip is under way while it differs from _key_done."""
        self._key_done = 0
        self._key_target: DOMNode | None = None
        """Where the key under way was sent: the focused widget, or the screen."""
        self._key_bound = False
        """Whether the key under way reached the app, where its binding runs."""
        self._key_second_pass = False
        """Whether the trip is following the key's binding (its second pass)."""
        self._key_waits_in: MessagePump | None = None
        """The queue the trip waits in now."""
        self._screen_mounting: Screen[Any] | None = None
        """A screen in front that has not mounted yet; keys wait for it."""
        self._last_key = time.monotonic()

    @property
    def key_under_way(self) -> bool:
        """True while a key is still travelling up from the focused widget."""
        return self._key_trip != self._key_done

    @property
    def seconds_without_keys(self) -> float:
        """How long the keyboard has been quiet: seconds since the last key arrived, or 0
        while a key is under way or waiting."""
        if self.key_under_way or self._held_keys or self._screen_mounting is not None:
            return 0.0
        return time.monotonic() - self._last_key

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _ORDERED):
            if not event.is_forwarded:
                self._last_key = time.monotonic()
                if self.key_under_way or self._held_keys or self._screen_mounting is not None:
                    self._held_keys.append(event)
                    if len(self._held_keys) == 1 and self.key_under_way:
                        self._watch(self._key_trip)
                    return
                await self._send_key(event)
                return
            if isinstance(event, events.Key) and self.key_under_way:
                self._key_bound = True
        await super().on_event(event)

    async def _send_key(self, event: events.Event) -> None:
        """Let Textual handle ``event``, then follow it up the widgets it may pass."""
        screen = self.screen
        if not screen.is_mounted:
            self._held_keys.appendleft(event)
            self._wait_for_mount(screen)
            return
        self._key_trip += 1
        trip = self._key_trip
        target: DOMNode = self.focused or screen
        self._key_target, self._key_bound, self._key_second_pass = target, False, False
        await super().on_event(event)  # a priority binding, or sent to the focused widget
        if event.is_forwarded:
            self._follow(target, trip)
        else:
            self._key_finished(trip)

    def _wait_for_mount(self, screen: Screen[Any]) -> None:
        """Send the held keys once ``screen`` has mounted (its queue runs a callback only
        after its widgets are composed and mounted, and it has set the focus)."""
        if self._screen_mounting is screen:
            return
        self._screen_mounting = screen
        if screen.call_later(self._screen_mounted, screen):
            self.set_timer(STUCK_SECONDS, partial(self._check_mounting, screen))
        else:
            self._screen_mounted(screen)

    def _screen_mounted(self, screen: Screen[Any]) -> None:
        if self._screen_mounting is screen:
            self._screen_mounting = None
            self.call_later(self._send_held)

    def _check_mounting(self, screen: Screen[Any]) -> None:
        """A timer callback: stop waiting for a screen that left the stack unmounted."""
        if self._screen_mounting is not screen:
            return
        if screen in self.screen_stack and not screen.is_mounted:
            self.set_timer(STUCK_SECONDS, partial(self._check_mounting, screen))
        else:
            self._screen_mounted(screen)

    def _follow(self, node: DOMNode, trip: int) -> None:
        """Run a check in ``node``'s queue, behind the key if the key went there."""
        self._key_waits_in = node
        if not node.call_later(self._passed, node, trip):
            self._key_finished(trip)  # the widget is closing: the key goes no further

    def _passed(self, node: DOMNode, trip: int) -> None:
        """``node`` has handled the key: it stopped there, or waits in the parent's queue."""
        if trip != self._key_trip:
            return
        parent = node.parent
        if parent is None or parent is self:
            self._key_waits_in = self
            self.call_later(self._arrived, trip)  # behind the key in the app's queue
        else:
            self._follow(parent, trip)

    def _arrived(self, trip: int) -> None:
        """The key, or the pass behind its binding, has reached the app.

        A key that reached the app ran its binding there; the binding may have posted
        messages to the widgets the key came through (``Input.Submitted``,
        ``Button.Pressed``), so the trip climbs from the target once more, behind them.
        """
        if trip != self._key_trip:
            return
        target = self._key_target
        if self._key_bound and not self._key_second_pass and target is not None:
            self._key_second_pass = True
            if target.is_attached:
                self._follow(target, trip)
                return
        self._key_finished(trip)

    def _key_finished(self, trip: int) -> None:
        if trip != self._key_trip or not self.key_under_way:
            return
        self._key_done = trip
        self._key_target = self._key_waits_in = None
        if self._held_keys:
            self.call_later(self._send_held)

    async def _send_held(self) -> None:
        if self._held_keys and not self.key_under_way and self._screen_mounting is None:
            await self._send_key(self._held_keys.popleft())
            if self._held_keys and self.key_under_way:
                self._watch(self._key_trip)

    def _watch(self, trip: int) -> None:
        self.set_timer(STUCK_SECONDS, partial(self._check_stuck, trip))

    def _check_stuck(self, trip: int) -> None:
        """A timer callback: send the held keys on if key ``trip`` waits in a queue that
        has closed (it never reports back); keep waiting while that queue runs."""
        if trip != self._key_trip or not self.key_under_way:
            return
        node = self._key_waits_in
        if node is None or not node.is_running:
            self._key_finished(trip)
        else:
            self._watch(trip)
