"""Find Tempo: the exact search for tempos whose beats land on hit points (``solver``),
and the multi-segment planner for hits no single tempo catches (``plan``).

May import: ``tempo.common``, ``tempo.map``, ``tempo.calc``.
"""
