"""A cue's tempo in picture time: Find Tempo and the planner run on a cue's hits, maps
applied to the cue, and the cue listed bar by bar with timecodes.

May import: ``scoresync.project``, ``scoresync.picture``, ``scoresync.errors``, ``tempo``.
"""
