"""The skeleton's page: an A4 layout, the credits at the head of page 1, and the part's
instrument.

The credits stand in three columns, one ``<credit>`` each, so no program prints one over
another: the title (cue number and title, the film's title on the line under it) in the
centre at the top, the cue number large at the top right with the tempo summary under it,
and the timecodes and rate at the left under the titles. Within a credit, each part is its
own ``<credit-words>`` (the first placed, the others following on new lines). One column,
one credit, because MuseScore 3.2 puts every credit of a column at the same spot; a blank
credit at the height of the last line makes MuseScore's title frame tall enough for the
columns, which it measures from the credits' first lines.

The part plays an unpitched percussion instrument, a wood block on MIDI channel 10, so
every program opens it as a percussion staff with a sound.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tempo.musicxml.model import ScoreHeader

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = [
    "INSTRUMENT_NAME",
    "MARGIN_TENTHS",
    "PAGE_HEIGHT_TENTHS",
    "PAGE_WIDTH_TENTHS",
    "PERCUSSION_CHANNEL",
    "Credit",
    "CreditText",
    "WOOD_BLOCK_UNPITCHED",
    "add_credits",
    "add_instrument",
    "add_page_layout",
    "page_credits",
]

PAGE_HEIGHT_TENTHS, PAGE_WIDTH_TENTHS, MARGIN_TENTHS = 1697, 1200, 85
"""A4 in tenths at 7 mm per 40 tenths (music21's scaling)."""
TOP_TENTHS = PAGE_HEIGHT_TENTHS - MARGIN_TENTHS
_BLANK = " "
SYSTEM_GAP_TENTHS = 110
"""Room between the lowest credit and the top staff line of the first system, for the
tempo marks and timecodes above it."""
SYSTEM_DISTANCE_TENTHS = 140
"""Between one line of music and the next: room for three lines of hit text below the
staff and the timecodes and tempo marks above the next."""
INSTRUMENT_ID = "P1-I1"
INSTRUMENT_NAME = "Click"
INSTRUMENT_SOUND = "wood.wood-block"
PERCUSSION_CHANNEL = 10
WOOD_BLOCK_UNPITCHED = 77
"""General MIDI key 76, Hi Wood Block, as MusicXML counts (1 to 128)."""


class CreditText(NamedTuple):
    """One ``<credit-words>``: its text (lines joined by line feeds), font size in points
    and weight."""

    text: str
    font_size: int
    bold: bool = False


class Credit(NamedTuple):
    """One ``<credit>`` on page 1: its ``credit-type`` (empty for none), the position of its
    first line's top in tenths from the page's bottom left corner, its justification and
    its texts, each after the last on a new line."""

    credit_type: str
    x: int
    y: int
    justify: str
    texts: tuple[CreditText, ...]

    @property
    def bottom_y(self) -> int:
        """Where its last line ends (about 2 tenths a point of font size a line)."""
        lines = [(text.font_size, text.text.count("\n") + 1) for text in self.texts]
        return self.y - sum(2 * size * count for size, count in lines)


def page_credits(header: ScoreHeader) -> list[Credit]:
    """The header's credits (see the module's description); empty texts are left out, and
    the last is the blank one that sizes MuseScore's title frame."""
    left, centre, right = MARGIN_TENTHS, PAGE_WIDTH_TENTHS // 2, PAGE_WIDTH_TENTHS - MARGIN_TENTHS
    blocks = [
        Credit(
            "title",
            centre,
            TOP_TENTHS,
            "center",
            (CreditText(header.title, 20), CreditText(header.work_title, 12)),
        ),
        Credit(
            "",
            right,
            TOP_TENTHS,
            "right",
            (
                CreditText(header.number, 16, bold=True),
                CreditText("\n".join(header.tempo_lines), 9),
            ),
        ),
        Credit("", left, TOP_TENTHS - 80, "left", (CreditText("\n".join(header.lines), 9),)),
    ]
    credits = []
    for credit in blocks:
        texts = tuple(text for text in credit.texts if text.text)
        if texts:
            credits.append(credit._replace(texts=texts))
    bottom = min(credit.bottom_y for credit in credits)
    credits.append(Credit("", centre, bottom, "center", (CreditText(_BLANK, 9),)))
    return credits


def add_credits(root: Element, header: ScoreHeader) -> None:
    """The header's credits (:func:`page_credits`) on page 1, before the ``<part-list>``."""
    from xml.etree.ElementTree import Element, SubElement

    position = list(root).index(root.find("part-list"))  # type: ignore[arg-type]
    for credit in page_credits(header):
        element = Element("credit", page="1")
        if credit.credit_type:
            SubElement(element, "credit-type").text = credit.credit_type
        for index, text in enumerate(credit.texts):
            words = SubElement(element, "credit-words")
            if index == 0:
                words.set("default-x", str(credit.x))
                words.set("default-y", str(credit.y))
            words.set("font-size", str(text.font_size))
            if text.bold:
                words.set("font-weight", "bold")
            if index == 0:
                words.set("justify", credit.justify)
                words.set("valign", "top")
            words.text = text.text if index == 0 else "\n" + text.text
        root.insert(position, element)
        position += 1


def add_page_layout(root: Element, header: ScoreHeader) -> None:
    """An A4 page (:data:`PAGE_HEIGHT_TENTHS` by :data:`PAGE_WIDTH_TENTHS`) after music21's
    scaling, so that the credits' positions mean the same page in every program, and room
    above the first system for the credits."""
    from xml.etree.ElementTree import Element, SubElement

    defaults = root.find("defaults")
    if defaults is None:
        return
    layout = Element("page-layout")
    SubElement(layout, "page-height").text = str(PAGE_HEIGHT_TENTHS)
    SubElement(layout, "page-width").text = str(PAGE_WIDTH_TENTHS)
    margins = SubElement(layout, "page-margins", type="both")
    for side in ("left", "right", "top", "bottom"):
        SubElement(margins, f"{side}-margin").text = str(MARGIN_TENTHS)
    lowest = min(credit.bottom_y for credit in page_credits(header))
    system = Element("system-layout")
    SubElement(system, "system-distance").text = str(SYSTEM_DISTANCE_TENTHS)
    distance = TOP_TENTHS - lowest + SYSTEM_GAP_TENTHS
    SubElement(system, "top-system-distance").text = str(distance)
    scaling = defaults.find("scaling")
    position = 0 if scaling is None else list(defaults).index(scaling) + 1
    defaults.insert(position, layout)
    defaults.insert(position + 1, system)


def add_instrument(root: Element) -> None:
    """The part's unpitched percussion instrument: a ``<score-instrument>`` named
    :data:`INSTRUMENT_NAME` and its ``<midi-instrument>`` on channel 10."""
    from xml.etree.ElementTree import SubElement

    for score_part in root.iter("score-part"):
        for old in score_part.findall("score-instrument") + score_part.findall("midi-instrument"):
            score_part.remove(old)
        instrument = SubElement(score_part, "score-instrument", id=INSTRUMENT_ID)
        SubElement(instrument, "instrument-name").text = INSTRUMENT_NAME
        SubElement(instrument, "instrument-sound").text = INSTRUMENT_SOUND
        midi = SubElement(score_part, "midi-instrument", id=INSTRUMENT_ID)
        SubElement(midi, "midi-channel").text = str(PERCUSSION_CHANNEL)
        SubElement(midi, "midi-unpitched").text = str(WOOD_BLOCK_UNPITCHED)
