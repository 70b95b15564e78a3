"""The FCPXML reader: every real export reads, at its exact rate, with its transitions;
then one small document per feature (compound and multicam clips, retimes, conforms,
connected clips, drop-frame starts, bundles) checked frame by frame."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from fractions import Fraction
from pathlib import Path

import pytest
from cuts_support import fixture, fixture_names, read_fixture

from scoresync.editorial.fcpxml import read_fcpxml
from scoresync.editorial.layer import Alignment, CutFileError, EventKind, Track
from scoresync.picture.rates import parse_rate

FCPXML_FILES = fixture_names("**/*.fcpxml")


def _first_project_sequence(root: ElementTree.Element) -> ElementTree.Element | None:
    for project in root.iter("project"):
        sequence = project.find("sequence")
        if sequence is not None:
            return sequence
    return None


def _expected_fps(root: ElementTree.Element, sequence: ElementTree.Element) -> Fraction:
    formats = {element.get("id"): element for element in root.iter("format")}
    duration = formats[sequence.get("format")].get("frameDuration", "")
    numerator, _, denominator = duration.rstrip("s").partition("/")
    return Fraction(int(denominator or 1), int(numerator))


@pytest.mark.parametrize("name", FCPXML_FILES)
def test_every_real_fcpxml_reads_at_its_exact_rate_with_its_transitions(name: str) -> None:
    cut = read_fixture(name)
    root = ElementTree.parse(fixture(name)).getroot()
    sequence = _first_project_sequence(root)
    if sequence is None:  # a browser clip exported alone: read as a one-clip cut
        assert any("no project" in note.message for note in cut.notes)
        return
    assert cut.rate.fps == _expected_fps(root, sequence)
    assert cut.rate.drop == (sequence.get("tcFormat") == "DF")
    in_file = sum(1 for _ in sequence.iter("transition"))
    kept = sum(1 for event in cut.events + cut.others if event.transition is not None)
    noted = sum(1 for note in cut.notes if note.message.startswith("transition "))
    nested = any(True for _ in sequence.iter("ref-clip"))
    if nested:  # a compound clip's own transitions come along with it
        assert kept + noted >= in_file
    else:
        assert kept + noted == in_file
    assert all(event.record_in <= event.record_out for event in cut.events)
    picture = [event for event in cut.events if event.record_out > event.record_in]
    assert all(a.record_out <= b.record_in for a, b in zip(picture, picture[1:], strict=False))


@pytest.mark.parametrize(
    ("name", "rate"),
    [
        ("DAWFileKit/FinalCutPro/Resources/FCPXML Exports/23.98.fcpxml", "23.976"),
        ("DAWFileKit/FinalCutPro/Resources/FCPXML Exports/29.97.fcpxml", "29.97"),
        ("DAWFileKit/FinalCutPro/Resources/FCPXML Exports/29.97d.fcpxml", "29.97df"),
        ("DAWFileKit/FinalCutPro/Resources/FCPXML Exports/59.94.fcpxml", "59.94"),
        ("DAWFileKit/FinalCutPro/Resources/FCPXML Exports/25i.fcpxml", "25"),
        # the MANIFEST says 59.94 (OTIO took it from the media); the sequence is 29.97
        ("OpenFCPXMLKit/FCPXML/CutSample.fcpxml", "29.97"),
    ],
)
def test_rates_stay_exact_where_the_adapter_truncates_them(name: str, rate: str) -> None:
    assert read_fixture(name).rate == parse_rate(rate)


def test_all_twenty_three_transitions_of_the_timeline_sample_are_kept() -> None:
    cut = read_fixture("OpenFCPXMLKit/FCPXML/TimelineSample.fcpxml")
    transitions = [e.transition for e in cut.events + cut.others if e.transition is not None]
    assert len(transitions) == 23
    assert {transition.code for transition in transitions} == {"Cross Dissolve"}


def test_one_project_wrapped_four_ways_gives_one_picture() -> None:
    def picture(name: str) -> list[tuple[object, ...]]:
        cut = read_fixture(f"otio-fcpx-xml-adapter/{name}.fcpxml")
        return [
            (e.record_in, e.record_out, e.kind, e.source.key if e.source else None, e.source_in)
            for e in cut.events
        ]

    project = picture("fcpx_project")
    assert len(project) == 17
    for wrapper in ("fcpx_event", "fcpx_library", "fcpx_example"):
        assert picture(wrapper) == project, wrapper


def test_multicam_clips_show_their_active_video_angle() -> None:
    cut = read_fixture("OpenFCPXMLKit/FCPXML/MulticamSampleWithCuts.fcpxml")
    names = [event.source.clip_name for event in cut.clips if event.source]
    assert names == [
        "Day2_InterviewOwners_02_A",
        "Day2_InterviewOwners_02_B",
        "Day2_InterviewOwners_02_B",
        "Day2_InterviewOwners_02_A",
        "Day2_InterviewOwners_02_A",
        "Day2_InterviewOwners_02_B",
        "Day2_InterviewOwners_02_A",
    ]
    # angle A starts 260260/24000 s into the multicam: the first mc-clip opens on black
    assert (cut.events[0].kind, cut.events[0].record_out) == (EventKind.GAP, 260)


# -- one small document per feature --------------------------------------------------------

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="1.11">
  <resources>
    <format id="r1" name="FFVideoFormat1080p2398" frameDuration="1001/24000s"/>
    <format id="r9" name="FFVideoFormat1080p25" frameDuration="100/2500s"/>
    <asset id="r2" name="A001C003" start="0s" duration="3600s" hasVideo="1" format="r1">
      <media-rep kind="original-media" src="file:///Volumes/Media/A001%20C003.mov"/>
      <metadata><md key="com.apple.proapps.studio.reel" value="A001"/></metadata>
    </asset>
    <asset id="r3" name="B002" start="0s" duration="3600s" hasVideo="1" format="r1"
        src="file:///Volumes/Media/B002.mov"/>
    <asset id="r4" name="music" start="0s" duration="3600s" hasAudio="1"/>
    <asset id="r5" name="PAL" start="0s" duration="3600s" hasVideo="1" format="r9"/>
    <effect id="r6" name="Basic Title" uid=".../Basic Title.moti"/>
    {resources}
  </resources>
  <library><event name="E"><project name="Reel 1">
    <sequence format="r1" tcStart="{tc_start}" tcFormat="{tc_format}">
      <spine>
{spine}
      </spine>
    </sequence>
  </project></event></library>
</fcpxml>
"""
FRAME = "1001/24000s"
"""One frame at 23.976."""


def frames(count: int) -> str:
    return f"{1001 * count}/24000s"


def write(
    tmp_path: Path,
    spine: str,
    *,
    resources: str = "",
    tc_start: str = "0s",
    tc_format: str = "NDF",
    head: str = HEAD,
) -> Path:
    path = tmp_path / "cut.fcpxml"
    path.write_text(
        head.format(spine=spine, resources=resources, tc_start=tc_start, tc_format=tc_format),
        encoding="utf-8",
    )
    return path


def test_clips_gaps_and_titles_land_on_exact_frames_with_their_sources(tmp_path: Path) -> None:
    spine = f"""
        <asset-clip ref="r2" offset="0s" name="079_HA_0010" start="{frames(100)}"
            duration="{frames(48)}"/>
        <gap name="Gap" offset="{frames(48)}" start="3600s" duration="{frames(12)}"/>
        <title ref="r6" offset="{frames(60)}" name="Main Title" start="3600s"
            duration="{frames(24)}"/>
    """
    cut = read_fcpxml(write(tmp_path, spine))
    first, gap, title = cut.events
    assert (first.record_in, first.record_out, first.source_in, first.source_out) == (
        0,
        48,
        100,
        148,
    )
    assert first.source is not None
    assert first.source.key == ("A001", "079_HA_0010", "/Volumes/Media/A001 C003.mov")
    assert (gap.kind, gap.record_in, gap.record_out) == (EventKind.GAP, 48, 60)
    assert title.source is not None and title.source.clip_name == "Main Title"
    assert (title.record_in, title.record_out) == (60, 84)
    spine = "/fcpxml/library[1]/event[1]/project[1]/sequence/spine"
    assert first.origin.path == f"{spine}/asset-clip[1]"
    assert cut.name == "Reel 1"
    assert not cut.notes


def test_a_transition_is_centred_on_its_edit_and_goes_to_the_incoming_clip(
    tmp_path: Path,
) -> None:
    spine = f"""
        <asset-clip ref="r2" offset="0s" name="A" duration="{frames(48)}"/>
        <transition name="Cross Dissolve" offset="{frames(36)}" duration="{frames(24)}"/>
        <asset-clip ref="r3" offset="{frames(48)}" name="B" duration="{frames(48)}"/>
        <transition name="Cross Dissolve" offset="{frames(84)}" duration="{frames(12)}"/>
    """
    cut = read_fcpxml(write(tmp_path, spine))
    outgoing, incoming, fade_out = cut.events
    assert outgoing.transition is None
    assert incoming.transition is not None
    assert (incoming.transition.duration_frames, incoming.transition.alignment) == (
        24,
        Alignment.CENTRE,
    )
    # a fade out at the end leads into a zero-length gap at the end of the storyline
    assert (fade_out.kind, fade_out.record_in, fade_out.record_out) == (EventKind.GAP, 96, 96)
    assert fade_out.transition is not None
    assert fade_out.transition.alignment is Alignment.END


@pytest.mark.parametrize(
    ("time_map", "speed", "source", "note"),
    [
        # twice as fast: 48 record frames show 96 source frames
        ((("0s", "0s"), ("10s", "20s")), Fraction(2), (0, 96), None),
        # a freeze frame: the map holds one value
        ((("0s", "5s"), ("10s", "5s")), Fraction(0), (120, 121), None),
        # reverse: the source runs back from 10 s
        ((("0s", "10s"), ("10s", "0s")), Fraction(-1), (192, 240), None),
        # a ramp: read at its average, with a note
        ((("0s", "0s"), ("1s", "1s"), ("10s", "28s")), None, None, "speed ramp"),
    ],
)
def test_retimes_give_exact_speeds(
    tmp_path: Path,
    time_map: tuple[tuple[str, str], ...],
    speed: Fraction | None,
    source: tuple[int, int] | None,
    note: str | None,
) -> None:
    points = "".join(f'<timept time="{t}" value="{v}" interp="linear"/>' for t, v in time_map)
    spine = f"""
        <asset-clip ref="r2" offset="0s" name="A" start="0s" duration="{frames(48)}">
          <timeMap>{points}</timeMap>
        </asset-clip>
    """
    cut = read_fcpxml(write(tmp_path, spine))
    (event,) = cut.events
    if speed is not None:
        assert event.speed == speed
    if source is not None:
        assert (event.source_in, event.source_out) == source
    assert any(note in n.message for n in cut.notes) if note else not cut.notes


def test_compound_clips_resolve_into_their_media_with_offsets(tmp_path: Path) -> None:
    resources = f"""
    <media id="r7" name="Compound">
      <sequence format="r1" tcStart="0s">
        <spine>
          <asset-clip ref="r2" offset="0s" name="A" start="{frames(1000)}"
              duration="{frames(100)}"/>
          <asset-clip ref="r3" offset="{frames(100)}" name="B" start="{frames(2000)}"
              duration="{frames(100)}"/>
        </spine>
      </sequence>
    </media>"""
    spine = f"""
        <ref-clip ref="r7" offset="{frames(10)}" name="Compound" start="{frames(90)}"
            duration="{frames(20)}"/>
    """
    cut = read_fcpxml(write(tmp_path, spine, resources=resources))
    first, second = cut.events
    assert (first.record_in, first.record_out, first.source_in, first.source_out) == (
        10,
        20,
        1090,
        1100,
    )
    assert (second.record_in, second.record_out, second.source_in, second.source_out) == (
        20,
        30,
        2000,
        2010,
    )
    assert second.origin.path == "/fcpxml/resources/media[@id='r7']/sequence/spine/asset-clip[2]"


def test_connected_clips_and_audio_are_kept_apart_from_the_picture(tmp_path: Path) -> None:
    spine = f"""
        <asset-clip ref="r2" offset="0s" name="A" start="{frames(100)}" duration="{frames(48)}">
          <asset-clip ref="r3" lane="1" offset="{frames(110)}" name="Insert"
              duration="{frames(10)}"/>
          <asset-clip ref="r4" lane="-1" offset="{frames(100)}" name="music"
              duration="{frames(48)}"/>
          <marker start="{frames(124)}" duration="{FRAME}" value="hit"/>
        </asset-clip>
    """
    cut = read_fcpxml(write(tmp_path, spine))
    assert [event.source.clip_name for event in cut.events if event.source] == ["A"]
    insert, music = cut.others
    assert (insert.track, insert.record_in, insert.record_out) == (Track.OTHER, 10, 20)
    assert (music.track, music.record_in) == (Track.AUDIO, 0)
    (marker,) = cut.markers
    assert marker.message == "marker at 00:00:01:00: hit"


def test_multicam_reads_the_angle_whose_video_is_on(tmp_path: Path) -> None:
    resources = f"""
    <media id="r7" name="Interview">
      <multicam format="r1" tcStart="0s">
        <mc-angle name="Cam A" angleID="a"><asset-clip ref="r2" offset="0s" name="Cam A"
            duration="{frames(1000)}"/></mc-angle>
        <mc-angle name="Cam B" angleID="b"><asset-clip ref="r3" offset="0s" name="Cam B"
            start="{frames(500)}" duration="{frames(1000)}"/></mc-angle>
      </multicam>
    </media>"""
    spine = f"""
        <mc-clip ref="r7" offset="0s" name="Interview" start="{frames(10)}"
            duration="{frames(20)}">
          <mc-source angleID="a" srcEnable="audio"/>
          <mc-source angleID="b" srcEnable="video"/>
        </mc-clip>
    """
    (event,) = read_fcpxml(write(tmp_path, spine, resources=resources)).events
    assert event.source is not None and event.source.clip_name == "Cam B"
    assert (event.source_in, event.source_out) == (510, 530)


def test_media_at_a_nearby_rate_is_conformed_frame_for_frame(tmp_path: Path) -> None:
    spine = f"""
        <asset-clip ref="r5" offset="0s" name="PAL" start="4s" duration="{frames(48)}">
          <conform-rate srcFrameRate="25"/>
        </asset-clip>
    """
    cut = read_fcpxml(write(tmp_path, spine))
    (event,) = cut.events
    assert (event.source_in, event.source_out, event.speed) == (100, 148, 1)
    assert "conformed frame for frame" in cut.notes[0].message


def test_drop_frame_start_and_off_frame_times(tmp_path: Path) -> None:
    head = HEAD.replace('frameDuration="1001/24000s"', 'frameDuration="1001/30000s"', 1)
    one_hour_df = f"{107892 * 1001}/30000s"
    spine = f"""
        <asset-clip ref="r2" offset="{one_hour_df}" name="A" duration="1s"/>
    """
    cut = read_fcpxml(write(tmp_path, spine, tc_start=one_hour_df, tc_format="DF", head=head))
    assert cut.rate == parse_rate("29.97df")
    assert cut.record_start == 107892
    (event,) = cut.events
    assert (event.record_in, event.record_out) == (107892, 107922)
    assert [note.message for note in cut.notes] == [
        "time 3600.996400 s in the file falls between frames at 29.97df fps: rounded to 01:00:01;00"
    ]


def test_a_bundle_is_read_through_its_info_document(tmp_path: Path) -> None:
    bundle = tmp_path / "Reel 1.fcpxmld"
    bundle.mkdir()
    write(bundle, f'<asset-clip ref="r2" offset="0s" name="A" duration="{frames(24)}"/>').rename(
        bundle / "Info.fcpxml"
    )
    assert read_fcpxml(bundle).events[0].record_out == 24


def test_entities_are_never_expanded(tmp_path: Path) -> None:
    path = tmp_path / "laughs.fcpxml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fcpxml [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;">]><fcpxml version="1.11">&lol2;</fcpxml>',
        encoding="utf-8",
    )
    with pytest.raises(CutFileError, match="entities"):
        read_fcpxml(path)
