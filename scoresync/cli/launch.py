"""Starting the terminal UI from the command line (see :mod:`scoresync.launch`)."""

from __future__ import annotations

import click

from scoresync.errors import UsageError
from scoresync.launch import PROJECT_SUFFIX, folder_projects, launch_tui

__all__ = ["launch_tui", "open_folder_project"]


def open_folder_project(ctx: click.Context) -> None:
    """Open the one project in the current folder, or explain what to do."""
    found = folder_projects()
    if len(found) == 1:
        launch_tui(found[0])
        return
    if not found:
        click.echo(ctx.get_help())
        click.echo(
            f"\nNo *{PROJECT_SUFFIX} project in this folder: create one with "
            "'scoresync new', or try 'scoresync demo'."
        )
        return
    names = ", ".join(p.name for p in found)
    raise UsageError(
        f"this folder holds several projects ({names}): name one with 'scoresync tui PROJECT'"
    )
