"""Bad input on the command line and in the project file: one clear message and exit 1 (or
the right result), never exit 3, and a refused command leaves the project as it was.

Ranges per field come from one table (:data:`tempo.common.exact.RANGES`), so the options
and the file refuse the same values in the same words; positions stay inside the timecode
day however they are typed; numbers too long to read, bytes that are not UTF-8 and names
too long for the file system are input errors; user text is printed with its control
characters made visible.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoresync.cli import input_problem, visible
from tempo.common.exact import BPM, PICKUP_BEATS, RANGES, TOLERANCE_FRAMES, WEIGHT

PROJECT = "night-train.scoresync.json"
MANY_DIGITS = "1" * 5000


@pytest.fixture
def project(run_cli, tmp_path: Path) -> Path:
    result = run_cli("demo", "--no-tui")
    assert result.code == 0, result.stderr
    return tmp_path / PROJECT


def refused(result, *parts: str):  # noqa: ANN001, ANN201
    assert result.code == 1, (result.code, result.stdout, result.stderr)
    assert result.stderr.startswith("scoresync: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr
    return result


def edited(path: Path, change) -> Path:  # noqa: ANN001
    """The project at ``path`` with ``change`` made to its JSON, written back."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def first_hit(document: dict) -> dict:
    return document["cues"][0]["hits"][0]


# -- item 8: ranges per field, one table for the options and the file -------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tempo", "set", PROJECT, "1M1", "--bpm", "0.0000001"], f"--bpm must be {BPM.text}"),
        (["tempo", "set", PROJECT, "1M1", "--click", "999999-0"], "999999-0 is 0.0014 BPM"),
        (["tempo", "set", PROJECT, "1M1", "--bpm", "1001"], "got 1001"),
        (["tempo", "find", PROJECT, "1M1", "--pickup", "-120"], "--pickup must be from 0"),
        (["tempo", "find", PROJECT, "1M1", "--min", "0.5"], f"--min must be {BPM.text}"),
        (["tempo", "show", PROJECT, "1M1", "--tolerance", "-5"], "--tolerance must be more"),
        (["tempo", "show", PROJECT, "1M1", "--tolerance", "13"], TOLERANCE_FRAMES.text),
        (["hit", "add", PROJECT, "1M1", "2s", "--weight", "101"], f"must be {WEIGHT.text}"),
        (["hit", "add", PROJECT, "1M1", "2s", "--weight", "1e308"], "--weight"),
        (["hit", "add", PROJECT, "1M1", "2s", "--weight", "1e309"], "--weight"),
        (["hit", "add", PROJECT, "1M1", "2s", "--weight", "nan"], "--weight"),
        (["hit", "edit", PROJECT, "1M1", "1", "--weight", "0"], "got 0"),
        (["hit", "add", PROJECT, "1M1", "2s", "--tolerance", "20"], TOLERANCE_FRAMES.text),
        (["tempo", "plan", PROJECT, "1M1", "--jump-penalty", "1e309"], "--jump-penalty"),
        (["tempo", "plan", PROJECT, "1M1", "--jump-penalty", "nan"], "--jump-penalty"),
        (["tempo", "fit", "--seconds", "1000", "--bars", "1"], "needs 0.24 BPM"),
        (["tempo", "click", "--fps", "24", "--click", "0-1"], f"a tempo must be {BPM.text}"),
    ],
)
def test_out_of_range_options_are_refused(run_cli, project: Path, args, message: str) -> None:
    before = project.read_bytes()
    refused(run_cli(*args), message)
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    ("field", "change", "value"),
    [
        ("weight", lambda d: first_hit(d).update(weight=0), "0"),
        ("weight", lambda d: first_hit(d).update(weight=1e308), "1e+308"),
        ("tolerance_frames", lambda d: first_hit(d).update(tolerance_frames=13), "13"),
        ("bpm", lambda d: d["cues"][0]["tempo"]["map"]["segments"][0].update(bpm="0.0000001"), ""),
        ("pickup_beats", lambda d: d["cues"][0]["tempo"]["map"].update(pickup_beats="-1"), ""),
    ],
    ids=["weight 0", "weight 1e308", "tolerance 13", "bpm 1e-7", "pickup -1"],
)
def test_the_file_refuses_what_the_options_refuse(
    run_cli, project: Path, field: str, change, value: str
) -> None:
    edited(project, change)
    for command in (["info", PROJECT], ["tempo", "find", PROJECT, "1M1"]):
        refused(run_cli(*command), f"{field}: ", RANGES[field].text, value)


def test_find_tempo_takes_every_weight_the_file_takes(run_cli, project: Path) -> None:
    edited(project, lambda d: first_hit(d).update(weight=100))
    assert run_cli("tempo", "find", PROJECT, "1M1", "--top", "1").code == 0


def test_the_core_refuses_the_same_weights() -> None:
    from fractions import Fraction

    from tempo.common.errors import FindTempoError
    from tempo.findtempo.model import FindTempoRequest, HitSpec
    from tempo.findtempo.solver import find_tempo

    for weight in (0.0, 100.5):
        hits = (HitSpec(Fraction(1), weight=weight), HitSpec(Fraction(2)))
        with pytest.raises(FindTempoError, match=f"weights must be {WEIGHT.text}"):
            find_tempo(FindTempoRequest(hits, tolerance_seconds=Fraction(1, 24)))
    assert PICKUP_BEATS.problem(Fraction(-120), what="--pickup") is not None


# -- item 10: numbers too long to read, bytes that are not text, names too long ---------------


@pytest.mark.parametrize(
    "args",
    [
        ["hit", "edit", PROJECT, "1M1", MANY_DIGITS, "--label", "x"],
        ["hit", "remove", PROJECT, "1M1", MANY_DIGITS],
        ["cue", "edit", PROJECT, "1M1", "--anchor", MANY_DIGITS],
        ["tempo", "find", PROJECT, "1M1", "--downbeat", f"hit:{MANY_DIGITS}"],
        ["tempo", "set", PROJECT, "1M1", "--bpm", "120", "--downbeat", f"hit:{MANY_DIGITS}"],
        ["tempo", "set", PROJECT, "1M1", "--click", f"{MANY_DIGITS}-0"],
        ["tempo", "set", PROJECT, "1M1", "--bpm", "120", "--meter", f"{MANY_DIGITS}/4"],
        ["hit", "add", PROJECT, "1M1", f"{MANY_DIGITS}f"],
        ["hit", "add", PROJECT, "1M1", f"1+{MANY_DIGITS}"],
        ["cue", "add", PROJECT, f"9M{MANY_DIGITS}", "--start", "10s", "--duration", "2s"],
        ["hit", "edit", PROJECT, "1M1", "\u00b2", "--label", "x"],  # a digit int() cannot read
    ],
    ids=lambda args: " ".join(a[:12] for a in args[:2] + args[3:]),
)
def test_numbers_too_long_to_read_are_input_errors(run_cli, project: Path, args) -> None:
    before = project.read_bytes()
    result = refused(run_cli(*args))
    assert len(result.stderr) < 1100
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["cue", "add", PROJECT, "9M1", "--start", "10s", "--duration", "2s", "--title", "\udcff"],
        ["hit", "add", PROJECT, "1M1", "3s", "--label", "bad \udcfe\udcff"],
        ["reel", "rename", PROJECT, "1", "R\udcff"],
    ],
    ids=["cue title", "hit label", "reel name"],
)
def test_bytes_that_are_not_utf8_in_an_argument_are_refused(run_cli, project: Path, args) -> None:
    before = project.read_bytes()
    refused(run_cli(*args), "bytes that are not UTF-8", "\\xff")
    assert project.read_bytes() == before


def test_names_too_long_for_the_file_system_are_input_errors(run_cli, project: Path) -> None:
    long_name = "n" * 300
    refused(run_cli("new", f"{long_name}.scoresync.json", "--fps", "24", "--title", "X"))
    result = run_cli("export", "midi", PROJECT, "1M1", "-o", f"{long_name}.mid")
    refused(result, "the name is too long")


def test_a_value_nested_too_deeply_to_show_is_named_not_a_fault() -> None:
    from scoresync.project.schema import describe_error

    deep: list = []
    for _ in range(5000):
        deep = [deep]
    error = {"loc": ("notes",), "type": "string_type", "input": deep, "msg": "not text"}
    assert describe_error(error) == (("notes",), "must be text, got [[[...")


def test_only_input_errors_leave_the_last_guard_as_exit_1() -> None:
    try:
        int(MANY_DIGITS)
    except ValueError as error:
        assert input_problem(error) == (
            "a number given has 5000 digits, far more than any value scoresync reads; "
            "check the command line and the file"
        )
    assert input_problem(ValueError("a fault in scoresync")) is None
    assert input_problem(RecursionError("maximum recursion depth exceeded")) is None
    assert input_problem(OSError(36, "File name too long", "x" * 300)) is not None
    assert input_problem(OSError(36, "File name too long")) is None  # no path given


def test_a_fault_still_exits_3(run_cli, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("a fault in scoresync")

    monkeypatch.setattr("scoresync.cli.project_cmds.project_summary", broken)
    result = run_cli("info", PROJECT)
    assert result.code == 3 and "report it" in result.stderr


# -- item 11: timecodes past 24 hours, user text on the terminal, MIDI formats -----------------


@pytest.mark.parametrize(
    "args",
    [
        ["tc", "convert", "2592000f", "--fps", "24"],
        ["tc", "convert", "108000s", "--fps", "24"],
        ["tc", "convert", "30:00:00:00", "--fps", "24"],
        ["hit", "add", PROJECT, "1M1", "2592000f"],
        ["cue", "add", PROJECT, "9M1", "--start", "23:59:59:00", "--duration", "2s"],
        ["cue", "add", PROJECT, "9M1", "--start", "10s", "--duration", "2592000f"],
        ["tempo", "set", PROJECT, "1M1", "--bpm", "96", "--downbeat", "-100000000f"],
    ],
)
def test_positions_past_the_day_are_refused_not_wrapped(run_cli, project: Path, args) -> None:
    before = project.read_bytes()
    result = refused(run_cli(*args))
    assert "06:00:00:00" not in result.stdout
    assert project.read_bytes() == before


def test_frame_input_is_refused_where_the_timecode_is() -> None:
    from scoresync.errors import TimecodeError
    from scoresync.picture.rates import parse_rate
    from scoresync.picture.timecode import parse_position

    rate = parse_rate("24")
    assert parse_position("2073599f", rate=rate) == parse_position("23:59:59:23", rate=rate)
    for text in ("2073600f", "24:00:00:00", "-1f", "86400s"):
        with pytest.raises(TimecodeError):
            parse_position(text, rate=rate)


ESC = "\x1b[31mred\x1b[0m\x07"


def test_user_text_is_printed_with_its_controls_visible(run_cli, project: Path) -> None:
    def odd(document: dict) -> None:
        document["title"] = f"Night {ESC}"
        document["reels"][0]["name"] = f"R1 {ESC}"
        document["cues"][0]["title"] = f"Main {ESC}"
        first_hit(document)["label"] = f"slam {ESC}\x9b2J"

    edited(project, odd)
    commands = [
        ["info", PROJECT],
        ["cue", "list", PROJECT],
        ["hit", "list", PROJECT, "1M1"],
        ["tempo", "show", PROJECT, "1M1"],
        ["tempo", "find", PROJECT, "1M1", "--top", "1"],
        ["reel", "list", PROJECT],
    ]
    for args in commands:
        result = run_cli(*args)
        assert result.code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\x9b" not in result.stdout
        assert "\\e[31mred\\e[0m\\a" in result.stdout, args
    for args in (["cue", "list", PROJECT, "--reel", "0\x1b[2J"], ["hit", "list", PROJECT, ESC]):
        result = run_cli(*args)
        assert result.code in (1, 2) and "\x1b" not in result.stderr, result.stderr


def test_visible_escapes_only_what_a_terminal_acts_on() -> None:
    assert visible("Überfahrt – 夜行列車 🚂") == "Überfahrt – 夜行列車 🚂"
    assert visible("a\tb\nc\rd\x00\x7f\x9b\u202e\u2028\udcff") == (
        "a\\tb\\nc\\rd\\0\\x7f\\x9b\\u202e\\u2028\\udcff"
    )


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(min_value=1e-4, max_value=1e15)  # no exponent in json's form or msgspec's
    | st.floats(min_value=-1e15, max_value=-1e-4)
    | st.just(0.0)
    | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=25,
)


_TERMINAL_CONTROLS = (
    "".join(map(chr, [*range(0x7F, 0xA0), 0x061C, 0x2028, 0x2029, *range(0x202A, 0x202F), 0x2066]))
    + "\u2067\u2068\u2069"
)
"""DEL, the C1 controls, and the line separators and bidirectional marks a terminal acts on."""


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_json_output_is_what_json_writes_with_terminal_controls_escaped(value: object) -> None:
    import io
    from contextlib import redirect_stdout

    from scoresync.cli.common import emit_json

    written = io.StringIO()
    with redirect_stdout(written):
        emit_json(value)
    text = written.getvalue()
    assert json.loads(text) == value
    expected = json.dumps(value, indent=2, ensure_ascii=False)
    for unsafe in _TERMINAL_CONTROLS:
        expected = expected.replace(unsafe, f"\\u{ord(unsafe):04x}")
        assert unsafe not in text
    assert text == expected + "\n"


def test_json_output_with_keys_that_are_not_text() -> None:
    import io
    from contextlib import redirect_stdout

    from scoresync.cli.common import emit_json

    written = io.StringIO()
    with redirect_stdout(written):
        emit_json({1.5: "a", None: [1]})
    assert json.loads(written.getvalue()) == {"1.5": "a", "null": [1]}


@pytest.mark.parametrize("midi_format", [3, 0xFFFF])
def test_a_midi_file_of_no_format_is_refused(
    run_cli, project: Path, tmp_path: Path, midi_format: int
) -> None:
    midi = tmp_path / "odd.mid"
    midi.write_bytes(
        b"MThd\0\0\0\x06"
        + midi_format.to_bytes(2, "big")
        + b"\0\x01\x01\xe0"  # one track, 480 ticks per quarter
        + b"MTrk\0\0\0\x0b\0\xff\x51\x03\x07\xa1\x20\0\xff\x2f\0"  # 120 BPM, end
    )
    before = project.read_bytes()
    refused(run_cli("import", "midi", PROJECT, "1M1", str(midi)), f"MIDI format {midi_format}")
    assert project.read_bytes() == before
