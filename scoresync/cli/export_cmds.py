"""``scoresync click ...``, ``scoresync export ...`` and ``scoresync import ...``: what the
composer and the scoring stage receive, and what comes back from them.

The commands themselves live in the modules imported at the bottom; each attaches
to one of the groups defined here.
"""

from __future__ import annotations

import importlib

import click


@click.group("click")
def click_group() -> None:
    """Render click tracks that land on picture."""


@click.group("export")
def export_group() -> None:
    """Write deliverables: MIDI tempo maps, MusicXML, timing sheets, streamers."""


@click.group("import")
def import_group() -> None:
    """Read a composer's files back into the project."""


for _name in ("deliver_cmds", "sheet_cmds"):
    try:
        importlib.import_module(f"scoresync.cli.{_name}")
    except ModuleNotFoundError as _error:
        if _error.name != f"scoresync.cli.{_name}":
            raise

COMMANDS = [click_group, export_group, import_group]
