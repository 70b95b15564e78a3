"""What the composer receives: click tracks, MIDI tempo maps (and MIDI brought back),
MusicXML skeletons, timing sheets and streamers, each placed on picture, and the one export
call the CLI and the terminal UI share, with what it may write over (``targets``: never a
project or a file of another kind unasked).

May import: ``scoresync.project``, ``scoresync.picture``, ``scoresync.errors``, ``tempo``.
"""
