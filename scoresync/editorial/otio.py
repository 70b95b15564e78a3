"""Cuts read through OpenTimelineIO: Final Cut Pro 7 XML, AAF and OpenTimelineIO files.

OpenTimelineIO and its adapter packages are the optional ``cuts`` extra
(``pip install 'scoresync[cuts]'``); they are imported only when such a file is read. A
Final Cut Pro 7 XML is first parsed with ``defusedxml`` (no entity expansion, no external
fetches), so the adapter only ever sees a document that passed.

The timeline maps into the picture layer so:

- the picture is the video tracks as seen: a clip on a higher track covers the tracks
  below it, gaps let them show through (so a multitrack sequence and its flattened copy
  read the same), and graphics (still images, generators such as titles) are laid over
  the picture without hiding it; nested sequences (stacks, tracks in tracks) are resolved
  the same way;
- clips of the video tracks above the first, and every audio clip, are also kept as other
  events, as they sit on their own tracks;
- transitions go to the event they lead into, with their alignment from OpenTimelineIO's
  in and out offsets (a transition at the end of a track leads into a zero-length gap);
- linear speed, reverse and freeze frames come from ``LinearTimeWarp`` and ``FreezeFrame``;
  a speed effect OpenTimelineIO cannot follow (Avid's keyframed "Unknown Time Warp
  Effect") is a note on its event saying the retime was lost;
- record frames count from 00:00:00:00: the timeline's global start time is the record
  start. Drop frame comes from the XML's timecode format or the AAF's timecode track.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from scoresync.editorial.layer import (
    Alignment,
    Cut,
    CutFileError,
    Event,
    EventKind,
    Note,
    Origin,
    Source,
    Track,
    Transition,
    TransitionKind,
)
from scoresync.editorial.read import CutFormat, parse_xml
from scoresync.picture.rates import RATES, FrameRate, parse_rate
from scoresync.picture.timecode import frames_to_tc, round_fraction

if TYPE_CHECKING:
    import opentimelineio

__all__ = ["EXTRA_HINT", "read_otio_cut"]

EXTRA_HINT = "install the cuts extra: pip install 'scoresync[cuts]'"
ZERO = Fraction(0)
ONE = Fraction(1)
_SCHEMA = re.compile(r'"OTIO_SCHEMA"\s*:\s*"([A-Za-z_][\w]*)\.(\d+)"')
_ADAPTERS = {CutFormat.FCP7_XML: "fcp_xml", CutFormat.AAF: "AAF"}
_GRAPHIC_SUFFIXES = frozenset(
    {".png", ".tga", ".tif", ".tiff", ".psd", ".gif", ".bmp", ".jpg", ".jpeg", ".svg", ".ai"}
)
"""Still images on a track above the first are graphics over the picture, not picture."""
_LOST_RETIME = re.compile(r"time\s*warp|time\s*remap|speed|retime", re.I)


def read_otio_cut(path: Path, *, kind: CutFormat, rate: FrameRate | None = None) -> Cut:
    """Reads a Final Cut Pro 7 XML, an AAF or an OpenTimelineIO file into a :class:`Cut`.

    ``rate`` is used only when the file gives none (an empty timeline). Raises
    :class:`CutFileError` when OpenTimelineIO or the adapter for the format is missing,
    when the file was written by a newer OpenTimelineIO, and when it cannot be read.
    """
    path = Path(path)
    otio = _opentimelineio(path, kind)
    if kind is CutFormat.FCP7_XML:
        root = parse_xml(path)
        if root.tag != "xmeml":
            raise CutFileError(
                f"{path}: not a Final Cut Pro 7 XML (its root element is <{root.tag}>)"
            )
    timeline, warnings = _read_timeline(otio, path, kind)
    layout = _Layout(otio, path.name, _cut_rate(otio, timeline, path, kind, rate))
    layout.notes.extend(warnings)
    if kind is CutFormat.OTIO and layout.rate.fps.denominator == 1001 and layout.rate.base >= 30:
        layout.notes.append(
            Note(
                "an OpenTimelineIO file does not say whether its timecode is drop frame: "
                "read as non-drop",
                Origin(path.name),
            )
        )
    return layout.cut(timeline)


def _opentimelineio(path: Path, kind: CutFormat) -> Any:
    try:
        import opentimelineio
    except ImportError:
        raise CutFileError(
            f"{path}: reading a {kind.value} needs OpenTimelineIO, which is not installed: "
            f"{EXTRA_HINT}"
        ) from None
    return opentimelineio


@contextmanager
def _collected_warnings(shown: str) -> Iterator[list[Note]]:
    """Collects what the adapters log while reading (pyaaf2's and the AAF adapter's
    warnings) as notes, instead of letting them print."""
    notes: list[Note] = []
    seen: set[str] = set()

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if message not in seen:
                seen.add(message)
                notes.append(Note(f"the reader warned: {message}", Origin(shown)))

    handler = _Collect(level=logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield notes
    finally:
        root.removeHandler(handler)


def _read_timeline(otio: Any, path: Path, kind: CutFormat) -> tuple[Any, list[Note]]:
    adapter = _ADAPTERS.get(kind) or {".otioz": "otioz", ".otiod": "otiod"}.get(
        path.suffix.lower(), "otio_json"
    )
    try:
        otio.adapters.from_name(adapter)
    except otio.exceptions.NotSupportedError:
        raise CutFileError(
            f"{path}: reading a {kind.value} needs OpenTimelineIO's {adapter!r} adapter, "
            f"which is not installed: {EXTRA_HINT}"
        ) from None
    with _collected_warnings(path.name) as warnings:
        try:
            result = otio.adapters.read_from_file(str(path), adapter_name=adapter)
        except otio.exceptions.UnsupportedSchemaError as error:
            raise CutFileError(_newer_schema_message(otio, path, error)) from None
        except ValueError as error:
            if "No top-level sequences" in str(error):
                raise CutFileError(
                    f"{path}: this Final Cut Pro 7 XML holds no sequence (only clips); "
                    "export the sequence itself"
                ) from None
            raise CutFileError(_unreadable(path, kind, error)) from None
        except Exception as error:  # an adapter's own failure: reported, never hidden
            raise CutFileError(_unreadable(path, kind, error)) from None
    return _first_timeline(otio, result, path, warnings), warnings


def _unreadable(path: Path, kind: CutFormat, error: Exception) -> str:
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    what = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    hint = ""
    if kind is CutFormat.AAF:
        hint = "; it may be damaged or not an AAF written by an editing system"
    return f"{path}: OpenTimelineIO could not read this {kind.value} ({what}){hint}"


def _newer_schema_message(otio: Any, path: Path, error: Exception) -> str:
    """Names the schemas a file uses that are newer than the installed library's."""
    known = dict(otio.core.type_version_map())
    newer: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for name, version_text in _SCHEMA.findall(text):
        version = int(version_text)
        if name in known and version > known[name]:
            newer[name] = max(version, newer.get(name, 0))
    if not newer:
        return (
            f"{path}: written by a newer OpenTimelineIO ({error}); this one is "
            f"{otio.__version__}: upgrade with pip install -U opentimelineio"
        )
    found = ", ".join(f"{name}.{version}" for name, version in sorted(newer.items()))
    reads = ", ".join(f"{name}.{known[name]}" for name in sorted(newer))
    return (
        f"{path}: written by a newer OpenTimelineIO ({found}); this one "
        f"({otio.__version__}) reads up to {reads}: upgrade with pip install -U opentimelineio"
    )


def _first_timeline(otio: Any, result: Any, path: Path, notes: list[Note]) -> Any:
    if isinstance(result, otio.schema.Timeline):
        return result
    timelines = [item for item in result if isinstance(item, otio.schema.Timeline)]
    if not timelines:
        raise CutFileError(f"{path}: holds no timeline")
    if len(timelines) > 1:
        others = ", ".join(repr(timeline.name) for timeline in timelines[1:])
        notes.append(
            Note(
                f"the file holds {len(timelines)} timelines: read {timelines[0].name!r}, "
                f"not {others}",
                Origin(path.name),
            )
        )
    return timelines[0]


# -- rates ------------------------------------------------------------------------------


def _exact_fps(rate: float) -> Fraction:
    """The exact rate a float rate stands for (``23.976023976`` or ``23.976`` is
    24000/1001); a rate scoresync does not list is kept as the nearest fraction."""
    for known in RATES.values():
        if abs(float(known.fps) - rate) < 0.005:
            return known.fps
    return Fraction(rate).limit_denominator(1001)


def _cut_rate(
    otio: Any, timeline: Any, path: Path, kind: CutFormat, given: FrameRate | None
) -> FrameRate:
    rates: list[float] = []
    if timeline.global_start_time is not None:
        rates.append(timeline.global_start_time.rate)
    else:
        counts: dict[float, int] = {}
        for clip in timeline.find_clips():
            clip_rate = clip.trimmed_range().duration.rate
            counts[clip_rate] = counts.get(clip_rate, 0) + 1
        rates.extend(sorted(counts, key=lambda known: -counts[known])[:1])
    if not rates:
        return given or RATES["24"]
    fps = _exact_fps(rates[0])
    if fps not in {known.fps for known in RATES.values()}:
        raise CutFileError(
            f"{path}: the timeline runs at {rates[0]:.4g} fps, not a rate scoresync handles "
            f"({', '.join(RATES)})"
        )
    drop = False
    if fps.denominator == 1001 and fps.numerator in (30000, 60000):
        drop = _drop_frame(timeline, path, kind)
    return parse_rate(f"{fps.numerator}/{fps.denominator}" + (" df" if drop else ""))


def _drop_frame(timeline: Any, path: Path, kind: CutFormat) -> bool:
    """Whether a 29.97 or 59.94 timeline counts drop frame, where the file says."""
    if kind is CutFormat.FCP7_XML:
        timecode = timeline.metadata.get("fcp_xml", {}).get("timecode", {})
        return str(timecode.get("displayformat", "")).upper() == "DF"
    if kind is CutFormat.AAF:
        return _aaf_drop_frame(path)
    return False


def _aaf_drop_frame(path: Path) -> bool:
    """The drop flag of the timecode track of the AAF's first top-level composition."""
    try:
        import aaf2
    except ImportError:
        return False
    try:
        with aaf2.open(str(path), "r") as aaf:
            for mob in aaf.content.toplevel():
                for slot in mob.slots:
                    segment = slot.segment
                    parts = getattr(segment, "components", None) or [segment]
                    for part in parts:
                        if type(part).__name__ == "Timecode":
                            return bool(part.drop)
                return False
    except Exception:  # the adapter has read this file; a lookup failure means non-drop
        return False
    return False


# -- layout -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """An event in the making, in frames (exact) of the composition that holds it."""

    record_in: Fraction
    record_out: Fraction
    kind: EventKind
    path: str
    source: Source | None = None
    source_at_in: Fraction | None = None
    speed: Fraction = ONE
    transition: Transition | None = None
    covers: bool = True
    """Whether the piece hides the tracks below it: not for a graphic (a still image or
    a generator such as a title), which is taken to be laid over the picture."""

    def clipped(self, low: Fraction, high: Fraction) -> _Piece:
        """The part from ``low`` to ``high``; a transition stays only with its head."""
        source_at_in = self.source_at_in
        if source_at_in is not None:
            source_at_in += (low - self.record_in) * self.speed
        return dataclasses.replace(
            self,
            record_in=low,
            record_out=high,
            source_at_in=source_at_in,
            transition=self.transition if low == self.record_in else None,
        )


class _Layout:
    """Lays out an OpenTimelineIO timeline into the picture layer at ``rate``."""

    def __init__(self, otio: Any, shown: str, rate: FrameRate):
        self.otio = otio
        self.shown = shown
        self.rate = rate
        self.notes: list[Note] = []
        self.markers: list[tuple[Fraction, str, str]] = []
        """Markers as (frames from the timeline's start, text, path)."""

    # -- times --------------------------------------------------------------------------

    def frames(self, time: opentimelineio.opentime.RationalTime) -> Fraction:
        """A time as exact frames at the cut's rate (a rate of the same timecode base,
        such as 24 for 23.976, counts frame for frame)."""
        value = Fraction(time.value).limit_denominator(1_000_000)
        fps = _exact_fps(time.rate)
        if fps == self.rate.fps or round(fps) == self.rate.base:
            return value
        return value * self.rate.fps / fps

    def origin(self, path: str) -> Origin:
        return Origin(self.shown, path=path)

    def note(self, message: str, path: str) -> None:
        self.notes.append(Note(message, self.origin(path)))

    # -- the cut ------------------------------------------------------------------------

    def cut(self, timeline: Any) -> Cut:
        start = timeline.global_start_time
        record_start = self.frames(start) if start is not None else ZERO
        video = [track for track in timeline.tracks if track.kind == "Video"]
        audio = [track for track in timeline.tracks if track.kind == "Audio"]
        layers = []
        others: list[tuple[_Piece, Track]] = []
        for number, track in enumerate(video, start=1):
            pieces = self._top_track(track, f"/tracks/V{number}")
            layers.append(pieces)
            if number > 1:
                others.extend((piece, Track.OTHER) for piece in pieces if _worth_keeping(piece))
        for number, track in enumerate(audio, start=1):
            pieces = self._top_track(track, f"/tracks/A{number}")
            others.extend((piece, Track.AUDIO) for piece in pieces if _worth_keeping(piece))
        picture = _filled(_flatten(layers, self._hidden)) if layers else []
        return Cut(
            rate=self.rate,
            events=tuple(self._event(piece, record_start, Track.PICTURE) for piece in picture),
            origin=Origin(self.shown),
            name=timeline.name or "",
            record_start=round_fraction(record_start),
            others=tuple(self._event(piece, record_start, track) for piece, track in others),
            markers=tuple(self._placed_markers(record_start)),
            notes=tuple(self.notes),
        )

    def _hidden(self, piece: _Piece) -> None:
        if piece.transition is not None:
            self.note(
                f"transition {piece.transition.code or piece.transition.kind.value!r} is "
                "hidden by a clip on a higher track",
                piece.path,
            )

    def _top_track(self, track: Any, path: str) -> list[_Piece]:
        if not track.enabled:
            self.note(f"track {track.name!r} is turned off: not read", path)
            return []
        return self._windowed(track, self._track(track, path), path)

    def _windowed(self, composition: Any, pieces: list[_Piece], path: str) -> list[_Piece]:
        """A composition's pieces within its own trim (``source_range``), from 0."""
        if composition.source_range is None:
            return pieces
        window = composition.source_range
        low = self.frames(window.start_time)
        high = low + self.frames(window.duration)
        return _shifted(_within(pieces, low, high), -low)

    # -- tracks and stacks --------------------------------------------------------------

    def _track(self, track: Any, path: str) -> list[_Piece]:
        """The pieces of one track (or of items one after another), in the track's own
        frames from 0."""
        otio = self.otio
        pieces: list[_Piece] = []
        transitions: list[tuple[Fraction, Any, str]] = []
        position = ZERO
        for index, child in enumerate(track, start=1):
            child_path = f"{path}/{_tag(otio, child)}[{index}]"
            if isinstance(child, otio.schema.Transition):
                transitions.append((position, child, child_path))
                continue
            duration = self.frames(child.trimmed_range().duration)
            end = position + duration
            self._item_markers(child, child_path, position)
            if not child.enabled:
                pieces.append(_Piece(position, end, EventKind.GAP, child_path))
                self.note(f"{child.name or 'the item'!r} is turned off: read as a gap", child_path)
            elif isinstance(child, otio.schema.Gap):
                if end > position:
                    pieces.append(_Piece(position, end, EventKind.GAP, child_path))
            elif isinstance(child, otio.schema.Clip):
                pieces.append(self._clip(child, child_path, position, end))
            elif isinstance(child, (otio.schema.Stack, otio.schema.Track)):
                pieces.extend(self._nested(child, child_path, position, end))
            else:
                self.note(f"{type(child).__name__} is not a clip: read as a gap", child_path)
                pieces.append(_Piece(position, end, EventKind.GAP, child_path))
            position = end
        for edit, transition, transition_path in transitions:
            self._attach(pieces, edit, transition, transition_path)
        return pieces

    def _stack(self, stack: Any, path: str) -> list[_Piece]:
        """A stack's video tracks as seen, in the stack's own frames from 0."""
        layers = []
        for number, child in enumerate(stack, start=1):
            layer_path = f"{path}/{_tag(self.otio, child)}[{number}]"
            if isinstance(child, self.otio.schema.Track):
                if child.kind == "Video" and child.enabled:
                    layers.append(self._windowed(child, self._track(child, layer_path), path))
            elif not isinstance(child, self.otio.schema.Transition):
                layers.append(self._track([child], path))
        return _flatten(layers, self._hidden)

    def _nested(self, item: Any, path: str, position: Fraction, end: Fraction) -> list[_Piece]:
        """A nested sequence (a stack or a track in a track) placed from ``position`` to
        ``end``, through its trim and any speed effect on it."""
        otio = self.otio
        if isinstance(item, otio.schema.Stack):
            inner = self._stack(item, path)
        else:
            inner = self._track(item, path)
        window = item.trimmed_range()
        low = self.frames(window.start_time)
        speed, _ = self._speed(item, path)
        if speed == 0:
            shown = [piece for piece in inner if piece.record_in <= low < piece.record_out]
            return [
                dataclasses.replace(
                    piece.clipped(low, piece.record_out),
                    record_in=position,
                    record_out=end,
                    speed=ZERO,
                    transition=None,
                )
                for piece in shown[:1]
            ]
        if speed < 0:
            self.note("a reversed nested sequence is read forwards", path)
            speed = -speed
        high = low + (end - position) * speed
        placed = []
        for piece in _within(inner, low, high):
            placed.append(
                dataclasses.replace(
                    piece,
                    record_in=position + (piece.record_in - low) / speed,
                    record_out=position + (piece.record_out - low) / speed,
                    speed=piece.speed * speed,
                )
            )
        return placed

    # -- clips --------------------------------------------------------------------------

    def _clip(self, clip: Any, path: str, position: Fraction, end: Fraction) -> _Piece:
        trimmed = clip.trimmed_range()
        source_at_in = self._source_frames(trimmed.start_time, path)
        speed, _ = self._speed(clip, path)
        return _Piece(
            record_in=position,
            record_out=end,
            kind=EventKind.CLIP,
            path=path,
            source=self._source(clip),
            source_at_in=source_at_in,
            speed=speed,
            covers=not self._is_graphic(clip),
        )

    def _is_graphic(self, clip: Any) -> bool:
        reference = clip.media_reference
        if isinstance(reference, self.otio.schema.GeneratorReference):
            return True
        target = getattr(reference, "target_url", "") or ""
        return Path(urlsplit(target).path).suffix.lower() in _GRAPHIC_SUFFIXES

    def _source_frames(self, time: Any, path: str) -> Fraction:
        fps = _exact_fps(time.rate)
        if fps != self.rate.fps and round(fps) != self.rate.base:
            self.note(
                f"source at {float(fps):.5g} fps: its frames are counted at {self.rate} fps",
                path,
            )
        return self.frames(time)

    def _speed(self, item: Any, path: str) -> tuple[Fraction, bool]:
        """The speed of an item's time effects; the flag says a retime was lost."""
        otio = self.otio
        speed = ONE
        lost = False
        for effect in item.effects:
            if isinstance(effect, otio.schema.FreezeFrame):
                speed = ZERO
            elif isinstance(effect, otio.schema.LinearTimeWarp):
                speed *= Fraction(effect.time_scalar).limit_denominator(100_000)
            elif isinstance(effect, otio.schema.TimeEffect) or _LOST_RETIME.search(
                f"{effect.effect_name} {effect.name}"
            ):
                lost = True
                self.note(
                    f"retime lost: OpenTimelineIO reads this speed effect only as "
                    f"{effect.effect_name or effect.name!r} (a speed change it cannot "
                    "follow, such as a keyframed one); the event is read at the speed above",
                    path,
                )
        return speed, lost

    def _source(self, clip: Any) -> Source:
        reference = clip.media_reference
        source_file = ""
        target = getattr(reference, "target_url", None)
        if target:
            parts = urlsplit(target)
            source_file = unquote(parts.path) if parts.scheme == "file" else target
        return Source(reel=_reel(clip), clip_name=clip.name or "", source_file=source_file)

    # -- transitions and markers --------------------------------------------------------

    def _attach(self, pieces: list[_Piece], edit: Fraction, transition: Any, path: str) -> None:
        before = self.frames(transition.in_offset)
        after = self.frames(transition.out_offset)
        if before == after:
            alignment = Alignment.CENTRE
        elif before == 0:
            alignment = Alignment.START
        elif after == 0:
            alignment = Alignment.END
        else:
            alignment = Alignment.CENTRE
        label = f"{transition.name} {transition.transition_type}"
        kind = TransitionKind.WIPE if "wipe" in label.lower() else TransitionKind.DISSOLVE
        made = Transition(
            kind,
            round_fraction(before + after),
            alignment,
            code=transition.name or transition.transition_type or "",
        )
        for index, piece in enumerate(pieces):
            if piece.record_in == edit and piece.record_out > edit:
                pieces[index] = dataclasses.replace(piece, transition=made)
                return
        pieces.append(_Piece(edit, edit, EventKind.GAP, path, transition=made))
        pieces.sort(key=_order)

    def _item_markers(self, item: Any, path: str, position: Fraction) -> None:
        markers = getattr(item, "markers", None)
        if not markers:
            return
        trimmed_start = self.frames(item.trimmed_range().start_time)
        for index, marker in enumerate(markers, start=1):
            at = position + self.frames(marker.marked_range.start_time) - trimmed_start
            text = marker.name or ""
            comment = getattr(marker, "comment", "")
            if comment:
                text = f"{text} ({comment})" if text else comment
            self.markers.append((at, text, f"{path}/marker[{index}]"))

    def _placed_markers(self, record_start: Fraction) -> Iterator[Note]:
        for at, text, path in self.markers:
            frame = round_fraction(record_start + at)
            label = frames_to_tc(frame, rate=self.rate) if frame >= 0 else f"frame {frame}"
            yield Note(f"marker at {label}: {text}", self.origin(path))

    # -- events -------------------------------------------------------------------------

    def _event(self, piece: _Piece, record_start: Fraction, track: Track) -> Event:
        record_in = record_start + piece.record_in
        record_out = record_start + piece.record_out
        if record_in.denominator != 1 or record_out.denominator != 1:
            self.note("a time between frames is rounded to the nearest frame", piece.path)
        source_in = source_out = None
        if piece.source_at_in is not None:
            first = piece.source_at_in
            last = first + (piece.record_out - piece.record_in) * piece.speed
            if piece.speed == 0:
                source_in = round_fraction(first)
                source_out = source_in + 1
            else:
                source_in = round_fraction(min(first, last))
                source_out = round_fraction(max(first, last))
        return Event(
            record_in=round_fraction(record_in),
            record_out=round_fraction(record_out),
            kind=piece.kind,
            origin=self.origin(piece.path),
            source=piece.source,
            source_in=source_in,
            source_out=source_out,
            speed=piece.speed,
            transition=piece.transition,
            track=track,
        )


def _tag(otio: Any, item: Any) -> str:
    for kind, tag in (
        (otio.schema.Transition, "transition"),
        (otio.schema.Gap, "gap"),
        (otio.schema.Clip, "clip"),
        (otio.schema.Stack, "stack"),
        (otio.schema.Track, "track"),
    ):
        if isinstance(item, kind):
            return tag
    return "item"


def _reel(clip: Any) -> str:
    """The tape or reel name where the adapter keeps one: FCP 7 XML's file timecode reel,
    an AAF's tape or reel user comment."""
    reference_meta = getattr(clip.media_reference, "metadata", {}) or {}
    fcp = reference_meta.get("fcp_xml", {}) if hasattr(reference_meta, "get") else {}
    try:
        reel = fcp.get("timecode", {}).get("reel", {}).get("name")
    except AttributeError:
        reel = None
    if reel:
        return str(reel)
    aaf = clip.metadata.get("AAF", {}) if hasattr(clip.metadata, "get") else {}
    comments = aaf.get("UserComments", {}) if hasattr(aaf, "get") else {}
    if hasattr(comments, "keys"):
        for key in comments:
            if key.lower() in ("tape", "tape name", "tapename", "reel", "reel name"):
                return str(comments[key])
    return ""


def _within(pieces: list[_Piece], low: Fraction, high: Fraction) -> list[_Piece]:
    """The pieces cut to the window from ``low`` to ``high``."""
    kept = []
    for piece in pieces:
        start, end = max(piece.record_in, low), min(piece.record_out, high)
        if end > start or (end == start == piece.record_in and low <= start <= high):
            kept.append(
                piece.clipped(start, end)
                if (start, end)
                != (
                    piece.record_in,
                    piece.record_out,
                )
                else piece
            )
    return kept


def _shifted(pieces: list[_Piece], delta: Fraction) -> list[_Piece]:
    return [
        dataclasses.replace(
            piece, record_in=piece.record_in + delta, record_out=piece.record_out + delta
        )
        for piece in pieces
    ]


def _flatten(layers: list[list[_Piece]], hidden: Any) -> list[_Piece]:
    """Video tracks as seen: each layer's clips cover the layers below; gaps do not."""
    result = sorted(layers[0], key=_order) if layers else []
    for layer in layers[1:]:
        for piece in layer:
            if piece.record_in == piece.record_out and piece.transition is not None:
                result = sorted([*result, piece], key=_order)
                continue
            if piece.kind is EventKind.GAP or not piece.covers:
                continue
            kept = []
            for old in result:
                if old.record_out <= piece.record_in or old.record_in >= piece.record_out:
                    kept.append(old)
                    continue
                if old.record_in < piece.record_in:
                    kept.append(old.clipped(old.record_in, piece.record_in))
                elif old.transition is not None:
                    hidden(old)
                if old.record_out > piece.record_out:
                    kept.append(old.clipped(piece.record_out, old.record_out))
            kept.append(piece)
            result = sorted(kept, key=_order)
    return result


def _filled(pieces: list[_Piece]) -> list[_Piece]:
    """The picture with its holes (where no track has anything) made gaps, and with the
    slivers that covering left shorter than a frame dropped."""
    filled: list[_Piece] = []
    end = pieces[0].record_in if pieces else ZERO
    for piece in pieces:
        length = piece.record_out - piece.record_in
        if length > 0 and round_fraction(piece.record_out) == round_fraction(piece.record_in):
            continue
        if piece.record_in > end:
            filled.append(_Piece(end, piece.record_in, EventKind.GAP, "/tracks"))
        filled.append(piece)
        end = max(end, piece.record_out)
    return filled


def _worth_keeping(piece: _Piece) -> bool:
    """Whether a piece of a track other than the picture is kept: clips, and the
    zero-length gaps that carry a transition out to black."""
    return piece.kind is EventKind.CLIP or piece.transition is not None


def _order(piece: _Piece) -> tuple[Fraction, Fraction]:
    return (piece.record_in, piece.record_out)
