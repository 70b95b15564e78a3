"""Writing CMX 3600 edit decision lists: one video event per entry, cuts only.

The lists are what the EDL reader of this package reads back event for event, and what
OpenTimelineIO's ``cmx_3600`` adapter and DAW conform tools accept: a ``TITLE`` and
``FCM`` header, event numbers from 001, the reel in its 8-character field (``AX`` stands
for a longer or empty name, which then goes in a ``* FROM CLIP NAME`` comment beside the
clip's own), source and record timecodes at the list's rate, ``M2`` lines for speed
changes and ``BL`` events for black.

>>> from scoresync.picture.rates import parse_rate
>>> rate = parse_rate("24")
>>> print(edl_text([EdlEntry("A001C003", 86400, 86448, 86400, 86448, "079_HA_0010_v012")],
...                title="R1 v12", rate=rate), end="")
TITLE: R1 v12
FCM: NON-DROP FRAME
<BLANKLINE>
001  A001C003 V     C        01:00:00:00 01:00:02:00 01:00:00:00 01:00:02:00
* FROM CLIP NAME: 079_HA_0010_v012
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc

__all__ = ["BLACK", "EdlEntry", "edl_text"]

BLACK = "BL"
"""The reel name of black (a gap)."""

REEL_WIDTH = 8
"""The width of the reel field; longer names are written as ``AX`` with a comment."""


@dataclass(frozen=True)
class EdlEntry:
    """One event: ``reel``'s source frames ``source_in`` to ``source_out`` at
    ``record_in`` to ``record_out`` (frames of the list's rate, outs exclusive), at
    ``speed`` times normal speed. ``comments`` are written after the event as they are
    (without the leading ``*``)."""

    reel: str
    source_in: int
    source_out: int
    record_in: int
    record_out: int
    clip_name: str = ""
    speed: Fraction = Fraction(1)
    comments: tuple[str, ...] = ()


def _reel_field(reel: str) -> str:
    fits = reel and len(reel) <= REEL_WIDTH and not any(c.isspace() for c in reel)
    return reel if fits else "AX"


def _event_lines(number: int, entry: EdlEntry, rate: FrameRate) -> list[str]:
    reel = _reel_field(entry.reel)
    timecodes = " ".join(
        frames_to_tc(frames, rate=rate)
        for frames in (entry.source_in, entry.source_out, entry.record_in, entry.record_out)
    )
    lines = [f"{number:03d}  {reel:<8} V     C        {timecodes}"]
    if entry.speed != 1:
        fps = entry.speed * rate.fps
        lines.append(
            f"M2   {reel:<8} {float(fps):>5.1f}                "
            f"{frames_to_tc(entry.source_in, rate=rate)}"
        )
    if entry.clip_name:
        lines.append(f"* FROM CLIP NAME: {entry.clip_name}")
    if reel != entry.reel and entry.reel and entry.reel != entry.clip_name:
        lines.append(f"* REEL: {entry.reel}")
    lines.extend(f"* {comment}" for comment in entry.comments)
    return lines


def edl_text(entries: Sequence[EdlEntry], *, title: str, rate: FrameRate) -> str:
    """The list of ``entries`` (in record order) titled ``title`` at ``rate``.

    Record gaps between entries stay gaps (the list simply jumps); a speed other than 1
    gets an ``M2`` line whose rate is the speed times the list's frame rate, to a tenth.
    """
    lines = [f"TITLE: {title}", f"FCM: {'DROP FRAME' if rate.drop else 'NON-DROP FRAME'}", ""]
    for number, entry in enumerate(entries, start=1):
        lines.extend(_event_lines(number, entry, rate))
    return "\n".join(lines) + "\n"
