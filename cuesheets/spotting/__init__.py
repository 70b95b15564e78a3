"""Spotting notes for the composer, and spots imported from other tools.

:mod:`~cuesheets.spotting.notes` writes the notes (text, CSV, PDF);
:mod:`~cuesheets.spotting.markers` reads spots from a CSV, a Pro Tools session text
export's marker list, an Avid locator list or an EDL's ``LOC`` lines, and
:mod:`~cuesheets.spotting.merge` plans what an import changes in a project (a preview
first; nothing replaced without asking).
"""
