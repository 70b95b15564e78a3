"""Standard MIDI File tempo maps: conductor events written with mido, read back, ramps
recognised in a composer's file.

May import: ``tempo.common``, ``tempo.map``; mido only inside the functions that read or write.
"""
