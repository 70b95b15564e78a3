"""Starting the terminal UI: the one place in ``scoresync`` that reaches into ``tui``."""

from __future__ import annotations

from pathlib import Path

import click

from scoresync.errors import UsageError

PROJECT_SUFFIX = ".scoresync.json"


def launch_tui(path: Path) -> None:
    """Open the project at ``path`` in the terminal UI and return when the user quits."""
    from tui.app import run_app

    run_app(path)


def open_folder_project(ctx: click.Context) -> None:
    """Open the one project in the current folder, or explain what to do."""
    found = sorted(Path.cwd().glob(f"*{PROJECT_SUFFIX}"))
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
