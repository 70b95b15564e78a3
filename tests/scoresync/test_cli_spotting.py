"""Spotting from the command line: reels, cues placed in them, overlaps, hits on one frame,
``hit edit``, and messages that speak in hit numbers from 1 and timecodes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PROJECT = "film.scoresync.json"


@pytest.fixture
def project(run_cli, tmp_path: Path) -> Path:
    result = run_cli("new", PROJECT, "--fps", "23.976", "--title", "Night Train")
    assert result.code == 0, result.stderr
    added = run_cli("cue", "add", PROJECT, "1M1", "--start", "01:00:10:00", "--end", "01:00:40:00")
    assert added.code == 0, added.stderr
    return tmp_path / PROJECT


def ok(result):  # noqa: ANN001, ANN201
    assert result.code == 0, result.stderr
    return result


def refused(result, *parts: str):  # noqa: ANN001, ANN201
    assert result.code == 1, (result.code, result.stdout, result.stderr)
    assert result.stderr.startswith("scoresync: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr
    return result


# -- reels ----------------------------------------------------------------------------------


def test_reels_are_added_listed_renamed_moved_and_removed(run_cli, project: Path) -> None:
    added = ok(run_cli("reel", "add", PROJECT, "--start", "02:00:00:00"))
    assert added.stdout == "added reel 2 (R2) at 02:00:00:00\n"
    ok(run_cli("reel", "add", PROJECT, "--start", "03:00:00:00", "--name", "Reel three"))
    ok(run_cli("reel", "rename", PROJECT, "2", "Reel two v2"))
    ok(run_cli("reel", "set-start", PROJECT, "3", "02:30:00:00"))
    listed = ok(run_cli("reel", "list", PROJECT, "--json")).json()
    assert listed == {
        "reels": [
            {"number": 1, "name": "R1", "start": "01:00:00:00", "cues": ["1M1"]},
            {"number": 2, "name": "Reel two v2", "start": "02:00:00:00", "cues": []},
            {"number": 3, "name": "Reel three", "start": "02:30:00:00", "cues": []},
        ]
    }
    table = ok(run_cli("reel", "list", PROJECT)).stdout
    assert "Reel two v2" in table and "02:30:00:00" in table
    assert ok(run_cli("reel", "remove", PROJECT, "3")).stdout == "removed reel 3\n"
    assert [r["number"] for r in ok(run_cli("info", PROJECT, "--json")).json()["reels"]] == [1, 2]


def test_a_cue_spotted_in_reel_2_is_offered_a_2M_number(run_cli, project: Path) -> None:
    from scoresync.picture.timecode import tc_to_frames
    from scoresync.project.fileio import load_project
    from scoresync.project.spotting import suggest_number

    ok(run_cli("reel", "add", PROJECT, "--start", "02:00:00:00"))
    loaded = load_project(project).project
    at = tc_to_frames("02:00:40:00", rate=loaded.rate)
    assert str(suggest_number(loaded, at)) == "2M1"
    ok(run_cli("cue", "add", PROJECT, "2M1", "--start", "02:00:40:00", "--duration", "20s"))
    in_reel_2 = ok(run_cli("cue", "list", PROJECT, "--reel", "2", "--json")).json()["cues"]
    assert [cue["number"] for cue in in_reel_2] == ["2M1"]
    in_reel_1 = ok(run_cli("cue", "list", PROJECT, "--reel", "1", "--json")).json()["cues"]
    assert [cue["number"] for cue in in_reel_1] == ["1M1"]


def test_a_cue_numbered_for_another_reel_is_added_with_a_warning(run_cli, project: Path) -> None:
    ok(run_cli("reel", "add", PROJECT, "--start", "02:00:00:00"))
    added = ok(run_cli("cue", "add", PROJECT, "1M2", "--start", "02:00:40:00", "--duration", "5s"))
    assert added.stderr == (
        "scoresync: warning: 1M2 starts in reel 2 (R2), at 02:00:40:00, but its number "
        "names reel 1; renumber it (such as 2M...) unless that is meant\n"
    )


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (
            ["reel", "add", PROJECT, "--start", "00:59:00:00"],
            ["reel 2 would start at 00:59:00:00, before the session start 01:00:00:00"],
        ),
        (
            ["reel", "add", PROJECT, "--start", "01:00:00:00"],
            ["reel 1 (R1) already starts at 01:00:00:00"],
        ),
        (
            ["reel", "add", PROJECT, "--start", "02:00:00:00", "--number", "1"],
            ["reel 1 is already in this project", "the next free one is 2"],
        ),
        (["reel", "remove", PROJECT, "1"], ["reel 1 (R1) is not empty: 1M1 starts in it"]),
        (["reel", "rename", PROJECT, "4", "x"], ["there is no reel 4", "its reels are 1"]),
        (
            ["reel", "set-start", PROJECT, "1", "01:00:20:00"],
            ["after the start of cue 1M1 (01:00:10:00)", "start reel 1 at 01:00:10:00 or earlier"],
        ),
        (["reel", "set-start", PROJECT, "1", "banana"], ["TIMECODE", "banana"]),
    ],
)
def test_reel_edits_refused_with_the_reason(
    run_cli, project: Path, args: list[str], parts: list[str]
) -> None:
    before = project.read_bytes()
    refused(run_cli(*args), *parts)
    assert project.read_bytes() == before


def test_reels_run_in_order(run_cli, project: Path) -> None:
    ok(run_cli("reel", "add", PROJECT, "--start", "02:00:00:00"))
    refused(
        run_cli("reel", "add", PROJECT, "--start", "01:30:00:00", "--number", "3"),
        "reel 3 would start at 01:30:00:00, before reel 2 (R2) at 02:00:00:00",
    )
    refused(run_cli("reel", "remove", PROJECT, "1"), "not empty")
    ok(run_cli("cue", "remove", PROJECT, "1M1"))
    ok(run_cli("reel", "remove", PROJECT, "1"))
    refused(run_cli("reel", "remove", PROJECT, "2"), "the project's only reel")


def test_moving_a_reel_names_the_cues_that_change_reel(run_cli, project: Path) -> None:
    ok(run_cli("reel", "add", PROJECT, "--start", "02:00:00:00"))
    ok(run_cli("cue", "add", PROJECT, "2M1", "--start", "02:00:40:00", "--duration", "5s"))
    moved = ok(run_cli("reel", "set-start", PROJECT, "2", "02:01:00:00"))
    assert moved.stdout == "reel 2 now starts at 02:01:00:00\n"
    assert moved.stderr == (
        "scoresync: warning: 2M1 now belongs to reel 1 (was reel 2); its number names reel 2\n"
    )


def test_a_cue_before_the_session_start_is_refused(run_cli, project: Path) -> None:
    before = project.read_bytes()
    refused(
        run_cli("cue", "add", PROJECT, "1M2", "--start", "00:59:50:00", "--duration", "20s"),
        "cue 1M2 would start at 00:59:50:00, before the session start 01:00:00:00; "
        "start the cue at 01:00:00:00 or later",
    )
    refused(
        run_cli("cue", "edit", PROJECT, "1M1", "--start", "00:59:50:00"),
        "before the session start 01:00:00:00",
    )
    assert project.read_bytes() == before


def test_a_cue_before_the_first_reel_is_refused(run_cli, project: Path) -> None:
    ok(run_cli("reel", "add", PROJECT, "--start", "02:00:00:00"))
    ok(run_cli("cue", "remove", PROJECT, "1M1"))
    ok(run_cli("reel", "remove", PROJECT, "1"))
    refused(
        run_cli("cue", "add", PROJECT, "1M1", "--start", "01:00:10:00", "--duration", "5s"),
        "before reel 2 (R2), the first reel, which starts at 02:00:00:00",
        "or start reel 2 earlier",
    )


def test_reel_commands_explain_themselves(run_cli) -> None:
    for command in ("add", "list", "rename", "set-start", "remove"):
        result = ok(run_cli("reel", command, "--help"))
        assert "Usage: scoresync reel " + command in result.stdout
    assert "set-start" in ok(run_cli("reel", "--help")).stdout
    assert "edit" in ok(run_cli("hit", "--help")).stdout
    assert "--must-hit / --no-must-hit" in ok(run_cli("hit", "edit", "--help")).stdout


# -- overlaps and hits on one frame ---------------------------------------------------------


def test_an_overlapping_cue_is_added_with_a_warning(run_cli, project: Path) -> None:
    added = ok(
        run_cli("cue", "add", PROJECT, "1M2", "--start", "01:00:35:00", "--end", "01:00:50:00")
    )
    assert added.stdout == "added 1M2 ''\n"
    assert added.stderr == (
        "scoresync: warning: 1M2 overlaps 1M1 from 01:00:35:00 for 00:00:05:00. Fine for a "
        "segue; otherwise move the start or end of one of them\n"
    )
    apart = ok(run_cli("cue", "add", PROJECT, "1M3", "--start", "01:01:00:00", "--duration", "5s"))
    assert apart.stderr == ""
    moved = ok(run_cli("cue", "edit", PROJECT, "1M3", "--start", "01:00:49:00"))
    assert "1M3 overlaps 1M2 from 01:00:49:00 for 00:00:01:00" in moved.stderr


def test_a_second_hit_on_one_frame_is_refused(run_cli, project: Path) -> None:
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:12:00", "--label", "door slam"))
    before = project.read_bytes()
    refused(
        run_cli("hit", "add", PROJECT, "1M1", "01:00:12:00"),
        "a hit at 01:00:12:00 is on the frame of hit 1 (door slam) of 1M1; two hits on one "
        "frame are one sync point: edit hit 1 instead, or choose another frame",
    )
    assert project.read_bytes() == before


def _duplicate_hits(project: Path) -> None:
    """Write two hits on one frame into the file, as older versions allowed."""
    data = json.loads(project.read_text(encoding="utf-8"))
    data["cues"][0]["hits"] = [
        {"tc": "01:00:12:00", "label": "door slam"},
        {"tc": "01:00:12:00", "label": "gunshot"},
        {"tc": "01:00:20:00", "label": "whistle"},
    ]
    project.write_text(json.dumps(data), encoding="utf-8")


def test_hit_remove_by_a_timecode_two_hits_share_asks_which(run_cli, project: Path) -> None:
    _duplicate_hits(project)
    before = project.read_bytes()
    refused(
        run_cli("hit", "remove", PROJECT, "1M1", "01:00:12:00"),
        "1M1 has 2 hits at 01:00:12:00: hit 1 ('door slam'), hit 2 ('gunshot'); name one by "
        "its number as 'scoresync hit list' shows it, e.g. 'scoresync hit remove "
        f"{PROJECT} 1M1 1'",
    )
    assert project.read_bytes() == before
    removed = ok(run_cli("hit", "remove", PROJECT, "1M1", "2"))
    assert removed.stdout == "removed hit 2 at 01:00:12:00 'gunshot' from 1M1\n"
    ok(run_cli("hit", "remove", PROJECT, "1M1", "01:00:12:00"))
    hits = ok(run_cli("hit", "list", PROJECT, "1M1", "--json")).json()["hits"]
    assert [h["label"] for h in hits] == ["whistle"]


def test_hit_remove_names_what_it_removed_and_refuses_in_timecode(run_cli, project: Path) -> None:
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:12:00"))
    refused(
        run_cli("hit", "remove", PROJECT, "1M1", "3s"),
        "1M1 has no hit at 01:00:13:00; 'scoresync hit list",
    )
    refused(run_cli("hit", "remove", PROJECT, "1M1", "3"), "give a number from 1 to 1")
    removed = ok(run_cli("hit", "remove", PROJECT, "1M1", "2s"))  # 2 s after the cue's in
    assert removed.stdout == "removed hit 1 at 01:00:12:00 '' from 1M1\n"


# -- hit edit -------------------------------------------------------------------------------


def test_hit_edit_moves_relabels_and_marks(run_cli, project: Path) -> None:
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:12:00", "--label", "door"))
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:20:00", "--label", "whistle"))
    moved = ok(
        run_cli("hit", "edit", PROJECT, "1M1", "1", "--at", "01:00:25:00", "--label", "door slam")
    )
    assert moved.stdout == "edited hit 1 of 1M1 (now hit 2): 01:00:25:00 'door slam'\n"
    ok(
        run_cli(
            "hit",
            "edit",
            PROJECT,
            "1M1",
            "01:00:25:00",
            "--weight",
            "2.5",
            "--must-hit",
            "--target",
            "downbeat",
        )
    )
    hits = ok(run_cli("hit", "list", PROJECT, "1M1", "--json")).json()["hits"]
    assert [(h["index"], h["tc"], h["label"]) for h in hits] == [
        (1, "01:00:20:00", "whistle"),
        (2, "01:00:25:00", "door slam"),
    ]
    assert (hits[1]["weight"], hits[1]["must_hit"], hits[1]["target"]) == (2.5, True, "downbeat")
    ok(run_cli("hit", "edit", PROJECT, "1M1", "2", "--no-must-hit"))
    assert (
        ok(run_cli("hit", "list", PROJECT, "1M1", "--json")).json()["hits"][1]["must_hit"] is False
    )


def test_hit_edit_sets_and_clears_a_hits_own_tolerance(run_cli, project: Path) -> None:
    """``hit edit --tolerance`` takes what ``hit add --tolerance`` takes, and ``default``
    gives the hit back the search's tolerance."""
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:12:00", "--tolerance", "0.5"))
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:20:00", "--label", "whistle"))

    def tolerances() -> list[str | None]:
        hits = ok(run_cli("hit", "list", PROJECT, "1M1", "--json")).json()["hits"]
        return [hit["tolerance_frames"] for hit in hits]

    assert tolerances() == ["1/2", None]
    edited = ok(run_cli("hit", "edit", PROJECT, "1M1", "2", "--tolerance", "3/4"))
    assert edited.stdout == "edited hit 2 of 1M1: 01:00:20:00 'whistle', tolerance 0.75 frames\n"
    assert tolerances() == ["1/2", "3/4"]
    cleared = ok(run_cli("hit", "edit", PROJECT, "1M1", "1", "--tolerance", "default"))
    assert cleared.stdout == (
        "edited hit 1 of 1M1: 01:00:12:00 '', the search's tolerance (none of its own)\n"
    )
    assert tolerances() == [None, "3/4"]
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:30:00", "--tolerance", "Default"))
    assert tolerances() == [None, "3/4", None]
    before = project.read_bytes()
    for text, message in [
        ("0", "--tolerance must be more than 0 and at most 12 frames, got 0"),
        ("13", "--tolerance must be more than 0 and at most 12 frames, got 13"),
        ("one", "--tolerance must be a number"),
    ]:
        refused(run_cli("hit", "edit", PROJECT, "1M1", "2", "--tolerance", text), message)
        refused(run_cli("hit", "add", PROJECT, "1M1", "01:00:35:00", "--tolerance", text), message)
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (["1", "--at", "01:00:20:00"], ["on the frame of hit 2 (whistle) of 1M1"]),
        (
            ["1", "--at", "01:00:45:00"],
            [
                "hit 1 of 1M1 moved to 01:00:45:00 lies outside 1M1 (01:00:10:00 to before "
                "01:00:40:00)"
            ],
        ),
        (["3", "--label", "x"], ["1M1 has 2 hits: give a number from 1 to 2"]),
        (["1"], ["nothing to change"]),
    ],
)
def test_hit_edit_refused_with_the_reason(
    run_cli, project: Path, args: list[str], parts: list[str]
) -> None:
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:12:00"))
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:20:00", "--label", "whistle"))
    before = project.read_bytes()
    refused(run_cli("hit", "edit", PROJECT, "1M1", *args), *parts)
    assert project.read_bytes() == before


# -- messages in the user's terms -----------------------------------------------------------


def test_cue_times_are_refused_in_timecode_and_hit_numbers(run_cli, project: Path) -> None:
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:12:00"))
    ok(run_cli("hit", "add", PROJECT, "1M1", "01:00:20:00"))
    refused(
        run_cli("cue", "edit", PROJECT, "1M1", "--start", "01:00:15:00"),
        "hit 1 of 1M1 at 01:00:12:00 would lie outside the cue (01:00:15:00 to before "
        "01:00:40:00); keep its start at or before 01:00:12:00 and its end after 01:00:20:00",
    )
    refused(
        run_cli("cue", "add", PROJECT, "1M2", "--start", "01:01:00:00", "--end", "01:00:59:00"),
        "cue 1M2's end 01:00:59:00 is not after its start 01:01:00:00",
    )
    refused(
        run_cli("hit", "add", PROJECT, "1M1", "01:00:45:00"),
        "a hit at 01:00:45:00 lies outside 1M1 (01:00:10:00 to before 01:00:40:00)",
    )
    for result in (
        run_cli("cue", "edit", PROJECT, "1M1", "--end", "01:00:15:00"),
        run_cli("hit", "add", PROJECT, "1M1", "01:00:09:23"),
    ):
        assert "frame " not in result.stderr and "hits[" not in result.stderr, result.stderr
