"""The MusicXML skeleton of a tempo map: what it holds (``model``), planning the measures and
marks (``plan``), its tempo marks and playback tempos (``tempo_marks``), the directions
(``directions``), the page, credits and instrument (``page``), and writing it all with
music21 (``skeleton``).

May import: ``tempo.common``, ``tempo.map``; music21 only inside the writer.
"""
