"""What a performing-rights society would reject a cue sheet for, found before export.

:func:`validate` returns :class:`Finding` objects, each naming its place (the header, a
work and party, a use by cue number) and field, as an error (the sheet would be rejected
or paid wrongly) or a warning (worth a look). ``cuesheet export`` refuses a sheet with
errors unless asked to write it anyway.

The checks: required header and work fields; every use at least one frame long, inside
the programme, of a work that exists, agreeing with the project's cue of the same number;
uses of the same work that overlap; total music (overlaps once) not longer than the
programme; writer shares and publisher shares each adding up as the header's convention
says (:class:`~scoresync.project.music.ShareConvention`), no share over 100 %; ISWC (with
its check digit), ISRC and IPI formats; usage codes the target has; library and commercial
music with a publisher.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from cuesheets.identifiers import ipi_problem, isrc_problem, iswc_problem
from cuesheets.sheet import (
    clock_text,
    merged_frames,
    programme_bounds,
    programme_length,
    rounded_seconds,
)
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.model import Project
from scoresync.project.music import Origin, Party, Target, Use, Work
from tempo.common.exact import format_fraction

__all__ = ["Finding", "Severity", "errors_in", "validate"]


class Severity(Enum):
    """How bad a finding is: an error stops an export, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem: its ``severity``, where it is (``cue``: a use's cue number, ``work``:
    a work id, ``party``: a party's place in its work from 1; all None for the header or
    the sheet as a whole), the ``field`` at fault (as the file and the commands name it)
    and a ``message`` saying what is wrong and what to do."""

    severity: Severity
    field: str
    message: str
    cue: str | None = None
    work: str | None = None
    party: int | None = None

    @property
    def place(self) -> str:
        """``cue 1M3, work W2``, ``work W2, party 1``, ``header`` or ``sheet``."""
        parts = []
        if self.cue is not None:
            parts.append(f"cue {self.cue}")
        if self.work is not None:
            parts.append(f"work {self.work}")
        if self.party is not None:
            parts.append(f"party {self.party}")
        if not parts:
            parts.append("sheet" if self.field in _SHEET_FIELDS else "header")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.place}, {self.field}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "place": self.place,
            "cue": self.cue,
            "work": self.work,
            "party": self.party,
            "field": self.field,
            "message": self.message,
        }


_SHEET_FIELDS = frozenset({"uses", "total_music"})
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def errors_in(findings: list[Finding]) -> list[Finding]:
    """The findings that stop an export."""
    return [finding for finding in findings if finding.severity is ERROR]


def validate(project: Project, *, target: Target | None = None) -> list[Finding]:
    """Every finding for ``project``'s cue sheet written for ``target`` (default: the
    music header's), header first, then works in order, then uses in time order."""
    target = target or project.music.header.target
    findings = list(_header(project))
    used = {use.work for use in project.music.uses}
    for work in project.music.works:
        findings.extend(_work(work, project, used))
    findings.extend(_uses(project, target))
    return findings


def _tc(frames: int, rate: FrameRate) -> str:
    return frames_to_tc(frames, rate=rate) if frames >= 0 else f"{frames} frames"


def _header(project: Project) -> Iterator[Finding]:
    header = project.music.header
    if not (header.title or project.title).strip():
        yield Finding(ERROR, "title", "the sheet needs the production's title")
    if header.programme_end_frames is None and header.programme_duration_frames is None:
        yield Finding(
            ERROR,
            "programme_end",
            "the programme duration is unknown: set the programme's end (and start, if not "
            "the first cue position) with 'scoresync music header PROJECT --programme-end TC', "
            "or its running time with --programme-duration",
        )
    elif header.programme_end_frames is not None:
        bounds = programme_bounds(project)
        assert bounds is not None
        if bounds[1] <= bounds[0]:
            yield Finding(
                ERROR,
                "programme_end",
                f"the programme ends at {_tc(bounds[1], project.rate)}, not after its start "
                f"{_tc(bounds[0], project.rate)}",
            )
    if not header.company.strip():
        yield Finding(WARNING, "company", "no production company; societies ask for one")
    if not header.prepared_by.strip():
        yield Finding(WARNING, "prepared_by", "no 'prepared by'; societies ask who to contact")


def _work(work: Work, project: Project, used: set[str]) -> Iterator[Finding]:
    if not work.title.strip():
        yield Finding(ERROR, "title", "the work has no title", work=work.id)
    if work.id not in used:
        yield Finding(WARNING, "uses", "no use of this work: it is not on the sheet", work=work.id)
    if work.iswc.strip():
        problem = iswc_problem(work.iswc)
        if problem is not None:
            yield Finding(ERROR, "iswc", problem, work=work.id)
    if work.isrc.strip():
        problem = isrc_problem(work.isrc)
        if problem is not None:
            yield Finding(ERROR, "isrc", problem, work=work.id)
    if not work.writers:
        severity = WARNING if work.origin is Origin.PUBLIC_DOMAIN else ERROR
        yield Finding(
            severity,
            "parties",
            "no writer (composer, author ...); add one with 'scoresync music party add'",
            work=work.id,
        )
    if work.origin in (Origin.LIBRARY, Origin.COMMERCIAL) and not work.publishers:
        yield Finding(
            ERROR,
            "parties",
            f"{work.origin.value} music needs its publisher; add one with "
            "'scoresync music party add --role publisher'",
            work=work.id,
        )
    if work.origin is Origin.LIBRARY:
        for name in ("library", "catalogue"):
            if not getattr(work, name).strip():
                yield Finding(WARNING, name, f"library music without its {name}", work=work.id)
    for number, party in enumerate(work.parties, start=1):
        yield from _party(party, number, work.id)
    expected = project.music.header.shares.expected_sum()
    convention = project.music.header.shares.value
    for kind, parties in (("writer", work.writers), ("publisher", work.publishers)):
        if not parties:
            continue
        total = sum((party.share for party in parties), Fraction(0))
        if total != expected:
            yield Finding(
                ERROR,
                f"{kind}_shares",
                f"{kind} shares add up to {_percent(total)}, not {_percent(expected)} "
                f"(share convention {convention}); correct the shares",
                work=work.id,
            )


def _percent(value: Fraction) -> str:
    return f"{format_fraction(value)} %"


def _party(party: Party, number: int, work_id: str) -> Iterator[Finding]:
    if not party.name.strip():
        yield Finding(ERROR, "name", "the party has no name", work=work_id, party=number)
    if party.share > 100:
        yield Finding(
            ERROR,
            "share",
            f"{party.name}'s share is {_percent(party.share)}, over 100 %; a share is a "
            "percentage of the writers' (or publishers') part",
            work=work_id,
            party=number,
        )
    if party.ipi.strip():
        problem = ipi_problem(party.ipi)
        if problem is not None:
            yield Finding(ERROR, "ipi", problem, work=work_id, party=number)
    else:
        yield Finding(
            WARNING, "ipi", f"no IPI name number for {party.name}", work=work_id, party=number
        )
    if not party.society.strip():
        yield Finding(
            WARNING,
            "society",
            f"no society for {party.name} (write NS for a party with none)",
            work=work_id,
            party=number,
        )


def _uses(project: Project, target: Target) -> Iterator[Finding]:
    music = project.music
    if not music.uses:
        yield Finding(ERROR, "uses", "no music uses: add them with 'scoresync music use add'")
        return
    bounds = programme_bounds(project)
    by_work: dict[str, list[Use]] = {}
    for use in music.uses:
        yield from _use(use, project, target, bounds)
        if use.end_frames > use.start_frames:
            by_work.setdefault(use.work, []).append(use)
    for uses in by_work.values():
        yield from _overlaps(uses, project.rate)
    yield from _total(project)


def _use(
    use: Use, project: Project, target: Target, bounds: tuple[int, int] | None
) -> Iterator[Finding]:
    """The findings of one use: its work, its length, its place in the programme and
    against its cue, its usage code."""
    rate = project.rate
    cue, work = str(use.cue), use.work
    start, end = _tc(use.start_frames, rate), _tc(use.end_frames, rate)
    if not project.music.has_work(use.work):
        message = f"no work {use.work!r} in this project; add it or correct the use"
        yield Finding(ERROR, "work", message, cue=cue, work=work)
    if use.end_frames <= use.start_frames:
        message = f"ends at {end}, not after its start {start}; a use lasts at least one frame"
        yield Finding(ERROR, "end", message, cue=cue, work=work)
        return
    if bounds is not None and not (bounds[0] <= use.start_frames and use.end_frames <= bounds[1]):
        field = "end" if bounds[0] <= use.start_frames < bounds[1] else "start"
        message = (
            f"runs {start} to {end}, outside the programme ({_tc(bounds[0], rate)} to "
            f"{_tc(bounds[1], rate)}); correct the use or the programme's start and end"
        )
        yield Finding(ERROR, field, message, cue=cue, work=work)
    if use.usage.code_for(target) is None:
        message = (
            f"usage {use.usage.value} has no {target.value.upper()} code; choose another "
            "(a UK sheet reports a logo as signature or background)"
        )
        yield Finding(ERROR, "usage", message, cue=cue, work=work)
    yield from _against_cue(project, use)


def _overlaps(uses: list[Use], rate: FrameRate) -> Iterator[Finding]:
    """Uses of one work (in time order) that start before an earlier one has ended."""
    reaching = uses[0]
    for later in uses[1:]:
        if later.start_frames < reaching.end_frames:
            yield Finding(
                ERROR,
                "start",
                f"overlaps the use of the same work in cue {reaching.cue} "
                f"({_tc(reaching.start_frames, rate)} to {_tc(reaching.end_frames, rate)}); "
                "merge the two uses or correct their times",
                cue=str(later.cue),
                work=later.work,
            )
        if later.end_frames > reaching.end_frames:
            reaching = later


def _total(project: Project) -> Iterator[Finding]:
    """Music (overlaps once) longer than the programme."""
    length = programme_length(project)
    if length is None or length <= 0:
        return
    total = merged_frames((u.start_frames, u.end_frames) for u in project.music.uses)
    if total > length:
        rate = project.rate
        yield Finding(
            ERROR,
            "total_music",
            f"music runs {_clock(total, rate)} ({total} frames) in all, longer than the "
            f"programme's {_clock(length, rate)} ({length} frames); check the uses and the "
            "programme's start, end and duration",
        )


def _clock(frames: int, rate: FrameRate) -> str:
    return clock_text(rounded_seconds(frames, rate=rate))


def _against_cue(project: Project, use: Use) -> Iterator[Finding]:
    """A use reaching outside the project's cue of the same number (a use may cover
    part of its cue, as when a cue was cut down in the mix, but not more)."""
    if not project.has_cue(use.cue):
        return
    cue = project.cue(use.cue)
    if cue.start_frames <= use.start_frames and use.end_frames <= cue.end_frames:
        return
    rate = project.rate
    yield Finding(
        WARNING,
        "start" if use.start_frames < cue.start_frames else "end",
        f"runs {_tc(use.start_frames, rate)} to {_tc(use.end_frames, rate)} but cue "
        f"{cue.number} runs {_tc(cue.start_frames, rate)} to {_tc(cue.end_frames, rate)}; "
        "check which is right",
        cue=str(use.cue),
        work=use.work,
    )
