"""The change map against random recuts whose truth is known, with each list written in
another EDL dialect, and the old cut carried into Final Cut Pro 7 XML by
OpenTimelineIO: the map must still equal the truth frame for frame."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recut_support import RATE, START, Recut, recuts

from scoresync.conform.changemap import diff_cuts
from scoresync.conform.keys import Keying
from scoresync.editorial.edl import parse_edl
from scoresync.editorial.read import read_cut
from scoresync.picture.rates import parse_rate


def _single_spaces(text: str) -> str:
    """Event lines with one space between fields, as some systems write them."""
    return "\n".join(
        re.sub(r" +", " ", line) if line[:3].isdigit() else line for line in text.split("\n")
    )


def _notes_first(text: str) -> str:
    """Comment lines before the first event and an empty TITLE-less header."""
    head, _, body = text.partition("\n\n")
    return head + "\n* EXPORTED FROM THE OFFLINE\n* REEL 1 PICTURE\n\n" + body


DIALECTS = {
    "as written": lambda text: text,
    "CRLF line ends": lambda text: text.replace("\n", "\r\n"),
    "CR line ends": lambda text: text.replace("\n", "\r"),
    "single spaces": _single_spaces,
    "notes before the first event": _notes_first,
    "no blank lines": lambda text: re.sub(r"\n\n+", "\n", text),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recuts(), st.sampled_from(sorted(DIALECTS)), st.sampled_from(sorted(DIALECTS)))
def test_every_dialect_gives_the_true_map(recut: Recut, old_dialect: str, new_dialect: str) -> None:
    old = parse_edl(DIALECTS[old_dialect](recut.old_edl()), rate=RATE, file_name="old.edl")
    new = parse_edl(DIALECTS[new_dialect](recut.new_edl()), rate=RATE, file_name="new.edl")
    assert old.complete and new.complete, (old.cut.notes, new.cut.notes)
    change_map = diff_cuts(old.cut, new.cut)
    truth = recut.truth()
    wrong = {f: t for f, t in truth.items() if change_map.map_frame(f).new_time != t}
    assert not wrong, (recut.operations, old_dialect, new_dialect, sorted(wrong.items())[:5])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recuts(dissolves=False))
def test_the_old_cut_as_fcp_xml_through_opentimelineio_gives_the_true_map(recut: Recut) -> None:
    otio = pytest.importorskip("opentimelineio")
    pytest.importorskip("otio_fcp_adapter")
    assert all(shot.speed == 1 and not shot.dissolve for shot in recut.old)
    with tempfile.TemporaryDirectory() as folder:
        edl = Path(folder) / "old.edl"
        xml = Path(folder) / "old.xml"
        edl.write_text(recut.old_edl())
        timeline = otio.adapters.read_from_file(str(edl), rate=24)
        # the list's first record timecode, as an editing system's export carries it
        timeline.global_start_time = otio.opentime.RationalTime(START, 24)
        otio.adapters.write_to_file(timeline, str(xml), adapter_name="fcp_xml")
        old = read_cut(xml, rate=parse_rate(RATE))
    new = parse_edl(recut.new_edl(), rate=RATE, file_name="new.edl").cut
    change_map = diff_cuts(old, new, keying=Keying(fields=("clip_name",)))
    truth = recut.truth()
    wrong = {f: t for f, t in truth.items() if change_map.map_frame(f).new_time != t}
    assert not wrong, (recut.operations, sorted(wrong.items())[:5])
