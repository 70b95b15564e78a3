"""The screens of the terminal UI: spotting (main), tempo and help.

May import: ``tui`` (its state, keys, dialogs and widgets), ``scoresync``, ``tempo``.
"""
