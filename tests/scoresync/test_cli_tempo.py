"""``scoresync tempo ...`` through the real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = "film.scoresync.json"


@pytest.fixture
def project(run_cli, tmp_path: Path) -> Path:
    assert run_cli("new", PROJECT, "--fps", "24", "--title", "Tempo test").code == 0
    assert (
        run_cli(
            "cue",
            "add",
            PROJECT,
            "1M1",
            "--start",
            "01:00:00:00",
            "--end",
            "01:00:20:00",
            "--title",
            "Opening",
        ).code
        == 0
    )
    for tc in ("01:00:02:00", "01:00:04:00", "01:00:05:12", "01:00:09:12"):
        assert run_cli("hit", "add", PROJECT, "1M1", tc).code == 0
    return tmp_path / PROJECT


def test_find_ranks_the_tempo_that_catches_every_hit_first(run_cli, project: Path) -> None:
    result = run_cli("tempo", "find", PROJECT, "1M1", "--min", "60", "--max", "180", "--json")
    assert result.code == 0, result.stderr
    best = result.json()["candidates"][0]
    low, high = best["interval"]
    assert low <= 120 <= high
    assert (best["hits"], best["near"], best["miss"]) == (4, 0, 0)
    assert best["frame_click"] == "12-0"
    assert [h["tc"] for h in best["per_hit"]] == [
        "01:00:02:00",
        "01:00:04:00",
        "01:00:05:12",
        "01:00:09:12",
    ]
    assert all(abs(h["frames_off"]) <= 1 for h in best["per_hit"])


def test_stateless_find_prints_the_documented_shape(run_cli) -> None:
    result = run_cli(
        "tempo",
        "find",
        "--fps",
        "24",
        "--start",
        "01:00:00:00",
        "--hits",
        "01:00:02:00,01:00:04:00,01:00:05:12",
        "--grid",
        "eighth",
        "--json",
    )
    assert result.code == 0, result.stderr
    candidate = result.json()["candidates"][0]
    assert set(candidate) >= {
        "bpm",
        "interval",
        "frame_click",
        "hits",
        "near",
        "miss",
        "rms_frames",
        "per_hit",
    }
    assert set(candidate["per_hit"][0]) >= {"tc", "frames_off"}


def test_find_apply_then_show_lists_bars_with_timecodes(run_cli, project: Path) -> None:
    applied = run_cli(
        "tempo", "find", PROJECT, "1M1", "--min", "100", "--max", "130", "--apply", "1"
    )
    assert applied.code == 0, applied.stderr
    shown = run_cli("tempo", "show", PROJECT, "1M1", "--json")
    assert shown.code == 0, shown.stderr
    data = shown.json()
    bars = {b["bar"]: b["tc"] for b in data["bars"]}
    assert bars[1] == "01:00:00:00"
    assert bars[5] == "01:00:08:00"
    assert len(data["bars"]) == 10
    assert [h["status"] for h in data["hits"]] == ["hit"] * 4
    assert data["hits"][2]["nearest"] == "3|4"


def test_set_with_a_meter_change_and_a_ramp(run_cli, project: Path) -> None:
    result = run_cli(
        "tempo",
        "set",
        PROJECT,
        "1M1",
        "--segment",
        "bars=2 bpm=120 meter=4/4",
        "--segment",
        "bars=2 bpm=120 meter=3/4",
        "--segment",
        "beats=8 bpm=120->60 ramp=time meter=4/4",
        "--segment",
        "bpm=60",
    )
    assert result.code == 0, result.stderr
    bars = {b["bar"]: b for b in run_cli("tempo", "show", PROJECT, "1M1", "--json").json()["bars"]}
    assert bars[4]["tc"] == "01:00:05:12"  # 2 bars of 4/4 + 1 of 3/4 at 120
    assert bars[4]["meter"] == "3/4"
    # a ramp linear in time from 120 to 60 over 8 beats lasts 120*8/(120+60) = 5.333 s
    assert bars[7]["tc"] == "01:00:12:08"
    assert bars[7]["bpm"] == 60


def test_set_by_frame_click_and_pickup(run_cli, project: Path) -> None:
    result = run_cli(
        "tempo", "set", PROJECT, "1M1", "--click", "12-0", "--pickup", "1", "--downbeat", "hit:1"
    )
    assert result.code == 0, result.stderr
    bars = run_cli("tempo", "show", PROJECT, "1M1", "--json").json()["bars"]
    assert (bars[0]["bar"], bars[0]["tc"]) == (0, "01:00:01:12")
    assert (bars[1]["bar"], bars[1]["tc"]) == (1, "01:00:02:00")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tempo", "find", PROJECT, "1M2"], "no hits"),
        (["tempo", "find", PROJECT, "1M1", "--tolerance", "0"], "tolerance"),
        (["tempo", "find", PROJECT, "1M1", "--tolerance", "20"], "at most 12 frames"),
        (["tempo", "find", PROJECT, "1M1", "--pickup", "4"], "less than one bar"),
        (["tempo", "find", PROJECT, "1M1", "--min", "200", "--max", "100"], "min"),
        (["tempo", "find", PROJECT, "1M1", "--downbeat", "01:00:03:00"], "before the downbeat"),
        (
            ["tempo", "find", "--fps", "24", "--start", "01:00:03:00", "--hits", "01:00:01:00"],
            "before the downbeat",
        ),
        (["tempo", "find", PROJECT, "1M1", "--meter", "7/5"], "7/5"),
        (["tempo", "set", PROJECT, "1M1", "--bpm", "120", "--meter", "4/5"], "4/5"),
        (["tempo", "set", PROJECT, "1M1", "--segment", "bars=2 tempo=120"], "tempo"),
        (["tempo", "show", PROJECT, "1M2"], "no tempo map"),
        (["tempo", "find"], "PROJECT CUE"),
    ],
)
def test_bad_tempo_input_gets_one_clear_line(
    run_cli, project: Path, args: list[str], message: str
) -> None:
    run_cli("cue", "add", PROJECT, "1M2", "--start", "01:01:00:00", "--end", "01:01:10:00")
    result = run_cli(*args)
    assert result.code != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("scoresync: error:"), result.stderr
    assert message.lower() in result.stderr.lower(), result.stderr


@pytest.mark.parametrize(
    ("args", "key", "value"),
    [
        (["--fps", "24", "--click", "12-0"], "bpm", 120.0),
        (["--fps", "24", "--click", "12-2"], "bpm", 117.5510),
        (["--fps", "24", "--click", "10-0"], "bpm", 144.0),
        (["--fps", "23.976", "--click", "12-0"], "bpm", 119.8801),
        (["--fps", "24", "--bpm", "117.6"], "click", "12-2"),
    ],
)
def test_frame_clicks(run_cli, args: list[str], key: str, value: object) -> None:
    result = run_cli("tempo", "click", *args, "--json")
    assert result.code == 0, result.stderr
    got = result.json()[key]
    assert got == pytest.approx(value, abs=1e-4) if isinstance(value, float) else got == value


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["click", "--fps", "24", "--click", "12-0"], "12-0 = 120 BPM at 24 fps"),
        (["click", "--fps", "24", "--click", "12-2"], "12-2 = 117.55 BPM at 24 fps"),
        (["fit", "--seconds", "8", "--beats", "15"], "112.5 BPM (q) puts 15 beats in 8.000 s"),
        (["fit", "--seconds", "7", "--beats", "4"], "34.2857 BPM (q) puts 4 beats in 7.000 s"),
    ],
)
def test_tempos_read_the_same_everywhere(run_cli, args: list[str], shown: str) -> None:
    """Tempos are written by one formatter: no trailing zeros (112.5, never 112.50)."""
    result = run_cli("tempo", *args)
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == shown


def test_fit_bars_into_a_span_of_picture(run_cli) -> None:
    result = run_cli(
        "tempo",
        "fit",
        "--from",
        "01:00:00:00",
        "--to",
        "01:00:16:00",
        "--fps",
        "24",
        "--bars",
        "8",
        "--json",
    )
    assert result.code == 0, result.stderr
    assert result.json()["bpm"] == 120.0
    ramp = run_cli(
        "tempo",
        "fit",
        "--seconds",
        "16",
        "--beats",
        "32",
        "--ramp-from",
        "100",
        "--shape",
        "time",
        "--json",
    )
    assert ramp.code == 0, ramp.stderr
    assert ramp.json()["end_bpm"] == pytest.approx(140.0)


def test_plan_builds_a_map_of_segments_that_catches_the_hits(run_cli, project: Path) -> None:
    # 120 BPM to 4 s, then 90 BPM: hits at 6.667 s, 9.333 s and 12 s
    run_cli("cue", "add", PROJECT, "1M2", "--start", "01:01:00:00", "--end", "01:01:20:00")
    for tc in ("01:01:02:00", "01:01:04:00", "01:01:06:16", "01:01:09:08", "01:01:12:00"):
        assert run_cli("hit", "add", PROJECT, "1M2", tc).code == 0
    result = run_cli(
        "tempo", "plan", PROJECT, "1M2", "--min", "80", "--max", "130", "--apply", "--json"
    )
    assert result.code == 0, result.stderr
    data = result.json()
    assert (data["hits"], data["miss"]) == (5, 0)
    assert data["applied"] is True
    first, last = data["segments"][0], data["segments"][-1]
    assert first["start"] == data["downbeat"] and last["end"] is None
    from scoresync.picture.rates import parse_rate
    from scoresync.picture.timecode import frames_to_tc, tc_to_frames

    rate = parse_rate(run_cli("info", PROJECT, "--json").json()["rate"])
    downbeat = tc_to_frames(data["downbeat"], rate=rate)
    for segment in data["segments"]:  # each start: the frame nearest its seconds
        nearest = downbeat + round(segment["start_seconds"] * rate.fps)
        assert segment["start"] == frames_to_tc(nearest, rate=rate)
    shown = run_cli("tempo", "show", PROJECT, "1M2", "--json").json()
    assert [h["status"] for h in shown["hits"]] == ["hit"] * 5
    table = run_cli("tempo", "plan", PROJECT, "1M2", "--min", "80", "--max", "130").stdout
    assert "from         to " in table and " s " not in table.splitlines()[1]


def test_a_pickup_keeps_the_downbeat_where_it_is(run_cli, project: Path) -> None:
    found = run_cli(
        "tempo",
        "find",
        PROJECT,
        "1M1",
        "--min",
        "100",
        "--max",
        "130",
        "--pickup",
        "1",
        "--meter",
        "4/4",
        "--grid",
        "bar",
        "--json",
    )
    assert found.code == 0, found.stderr
    best = found.json()["candidates"][0]
    assert best["interval"][0] <= 120 <= best["interval"][1]
    planned = run_cli(
        "tempo",
        "plan",
        PROJECT,
        "1M1",
        "--min",
        "100",
        "--max",
        "130",
        "--pickup",
        "1",
        "--apply",
        "--json",
    )
    assert planned.code == 0, planned.stderr
    shown = run_cli("tempo", "show", PROJECT, "1M1", "--json").json()
    assert planned.json()["hits"] == sum(h["status"] == "hit" for h in shown["hits"])
    assert shown["bars"][0]["bar"] == 0
    assert shown["bars"][1]["tc"] == "01:00:00:00"


def test_a_downbeat_typed_as_a_duration_counts_from_the_cue_start(run_cli, project: Path) -> None:
    assert run_cli("tempo", "set", PROJECT, "1M1", "--bpm", "120", "--downbeat", "2s").code == 0
    bars = run_cli("tempo", "show", PROJECT, "1M1", "--json").json()["bars"]
    assert (bars[0]["bar"], bars[0]["tc"]) == (1, "01:00:02:00")
    found = run_cli("tempo", "find", PROJECT, "1M1", "--downbeat", "48f", "--json")
    assert found.code == 0, found.stderr
    assert found.json()["downbeat"] == "01:00:02:00"


@pytest.mark.parametrize("command", ["set", "find"])
def test_a_downbeat_an_hour_before_the_cue_is_refused(run_cli, project: Path, command: str) -> None:
    extra = ["--bpm", "120"] if command == "set" else []
    result = run_cli("tempo", command, PROJECT, "1M1", "--downbeat", "00:00:02:00", *extra)
    assert result.code == 1
    assert "00:59:58:00 before 1M1's start, more than a bar" in result.stderr
    assert result.stderr.count("\n") == 1


def test_stateless_hits_may_be_times_after_the_start(run_cli) -> None:
    typed = ("--fps", "24", "--start", "01:00:00:00", "--json", "--hits")
    by_time = run_cli("tempo", "find", *typed, "2s,4s,5.5s").json()
    by_timecode = run_cli("tempo", "find", *typed, "01:00:02:00,01:00:04:00,01:00:05:12").json()
    assert by_time == by_timecode


DEMO = "night-train.scoresync.json"
"""The demo's 2M2 "The Chase": a bar-line downbeat, beat and subdivision hits, and one hit
("brakes squeal") with its own tolerance of half a frame."""
DEMO_TOLERANCES = [1, 1, 1, 1, 1, 0.5, 1, 1]


@pytest.mark.parametrize(
    "options",
    [[], ["--min", "120", "--max", "160", "--meter", "6/8"], ["--grid", "eighth"]],
)
def test_no_hit_of_the_demo_chase_is_reported_caught_beyond_its_tolerance(
    run_cli, options: list[str]
) -> None:
    assert run_cli("demo", "--no-tui").code == 0
    result = run_cli("tempo", "find", DEMO, "2M2", "--downbeat", "hit:1", *options, "--json")
    assert result.code == 0, result.stderr
    for candidate in result.json()["candidates"]:
        for figures in [candidate, candidate["applies"], *candidate["nice"]]:
            per_hit = figures["per_hit"]
            statuses = [h["status"] for h in per_hit]
            for hit, tolerance in zip(per_hit, DEMO_TOLERANCES, strict=True):
                # frames_off is rounded to 3 places
                low, high = abs(hit["frames_off"]) - 5e-4, abs(hit["frames_off"]) + 5e-4
                where = (candidate["bpm"], figures.get("bpm"), hit)
                if hit["status"] == "hit":
                    assert high >= 0 and low <= tolerance, where
                elif hit["status"] == "near":
                    assert tolerance <= high and low <= 2 * tolerance, where
                else:
                    assert 2 * tolerance <= high, where
            assert figures["hits"] == statuses.count("hit")
            assert figures["near"] == statuses.count("near")
            assert figures["miss"] == statuses.count("miss")


def test_the_tempo_find_shows_is_the_tempo_apply_stores(run_cli) -> None:
    assert run_cli("demo", "--no-tui").code == 0
    found = run_cli("tempo", "find", DEMO, "2M2", "--downbeat", "hit:1", "--json").json()
    best = found["candidates"][0]
    applies = best["applies"]
    assert applies["bpm"] == best["nice_bpms"][0] != best["bpm"]
    assert applies["text"] == f"{applies['bpm']:g} BPM (best fit {best['bpm']:.2f})"
    text = run_cli("tempo", "find", DEMO, "2M2", "--downbeat", "hit:1", "--apply", "1").stdout
    assert f"candidate 1 at {applies['text']}, the tempo --apply 1 stores" in text
    assert f"applied candidate 1 at {applies['text']}: stored 2M2: open 4/4 q=" in text
    shown = run_cli("tempo", "show", DEMO, "2M2", "--json").json()
    assert shown["segments"] == [f"open 4/4 q={applies['bpm']:g}"]
    assert [(h["frames_off"], h["status"]) for h in shown["hits"]] == [
        (h["frames_off"], h["status"]) for h in applies["per_hit"]
    ]


def test_a_candidate_without_a_nice_tempo_applies_its_best_fit_as_shown(run_cli) -> None:
    assert run_cli("demo", "--no-tui").code == 0
    args = ["--downbeat", "hit:1", "--min", "120", "--max", "160", "--meter", "6/8"]
    found = run_cli("tempo", "find", DEMO, "2M2", *args, "--json").json()
    best = found["candidates"][0]
    assert best["nice_bpms"] == []
    applies = best["applies"]
    low, high = best["interval"]
    assert low <= applies["bpm"] <= high
    said = f"its best fit, {applies['bpm']:g} BPM (no nice tempo inside its interval)"
    assert applies["text"] == said
    text = run_cli("tempo", "find", DEMO, "2M2", *args, "--apply", "1").stdout
    assert f"candidate 1 at {said}, the tempo --apply 1 stores:" in text
    assert f"applied candidate 1 at {said}: stored 2M2: open 6/8" in text
    shown = run_cli("tempo", "show", DEMO, "2M2", "--json").json()
    assert shown["segments"] == [f"open 6/8 q.={applies['bpm']:g}"]
    assert [h["status"] for h in shown["hits"]] == [h["status"] for h in applies["per_hit"]]


def test_a_number_in_huge_exponent_form_is_refused_not_hung_on(run_cli, project: Path) -> None:
    result = run_cli("tempo", "find", PROJECT, "1M1", "--min", "1e-99999999")
    assert result.code == 1
    assert "--min '1e-99999999' has an exponent beyond ±30" in result.stderr


def test_small_honesties_of_clear_show_and_info(run_cli, project: Path) -> None:
    cleared = run_cli("tempo", "clear", PROJECT, "1M1")
    assert cleared.stdout == "1M1 has no tempo map; nothing to clear\n"
    assert run_cli("tempo", "set", PROJECT, "1M1", "--bpm", "120").code == 0
    shown = run_cli("tempo", "show", PROJECT, "1M1", "--tolerance", "-5")
    assert shown.code == 1 and "tolerance must be more than 0" in shown.stderr
    nothing = run_cli("info", "")
    assert nothing.code == 1 and "no project file given" in nothing.stderr


def test_an_offset_that_rounds_to_zero_reads_plus_zero(run_cli, project: Path) -> None:
    """At 120.01 BPM bar 2 and the hit at 01:00:02:00 fall 0.004 frames early: shown to two
    places that is +0.00, never -0.00; 0.008 frames early (the hit at 01:00:04:00) is -0.01."""
    assert run_cli("tempo", "set", PROJECT, "1M1", "--bpm", "120.01").code == 0
    shown = run_cli("tempo", "show", PROJECT, "1M1")
    assert shown.code == 0, shown.stderr
    assert "-0.00" not in shown.stdout
    bar_2 = next(line for line in shown.stdout.splitlines() if line.startswith("2 "))
    assert bar_2.split()[1:3] == ["01:00:02:00", "+0.00"]
    hits = {line.split()[1]: line.split()[3] for line in shown.stdout.splitlines()[-4:]}
    assert hits["01:00:02:00"] == "+0.00"
    assert hits["01:00:04:00"] == "-0.01"


def test_a_hit_before_the_downbeat_is_named_as_hit_list_shows_it(run_cli) -> None:
    assert run_cli("demo", "--no-tui").code == 0
    result = run_cli("tempo", "find", DEMO, "2M2", "--downbeat", "hit:2")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        "scoresync: error: hit 1 'door slam' at 02:04:12:18 falls before the downbeat "
        "02:04:20:14 (hit 2): Find Tempo measures hits from bar 1, so put the downbeat on "
        "hit 1 or earlier (hit:1, start or an earlier timecode), or remove the hit before it\n"
    )
    stateless = ["--fps", "24", "--start", "01:00:03:00", "--hits", "01:00:01:00,01:00:04:00"]
    result = run_cli("tempo", "find", *stateless)
    assert result.stderr == (
        "scoresync: error: the hit at 01:00:01:00 falls before the downbeat 01:00:03:00 "
        "(--start): give --start 01:00:01:00 or earlier, or leave it out of --hits\n"
    )
