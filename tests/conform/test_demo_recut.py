"""The demo's picture cut and recut, the EDL writer they are written with, the change EDL,
and per-cue decisions when a conform is applied: all run through the real commands and
read back by our EDL reader and by OpenTimelineIO's cmx_3600 adapter."""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction
from pathlib import Path

import pytest

from scoresync.conform.changemap import diff_cuts
from scoresync.conform.cues import Choice, CueChange, conform_project, conformed_project
from scoresync.conform.demo import DEMO_CUT_NAMES, TRIM_FRAMES, write_demo_cuts
from scoresync.conform.musical import edited_tempo_map
from scoresync.editorial.edl import read_edl
from scoresync.project.cuenumber import CueNumber
from scoresync.project.demo import demo_project
from scoresync.project.fileio import load_project
from tempo.map.meter import Meter
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap


@pytest.fixture(scope="module")
def demo_conform(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    folder = tmp_path_factory.mktemp("demo")
    old_path, new_path = write_demo_cuts(folder)
    project = demo_project()
    old, new = read_edl(old_path, rate="23.976"), read_edl(new_path, rate="23.976")
    change_map = diff_cuts(old, new)
    return project, change_map, conform_project(project, change_map), folder


def _status(result, number: str) -> CueChange:  # noqa: ANN001
    return next(item for item in result.cues if str(item.cue.number) == number).status


def test_the_demo_cuts_read_back_event_for_event(tmp_path: Path) -> None:
    old_path, new_path = write_demo_cuts(tmp_path)
    assert (old_path.name, new_path.name) == DEMO_CUT_NAMES
    old, new = read_edl(old_path, rate="23.976"), read_edl(new_path, rate="23.976")
    assert not old.notes and not new.notes
    # the recut is the old cut less the trim and the deleted scene (80 s)
    deleted = 80 * 24
    assert old.record_end - new.record_end == 0  # reel 2 is unchanged and ends the list
    assert len(old.events) == len(new.events) + 13  # the sleeper scene's 13 shots
    assert (
        sum(e.duration_frames for e in old.events) - sum(e.duration_frames for e in new.events)
        == deleted + TRIM_FRAMES
    )


def test_opentimelineio_reads_the_demo_cuts(tmp_path: Path) -> None:
    otio = pytest.importorskip("opentimelineio")
    old_path, _new_path = write_demo_cuts(tmp_path)
    timeline = otio.adapters.read_from_file(str(old_path), rate=24000 / 1001)
    ours = read_edl(old_path, rate="23.976")
    clips = list(timeline.find_clips())
    assert len(clips) == len(ours.events)
    assert [clip.name for clip in clips[:2]] == ["NT_RAILYARD_01", "NT_RAILYARD_02"]


def test_the_demo_recut_says_what_happened_to_every_cue(demo_conform) -> None:  # noqa: ANN001
    _project, change_map, result, _folder = demo_conform
    expected = {
        "1M1": CueChange.INTERNAL_CUT,
        "1M2": CueChange.MOVED,
        "1M2A": CueChange.MOVED,
        "1M3": CueChange.MOVED,
        "1M4": CueChange.DELETED,
        "2M1S": CueChange.UNCHANGED,
        "2M2": CueChange.UNCHANGED,
        "2M3": CueChange.UNCHANGED,
    }
    assert {str(item.cue.number): item.status for item in result.cues} == expected
    changes = {segment.change.value for segment in change_map.segments}
    assert {"trimmed_tail", "moved", "reordered", "replaced", "deleted"} <= changes
    moved = {str(item.cue.number): item.delta_frames for item in result.cues}
    assert moved["1M2"] == -TRIM_FRAMES
    # only the cue changed inside gets a proposal; cues moved whole keep their map
    assert [str(i.cue.number) for i in result.cues if i.proposal is not None] == ["1M1"]


def test_the_bar_edit_proposal_catches_more_hits_than_the_old_map(demo_conform) -> None:  # noqa: ANN001
    project, _map, result, _folder = demo_conform
    proposal = next(item for item in result.cues if str(item.cue.number) == "1M1").proposal
    assert proposal is not None and proposal.bar_edit is not None
    assert (proposal.bar_edit.beats, proposal.bar_edit.bar) == (-1, 12)
    assert proposal.change_frames == -TRIM_FRAMES
    assert proposal.edited_map is not None
    assert proposal.edited_caught > proposal.old_caught
    # the bar edit leaves a frame; the planner's map, run because the others miss a
    # hit, catches every one and is the proposal taken
    assert proposal.planned_map is not None and proposal.planned_caught == 7
    assert proposal.best_caught == 7 and proposal.best is not None
    assert proposal.best.map is proposal.planned_map
    described = proposal.describe(project.rate)
    assert "a plan of 3 segments catches 7/7" in described
    assert f"catches {proposal.edited_caught}/7 hits" in described


@pytest.mark.parametrize(
    ("bar", "beats", "segments"),
    [
        # cut one beat at bar 3 of open 4/4: two bars, one 3/4 bar, then open 4/4
        (3, -1, [(8, "4/4"), (3, "3/4"), (None, "4/4")]),
        # add two beats at bar 1: a 6/4 bar first
        (1, 2, [(6, "6/4"), (None, "4/4")]),
        # cut five beats at bar 2: one whole bar and one beat
        (2, -5, [(4, "4/4"), (3, "3/4"), (None, "4/4")]),
    ],
)
def test_edited_tempo_map_known_answers(
    bar: int, beats: int, segments: list[tuple[int | None, str]]
) -> None:
    edited = edited_tempo_map(TempoMap.constant(120, "4/4"), bar, beats)
    assert edited is not None
    got = [(None if s.beats is None else int(s.beats), str(s.meter)) for s in edited.segments]
    assert got == segments
    assert all(s.bpm == 120 for s in edited.segments)


def test_edited_tempo_map_in_a_closed_segment_keeps_the_rest() -> None:
    tempo_map = TempoMap((Segment(Fraction(16), 100), Segment(None, 120)))
    edited = edited_tempo_map(tempo_map, 2, -1)
    assert edited is not None
    assert [(s.beats, s.meter, s.bpm) for s in edited.segments] == [
        (4, Meter((4,), 4), 100),
        (3, Meter((3,), 4), 100),
        (8, Meter((4,), 4), 100),
        (None, Meter((4,), 4), 120),
    ]
    assert edited_tempo_map(tempo_map, 4, -8) is None  # would cut past the segment


def test_choices_take_the_proposal_or_leave_the_cue(demo_conform) -> None:  # noqa: ANN001
    project, _map, result, _folder = demo_conform
    number = CueNumber.parse("1M1")
    taken = conformed_project(project, result, {number: Choice.PROPOSAL})
    proposal = next(item for item in result.cues if item.cue.number == number).proposal
    assert proposal is not None
    assert taken.cue("1M1").tempo == proposal.best
    left = conformed_project(project, result, {number: Choice.LEAVE})
    assert left.cue("1M1").start_frames == project.cue("1M1").start_frames
    assert left.cue("1M1").hits == project.cue("1M1").hits
    assert "[conform] left where it was" in left.cue("1M1").description
    followed = conformed_project(project, result)
    assert followed.cue("1M1").tempo == project.cue("1M1").tempo  # moved by 0
    assert followed.cue("1M2").start_frames == project.cue("1M2").start_frames - TRIM_FRAMES


def test_a_deleted_cue_cannot_follow(demo_conform) -> None:  # noqa: ANN001
    from scoresync.conform.changemap import ConformError

    project, _map, result, _folder = demo_conform
    with pytest.raises(ConformError, match="cue 1M4: cannot follow: its picture is gone"):
        conformed_project(project, result, {CueNumber.parse("1M4"): Choice.FOLLOW})


def _demo_files(tmp_path: Path, run_cli) -> tuple[str, str, str]:  # noqa: ANN001
    assert run_cli("demo", "--no-tui", cwd=tmp_path).code == 0
    return "night-train.scoresync.json", *DEMO_CUT_NAMES  # type: ignore[return-value]


def test_demo_writes_the_cuts_and_says_how_to_conform(tmp_path: Path, run_cli) -> None:  # noqa: ANN001
    result = run_cli("demo", "--no-tui", cwd=tmp_path)
    assert result.code == 0
    assert (tmp_path / DEMO_CUT_NAMES[0]).is_file() and (tmp_path / DEMO_CUT_NAMES[1]).is_file()
    assert (
        "scoresync conform night-train.scoresync.json --old night-train.v1.edl "
        "--new night-train.v2.edl" in result.stdout
    )


def test_conform_apply_with_a_decisions_file(tmp_path: Path, run_cli) -> None:  # noqa: ANN001
    project, old, new = _demo_files(tmp_path, run_cli)
    (tmp_path / "decisions.json").write_text(json.dumps({"decisions": {"1M1": "proposal"}}))
    result = run_cli(
        "conform", project, "--old", old, "--new", new, "--apply",
        "--decisions", "decisions.json", "--change-edl", "change.edl", cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "(1 cue left where it was for a decision)" in result.stdout
    written = load_project(tmp_path / "night-train.v2.scoresync.json").project
    original = load_project(tmp_path / project).project
    assert written.cue("1M1").tempo != original.cue("1M1").tempo
    left = written.cue("1M4")
    assert left == dataclasses.replace(original.cue("1M4"), description=left.description)
    assert "needs a decision: deleted" in left.description
    change = read_edl(tmp_path / "change.edl", rate="23.976")
    assert not change.notes
    assert {event.source.reel for event in change.events if event.source} == {"OLDCUT"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"1M9": "proposal"}', "decisions.json: cue 1M9 is not in the project"),
        ('{"1M1": "maybe"}', "decisions.json, cue 1M1: unknown choice 'maybe'"),
        ('{"1M4": "follow"}', "decisions.json, cue 1M4: cannot follow: its picture is gone"),
        ('{"1M2": "proposal"}', "cue 1M2: cannot proposal: it has no musical proposal"),
        ('{"1M1": 3}', "the choice is text (follow, proposal or leave), got 3"),
        ('{"1M1": "proposal",', "decisions.json, line 1, column 20: not JSON"),
        ("[]", "write the decisions as a JSON object"),
        ('{"X X": "leave"}', "'X X' is not a cue number"),
    ],
)
def test_bad_decisions_files_say_where(
    tmp_path: Path,
    run_cli,  # noqa: ANN001
    content: str,
    message: str,
) -> None:
    project, old, new = _demo_files(tmp_path, run_cli)
    (tmp_path / "decisions.json").write_text(content)
    result = run_cli(
        "conform", project, "--old", old, "--new", new, "--apply",
        "--decisions", "decisions.json", cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "night-train.v2.scoresync.json").exists()


def test_decisions_need_apply(tmp_path: Path, run_cli) -> None:  # noqa: ANN001
    project, old, new = _demo_files(tmp_path, run_cli)
    result = run_cli("conform", project, "--old", old, "--new", new, "--take-proposals",
                     cwd=tmp_path)  # fmt: skip
    assert result.code != 0 and "add --apply" in result.stderr


def test_the_change_edl_reads_in_opentimelineio(demo_conform) -> None:  # noqa: ANN001
    otio = pytest.importorskip("opentimelineio")
    from scoresync.conform.change_edl import change_edl_text
    from scoresync.picture.rates import RATES

    _project, change_map, _result, folder = demo_conform
    path = folder / "change.edl"
    path.write_text(change_edl_text(change_map, RATES["23.976"], title="DEMO"))
    timeline = otio.adapters.read_from_file(str(path), rate=24000 / 1001)
    mapped = [s for s in change_map.segments if s.maps]
    assert len(list(timeline.find_clips())) == len(mapped)
    # every old frame lands, through the change EDL, where the change map says
    ours = read_edl(path, rate="23.976")
    for event in ours.events:
        assert event.source_in is not None
        mapped_frame = change_map.map_frame(event.source_in)
        assert mapped_frame.new_frame == event.record_in


def test_the_pdf_report_lists_every_cue(tmp_path: Path, run_cli) -> None:  # noqa: ANN001
    import shutil
    import subprocess

    project, old, new = _demo_files(tmp_path, run_cli)
    result = run_cli(
        "conform", project, "--old", old, "--new", new, "--report", "report.pdf", cwd=tmp_path
    )
    assert result.code == 0, result.stderr
    data = (tmp_path / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed to read the PDF back")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Night Train: conform report" in text
    assert "8 cues: 3 moved, 3 unchanged, 1 internal cut, 1 deleted; 1 needs a decision" in text
    for cue in ("1M1", "1M2", "1M2A", "1M3", "1M4", "2M1S", "2M2", "2M3"):
        assert cue in text
    assert "proposal: picture -00:00:00:14 inside" in text
    assert "page 1 of 1" in text


def test_moves_read_as_timecode_lengths_and_frames_only_where_a_column_says_so(
    tmp_path: Path,
    run_cli,  # noqa: ANN001
) -> None:
    """1M2A moved 8146 frames later, 1M3 974 earlier, 1M1 lost 14 frames inside: the
    terminal, the JSON and the words say +00:05:39:10, -00:00:40:14 and 00:00:00:14;
    only the columns named in frames (delta_frames) count frames."""
    import csv

    project, old, new = _demo_files(tmp_path, run_cli)
    args = ("conform", project, "--old", old, "--new", new)
    text = run_cli(*args, "--report", "report.csv", cwd=tmp_path).stdout
    rows = {line.split()[0]: line.split() for line in text.splitlines()[2:10]}
    assert rows["1M2A"][6] == "+00:05:39:10" and rows["1M3"][6] == "-00:00:40:14"
    assert rows["2M2"][6] == "+00:00:00:00" and rows["1M4"][4:7] == ["-", "-", "-"]
    assert "1M1: 00:00:00:14 cut inside" in text
    assert "1M2A: anchor moved +00:05:39:10" in text
    assert "1M1: proposal: picture -00:00:00:14 inside (-0.584 s, -0.93 beats at 96 BPM)" in text
    assert "8146" not in text and "frames cut" not in text
    cues = {row["cue"]: row for row in run_cli(*args, "--json", cwd=tmp_path).json()["cues"]}
    assert (cues["1M2A"]["delta"], cues["1M2A"]["delta_frames"]) == ("+00:05:39:10", 8146)
    assert (cues["1M4"]["delta"], cues["1M4"]["delta_frames"]) == ("", None)
    with (tmp_path / "report.csv").open(encoding="utf-8", newline="") as file:
        sheet = {row["cue"]: row for row in csv.DictReader(file)}
    assert sheet["1M2A"]["delta_frames"] == "8146"
    assert sheet["1M2A"]["what_happened"] == "anchor moved +00:05:39:10"


def test_a_report_of_another_kind_is_refused(tmp_path: Path, run_cli) -> None:  # noqa: ANN001
    project, old, new = _demo_files(tmp_path, run_cli)
    result = run_cli(
        "conform", project, "--old", old, "--new", new, "--report", "report.txt", cwd=tmp_path
    )
    assert result.code != 0
    assert "--report: write a .csv, .json or .pdf file, got 'report.txt'" in result.stderr


def _reel_lists(tmp_path: Path) -> tuple[Path, Path]:
    """The demo's old cut written again as two lists, one per reel."""
    from scoresync.conform.demo import RATE, demo_cut_entries
    from scoresync.editorial.edl_write import edl_text

    old_entries, _new_entries = demo_cut_entries()
    split = next(e.record_in for e in old_entries if e.clip_name == "NT_RADIO_01")
    paths = (tmp_path / "reel1.v1.edl", tmp_path / "reel2.v1.edl")
    for path, entries in zip(
        paths,
        (
            [e for e in old_entries if e.record_in < split],
            [e for e in old_entries if e.record_in >= split],
        ),
        strict=True,
    ):
        path.write_text(edl_text(entries, title=path.stem, rate=RATE))
    return paths


def test_an_old_cut_in_reels_against_a_new_cut_whole(tmp_path: Path, run_cli) -> None:  # noqa: ANN001
    project, old, new = _demo_files(tmp_path, run_cli)
    reel1, reel2 = _reel_lists(tmp_path)
    whole = run_cli("conform", project, "--old", old, "--new", new, "--json", cwd=tmp_path)
    reels = run_cli(
        "conform", project, "--old", reel1.name, "--old", reel2.name, "--new", new, "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert whole.code == 0 and reels.code == 0, reels.stderr
    assert json.loads(reels.stdout)["cues"] == json.loads(whole.stdout)["cues"]
    assert json.loads(reels.stdout)["old"] == "reel1.v1.edl + reel2.v1.edl"


def test_reels_that_overlap_are_refused(tmp_path: Path, run_cli) -> None:  # noqa: ANN001
    project, old, new = _demo_files(tmp_path, run_cli)
    result = run_cli("conform", project, "--old", old, "--old", old, "--new", new, cwd=tmp_path)
    assert result.code == 1
    assert "reels joined into one cut need record times apart" in result.stderr


def test_align_start_compares_cuts_at_different_hours(tmp_path: Path, run_cli) -> None:  # noqa: ANN001
    _demo_files(tmp_path, run_cli)
    from scoresync.conform.demo import RATE, demo_cut_entries
    from scoresync.editorial.edl_write import edl_text

    ten_hours = 10 * 3600 * 24  # 23.976 counts 24 frames a timecode second
    later = [
        dataclasses.replace(
            e, record_in=e.record_in + ten_hours, record_out=e.record_out + ten_hours
        )
        for e in demo_cut_entries()[0]
    ]
    (tmp_path / "later.edl").write_text(edl_text(later, title="LATER", rate=RATE))
    plain = run_cli("cut", "diff", DEMO_CUT_NAMES[0], "later.edl", "--fps", "23.976", cwd=tmp_path)
    aligned = run_cli(
        "cut", "diff", DEMO_CUT_NAMES[0], "later.edl", "--fps", "23.976", "--align-start",
        cwd=tmp_path,
    )  # fmt: skip
    assert plain.code == 0 and aligned.code == 0
    assert "no change" not in plain.stdout
    assert aligned.stdout.startswith("no change:")


def test_applying_a_conform_carries_the_temp_music(
    tmp_path: Path,
    run_cli,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCORESYNC_CACHE_DIR", str(tmp_path / "cache"))
    project, old, new = _demo_files(tmp_path, run_cli)
    result = run_cli("conform", project, "--old", old, "--new", new, "--apply", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert "1M3: temp follows its picture (moved)" in result.stdout
    before = load_project(tmp_path / project).project.cue("1M3").temp
    after = load_project(tmp_path / "night-train.v2.scoresync.json").project.cue("1M3").temp
    assert before is not None and after is not None
    assert after.at_frames == before.at_frames - 974  # where the tunnel scene went
    assert after.audio == before.audio
