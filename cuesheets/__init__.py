"""Spotting notes and PRO cue sheets: the music editor's paperwork.

* :mod:`cuesheets.identifiers`: ISWC, ISRC and IPI formats and check digits;
* :mod:`cuesheets.sheet`: the cue sheet a project's music metadata makes (sequence,
  timings rounded to seconds by one stated rule, total music from merged uses);
* :mod:`cuesheets.validate`: the findings a society would reject a sheet for;
* :mod:`cuesheets.export`: the sheet as XLSX (RapidCue 2016 layout), PDF, CSV and JSON
  shaped after DDEX Cue; :mod:`cuesheets.export.write` writes a sheet or spotting notes
  to a file (validated, refused with its findings when it has errors), the call the
  command line and the terminal UI share;
* :mod:`cuesheets.pdfpage`: the printable landscape table both PDFs use;
* :mod:`cuesheets.spotting`: spotting notes (text, CSV, PDF) and spots imported from CSV,
  Pro Tools marker lists, Avid locator lists and EDL ``LOC`` lines;
* :mod:`cuesheets.metadata_csv`: works, parties and uses imported from a CSV;
* :mod:`cuesheets.commands`: the ``cuesheet``, ``spot`` and ``music import`` commands,
  registered lazily from :mod:`scoresync.cli`.

The model itself (:mod:`scoresync.project.music`) lives in the project file. May import
``scoresync`` and ``tempo``; never ``tui`` or ``textual``.
"""
