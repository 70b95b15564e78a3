"""The Tempo screen: the Find Tempo form, the candidates, the beat grid, the map editor and the
bar list of one cue.

May import: as ``tui.screens``.
"""
