"""Picture time: exact frame rates, timecode labels, feet+frames, bulk label arrays.

May import: ``scoresync.errors`` and ``tempo.common``; nothing else of ours.
"""
