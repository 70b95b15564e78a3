"""The click track of a cue, placed on picture: a Broadcast Wave file a DAW spots to timecode.

Picture time to samples, exactly: the map's time zero (the cue's downbeat, at frame
``downbeat_frames``) sits at ``downbeat_frames * sample_rate / fps`` samples since
midnight, a ``Fraction``; each click is the sample nearest that plus its map time (see
:mod:`tempo.audio.click`).

The music's clicks start at the pickup (the downbeat without one), even when the pickup
begins before the cue start; only a cue that starts after its downbeat (a cue split from
a longer one) starts its clicks at the cue start. The file starts at the
cue start, or at the frame holding the first click (the count-in, or a pickup before the
cue start) when that is earlier, and ends at the cue end plus a
short tail (:data:`TAIL_SECONDS`) so the last click rings out. Its first sample is the
start frame's sample (``frames_to_samples``: frames -> exact seconds -> nearest sample),
and that number, in samples since midnight, is the ``bext`` TimeReference. Clicks at or
after the cue end, and clicks inside free-time ranges, are left out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.errors import ExportError, UsageError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_samples, frames_to_tc, parse_position
from scoresync.project.model import Cue
from tempo.audio.bwf import WAV_SUBTYPES, BextInfo, write_bwf
from tempo.audio.click import ClickKind, Clicks, click_positions, render_blocks
from tempo.common.atomic import check_writable

if TYPE_CHECKING:
    from tempo.audio.bwf import BextInfo

__all__ = [
    "TAIL_SECONDS",
    "ClickOptions",
    "ClickPlan",
    "ClickReport",
    "parse_free_time",
    "plan_click",
    "render_click",
]

TAIL_SECONDS = Fraction(1, 2)
"""Silence after the cue end, so a click just before it rings out."""

SAMPLE_RATES = range(8_000, 384_001)
"""Sample rates a click track may have."""


_RANGE = re.compile(r"^\s*(\S.*?)\s*-\s*(\S.*?)\s*$")


def parse_free_time(text: str, *, rate: FrameRate, origin_frames: int) -> tuple[int, int]:
    """Reads a free-time range ``START-END`` as frames, end exclusive: timecodes, or
    durations (``20s-24s``, ``480f-576f``) counted from ``origin_frames``, the cue start."""
    match = _RANGE.match(text)
    if match is None:
        raise UsageError(
            f"free time {text!r} is not a range: write START-END, e.g. 01:00:20:00-01:00:24:00"
        )
    start = parse_position(match[1], rate=rate, origin_frames=origin_frames)
    end = parse_position(match[2], rate=rate, origin_frames=origin_frames)
    if end <= start:
        raise UsageError(f"free time {text!r} ends before it starts: write START-END")
    return start, end


@dataclass(frozen=True)
class ClickOptions:
    """How to render a click track. ``free_time`` holds frame ranges ``[start, end)``."""

    sample_rate: int = 48_000
    bit_depth: str = "24"
    subdivision: int = 1
    count_in_bars: int = 0
    count_in_beats: int = 0
    accent: bool = True
    free_time: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ClickPlan:
    """Where a cue's click file starts and what it holds; samples count from its start."""

    cue: Cue
    rate: FrameRate
    options: ClickOptions
    start_frames: int
    first_sample: int
    total_samples: int
    clicks: Clicks
    removed_clicks: int

    @property
    def seconds(self) -> float:
        """Length of the file in seconds."""
        return self.total_samples / self.options.sample_rate


def plan_click(cue: Cue, rate: FrameRate, options: ClickOptions = ClickOptions()) -> ClickPlan:
    """Works out every click of ``cue`` and the extent of its file."""

    tempo = cue.placed_tempo()
    sample_rate = options.sample_rate
    if sample_rate not in SAMPLE_RATES:
        raise UsageError(f"sample rate {sample_rate} is out of range: use 8000 to 384000 (48000)")
    origin = Fraction(tempo.downbeat_frames * sample_rate) / rate.fps
    until = tempo.seconds_at_frame(cue.end_frames, rate=rate)
    end_sample = frames_to_samples(cue.end_frames, rate=rate, sample_rate=sample_rate)
    cue_start = Fraction(
        tempo.map.quarters_at_seconds(tempo.seconds_at_frame(cue.start_frames, rate=rate))
    )
    every = click_positions(
        tempo.map,
        from_quarters=cue_start if cue_start > 0 else None,
        origin_samples=origin,
        sample_rate=sample_rate,
        until_seconds=until,
        subdivision=options.subdivision,
        count_in_bars=options.count_in_bars,
        count_in_beats=options.count_in_beats,
        accent=options.accent,
    ).before(end_sample)
    gaps = [
        (
            frames_to_samples(start, rate=rate, sample_rate=sample_rate),
            frames_to_samples(end, rate=rate, sample_rate=sample_rate),
        )
        for start, end in options.free_time
    ]
    clicks = every.without(gaps)
    start_frames = cue.start_frames
    if len(clicks):
        start_frames = min(start_frames, _frame_holding(int(clicks.samples[0]), rate, sample_rate))
    if start_frames < 0:
        raise ExportError(
            f"{cue.number}: the count-in would start before 00:00:00:00; use a shorter count-in"
        )
    first_sample = frames_to_samples(start_frames, rate=rate, sample_rate=sample_rate)
    tail = math.ceil(TAIL_SECONDS * sample_rate)
    return ClickPlan(
        cue=cue,
        rate=rate,
        options=options,
        start_frames=start_frames,
        first_sample=first_sample,
        total_samples=end_sample + tail - first_sample,
        clicks=clicks.shifted(-first_sample),
        removed_clicks=len(every) - len(clicks),
    )


def _frame_holding(sample: int, rate: FrameRate, sample_rate: int) -> int:
    """The last frame whose first sample is at or before ``sample`` (may be negative)."""
    frames = math.floor(Fraction(sample) * rate.fps / sample_rate)
    while frames > 0 and frames_to_samples(frames, rate=rate, sample_rate=sample_rate) > sample:
        frames -= 1
    return frames


@dataclass(frozen=True)
class ClickReport:
    """What was rendered, for the command line and the UI."""

    path: Path
    cue: str
    start_tc: str
    end_tc: str
    time_reference_samples: int
    sample_rate: int
    bit_depth: str
    total_samples: int
    counts: dict[str, int]
    removed_clicks: int

    def to_json(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "file": str(self.path),
            "cue": self.cue,
            "start": self.start_tc,
            "end": self.end_tc,
            "time_reference_samples": self.time_reference_samples,
            "sample_rate": self.sample_rate,
            "bit_depth": self.bit_depth,
            "samples": self.total_samples,
            "seconds": round(self.total_samples / self.sample_rate, 6),
            "clicks": self.counts,
            "clicks_in_free_time": self.removed_clicks,
        }


def bext_for(plan: ClickPlan, *, now: dt.datetime | None = None) -> BextInfo:
    """The ``bext`` fields of a plan's file (a :class:`tempo.audio.bwf.BextInfo`)."""

    moment = now or dt.datetime.now()
    cue, options = plan.cue, plan.options
    tc = frames_to_tc(plan.start_frames, rate=plan.rate)
    bits = WAV_SUBTYPES[options.bit_depth][2] * 8
    kind = "IEEE float" if options.bit_depth == "32f" else "linear PCM"
    return BextInfo(
        description=f"{cue.number} {cue.title} click track, starts {tc} at {plan.rate} fps",
        originator="scoresync",
        originator_reference=f"scoresync {cue.number} click",
        origination_date=moment.strftime("%Y-%m-%d"),
        origination_time=moment.strftime("%H:%M:%S"),
        time_reference_samples=plan.first_sample,
        coding_history=(
            f"A=PCM,F={options.sample_rate},W={bits},M=mono,T=scoresync click track ({kind})\r\n"
        ),
    )


def render_click(plan: ClickPlan, path: Path, *, now: dt.datetime | None = None) -> ClickReport:
    """Writes the plan's click track to ``path`` as a Broadcast Wave file."""

    options = plan.options
    if options.bit_depth not in WAV_SUBTYPES:
        raise UsageError(
            f"unknown bit depth {options.bit_depth!r}: use one of {', '.join(WAV_SUBTYPES)}"
        )
    check_writable(path)
    bits = WAV_SUBTYPES[options.bit_depth][1]
    blocks = render_blocks(
        plan.clicks, total_samples=plan.total_samples, sample_rate=options.sample_rate, bits=bits
    )
    write_bwf(
        path,
        blocks,
        sample_rate=options.sample_rate,
        bit_depth=options.bit_depth,
        total_samples=plan.total_samples,
        info=bext_for(plan, now=now),
    )
    end_frames = plan.cue.end_frames
    return ClickReport(
        path=path,
        cue=str(plan.cue.number),
        start_tc=frames_to_tc(plan.start_frames, rate=plan.rate),
        end_tc=frames_to_tc(end_frames, rate=plan.rate),
        time_reference_samples=plan.first_sample,
        sample_rate=options.sample_rate,
        bit_depth=options.bit_depth,
        total_samples=plan.total_samples,
        counts={kind.name.lower(): plan.clicks.count(kind) for kind in ClickKind},
        removed_clicks=plan.removed_clicks,
    )
