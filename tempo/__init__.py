"""Musical time: tempo maps, meters, click-book notation, the hit-point solver and the
composer's deliverables (clicks, MIDI, MusicXML).

This package imports nothing else of scoresync's, so it stays usable on its own.
"""
