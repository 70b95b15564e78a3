"""The tempo map: segments of constant or ramped tempo, meters, beat units, ramp formulas,
bar|beat|tick positions, the beat and bar listing, and the map as text and as JSON.

May import: ``tempo.common``.
"""
