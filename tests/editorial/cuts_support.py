"""The real cuts in ``shared/fixtures/cuts`` (see its MANIFEST.md), found beside the
repository as CI lays it out, and read once per test session.

AAF reading through OpenTimelineIO takes a third of a second to three seconds a file, so
the AAF tests read a representative subset (every equivalence-group member, transitions,
every kind of speed effect, drop frame, nesting, a muted clip, a keyframed retime) unless
``SCORESYNC_ALL_CUTS=1`` asks for all 42.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from scoresync.editorial.layer import Cut
from scoresync.editorial.read import read_cut

CUTS = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "cuts"
"""``shared/fixtures/cuts`` beside the repository."""

AAF_SUBSET = frozenset(
    {
        "otio-aaf-adapter/2997fps-DFTC.aaf",
        "otio-aaf-adapter/misc_speed_effects.aaf",
        "otio-aaf-adapter/multitrack.aaf",
        "otio-aaf-adapter/nesting_test.aaf",
        "otio-aaf-adapter/nesting_test_preflattened.aaf",
        "otio-aaf-adapter/preflattened.aaf",
        "otio-aaf-adapter/simple.aaf",
        "otio-aaf-adapter/test_muted_clip.aaf",
        "otio-aaf-adapter/transitions.aaf",
        "pyaaf2/retimes/bezier01.aaf",
    }
)
ALL_CUTS = os.environ.get("SCORESYNC_ALL_CUTS") == "1"


def need_cuts() -> Path:
    """The fixtures folder, or a skip saying where it was looked for."""
    if not CUTS.is_dir():
        pytest.skip(f"the shared cut fixtures are not at {CUTS}")
    return CUTS


def fixture_names(*patterns: str) -> list[str]:
    """Fixture files matching ``patterns`` (globs under the cuts folder), as relative
    names for test ids; empty when the folder is absent (the tests then skip)."""
    if not CUTS.is_dir():
        return ["(no fixtures)"]
    found = sorted({path for pattern in patterns for path in CUTS.glob(pattern)})
    return [path.relative_to(CUTS).as_posix() for path in found]


def aaf_names() -> list[str]:
    names = fixture_names("**/*.aaf")
    if ALL_CUTS or names == ["(no fixtures)"]:
        return names
    return [name for name in names if name in AAF_SUBSET]


def fixture(name: str) -> Path:
    path = need_cuts() / name
    if not path.exists():
        pytest.skip(f"fixture {name} is not in {CUTS}")
    return path


@cache
def read_fixture(name: str) -> Cut:
    """The cut in fixture ``name``, read once per session (cuts are immutable)."""
    return read_cut(fixture(name), rate=None)
