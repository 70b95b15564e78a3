"""Signed lengths of picture time: how far a cue, a hit or a stretch of picture moved, or
how much picture a recut took out or put in, written as a music editor reads them.

A length is a whole number of frames, shown as a timecode-style length
(:func:`~scoresync.picture.timecode.duration_to_tc`) with a sign: ``+`` later or longer,
``-`` earlier or shorter. No move at all reads ``+00:00:00:00``, as ``+0.00`` does among
the offsets (:func:`tempo.common.exact.signed_text`).

>>> from scoresync.picture.rates import parse_rate
>>> signed_duration_to_tc(8146, rate=parse_rate("23.976"))
'+00:05:39:10'
>>> signed_duration_to_tc(-14, rate=parse_rate("23.976")), signed_duration_to_tc(0, rate="25")
('-00:00:00:14', '+00:00:00:00')
"""

from __future__ import annotations

from scoresync.picture.timecode import RateLike, check_frames, duration_to_tc

__all__ = ["signed_duration_to_tc"]


def signed_duration_to_tc(frames: int, *, rate: RateLike) -> str:
    """A move or change of ``frames`` (negative: earlier or shorter) as a signed
    timecode-style length, without wrapping at 24 hours; at drop-frame rates written as
    :func:`~scoresync.picture.timecode.duration_to_tc` writes a length."""
    frames = check_frames(frames)
    sign = "-" if frames < 0 else "+"
    return f"{sign}{duration_to_tc(abs(frames), rate=rate)}"
