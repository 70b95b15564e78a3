"""Conform: where every frame of the old cut went in the new one.

:mod:`~scoresync.conform.changemap` compares two picture layers and gives the change map
(segments of old record frames mapped to new ones, each classified), and maps an old
frame to its new frame. :mod:`~scoresync.conform.keys` says which shots are the same
picture, :mod:`~scoresync.conform.pieces` flattens a cut to what is on screen frame by
frame (the dissolve rule), :mod:`~scoresync.conform.intervals` finds overlapping source
ranges and :mod:`~scoresync.conform.schedule` chooses one consistent mapping.

This room imports editorial input, picture time and errors; the CLI imports it.
"""
