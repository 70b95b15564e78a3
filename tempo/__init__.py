"""Musical time, on its own: nothing here imports the rest of scoresync.

- ``tempo.common``: the product's error hierarchy, exact numbers, atomic file writing;
- ``tempo.map``: tempo maps, segments, meters, beat units, ramps, bar|beat|tick, listing;
- ``tempo.calc``: frame clicks and tempo fitting;
- ``tempo.findtempo``: Find Tempo and the multi-segment planner;
- ``tempo.midi``, ``tempo.musicxml``, ``tempo.audio``: MIDI tempo maps, MusicXML skeletons,
  click tracks and Broadcast Wave files.
"""
