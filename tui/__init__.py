"""The Textual terminal application.

- ``tui.app``: opening a project and routing between screens; ``tui.state`` the open
  document with its undo history; ``tui.keys`` every binding and the user's keymap;
- ``tui.screens``: the spotting (main), tempo and help screens;
- ``tui.dialogs``: the modal forms, questions and the export dialog;
- ``tui.widgets``: the cue list, timeline, details, fields and the Tempo screen's tables.

May import: ``scoresync``, ``tempo``, ``cuesheets``.
"""
