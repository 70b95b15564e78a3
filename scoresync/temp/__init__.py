"""Temp tracks: existing music analysed, attached to a cue, fitted to its scene, stretched
and rendered at picture timecode, and carried through a recut.

May import: ``scoresync.conform`` and what lies below it, and ``tempo``.
"""
