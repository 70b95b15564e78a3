"""Counting a list's timecodes as frames, tolerantly, at the rate the user gives.

An EDL does not say its frame rate; its ``FCM`` lines say only whether timecode drops
frames, and they may change from one event to the next. The record side is one timeline
with one count: the FCM in force at the first event (the list's header) decides it for
the whole list, or the rate's own flag where there is none. An FCM line further down
(Avid writes one before every dissolve's incoming line) says how the *sources* after it
count, until the next. Whatever the FCM, a label marked ``;`` or ``.`` is drop frame.
A :class:`ListClock` keeps each label with the drop flag that applies to it when it is
read.

Labels are counted by :mod:`scoresync.picture` (``tc_to_frames_array`` for a whole list
at once, ``FIELD_RULES`` and ``fields_to_frames`` one by one), so the rules of timecode
are theirs. Where a label breaks one (frame 24 at 24 fps, a label drop frame skips, a
drop-frame label at 25 fps) the clock does not stop: it counts the fields on as they
stand (``00:00:59:24`` at 24 fps is the frame after ``00:00:59:23``) and returns the
rule's message with the frames, for the reader to keep as a note.

>>> from scoresync.picture.rates import parse_rate
>>> clock = ListClock(parse_rate("29.97"))
>>> first = clock.add("01:00:00;00", record=True)
>>> second = clock.add("00:00:59:30")
>>> frames, problems = clock.count()
>>> frames
[107892, 1800]
>>> problems[second]
'timecode 00:00:59:30: frame 30 does not exist at 29.97 fps: frames run 00-29'
"""

from __future__ import annotations

import sys

from scoresync.errors import TimecodeError
from scoresync.picture.rates import RATES, FrameRate
from scoresync.picture.timecode import FIELD_RULES, fields_to_frames, tc_to_frames

__all__ = ["BULK_FROM", "ListClock", "counterpart"]

BULK_FROM = 400
"""Lists with this many labels or more are counted with NumPy in one pass (loading it
costs more than it saves on a short list)."""

_CHUNK = 512


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
    """Collects a list's timecode labels as it is read (:meth:`add`), following its FCM
    lines (:meth:`set_fcm`), then counts them all (:meth:`count`)."""

    def __init__(self, rate: FrameRate) -> None:
        self.rate = rate
        self._non_drop = counterpart(rate, drop=False) or rate
        self._drop = counterpart(rate, drop=True)
        self._fcm_drop = rate.drop
        self._record_drop: bool | None = None
        self.labels: list[str] = []
        self.drops: list[bool] = []
        """The FCM's drop flag in force for each label (a ``;`` label is drop frame anyway)."""

    @property
    def record_drop(self) -> bool:
        """Whether the record side counts in drop frame (fixed at the first record label)."""
        drop = self._fcm_drop if self._record_drop is None else self._record_drop
        return drop and self._drop is not None

    def set_fcm(self, drop: bool) -> str:
        """Follows an FCM line; returns a problem when it turns to drop frame at a rate
        that has none."""
        turned = drop != self._fcm_drop
        self._fcm_drop = drop
        if drop and (turned or self._record_drop is None) and self._drop is None:
            return (
                "the list says drop frame, which exists only at 29.97 and 59.94, but the "
                f"rate given is {self.rate} fps: its timecodes are read as non-drop; give "
                "the list's real rate"
            )
        return ""

    def add(self, *labels: str, record: bool = False) -> int:
        """Keeps ``labels`` (source timecodes, or record timecodes and durations with
        ``record=True``) to count; returns the index of the first."""
        first = len(self.labels)
        self.labels += labels
        drop = self._fcm_drop
        if record:
            if self._record_drop is None:
                self._record_drop = drop
            drop = self._record_drop
        self.drops += (drop,) * len(labels)
        return first

    def count(self) -> tuple[list[int], list[str]]:
        """The frames since ``00:00:00:00`` of every label added, and for each a problem
        or ``""``."""
        total = len(self.labels)
        frames = [0] * total
        problems = [""] * total
        drops = [
            drop or ";" in label or "." in label
            for label, drop in zip(self.labels, self.drops, strict=True)
        ]
        for drop in (False, True):
            indexes = [index for index in range(total) if drops[index] == drop]
            if not indexes:
                continue
            rate = self._drop if drop and self._drop is not None else self._non_drop
            bulk = total >= BULK_FROM or "numpy" in sys.modules
            for start in range(0, len(indexes), _CHUNK if bulk else len(indexes)):
                chunk = indexes[start : start + _CHUNK] if bulk else indexes
                counted = self._count_bulk(chunk, rate) if bulk else None
                if counted is not None:
                    for index, value in zip(chunk, counted, strict=True):
                        frames[index] = value
                    continue
                for index in chunk:
                    frames[index], problems[index] = self._count_one(
                        self.labels[index], rate, drop=drop
                    )
        return frames, problems

    def _count_bulk(self, chunk: list[int], rate: FrameRate) -> list[int] | None:
        from scoresync.picture.bulk import tc_to_frames_array

        try:
            counted: list[int] = tc_to_frames_array(
                [self.labels[index] for index in chunk], rate=rate
            ).tolist()
        except TimecodeError:
            return None
        return counted

    def _count_one(self, label: str, rate: FrameRate, *, drop: bool) -> tuple[int, str]:
        problem = ""
        if drop and self._drop is None and (";" in label or "." in label):
            problem = (
                f"{label} is a drop-frame label but drop frame does not exist at "
                f"{self.rate} fps: read as non-drop"
            )
        hours, minutes, seconds, frame = (
            int(part) for part in label.replace(";", ":").replace(".", ":").split(":")
        )
        for holds, _ in FIELD_RULES:
            if not holds(hours, minutes, seconds, frame, rate):
                separator = ";" if rate.drop else ":"
                plain = f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{frame:02d}"
                try:
                    tc_to_frames(plain, rate=rate)
                except TimecodeError as error:
                    problem = str(error)
                break
        return fields_to_frames(hours, minutes, seconds, frame, rate), problem
