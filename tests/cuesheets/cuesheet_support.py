"""A project with a complete cue sheet: the demo film's cues, three works (commissioned,
library, commercial) and five uses, one work used twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.demo import demo_project
from scoresync.project.model import Project
from scoresync.project.music import (
    Music,
    MusicHeader,
    Origin,
    Party,
    PartyRole,
    Usage,
    Use,
    Work,
)

PRINTED = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
"""The print moment of every golden export."""


def _works() -> tuple[Work, ...]:
    return (
        Work(
            "W1",
            "Night Train Theme",
            (
                Party("Ada Composer", PartyRole.COMPOSER, "ASCAP", "00052210040", Fraction(100)),
                Party(
                    "Night Train Music", PartyRole.PUBLISHER, "ASCAP", "00198765432", Fraction(50)
                ),
                Party("Rail Songs", PartyRole.PUBLISHER, "BMI", "00212345678", Fraction(50)),
            ),
            origin=Origin.COMMISSIONED,
            iswc="T-034.524.680-1",
        ),
        Work(
            "W2",
            "Tension Bed 4",
            (
                Party("Lib Writer", PartyRole.COMPOSER, "PRS", "00312345670", Fraction(100)),
                Party("Library Pub", PartyRole.PUBLISHER, "PRS", "00412345670", Fraction(100)),
            ),
            origin=Origin.LIBRARY,
            library="Big Library",
            catalogue="BL042-07",
        ),
        Work(
            "W3",
            "=Song on the Radio",
            (
                Party(
                    "Sam Singer", PartyRole.COMPOSER_AUTHOR, "BMI", "00512345678", Fraction(100, 3)
                ),
                Party("Jo Lyric", PartyRole.AUTHOR, "BMI", "00612345678", Fraction(200, 3)),
                Party("Hit Tunes", PartyRole.PUBLISHER, "BMI", "00712345678", Fraction(100)),
            ),
            origin=Origin.COMMERCIAL,
            isrc="USRC17607839",
            performer="The Singers",
        ),
    )


def music_project() -> Project:
    """The demo project with its cue sheet filled in (every use on a demo cue)."""
    project = demo_project()
    rate = project.rate

    def frames(tc: str) -> int:
        return tc_to_frames(tc, rate=rate)

    cues = {str(cue.number): cue for cue in project.cues}
    usages = [
        Usage.MAIN_TITLE,
        Usage.BACKGROUND_INSTRUMENTAL,
        Usage.SOURCE,
        Usage.BACKGROUND_INSTRUMENTAL,
        Usage.END_TITLE,
    ]
    works = ["W1", "W2", "W3", "W2", "W1"]
    numbers = list(cues)[:5]
    uses = tuple(
        Use(CueNumber.parse(n), work, cues[n].start_frames, cues[n].end_frames, usage)
        for n, work, usage in zip(numbers, works, usages, strict=True)
    )
    header = MusicHeader(
        title="Night Train",
        aka="Le Train de Nuit",
        episode_title="Pilot",
        episode_number="101",
        production_number="NT-0101",
        company="Night Train Productions",
        air_date="2026-05-01",
        prepared_by="M. Editor, music@example.com",
        programme_start_frames=frames("01:00:00:00"),
        programme_end_frames=frames("01:44:00:00"),
    )
    return dataclasses.replace(project, music=Music(header, _works(), uses))
