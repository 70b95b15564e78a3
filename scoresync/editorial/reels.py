"""Several reels' cuts read as one: a film cut reel by reel, against another cut whole.

Each reel's list carries its own record hour (reel 1 at 01:00:00:00, reel 2 at
02:00:00:00 ...), so the reels join into one picture layer end to end, and a scene that
moved from one reel to another is a move like any other. Reels whose record times
overlap cannot be told apart on one timeline; that is refused, naming both files.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoresync.editorial.layer import Cut, CutFileError, Origin
from scoresync.picture.timecode import frames_to_tc

__all__ = ["joined_cut"]


def joined_cut(cuts: Sequence[Cut]) -> Cut:
    """The cuts in ``cuts`` (at one rate, record times apart) as one cut, in record order."""
    if not cuts:
        raise CutFileError("no cut to read: name at least one file")
    if len(cuts) == 1:
        return cuts[0]
    first = cuts[0]
    for cut in cuts[1:]:
        if cut.rate != first.rate:
            raise CutFileError(
                f"{cut.origin.file} runs at {cut.rate.name} fps and {first.origin.file} at "
                f"{first.rate.name} fps: reels joined into one cut share a rate"
            )
    spans = sorted(
        (cut for cut in cuts if cut.events), key=lambda cut: (cut.record_start, cut.record_end)
    )
    for before, after in zip(spans, spans[1:], strict=False):
        if after.events[0].record_in < before.record_end:
            raise CutFileError(
                f"{after.origin.file} starts at "
                f"{frames_to_tc(after.events[0].record_in, rate=after.rate)}, inside "
                f"{before.origin.file} (to {frames_to_tc(before.record_end, rate=before.rate)}): "
                "reels joined into one cut need record times apart (each reel its own hour)"
            )
    events = tuple(sorted((e for cut in cuts for e in cut.events), key=lambda e: e.record_in))
    return Cut(
        rate=first.rate,
        events=events,
        origin=Origin(" + ".join(cut.origin.file for cut in cuts)),
        name=" + ".join(cut.name for cut in cuts if cut.name),
        record_start=min(cut.record_start for cut in cuts),
        others=tuple(e for cut in cuts for e in cut.others),
        markers=tuple(m for cut in cuts for m in cut.markers),
        notes=tuple(n for cut in cuts for n in cut.notes),
        comments=tuple(c for cut in cuts for c in cut.comments),
    )
