"""MuseScore 3 opens a cue's MusicXML skeleton as a copyist would: a 40-bar cue with a
pickup, a meter change and a ritardando lays out on two A4 pages, four bars a line, with
every text on the page and no import error, and MuseScore's own playback (its MIDI export)
puts every bar line where the tempo map has it.

MuseScore is Debian's ``musescore3`` (``apt-get install musescore3``), run headless; the
tests skip, saying so, where it is not installed.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

from scoresync.deliver.exports import MusicXmlExport, run_export
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

MUSESCORE = shutil.which("musescore3")
pytestmark = pytest.mark.skipif(
    MUSESCORE is None,
    reason="musescore3 (MuseScore 3) is not installed: apt-get install musescore3",
)
RATE = RATES["24"]
FRAME_SECONDS = 1 / 24
SVG = "{http://www.w3.org/2000/svg}"
TEXT_CLASSES = {"Text", "StaffText", "Tempo", "TextLineSegment", "MeasureNumber"}
"""The SVG classes MuseScore 3 draws text with (titles, staff text, tempo marks, the rit.
line, bar numbers)."""


def forty_bar_map() -> TempoMap:
    """A 2-beat pickup, 16 bars of 4/4 at 120, a rit. to 96 over 2 bars, 12 bars of 3/4 at
    96, then 4/4 at 96: bar 40 ends 40 bars after the downbeat."""
    return TempoMap(
        (
            Segment(64, 120),
            Segment(8, 120, 96, "linear_time"),
            Segment(36, 96, meter="3/4"),
            Segment(None, 96),
        ),
        pickup_beats=2,
    )


def forty_bar_project() -> tuple[Project, Cue]:
    tempo_map = forty_bar_map()
    downbeat = tc_to_frames("01:00:10:00", rate=RATE)

    def at(quarters: Fraction) -> int:
        return downbeat + round(tempo_map.seconds_at_quarters(quarters) * RATE.base)

    end = downbeat + math.floor(tempo_map.seconds_at_quarters(tempo_map.downbeat_quarters(41)) * 24)
    hits = (
        Hit(at(Fraction(4)), "door slam"),
        Hit(at(Fraction(17, 2)), "whistle", must_hit=True),
        Hit(at(Fraction(30)), "title card: NIGHT TRAIN over the long bridge shot", must_hit=True),
        Hit(at(Fraction(127, 2)), "brakes squeal as the train leaves the tunnel"),
        Hit(at(Fraction(67)), "glance"),
        Hit(at(tempo_map.downbeat_quarters(27)), "cut to the platform"),
    )
    cue = Cue(
        CueNumber.parse("1M1"),
        "Opening",
        at(tempo_map.start_quarters),
        end,
        hits=hits,
        tempo=CueTempo(downbeat, tempo_map),
    )
    reel = Reel(1, "R1", tc_to_frames("01:00:00:00", rate=RATE))
    project = Project("Night Train", RATE, reel.start_frames, (reel,), (cue,))
    return project, cue


def musescore(source: Path, target: Path) -> subprocess.CompletedProcess[str]:
    """``musescore3 -o target source``, headless."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(target.parent)}
    assert MUSESCORE is not None
    return subprocess.run(
        [MUSESCORE, "-o", str(target), str(source)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=True,
    )


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("musescore")
    project, cue = forty_bar_project()
    path = folder / "1M1 Opening.musicxml"
    result = run_export(project, cue, path, MusicXmlExport())
    assert result.summary == {"bars": 41, "hits": 6}
    return path


@pytest.fixture(scope="module")
def svg_pages(skeleton) -> tuple[list[ET.Element], str]:
    result = musescore(skeleton, skeleton.with_suffix(".svg"))
    pages = sorted(skeleton.parent.glob("*-[0-9]*.svg"), key=lambda p: int(p.stem.split("-")[-1]))
    return [ET.parse(page).getroot() for page in pages], result.stdout + result.stderr


def path_box(path: ET.Element) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of an SVG path MuseScore writes (absolute coordinates)."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", path.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def test_two_pages_four_bars_a_line(svg_pages):
    pages, log = svg_pages
    assert len(pages) == 2
    assert "no instrument found" not in log
    lines = [
        line
        for page in pages
        for line in page.iter(f"{SVG}polyline")
        if line.get("class") == "StaffLines"
    ]
    assert len(lines) == 10  # pickup and bars 1-4, then 5-8 ... 37-40


def test_no_text_runs_off_the_page(svg_pages):
    pages, _ = svg_pages
    for number, page in enumerate(pages, start=1):
        width = float(page.get("width", "0").removesuffix("px"))
        height = float(page.get("height", "0").removesuffix("px"))
        texts = [p for p in page.iter(f"{SVG}path") if p.get("class") in TEXT_CLASSES]
        assert texts, f"page {number} shows no text"
        for text in texts:
            left, top, right, bottom = path_box(text)
            assert left >= 0 and right <= width, (number, text.get("class"), left, right)
            assert top >= 0 and bottom <= height, (number, text.get("class"), top, bottom)


def test_musescore_plays_every_bar_line_on_the_map(skeleton):
    mido = pytest.importorskip("mido")
    midi_path = skeleton.with_suffix(".mid")
    musescore(skeleton, midi_path)
    midi = mido.MidiFile(midi_path)
    tempos = sorted(
        (tick, message.tempo)
        for track in midi.tracks
        for tick, message in _absolute(track)
        if message.type == "set_tempo"
    )
    assert len(tempos) > 8  # the ramp's beats, not one tempo for it

    def seconds(tick: int) -> float:
        total, last_tick, last_us = 0.0, 0, 500_000
        for at, us in tempos:
            if at >= tick:
                break
            total += (at - last_tick) * last_us / midi.ticks_per_beat / 1e6
            last_tick, last_us = at, us
        return total + (tick - last_tick) * last_us / midi.ticks_per_beat / 1e6

    tempo_map = forty_bar_map()
    bars = tempo_map.bars(tempo_map.seconds_at_quarters(tempo_map.downbeat_quarters(40)))
    origin = bars[0]
    errors = []
    for bar in bars:
        tick = round((bar.start_quarters - origin.start_quarters) * midi.ticks_per_beat)
        errors.append(abs(seconds(tick) - float(bar.start_seconds - origin.start_seconds)))
    assert max(errors) < FRAME_SECONDS
    assert max(errors) < 0.001


def _absolute(track):
    tick = 0
    for message in track:
        tick += message.time
        yield tick, message
