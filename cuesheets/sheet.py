"""The cue sheet a project's music metadata makes: what every export writes.

Positions stay whole frames; seconds appear only here, by one rule
(:data:`ROUNDING_RULE`): a duration is the exact ``frames / rate`` rounded half up to whole
seconds, and any use of at least one frame shows at least 1 second. The total music time
is the union of the uses (overlapping uses counted once), rounded by the same rule once,
never a sum of rounded rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.model import Project
from scoresync.project.music import Music, Party, Target, Use, Work

__all__ = [
    "ROUNDING_RULE",
    "CueSheet",
    "SheetRow",
    "build_sheet",
    "clock_text",
    "merged_frames",
    "programme_bounds",
    "programme_length",
    "rounded_seconds",
]

ROUNDING_RULE = (
    "durations are exact frames / frame rate, rounded half up to whole seconds (any use of "
    "at least one frame shows at least 1 second); total music is the union of the uses, "
    "overlaps counted once, rounded the same way"
)
"""The rounding rule every export states."""


def rounded_seconds(frames: int, *, rate: FrameRate) -> int:
    """Whole seconds of ``frames`` at ``rate`` by :data:`ROUNDING_RULE`.

    >>> from scoresync.picture.rates import parse_rate
    >>> [rounded_seconds(frames, rate=parse_rate("24")) for frames in (0, 1, 11, 12, 35, 36)]
    [0, 1, 1, 1, 1, 2]
    """
    if frames <= 0:
        return 0
    exact = Fraction(frames) / rate.fps
    return max(1, math.floor(exact + Fraction(1, 2)))


def clock_text(seconds: int) -> str:
    """``M:SS`` (minutes not capped at 60), as cue sheets write timings.

    >>> clock_text(65), clock_text(3725), clock_text(0)
    ('1:05', '62:05', '0:00')
    """
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"


def merged_frames(spans: Iterable[tuple[int, int]]) -> int:
    """Frames covered by the ``(start, end)`` spans (end exclusive), overlaps once.

    >>> merged_frames([(0, 10), (5, 15), (20, 21), (30, 30)])
    16
    """
    total = 0
    reach: int | None = None
    for start, end in sorted(spans):
        if end <= start:
            continue
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def programme_bounds(project: Project) -> tuple[int, int] | None:
    """The programme's start and end frames (end exclusive) from the music header, the
    start defaulting to the project's first cue position; None without an end."""
    header = project.music.header
    if header.programme_end_frames is None:
        return None
    start = header.programme_start_frames
    if start is None:
        start = project.first_cue_frames
    return start, header.programme_end_frames


def programme_length(project: Project) -> int | None:
    """The programme's running time in frames: the header's duration when given, else
    its end minus its start; None when neither is known."""
    header = project.music.header
    if header.programme_duration_frames is not None:
        return header.programme_duration_frames
    bounds = programme_bounds(project)
    return None if bounds is None else bounds[1] - bounds[0]


@dataclass(frozen=True)
class SheetRow:
    """One use on the sheet: its sequence number (time order from 1), the use and its
    work (None when the use names a work that is not there), timecodes, exact frames and
    rounded seconds, and the usage code for the sheet's target (None when it has none)."""

    sequence: int
    use: Use
    work: Work | None
    start_tc: str
    end_tc: str
    frames: int
    seconds: int
    usage_code: str | None

    @property
    def title(self) -> str:
        return self.work.title if self.work is not None else ""

    @property
    def parties(self) -> tuple[Party, ...]:
        """Writers first, then publishers, each in the order entered."""
        if self.work is None:
            return ()
        return self.work.writers + self.work.publishers


@dataclass(frozen=True)
class CueSheet:
    """A whole cue sheet: header values (the title falls back to the project's),
    programme and total music durations in frames and rounded seconds, and the rows."""

    title: str
    music: Music
    rate: FrameRate
    target: Target
    programme_frames: int | None
    total_music_frames: int
    rows: tuple[SheetRow, ...]

    @property
    def programme_seconds(self) -> int | None:
        if self.programme_frames is None:
            return None
        return rounded_seconds(self.programme_frames, rate=self.rate)

    @property
    def total_music_seconds(self) -> int:
        return rounded_seconds(self.total_music_frames, rate=self.rate)

    def header_items(self) -> list[tuple[str, str]]:
        """The header block as (label, value) pairs, in the order every export writes it."""
        header = self.music.header
        programme = self.programme_seconds
        return [
            ("Series/Film Title", self.title),
            ("AKA", header.aka),
            ("Episode Title", header.episode_title),
            ("Episode Number", header.episode_number),
            ("Production Number", header.production_number),
            ("Production Company", header.company),
            ("Air/Release Date", header.air_date),
            ("Program Duration", "" if programme is None else clock_text(programme)),
            ("Total Music Duration", clock_text(self.total_music_seconds)),
            ("Prepared By", header.prepared_by),
            ("Frame Rate", self.rate.name),
        ]


def build_sheet(project: Project, *, target: Target | None = None) -> CueSheet:
    """The cue sheet of ``project``'s music metadata for ``target`` (default: the
    header's). Builds whatever is there; :func:`cuesheets.validate.validate` says what
    is wrong with it."""
    music = project.music
    target = target or music.header.target
    works = {work.id: work for work in music.works}
    rate = project.rate
    rows = []
    for sequence, use in enumerate(music.uses, start=1):
        frames = use.duration_frames
        rows.append(
            SheetRow(
                sequence=sequence,
                use=use,
                work=works.get(use.work),
                start_tc=frames_to_tc(use.start_frames, rate=rate),
                end_tc=frames_to_tc(use.end_frames, rate=rate),
                frames=frames,
                seconds=rounded_seconds(frames, rate=rate),
                usage_code=use.usage.code_for(target),
            )
        )
    return CueSheet(
        title=music.header.title or project.title,
        music=music,
        rate=rate,
        target=target,
        programme_frames=programme_length(project),
        total_music_frames=merged_frames((u.start_frames, u.end_frames) for u in music.uses),
        rows=tuple(rows),
    )
