"""Validation: a clean sheet has no findings; each case plants one fault and expects the
exact findings, naming the cue or work, the field and what to do."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from fractions import Fraction

import pytest
from cuesheet_support import music_project

from cuesheets.validate import Severity, errors_in, validate
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Project
from scoresync.project.music import Music, ShareConvention, Target, Usage, Use


def _frames(project: Project, tc: str) -> int:
    return tc_to_frames(tc, rate=project.rate)


def _music(project: Project, music: Music) -> Project:
    return dataclasses.replace(project, music=music)


def _work(project: Project, work_id: str, **changes: object) -> Project:
    music = project.music
    return _music(project, music.with_work(dataclasses.replace(music.work(work_id), **changes)))


def _party(project: Project, work_id: str, index: int, **changes: object) -> Project:
    work = project.music.work(work_id)
    parties = list(work.parties)
    parties[index] = dataclasses.replace(parties[index], **changes)
    return _work(project, work_id, parties=tuple(parties))


def _header(project: Project, **changes: object) -> Project:
    music = project.music
    return _music(project, music.with_header(dataclasses.replace(music.header, **changes)))


def _use(project: Project, index: int, **changes: object) -> Project:
    music = project.music
    old = music.uses[index]
    return _music(project, music.replacing_use(old, dataclasses.replace(old, **changes)))


def _added_use(project: Project, cue: str, work: str, start: str, end: str) -> Project:
    use = Use(CueNumber.parse(cue), work, _frames(project, start), _frames(project, end))
    return _music(project, project.music.with_use(use))


def test_the_complete_sheet_has_no_findings() -> None:
    assert validate(music_project()) == []


CASES: list[tuple[str, Callable[[Project], Project], list[str]]] = [
    (
        "a share of 150 %",
        lambda p: _party(p, "W1", 0, share=Fraction(150)),
        [
            "error: work W1, party 1, share: Ada Composer's share is 150 %, over 100 %; a share "
            "is a percentage of the writers' (or publishers') part",
            "error: work W1, writer_shares: writer shares add up to 150 %, not 100 % (share "
            "convention separate); correct the shares",
        ],
    ),
    (
        "publisher shares short of 100 %",
        lambda p: _party(p, "W1", 2, share=Fraction(45)),
        [
            "error: work W1, publisher_shares: publisher shares add up to 95 %, not 100 % "
            "(share convention separate); correct the shares",
        ],
    ),
    (
        "a malformed ISWC",
        lambda p: _work(p, "W1", iswc="T-034.524.680"),
        [
            "error: work W1, iswc: 'T-034.524.680' is not an ISWC; write T-DDD.DDD.DDD-C (T, "
            "nine digits and a check digit), e.g. T-034.524.680-1",
        ],
    ),
    (
        "a wrong ISWC check digit",
        lambda p: _work(p, "W1", iswc="T-034.524.680-7"),
        ["error: work W1, iswc: check digit is 7, but the digits 034524680 give 1"],
    ),
    (
        "a malformed ISRC",
        lambda p: _work(p, "W3", isrc="US-RC1-1976-07839"),
        [
            "error: work W3, isrc: 'US-RC1-1976-07839' is not an ISRC; write CC-XXX-YY-NNNNN "
            "(country, registrant, year, designation), e.g. US-RC1-76-07839",
        ],
    ),
    (
        "an IPI number that lost its leading zeros",
        lambda p: _party(p, "W2", 0, ipi="312345670"[:8]),
        [
            "error: work W2, party 1, ipi: '31234567' is not an IPI name number of 9 to 11 "
            "digits, written as text so leading zeros stay",
        ],
    ),
    (
        "a cue outside the programme",
        lambda p: _header(p, programme_end_frames=_frames(p, "01:12:00:00")),
        [
            "error: cue 1M4, work W1, end: runs 01:11:20:00 to 01:12:05:00, outside the "
            "programme (01:00:00:00 to 01:12:00:00); correct the use or the programme's start "
            "and end",
        ],
    ),
    (
        "a use of no length",
        lambda p: _use(p, 1, end_frames=p.music.uses[1].start_frames),
        [
            "error: cue 1M2, work W2, end: ends at 01:03:15:06, not after its start "
            "01:03:15:06; a use lasts at least one frame",
        ],
    ),
    (
        "overlapping uses of the same work",
        lambda p: _added_use(p, "9M1", "W2", "01:04:00:00", "01:04:50:00"),
        [
            "error: cue 9M1, work W2, start: overlaps the use of the same work in cue 1M2 "
            "(01:03:15:06 to 01:04:40:18); merge the two uses or correct their times",
        ],
    ),
    (
        "a usage the target has no code for",
        lambda p: _header(_use(p, 0, usage=Usage.LOGO), target=Target.UK),
        [
            "error: cue 1M1, work W1, usage: usage logo has no UK code; choose another (a UK "
            "sheet reports a logo as signature or background)",
        ],
    ),
    (
        "library music without a publisher",
        lambda p: _work(p, "W2", parties=p.music.work("W2").parties[:1]),
        [
            "error: work W2, parties: library music needs its publisher; add one with "
            "'scoresync music party add --role publisher'",
        ],
    ),
    (
        "a work without a title",
        lambda p: _work(p, "W3", title=" "),
        ["error: work W3, title: the work has no title"],
    ),
    (
        "no programme end",
        lambda p: _header(p, programme_end_frames=None),
        [
            "error: header, programme_end: the programme duration is unknown: set the "
            "programme's end (and start, if not the first cue position) with 'scoresync music "
            "header PROJECT --programme-end TC', or its running time with --programme-duration",
        ],
    ),
    (
        "a use of a work that is not there",
        lambda p: _use(p, 2, work="W9"),
        [
            "warning: work W3, uses: no use of this work: it is not on the sheet",
            "error: cue 1M2A, work W9, work: no work 'W9' in this project; add it or correct "
            "the use",
        ],
    ),
    (
        "a use reaching outside its cue",
        lambda p: _use(p, 0, end_frames=p.music.uses[0].end_frames + 24),
        [
            "warning: cue 1M1, work W1, end: runs 01:00:08:00 to 01:01:53:12 but cue 1M1 runs "
            "01:00:08:00 to 01:01:52:12; check which is right",
        ],
    ),
    (
        "a writer without an IPI number or society",
        lambda p: _party(p, "W1", 0, ipi="", society=""),
        [
            "warning: work W1, party 1, ipi: no IPI name number for Ada Composer",
            "warning: work W1, party 1, society: no society for Ada Composer (write NS for a "
            "party with none)",
        ],
    ),
    (
        "no company and no preparer",
        lambda p: _header(p, company="", prepared_by=""),
        [
            "warning: header, company: no production company; societies ask for one",
            "warning: header, prepared_by: no 'prepared by'; societies ask who to contact",
        ],
    ),
]


@pytest.mark.parametrize(("fault", "plant", "expected"), CASES, ids=[c[0] for c in CASES])
def test_one_planted_fault_gives_its_findings(
    fault: str, plant: Callable[[Project], Project], expected: list[str]
) -> None:
    assert [str(finding) for finding in validate(plant(music_project()))] == expected


def test_a_finding_names_its_place_for_the_terminal_ui() -> None:
    project = _party(music_project(), "W1", 0, share=Fraction(150))
    first = validate(project)[0]
    assert (first.severity, first.work, first.party, first.cue, first.field) == (
        Severity.ERROR,
        "W1",
        1,
        None,
        "share",
    )
    assert first.as_json()["place"] == "work W1, party 1"


def test_the_whole_work_convention_counts_writers_and_publishers_to_half_each() -> None:
    project = _header(music_project(), shares=ShareConvention.WHOLE)
    messages = [str(f) for f in errors_in(validate(project))]
    assert (
        "error: work W1, writer_shares: writer shares add up to 100 %, not 50 % (share "
        "convention whole); correct the shares" in messages
    )
    halved = project
    for work in project.music.works:
        for index, party in enumerate(work.parties):
            halved = _party(halved, work.id, index, share=party.share / 2)
    assert validate(halved) == []


def test_total_music_longer_than_the_programme_is_an_error() -> None:
    project = _header(
        music_project(), programme_start_frames=_frames(music_project(), "01:11:00:00")
    )
    project = _header(project, programme_end_frames=_frames(project, "01:12:00:00"))
    messages = [str(f) for f in validate(project)]
    assert messages[-1] == (
        "error: sheet, total_music: music runs 5:51 (8422 frames) in all, longer than the "
        "programme's 1:00 (1440 frames); check the uses and the programme's start, end and "
        "duration"
    )


def test_a_sheet_without_uses_is_an_error_not_a_crash() -> None:
    project = _music(music_project(), Music(music_project().music.header))
    assert [str(f) for f in validate(project)] == [
        "error: sheet, uses: no music uses: add them with 'scoresync music use add'"
    ]


def test_a_long_use_overlapping_two_later_ones_is_found_for_both() -> None:
    project = _added_use(music_project(), "9M1", "W2", "01:03:00:00", "01:10:00:00")
    overlaps = [str(f) for f in validate(project) if "overlaps" in f.message]
    assert overlaps == [
        "error: cue 1M2, work W2, start: overlaps the use of the same work in cue 9M1 "
        "(01:03:00:00 to 01:10:00:00); merge the two uses or correct their times",
        "error: cue 1M3, work W2, start: overlaps the use of the same work in cue 9M1 "
        "(01:03:00:00 to 01:10:00:00); merge the two uses or correct their times",
    ]
