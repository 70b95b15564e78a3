"""``python -m scoresync`` runs the command line."""

from scoresync.cli import main

main()
