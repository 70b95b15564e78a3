"""The EDL reader: every real list in the shared fixtures, drop-frame lists made for the
purpose, a table of dialects, and a table of bad input with its messages."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoresync.editorial.edl import EdlReading, parse_edl, parse_edl_file, read_edl
from scoresync.editorial.layer import CutFileError, EventKind, Track, TransitionKind
from scoresync.errors import TimecodeError
from scoresync.picture.rates import parse_rate
from scoresync.picture.timecode import tc_to_frames

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "edl"
"""The real lists, in the ``shared`` folder cloned beside the repository."""

NOT_LISTS = {"LICENSE", "NOTICE.md"}
REAL_LISTS = (
    sorted(path for path in FIXTURES.rglob("*") if path.is_file() and path.name not in NOT_LISTS)
    if FIXTURES.is_dir()
    else []
)

TC = rb"\d\d:\d\d:\d\d[:;.]\d\d"
EVENT_LINE = re.compile(rb"^\d{1,6}[ \t]")
TRANSITION_LINE = re.compile(rb"[ \t](D|W\d{1,3}|K|KO)[ \t]+\d+[ \t]+" + rb"[ \t]+".join([TC] * 4))


def independent_counts(data: bytes) -> tuple[int, int]:
    """Event lines and transition lines of a list, counted apart from the reader: on the
    raw bytes, lines split at CR or LF, an event line starting with a 1-6 digit number, a
    transition line (a dissolve's, wipe's or key's second line) ending in a transition code,
    a duration and four timecodes."""
    events = transitions = 0
    for raw in data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"):
        line = raw.replace(b"\x1a", b"").replace(b"\x00", b"").strip()
        if line.startswith(b"*") or not EVENT_LINE.match(line):
            continue
        events += 1
        transitions += bool(TRANSITION_LINE.search(line))
    return events, transitions


def rate_for(path: Path, data: bytes) -> str:
    """The rate a list is read at: 25 when its name says so or its frame fields reach 24."""
    frames = [int(label[-2:]) for label in re.findall(TC, data)]
    return "25" if "25" in path.name or max(frames, default=0) >= 24 else "24"


def read(text: str | bytes, rate: str = "24") -> EdlReading:
    return parse_edl(text, rate=parse_rate(rate), file_name="test.edl")


def frames(label: str, rate: str = "24") -> int:
    return tc_to_frames(label, rate=parse_rate(rate))


def messages(reading: EdlReading) -> list[str]:
    return [str(note) for note in reading.notes]


# -- every real list -------------------------------------------------------------------------


@pytest.mark.skipif(not REAL_LISTS, reason=f"the shared EDL fixtures are not at {FIXTURES}")
@pytest.mark.parametrize(
    "path", REAL_LISTS, ids=[str(path.relative_to(FIXTURES)) for path in REAL_LISTS]
)
def test_every_real_list_is_read_with_an_edit_for_every_event_line(path: Path) -> None:
    data = path.read_bytes()
    event_lines, transition_lines = independent_counts(data)
    reading = parse_edl_file(path, rate=rate_for(path, data))
    cut = reading.cut
    everything = (*cut.events, *cut.others)
    from_lines = sum(1 for event in everything if event.transition and event.transition.from_event)
    assert reading.event_lines == event_lines
    assert reading.edits == event_lines
    assert len(everything) + from_lines == event_lines
    assert sum(1 for event in everything if event.transition) == transition_lines
    assert all("V" in event.channels for event in cut.events)
    assert [event.record_in for event in cut.events] == sorted(e.record_in for e in cut.events)


@pytest.mark.skipif(not REAL_LISTS, reason=f"the shared EDL fixtures are not at {FIXTURES}")
def test_real_lists_keep_what_they_say() -> None:
    def fixture(name: str, rate: str = "24") -> EdlReading:
        return parse_edl_file(FIXTURES / name, rate=rate)

    dissolve = fixture("otio-cmx3600-adapter/dissolve_test.edl").cut.events[1]
    assert dissolve.transition is not None and dissolve.transition.from_event is not None
    assert dissolve.transition.kind is TransitionKind.DISSOLVE
    assert dissolve.transition.duration_frames == 10
    assert dissolve.transition.from_event.source_in == frames("01:00:04:14")
    assert (dissolve.source.clip_name, dissolve.transition.from_event.source.clip_name) == (
        "clip_B",
        "clip_A",
    )
    speeds = [
        event.speed for event in fixture("otio-cmx3600-adapter/speed_effects_small.edl").cut.events
    ]
    assert speeds == [1, 0, 0, 1, Fraction("47.6") / 24]
    gbk = fixture("pycmx/adobe_dai109_test.txt", "25")
    assert gbk.encoding == "gbk"
    assert gbk.cut.others[1].source.clip_name == "龙标422.mov"
    shots = fixture("sg-otio/HSM_SATL_v001_shotNameNote.edl").cut.events
    assert [event.source.vfx_shot for event in shots[:2]] == ["HSM_SATL_0010", "HSM_SATL_0020"]
    dx = fixture("pycmx/INS4_R3_DX_092117.edl")
    assert not dx.cut.events and len(dx.cut.others) == 475
    assert any("source timecodes reach frame 27" in str(note) for note in dx.notes)


# -- drop frame --------------------------------------------------------------------------------

DF_2997 = """TITLE: DROP FRAME 29.97
FCM: DROP FRAME
001  A001C001 V     C        00:59:59;28 01:00:10;00 01:00:00;00 01:00:10;02
002  A001C002 V     C        10:00:59;29 10:01:00;02 01:00:10;02 01:00:10;05
M2   A001C002       059.9    10:00:59;29
003  A001C003 V     C        00:09:59;29 00:10:00;00 01:00:10;05 01:00:10;06
M2   A001C003       000.0    00:09:59;29
FCM: NON-DROP FRAME
004  A001C004 V     C        01:00:00:00 01:00:01:00 01:00:10:06 01:00:11:06
"""

DF_5994 = """TITLE: DROP FRAME 59.94
FCM: DROP FRAME
001  B001C001 V     C        00:00:59;56 00:01:00;06 01:00:00;00 01:00:00;06
M2   B001C001       -059.9   00:00:59;56
002  B001C002 V     C        00:09:59;59 00:10:00;01 01:00:00;06 01:00:00;08
"""


@pytest.mark.parametrize("given", ["29.97", "29.97df"])
def test_a_2997_drop_frame_list_counts_every_label_as_drop_frame_timecode_does(given: str) -> None:
    reading = read(DF_2997, given)
    cut = reading.cut
    assert cut.rate == parse_rate("29.97df")
    assert not reading.notes
    first, second, freeze, non_drop = cut.events
    assert (first.record_in, first.record_out) == (107892, 107892 + 302)
    assert (first.source_in, first.source_out) == (107890, 107892 + 300)
    assert (second.source_in, second.source_out) == (1078920 + 1799, 1078920 + 1800)
    assert second.speed == Fraction("59.9") / 30
    assert (freeze.source_in, freeze.source_out, freeze.speed) == (17981, 17982, 0)
    assert non_drop.source_in == 108000  # FCM: NON-DROP FRAME switches the count mid-list
    assert non_drop.record_in == freeze.record_out  # ... while ';'-free labels follow it


def test_a_5994_drop_frame_list_skips_four_labels_a_minute() -> None:
    reading = read(DF_5994, "59.94")
    first, second = reading.cut.events
    assert reading.cut.rate == parse_rate("59.94df")
    assert (first.record_in, first.source_in, first.source_out) == (215784, 3596, 3602)
    assert first.speed == Fraction("-59.9") / 60
    assert (second.source_in, second.source_out) == (35963, 35965)
    assert not reading.notes


def test_semicolons_mark_drop_frame_without_any_fcm_line() -> None:
    text = "001  A V C 00:00:00;00 00:01:00;02 01:00:00;00 01:00:00;10\n"
    event = read(text, "29.97").cut.events[0]
    assert (event.source_out, event.record_in) == (1800, 107892)


# -- dialects ---------------------------------------------------------------------------------

FILE32 = "A001C003_160101_R1AB_ABCDEFGHIJK"
FILE128 = "LONG_REEL_" + "X" * 118
CUT = "V     C        10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00"


def event_of(reading: EdlReading, index: int = 0):  # noqa: ANN201 - an Event
    return (*reading.cut.events, *reading.cut.others)[index]


def case(name: str, text: str | bytes, holds, rate: str = "24"):  # noqa: ANN001, ANN201
    """One row of a table: ``text`` read at ``rate``, and what must hold."""
    return pytest.param(text, holds, rate, id=name)


DIALECTS = [
    ("File32 reel", f"001  {FILE32} {CUT}\n", lambda r: event_of(r).source.reel == FILE32),
    ("File128 reel", f"001  {FILE128} {CUT}\n", lambda r: event_of(r).source.reel == FILE128),
    (
        "spaces in the reel",
        f"001  My Reel 2  {CUT}\n",
        lambda r: event_of(r).source.reel == "My Reel 2",
    ),
    (
        "single spaces",
        "001 A001 V C 10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00\n",
        lambda r: (event_of(r).source.reel, event_of(r).duration_frames) == ("A001", 48),
    ),
    (
        "comments before the first event",
        f"* EXPORTED BY AVID\nTITLE: X\n* SEQ: R1\n001  A001 {CUT}\n",
        lambda r: r.cut.comments == ("* EXPORTED BY AVID", "* SEQ: R1") and r.cut.name == "X",
    ),
    (
        "no FCM at all, read at the rate's own count",
        "001  A001 V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n",
        lambda r: event_of(r).record_in == 86400 and not r.notes,
    ),
    (
        "a dissolve: from-line and to-line under one number",
        f"001  A {CUT}\n002  A V C 10:00:02:00 10:00:02:00 01:00:02:00 01:00:02:00\n"
        "002  B V D 024 20:00:00:00 20:00:02:00 01:00:02:00 01:00:04:00\n"
        "* FROM CLIP NAME: shot A\n* TO CLIP NAME: shot B\n",
        lambda r: (
            len(r.cut.events) == 2
            and r.cut.events[1].transition.kind is TransitionKind.DISSOLVE
            and r.cut.events[1].transition.duration_frames == 24
            and r.cut.events[1].transition.from_event.source.clip_name == "shot A"
            and r.cut.events[1].source.clip_name == "shot B"
            and r.edits == r.event_lines == 3
        ),
    ),
    (
        "a wipe with its number",
        "001  A V C 10:00:02:00 10:00:02:00 01:00:02:00 01:00:02:00\n"
        "001  B V W012 010 20:00:00:00 20:00:02:00 01:00:02:00 01:00:04:00\n",
        lambda r: (
            (r.cut.events[0].transition.kind, r.cut.events[0].transition.code)
            == (TransitionKind.WIPE, "W012")
        ),
    ),
    (
        "a key: the background on the picture, the foreground kept apart",
        f"001  BG {CUT}\n001  TITLE V K 012 00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00\n",
        lambda r: (
            [event.source.reel for event in r.cut.events] == ["BG"]
            and r.cut.others[0].transition.kind is TransitionKind.KEY
            and r.cut.others[0].track is Track.OTHER
        ),
    ),
    (
        "a key written K B over a zero-length background",
        "002  BL V K B 00:00:00:00 00:00:00:00 01:00:00:00 01:00:00:00\n"
        "002  TITLE V K 000 00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00\n",
        lambda r: r.cut.others[0].transition.from_event.kind is EventKind.GAP and r.edits == 2,
    ),
    (
        "FCM switching mid-list: the sources follow it, the record keeps the header's",
        "FCM: DROP FRAME\n001  A V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n"
        "FCM: NON-DROP FRAME\n002  A V C 01:00:00:00 01:00:01:00 01:00:01:00 01:00:02:00\n",
        lambda r: (
            [event.source_in for event in r.cut.events] == [107892, 108000]
            and [event.record_in for event in r.cut.events] == [107892, 107922]
            and r.cut.rate == parse_rate("29.97df")
        ),
        "29.97",
    ),
    (
        "*FCM: DIGITAL TV 24P",
        f"*FCM: DIGITAL TV 24P\n001  A {CUT}\n",
        lambda r: event_of(r).record_in == 86400 and not r.notes,
    ),
    (
        "CR line endings",
        f"TITLE: CR\r001  A {CUT}\r* FROM CLIP NAME: a\r002  B {CUT}\r".encode(),
        lambda r: [event.source.clip_name for event in r.cut.events] == ["a", ""],
    ),
    (
        "a UTF-8 byte-order mark",
        f"\ufeffTITLE: BOM\n001  A {CUT}\n".encode(),
        lambda r: r.cut.name == "BOM" and r.encoding == "utf-8-sig",
    ),
    (
        "UTF-16 with its byte-order mark",
        f"TITLE: WIDE\r\n001  A {CUT}\r\n".encode("utf-16"),
        lambda r: r.cut.name == "WIDE" and r.encoding == "utf-16" and not r.notes,
    ),
    (
        "cp1252 bytes",
        f"001  A {CUT}\n* FROM CLIP NAME: Café Müller – take 2\n".encode("cp1252"),
        lambda r: (
            event_of(r).source.clip_name == "Café Müller – take 2"
            and r.encoding == "cp1252"
            and "read as cp1252" in messages(r)[0]
        ),
    ),
    (
        "GBK bytes",
        f"001  AX {CUT}\n* FROM CLIP NAME: 龙标422.mov\n".encode("gbk"),
        lambda r: (
            event_of(r).source.clip_name == "龙标422.mov"
            and r.encoding == "gbk"
            and "Chinese (GBK)" in messages(r)[0]
        ),
    ),
    (
        "M2 speeds: double, reverse, freeze, in three layouts",
        f"001  A {CUT}\nM2   A       048.0                10:00:00:00\n"
        f"002  B {CUT}\nM2      B                     -024.0 10:00:00:00\n"
        f"003  C {CUT}\nM2   C 000.0 10:00:00:00\n",
        lambda r: (
            [event.speed for event in r.cut.events] == [2, -1, 0]
            and r.cut.events[2].source_out == r.cut.events[2].source_in + 1
        ),
    ),
    (
        "locators, as comments or lines of their own",
        f"001  A {CUT}\n* LOC: 01:00:00:12 RED  ANIM FIX\nLOC: 01:00:01:00 YELLOW VFX\n",
        lambda r: (
            [note.message for note in r.cut.markers]
            == ["01:00:00:12 RED  ANIM FIX", "01:00:01:00 YELLOW VFX"]
        ),
    ),
    (
        "AUD adds audio channels",
        "001  AX AA/V C 10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00\nAUD  3    4\n",
        lambda r: event_of(r).channels == ("V", "A1", "A2", "A3", "A4"),
    ),
    (
        "audio and video told apart",
        f"001  A {CUT}\n002  A AA C 10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00\n"
        "003  A NONE C 10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00\n",
        lambda r: (
            len(r.cut.events) == 1
            and [event.track for event in r.cut.others] == [Track.AUDIO, Track.OTHER]
        ),
    ),
    (
        "BL and BLACK are gaps, AX is a source",
        "001  BL V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n"
        "002  AX V C 00:00:00:00 00:00:01:00 01:00:01:00 01:00:02:00\n"
        "003  BLACK V C 00:00:00:00 00:00:01:00 01:00:02:00 01:00:03:00\n",
        lambda r: (
            [event.kind for event in r.cut.events] == [EventKind.GAP, EventKind.CLIP, EventKind.GAP]
            and r.cut.events[0].source is None
        ),
    ),
    (
        "a video split delays the picture's in point",
        f"SPLIT:    VIDEO DELAY=  00:00:00:12\n001  A {CUT}\n",
        lambda r: (event_of(r).record_in, event_of(r).source_in) == (86412, 864012),
    ),
    (
        "comment dialects kept on the event",
        f"001  ZZ100_50 {CUT}\n*FROM CLIP NAME:  ZZ100_501 (LAY3) \n"
        "*SOURCE FILE: ZZ100_501.LAY3.01\n*ASC_SOP (1 1 1)(0 0 0)(1 1 1)\n*ASC_SAT 0.9\n"
        "*079_HA_0010\nEFFECTS NAME IS CROSS DISSOLVE\n",
        lambda r: (
            event_of(r).source.key == ("ZZ100_50", "ZZ100_501 (LAY3)", "ZZ100_501.LAY3.01")
            and event_of(r).source.vfx_shot == "079_HA_0010"
            and event_of(r).comments
            == (
                "*ASC_SOP (1 1 1)(0 0 0)(1 1 1)",
                "*ASC_SAT 0.9",
                "*079_HA_0010",
                "EFFECTS NAME IS CROSS DISSOLVE",
            )
        ),
    ),
    (
        "a VFX shot from a versioned clip name",
        f"001  A {CUT}\n* FROM CLIP NAME: 204_CTE_0005_CMP_V0003.MOV\n",
        lambda r: event_of(r).source.vfx_shot == "204_CTE_0005",
    ),
    (
        "event numbers of any width, more than 999 events",
        "".join(
            f"{number:06d}  A V C 10:00:00:00 10:00:00:01 01:00:00:00 01:00:00:01\n"
            for number in range(1, 1201)
        ),
        lambda r: r.event_lines == r.edits == 1200 and r.cut.events[-1].number == "001200",
    ),
]


@pytest.mark.parametrize(("text", "holds", "rate"), [case(*row) for row in DIALECTS])
def test_dialects(text: str | bytes, holds, rate: str) -> None:  # noqa: ANN001 - a predicate
    reading = read(text, rate)
    assert reading.complete
    assert holds(reading), (messages(reading), reading.cut)


# -- bad input --------------------------------------------------------------------------------


def test_a_missing_file_is_one_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(CutFileError, match=r"reel9\.edl: no such file; check the name"):
        read_edl(tmp_path / "reel9.edl", rate="24")


def test_a_folder_is_one_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(CutFileError, match=r": is a folder; give an EDL file"):
        read_edl(tmp_path, rate="24")


def test_binary_junk_is_not_an_edl(tmp_path: Path) -> None:
    junk = tmp_path / "picture.edl"
    junk.write_bytes(bytes(range(256)) * 8 + b"\x00\x00PNG\x89")
    with pytest.raises(CutFileError, match=r"picture\.edl: is not an EDL: it holds binary data"):
        read_edl(junk, rate="24")


def test_an_unknown_rate_is_refused_before_reading() -> None:
    with pytest.raises(TimecodeError, match=r"unknown frame rate '23': use one of"):
        parse_edl("", rate="23")


BAD_LINES = [
    (
        "frames over the rate: a 25 fps list read at 24",
        "001  A V C 00:00:00:00 00:00:01:00 01:00:00:24 01:00:01:05\n",
        [
            "test.edl, line 1: event 001: record in timecode 01:00:00:24: frame 24 does not "
            "exist at 24 fps: frames run 00-23",
            "test.edl: record timecodes reach frame 24, which does not exist at 24 fps: the "
            "list is at another rate (25 or 29.97 or 30?); read it again at its rate",
        ],
    ),
    (
        "a rate that does not fit: drop frame at 25",
        "FCM: DROP FRAME\n001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n",
        [
            "test.edl, line 1: the list says drop frame, which exists only at 29.97 and 59.94, "
            "but the rate given is 25 fps: its timecodes are read as non-drop"
        ],
        "25",
    ),
    (
        "a drop-frame label at a rate without drop frame",
        "001  A V C 00:00:00:00 00:00:01:00 01:00:00;00 01:00:01:00\n",
        ["01:00:00;00 is a drop-frame label but drop frame does not exist at 25 fps"],
        "25",
    ),
    (
        "a label drop frame skips",
        "001  A V C 00:01:00;00 00:01:01;00 01:00:00;00 01:00:01;00\n",
        ["event 001: source in 00:01:00;00 is skipped in drop-frame timecode"],
        "29.97",
    ),
    (
        "an event line short of a timecode",
        "001  A V C 00:00:00:00 00:00:01:00 01:00:00:00\n002  A V C 00:00:00:00 "
        "00:00:01:00 01:00:00:00 01:00:01:00\n",
        [
            "test.edl, line 1: event line not read: it ends in 3 timecodes where an event has four",
            "test.edl: 1 of 2 event lines did not become edits (lines 1)",
        ],
    ),
    (
        "a line that is not CMX 3600",
        "001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\nDD509_0020|D:97\n",
        ["test.edl, line 2: 'DD509_0020|D:97' is not a CMX 3600 line; kept as a comment"],
    ),
    (
        "an M2 line for another reel",
        "001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\nM2 B 048.0 00:00:00:00\n",
        ["test.edl, line 2: M2 reel 'B' is not the reel of event 001"],
    ),
    (
        "a record out before the record in",
        "001  BL V C 00:00:00:00 00:00:00:08 01:24:11:01 00:59:50:00\n",
        [
            "line 1: event 001: its record out 00:59:50:00 comes before its record in "
            "01:24:11:01; taken as 8 frames long, as its source"
        ],
    ),
    (
        "a text that holds no event",
        "Dear editor, the cut is attached.\n",
        ["no event lines: is this a CMX 3600 edit decision list?"],
    ),
]


@pytest.mark.parametrize(("text", "expected", "rate"), [case(*row) for row in BAD_LINES])
def test_bad_lines_become_notes_naming_them(text: str, expected: list[str], rate: str) -> None:
    shown = messages(read(text, rate))
    for message in expected:
        assert any(message in note for note in shown), (message, shown)


# -- never raises -------------------------------------------------------------------------

FRAGMENTS = [
    "001",
    "0001",
    "  ",
    " ",
    "A001 C003",
    "BL",
    "AX",
    "V",
    "AA/V",
    "A2",
    "NONE",
    "B",
    "C",
    "D",
    "W001",
    "K",
    "K B",
    "KO",
    "010",
    "01:00:00:00",
    "01:00:00;00",
    "23:59:59:29",
    "99:99:99:99",
    "00:01:00;00",
    "M2",
    "-048.0",
    "000.0",
    "AUD 3 4",
    "SPLIT: VIDEO DELAY= 00:00:00:10",
    "FCM: DROP FRAME",
    "FCM: NON-DROP FRAME",
    "*FCM: DIGITAL TV 24P",
    "TITLE:",
    "* FROM CLIP NAME:",
    "* TO CLIP NAME:",
    "* LOC:",
    "*079_HA_0010",
    "\r",
    "\n",
    "\r\n",
    "\x1a",
    "\x00",
    "é",
    "龙",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=60),
    st.sampled_from(["24", "25", "29.97", "29.97df", "59.94df"]),
)
def test_any_text_is_read_without_an_exception(fragments: list[str], rate: str) -> None:
    text = " ".join(fragments)
    for data in (text, text.encode("utf-8"), text.encode("gb18030")):
        try:
            reading = read(data, rate)
        except CutFileError as error:  # NUL bytes in a file with no event line
            assert isinstance(data, bytes) and "holds binary data" in str(error)
            continue
        assert reading.edits <= reading.event_lines
        assert reading.complete or any("did not become edits" in m for m in messages(reading))
