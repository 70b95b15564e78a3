"""Bar numbers as a reader counts them: whether a pickup is bar 0 or bar 1.

Inside a tempo map the bar-1 downbeat is bar 1 and a pickup before it is bar 0 (bars
before that, a count-in, are -1, -2 ...). A notation program reading MusicXML can show
that pickup as an implicit measure 0, but a MIDI file has no such thing: every DAW and
MIDI reader calls the file's first bar "bar 1". So with a pickup, the deliverables agree
only under an explicit convention, chosen per project (and per export):

``PickupBar.ZERO`` (the concert convention)
    The pickup is bar 0 and the first full bar bar 1, on the timing sheet, in the MusicXML
    (an implicit measure 0) and in reports; the MIDI carries a "bar N" marker at each bar
    line so a DAW user can find bar N, or set the DAW's bar offset.
``PickupBar.ONE``
    The pickup bar is bar 1 and the first full bar bar 2, everywhere: every reader of the
    MIDI file agrees with the timing sheet with no setting at all.

Without a pickup both conventions number the first downbeat bar 1.

>>> from tempo.map.tempomap import TempoMap
>>> with_pickup = TempoMap.constant(120, "4/4", pickup_beats=2)
>>> [shown_bar(bar, with_pickup, PickupBar.ONE) for bar in (0, 1, 5)]
[1, 2, 6]
>>> [shown_bar(bar, with_pickup, PickupBar.ZERO) for bar in (0, 1, 5)]
[0, 1, 5]
>>> shown_bar(1, TempoMap.constant(120, "4/4"), PickupBar.ONE)
1
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from tempo.common.errors import TempoError

if TYPE_CHECKING:
    from tempo.map.tempomap import TempoMap

__all__ = ["PickupBar", "bar_offset", "map_bar", "shown_bar"]


class PickupBar(IntEnum):
    """The number a pickup bar is shown with (see the module's description)."""

    ZERO = 0
    ONE = 1

    @classmethod
    def parse(cls, value: object) -> PickupBar:
        """Reads ``0`` or ``1`` (a number or its text)."""
        text = str(value).strip()
        if text in ("0", "1"):
            return cls(int(text))
        raise TempoError(
            f"pickup bar {value!r}: use 0 (the pickup is bar 0, the concert convention) or "
            "1 (the pickup bar is bar 1, as every MIDI reader counts)"
        )


def bar_offset(tempo_map: TempoMap, convention: PickupBar) -> int:
    """What to add to the map's bar numbers to show them: 1 when the pickup bar is to be
    bar 1 and the map has a pickup, else 0."""
    return 1 if convention is PickupBar.ONE and tempo_map.pickup_beats > 0 else 0


def shown_bar(bar: int, tempo_map: TempoMap, convention: PickupBar) -> int:
    """The number a reader sees for the map's bar ``bar``."""
    return bar + bar_offset(tempo_map, convention)


def map_bar(shown: int, tempo_map: TempoMap, convention: PickupBar) -> int:
    """The map's bar for a bar number a reader gave (the inverse of :func:`shown_bar`)."""
    return shown - bar_offset(tempo_map, convention)
