"""What the composer receives: click tracks, MIDI tempo maps (and MIDI brought back),
MusicXML skeletons, timing sheets and streamers, each placed on picture, and the one export
call the CLI and the terminal UI share.

May import: ``scoresync.project``, ``scoresync.picture``, ``scoresync.errors``, ``tempo``.
"""
