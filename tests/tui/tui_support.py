"""Shared helpers of the terminal UI tests: a small project and reading the screen."""

from __future__ import annotations

import unicodedata

from project_support import HOUR, RATE, SECOND, small_project  # noqa: F401


def screen_text(app: object) -> str:
    """The characters on the app's screen now, one line per row."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join(strip.text for strip in strips)


async def press_quickly(pilot: object, *keys: str) -> None:
    """Send key events back to back, as fast typing or key repeat does; wait once at the end.

    ``Pilot.press`` waits for the app to go idle after every key, which makes long
    entries slow and hides races between keys. The app handles the events here in the
    order they are sent, bound keys (Tab, Backspace, Enter) and typed characters alike.
    """
    from textual import events
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    app = pilot.app  # type: ignore[attr-defined]
    for key in keys:
        if len(key) == 1:
            name, char = (key if key.isalnum() else _character_to_key(key)), key
        else:
            name = key
            try:
                char = unicodedata.lookup(_get_unicode_name_from_key(key))
            except KeyError:
                char = None
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()  # type: ignore[attr-defined]


async def type_text(pilot: object, text: str) -> None:
    """Type ``text`` into the focused widget (see :func:`press_quickly`)."""
    await press_quickly(pilot, *text)


async def replace_text(pilot: object, text: str) -> None:
    """Clear the focused input (Home, then Ctrl+K) and type ``text``."""
    await pilot.press("home", "ctrl+k")  # type: ignore[attr-defined]
    await type_text(pilot, text)


def notices(app: object) -> list[str]:
    """The messages of the notifications showing now."""
    return [notification.message for notification in app._notifications]  # type: ignore[attr-defined]
