"""What the main screen's action mixins rely on from the screen they are mixed into.

:class:`ScreenActions` only declares, for the type checker, the members that
:class:`~tui.screens.spotting.SpottingActions` and the screen provide: the project, the
selected cue, ``commit`` (one undoable edit) and ``notify``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scoresync.project.model import Cue, Project

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["ScreenActions"]


class ScreenActions:
    """The members an action mixin of the main screen uses from its screen."""

    app: App[Any]

    if TYPE_CHECKING:  # provided by the screen and SpottingActions

        @property
        def project(self) -> Project: ...

        @property
        def selected_cue(self) -> Cue | None: ...

        def commit(
            self, description: str, make: Callable[[], Project], *, coalesce: str | None = None
        ) -> bool: ...

        def notify(self, message: str, **options: Any) -> None: ...
