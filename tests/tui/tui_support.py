"""Shared helpers of the terminal UI tests: a small project, reading the screen, typing
quickly and the notifications an app raised; through Textual's public API."""

from __future__ import annotations

import html
import re
import time
import weakref

from project_support import HOUR, RATE, SECOND, small_project  # noqa: F401

_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([0-9.]+)"[^>]*?textLength="([0-9.]+)"'
    r'[^>]*?clip-path="url\(#[\w-]+-line-([0-9]+)\)"[^>]*>(.*?)</text>',
    re.S,
)


def screen_text(app: object) -> str:
    """The characters on the app's screen now, one line per row, each row padded to the
    screen's width; read back from :meth:`App.export_screenshot`, which draws every run of
    text at ``x`` = its first cell times the cell width (``textLength`` / its characters);
    blank runs are left out and a space is ``&#160;``."""
    from rich.cells import cell_len

    svg = app.export_screenshot()  # type: ignore[attr-defined]
    width, height = app.size  # type: ignore[attr-defined]
    rows: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, text_length, row, escaped in _SVG_TEXT.findall(svg):
        text = html.unescape(escaped).replace("\xa0", " ")
        cell_width = float(text_length) / len(text)
        text = text.rstrip("\n")
        if text:
            rows[int(row)].append((round(float(x) / cell_width), text))
    lines = []
    for runs in rows:
        line, cells = "", 0
        for column, text in sorted(runs):
            line += " " * (column - cells) + text
            cells = column + cell_len(text)
        lines.append(line + " " * (width - cells))
    return "\n".join(lines)


async def press_quickly(pilot: object, *keys: str) -> None:
    """Send key events back to back, as fast typing or key repeat does; wait once at the end.

    ``Pilot.press`` waits for the app to go idle after every key, which makes long
    entries slow and hides races between keys. The app handles the events here in the
    order they are sent, bound keys (Tab, Backspace, Enter) and typed characters alike.
    """
    from textual import events

    # Textual 8 has no public name for a typed character's key (a terminal driver names
    # "/" "slash"): _character_to_key is the one its drivers and Pilot use.
    from textual.keys import _character_to_key, key_to_character

    app = pilot.app  # type: ignore[attr-defined]
    for key in keys:
        if len(key) == 1:
            name, char = (key if key.isalnum() else _character_to_key(key)), key
        else:
            name, char = key, key_to_character(key)
        event = events.Key(name, char)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()  # type: ignore[attr-defined]


async def wait_until(pilot: object, done: object, *, seconds: float = 20.0) -> None:
    """Let the app run until ``done()`` is true (for a slowed app), or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def type_text(pilot: object, text: str) -> None:
    """Type ``text`` into the focused widget (see :func:`press_quickly`)."""
    await press_quickly(pilot, *text)


async def replace_text(pilot: object, text: str) -> None:
    """Clear the focused input (Home, then Ctrl+K) and type ``text``."""
    await pilot.press("home", "ctrl+k")  # type: ignore[attr-defined]
    await type_text(pilot, text)


_NOTICES: weakref.WeakKeyDictionary[object, list[str]] = weakref.WeakKeyDictionary()


def record_notices(app: object) -> object:
    """Records the message of every notification ``app`` raises (``App.notify``, which
    screens and widgets call too), for :func:`notices`; returns ``app``."""
    raised: list[str] = []
    notify = app.notify  # type: ignore[attr-defined]

    def recording_notify(message: str, *args: object, **options: object) -> None:
        raised.append(message)
        notify(message, *args, **options)

    app.notify = recording_notify  # type: ignore[attr-defined]
    _NOTICES[app] = raised
    return app


def notices(app: object) -> list[str]:
    """The messages of the notifications ``app`` has raised so far, in order (the app must
    come from the ``app_for`` fixture, which records them)."""
    return list(_NOTICES[app])
