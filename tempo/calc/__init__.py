"""The tempo calculator: frame clicks (the click book's ``F-e``) and fitting tempos to spans.

May import: ``tempo.common``, ``tempo.map``.
"""
