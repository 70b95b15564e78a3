"""Counting a list's timecodes as frames, tolerantly, at the rate the user gives.

An EDL does not say its frame rate; its ``FCM`` lines say only whether timecode drops
frames, and they may change from one event to the next. A :class:`ListClock` counts each
label at the user's rate with the drop flag in force: a label marked ``;`` or ``.`` is
drop frame whatever the FCM says; otherwise the last FCM line decides, and before any
the rate's own flag.

Labels are read by the rules of :mod:`scoresync.picture.timecode` (its ``FIELD_RULES``
and ``fields_to_frames``). Where a label breaks one (frame 24 at 24 fps, a label drop
frame skips, a drop-frame label at 25 fps) the clock does not stop: it counts the fields
on as they stand (``00:00:59:24`` at 24 fps is the frame after ``00:00:59:23``) and
returns the rule's message with the frames, for the reader to keep as a note.

>>> from scoresync.picture.rates import parse_rate
>>> clock = ListClock(parse_rate("29.97"))
>>> clock.frames("01:00:00;00"), clock.frames("01:00:00:00")
((107892, ''), (108000, ''))
>>> clock.frames("00:00:59:30")[1]
'timecode 00:00:59:30: frame 30 does not exist at 29.97 fps: frames run 00-29'
"""

from __future__ import annotations

from scoresync.errors import TimecodeError
from scoresync.picture.rates import RATES, FrameRate
from scoresync.picture.timecode import FIELD_RULES, fields_to_frames, tc_to_frames

__all__ = ["ListClock", "counterpart"]


def counterpart(rate: FrameRate, *, drop: bool) -> FrameRate | None:
    """The rate of the same speed counted with or without drop frame, or ``None`` where
    there is none (drop frame at 24 fps)."""
    if rate.drop == drop:
        return rate
    for other in RATES.values():
        if other.fps == rate.fps and other.drop == drop:
            return other
    return None


class ListClock:
    """Reads a list's timecode labels at ``rate``, following its FCM lines.

    ``frames(label)`` returns the frame count and a problem ("" when the label is
    sound); :meth:`set_fcm` switches drop frame on or off from the next label on.
    """

    def __init__(self, rate: FrameRate) -> None:
        self.rate = rate
        self._non_drop = counterpart(rate, drop=False) or rate
        self._drop = counterpart(rate, drop=True)
        self._fcm_drop: bool | None = None
        self._cache: dict[tuple[str, bool], tuple[int, str]] = {}

    @property
    def counting(self) -> FrameRate:
        """The rate unmarked labels are counted at now."""
        drop = self.rate.drop if self._fcm_drop is None else self._fcm_drop
        return (self._drop if drop else self._non_drop) or self._non_drop

    def set_fcm(self, drop: bool) -> str:
        """Follows an FCM line; returns a problem when it asks for drop frame at a rate
        that has none."""
        self._fcm_drop = drop
        if drop and self._drop is None:
            return (
                f"the list says drop frame, which exists only at 29.97 and 59.94, but the "
                f"rate given is {self.rate} fps: its timecodes are read as non-drop; give "
                "the list's real rate"
            )
        return ""

    def frames(self, label: str) -> tuple[int, str]:
        """The frames since ``00:00:00:00`` that ``label`` (a list's timecode field, such
        as ``01:00:00:00`` or ``01:00:00;00``) names, and a problem or ``""``."""
        marked = ";" in label or "." in label
        drop = marked or (self.rate.drop if self._fcm_drop is None else self._fcm_drop)
        key = (label, drop)
        known = self._cache.get(key)
        if known is None:
            known = self._count(label, drop=drop, marked=marked)
            self._cache[key] = known
        return known

    def _count(self, label: str, *, drop: bool, marked: bool) -> tuple[int, str]:
        rate = self._drop if drop and self._drop is not None else self._non_drop
        problem = ""
        if drop and self._drop is None and marked:
            problem = (
                f"{label} is a drop-frame label but drop frame does not exist at "
                f"{self.rate} fps: read as non-drop"
            )
        hours, minutes, seconds, frame = (int(part) for part in _fields(label))
        if not all(holds(hours, minutes, seconds, frame, rate) for holds, _ in FIELD_RULES):
            separator = ";" if rate.drop else ":"
            plain = f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{frame:02d}"
            try:
                tc_to_frames(plain, rate=rate)
            except TimecodeError as error:
                problem = str(error)
        return fields_to_frames(hours, minutes, seconds, frame, rate), problem


def _fields(label: str) -> tuple[str, str, str, str]:
    text = label.replace(";", ":").replace(".", ":")
    hours, minutes, seconds, frame = text.split(":")
    return hours, minutes, seconds, frame
