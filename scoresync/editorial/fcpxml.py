"""Final Cut Pro's FCPXML (``.fcpxml`` files and ``.fcpxmld`` bundles) read into a cut.

scoresync reads FCPXML itself: OpenTimelineIO's adapter truncates rates (29.97 -> 29) and
drops transitions, titles and multicam clips. The document is parsed with ``defusedxml``
(no entity expansion, no external fetches). The cut is the first project's sequence: its
format's exact frame duration gives the rate (``1001/30000s`` is 29.97, with drop frame when
the sequence's ``tcFormat`` is ``DF``), its ``tcStart`` the record start, and its spine the
events (see :mod:`~scoresync.editorial.fcpxml_story` for how storylines are laid out).

A document with no project (a clip exported from the browser) is read as that one clip.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.editorial.fcpxml_story import (
    SEQUENCE,
    FcpxmlValueError,
    Resources,
    Story,
    TimeLine,
    parse_time,
)
from scoresync.editorial.layer import Cut, CutFileError, Note, Origin
from scoresync.editorial.read import parse_xml
from scoresync.errors import TimecodeError
from scoresync.picture.rates import RATES, FrameRate, parse_rate

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["bundle_document", "read_fcpxml"]

_CLIP_TAGS = ("ref-clip", "asset-clip", "sync-clip", "mc-clip", "clip", "title", "video")
"""Browser clips a document without a project may hold, in the order they are looked for."""


def bundle_document(path: Path) -> Path:
    """The FCPXML document of ``path``: the file itself, or a bundle's ``Info.fcpxml``."""
    if path.is_dir():
        document = path / "Info.fcpxml"
        if not document.is_file():
            raise CutFileError(
                f"{path}: this folder is not an FCPXML bundle (it holds no Info.fcpxml)"
            )
        return document
    return path


def read_fcpxml(path: Path) -> Cut:
    """Reads the FCPXML document or ``.fcpxmld`` bundle at ``path`` into a :class:`Cut`.

    Raises :class:`CutFileError` when the file cannot be read, is not well-formed XML, is
    not FCPXML or holds neither a project nor a clip; what it reads past becomes notes.
    """
    document = bundle_document(Path(path))
    shown = str(path)
    root = parse_xml(document, shown=shown)
    if root.tag != "fcpxml":
        raise CutFileError(f"{shown}: not an FCPXML document (its root element is <{root.tag}>)")
    by_id = _resources(root)
    projects = [(project, where) for project, where in _projects(root)]
    notes: list[Note] = []
    if projects:
        project, project_path = projects[0]
        if len(projects) > 1:
            others = ", ".join(repr(other.get("name", "")) for other, _ in projects[1:])
            notes.append(
                Note(
                    f"the document holds {len(projects)} projects: read "
                    f"{project.get('name', '')!r}, not {others}",
                    _origin(shown, path=project_path),
                )
            )
        return _read_project(project, project_path, by_id, shown, notes)
    return _read_browser_clip(root, by_id, shown)


def _resources(root: Element) -> dict[str, Element]:
    resources = root.find("resources")
    if resources is None:
        return {}
    return {element.get("id", ""): element for element in resources}


def _projects(root: Element) -> list[tuple[Element, str]]:
    """Every project with a sequence, with its XML path, in document order."""
    found: list[tuple[Element, str]] = []

    def walk(element: Element, path: str) -> None:
        counts: dict[str, int] = {}
        for child in element:
            if child.tag not in ("library", "event", "project"):
                continue
            counts[child.tag] = counts.get(child.tag, 0) + 1
            child_path = f"{path}/{child.tag}[{counts[child.tag]}]"
            if child.tag == "project":
                if child.find("sequence") is not None:
                    found.append((child, child_path))
            else:
                walk(child, child_path)

    walk(root, "/fcpxml")
    return found


def _read_project(
    project: Element, project_path: str, by_id: dict[str, Element], shown: str, notes: list[Note]
) -> Cut:
    sequence = project.find("sequence")
    assert sequence is not None
    sequence_path = f"{project_path}/sequence"
    rate = _sequence_rate(sequence, by_id, shown, sequence_path, notes)
    story = Story(Resources(by_id, rate, Path(shown).name))
    story.notes.extend(notes)
    try:
        tc_start = parse_time(sequence.get("tcStart", "0s"))
    except FcpxmlValueError as error:
        raise CutFileError(f"{shown}: {sequence_path}: {error}") from None
    spine = sequence.find("spine")
    if spine is not None:
        story.storyline(list(spine), f"{sequence_path}/spine", SEQUENCE, None, picture=True)
    return _cut(story, shown, sequence_path, project.get("name", ""), tc_start)


def _read_browser_clip(root: Element, by_id: dict[str, Element], shown: str) -> Cut:
    """A document with no project: its first browser clip read as a one-clip cut."""
    clips: list[tuple[Element, str]] = []
    for container, container_path in _clip_containers(root):
        for tag in _CLIP_TAGS:
            for index, element in enumerate(container.findall(tag), start=1):
                clips.append((element, f"{container_path}/{tag}[{index}]"))
    if not clips:
        raise CutFileError(f"{shown}: this FCPXML holds no project and no clip to read")
    clip, clip_path = clips[0]
    notes = [
        Note(
            f"the document holds no project: read the clip {clip.get('name', '')!r} alone"
            + (f" ({len(clips) - 1} other clip(s) not read)" if len(clips) > 1 else ""),
            _origin(shown, path=clip_path),
        )
    ]
    format_id = _clip_format(clip, by_id)
    rate = _format_rate(by_id.get(format_id or ""), drop=False, shown=shown, where=clip_path)
    story = Story(Resources(by_id, rate, Path(shown).name))
    story.notes.extend(notes)
    start = parse_time(clip.get("start", "0s"))
    story.item(
        clip,
        clip_path,
        TimeLine(Fraction(0), Fraction(0), Fraction(1)),
        None,
        picture=True,
        offset=start,
    )
    return _cut(story, shown, clip_path, clip.get("name", ""), start)


def _clip_containers(root: Element) -> list[tuple[Element, str]]:
    containers = [(root, "/fcpxml")]
    for l_index, library in enumerate(root.findall("library"), start=1):
        library_path = f"/fcpxml/library[{l_index}]"
        containers.append((library, library_path))
        for e_index, event in enumerate(library.findall("event"), start=1):
            containers.append((event, f"{library_path}/event[{e_index}]"))
    for e_index, event in enumerate(root.findall("event"), start=1):
        containers.append((event, f"/fcpxml/event[{e_index}]"))
    return containers


def _clip_format(clip: Element, by_id: dict[str, Element]) -> str | None:
    """The format a browser clip plays at: its own, or that of what it refers to."""
    if clip.get("format"):
        return clip.get("format")
    ref = by_id.get(clip.get("ref", ""))
    if ref is None:
        for child in clip.iter():
            if child is not clip and child.get("ref") in by_id:
                return _clip_format(child, by_id)
        return None
    if ref.tag == "media":
        inner = ref.find("sequence")
        if inner is None:
            inner = ref.find("multicam")
        return inner.get("format") if inner is not None else None
    return ref.get("format")


def _sequence_rate(
    sequence: Element, by_id: dict[str, Element], shown: str, where: str, notes: list[Note]
) -> FrameRate:
    tc_format = sequence.get("tcFormat", "NDF")
    drop = tc_format == "DF"
    format_element = by_id.get(sequence.get("format", ""))
    try:
        return _format_rate(format_element, drop=drop, shown=shown, where=where)
    except TimecodeError:
        rate = _format_rate(format_element, drop=False, shown=shown, where=where)
        notes.append(
            Note(
                f"tcFormat DF at {rate} fps, where drop frame does not exist: read as non-drop",
                _origin(shown, path=where),
            )
        )
        return rate


def _format_rate(
    format_element: Element | None, *, drop: bool, shown: str, where: str
) -> FrameRate:
    """The exact rate of a ``format`` resource from its ``frameDuration``."""
    if format_element is None or not format_element.get("frameDuration"):
        name = format_element.get("name", "") if format_element is not None else ""
        raise CutFileError(
            f"{shown}: {where}: the sequence's format {name!r} gives no frameDuration, so "
            "its frame rate is unknown"
        )
    text = format_element.get("frameDuration", "")
    try:
        duration = parse_time(text)
    except FcpxmlValueError as error:
        raise CutFileError(f"{shown}: {where}: {error}") from None
    fps = 1 / duration if duration else Fraction(0)
    if fps not in {rate.fps for rate in RATES.values()}:
        raise CutFileError(
            f"{shown}: {where}: frameDuration {text!r} is {float(fps):.4g} fps, not a rate "
            f"scoresync handles ({', '.join(RATES)})"
        )
    return parse_rate(f"{fps.numerator}/{fps.denominator}" + (" df" if drop else ""))


def _origin(shown: str, *, path: str) -> Origin:
    """Where in the document: notes name the file by its name, as the user sees it."""
    return Origin(Path(shown).name, path=path)


def _cut(story: Story, shown: str, path: str, name: str, tc_start: Fraction) -> Cut:
    picture, others = story.finish()
    return Cut(
        rate=story.resources.rate,
        events=picture,
        origin=_origin(shown, path=path),
        name=name,
        record_start=story.frames(tc_start),
        others=others,
        markers=tuple(story.markers),
        notes=tuple(story.notes),
    )
