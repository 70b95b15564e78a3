"""The skeleton's directions as MusicXML elements, placed among a measure's rests.

Each kind has one row on the page, so that a notation program lines them up rather than
stacking them in a staircase: every ``<words>`` and ``<metronome>`` carries ``default-y``
(tenths above the staff's top line) and ``placement``. Above the staff, the timecode of
every bar sits at :data:`LABEL_Y` and the tempo (metronome marks and the dashed
``rit.``/``accel.`` lines of ramps) at :data:`TEMPO_Y`; below it, the hits at :data:`HIT_Y`,
so a long hit text never pushes a timecode out of its row. Must-hit hits are boxed
(``enclosure="rectangle"``); no direction is a rehearsal mark, which notation programs
renumber A, B, C.

A hit text is wrapped to lines that fit the room left on its line of music (at most
:data:`HIT_LINE_CHARS` characters, about a bar at four bars a line; fewer near the right
edge, where a program would run it off the page), :data:`HIT_MAX_CHARS` characters in all
(the last line cut with an ellipsis). Where the printed text differs from the hit's, the
full text is kept in the direction's ``<footnote>``. The room is estimated from the bars'
places on their line (:func:`line_spans`), as no program reads a text's justification
alike.

Playback: a metronome mark carries ``<sound tempo>`` (its ``qpm``, which inside a ramp is the
first beat's average rather than the shown tempo), and each further beat of a ramp a
direction of blank words with ``<sound tempo>``: a direction needs a direction type, and a
blank one prints nothing in MuseScore 3.2 to 4 (an empty one shows "♩ = 118.52" in 3.2).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from tempo.common.exact import bpm_text
from tempo.musicxml.model import Direction, DirectionKind
from tempo.musicxml.tempo_marks import qpm_text

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from tempo.map.beatunit import BeatUnit
    from tempo.musicxml.model import MeasurePlan

__all__ = [
    "HIT_LINE_CHARS",
    "HIT_MAX_CHARS",
    "HIT_Y",
    "LABEL_Y",
    "TEMPO_Y",
    "add_directions",
    "direction_element",
    "hit_display",
    "line_spans",
]

LABEL_Y = 20
"""Height of every bar's timecode, tenths above the top staff line."""
TEMPO_Y = 45
"""Height of metronome marks and ramp lines, above the timecodes."""
HIT_Y = -40
"""Height of hit texts (their top), below the staff."""
HIT_LINE_CHARS = 24
"""Characters on one line of a hit text: about one bar's width at four bars a line."""
HIT_MIN_CHARS = 13
"""Characters on a line of hit text however little room is left: a timecode in brackets."""
HIT_MAX_CHARS = 72
"""Characters of a hit text printed in all; a longer text is cut (and kept whole in the
footnote)."""
HIT_CHAR_TENTHS = 9
"""Width of a character of a hit text (9-point bold), generously, in tenths."""
LINE_TENTHS = 1030
"""Width of a line of music: the page less its margins (see :mod:`tempo.musicxml.page`)."""
EDGE_TENTHS = 60
"""Room right of a line of music a hit text may use: the page's right margin (85 tenths)
less a box's padding."""
GUESSED_BARS_PER_LINE = 4
"""Bars a line is taken to hold where the skeleton has no system breaks."""
LABEL_FONT_SIZE = "8"
HIT_FONT_SIZE = "9"
RAMP_NUMBER = "1"
_BLANK = " "


def hit_display(text: str, width: int = HIT_LINE_CHARS) -> str:
    """``text`` as printed: wrapped at word boundaries to lines of at most ``width``
    characters, :data:`HIT_MAX_CHARS` characters in all (at least three lines), the last
    line ending in an ellipsis when text is left out.

    >>> hit_display("door slam (01:00:12:00)")
    'door slam (01:00:12:00)'
    >>> print(hit_display("title card: NIGHT TRAIN over the bridge (01:00:20:00)"))
    title card: NIGHT TRAIN
    over the bridge
    (01:00:20:00)
    >>> print(hit_display("door slam (01:00:12:00)", 12))
    door slam
    (01:00:12:00)
    """
    if len(text) <= width and "\n" not in text:
        return text
    lines = max(3, math.ceil(HIT_MAX_CHARS / width))
    wrapped = textwrap.wrap(
        text,
        width,
        max_lines=lines,
        placeholder=" …",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(wrapped) if wrapped else text


def line_spans(measures: Sequence[MeasurePlan]) -> list[tuple[Fraction, Fraction]]:
    """Where each measure starts and ends across its line of music, as fractions of the
    line (0 at the left, 1 at the right): lines break at the measures' system breaks (or
    every :data:`GUESSED_BARS_PER_LINE` bars when there are none), and a full bar takes one
    share of its line, a pickup its part of one (at least half)."""
    guessed = not any(measure.new_system for measure in measures)
    lines: list[list[tuple[int, Fraction]]] = []
    for index, measure in enumerate(measures):
        starts_line = measure.new_system or (
            guessed and measure.bar > 1 and (measure.bar - 1) % GUESSED_BARS_PER_LINE == 0
        )
        if starts_line or not lines:
            lines.append([])
        bar_quarters = measure.meter.bar_quarters
        share = max(measure.length_quarters / bar_quarters, Fraction(1, 2))
        lines[-1].append((index, share))
    spans: list[tuple[Fraction, Fraction]] = [(Fraction(0), Fraction(1))] * len(measures)
    for line in lines:
        total = sum(share for _, share in line)
        position = Fraction(0)
        for index, share in line:
            spans[index] = (position / total, (position + share) / total)
            position += share
    return spans


def _room_chars(fraction: Fraction) -> int:
    """Characters of hit text that fit from ``fraction`` of a line to the page's edge."""
    room = (1 - fraction) * LINE_TENTHS + EDGE_TENTHS
    return max(HIT_MIN_CHARS, min(HIT_LINE_CHARS, math.floor(room / HIT_CHAR_TENTHS)))


def add_directions(
    measure: Element,
    plan: MeasurePlan,
    divisions: int,
    span: tuple[Fraction, Fraction] = (Fraction(0), Fraction(1)),
) -> None:
    """Inserts ``plan``'s directions into the ``<measure>`` element: each before the rest
    that starts at its offset (the plan splits rests so that one does), or at the end of the
    measure for one on its final bar line. ``divisions`` are the file's per quarter;
    ``span`` is where the measure lies across its line (:func:`line_spans`)."""
    position = Fraction(0)
    starts: dict[Fraction, int] = {}
    children = list(measure)
    for index, child in enumerate(children):
        if child.tag == "note":
            starts.setdefault(position, index)
            position += Fraction(int(child.findtext("duration", "0")), divisions)
    end = next(
        (i for i, c in enumerate(children) if c.tag == "barline" and c.get("location") == "right"),
        len(children),
    )
    before: dict[int, list[Element]] = {}
    for direction in plan.directions:
        if direction.offset in starts:
            index = starts[direction.offset]
        elif direction.offset >= position:
            index = end
        else:
            raise ValueError(f"no rest starts at {direction.offset} in measure {plan.number}")
        across = span[0] + (span[1] - span[0]) * direction.offset / plan.length_quarters
        before.setdefault(index, []).append(direction_element(direction, _room_chars(across)))
    for index in sorted(before, reverse=True):
        for element in reversed(before[index]):
            measure.insert(index, element)


def direction_element(direction: Direction, width: int = HIT_LINE_CHARS) -> Element:
    """One ``<direction>`` for ``direction`` (see the module's description); a hit's text
    is wrapped to lines of ``width`` characters."""
    from xml.etree.ElementTree import Element, SubElement

    kind = direction.kind
    below = kind in (DirectionKind.HIT, DirectionKind.MUST_HIT)
    element = Element("direction", placement="below" if below else "above")
    kind_type = SubElement(element, "direction-type")
    if kind is DirectionKind.LABEL:
        words = SubElement(kind_type, "words", {"default-y": str(LABEL_Y)})
        words.set("font-size", LABEL_FONT_SIZE)
        words.text = direction.text
    elif kind is DirectionKind.TEMPO:
        assert direction.bpm is not None and direction.unit is not None
        kind_type.append(_metronome(direction.bpm, direction.unit))
    elif kind is DirectionKind.RAMP:
        words = SubElement(kind_type, "words", {"default-y": str(TEMPO_Y)})
        words.set("font-style", "italic")
        words.text = direction.text
        line = {"type": "start", "number": RAMP_NUMBER, "default-y": str(TEMPO_Y)}
        SubElement(SubElement(element, "direction-type"), "dashes", line)
    elif kind is DirectionKind.RAMP_END:
        SubElement(kind_type, "dashes", number=RAMP_NUMBER, type="stop")
    elif kind is DirectionKind.SOUND:
        SubElement(kind_type, "words", {"default-y": str(TEMPO_Y)}).text = _BLANK
    else:
        shown = hit_display(direction.text, width)
        words = SubElement(kind_type, "words", {"default-y": str(HIT_Y)})
        words.set("font-size", HIT_FONT_SIZE)
        words.set("font-weight", "bold")
        words.set("valign", "top")
        if kind is DirectionKind.MUST_HIT:
            words.set("enclosure", "rectangle")
        words.text = shown
        if shown != direction.text:
            SubElement(element, "footnote").text = direction.text
    if direction.qpm is not None:
        SubElement(element, "sound", tempo=qpm_text(direction.qpm))
    return element


_NOTE_TYPES = {
    Fraction(4): "whole",
    Fraction(2): "half",
    Fraction(1): "quarter",
    Fraction(1, 2): "eighth",
    Fraction(1, 4): "16th",
}


def _metronome(bpm: Fraction, unit: BeatUnit) -> Element:
    from xml.etree.ElementTree import Element, SubElement

    metronome = Element("metronome", {"default-y": str(TEMPO_Y), "parentheses": "no"})
    plain = unit.quarters * 2 / 3 if unit.is_dotted else unit.quarters
    SubElement(metronome, "beat-unit").text = _NOTE_TYPES[plain]
    if unit.is_dotted:
        SubElement(metronome, "beat-unit-dot")
    SubElement(metronome, "per-minute").text = mark_number(bpm)
    return metronome


def mark_number(bpm: Fraction) -> str:
    """The number of a metronome mark: the tempo as lists show it (two decimals), or, for
    a tempo that would show as 0, its first three significant figures.

    >>> mark_number(Fraction(240, 7)), mark_number(Fraction(1, 1000))
    ('34.29', '0.001')
    """
    text = bpm_text(bpm)
    return text if float(text) > 0 else f"{float(bpm):.3g}"
