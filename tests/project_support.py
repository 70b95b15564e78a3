"""A small project shared by the tests of several packages."""

from __future__ import annotations

from scoresync.picture.rates import parse_rate
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueStatus, Hit, Project, Reel

RATE = parse_rate("24")
HOUR = 86_400
"""01:00:00:00 at 24 fps, in frames."""
SECOND = 24


def small_project() -> Project:
    """Reel 1 at 01:00:00:00 with 1M1 (10 s to 40 s, two hits) and 1M2 (60 s to 90 s)."""
    first = Cue(
        CueNumber(1, 1),
        "Opening",
        HOUR + 10 * SECOND,
        HOUR + 40 * SECOND,
        hits=(
            Hit(HOUR + 12 * SECOND, "door slam", weight=2.0),
            Hit(HOUR + 20 * SECOND + 12, "whistle", must_hit=True),
        ),
        anchor_hit=1,
    )
    second = Cue(
        CueNumber(1, 2), "Chase", HOUR + 60 * SECOND, HOUR + 90 * SECOND, status=CueStatus.WRITING
    )
    return Project(
        "Test Film", RATE, HOUR, (Reel(1, "R1", HOUR), Reel(2, "R2", 2 * HOUR)), (first, second)
    )
