"""scoresync: picture time, the project and what is delivered from it, and the command line.

- ``scoresync.picture``: frame rates, timecode, feet+frames (imports only ``tempo``);
- ``scoresync.project``: the model, cue numbers, the project file, spotting edits, the demo;
- ``scoresync.cuetempo``: Find Tempo and tempo maps on a cue, in picture time;
- ``scoresync.deliver``: click tracks, MIDI, MusicXML, timing sheets, streamers;
- ``scoresync.cli``: the ``scoresync`` command; nothing else imports it.

May import: ``tempo``. The layers inside are checked by the import-linter contracts.
"""

__version__ = "0.1.0"
