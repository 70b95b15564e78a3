"""Audio out of a tempo map: click tracks placed to the sample and the Broadcast Wave writer;
and audio into one: :mod:`tempo.audio.analysis` finds the beats and bar lines of music.

May import: ``tempo.common``, ``tempo.map``.
"""
