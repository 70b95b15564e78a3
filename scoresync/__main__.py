"""``python -m scoresync`` runs the command line."""

from scoresync.launch import main

main()
