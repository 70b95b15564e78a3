"""Music metadata for the cue sheet: the production header, works and their parties, and
the uses of works in the programme.

A *work* is a piece of music (its title, writers and publishers, ISWC, ISRC, library and
catalogue number, origin); a *use* places a work in the programme: a cue number, a start
and an end in frames (end exclusive) and how it is heard (:class:`Usage`). One work can be
used by several cues. Shares are exact percentages (:class:`~fractions.Fraction`, ``50``
is 50 %); identifiers are text as typed, so an IPI number keeps its leading zeros.

The objects check types and text only: domain rules that a sheet can break while it is
being filled in (share sums, ISWC check digits, uses outside the programme) are findings
of :mod:`cuesheets.validate`, so a half-finished sheet still loads and saves.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Self

from scoresync.errors import ProjectError
from scoresync.project.cuenumber import CueNumber

__all__ = [
    "NO_MUSIC",
    "Music",
    "MusicHeader",
    "Origin",
    "Party",
    "PartyRole",
    "ShareConvention",
    "Target",
    "Usage",
    "Use",
    "Work",
]


def _check_text(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise ProjectError(f"{what} must be text, got {type(value).__name__} {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ProjectError(
            f"{what} holds bytes that are not UTF-8 text; type it again as UTF-8"
        ) from None


def _check_frames(value: object, what: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProjectError(f"{what} must be a whole number of frames from 0, got {value!r}")


class _Named(Enum):
    """An enum read from its file name (``background_instrumental``), case and ``-`` or
    space for ``_`` ignored, or from one of its other names (:meth:`_aliases`)."""

    @classmethod
    def _aliases(cls) -> dict[str, Self]:
        return {}

    @classmethod
    def parse(cls, text: str) -> Self:
        key = "_".join(text.strip().lower().replace("-", " ").replace("/", " ").split())
        for member in cls:
            if member.value == key:
                return member
        found = cls._aliases().get(text.strip().upper())
        if found is not None:
            return found
        raise ProjectError(
            f"{text!r} is not a {cls._what()}; use one of {', '.join(cls.choices())}"
        )

    @classmethod
    def choices(cls) -> list[str]:
        return [member.value for member in cls]

    @classmethod
    def _what(cls) -> str:
        return cls.__name__.lower()


class Usage(_Named):
    """How a use is heard, one internal value mapped to each society's code.

    ``us_code`` is the ASCAP/BMI/RapidCue code, ``uk`` the PRS category (None where PRS
    has none), ``ddex`` the DDEX ``CueUseType`` and ``vocal``/``visual`` what DDEX and the
    US codes split on.
    """

    BACKGROUND_INSTRUMENTAL = "background_instrumental"
    BACKGROUND_VOCAL = "background_vocal"
    VISUAL_INSTRUMENTAL = "visual_instrumental"
    VISUAL_VOCAL = "visual_vocal"
    MAIN_TITLE = "main_title"
    END_TITLE = "end_title"
    LOGO = "logo"
    SOURCE = "source"

    @classmethod
    def _aliases(cls) -> dict[str, Self]:
        return {usage.us_code: usage for usage in cls}

    @classmethod
    def _what(cls) -> str:
        return "usage (or US code BI, BV, VI, VV, MT, ET, L, SRC)"

    @property
    def us_code(self) -> str:
        return _US[self]

    @property
    def uk(self) -> str | None:
        return _UK[self]

    @property
    def ddex(self) -> str:
        return _DDEX[self]

    @property
    def vocal(self) -> bool:
        return self in (Usage.BACKGROUND_VOCAL, Usage.VISUAL_VOCAL)

    @property
    def visual(self) -> bool:
        return self in (Usage.VISUAL_INSTRUMENTAL, Usage.VISUAL_VOCAL)

    def code_for(self, target: Target) -> str | None:
        """This usage's code on a ``target`` sheet; None where the target has none."""
        if target is Target.US:
            return self.us_code
        if target is Target.UK:
            return self.uk
        return self.ddex


_US = {
    Usage.BACKGROUND_INSTRUMENTAL: "BI",
    Usage.BACKGROUND_VOCAL: "BV",
    Usage.VISUAL_INSTRUMENTAL: "VI",
    Usage.VISUAL_VOCAL: "VV",
    Usage.MAIN_TITLE: "MT",
    Usage.END_TITLE: "ET",
    Usage.LOGO: "L",
    Usage.SOURCE: "SRC",
}
_UK: dict[Usage, str | None] = {
    Usage.BACKGROUND_INSTRUMENTAL: "background",
    Usage.BACKGROUND_VOCAL: "background",
    Usage.VISUAL_INSTRUMENTAL: "featured",
    Usage.VISUAL_VOCAL: "featured",
    Usage.MAIN_TITLE: "signature",
    Usage.END_TITLE: "signature",
    Usage.LOGO: None,
    Usage.SOURCE: "background",
}
_DDEX = {
    Usage.BACKGROUND_INSTRUMENTAL: "Background",
    Usage.BACKGROUND_VOCAL: "Background",
    Usage.VISUAL_INSTRUMENTAL: "OnScreenMusic",
    Usage.VISUAL_VOCAL: "OnScreenMusic",
    Usage.MAIN_TITLE: "Theme",
    Usage.END_TITLE: "Theme",
    Usage.LOGO: "AudioLogo",
    Usage.SOURCE: "Background",
}


class Target(_Named):
    """The society convention a sheet is written for: US (ASCAP, BMI, SESAC via
    RapidCue), UK (PRS) or DDEX Cue."""

    US = "us"
    UK = "uk"
    DDEX = "ddex"

    @classmethod
    def _what(cls) -> str:
        return "cue-sheet target"


class Origin(_Named):
    """Where a work comes from; ``ddex`` is the DDEX ``CueOrigin``."""

    COMMISSIONED = "commissioned"
    LIBRARY = "library"
    COMMERCIAL = "commercial"
    PUBLIC_DOMAIN = "public_domain"

    @property
    def ddex(self) -> str:
        return {
            Origin.COMMISSIONED: "SpeciallyCommissionedMusic",
            Origin.LIBRARY: "LibraryMusic",
            Origin.COMMERCIAL: "PreexistingMusic",
            Origin.PUBLIC_DOMAIN: "PreexistingMusic",
        }[self]

    @classmethod
    def _what(cls) -> str:
        return "work origin"


class PartyRole(_Named):
    """A party's role, with its CWR code (``C``, ``A``, ``CA``, ``AR``, ``AD``, ``E``,
    ``SE``, ``AM``): composers, lyricists, arrangers and adapters are writers; original
    publishers, sub-publishers and administrators are publishers."""

    COMPOSER = "composer"
    AUTHOR = "author"
    COMPOSER_AUTHOR = "composer_author"
    ARRANGER = "arranger"
    ADAPTER = "adapter"
    PUBLISHER = "publisher"
    SUB_PUBLISHER = "sub_publisher"
    ADMINISTRATOR = "administrator"

    @classmethod
    def _aliases(cls) -> dict[str, Self]:
        return {
            **{role.code: role for role in cls},
            "LYRICIST": PartyRole.AUTHOR,
            "WRITER": PartyRole.COMPOSER_AUTHOR,
        }

    @classmethod
    def _what(cls) -> str:
        return "party role (or CWR code C, A, CA, AR, AD, E, SE, AM)"

    @property
    def code(self) -> str:
        return {
            PartyRole.COMPOSER: "C",
            PartyRole.AUTHOR: "A",
            PartyRole.COMPOSER_AUTHOR: "CA",
            PartyRole.ARRANGER: "AR",
            PartyRole.ADAPTER: "AD",
            PartyRole.PUBLISHER: "E",
            PartyRole.SUB_PUBLISHER: "SE",
            PartyRole.ADMINISTRATOR: "AM",
        }[self]

    @property
    def is_publisher(self) -> bool:
        return self in (PartyRole.PUBLISHER, PartyRole.SUB_PUBLISHER, PartyRole.ADMINISTRATOR)


class ShareConvention(_Named):
    """How shares add up: ``separate``, writers' shares to 100 % and publishers' shares
    to 100 % (the US convention); ``whole``, every party's share of the whole work, the
    writers' to 50 % and the publishers' to 50 % (as some societies count)."""

    SEPARATE = "separate"
    WHOLE = "whole"

    @classmethod
    def _what(cls) -> str:
        return "share convention"

    def expected_sum(self) -> Fraction:
        """What the writers' (and the publishers') shares add up to, in percent."""
        return Fraction(100) if self is ShareConvention.SEPARATE else Fraction(50)


def _share(value: object, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise ProjectError(f"{what} must be an exact number of percent, got {value!r}")
    if value < 0:
        raise ProjectError(f"{what} must be 0 % or more, got {value} %")
    return Fraction(value)


@dataclass(frozen=True, slots=True)
class Party:
    """A writer or publisher of a work: ``share`` in percent (exact), ``ipi`` the IPI
    name number as text (leading zeros kept), ``society`` the PRO (``ASCAP``, ``PRS`` ...)."""

    name: str
    role: PartyRole
    society: str = ""
    ipi: str = ""
    share: Fraction = Fraction(0)

    def __post_init__(self) -> None:
        for name in ("name", "society", "ipi"):
            _check_text(getattr(self, name), f"a party's {name}")
        if not isinstance(self.role, PartyRole):
            raise ProjectError(f"a party's role must be a PartyRole, got {self.role!r}")
        object.__setattr__(self, "share", _share(self.share, f"{self.name or 'a party'}'s share"))


@dataclass(frozen=True, slots=True)
class Work:
    """A piece of music on the cue sheet, named in uses by ``id`` (``W1`` or any short text)."""

    id: str
    title: str
    parties: tuple[Party, ...] = ()
    origin: Origin = Origin.COMMISSIONED
    iswc: str = ""
    isrc: str = ""
    library: str = ""
    catalogue: str = ""
    performer: str = ""

    def __post_init__(self) -> None:
        for name in ("id", "title", "iswc", "isrc", "library", "catalogue", "performer"):
            _check_text(getattr(self, name), f"a work's {name}")
        if not self.id.strip():
            raise ProjectError("a work needs an id (such as W1) that uses refer to it by")
        if not isinstance(self.origin, Origin):
            raise ProjectError(f"a work's origin must be an Origin, got {self.origin!r}")
        for party in self.parties:
            if not isinstance(party, Party):
                raise ProjectError(f"work {self.id}'s parties must be Party objects")
        object.__setattr__(self, "parties", tuple(self.parties))

    @property
    def writers(self) -> tuple[Party, ...]:
        return tuple(party for party in self.parties if not party.role.is_publisher)

    @property
    def publishers(self) -> tuple[Party, ...]:
        return tuple(party for party in self.parties if party.role.is_publisher)


@dataclass(frozen=True, slots=True)
class Use:
    """A use of work ``work`` (its id) as cue ``cue``, from ``start_frames`` to
    ``end_frames`` (exclusive)."""

    cue: CueNumber
    work: str
    start_frames: int
    end_frames: int
    usage: Usage = Usage.BACKGROUND_INSTRUMENTAL

    def __post_init__(self) -> None:
        if not isinstance(self.cue, CueNumber):
            raise ProjectError(f"a use's cue must be a CueNumber, got {self.cue!r}")
        _check_text(self.work, f"use {self.cue}'s work")
        _check_frames(self.start_frames, f"use {self.cue}'s start")
        _check_frames(self.end_frames, f"use {self.cue}'s end")
        if not isinstance(self.usage, Usage):
            raise ProjectError(f"use {self.cue}'s usage must be a Usage, got {self.usage!r}")

    @property
    def duration_frames(self) -> int:
        """Length in frames (0 or less for a use whose end is not after its start)."""
        return self.end_frames - self.start_frames


@dataclass(frozen=True, slots=True)
class MusicHeader:
    """The cue sheet's production header. ``programme_start_frames`` and
    ``programme_end_frames`` (exclusive) bound the programme (None: not given yet);
    ``programme_duration_frames`` is its running time when that is not end minus start
    (reels at the top of each hour, say); ``shares`` is how shares add up and ``target``
    the convention the sheet is for."""

    title: str = ""
    aka: str = ""
    episode_title: str = ""
    episode_number: str = ""
    production_number: str = ""
    company: str = ""
    air_date: str = ""
    prepared_by: str = ""
    programme_start_frames: int | None = None
    programme_end_frames: int | None = None
    programme_duration_frames: int | None = None
    shares: ShareConvention = ShareConvention.SEPARATE
    target: Target = Target.US

    def __post_init__(self) -> None:
        for name in TEXT_FIELDS:
            _check_text(getattr(self, name), f"the cue sheet's {name.replace('_', ' ')}")
        for name in ("programme_start_frames", "programme_end_frames", "programme_duration_frames"):
            value = getattr(self, name)
            if value is not None:
                _check_frames(value, f"the {name.replace('_frames', '').replace('_', ' ')}")
        if not isinstance(self.shares, ShareConvention):
            raise ProjectError(
                f"the share convention must be a ShareConvention, got {self.shares!r}"
            )
        if not isinstance(self.target, Target):
            raise ProjectError(f"the cue-sheet target must be a Target, got {self.target!r}")


TEXT_FIELDS = (
    "title",
    "aka",
    "episode_title",
    "episode_number",
    "production_number",
    "company",
    "air_date",
    "prepared_by",
)
"""The header's text fields, in the order a sheet shows them."""


def _use_key(use: Use) -> tuple[int, CueNumber, str]:
    return (use.start_frames, use.cue, use.work)


@dataclass(frozen=True, slots=True)
class Music:
    """A project's cue-sheet metadata: header, works (ids unique) and uses (kept in
    time order, then by cue number)."""

    header: MusicHeader = MusicHeader()
    works: tuple[Work, ...] = ()
    uses: tuple[Use, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.header, MusicHeader):
            raise ProjectError("the cue-sheet header must be a MusicHeader")
        ids: set[str] = set()
        for work in self.works:
            if not isinstance(work, Work):
                raise ProjectError(f"works must be Work objects, got {work!r}")
            if work.id in ids:
                raise ProjectError(f"work {work.id} appears twice; every work needs its own id")
            ids.add(work.id)
        for use in self.uses:
            if not isinstance(use, Use):
                raise ProjectError(f"uses must be Use objects, got {use!r}")
        object.__setattr__(self, "works", tuple(self.works))
        object.__setattr__(self, "uses", tuple(sorted(self.uses, key=_use_key)))

    @property
    def is_empty(self) -> bool:
        """True when nothing has been entered: the project file then has no music section."""
        return self == NO_MUSIC

    def work(self, work_id: str) -> Work:
        """The work with id ``work_id``."""
        for work in self.works:
            if work.id == work_id:
                return work
        known = ", ".join(work.id for work in self.works) or "none yet"
        raise ProjectError(
            f"no work {work_id!r} in this project (works: {known}); add it with "
            "'scoresync music work add'"
        )

    def has_work(self, work_id: str) -> bool:
        return any(work.id == work_id for work in self.works)

    def next_work_id(self) -> str:
        """The first free id of the form ``W1``, ``W2`` ..."""
        number = 1
        while self.has_work(f"W{number}"):
            number += 1
        return f"W{number}"

    def with_header(self, header: MusicHeader) -> Music:
        return dataclasses.replace(self, header=header)

    def with_work(self, work: Work) -> Music:
        """Add ``work``, or replace the work with its id."""
        index = next((i for i, w in enumerate(self.works) if w.id == work.id), None)
        if index is None:
            return dataclasses.replace(self, works=self.works + (work,))
        return dataclasses.replace(
            self, works=self.works[:index] + (work,) + self.works[index + 1 :]
        )

    def renamed_work(self, old_id: str, work: Work) -> Music:
        """Replace work ``old_id`` by ``work`` (whose id may differ), uses following it."""
        self.work(old_id)
        if work.id != old_id and self.has_work(work.id):
            raise ProjectError(f"cannot rename work {old_id} to {work.id}: {work.id} exists")
        works = tuple(work if w.id == old_id else w for w in self.works)
        uses = tuple(
            dataclasses.replace(use, work=work.id) if use.work == old_id else use
            for use in self.uses
        )
        return dataclasses.replace(self, works=works, uses=uses)

    def without_work(self, work_id: str) -> Music:
        """Remove work ``work_id``; refused while a use refers to it."""
        self.work(work_id)
        using = [str(use.cue) for use in self.uses if use.work == work_id]
        if using:
            raise ProjectError(
                f"work {work_id} is used by {', '.join(using)}; remove those uses first"
            )
        return dataclasses.replace(self, works=tuple(w for w in self.works if w.id != work_id))

    def uses_of_cue(self, cue: CueNumber) -> tuple[Use, ...]:
        return tuple(use for use in self.uses if use.cue == cue)

    def find_use(self, cue: CueNumber, work_id: str | None = None) -> Use:
        """The use of cue ``cue`` (of work ``work_id`` when the cue uses several works)."""
        found = [u for u in self.uses_of_cue(cue) if work_id is None or u.work == work_id]
        if not found:
            which = f" of work {work_id}" if work_id is not None else ""
            raise ProjectError(
                f"no use{which} in cue {cue}; list them with 'scoresync music use list'"
            )
        if len(found) > 1:
            works = ", ".join(use.work for use in found)
            raise ProjectError(f"cue {cue} uses several works ({works}); name one with --work")
        return found[0]

    def with_use(self, use: Use) -> Music:
        return dataclasses.replace(self, uses=self.uses + (use,))

    def replacing_use(self, old: Use, new: Use | None) -> Music:
        """Replace use ``old`` by ``new`` (None removes it)."""
        index = self.uses.index(old)
        rest = self.uses[:index] + self.uses[index + 1 :]
        return dataclasses.replace(self, uses=rest if new is None else rest + (new,))


NO_MUSIC = Music()
"""A project without cue-sheet metadata."""
