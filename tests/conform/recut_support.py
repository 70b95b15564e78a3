"""A random recut of a random cut, with the ground truth of where every old frame went.

:func:`recuts` is a hypothesis strategy for a :class:`Recut`: an old cut of VFX-named
shots, and a new cut made from it by inserts, lifts, trims, extensions, moves,
duplicates, version bumps, speed changes and dissolves. Both are written as CMX 3600
EDL text at 24 fps. :meth:`Recut.truth` says, by brute force over frames, at which exact
new record time each old frame is seen (``None`` where it is gone): the dissolve rule is
applied here on its own, the copy a duplicate was made from is the one chosen.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from fractions import Fraction

from hypothesis import strategies as st

from scoresync.picture.timecode import frames_to_tc

RATE = "24"
START = 86400
"""01:00:00:00 at 24 fps."""


@dataclass(frozen=True)
class Shot:
    """One event: shot ``shot`` (its source base) at ``version``, source frames from
    ``source_in`` at ``speed`` for ``frames`` record frames; ``dissolve`` frames of
    dissolve coming in from the shot before; ``copy`` marks a duplicate."""

    shot: int
    version: int
    source_in: int
    frames: int
    speed: Fraction = Fraction(1)
    dissolve: int = 0
    copy: bool = False
    touched: bool = False

    @property
    def reel(self) -> str:
        return f"R{self.shot:03d}"

    @property
    def clip(self) -> str:
        return f"{self.shot:03d}_SH_{self.shot * 10:04d}_v{self.version:03d}"


@dataclass(frozen=True)
class Visible:
    record_in: int
    record_out: int
    shot: int
    source_at_in: Fraction
    speed: Fraction
    copy: bool


def _visible(shots: list[Shot]) -> list[Visible]:
    """What each record frame shows, with a dissolve's frames given to the incoming
    shot from its midpoint on."""
    pieces: list[Visible] = []
    record = START
    for shot in shots:
        half = shot.dissolve // 2
        if half and pieces:
            last = pieces[-1]
            pieces[-1] = replace(last, record_out=last.record_out + half)
        pieces.append(
            Visible(
                record + half,
                record + shot.frames,
                shot.shot,
                Fraction(shot.source_in) + half * shot.speed,
                shot.speed,
                shot.copy,
            )
        )
        record += shot.frames
    return pieces


def edl_text(shots: list[Shot], title: str) -> str:
    lines = [f"TITLE: {title}", "FCM: NON-DROP FRAME", ""]
    record = START
    previous: Shot | None = None
    for number, shot in enumerate(shots, start=1):
        span = int(shot.frames * shot.speed)
        src_in = frames_to_tc(shot.source_in, rate=RATE)
        src_out = frames_to_tc(shot.source_in + span, rate=RATE)
        rec_in = frames_to_tc(record, rate=RATE)
        rec_out = frames_to_tc(record + shot.frames, rate=RATE)
        if shot.dissolve and previous is not None:
            carry = frames_to_tc(previous.source_in + previous.frames, rate=RATE)
            lines.append(
                f"{number:03d}  {previous.reel:<8} V     C        {carry} {carry} {rec_in} {rec_in}"
            )
            lines.append(
                f"{number:03d}  {shot.reel:<8} V     D    {shot.dissolve:03d} "
                f"{src_in} {src_out} {rec_in} {rec_out}"
            )
            lines.append(f"* FROM CLIP NAME: {previous.clip}")
            lines.append(f"* TO CLIP NAME: {shot.clip}")
        else:
            lines.append(
                f"{number:03d}  {shot.reel:<8} V     C        {src_in} {src_out} {rec_in} {rec_out}"
            )
            lines.append(f"* FROM CLIP NAME: {shot.clip}")
        if shot.speed != 1:
            fps = float(shot.speed * 24)
            lines.append(f"M2   {shot.reel:<8} {fps:05.1f}                {src_in}")
        lines.append("")
        record += shot.frames
        previous = shot
    return "\n".join(lines)


@dataclass(frozen=True)
class Recut:
    old: list[Shot]
    new: list[Shot]
    operations: list[str]

    def old_edl(self) -> str:
        return edl_text(self.old, "OLD")

    def new_edl(self) -> str:
        return edl_text(self.new, "NEW")

    @property
    def old_frames(self) -> range:
        return range(START, START + sum(shot.frames for shot in self.old))

    def truth(self) -> dict[int, Fraction | None]:
        """Per old record frame, the exact new record time it is seen at, or ``None``."""
        old_pieces, new_pieces = _visible(self.old), _visible(self.new)
        truth: dict[int, Fraction | None] = {}
        for piece in old_pieces:
            for frame in range(piece.record_in, piece.record_out):
                source = piece.source_at_in + (frame - piece.record_in) * piece.speed
                seen = []
                for new in new_pieces:
                    span = (new.record_out - new.record_in) * new.speed
                    inside = new.source_at_in <= source < new.source_at_in + span
                    if new.shot == piece.shot and inside:
                        time = new.record_in + (source - new.source_at_in) / new.speed
                        seen.append((new.copy, time))
                truth[frame] = min(seen)[1] if seen else None
        return truth


@st.composite
def recuts(draw: st.DrawFn, *, dissolves: bool = True) -> Recut:
    """A random cut and its recut; the old cut's shots may dissolve in unless not
    ``dissolves``."""
    count = draw(st.integers(3, 7))
    old = [
        Shot(
            shot=i + 1,
            version=draw(st.integers(1, 9)),
            source_in=(i + 1) * 2000 + draw(st.integers(0, 100)),
            frames=draw(st.integers(24, 60)),
        )
        for i in range(count)
    ]
    old = [
        replace(shot, dissolve=2 * draw(st.integers(0, 3)))
        if dissolves and at and draw(st.booleans())
        else shot
        for at, shot in enumerate(old)
    ]
    new = [replace(shot, dissolve=0) for shot in old]
    operations = []
    fresh = 100
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(
            st.sampled_from(
                ["insert", "lift", "trim", "extend", "move", "replace", "speed", "duplicate"]
            )
        )
        if not new:
            break
        at = draw(st.integers(0, len(new) - 1))
        shot = new[at]
        if kind == "insert":
            fresh += 1
            # shorter than any old shot: an insert never fills a lifted shot's slot at its
            # exact length, which the change map rightly calls a replacement
            new.insert(at, Shot(fresh, 1, fresh * 2000, draw(st.integers(5, 23))))
        elif kind == "lift" and len(new) > 2:
            new.pop(at)
        elif kind == "trim" and shot.speed == 1 and shot.frames > 20:
            cut = draw(st.integers(1, 8))
            if draw(st.booleans()):
                shot = replace(shot, source_in=shot.source_in + cut)
            new[at] = replace(shot, frames=shot.frames - cut, touched=True)
        elif kind == "extend" and shot.speed == 1:
            more = draw(st.integers(1, 8))
            if draw(st.booleans()):
                shot = replace(shot, source_in=shot.source_in - more)
            new[at] = replace(shot, frames=shot.frames + more, touched=True)
        elif kind == "move":
            new.insert(draw(st.integers(0, len(new) - 1)), replace(new.pop(at), touched=True))
        elif kind == "replace":
            new[at] = replace(shot, version=shot.version + 1)
        elif kind == "speed" and shot.speed == 1:
            if draw(st.booleans()):
                new[at] = replace(shot, frames=shot.frames // 2, speed=Fraction(2), touched=True)
            else:
                new[at] = replace(shot, frames=shot.frames * 2, speed=Fraction(1, 2), touched=True)
        elif kind == "duplicate" and not shot.touched and not shot.copy and shot.frames >= 24:
            first = draw(st.integers(shot.frames // 4, shot.frames // 2))
            length = draw(st.integers(4, shot.frames * 3 // 4 - first))
            copy = Shot(shot.shot, shot.version, shot.source_in + first, length, copy=True)
            where = draw(st.integers(0, len(new)))
            if where in (at, at + 1):
                continue
            new.insert(where, copy)
            new = [replace(s, touched=True) if s.shot == shot.shot else s for s in new]
        else:
            continue
        operations.append(kind)
    new = [
        replace(shot, dissolve=2 * draw(st.integers(1, 3)))
        if at
        and shot.speed == 1
        and new[at - 1].speed == 1
        and shot.frames > 12
        and draw(st.integers(0, 4)) == 0
        else shot
        for at, shot in enumerate(new)
    ]
    return Recut(old, new, operations)


def large_recut(events: int, changes: int, *, seed: int = 3000) -> Recut:
    """An old cut of ``events`` shots and a new cut made from it by ``changes`` edits,
    a third each lifts, trims (head or tail) and moves, drawn from ``seed``; a tenth of
    the old shots come in on a dissolve."""
    rng = random.Random(seed)
    old = [
        Shot(
            shot=i + 1,
            version=rng.randint(1, 9),
            source_in=rng.randrange(1000, 80000),
            frames=rng.randrange(24, 120),
            dissolve=2 * rng.randint(1, 6) if i and rng.random() < 0.1 else 0,
        )
        for i in range(events)
    ]
    new = list(old)
    operations = []
    for number in range(changes):
        kind = ("lift", "trim", "move")[number % 3]
        at = rng.randrange(len(new))
        shot = new[at]
        if kind == "lift":
            new.pop(at)
        elif kind == "trim":
            cut = rng.randint(1, 12)
            if rng.random() < 0.5:
                shot = replace(shot, source_in=shot.source_in + cut)
            new[at] = replace(shot, frames=shot.frames - cut, touched=True)
        else:
            new.insert(rng.randrange(len(new)), replace(new.pop(at), touched=True))
        operations.append(kind)
    return Recut(old, new, operations)
