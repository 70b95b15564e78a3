"""Editorial input: the picture editor's cuts read into one picture layer.

:mod:`~scoresync.editorial.layer` is the picture layer every reader builds. This room
imports picture time and errors, never the project, deliverables or the CLI.
"""
