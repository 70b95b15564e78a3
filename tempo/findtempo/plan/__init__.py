"""The multi-segment planner: break points at hits by dynamic programming, each span fitted
with a constant tempo or a ramp, and the tempo map the plan stands for.

May import: ``tempo.findtempo`` (its solver), ``tempo.map``, ``tempo.common``.
"""
