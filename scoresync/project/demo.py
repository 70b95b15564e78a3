"""The bundled demo project: "Night Train", a short film at 23.976 in two reels.

Eight cues show the range of a real spotting list: a main title and end credits, an
inserted cue (1M2A), a source cue (2M1S), an omitted cue, every status, and hits with
labels, weights, targets and must-hit flags. Two cues carry tempo maps that catch their
hits: 1M1 at a steady 96 BPM, and 2M2 with a pickup, then a ramp from 138 to 152 BPM.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.picture.rates import RATES
from scoresync.picture.timecode import seconds_to_frames, tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, CueStatus, CueTempo, Hit, HitTarget, Project, Reel
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
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

if TYPE_CHECKING:
    from tempo.map.tempomap import TempoMap

__all__ = ["DEMO_FILE_NAME", "demo_project", "write_demo"]

DEMO_FILE_NAME = "night-train.scoresync.json"
RATE = RATES["23.976"]

BEAT, SUB, DOWN = HitTarget.BEAT, HitTarget.SUBDIVISION, HitTarget.DOWNBEAT


@dataclass(frozen=True)
class _Spot:
    """A hit as written on a spotting sheet: timecode (or bar|beat|tick) and its marks."""

    at: str
    label: str
    must_hit: bool = False
    target: HitTarget = BEAT
    weight: float = 1.0
    tolerance_frames: Fraction | None = None


def _frames(label: str) -> int:
    return tc_to_frames(label, rate=RATE)


def _hits(spots: list[_Spot], place: CueTempo | None = None) -> tuple[Hit, ...]:
    """Hits at timecodes, or at bar|beat|tick positions of the cue's tempo map."""
    hits = []
    for spot in spots:
        if place is None:
            frames = _frames(spot.at)
        else:
            seconds = place.map.seconds_at_bbt(spot.at)
            frames = place.downbeat_frames + seconds_to_frames(seconds, rate=RATE)
        hits.append(
            Hit(frames, spot.label, spot.weight, spot.must_hit, spot.target, spot.tolerance_frames)
        )
    return tuple(hits)


def _anchor(hits: tuple[Hit, ...], label: str) -> int:
    ordered = sorted(hits, key=lambda hit: hit.frames)
    return next(index for index, hit in enumerate(ordered) if hit.label == label)


def _main_title() -> Cue:

    tempo = CueTempo(_frames("01:00:08:00"), TempoMap.constant(96, "4/4"))
    hits = _hits(
        [
            _Spot("3|1|0", "fade up: night sky over the rail yard", weight=0.5),
            _Spot("7|3|0", "train whistle", must_hit=True),
            _Spot("9|1|0", "title card: NIGHT TRAIN", True, DOWN, 2.0),
            _Spot("17|1|0", "cut to exterior: platform", target=DOWN),
            _Spot("24|2|480", "conductor's lamp swings", target=SUB, weight=0.5),
            _Spot("33|1|0", "director credit", target=DOWN),
            _Spot("41|1|0", "doors close", must_hit=True),
        ],
        tempo,
    )
    return Cue(
        CueNumber.parse("1M1"),
        "Main Title",
        _frames("01:00:08:00"),
        _frames("01:01:52:12"),
        anchor_hit=_anchor(hits, "title card: NIGHT TRAIN"),
        description="Night. The 23:40 to Edinburgh waits at platform 4 while the credits run.",
        in_note="on the fade from black",
        out_note="segue under the guard's whistle into dialogue",
        status=CueStatus.APPROVED,
        hits=hits,
        tempo=tempo,
    )


def _chase_map() -> TempoMap:

    return TempoMap(
        (
            Segment(Fraction(64), Fraction(138)),
            Segment(Fraction(16), Fraction(138), Fraction(152), RampShape.LINEAR_BEATS),
            Segment(None, Fraction(152)),
        ),
        pickup_beats=Fraction(1),
    )


def _the_chase() -> Cue:
    start = _frames("02:04:12:08")
    tempo_map = _chase_map()
    tempo = CueTempo(start + seconds_to_frames(-tempo_map.start_seconds, rate=RATE), tempo_map)
    hits = _hits(
        [
            _Spot("1|1|0", "door slam", True, DOWN, 2.0),
            _Spot("5|3|0", "gunshot", must_hit=True),
            _Spot("9|1|0", "cut to exterior: bridge", target=DOWN),
            _Spot("13|1|0", "train whistle"),
            _Spot("17|1|0", "jump between carriages", True, DOWN, 1.5),
            _Spot("20|3|480", "brakes squeal", target=SUB, tolerance_frames=Fraction(1, 2)),
            _Spot("23|1|0", "sparks off the wheels", weight=0.5),
            _Spot("30|1|0", "impact", True, DOWN, 3.0),
        ],
        tempo,
    )
    return Cue(
        CueNumber.parse("2M2"),
        "The Chase",
        start,
        _frames("02:05:20:00"),
        anchor_hit=_anchor(hits, "door slam"),
        description="Mara runs the length of the train with the courier's case; he follows.",
        in_note="pickup into the door slam",
        out_note="hard out on the impact, then silence",
        status=CueStatus.WRITING,
        hits=hits,
        tempo=tempo,
    )


def _cue(
    number: str,
    title: str,
    span: tuple[str, str],
    status: CueStatus,
    spots: list[_Spot],
    notes: tuple[str, str, str],
) -> Cue:
    description, in_note, out_note = notes
    return Cue(
        CueNumber.parse(number),
        title,
        _frames(span[0]),
        _frames(span[1]),
        description=description,
        in_note=in_note,
        out_note=out_note,
        status=status,
        hits=_hits(spots),
    )


def _reel_one_cues() -> list[Cue]:
    return [
        _cue(
            "1M2",
            "The Stranger",
            ("01:03:15:06", "01:04:40:18"),
            CueStatus.WRITING,
            [
                _Spot("01:03:21:10", "stranger enters the carriage"),
                _Spot("01:03:48:02", "eye contact", must_hit=True, weight=2.0),
                _Spot("01:04:05:15", "ticket punch", target=SUB, tolerance_frames=Fraction(1, 2)),
                _Spot("01:04:31:00", "she looks away", weight=0.5),
            ],
            (
                "A man in a wet coat takes the seat opposite Mara.",
                "as the door slides open",
                "tail out under the conductor's line",
            ),
        ),
        _cue(
            "1M2A",
            "Ticket",
            ("01:04:58:00", "01:05:21:12"),
            CueStatus.SPOTTED,
            [
                _Spot("01:05:02:04", "ticket falls", must_hit=True, target=DOWN),
                _Spot("01:05:14:20", "conductor turns"),
            ],
            (
                "Added at the second spotting: a sting as the forged ticket drops.",
                "on the ticket leaving her hand",
                "button on the conductor's look",
            ),
        ),
        _cue(
            "1M3",
            "Tunnel",
            ("01:07:30:00", "01:09:02:10"),
            CueStatus.RECORDED,
            [
                _Spot("01:07:41:06", "lights flicker"),
                _Spot("01:07:58:12", "into the tunnel", True, DOWN, 2.0),
                _Spot("01:08:20:03", "scream"),
                _Spot("01:08:44:18", "out of the tunnel", True, DOWN),
                _Spot("01:08:55:00", "cut to exterior: viaduct", target=SUB),
            ],
            (
                "The carriage goes dark; when the lights return the case is gone.",
                "with the first flicker",
                "out on the wide of the viaduct",
            ),
        ),
        _cue(
            "1M4",
            "Sleeper Berth",
            ("01:11:20:00", "01:12:05:00"),
            CueStatus.OMITTED,
            [
                _Spot("01:11:31:08", "lamp off"),
                _Spot("01:11:52:16", "whisper through the partition"),
            ],
            (
                "Dropped after the director's review: the scene plays dry.",
                "on the lamp switch",
                "before the knock",
            ),
        ),
    ]


def _reel_two_cues() -> list[Cue]:
    return [
        _cue(
            "2M1S",
            "Dining Car Radio",
            ("02:00:35:00", "02:02:05:00"),
            CueStatus.MIXED,
            [
                _Spot("02:00:35:00", "radio switched on", must_hit=True),
                _Spot("02:01:10:14", "waiter turns the dial", must_hit=True, target=SUB),
                _Spot("02:02:04:00", "radio off"),
            ],
            (
                "Source: a 1950s dance band on the dining car radio, licensed track.",
                "radio switched on by the waiter",
                "cut off when the radio is switched off",
            ),
        ),
        _the_chase(),
        _cue(
            "2M3",
            "End Credits",
            ("02:10:02:00", "02:13:30:00"),
            CueStatus.SPOTTED,
            [
                _Spot("02:10:02:00", "cut to black", True, DOWN, 2.0),
                _Spot("02:10:12:00", "first credit card"),
                _Spot("02:10:40:00", "crawl starts", target=DOWN),
            ],
            (
                "Main theme suite over the crawl.",
                "on the cut to black",
                "last card, then out with the picture",
            ),
        ),
    ]


_COMPOSER = Party("Ada Lindqvist", PartyRole.COMPOSER, "PRS", "00523847261", Fraction(100))
_PUBLISHER = Party(
    "Platform Four Music Publishing", PartyRole.PUBLISHER, "PRS", "00734188250", Fraction(100)
)
_SCORE = (
    ("W1", "Night Train (Main Title)", "T-301.594.027-5", "1M1", Usage.MAIN_TITLE),
    ("W2", "The Stranger", "T-301.594.035-5", "1M2", Usage.BACKGROUND_INSTRUMENTAL),
    ("W3", "Ticket", "T-301.594.043-5", "1M2A", Usage.BACKGROUND_INSTRUMENTAL),
    ("W4", "Tunnel", "T-301.594.051-5", "1M3", Usage.BACKGROUND_INSTRUMENTAL),
    ("W6", "The Chase", "T-301.594.078-6", "2M2", Usage.BACKGROUND_INSTRUMENTAL),
    ("W7", "Night Train (End Credits)", "T-301.594.086-6", "2M3", Usage.END_TITLE),
)


def _music(cues: tuple[Cue, ...]) -> Music:
    """The cue-sheet metadata: the score's works (commissioned), the licensed song on
    the dining car radio, and a use per cue heard in the film (the omitted 1M4 has none)."""
    spans = {str(cue.number): (cue.start_frames, cue.end_frames) for cue in cues}
    works = [
        Work(work_id, title, (_COMPOSER, _PUBLISHER), Origin.COMMISSIONED, iswc=iswc)
        for work_id, title, iswc, _cue, _usage in _SCORE
    ]
    song = Work(
        "W5",
        "Moonlight Carriage",
        (
            Party("Harold Finch", PartyRole.COMPOSER_AUTHOR, "PRS", "00281734409", Fraction(50)),
            Party("Mae Rivers", PartyRole.AUTHOR, "PRS", "00281734507", Fraction(50)),
            Party("Bluebird Songs Ltd", PartyRole.PUBLISHER, "PRS", "00645120993", Fraction(100)),
        ),
        Origin.COMMERCIAL,
        iswc="T-417.220.968-1",
        isrc="GB-NTR-26-00417",
        performer="The Dining Car Orchestra",
    )
    uses = [
        Use(CueNumber.parse(cue), work_id, *spans[cue], usage)
        for work_id, _title, _iswc, cue, usage in _SCORE
    ]
    uses.append(Use(CueNumber.parse("2M1S"), "W5", *spans["2M1S"], Usage.SOURCE))
    header = MusicHeader(
        production_number="NT-0417",
        company="Platform Four Films Ltd",
        prepared_by="Night Train music editorial",
        programme_start_frames=_frames("01:00:00:00"),
        programme_end_frames=_frames("02:13:40:00"),
        programme_duration_frames=_frames("00:26:10:00"),
    )
    return Music(header, (*works[:4], song, *works[4:]), tuple(uses))


def demo_project() -> Project:
    """Return the "Night Train" demo project (23.976, two reels, eight cues, and the
    cue-sheet metadata of its music)."""
    cues = (_main_title(), *_reel_one_cues(), *_reel_two_cues())
    return Project(
        title="Night Train",
        rate=RATE,
        session_start_frames=_frames("01:00:00:00"),
        reels=(Reel(1, "R1", _frames("01:00:00:00")), Reel(2, "R2", _frames("02:00:00:00"))),
        cues=cues,
        music=_music(cues),
        notes="Temp love theme from the director's cut is not cleared; replace in 1M2. "
        "Final mix at 23.976, session start 01:00:00:00.",
    )


def write_demo(path: Path | str) -> Path:
    """Save the demo project at ``path`` (kept as ``.bak`` if a project was there) and
    return the path."""

    target = Path(path)
    save_project(demo_project(), target)
    return target
