"""Temp tracks: existing music analysed, attached to a cue, fitted to its scene, stretched
and rendered at picture timecode, and carried through a recut.

- :mod:`~scoresync.temp.audiofile`: reading audio files (soundfile), with clear errors;
- :mod:`~scoresync.temp.cache`: the analysis cache (SQLite in the user's cache folder);
- :mod:`~scoresync.temp.analysis`: :func:`~scoresync.temp.analysis.analyze_file`, the
  analysis of a file with the editor's hints (the analyser is :mod:`tempo.audio.analysis`);
- :mod:`~scoresync.temp.track`: a cue's temp placed on picture, corrected and fitted;
- :mod:`~scoresync.temp.fit`: bar-line edits and stretch that fit a temp to its scene;
- :mod:`~scoresync.temp.stretch`: time-stretch through Rubber Band's program;
- :mod:`~scoresync.temp.render`: a cue's temp or a reel's stem as Broadcast Wave;
- :mod:`~scoresync.temp.tempomap`: a temp's bars as the cue's tempo map;
- :mod:`~scoresync.temp.follow`: temps through a recut (the conform's change map).

May import: ``scoresync.conform`` and what lies below it, and ``tempo``.
"""
