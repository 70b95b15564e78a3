"""The modal dialogs, a module per concept:

- :mod:`~tui.dialogs.question`: questions with a few answers (quit, reload, recover, a
  file changed on disk);
- :mod:`~tui.dialogs.form`: the generic form of checked fields with OK and Cancel;
- :mod:`~tui.dialogs.spotting`: the cue, hit, split and go-to forms;
- :mod:`~tui.dialogs.saveas`: the new file to save the project to;
- :mod:`~tui.dialogs.entry`: one-line entries and a yes/no confirmation;
- :mod:`~tui.dialogs.export` and :mod:`~tui.dialogs.export_options`: the export dialog
  and its per-format options;
- :mod:`~tui.dialogs.kept`: dialogs built once and loaded again for each opening (the
  cue, hit and export dialogs), so they open without building their widgets.

May import: ``tui.widgets``, ``tui.keys``, ``scoresync``, ``tempo``; never a screen.
"""
