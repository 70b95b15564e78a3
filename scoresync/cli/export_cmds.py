"""``scoresync click ...``, ``scoresync export ...`` and ``scoresync import ...``: what the
composer and the scoring stage receive, and what comes back from them.

The commands themselves live in the modules imported at the bottom; each attaches
to one of the groups defined here.
"""

from __future__ import annotations

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


import scoresync.cli.deliver_cmds  # noqa: E402,F401  (attaches click render, export/import midi)
import scoresync.cli.sheet_cmds  # noqa: E402,F401  (attaches the sheet exports)

COMMANDS = [click_group, export_group, import_group]
