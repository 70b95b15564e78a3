"""The demo film's picture cut and its recut, as CMX 3600 lists beside the demo project.

Version 1 (``night-train.v1.edl``) is the cut the demo's cues were spotted against: two
reels of scenes (reel 1 from 01:00:00:00, reel 2 from 02:00:00:00), each scene a run of
shots from its own camera rolls. Version 2 (``night-train.v2.edl``) is the next cut, with
the changes a music editor meets every week:

- 14 frames trimmed inside the main title (1M1, a tempo-mapped cue), between the title
  card and the cut to the platform, so the hits after it come early;
- the ticket scene (1M2A) moved from before the dining car to after the viaduct;
- the sleeper-berth scene (1M4) deleted;
- a VFX shot in the tunnel (1M3) bumped from ``_v011`` to ``_v012``, same length;
- reel 2 unchanged.

``scoresync conform night-train.scoresync.json --old night-train.v1.edl --new
night-train.v2.edl`` then moves every cue and proposes the musical fix for 1M1.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from scoresync.editorial.edl_write import EdlEntry, edl_text
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import tc_to_frames
from tempo.common.atomic import write_atomically

__all__ = ["DEMO_CUT_NAMES", "demo_cut_entries", "write_demo_cuts"]

RATE = RATES["23.976"]
DEMO_CUT_NAMES = ("night-train.v1.edl", "night-train.v2.edl")
"""The file names of the two cuts, written beside the demo project."""

SHOT_FRAMES = (96, 132, 180, 120, 156, 204, 110, 168)
"""Shot lengths a scene cycles through (its last shot takes what is left)."""

TRIM_AT = "01:00:36:00"
"""A frame of the main-title shot whose tail version 2 trims."""
TRIM_FRAMES = 14
VFX_SHOT = ("TUNNEL", 3)
"""The scene and shot number of the VFX shot version 2 bumps."""


@dataclass(frozen=True)
class _Scene:
    code: str
    start: str
    end: str


REEL_ONE = (
    _Scene("RAILYARD", "01:00:00:00", "01:02:00:00"),
    _Scene("PLATFORM", "01:02:00:00", "01:03:10:00"),
    _Scene("CARRIAGE", "01:03:10:00", "01:04:50:00"),
    _Scene("TICKET", "01:04:50:00", "01:05:30:00"),
    _Scene("DINING", "01:05:30:00", "01:07:20:00"),
    _Scene("TUNNEL", "01:07:20:00", "01:09:10:00"),
    _Scene("VIADUCT", "01:09:10:00", "01:11:10:00"),
    _Scene("SLEEPER", "01:11:10:00", "01:12:30:00"),
)
REEL_TWO = (
    _Scene("RADIO", "02:00:00:00", "02:02:20:00"),
    _Scene("CORRIDOR", "02:02:20:00", "02:04:10:00"),
    _Scene("CHASE", "02:04:10:00", "02:05:40:00"),
    _Scene("BRIDGE", "02:05:40:00", "02:10:00:00"),
    _Scene("CREDITS", "02:10:00:00", "02:13:40:00"),
)


def _frames(label: str) -> int:
    return tc_to_frames(label, rate=RATE)


def _scene_shots(scene: _Scene, roll: int) -> list[EdlEntry]:
    """The scene's shots at its version-1 place: camera roll ``roll``, source timecode
    from ``roll``:00:00:00, a second of handle between takes."""
    start, end = _frames(scene.start), _frames(scene.end)
    shots: list[EdlEntry] = []
    at, source = start, _frames(f"{roll:02d}:00:00:00")
    while at < end:
        length = SHOT_FRAMES[len(shots) % len(SHOT_FRAMES)]
        if end - at < length + min(SHOT_FRAMES):
            length = end - at
        number = len(shots) + 1
        name = f"NT_{scene.code}_{number:02d}"
        if (scene.code, number) == VFX_SHOT:
            name = f"TUN_{number * 10:04d}_comp_v011"
        shots.append(
            EdlEntry(f"A{roll:03d}C{number:03d}", source, source + length, at, at + length, name)
        )
        at += length
        source += length + 24
    return shots


def _placed(shots: list[EdlEntry], at: int) -> list[EdlEntry]:
    """The shots laid end to end from record frame ``at``."""
    placed = []
    for shot in shots:
        length = shot.record_out - shot.record_in
        placed.append(dataclasses.replace(shot, record_in=at, record_out=at + length))
        at += length
    return placed


def _version_two(scenes: dict[str, list[EdlEntry]]) -> list[EdlEntry]:
    """Reel 1 recut (see the module notes), laid from 01:00:00:00."""
    trim_at = _frames(TRIM_AT)
    railyard = [
        dataclasses.replace(shot, source_out=shot.source_out - TRIM_FRAMES)
        if shot.record_in <= trim_at < shot.record_out
        else shot
        for shot in scenes["RAILYARD"]
    ]
    tunnel = [
        dataclasses.replace(shot, clip_name=shot.clip_name.replace("_v011", "_v012"))
        for shot in scenes["TUNNEL"]
    ]
    order = [
        railyard,
        scenes["PLATFORM"],
        scenes["CARRIAGE"],
        scenes["DINING"],
        tunnel,
        scenes["VIADUCT"],
        scenes["TICKET"],
    ]
    shots = [
        dataclasses.replace(shot, record_out=shot.record_in + (shot.source_out - shot.source_in))
        for scene in order
        for shot in scene
    ]
    return _placed(shots, _frames(REEL_ONE[0].start))


def demo_cut_entries() -> tuple[list[EdlEntry], list[EdlEntry]]:
    """The events of version 1 and version 2 of the demo film, both reels."""
    reel_one = {
        scene.code: _scene_shots(scene, roll) for roll, scene in enumerate(REEL_ONE, start=1)
    }
    reel_two = [
        shot
        for roll, scene in enumerate(REEL_TWO, start=len(REEL_ONE) + 1)
        for shot in _scene_shots(scene, roll)
    ]
    version_one = [shot for scene in REEL_ONE for shot in reel_one[scene.code]] + reel_two
    return version_one, _version_two(reel_one) + reel_two


def write_demo_cuts(folder: Path) -> tuple[Path, Path]:
    """Write both cuts into ``folder`` (atomically) and return their paths."""
    paths = tuple(folder / name for name in DEMO_CUT_NAMES)
    for path, entries, title in zip(
        paths, demo_cut_entries(), ("NIGHT TRAIN V1", "NIGHT TRAIN V2"), strict=True
    ):
        write_atomically(path, edl_text(entries, title=title, rate=RATE).encode("ascii"))
    return paths[0], paths[1]
