"""Bulk timecode conversion with NumPy: millions of labels to frames and back (a timing
sheet labels all its rows in one call).

Both functions give exactly what :func:`~scoresync.picture.timecode.tc_to_frames` and
:func:`~scoresync.picture.timecode.frames_to_tc` give element by element, including drop frame
and the 24-hour wrap.

Labels are parsed as bytes: fixed-width ``HH:MM:SS:FF`` labels (11 characters) become an
``(11, n)`` array of character codes, checked and combined with integer arithmetic. Any
label that does not pass the fast check (one-digit hours, surrounding whitespace, or an
error) goes through the scalar parser, which either reads it or raises the precise
error. Labels are written by looking up ``HH:MM:SS`` in a table of the day's 86 400
seconds and ``:FF`` in a table of the frame labels, straight into a ``<U11`` buffer.

>>> import numpy as np
>>> from scoresync.picture.rates import parse_rate
>>> tc_to_frames_array(["00:00:59;29", "00:01:00;02"], rate=parse_rate("29.97df"))
array([1799, 1800])
>>> frames_to_tc_array(np.array([1799, 1800]), rate=parse_rate("29.97df"))
array(['00:00:59;29', '00:01:00;02'], dtype='<U11')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from scoresync.errors import TimecodeError
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import (
    FIELD_RULES,
    fields_to_frames,
    separators_allowed,
    tc_to_frames,
)

__all__ = ["frames_to_tc_array", "tc_to_frames_array"]

LABEL_WIDTH = 11
_COLON, _SEMICOLON, _NEWLINE = ord(":"), ord(";"), ord("\n")
_DIGIT_ROWS = (0, 1, 3, 4, 6, 7, 9, 10)
_SECONDS_PER_DAY = 86_400

LabelInput = Sequence[str] | npt.NDArray[np.str_] | npt.NDArray[np.bytes_] | npt.NDArray[np.object_]


# -- reading labels ----------------------------------------------------------------------


class _Labels:
    """Labels as a byte matrix for the fast path, plus the original elements."""

    def __init__(
        self,
        shape: tuple[int, ...],
        head: npt.NDArray[np.uint8] | None,
        suspect: npt.NDArray[np.bool_] | None,
        element: Callable[[int], object],
    ) -> None:
        self.shape = shape
        self.head = head
        self.suspect = suspect
        self.element = element


def _from_code_matrix(
    codes: npt.NDArray[np.uint32] | npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.uint8] | None, npt.NDArray[np.bool_] | None]:
    """Returns the first 11 codes of each row as bytes, and the rows the bytes misrepresent."""
    if codes.shape[1] < LABEL_WIDTH:
        return None, None
    head = codes[:, :LABEL_WIDTH]
    suspect: npt.NDArray[np.bool_] | None = None
    if codes.shape[1] > LABEL_WIDTH:
        suspect = np.asarray(codes[:, LABEL_WIDTH:].any(axis=1), dtype=np.bool_)
    if head.dtype != np.uint8 and head.size and int(head.max()) > 127:
        wide = np.asarray((head > 127).any(axis=1), dtype=np.bool_)
        suspect = wide if suspect is None else suspect | wide
    return head.astype(np.uint8, copy=False), suspect


def _joined_ascii(elements: list[Any]) -> npt.NDArray[np.uint8] | None:
    """Returns an ``(n, 11)`` byte matrix if every element is an 11-character ASCII str."""
    try:
        data = "\n".join(elements).encode("ascii")
    except (TypeError, UnicodeEncodeError):
        return None
    count = len(elements)
    width = LABEL_WIDTH + 1
    if len(data) != width * count - 1 or data.count(b"\n") != count - 1:
        return None
    rows = np.frombuffer(data + b"\n", dtype=np.uint8).reshape(count, width)
    if not np.all(rows[:, LABEL_WIDTH] == _NEWLINE):
        return None
    return rows[:, :LABEL_WIDTH]


def _from_elements(elements: list[Any], shape: tuple[int, ...]) -> _Labels:
    head = _joined_ascii(elements) if elements else None
    if head is not None:
        return _Labels(shape, head, None, elements.__getitem__)
    texts = np.array([e if isinstance(e, str) else "" for e in elements], dtype=np.str_)
    if texts.dtype.itemsize == 0 or not elements:
        return _Labels(shape, None, None, elements.__getitem__)
    codes = texts.view(np.uint32).reshape(len(elements), -1)
    head, suspect = _from_code_matrix(codes)
    return _Labels(shape, head, suspect, elements.__getitem__)


def _read_labels(labels: LabelInput) -> _Labels:
    if isinstance(labels, str | bytes):
        raise TimecodeError(
            "tc_to_frames_array takes a sequence or array of labels; "
            "use tc_to_frames for a single label"
        )
    if not isinstance(labels, np.ndarray):
        elements = list(labels)
        return _from_elements(elements, (len(elements),))
    shape = labels.shape
    flat = np.ascontiguousarray(labels.reshape(-1))
    count = flat.size
    if count == 0 and flat.dtype.kind in "USO":
        return _Labels(shape, None, None, flat.__getitem__)
    if flat.dtype.kind == "U" and flat.dtype.itemsize:
        codes = flat.view(np.uint32).reshape(count, -1)
        head, suspect = _from_code_matrix(codes)
        return _Labels(shape, head, suspect, lambda i: str(flat[i]))
    if flat.dtype.kind == "S" and flat.dtype.itemsize:
        head, suspect = _from_code_matrix(flat.view(np.uint8).reshape(count, -1))
        return _Labels(shape, head, suspect, lambda i: bytes(flat[i]).decode("latin-1"))
    if flat.dtype.kind in "USO":
        return _from_elements(flat.tolist(), shape)
    raise TimecodeError(
        f"timecode labels must be text, got an array of {flat.dtype}; "
        "use frames_to_tc_array to turn frame counts into labels"
    )


def _parse_fast(
    head: npt.NDArray[np.uint8], rate: FrameRate
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Returns frames for each 11-byte row and whether the row is a legal label.

    The separators and fields are checked by the scalar reader's own rules
    (:func:`~scoresync.picture.timecode.separators_allowed`,
    :data:`~scoresync.picture.timecode.FIELD_RULES`). Rows marked not legal hold
    meaningless frames and must be read by the scalar path.
    """
    cols = np.ascontiguousarray(head.T)
    digits = cols - np.uint8(ord("0"))
    largest = digits[_DIGIT_ROWS[0]].copy()
    for row in _DIGIT_ROWS[1:]:
        np.maximum(largest, digits[row], out=largest)
    hours = digits[0] * np.uint8(10) + digits[1]
    minutes = digits[3] * np.uint8(10) + digits[4]
    seconds = digits[6] * np.uint8(10) + digits[7]
    frame = digits[9] * np.uint8(10) + digits[10]
    allowed = np.zeros(cols.shape[1], dtype=bool)
    for triple in separators_allowed(rate):
        first, second, last = triple[0], triple[1], triple[2]
        allowed |= (cols[2] == ord(first)) & (cols[5] == ord(second)) & (cols[8] == ord(last))
    ok = (largest < 10) & allowed
    for holds, _ in FIELD_RULES:
        ok &= holds(hours, minutes, seconds, frame, rate)
    frames = fields_to_frames(hours.astype(np.int32), minutes, seconds, frame, rate)
    return frames.astype(np.int64), ok


def tc_to_frames_array(labels: LabelInput, *, rate: FrameRate | str) -> npt.NDArray[np.int64]:
    """Returns the frames since ``00:00:00:00`` of every label, as int64, shaped like the input.

    Accepts a sequence of str or an array of str, bytes or objects. Reads labels exactly
    as :func:`~scoresync.picture.timecode.tc_to_frames` does; raises :class:`TimecodeError` naming
    the index and label of the first bad one.
    """
    rate = parse_rate(rate)
    batch = _read_labels(labels)
    count = int(np.prod(batch.shape, dtype=np.int64))
    if batch.head is not None:
        frames, ok = _parse_fast(batch.head, rate)
        if batch.suspect is not None:
            ok &= ~batch.suspect
    else:
        frames, ok = np.zeros(count, dtype=np.int64), np.zeros(count, dtype=bool)
    for index in np.flatnonzero(~ok).tolist():
        label = batch.element(index)
        try:
            frames[index] = tc_to_frames(label, rate=rate)  # type: ignore[arg-type]
        except TimecodeError as error:
            raise TimecodeError(f"label {index} ({label!r}): {error}") from None
    return frames.reshape(batch.shape)


# -- writing labels ----------------------------------------------------------------------

_LABEL_LAYOUT = np.dtype(
    {"names": ["hms", "tail"], "formats": ["V32", "V12"], "offsets": [0, 32], "itemsize": 44}
)


@lru_cache(maxsize=1)
def _seconds_table() -> npt.NDArray[np.void]:
    """``HH:MM:SS`` for every second of the day, as 8 UTF-32 code points per entry."""
    seconds = np.arange(_SECONDS_PER_DAY)
    fields = (seconds // 3600, seconds // 60 % 60, seconds % 60)
    table = np.empty((_SECONDS_PER_DAY, 8), dtype=np.uint32)
    for position, values in zip((0, 3, 6), fields, strict=True):
        table[:, position] = values // 10 + ord("0")
        table[:, position + 1] = values % 10 + ord("0")
    table[:, 2] = table[:, 5] = _COLON
    return table.view("V32").reshape(_SECONDS_PER_DAY)


@lru_cache(maxsize=16)
def _frame_table(base: int, drop: bool) -> npt.NDArray[np.void]:
    """``:FF`` (``;FF`` at drop frame) for every frame label, as 3 UTF-32 code points."""
    frames = np.arange(base)
    table = np.empty((base, 3), dtype=np.uint32)
    table[:, 0] = _SEMICOLON if drop else _COLON
    table[:, 1] = frames // 10 + ord("0")
    table[:, 2] = frames % 10 + ord("0")
    return table.view("V12").reshape(base)


def _integer_frames(frames: npt.ArrayLike) -> npt.NDArray[np.integer]:
    array = np.asarray(frames)
    if array.size == 0:
        return array.astype(np.int64)
    if array.dtype.kind == "O":
        try:
            array = array.astype(np.int64)
        except (TypeError, ValueError, OverflowError):
            raise TimecodeError("frames must be whole numbers that fit in 64 bits") from None
    if array.dtype.kind not in "iu":
        raise TimecodeError(
            f"frames must be an array of whole numbers, got dtype {array.dtype}; "
            "round seconds to frames with seconds_to_frames first"
        )
    return array


def _wrap(frames: npt.NDArray[np.integer], frames_per_day: int) -> npt.NDArray[np.int64]:
    """Returns ``frames`` modulo a day as int64; in-range int64 input is not copied."""
    if frames.dtype == np.uint64:
        return (frames % np.uint64(frames_per_day)).astype(np.int64)
    signed = frames.astype(np.int64, copy=False)
    if signed.size and signed.min() >= 0 and signed.max() < frames_per_day:
        return signed
    return np.mod(signed, frames_per_day)


def frames_to_tc_array(frames: npt.ArrayLike, *, rate: FrameRate | str) -> npt.NDArray[np.str_]:
    """Returns the timecode label of every frame count, as ``<U11``, shaped like the input.

    Identical element by element to :func:`~scoresync.picture.timecode.frames_to_tc`: negative
    counts and counts of a day or more wrap modulo a day; drop-frame labels use ``;``.
    """
    rate = parse_rate(rate)
    array = _integer_frames(frames)
    wrapped = _wrap(array.reshape(-1), rate.frames_per_day)
    dropped = rate.dropped_per_minute
    if dropped:
        tens, within = np.divmod(wrapped, rate.frames_per_ten_minutes)
        np.subtract(within, dropped, out=within)
        np.maximum(within, 0, out=within)
        within //= rate.frames_per_minute
        wrapped = wrapped + dropped * (9 * tens + within)
    seconds_of_day = wrapped // rate.base
    frame = wrapped - seconds_of_day * rate.base
    out = np.empty(wrapped.size, dtype=_LABEL_LAYOUT)
    out["hms"] = np.take(_seconds_table(), seconds_of_day)
    out["tail"] = np.take(_frame_table(rate.base, rate.drop), frame)
    return out.view(f"<U{LABEL_WIDTH}").reshape(array.shape)
