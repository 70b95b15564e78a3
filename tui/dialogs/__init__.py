"""The modal dialogs: cue and hit forms, split, go-to, save-as, questions, one-line entries
and the export dialog.

May import: ``tui.widgets``, ``tui.keys``, ``scoresync``, ``tempo``; never a screen.
"""
