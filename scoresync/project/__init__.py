"""The project: the model of cues and hits, cue numbers, the file schema and its atomic I/O,
spotting edits, listings and the bundled demo.

May import: ``scoresync.picture``, ``scoresync.errors``, ``tempo``; never a deliverable or the CLI.
"""

from typing import Final

SCHEMA_ID: Final = "scoresync.project"
"""The ``"schema"`` every project file names: here, so that telling a project file from
another (an export refusing to overwrite one) does not load the file schema's models."""

SCHEMA_VERSION: Final = 1
"""The version of the file format this scoresync writes and reads up to."""
