"""The MusicXML skeleton of a tempo map: planning the measures and marks, writing them with
music21.

May import: ``tempo.common``, ``tempo.map``; music21 only inside the writer.
"""
