"""read_cut: the reader is chosen by what a file holds, and every file that cannot be read
is one clear line naming it and, where it has one, the line or element."""

from __future__ import annotations

from pathlib import Path

import pytest
from cuts_support import fixture

from scoresync.editorial.layer import CutFileError
from scoresync.editorial.read import CutFormat, read_cut, sniff_format
from scoresync.errors import ScoreSyncError, UsageError
from scoresync.picture.rates import parse_rate

FCPXML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n'


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("OpenFCPXMLKit/FCPXML/TimelineSample.fcpxml", CutFormat.FCPXML),
        ("otio-fcp-adapter/premiere_example.xml", CutFormat.FCP7_XML),
        ("otio-aaf-adapter/simple.aaf", CutFormat.AAF),
        ("OpenTimelineIO/transition.otio", CutFormat.OTIO),
        ("../edl/pycmx/INS4_R1_010417.edl", CutFormat.EDL),
        ("../edl/pycmx/adobe_dai109_test.txt", CutFormat.EDL),  # an EDL named .txt
    ],
)
def test_the_format_comes_from_the_content(name: str, expected: CutFormat) -> None:
    assert sniff_format(fixture(name)) is expected


def test_an_edl_is_read_at_the_rate_given() -> None:
    cut = read_cut(fixture("../edl/pycmx/INS4_R1_010417.edl"), rate=parse_rate("23.976"))
    assert cut.rate == parse_rate("23.976")
    assert cut.events


def test_a_file_that_gives_its_rate_notes_a_different_rate_given() -> None:
    cut = read_cut(
        fixture("DAWFileKit/FinalCutPro/Resources/FCPXML Exports/29.97d.fcpxml"),
        rate=parse_rate("24"),
    )
    assert cut.rate == parse_rate("29.97df")
    assert cut.notes[-1].message == "the file runs at 29.97df fps: the rate given (24) is not used"


def _truncated_aaf(tmp_path: Path) -> Path:
    path = tmp_path / "cut.aaf"
    path.write_bytes(fixture("otio-aaf-adapter/simple.aaf").read_bytes()[:4096])
    return path


BAD_INPUT: list[tuple[str, str | bytes | None, str]] = [
    # (file name, content (None: no file; "/": a folder), what the message says)
    ("missing.fcpxml", None, "no such file"),
    ("folder.xml", "/", "is a folder, not a cut file"),
    (
        "broken.fcpxml",
        FCPXML_HEAD + '<fcpxml version="1.11">\n  <resources>\n  <oops </resources>\n',
        "line 5, column 9: not well-formed XML (invalid token)",
    ),
    (
        "broken.xml",
        '<?xml version="1.0"?>\n<xmeml version="4">\n<sequence><name>x</sequence>\n',
        "line 3, column 20: not well-formed XML (mismatched tag)",
    ),
    (
        "page.xml",
        "<?xml version='1.0'?><html><body/></html>",
        "an XML document whose root is <html>, not a cut",
    ),
    (
        "empty.fcpxml",
        FCPXML_HEAD + '<fcpxml version="1.11"><resources/></fcpxml>',
        "holds no project and no clip to read",
    ),
    (
        "odd.fcpxml",
        FCPXML_HEAD
        + '<fcpxml version="1.11"><resources><format id="r1" frameDuration="1/15s"/>'
        + '</resources><project name="p"><sequence format="r1"><spine/></sequence>'
        + "</project></fcpxml>",
        "frameDuration '1/15s' is 15 fps, not a rate scoresync handles",
    ),
    ("text.aaf", "this is not an AAF", "not an AAF file"),
    ("notes.otio", "just some notes", "not an OpenTimelineIO file"),
    ("blob.bin", bytes(range(256)) * 4, "not a cut scoresync reads"),
    ("empty.txt", "", "not a cut scoresync reads"),
    (
        "session.txt",
        "SESSION NAME:\tReel 1\nSAMPLE RATE:\t48000.000000\n",
        "a Pro Tools session text export",
    ),
    (
        "cut.otio",
        '{"OTIO_SCHEMA": "Timeline.1", "tracks": ',
        "OpenTimelineIO could not read this OpenTimelineIO",
    ),
]


@pytest.mark.parametrize(("name", "content", "says"), BAD_INPUT, ids=[row[0] for row in BAD_INPUT])
def test_bad_input_is_one_clear_line_naming_the_file(
    tmp_path: Path, name: str, content: str | bytes | None, says: str
) -> None:
    path = tmp_path / name
    if content == "/":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CutFileError) as raised:
        read_cut(path, rate=None)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert says in message
    assert "\n" not in message


def test_an_aaf_cut_short_is_one_clear_line(tmp_path: Path) -> None:
    pytest.importorskip("opentimelineio")
    path = _truncated_aaf(tmp_path)
    with pytest.raises(CutFileError, match="OpenTimelineIO could not read this AAF") as raised:
        read_cut(path, rate=None)
    assert str(raised.value).startswith(f"{path}: ")


def test_an_avid_filmscribe_list_says_it_is_not_read() -> None:
    path = fixture("turnovertools/R2-v29_Flattened.xml")
    with pytest.raises(CutFileError, match="Avid FilmScribe XML") as raised:
        read_cut(path, rate=None)
    assert "export the sequence from Media Composer as an AAF" in str(raised.value)


def test_an_edl_without_a_rate_asks_for_one(tmp_path: Path) -> None:
    path = tmp_path / "reel1.edl"
    path.write_text(
        "TITLE: R1\n001  A001 V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match="an EDL does not say its frame rate"):
        read_cut(path, rate=None)
    assert issubclass(CutFileError, ScoreSyncError)


def test_a_bad_time_inside_fcpxml_is_a_note_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "cut.fcpxml"
    path.write_text(
        FCPXML_HEAD
        + '<fcpxml version="1.11"><resources><format id="r1" frameDuration="1/24s"/>'
        + '</resources><project name="p"><sequence format="r1"><spine>'
        + '<gap offset="0s" duration="1s"/><gap offset="1s" duration="soon"/>'
        + "</spine></sequence></project></fcpxml>",
        encoding="utf-8",
    )
    cut = read_cut(path, rate=None)
    assert [(event.record_in, event.record_out) for event in cut.events] == [(0, 24)]
    (note,) = cut.notes
    assert note.origin.path == "/fcpxml/project[1]/sequence/spine/gap[2]"
    assert "time 'soon' is not rational seconds" in note.message


def test_a_utf16_edl_with_any_name_is_sniffed_as_an_edl(tmp_path: Path) -> None:
    path = tmp_path / "reel1.txt"
    text = "TITLE: R1\r\n001  A001 V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\r\n"
    path.write_bytes(text.encode("utf-16"))
    assert sniff_format(path) is CutFormat.EDL
    (event,) = read_cut(path, rate=parse_rate("24")).events
    assert (event.record_in, event.record_out) == (86400, 86424)
