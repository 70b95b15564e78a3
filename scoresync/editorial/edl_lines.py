"""The lines of a CMX 3600 edit decision list, one at a time, as text.

An event line is read from the right, since everything else in it varies between
writers: the last four fields are timecodes (source in, source out, record in, record
out), before them an optional transition duration in frames, then the transition (``C``
cut, ``D`` dissolve, ``W001`` a wipe, ``K``/``KB``/``KO`` a key), then the channel (``V``,
``A``, ``A2``, ``AA``, ``B``, ``AA/V``, ``NONE`` ...). What lies between the event number
and the channel is the reel, spaces and all, whatever its length (File32 and File128
lists) and however many spaces separate the fields.

The other lines are read here too: ``M2`` motion lines, ``FCM`` lines, ``AUD`` and
``SPLIT`` lines, and the comment dialects writers use (``* FROM CLIP NAME:``, ``*SOURCE
FILE:``, ``* LOC:``, ``*079_HA_0010`` ...). Nothing here knows the frame rate: timecodes
stay text until :mod:`~scoresync.editorial.edl_clock` counts them.

>>> parse_event_line(
...     "001  A001 C003 V     D    010 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00")
EventLine(number='001', reel='A001 C003', channel='V', transition='D', duration=10, \
timecodes=('01:00:00:00', '01:00:01:00', '01:00:00:00', '01:00:01:00'))
>>> channels_of("AA/V")
('V', 'A1', 'A2')
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

__all__ = [
    "EventLine",
    "MotionLine",
    "channels_of",
    "comment_field",
    "fcm_is_drop",
    "parse_event_line",
    "parse_motion_line",
    "vfx_shot_in_name",
]

TIMECODE = re.compile(r"^([0-9]{1,2})[:;.]([0-9]{2})[:;.]([0-9]{2})[:;.]([0-9]{2})$")
"""A timecode field of a list: ``HH:MM:SS:FF``, with ``;`` or ``.`` for drop frame."""

_TIMECODE_TEXT = r"[0-9]{1,2}[:;.][0-9]{2}[:;.][0-9]{2}[:;.][0-9]{2}"
_FOUR_TIMECODES = re.compile(
    rf"^{_TIMECODE_TEXT} {_TIMECODE_TEXT} {_TIMECODE_TEXT} {_TIMECODE_TEXT}$"
)
_TOKEN = re.compile(r"\S+")
_TRANSITION = re.compile(r"^(?:C|D|W[0-9]{0,3}|K|KB|KO)$", re.IGNORECASE)
_CHANNEL_PART = r"(?:V|B|NONE|AA|A[0-9]{0,2})"
_CHANNEL = re.compile(rf"^{_CHANNEL_PART}(?:/{_CHANNEL_PART})*$", re.IGNORECASE)
_SPEED = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]*)?$")
_FCM = re.compile(r"^\*?\s*FCM\s*:\s*(.*)$", re.IGNORECASE)


class EventLine(NamedTuple):
    """The fields of one event line, as text (timecodes unread).

    ``transition`` is upper case (``C``, ``D``, ``W001``, ``K``, ``KB``, ``KO``);
    ``duration`` the transition's frames, ``None`` where the line gives none;
    ``timecodes`` are source in, source out, record in and record out.
    """

    number: str
    reel: str
    channel: str
    transition: str
    duration: int | None
    timecodes: tuple[str, str, str, str]


def parse_event_line(text: str) -> EventLine | str:
    """The fields of the event line ``text`` (its first field an event number), or what
    keeps it from being one, as a sentence to show the user."""
    try:
        return _parse_from_right(text)
    except ValueError:
        return _parse_fields(text)


def _parse_from_right(text: str) -> EventLine:
    """:func:`parse_event_line` for a sound line, peeling fields off the right; raises
    ``ValueError`` at the first surprise, for :func:`_parse_fields` to name it."""
    rest, source_in, source_out, record_in, record_out = text.rsplit(None, 4)
    timecodes = (source_in, source_out, record_in, record_out)
    if not _FOUR_TIMECODES.match(" ".join(timecodes)):
        raise ValueError("timecodes")
    rest, transition = rest.rsplit(None, 1)
    duration: int | None = None
    if transition.isdigit():
        before_rest, before = rest.rsplit(None, 1)
        if _is_transition_code(before):
            duration = int(transition)
            rest, transition = before_rest, before
    transition = transition.upper()
    if not _is_transition_code(transition):
        raise ValueError("transition")
    rest, channel = rest.rsplit(None, 1)
    if not _is_channel(channel):
        raise ValueError("channel")
    number, reel = rest.split(None, 1)
    return EventLine(
        number=number,
        reel=reel.strip(),
        channel=channel.upper(),
        transition=transition,
        duration=duration,
        timecodes=timecodes,
    )


def _parse_fields(text: str) -> EventLine | str:
    """:func:`parse_event_line` field by field, for the lines :func:`_parse_from_right`
    does not take: an empty reel, a key written ``K B``, or a line with a problem to name."""
    spans = [(match.start(), match.end()) for match in _TOKEN.finditer(text)]
    fields = [text[start:end] for start, end in spans]
    timecodes = tuple(fields[-4:])
    trailing = 0
    while trailing < min(4, len(fields) - 1) and TIMECODE.match(fields[-1 - trailing]):
        trailing += 1
    if trailing < 4:
        return (
            f"it ends in {trailing} timecodes where an event has four (source in, source out, "
            f"record in, record out); {fields[-1 - trailing]!r} is not one"
        )
    if len(fields) < 7:
        return (
            f"{len(fields)} fields where an event needs at least 7 (number, reel, channel, "
            "transition and four timecodes)"
        )
    index = len(fields) - 5
    duration: int | None = None
    if fields[index].isdigit() and index >= 3 and _is_transition(fields, index - 1):
        duration = int(fields[index])
        index -= 1
    transition = fields[index].upper()
    if transition in ("B", "O") and fields[index - 1].upper() == "K" and index >= 3:
        index -= 1
        transition = "K" + transition
    elif not _TRANSITION.match(transition):
        return (
            f"{fields[index]!r} stands where the transition goes (C, D, W001, K, KB or KO, "
            "before the timecodes and an optional duration)"
        )
    index -= 1
    if index < 1 or not _CHANNEL.match(fields[index]):
        shown = fields[index] if index >= 1 else "nothing"
        return (
            f"{shown!r} stands where the channel goes (V, A, A2, AA, B, AA/V or NONE, "
            "before the transition)"
        )
    reel = text[spans[1][0] : spans[index - 1][1]] if index > 1 else ""
    return EventLine(
        number=fields[0],
        reel=reel,
        channel=fields[index].upper(),
        transition=transition,
        duration=duration,
        timecodes=timecodes,  # type: ignore[arg-type]
    )


@functools.lru_cache(maxsize=64)
def _is_transition_code(text: str) -> bool:
    return _TRANSITION.match(text) is not None


@functools.lru_cache(maxsize=256)
def _is_channel(text: str) -> bool:
    return _CHANNEL.match(text) is not None


def _is_transition(fields: list[str], index: int) -> bool:
    if _TRANSITION.match(fields[index]):
        return True
    return fields[index].upper() in ("B", "O") and fields[index - 1].upper() == "K"


@functools.lru_cache(maxsize=256)
def channels_of(channel: str) -> tuple[str, ...]:
    """The channels an event's channel field names: ``V`` and ``A1`` to ``A99``.

    ``A`` is ``A1``, ``AA`` is ``A1`` and ``A2``, ``B`` (both) is ``V`` and ``A1``,
    ``NONE`` is none; parts joined by ``/`` add up, picture first.

    >>> channels_of("B"), channels_of("A3"), channels_of("NONE")
    (('V', 'A1'), ('A3',), ())
    """
    names: list[str] = []
    for part in channel.upper().split("/"):
        if part == "V":
            names.append("V")
        elif part == "B":
            names += ["V", "A1"]
        elif part == "AA":
            names += ["A1", "A2"]
        elif part == "A":
            names.append("A1")
        elif part.startswith("A") and part[1:].isdigit():
            names.append(f"A{int(part[1:])}")
    unique = list(dict.fromkeys(names))
    return tuple(sorted(unique, key=lambda name: (name != "V", len(name), name)))


def audio_channels_of(text: str) -> tuple[str, ...]:
    """The channels an ``AUD`` line adds: ``AUD  3    4`` adds ``A3`` and ``A4``.

    >>> audio_channels_of("AUD  3    4")
    ('A3', 'A4')
    """
    names = []
    for field in text.split()[1:]:
        digits = field.upper().removeprefix("A")
        if digits.isdigit():
            names.append(f"A{int(digits)}")
    return tuple(names)


class MotionLine(NamedTuple):
    """An ``M2`` line: the reel it retimes, its speed in source frames per timecode second
    (as written: ``048.0``, ``-25.0``, ``000.0``) and its entry timecode, if given."""

    reel: str
    speed: str
    entry: str | None


def parse_motion_line(text: str) -> MotionLine | str:
    """The fields of the ``M2`` line ``text``, or what keeps it from being one.

    >>> parse_motion_line("M2   Z682 156       -024.0                01:00:10:21 ")
    MotionLine(reel='Z682 156', speed='-024.0', entry='01:00:10:21')
    """
    spans = [(match.start(), match.end()) for match in _TOKEN.finditer(text)]
    fields = [text[start:end] for start, end in spans]
    entry: str | None = None
    last = len(fields) - 1
    if last >= 1 and TIMECODE.match(fields[last]):
        entry = fields[last]
        last -= 1
    if last < 1 or not _SPEED.match(fields[last]):
        return "an M2 line needs a speed in frames per second (such as 048.0) after its reel"
    reel = text[spans[1][0] : spans[last - 1][1]] if last > 1 else ""
    return MotionLine(reel=reel, speed=fields[last], entry=entry)


def fcm_is_drop(text: str) -> bool | None:
    """Whether an FCM line (``FCM: DROP FRAME``, ``*FCM: DIGITAL TV 24P``) says drop
    frame, or ``None`` when ``text`` is not an FCM line.

    >>> fcm_is_drop("FCM: DROP FRAME"), fcm_is_drop("FCM: NON-DROP FRAME"), fcm_is_drop("TITLE: X")
    (True, False, None)
    """
    match = _FCM.match(text)
    if match is None:
        return None
    mode = match[1].upper()
    return "DROP" in mode and "NON" not in mode


# -- comments ----------------------------------------------------------------------------

_COMMENT_FIELD = re.compile(
    r"^((?:FROM|TO)\s+CLIP\s+NAME|SOURCE\s+FILE|(?:FROM|TO)\s+(?:CLIP|FILE)|LOC)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_FIELDS = {
    "FROMCLIPNAME": "from_clip",
    "TOCLIPNAME": "to_clip",
    "SOURCEFILE": "source_file",
    "FROMCLIP": "from_file",
    "FROMFILE": "from_file",
    "TOCLIP": "to_file",
    "TOFILE": "to_file",
    "LOC": "loc",
}
_VFX_COMMENT = re.compile(r"^VFX\s*:?\s+(\S+)", re.IGNORECASE)
_SHOT_ID = r"[A-Za-z0-9]+_[A-Za-z0-9]+_[0-9]{3,5}[A-Za-z]?"
_BARE_SHOT = re.compile(rf"^({_SHOT_ID})$")
_NAME_SHOT = re.compile(rf"^({_SHOT_ID})(?=[_.\s-]|$)")
_VERSION = re.compile(r"[_.\s-][vV][0-9]{2,5}(?![0-9])")


def comment_field(body: str) -> tuple[str, str]:
    """What a comment says, as ``(field, value)``: ``from_clip``, ``to_clip``,
    ``source_file``, ``from_file``, ``to_file``, ``loc``, ``vfx``, or ``("", body)`` for
    any other comment. ``body`` is the comment without its leading ``*`` and spaces.

    >>> comment_field("FROM CLIP NAME:  ZZ100_501 (LAY3) ")
    ('from_clip', 'ZZ100_501 (LAY3)')
    >>> comment_field("079_HA_0010")
    ('vfx', '079_HA_0010')
    """
    match = _COMMENT_FIELD.match(body)
    if match is not None:
        return _field_named(match[1]), match[2].strip()
    match = _VFX_COMMENT.match(body)
    if match is not None:
        return "vfx", match[1]
    bare = _BARE_SHOT.match(body.strip())
    if bare is not None:
        return "vfx", bare[1]
    return "", body


@functools.lru_cache(maxsize=64)
def _field_named(keyword: str) -> str:
    return _FIELDS["".join(keyword.upper().split())]


def vfx_shot_in_name(name: str) -> str:
    """The VFX shot id a versioned clip or file name carries, or ``""``.

    A name like ``079_HA_0010_v012`` or ``204_CTE_0005_CMP_V0003.MOV`` (a shot id of
    three parts, the last a 3-5 digit number, and a version mark) names shot
    ``079_HA_0010``; a name without a version mark names none.

    >>> vfx_shot_in_name("204_CTE_0005_CMP_V0003.MOV"), vfx_shot_in_name("A001C003_0101")
    ('204_CTE_0005', '')
    """
    match = _NAME_SHOT.match(name)
    if match is None or _VERSION.search(name) is None:
        return ""
    return match[1]
