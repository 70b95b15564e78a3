"""The rows every cue-sheet export shares: one per party of each use, writers first.

A use whose work has no party (or names a work that is not there) still gets one row, its
party cells empty, so no use is lost from a sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from cuesheets.sheet import CueSheet, SheetRow, clock_text
from scoresync.project.music import Party

__all__ = ["PARTY_COLUMNS", "PartyRow", "party_rows", "share_text"]

PARTY_COLUMNS = (
    "Seq #",
    "Cue #",
    "Cue Title",
    "Usage",
    "Duration",
    "Role",
    "Name",
    "Society",
    "IPI/CAE #",
    "Share %",
)
"""The column headings of the XLSX and PDF sheets (the RapidCue layout)."""


@dataclass(frozen=True)
class PartyRow:
    """One row: ``first`` when it opens its use (the use's cells are shown there only on
    the XLSX and PDF sheets); ``party`` None for a use without parties."""

    row: SheetRow
    party: Party | None
    first: bool

    def use_cells(self) -> list[str]:
        """Seq #, Cue #, Cue Title, Usage, Duration."""
        row = self.row
        return [
            str(row.sequence),
            str(row.use.cue),
            row.title,
            row.usage_code or "",
            clock_text(row.seconds),
        ]

    def party_cells(self) -> list[str]:
        """Role (CWR code), Name, Society, IPI/CAE #, Share % (as text)."""
        party = self.party
        if party is None:
            return ["", "", "", "", ""]
        return [party.role.code, party.name, party.society, party.ipi, share_text(party.share)]


def party_rows(sheet: CueSheet) -> Iterator[PartyRow]:
    """Every row of ``sheet``, uses in sequence order."""
    for row in sheet.rows:
        parties = row.parties
        if not parties:
            yield PartyRow(row, None, True)
        for index, party in enumerate(parties):
            yield PartyRow(row, party, index == 0)


def share_text(share: Fraction) -> str:
    """A share in percent as text: exact when it has four decimals or fewer, else
    rounded half up to four (``100/3`` is ``33.3333``).

    >>> share_text(Fraction(50)), share_text(Fraction(125, 10)), share_text(Fraction(100, 3))
    ('50', '12.5', '33.3333')
    """
    scaled = share * 10_000
    units = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    whole, rest = divmod(units, 10_000)
    if rest == 0:
        return str(whole)
    return f"{whole}.{rest:04d}".rstrip("0")
