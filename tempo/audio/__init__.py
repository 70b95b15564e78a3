"""Audio out of a tempo map: click tracks placed to the sample and the Broadcast Wave writer.

May import: ``tempo.common``, ``tempo.map``.
"""
