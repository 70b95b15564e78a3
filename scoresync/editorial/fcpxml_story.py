"""FCPXML storylines laid out on the record side: spines, clips, compound and multicam
clips, auditions, transitions, retimes and connected clips, as picture-layer events.

FCPXML gives every time as rational seconds (``3003/3000s``). An element sits in its
container's timeline at ``offset`` for ``duration``; ``start`` is where its own (local)
timeline begins. A retime (``timeMap``) maps the local time to the time of what the element
shows (its media, or the storyline inside it), and a ``conform-rate`` of media at a nearby
rate plays it frame for frame. Walking down from the sequence, each container's time is an
affine function of record time (:class:`TimeLine`), so a clip three compound clips deep
still lands on exact record frames. Seconds turn into frames only at the end, at the
sequence rate; a time that falls between frames is rounded and noted.

The main storyline (lane-less elements) is the picture; connected clips (a ``lane``
attribute) and audio go to ``others``. Transitions are centred on their edit in FCPXML:
each is attached to the event that starts at the edit, with its alignment worked out from
where it sits (a fade in starts at the edit, a fade out ends at it; a fade out at the end of
a storyline comes in to a zero-length gap).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from scoresync.editorial.layer import (
    Alignment,
    Event,
    EventKind,
    Note,
    Origin,
    Source,
    Track,
    Transition,
    TransitionKind,
)
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc, round_fraction

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["Resources", "Story", "TimeLine", "parse_time"]

ZERO = Fraction(0)
ONE = Fraction(1)

ITEM_TAGS = frozenset(
    {
        "asset-clip",
        "audio",
        "audition",
        "clip",
        "gap",
        "mc-clip",
        "ref-clip",
        "spine",
        "sync-clip",
        "title",
        "transition",
        "video",
    }
)
"""Elements that take time in a storyline."""
_CONTAINERS = frozenset({"clip", "sync-clip", "spine"})
"""Items whose own lane-less children form a storyline in their inner time."""
_MARKERS = frozenset({"marker", "chapter-marker"})
_PLAIN = frozenset({"asset-clip", "video", "audio", "title", "gap"})
"""Items whose events need no nesting: with no retime nor conform, straight on the
sequence, they take :meth:`Story._plain`'s integer path."""
_CONFORM_LIMIT = Fraction(21, 20)
"""Media rates within 5 % of the sequence's (23.976, 24 and 25; 29.97 and 30 ...) are
conformed frame for frame when ``conform-rate`` scaling is on, as Final Cut Pro's automatic
speed does; rates further apart play at their own speed."""


class FcpxmlValueError(ValueError):
    """An attribute holds text that is not what FCPXML puts there."""


@lru_cache(maxsize=8192)
def parse_time(text: str) -> Fraction:
    """Returns FCPXML time text (``"1001/24000s"``, ``"3600s"``, ``"0s"``) in seconds.

    >>> parse_time("1001/24000s")
    Fraction(1001, 24000)
    """
    body = text.strip()
    if not body.endswith("s"):
        raise FcpxmlValueError(f"time {text!r} is not rational seconds such as '1001/24000s'")
    numerator, _, denominator = body[:-1].partition("/")
    try:
        value = Fraction(int(numerator), int(denominator)) if denominator else Fraction(numerator)
    except (ValueError, ZeroDivisionError):
        raise FcpxmlValueError(
            f"time {text!r} is not rational seconds such as '1001/24000s'"
        ) from None
    return value


Ratio = tuple[int, int]
"""Seconds as a (numerator, positive denominator) pair: the fast path's exact numbers,
for the clips that sit straight on the sequence (most of any cut), where ``Fraction``
arithmetic would cost more than the parsing."""


def parse_ratio(text: str) -> Ratio:
    """FCPXML time text as a :data:`Ratio`, not reduced (``"2002/48000s"`` is
    ``(2002, 48000)``); text that is not a plain ``n/ds`` goes through :func:`parse_time`."""
    numerator, slash, denominator = text.partition("/")
    if slash and denominator.endswith("s"):
        try:
            bottom = int(denominator[:-1])
            if bottom > 0:
                return int(numerator), bottom
        except ValueError:
            pass
    value = parse_time(text)
    return value.numerator, value.denominator


def _ratio(element: Element, name: str) -> Ratio:
    text = element.get(name)
    return (0, 1) if text is None else parse_ratio(text)


def _plus(a: Ratio, b: Ratio) -> Ratio:
    return a[0] * b[1] + b[0] * a[1], a[1] * b[1]


def _time(element: Element, name: str, default: Fraction = ZERO) -> Fraction:
    text = element.get(name)
    return default if text is None else parse_time(text)


@dataclass(frozen=True, slots=True)
class TimeLine:
    """A container's time as a function of record time: at record second ``record`` the
    container is at ``time``, and it runs ``speed`` container seconds per record second
    (``0`` holds a frame, negative runs backwards)."""

    record: Fraction
    time: Fraction
    speed: Fraction

    def time_at(self, record: Fraction) -> Fraction:
        if self.speed == 1:
            return self.time + (record - self.record)
        return self.time + (record - self.record) * self.speed

    def record_at(self, time: Fraction) -> Fraction:
        """The record second at which the container reaches ``time`` (``speed`` not 0)."""
        if self.speed == 1:
            return self.record + (time - self.time)
        return self.record + (time - self.time) / self.speed

    def local(self, offset: Fraction, start: Fraction) -> TimeLine:
        """The timeline of an element placed at ``offset`` whose own time begins at
        ``start``."""
        return TimeLine(self.record, self.time - offset + start, self.speed)

    def scaled(self, factor: Fraction, *, at: Fraction) -> TimeLine:
        """This timeline played ``factor`` times as fast from record second ``at``."""
        return TimeLine(at, self.time_at(at), self.speed * factor)


SEQUENCE = TimeLine(ZERO, ZERO, ONE)
"""The sequence's own timeline: record seconds are sequence seconds."""

Window = tuple[Fraction, Fraction] | None
"""The stretch of record seconds a nested storyline shows, ``None`` for the whole."""


@dataclass
class Resources:
    """The document's ``resources`` by id, and the sequence's rate and file name."""

    by_id: dict[str, Element]
    rate: FrameRate
    file: str


@dataclass
class _Pending:
    """A transition waiting for the event that starts at its edit."""

    frame: int
    transition: Transition
    picture: bool
    origin: Origin
    name: str


@dataclass
class Story:
    """Lays out storylines into events at ``resources.rate``, collecting what it meets."""

    resources: Resources
    picture: list[Event] = dataclasses.field(default_factory=list)
    others: list[Event] = dataclasses.field(default_factory=list)
    markers: list[Note] = dataclasses.field(default_factory=list)
    notes: list[Note] = dataclasses.field(default_factory=list)
    _pending: list[_Pending] = dataclasses.field(default_factory=list)
    _media_cache: dict[Element, tuple[str, str]] = dataclasses.field(default_factory=dict)
    _sources: dict[tuple[str | None, ...], tuple[Source, Track]] = dataclasses.field(
        default_factory=dict
    )
    _fps: Ratio = (0, 1)

    def __post_init__(self) -> None:
        fps = self.resources.rate.fps
        self._fps = (fps.numerator, fps.denominator)

    # -- frames ---------------------------------------------------------------------

    def frames(self, seconds: Fraction) -> int:
        return self._ratio_frames((seconds.numerator, seconds.denominator))[0]

    def _record_frames(self, seconds: Fraction, off_frame: list[Fraction]) -> int:
        frames, exact = self._ratio_frames((seconds.numerator, seconds.denominator))
        if not exact:
            off_frame.append(seconds)
        return frames

    def origin(self, path: str) -> Origin:
        return Origin(self.resources.file, path=path)

    def note(self, message: str, path: str) -> None:
        self.notes.append(Note(message, self.origin(path)))

    # -- storylines -----------------------------------------------------------------

    def storyline(
        self,
        children: list[Element],
        path: str,
        timeline: TimeLine,
        window: Window,
        *,
        picture: bool,
        clip_name: str | None = None,
    ) -> None:
        """Lays out the items of one storyline (a spine, an angle, a clip's contents),
        whose offsets are in ``timeline``'s time, clipped to ``window``. ``clip_name``
        names the clip whose contents these are, for the sources they show."""
        counts: dict[str, int] = {}
        items: list[tuple[Element, str]] = []
        for child in children:
            tag = child.tag
            if tag not in ITEM_TAGS or child.get("lane") not in (None, "0"):
                continue
            counts[tag] = counts.get(tag, 0) + 1
            items.append((child, f"{path}/{tag}[{counts[tag]}]"))
        shift = _shift(timeline, window)
        for index, (element, item_path) in enumerate(items):
            try:
                if element.tag == "transition":
                    edit = self._edit_after(items, index, element)
                    self._transition(element, item_path, timeline, window, edit, picture)
                else:
                    self.item(
                        element,
                        item_path,
                        timeline,
                        window,
                        picture=picture,
                        clip_name=clip_name,
                        shift=shift,
                    )
            except FcpxmlValueError as error:
                self.note(f"{error}; the element is skipped", item_path)

    def _edit_after(
        self, items: list[tuple[Element, str]], index: int, transition: Element
    ) -> tuple[Fraction, bool]:
        """The edit a transition belongs to: the next item's offset, or its own end when
        nothing follows (a fade out). The flag says whether an item follows."""
        for element, _ in items[index + 1 :]:
            if element.tag != "transition":
                return _time(element, "offset"), True
        return _time(transition, "offset") + _time(transition, "duration"), False

    def _transition(
        self,
        element: Element,
        path: str,
        timeline: TimeLine,
        window: Window,
        edit: tuple[Fraction, bool],
        picture: bool,
    ) -> None:
        edit_time, followed = edit
        if timeline.speed == 0:
            return
        offset = _time(element, "offset")
        duration = _time(element, "duration")
        record = timeline.record_at(edit_time)
        if window is not None and not window[0] <= record <= window[1]:
            return
        if offset == edit_time:
            alignment = Alignment.START
        elif offset + duration == edit_time:
            alignment = Alignment.END
        else:
            alignment = Alignment.CENTRE
        name = element.get("name", "")
        markers = sum(1 for child in element if child.tag in _MARKERS)
        if markers:
            self.note(f"{markers} marker(s) on transition {name!r} are not placed", path)
        kind = TransitionKind.WIPE if "wipe" in name.lower() else TransitionKind.DISSOLVE
        frames = self.frames(duration if timeline.speed == 1 else duration / abs(timeline.speed))
        transition = Transition(kind, frames, alignment, code=name)
        origin = self.origin(path)
        off_frame: list[Fraction] = []
        edit_frame = self._record_frames(record, off_frame)
        if off_frame:
            self.note(
                f"the edit at {float(record):.6f} s in the file falls between frames at "
                f"{self.resources.rate} fps: placed on {self._frame_tc(edit_frame)}",
                path,
            )
        if not followed:
            self._add(
                Event(
                    record_in=edit_frame,
                    record_out=edit_frame,
                    kind=EventKind.GAP,
                    origin=origin,
                    transition=transition,
                    track=Track.PICTURE if picture else Track.OTHER,
                    comments=(f"{name or 'transition'} out to black at the end",),
                ),
                picture=picture,
            )
            return
        self._pending.append(_Pending(edit_frame, transition, picture, origin, name))

    # -- items ----------------------------------------------------------------------

    def item(
        self,
        element: Element,
        path: str,
        timeline: TimeLine,
        window: Window,
        *,
        picture: bool,
        offset: Fraction | None = None,
        clip_name: str | None = None,
        shift: Ratio | None = None,
    ) -> None:
        """Lays out one item placed in ``timeline``'s time, then its connected clips.
        ``shift`` is the record seconds less the timeline's, when the two run together
        and nothing is clipped (the fast path's case), from :func:`_shift`."""
        tag = element.tag
        if tag == "audition":
            self._audition(element, path, timeline, window, picture=picture)
            return
        if (
            shift is not None
            and offset is None
            and tag in _PLAIN
            and element.get("enabled") != "0"
            and (
                not len(element)
                or (element.find("timeMap") is None and element.find("conform-rate") is None)
            )
        ):
            self._plain(element, path, shift, picture=picture, clip_name=clip_name)
            return
        if offset is None:
            offset = _time(element, "offset")
        start = _time(element, "start")
        duration = self._duration(element)
        span = _record_span(timeline, offset, duration, window)
        local = timeline.local(offset, start)
        source_fps = None
        conform = element.find("conform-rate")
        if conform is not None and timeline.speed != 0:
            factor, source_fps = self._conform(conform, path)
            if factor != ONE:
                local = local.scaled(factor, at=timeline.record_at(offset))
        if span is not None:
            self._markers(element, path, local, span)
            if element.get("enabled") == "0":
                self._disabled(element, path, span, picture=picture)
            else:
                inner = self._inner(element, path, local, span)
                self._content(
                    element,
                    path,
                    inner,
                    span,
                    picture=picture,
                    source_fps=source_fps,
                    clip_name=clip_name,
                )
        self._connected(element, path, local, timeline.speed, window)

    def _plain(
        self, element: Element, path: str, shift: Ratio, *, picture: bool, clip_name: str | None
    ) -> None:
        """A clip or gap unretimed in a timeline that runs with record time, ``shift``
        seconds from it (none on the sequence): its frames in integers."""
        offset = _plus(_ratio(element, "offset"), shift)
        duration = _ratio(element, "duration")
        end = _plus(offset, duration)
        record_in, exact_in = self._ratio_frames(offset)
        record_out, exact_out = self._ratio_frames(end)
        off_frame = None
        if not (exact_in and exact_out):
            off_frame = [
                Fraction(*r) for r, exact in ((offset, exact_in), (end, exact_out)) if not exact
            ]
        shown = duration[0] > 0
        if shown and element.tag != "gap":
            start = _ratio(element, "start")
            source, track = self._source_track(element, clip_name, picture)
            event = Event(
                record_in=record_in,
                record_out=record_out,
                kind=EventKind.CLIP,
                origin=self.origin(path),
                source=source,
                source_in=self._ratio_frames(start)[0],
                source_out=self._ratio_frames(_plus(start, duration))[0],
                track=track,
            )
            self._add(event, picture=track is Track.PICTURE, off_frame=off_frame)
        elif shown and picture:
            gap = Event(record_in, record_out, EventKind.GAP, self.origin(path))
            self._add(gap, picture=True, off_frame=off_frame)
        if len(element):
            start = _ratio(element, "start")
            if shown:
                self._plain_markers(element, path, offset, start, duration)
            if any(child.get("lane") not in (None, "0") for child in element):
                local = TimeLine(Fraction(*offset), Fraction(*start), ONE)
                self._connected(element, path, local, ONE, None)

    def _plain_markers(
        self, element: Element, path: str, offset: Ratio, start: Ratio, duration: Ratio
    ) -> None:
        """The markers of a :meth:`_plain` item: at ``offset`` plus their time past
        ``start``, kept when they fall within ``duration``."""
        counts: dict[str, int] = {}
        for child in element:
            if child.tag not in _MARKERS:
                continue
            counts[child.tag] = counts.get(child.tag, 0) + 1
            past = _plus(_ratio(child, "start"), (-start[0], start[1]))
            if past[0] < 0 or past[0] * duration[1] >= duration[0] * past[1]:
                continue
            frame = self._ratio_frames(_plus(offset, past))[0]
            self._marker(child, f"{path}/{child.tag}[{counts[child.tag]}]", frame)

    def _frame_tc(self, frame: int) -> str:
        """The timecode of record ``frame`` for a note (``frame -3`` before 00:00:00:00)."""
        return frames_to_tc(frame, rate=self.resources.rate) if frame >= 0 else f"frame {frame}"

    def _marker(self, marker: Element, path: str, frame: int) -> None:
        label = self._frame_tc(frame)
        kind = "chapter marker" if marker.tag == "chapter-marker" else "marker"
        self.markers.append(
            Note(f"{kind} at {label}: {marker.get('value', '')}", self.origin(path))
        )

    def _ratio_frames(self, seconds: Ratio) -> tuple[int, bool]:
        """The nearest frame to ``seconds`` (halves up), and whether it falls on one."""
        numerator = seconds[0] * self._fps[0]
        denominator = seconds[1] * self._fps[1]
        return (2 * numerator + denominator) // (2 * denominator), numerator % denominator == 0

    def _duration(self, element: Element) -> Fraction:
        if element.tag == "spine" and element.get("duration") is None:
            ends = [
                _time(child, "offset") + _time(child, "duration")
                for child in element
                if child.tag in ITEM_TAGS and child.tag != "transition"
            ]
            return max(ends, default=ZERO)
        return _time(element, "duration")

    def _audition(
        self, element: Element, path: str, timeline: TimeLine, window: Window, *, picture: bool
    ) -> None:
        """An audition shows its first child (the pick); the others are noted."""
        picks = [child for child in element if child.tag in ITEM_TAGS]
        if not picks:
            self.note("an audition with no clip in it is skipped", path)
            return
        pick = picks[0]
        offset = _time(pick, "offset") if pick.get("offset") is not None else None
        if offset is None:
            offset = _time(element, "offset")
        self.item(pick, f"{path}/{pick.tag}[1]", timeline, window, picture=picture, offset=offset)
        if len(picks) > 1:
            names = ", ".join(repr(child.get("name", child.tag)) for child in picks[1:])
            self.note(
                f"audition: the pick {pick.get('name', pick.tag)!r} is read; "
                f"the alternatives {names} are not",
                path,
            )

    def _inner(
        self, element: Element, path: str, local: TimeLine, span: tuple[Fraction, Fraction]
    ) -> TimeLine:
        """The time of what the element shows: its local time through its retime."""
        time_map = element.find("timeMap")
        if time_map is not None:
            return self._retimed(time_map, path, local, span)
        return local

    def _retimed(
        self, time_map: Element, path: str, local: TimeLine, span: tuple[Fraction, Fraction]
    ) -> TimeLine:
        points = sorted(
            (_time(point, "time"), _time(point, "value")) for point in time_map.iter("timept")
        )
        if not points:
            self.note("a timeMap with no timept is ignored", path)
            return local
        retime = _Retime(points)
        first, last = local.time_at(span[0]), local.time_at(span[1])
        mapped_first = retime.at(first)
        if first != last:
            factor = (retime.at(last) - mapped_first) / (last - first)
        else:
            factor = retime.slope_at(first)
        slopes = retime.slopes_between(min(first, last), max(first, last))
        if len(slopes) > 1:
            shown = ", ".join(f"{float(slope):.3g}" for slope in sorted(slopes))
            self.note(
                f"speed ramp (speeds {shown}): read as its average speed "
                f"{float(factor * local.speed):.4g}",
                path,
            )
        return TimeLine(span[0], mapped_first, local.speed * factor)

    def _conform(self, conform: Element, path: str) -> tuple[Fraction, Fraction | None]:
        """How media at another rate plays: the media seconds a record second holds, and
        the media's rate when it is conformed frame for frame (its source frames are then
        counted at that rate), else ``None``."""
        source_text = conform.get("srcFrameRate")
        if not source_text:
            return ONE, None
        source_fps = _nominal_fps(source_text)
        rate = self.resources.rate
        if source_fps is None:
            self.note(f"conform-rate srcFrameRate={source_text!r} is not a rate; ignored", path)
            return ONE, None
        if source_fps == rate.fps:
            return ONE, None
        ratio = rate.fps / source_fps
        if conform.get("scaleEnabled", "1") != "0" and (
            1 / _CONFORM_LIMIT <= ratio <= _CONFORM_LIMIT
        ):
            self.note(
                f"media at {source_text} fps conformed frame for frame to {rate} fps: its "
                f"source frames are counted at {source_text} fps",
                path,
            )
            return ratio, source_fps
        self.note(
            f"media at {source_text} fps plays at its own speed in {rate} fps: its source "
            f"frames are counted at {rate} fps",
            path,
        )
        return ONE, None

    def _content(
        self,
        element: Element,
        path: str,
        inner: TimeLine,
        span: tuple[Fraction, Fraction],
        *,
        picture: bool,
        source_fps: Fraction | None,
        clip_name: str | None,
    ) -> None:
        tag = element.tag
        if tag == "gap":
            self._gap(element, path, span, picture=picture)
        elif tag in _CONTAINERS:
            name = element.get("name") if tag == "clip" else None
            self.storyline(
                list(element), path, inner, span, picture=picture, clip_name=name or clip_name
            )
        elif tag == "ref-clip":
            self._compound(element, path, inner, span, picture=picture)
        elif tag == "mc-clip":
            self._multicam(element, path, inner, span, picture=picture)
        else:
            self._leaf(
                element,
                path,
                inner,
                span,
                picture=picture,
                source_fps=source_fps,
                clip_name=clip_name,
            )

    def _gap(
        self, element: Element, path: str, span: tuple[Fraction, Fraction], *, picture: bool
    ) -> None:
        if not picture:
            return
        off_frame: list[Fraction] = []
        record_in = self._record_frames(span[0], off_frame)
        record_out = self._record_frames(span[1], off_frame)
        self._add(
            Event(record_in, record_out, EventKind.GAP, self.origin(path)),
            picture=True,
            off_frame=off_frame,
        )

    def _disabled(
        self, element: Element, path: str, span: tuple[Fraction, Fraction], *, picture: bool
    ) -> None:
        name = element.get("name", element.tag)
        if picture:
            self._gap(element, path, span, picture=True)
            self.note(f"{name!r} is disabled: its time is read as a gap", path)
        else:
            self.note(f"connected clip {name!r} is disabled and not read", path)

    def _compound(
        self,
        element: Element,
        path: str,
        inner: TimeLine,
        span: tuple[Fraction, Fraction],
        *,
        picture: bool,
    ) -> None:
        """A ref-clip shows a window of its media's sequence (a compound clip)."""
        media = self._resource(element, path, "media")
        sequence = media.find("sequence") if media is not None else None
        spine = sequence.find("spine") if sequence is not None else None
        if spine is None:
            self.note(f"compound clip {element.get('name', '')!r} has no sequence", path)
            self._gap(element, path, span, picture=picture)
            return
        media_path = f"/fcpxml/resources/media[@id='{element.get('ref')}']/sequence/spine"
        self.storyline(list(spine), media_path, inner, span, picture=picture)

    def _multicam(
        self,
        element: Element,
        path: str,
        inner: TimeLine,
        span: tuple[Fraction, Fraction],
        *,
        picture: bool,
    ) -> None:
        """An mc-clip shows its active video angle (``srcEnable`` ``video`` or ``all``)."""
        media = self._resource(element, path, "media")
        multicam = media.find("multicam") if media is not None else None
        angle_id = next(
            (
                source.get("angleID")
                for source in element.iter("mc-source")
                if source.get("srcEnable", "all") in ("all", "video")
            ),
            None,
        )
        angle = None
        if multicam is not None and angle_id is not None:
            angle = next(
                (a for a in multicam.iter("mc-angle") if a.get("angleID") == angle_id), None
            )
        if angle is None:
            self.note(
                f"multicam clip {element.get('name', '')!r} has no active video angle; "
                "its time is read as a gap",
                path,
            )
            self._gap(element, path, span, picture=picture)
            return
        angle_path = (
            f"/fcpxml/resources/media[@id='{element.get('ref')}']/multicam/"
            f"mc-angle[@angleID='{angle_id}']"
        )
        self.storyline(list(angle), angle_path, inner, span, picture=picture)

    def _resource(self, element: Element, path: str, kind: str) -> Element | None:
        ref = element.get("ref")
        found = self.resources.by_id.get(ref or "")
        if found is None or found.tag != kind:
            self.note(f"{element.tag} refers to {ref!r}, which is no {kind} resource", path)
            return None
        return found

    def _leaf(
        self,
        element: Element,
        path: str,
        inner: TimeLine,
        span: tuple[Fraction, Fraction],
        *,
        picture: bool,
        source_fps: Fraction | None,
        clip_name: str | None,
    ) -> None:
        """A clip showing media or a generator: source frames are counted at the cut's
        rate, or at the media's own when it is conformed frame for frame. A leaf inside a
        ``clip`` takes that clip's name."""
        source, track = self._source_track(element, clip_name, picture)
        off_frame: list[Fraction] = []
        record_in = self._record_frames(span[0], off_frame)
        record_out = self._record_frames(span[1], off_frame)
        if source_fps is None:
            speed = inner.speed
            first = self.frames(inner.time_at(span[0]))
            last = self.frames(inner.time_at(span[1]))
        else:
            speed = inner.speed * source_fps / self.resources.rate.fps
            first = round_fraction(inner.time_at(span[0]) * source_fps)
            last = round_fraction(inner.time_at(span[1]) * source_fps)
        if speed == 0:
            source_in, source_out = first, first + 1
        else:
            source_in, source_out = min(first, last), max(first, last)
        event = Event(
            record_in=record_in,
            record_out=record_out,
            kind=EventKind.CLIP,
            origin=self.origin(path),
            source=source,
            source_in=source_in,
            source_out=source_out,
            speed=speed,
            track=track,
        )
        self._add(event, picture=track is Track.PICTURE, off_frame=off_frame)

    def _source_track(
        self, element: Element, clip_name: str | None, picture: bool
    ) -> tuple[Source, Track]:
        """The source an element shows and the track its event goes to: audio for sound
        only, else the picture or, off the main storyline, other."""
        key = (
            element.get("ref"),
            clip_name or element.get("name"),
            element.tag,
            element.get("srcEnable"),
            "picture" if picture else "",
        )
        found = self._sources.get(key)
        if found is None:
            source, is_audio = self._source(element, clip_name)
            track = Track.AUDIO if is_audio else Track.PICTURE if picture else Track.OTHER
            found = self._sources[key] = (source, track)
        return found

    def _source(self, element: Element, clip_name: str | None) -> tuple[Source, bool]:
        """The source an element shows, and whether it carries sound only."""
        ref = self.resources.by_id.get(element.get("ref") or "")
        name = clip_name or element.get("name") or ""
        if element.tag == "audio" or element.get("srcEnable") == "audio":
            is_audio = True
        else:
            is_audio = ref is not None and ref.tag == "asset" and ref.get("hasVideo") != "1"
        if ref is None:
            return Source(clip_name=name), is_audio
        reel, source_file = self._media(ref)
        source = Source(reel=reel, clip_name=name or ref.get("name", ""), source_file=source_file)
        return source, is_audio

    def _media(self, ref: Element) -> tuple[str, str]:
        """The reel and media file of an asset (the template of an effect), read once."""
        found = self._media_cache.get(ref)
        if found is None:
            if ref.tag == "effect":
                found = ("", ref.get("uid", ""))
            else:
                reel = ""
                for metadata in ref.iter("md"):
                    if metadata.get("key") == "com.apple.proapps.studio.reel":
                        reel = metadata.get("value", "")
                found = (reel, _media_file(ref))
            self._media_cache[ref] = found
        return found

    # -- connected clips and markers --------------------------------------------------

    def _connected(
        self, element: Element, path: str, local: TimeLine, speed: Fraction, window: Window
    ) -> None:
        """Clips connected to an element (a ``lane`` attribute), on whatever lane, kept
        as other events. Each is anchored at its offset in the element's local time and
        then plays at the pace of the element's container (a parent's retime or conform
        does not carry over)."""
        if local.speed == 0:
            return
        counts: dict[str, int] = {}
        for child in element:
            tag = child.tag
            if tag not in ITEM_TAGS:
                continue
            counts[tag] = counts.get(tag, 0) + 1
            if child.get("lane") in (None, "0") or tag == "transition":
                continue
            child_path = f"{path}/{tag}[{counts[tag]}]"
            try:
                offset = _time(child, "offset")
                anchored = TimeLine(local.record_at(offset), offset, speed)
                self.item(
                    child,
                    child_path,
                    anchored,
                    window,
                    picture=False,
                    shift=_shift(anchored, window),
                )
            except FcpxmlValueError as error:
                self.note(f"{error}; the element is skipped", child_path)

    def _markers(
        self, element: Element, path: str, local: TimeLine, span: tuple[Fraction, Fraction]
    ) -> None:
        if local.speed == 0:
            return
        counts: dict[str, int] = {}
        for child in element:
            if child.tag not in _MARKERS:
                continue
            counts[child.tag] = counts.get(child.tag, 0) + 1
            record = local.record_at(_time(child, "start"))
            if not span[0] <= record < span[1]:
                continue
            self._marker(child, f"{path}/{child.tag}[{counts[child.tag]}]", self.frames(record))

    # -- results --------------------------------------------------------------------

    def _add(self, event: Event, *, picture: bool, off_frame: list[Fraction] | None = None) -> None:
        (self.picture if picture else self.others).append(event)
        if off_frame:
            shown = " and ".join(f"{float(seconds):.6f} s" for seconds in off_frame)
            placed = " and ".join(self._frame_tc(self.frames(seconds)) for seconds in off_frame)
            times, fall = ("times", "fall") if len(off_frame) > 1 else ("time", "falls")
            self.notes.append(
                Note(
                    f"{times} {shown} in the file {fall} between frames at "
                    f"{self.resources.rate} fps: rounded to {placed}",
                    event.origin,
                )
            )

    def finish(self) -> tuple[tuple[Event, ...], tuple[Event, ...]]:
        """The picture events in record order and the other events, with every pending
        transition attached to the event that starts at its edit."""
        picture = sorted(self.picture, key=lambda event: (event.record_in, event.record_out))
        others = list(self.others)
        for events, is_picture in ((picture, True), (others, False)):
            starts: dict[int, int] = {}
            for index, event in enumerate(events):
                starts.setdefault(event.record_in, index)
            for pending in self._pending:
                if pending.picture is not is_picture:
                    continue
                found = starts.get(pending.frame)
                if found is None:
                    self.notes.append(
                        Note(
                            f"transition {pending.name!r} ({pending.transition.duration_frames}"
                            f" frames) has no event starting at its edit (frame "
                            f"{pending.frame}); kept only in this note",
                            pending.origin,
                        )
                    )
                    continue
                events[found] = dataclasses.replace(events[found], transition=pending.transition)
        return tuple(picture), tuple(others)


def _shift(timeline: TimeLine, window: Window) -> Ratio | None:
    """Record seconds less ``timeline``'s when it runs with record time and nothing is
    clipped (items there take the integer fast path), else ``None``."""
    if window is not None or timeline.speed != 1:
        return None
    shift = timeline.record - timeline.time
    return shift.numerator, shift.denominator


def _record_span(
    timeline: TimeLine, offset: Fraction, duration: Fraction, window: Window
) -> tuple[Fraction, Fraction] | None:
    """The record seconds at which an item placed at ``offset`` for ``duration`` shows,
    within ``window``; ``None`` when it does not show."""
    if timeline.speed == 0:
        if window is not None and offset <= timeline.time < offset + duration:
            return window
        return None
    first = timeline.record_at(offset)
    last = timeline.record_at(offset + duration)
    low, high = (first, last) if first <= last else (last, first)
    if window is not None:
        low, high = max(low, window[0]), min(high, window[1])
    if high <= low:
        return None
    return low, high


class _Retime:
    """A timeMap: linear between its points (time, value) and carried on past its ends
    along the first and last segments; one point alone shifts time at normal speed."""

    def __init__(self, points: list[tuple[Fraction, Fraction]]):
        self.segments: list[tuple[Fraction, Fraction, Fraction]] = []
        for (time_a, value_a), (time_b, value_b) in zip(points, points[1:], strict=False):
            slope = ZERO if time_b == time_a else (value_b - value_a) / (time_b - time_a)
            self.segments.append((time_a, value_a, slope))
        if not self.segments:
            self.segments.append((points[0][0], points[0][1], ONE))
        self.ends = [time for time, _ in points[1:]]

    def _segment(self, time: Fraction) -> tuple[Fraction, Fraction, Fraction]:
        for index, end in enumerate(self.ends[:-1]):
            if time < end:
                return self.segments[index]
        return self.segments[-1]

    def at(self, time: Fraction) -> Fraction:
        start, value, slope = self._segment(time)
        return value + (time - start) * slope

    def slope_at(self, time: Fraction) -> Fraction:
        return self._segment(time)[2]

    def slopes_between(self, low: Fraction, high: Fraction) -> set[Fraction]:
        """The speeds of the segments the stretch from ``low`` to ``high`` crosses."""
        return {
            slope
            for (start, _, slope), end in zip(self.segments, self.ends, strict=False)
            if start < high and end > low
        }


def _nominal_fps(text: str) -> Fraction | None:
    """The exact rate a ``srcFrameRate`` names (``23.98`` is 24000/1001)."""
    try:
        value = Fraction(text)
    except ValueError:
        return None
    for base in (24, 30, 48, 60, 120):
        if abs(value - Fraction(base * 1000, 1001)) < Fraction(1, 50):
            return Fraction(base * 1000, 1001)
    return value if value > 0 else None


def _media_file(asset: Element) -> str:
    """The media file of an asset as a path (its ``media-rep`` or ``src`` URL)."""
    url = asset.get("src")
    if url is None:
        rep = asset.find("media-rep")
        url = rep.get("src") if rep is not None else None
    if not url:
        return asset.get("name", "")
    parts = urlsplit(url)
    if parts.scheme == "file":
        return unquote(parts.path)
    return url
