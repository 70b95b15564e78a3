"""Dialogs built once and opened again: the cue, hit and export dialogs.

Building a dialog (its fields, their styles and layout) costs far more than showing one
that exists. :func:`kept` builds a dialog the first time it is asked for and installs it
in the app, so closing it keeps its widgets; later openings load the new values into the
same widgets (:meth:`KeptDialog.load`) and show it again as if new. :func:`build_ahead`
builds one before its first opening, while the user does nothing, so that opening is as
fast as the later ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from textual.app import App
from textual.screen import ModalScreen

__all__ = ["KeptDialog", "build_ahead", "built", "kept"]

R = TypeVar("R")
K = TypeVar("K", bound="KeptDialog[Any]")


class KeptDialog(ModalScreen[R], Generic[R]):
    """A dialog that :func:`kept` can show again."""

    load: Callable[..., None]
    """Shows new values in this dialog, as new; it takes the constructor's keyword
    arguments (a dialog :func:`kept` opens defines it)."""

    @property
    def busy(self) -> bool:
        """True while the dialog still works after it closed (it is not loaded again then)."""
        return False


def _name(dialog_type: type[KeptDialog[Any]]) -> str:
    return f"kept-{dialog_type.__module__}.{dialog_type.__qualname__}"


def built(app: App[Any], dialog_type: type[K]) -> K | None:
    """The app's kept ``dialog_type`` dialog once it is built and ready to show."""
    name = _name(dialog_type)
    if not app.is_screen_installed(name):
        return None
    dialog = cast(K, app.get_screen(name))
    return dialog if dialog.is_mounted else None


def kept(app: App[Any], dialog_type: type[K], **values: Any) -> K:
    """The app's ``dialog_type`` dialog, showing ``values``: built and installed the first
    time, loaded again afterwards. While that dialog is open or busy, a new one is built
    (and dropped when it closes)."""
    name = _name(dialog_type)
    if not app.is_screen_installed(name):
        dialog = dialog_type(**values)
        app.install_screen(dialog, name)
        return dialog
    dialog = cast(K, app.get_screen(name))
    if dialog in app.screen_stack or dialog.busy:
        return dialog_type(**values)
    dialog.load(**values)
    return dialog


async def build_ahead(app: App[Any], dialog_type: type[K], **values: Any) -> None:
    """Build and keep a ``dialog_type`` dialog (showing ``values``, which the first real
    opening replaces) before it is first opened. It mounts in front of the screen and
    leaves again within one batch of updates, so nothing of it is drawn; run this from the
    app's own queue, which holds the keys until it is done."""
    if app.is_screen_installed(_name(dialog_type)):
        return
    dialog = kept(app, dialog_type, **values)
    with app.batch_update():
        await app.push_screen(dialog)
        app.pop_screen()
