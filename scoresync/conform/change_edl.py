"""The change EDL: the recut as a list DAW conform tools read.

Each event takes old-cut record time as its source and puts it at its new record time:
reel ``OLDCUT``, source in and out the old record timecodes, record in and out the new
ones, an ``M2`` speed line where the picture's speed changed. New picture the old cut
did not show (inserted, extended) is black (``BL``) for its length, and deleted picture
is simply not there. Events are in new record order. Record times that fall between
frames (a speed change) are rounded down to the frame that shows them.
"""

from __future__ import annotations

import math

from scoresync.conform.changemap import ADDED, ChangeMap
from scoresync.editorial.edl_write import BLACK, EdlEntry, edl_text
from scoresync.picture.rates import FrameRate

__all__ = ["OLD_CUT_REEL", "change_edl_entries", "change_edl_text"]

OLD_CUT_REEL = "OLDCUT"
"""The reel name the old cut's record time goes by."""


def change_edl_entries(change_map: ChangeMap) -> list[EdlEntry]:
    """One entry per mapped or added segment, in new record order."""
    entries = []
    for segment in change_map.segments:
        record_in, record_out = math.floor(segment.new_in), math.floor(segment.new_out)
        if record_out <= record_in:
            continue
        if segment.maps:
            comment = f"{segment.change.value.upper().replace('_', ' ')}: " + " -> ".join(
                segment.sources[:1] + segment.sources[-1:]
                if len(segment.sources) > 2
                else segment.sources
            )
            entries.append(
                EdlEntry(
                    OLD_CUT_REEL,
                    segment.old_in,
                    segment.old_out,
                    record_in,
                    record_out,
                    speed=segment.slope and 1 / segment.slope,
                    comments=(comment,),
                )
            )
        elif segment.change in ADDED:
            length = record_out - record_in
            comment = f"{segment.change.value.upper()}: " + " -> ".join(segment.sources[:2])
            entries.append(EdlEntry(BLACK, 0, length, record_in, record_out, comments=(comment,)))
    entries.sort(key=lambda entry: entry.record_in)
    return entries


def change_edl_text(change_map: ChangeMap, rate: FrameRate, *, title: str) -> str:
    """The change EDL of ``change_map`` at ``rate``, titled ``title``."""
    return edl_text(change_edl_entries(change_map), title=title, rate=rate)
