"""``scoresync music ...``: the cue sheet's metadata, entered from the command line.

``music header`` shows or sets the production header; ``music work``, ``music party`` and
``music use`` add, edit, list and remove works, their writers and publishers, and the uses
of works by cue. Shares are exact percentages (``50``, ``33.5``, ``100/3``); IPI numbers
are kept as typed, leading zeros and all. Domain rules (share sums, identifier formats,
uses inside the programme) are checked by ``scoresync cuesheet validate``, so a sheet can
be filled in in any order.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import click

from scoresync.cli import visible
from scoresync.cli.common import (
    emit_json,
    json_option,
    load,
    option_number,
    project_argument,
    save,
    table,
)
from scoresync.errors import TimecodeError, UsageError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc, parse_position
from scoresync.project.cuenumber import CueNumber
from scoresync.project.music import (
    TEXT_FIELDS,
    Music,
    MusicHeader,
    Origin,
    Party,
    PartyRole,
    ShareConvention,
    Target,
    Usage,
    Use,
    Work,
)

USAGE_HELP = (
    "How the music is heard: background_instrumental, background_vocal, "
    "visual_instrumental, visual_vocal, main_title, end_title, logo, source, or the US code "
    "BI, BV, VI, VV, MT, ET, L, SRC."
)
ROLE_HELP = (
    "composer, author (lyricist), composer_author, arranger, adapter, publisher, "
    "sub_publisher, administrator, or the CWR code C, A, CA, AR, AD, E, SE, AM."
)


def _frames(text: str, rate: FrameRate, what: str, origin_frames: int = 0) -> int:
    try:
        return parse_position(text, rate=rate, origin_frames=origin_frames)
    except TimecodeError as error:
        raise UsageError(f"{what}: {error}") from None


def _share(text: str) -> Any:
    share = option_number(text.strip().removesuffix("%").strip(), "--share")
    if share < 0:
        raise UsageError(f"--share {text}: a share is a percentage from 0")
    return share


def _save_music(loaded: Any, music: Music) -> None:
    save(loaded, dataclasses.replace(loaded.project, music=music))


# -- header ----------------------------------------------------------------------------------


@click.command("header")
@project_argument
@click.option("--title", help="Series or film title (default: the project's title).")
@click.option("--aka", help="Also known as: another title of the production.")
@click.option("--episode-title")
@click.option("--episode-number")
@click.option("--production-number")
@click.option("--company", help="Production company.")
@click.option("--air-date", help="First air or release date (e.g. 2026-05-01).")
@click.option("--prepared-by", help="Who prepared the sheet, and how to reach them.")
@click.option(
    "--programme-start", help="Where the programme starts (default: the first cue position)."
)
@click.option("--programme-end", help="Where the programme ends, exclusive: a timecode.")
@click.option(
    "--programme-duration",
    help="The programme's running time when it is not end minus start (reels at the top of "
    "each hour): 2640s, or a length as a timecode (00:44:00:00).",
)
@click.option(
    "--shares",
    type=click.Choice(ShareConvention.choices()),
    help="How shares add up: separate (writers to 100 %, publishers to 100 %) or whole "
    "(each a share of the whole work: writers to 50 %, publishers to 50 %).",
)
@click.option(
    "--target",
    type=click.Choice(Target.choices()),
    help="The convention the sheet is for: us (ASCAP, BMI, RapidCue), uk (PRS) or ddex.",
)
@json_option
def music_header(
    project_path: Path,
    programme_start: str | None,
    programme_end: str | None,
    programme_duration: str | None,
    shares: str | None,
    target: str | None,
    as_json: bool,
    **text: str | None,
) -> None:
    """Show the cue sheet's production header, or set the fields given."""
    changes: dict[str, Any] = {k: v for k, v in text.items() if v is not None}
    editing = bool(changes) or any(
        v is not None for v in (programme_start, programme_end, programme_duration, shares, target)
    )
    loaded = load(project_path, edit=editing)
    project = loaded.project
    header = project.music.header
    rate = project.rate
    if programme_start is not None:
        changes["programme_start_frames"] = _frames(
            programme_start, rate, "--programme-start", project.session_start_frames
        )
    start = changes.get("programme_start_frames", header.programme_start_frames)
    if start is None:
        start = project.first_cue_frames
    if programme_end is not None:
        changes["programme_end_frames"] = _frames(programme_end, rate, "--programme-end", start)
    if programme_duration is not None:
        changes["programme_duration_frames"] = _frames(
            programme_duration, rate, "--programme-duration"
        )
    if shares is not None:
        changes["shares"] = ShareConvention.parse(shares)
    if target is not None:
        changes["target"] = Target.parse(target)
    if editing:
        header = dataclasses.replace(header, **changes)
        _save_music(loaded, project.music.with_header(header))
        click.echo("header set")
        return
    view = header_view(header, project.title, rate)
    if as_json:
        emit_json(view)
        return
    width = max(len(key) for key in view)
    for key, value in view.items():
        click.echo(f"{key.ljust(width)}  {visible(str(value) if value is not None else '')}")


def header_view(header: MusicHeader, project_title: str, rate: FrameRate) -> dict[str, Any]:
    """The header as JSON-ready fields (timecodes as labels)."""
    view: dict[str, Any] = {name: getattr(header, name) for name in TEXT_FIELDS}
    view["title"] = header.title or project_title
    for name in ("programme_start", "programme_end", "programme_duration"):
        frames = getattr(header, f"{name}_frames")
        view[name] = None if frames is None else frames_to_tc(frames, rate=rate)
    view["shares"] = header.shares.value
    view["target"] = header.target.value
    return view


# -- works -----------------------------------------------------------------------------------


@click.group("work")
def work_group() -> None:
    """Works on the cue sheet: a title, its writers and publishers, identifiers."""


def _work_options(command: Any) -> Any:
    for option in reversed(
        [
            click.option(
                "--origin",
                type=click.Choice(Origin.choices()),
                help="commissioned (written for the production), library, commercial or "
                "public_domain.",
            ),
            click.option("--iswc", help="The work's ISWC, T-DDD.DDD.DDD-C."),
            click.option("--isrc", help="The recording's ISRC, CC-XXX-YY-NNNNN."),
            click.option("--library", help="The production music library."),
            click.option("--catalogue", help="The library or label catalogue number."),
            click.option("--performer", help="The recording artist (commercial music)."),
        ]
    ):
        command = option(command)
    return command


@work_group.command("add")
@project_argument
@click.argument("title")
@click.option("--id", "work_id", help="The id uses name the work by (default: W1, W2 ...).")
@_work_options
def work_add(
    project_path: Path, title: str, work_id: str | None, origin: str | None, **text: str | None
) -> None:
    """Add a work called TITLE."""
    loaded = load(project_path, edit=True)
    music = loaded.project.music
    work_id = (work_id or music.next_work_id()).strip()
    if music.has_work(work_id):
        raise UsageError(f"work {work_id} exists already; choose another --id")
    fields: dict[str, Any] = {k: v.strip() for k, v in text.items() if v is not None}
    work = Work(
        work_id,
        title,
        origin=Origin.parse(origin) if origin else Origin.COMMISSIONED,
        **fields,
    )
    _save_music(loaded, music.with_work(work))
    click.echo(f"added work {work.id} {visible(title)!r}")


@work_group.command("edit")
@project_argument
@click.argument("work_id", metavar="WORK")
@click.option("--id", "new_id", help="A new id (uses follow it).")
@click.option("--title")
@_work_options
def work_edit(
    project_path: Path, work_id: str, new_id: str | None, origin: str | None, **text: str | None
) -> None:
    """Change fields of WORK (its id); fields not given stay as they are."""
    loaded = load(project_path, edit=True)
    music = loaded.project.music
    work = music.work(work_id)
    changes: dict[str, Any] = {k: v.strip() for k, v in text.items() if v is not None}
    if origin is not None:
        changes["origin"] = Origin.parse(origin)
    if new_id is not None:
        changes["id"] = new_id.strip()
    if not changes:
        raise UsageError("nothing to change: give at least one option (see --help)")
    edited = dataclasses.replace(work, **changes)
    _save_music(loaded, music.renamed_work(work.id, edited))
    click.echo(f"edited work {edited.id}")


@work_group.command("list")
@project_argument
@json_option
def work_list(project_path: Path, as_json: bool) -> None:
    """List the works with their parties and how often each is used."""
    music = load(project_path).project.music
    views = [work_view(work, music) for work in music.works]
    if as_json:
        emit_json({"works": views})
        return
    rows = [
        [
            v["id"],
            v["origin"],
            str(v["uses"]),
            str(len(v["parties"])),
            v["iswc"] or v["isrc"],
            visible(v["title"]),
        ]
        for v in views
    ]
    click.echo(table(rows, ["work", "origin", "uses", "parties", "ISWC/ISRC", "title"]))


def work_view(work: Work, music: Music) -> dict[str, Any]:
    """A work as JSON-ready fields, its parties numbered from 1."""
    return {
        "id": work.id,
        "title": work.title,
        "origin": work.origin.value,
        "iswc": work.iswc,
        "isrc": work.isrc,
        "library": work.library,
        "catalogue": work.catalogue,
        "performer": work.performer,
        "uses": sum(1 for use in music.uses if use.work == work.id),
        "parties": [party_view(p, n) for n, p in enumerate(work.parties, start=1)],
    }


def party_view(party: Party, number: int) -> dict[str, Any]:
    from tempo.common.exact import format_fraction

    return {
        "party": number,
        "name": party.name,
        "role": party.role.value,
        "role_code": party.role.code,
        "society": party.society,
        "ipi": party.ipi,
        "share": format_fraction(party.share),
    }


@work_group.command("remove")
@project_argument
@click.argument("work_id", metavar="WORK")
def work_remove(project_path: Path, work_id: str) -> None:
    """Remove WORK (refused while a use names it)."""
    loaded = load(project_path, edit=True)
    _save_music(loaded, loaded.project.music.without_work(work_id))
    click.echo(f"removed work {work_id}")


# -- parties ---------------------------------------------------------------------------------


@click.group("party")
def party_group() -> None:
    """Writers and publishers of a work: role, society, IPI number and share."""


def _party_index(work: Work, text: str) -> int:
    """The index of the party named ``text`` in ``work``: its number from 1 or its name."""
    if text.isdigit() and 1 <= int(text) <= len(work.parties):
        return int(text) - 1
    named = [i for i, party in enumerate(work.parties) if party.name == text]
    if len(named) == 1:
        return named[0]
    count = len(work.parties)
    raise UsageError(
        f"work {work.id} has no party {text!r}: give its number (1 to {count}) or its name, "
        "as 'scoresync music party list' shows them"
    )


@party_group.command("add")
@project_argument
@click.argument("work_id", metavar="WORK")
@click.argument("name")
@click.option("--role", required=True, help=ROLE_HELP)
@click.option(
    "--society", default="", help="Performing-rights society (ASCAP, BMI, PRS, NS for none)."
)
@click.option("--ipi", default="", help="IPI name number, as text (leading zeros kept).")
@click.option("--share", default="0", help="Share in percent: 50, 33.5 or 100/3.")
def party_add(
    project_path: Path, work_id: str, name: str, role: str, society: str, ipi: str, share: str
) -> None:
    """Add NAME as a writer or publisher of WORK."""
    loaded = load(project_path, edit=True)
    music = loaded.project.music
    work = music.work(work_id)
    party = Party(name, PartyRole.parse(role), society.strip(), ipi.strip(), _share(share))
    edited = dataclasses.replace(work, parties=work.parties + (party,))
    _save_music(loaded, music.with_work(edited))
    click.echo(f"added party {len(edited.parties)} {visible(name)!r} to work {work.id}")


@party_group.command("edit")
@project_argument
@click.argument("work_id", metavar="WORK")
@click.argument("party")
@click.option("--name")
@click.option("--role", help=ROLE_HELP)
@click.option("--society")
@click.option("--ipi")
@click.option("--share", help="Share in percent: 50, 33.5 or 100/3.")
def party_edit(
    project_path: Path,
    work_id: str,
    party: str,
    name: str | None,
    role: str | None,
    society: str | None,
    ipi: str | None,
    share: str | None,
) -> None:
    """Change PARTY (its number from 1, or its name) of WORK."""
    loaded = load(project_path, edit=True)
    music = loaded.project.music
    work = music.work(work_id)
    index = _party_index(work, party)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = name
    if role is not None:
        changes["role"] = PartyRole.parse(role)
    if society is not None:
        changes["society"] = society.strip()
    if ipi is not None:
        changes["ipi"] = ipi.strip()
    if share is not None:
        changes["share"] = _share(share)
    if not changes:
        raise UsageError("nothing to change: give at least one option (see --help)")
    edited = dataclasses.replace(work.parties[index], **changes)
    parties = work.parties[:index] + (edited,) + work.parties[index + 1 :]
    _save_music(loaded, music.with_work(dataclasses.replace(work, parties=parties)))
    click.echo(f"edited party {index + 1} of work {work.id}")


@party_group.command("remove")
@project_argument
@click.argument("work_id", metavar="WORK")
@click.argument("party")
def party_remove(project_path: Path, work_id: str, party: str) -> None:
    """Remove PARTY (its number from 1, or its name) from WORK."""
    loaded = load(project_path, edit=True)
    music = loaded.project.music
    work = music.work(work_id)
    index = _party_index(work, party)
    parties = work.parties[:index] + work.parties[index + 1 :]
    _save_music(loaded, music.with_work(dataclasses.replace(work, parties=parties)))
    click.echo(f"removed party {index + 1} from work {work.id}")


@party_group.command("list")
@project_argument
@click.argument("work_id", metavar="[WORK]", required=False)
@json_option
def party_list(project_path: Path, work_id: str | None, as_json: bool) -> None:
    """List the parties of WORK (of every work when none is given)."""
    music = load(project_path).project.music
    works = [music.work(work_id)] if work_id is not None else list(music.works)
    views = [
        {"work": work.id, **party_view(party, number)}
        for work in works
        for number, party in enumerate(work.parties, start=1)
    ]
    if as_json:
        emit_json({"parties": views})
        return
    rows = [
        [
            v["work"],
            str(v["party"]),
            v["role_code"],
            v["society"],
            v["ipi"],
            v["share"],
            visible(v["name"]),
        ]
        for v in views
    ]
    click.echo(table(rows, ["work", "#", "role", "society", "IPI", "share %", "name"]))


# -- uses ------------------------------------------------------------------------------------


@click.group("use")
def use_group() -> None:
    """Uses of works by cue: where each work is heard, and how."""


@use_group.command("add")
@project_argument
@click.argument("cue")
@click.argument("work_id", metavar="WORK")
@click.option("--start", help="Start timecode (default: the project cue's start).")
@click.option("--end", help="End timecode, exclusive (default: the project cue's end).")
@click.option("--duration", help="Length instead of --end: 720f, 30s or a timecode.")
@click.option("--usage", default="BI", show_default=True, help=USAGE_HELP)
def use_add(
    project_path: Path,
    cue: str,
    work_id: str,
    start: str | None,
    end: str | None,
    duration: str | None,
    usage: str,
) -> None:
    """Add a use of WORK as CUE (1M1, 2M3A, 4M2S).

    Without --start and --end the use runs as long as the project's cue of that number.
    """
    loaded = load(project_path, edit=True)
    project = loaded.project
    number = CueNumber.parse(cue)
    music = project.music
    music.work(work_id)
    if any(use.work == work_id for use in music.uses_of_cue(number)):
        raise UsageError(f"cue {number} uses work {work_id} already; edit that use instead")
    spotted = project.cue(number) if project.has_cue(number) else None
    rate = project.rate
    if start is not None:
        start_frames = _frames(start, rate, "--start", project.session_start_frames)
    elif spotted is not None:
        start_frames = spotted.start_frames
    else:
        raise UsageError(f"no cue {number} in the project to take times from: give --start")
    if end is not None and duration is not None:
        raise UsageError("give --end or --duration, not both")
    if end is not None:
        end_frames = _frames(end, rate, "--end", start_frames)
    elif duration is not None:
        end_frames = start_frames + _frames(duration, rate, "--duration")
    elif spotted is not None and start is None:
        end_frames = spotted.end_frames
    else:
        raise UsageError("give --end or --duration")
    use = Use(number, work_id, start_frames, end_frames, Usage.parse(usage))
    _save_music(loaded, music.with_use(use))
    click.echo(
        f"added use of {work_id} in {number}, {frames_to_tc(start_frames, rate=rate)} to "
        f"{frames_to_tc(end_frames, rate=rate)}"
    )


@use_group.command("edit")
@project_argument
@click.argument("cue")
@click.option("--work", "work_id", help="Which use, when CUE uses several works.")
@click.option("--set-work", help="Make the use one of this work instead.")
@click.option("--cue", "new_cue", help="Renumber the use's cue.")
@click.option("--start", help="New start timecode.")
@click.option("--end", help="New end timecode (exclusive), or a time after the start.")
@click.option("--usage", help=USAGE_HELP)
def use_edit(
    project_path: Path,
    cue: str,
    work_id: str | None,
    set_work: str | None,
    new_cue: str | None,
    start: str | None,
    end: str | None,
    usage: str | None,
) -> None:
    """Change the use in CUE; fields not given stay as they are."""
    loaded = load(project_path, edit=True)
    project = loaded.project
    music = project.music
    use = music.find_use(CueNumber.parse(cue), work_id)
    changes: dict[str, Any] = {}
    if set_work is not None:
        music.work(set_work)
        changes["work"] = set_work
    if new_cue is not None:
        changes["cue"] = CueNumber.parse(new_cue)
    if start is not None:
        changes["start_frames"] = _frames(
            start, project.rate, "--start", project.session_start_frames
        )
    if end is not None:
        changes["end_frames"] = _frames(
            end, project.rate, "--end", changes.get("start_frames", use.start_frames)
        )
    if usage is not None:
        changes["usage"] = Usage.parse(usage)
    if not changes:
        raise UsageError("nothing to change: give at least one option (see --help)")
    edited = dataclasses.replace(use, **changes)
    _save_music(loaded, music.replacing_use(use, edited))
    click.echo(f"edited use of {edited.work} in {edited.cue}")


@use_group.command("remove")
@project_argument
@click.argument("cue")
@click.option("--work", "work_id", help="Which use, when CUE uses several works.")
def use_remove(project_path: Path, cue: str, work_id: str | None) -> None:
    """Remove the use in CUE."""
    loaded = load(project_path, edit=True)
    music = loaded.project.music
    use = music.find_use(CueNumber.parse(cue), work_id)
    _save_music(loaded, music.replacing_use(use, None))
    click.echo(f"removed use of {use.work} in {use.cue}")


@use_group.command("list")
@project_argument
@json_option
def use_list(project_path: Path, as_json: bool) -> None:
    """List the uses in time order with their works and usage codes."""
    project = load(project_path).project
    music, rate = project.music, project.rate
    target = music.header.target
    views = [use_view(use, music, rate, target) for use in music.uses]
    if as_json:
        emit_json({"uses": views})
        return
    rows = [
        [
            str(v["sequence"]),
            v["cue"],
            v["start"],
            v["end"],
            str(v["frames"]),
            v["code"] or "-",
            v["work"],
            visible(v["title"]),
        ]
        for v in views
    ]
    click.echo(table(rows, ["#", "cue", "start", "end", "frames", "usage", "work", "title"]))


def use_view(use: Use, music: Music, rate: FrameRate, target: Target) -> dict[str, Any]:
    """A use as JSON-ready fields (sequence number from 1 in time order)."""
    title = music.work(use.work).title if music.has_work(use.work) else ""
    return {
        "sequence": music.uses.index(use) + 1,
        "cue": str(use.cue),
        "work": use.work,
        "title": title,
        "start": frames_to_tc(use.start_frames, rate=rate),
        "end": frames_to_tc(use.end_frames, rate=rate),
        "frames": use.duration_frames,
        "usage": use.usage.value,
        "code": use.usage.code_for(target),
    }
