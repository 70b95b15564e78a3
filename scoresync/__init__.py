"""scoresync: picture time, the project file, editorial input and the command line.

Music cues placed against picture timecode, hit points, tempo maps that catch
them, and what the composer needs to land on picture.
"""

__version__ = "0.1.0"
