"""The tempo map: segments of constant or ramped tempo, meters, beat units, ramp formulas,
bar|beat|tick positions, the beat and bar listing, and the map as text. (A project file
stores maps as described by its schema, ``scoresync.project.schema``.)

May import: ``tempo.common``.
"""
