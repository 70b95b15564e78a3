"""The project: the model of cues and hits, cue numbers, the file schema and its atomic I/O,
spotting edits, listings and the bundled demo.

May import: ``scoresync.picture``, ``scoresync.errors``, ``tempo``; never a deliverable or the CLI.
"""
