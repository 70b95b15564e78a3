"""Source identity: which shots of two cuts show the same picture.

A shot is known by its reel, its clip name and its source file (the fields of
:class:`~scoresync.editorial.layer.Source`). Two shots are the same source when every
field both of them name agrees and they agree on at least one: an EDL that names the reel
and the clip matches an AAF that names only the clip. Reel names an EDL cut to 8
characters match the full name they begin. Source files compare by their file name
without folders.

VFX version marks (``_v012``, ``v12``, ``_V0003``) are stripped by default, so
``079_HA_0010_v011`` and ``079_HA_0010_v012`` are the same shot, whose new version the
change map reports as *replaced*. User patterns (regular expressions) remove more: a
pattern's match is cut out of every name before comparing.

>>> keying = Keying()
>>> old = identity_of(Source(reel="A001", clip_name="079_HA_0010_v011"), keying)
>>> new = identity_of(Source(reel="A001", clip_name="079_HA_0010_v012"), keying)
>>> same_source(old, new), same_version(old, new)
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scoresync.editorial.layer import Source
from scoresync.errors import UsageError

__all__ = ["FIELDS", "Identity", "Keying", "identity_of", "same_source", "same_version"]

FIELDS = ("reel", "clip_name", "source_file")
"""The fields of a source a shot can be keyed by."""

REEL_CHARACTERS = 8
"""The length CMX 3600 lists cut reel names to."""

VERSION_MARK = r"(?i)[_.\- ]?v\d{1,5}(?=$|[_.\- ])"
"""A VFX version mark: ``_v012``, ``.V3``, ``v12`` at the end of a name or before a
separator."""


@dataclass(frozen=True)
class Keying:
    """How shots are keyed. ``fields`` are the source fields compared (a subset of
    :data:`FIELDS`, such as ``("clip_name",)`` to match a picture list against a sound
    list whose reels differ); ``strip_versions`` strips VFX version marks; ``patterns``
    are regular expressions whose matches are cut out of every name before comparing."""

    fields: tuple[str, ...] = FIELDS
    strip_versions: bool = True
    patterns: tuple[str, ...] = ()
    _compiled: tuple[re.Pattern[str], ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def __post_init__(self) -> None:
        unknown = [name for name in self.fields if name not in FIELDS]
        if unknown or not self.fields:
            raise UsageError(
                f"shots are keyed by {', '.join(FIELDS)} (one or more), not "
                f"{', '.join(unknown) or 'nothing'}"
            )
        compiled = [re.compile(VERSION_MARK)] if self.strip_versions else []
        for pattern in self.patterns:
            try:
                compiled.append(re.compile(pattern))
            except re.error as error:
                raise UsageError(f"the name pattern {pattern!r} is not valid: {error}") from None
        object.__setattr__(self, "_compiled", tuple(compiled))

    def normalise(self, name: str) -> str:
        """``name`` as it is compared: patterns cut out, spaces trimmed, upper case."""
        for pattern in self._compiled:
            name = pattern.sub("", name)
        return name.strip().upper()


@dataclass(frozen=True)
class Identity:
    """A shot's source as compared: ``values`` holds the normalised text of each keyed
    field (``""`` where the source does not say), ``exact`` the names as written, which
    tell a new VFX version from the old."""

    values: tuple[tuple[str, str], ...]
    exact: tuple[str, str, str]

    def get(self, name: str) -> str:
        for key, value in self.values:
            if key == name:
                return value
        return ""


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def identity_of(source: Source, keying: Keying) -> Identity:
    """The identity ``source`` is matched by under ``keying``."""
    raw = {
        "reel": source.reel,
        "clip_name": source.clip_name,
        "source_file": _file_name(source.source_file),
    }
    values = tuple((name, keying.normalise(raw[name])) for name in keying.fields)
    return Identity(values=values, exact=(source.reel, source.clip_name, source.source_file))


def index_values(identity: Identity) -> list[tuple[str, str]]:
    """The (field, text) entries an identity is found under in an index; a reel under its
    first 8 characters, so a cut reel name finds the full one."""
    entries = []
    for name, value in identity.values:
        if value:
            entries.append((name, value[:REEL_CHARACTERS] if name == "reel" else value))
    return entries


def _reels_agree(one: str, other: str) -> bool:
    if one == other:
        return True
    short, long = sorted((one, other), key=len)
    return len(short) == REEL_CHARACTERS and long.startswith(short)


def same_source(one: Identity, other: Identity) -> bool:
    """True when every field both identities name agrees and at least one does."""
    shared = False
    for (name, value), (_, other_value) in zip(one.values, other.values, strict=True):
        if not value or not other_value:
            continue
        agree = _reels_agree(value, other_value) if name == "reel" else value == other_value
        if not agree:
            return False
        shared = True
    return shared


def _as_written(name: str, value: str) -> str:
    text = _file_name(value) if name == "source_file" else value
    return text.strip().upper()


def same_version(one: Identity, other: Identity) -> bool:
    """True when every keyed field both shots name is written alike (case, spaces and
    folders aside; a reel cut to 8 characters agrees with its full name). Two shots of
    the same source that are not the same version are a new version of the shot (a VFX
    bump, or a name a user pattern strips); a field only one cut names (an EDL gives no
    source file, an OTIO file no reel) says nothing either way."""
    if one.exact == other.exact:
        return True
    for name, _ in one.values:
        if name not in FIELDS:
            continue
        at = FIELDS.index(name)
        value, other_value = _as_written(name, one.exact[at]), _as_written(name, other.exact[at])
        if not value or not other_value:
            continue
        agree = _reels_agree(value, other_value) if name == "reel" else value == other_value
        if not agree:
            return False
    return True
