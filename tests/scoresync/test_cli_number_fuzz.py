"""A fuzz of every numeric command-line option: whatever text is typed (huge exponents,
thousands of digits, NaN, infinities, fractions, other scripts' digits, control
characters, bytes that are not UTF-8), the command answers within seconds, never exits 3
(a fault), and leaves the project as it was whenever it refuses."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

PROJECT = "fuzz.scoresync.json"
V = object()
"""Where the fuzzed text goes in a command."""

OPTIONS: dict[str, list[object]] = {
    "tempo find --min": ["tempo", "find", PROJECT, "1M1", "--min", V],
    "tempo find --max": ["tempo", "find", PROJECT, "1M1", "--max", V],
    "tempo find --tolerance": ["tempo", "find", PROJECT, "1M1", "--tolerance", V],
    "tempo find --pickup": ["tempo", "find", PROJECT, "1M1", "--pickup", V],
    "tempo find --top": ["tempo", "find", PROJECT, "1M1", "--top", V],
    "tempo find --downbeat": ["tempo", "find", PROJECT, "1M1", "--downbeat", V],
    "tempo plan --jump-penalty": ["tempo", "plan", PROJECT, "1M1", "--jump-penalty", V],
    "tempo plan --max-segments": ["tempo", "plan", PROJECT, "1M1", "--max-segments", V],
    "tempo set --bpm": ["tempo", "set", PROJECT, "1M1", "--bpm", V],
    "tempo set --click": ["tempo", "set", PROJECT, "1M1", "--click", V],
    "tempo set --pickup": ["tempo", "set", PROJECT, "1M1", "--bpm", "96", "--pickup", V],
    "tempo set --segment": ["tempo", "set", PROJECT, "1M1", "--segment", V],
    "tempo show --tolerance": ["tempo", "show", PROJECT, "1M1", "--tolerance", V],
    "tempo click --bpm": ["tempo", "click", "--fps", "24", "--bpm", V],
    "tempo click --click": ["tempo", "click", "--fps", "24", "--click", V],
    "tempo fit --seconds": ["tempo", "fit", "--seconds", V, "--bars", "8"],
    "tempo fit --bars": ["tempo", "fit", "--seconds", "16", "--bars", V],
    "tempo fit --ramp-from": ["tempo", "fit", "--seconds", "16", "--beats", "32", "--ramp-from", V],
    "hit add TIMECODE": ["hit", "add", PROJECT, "1M1", V],
    "hit add --weight": ["hit", "add", PROJECT, "1M1", "3s", "--weight", V],
    "hit add --tolerance": ["hit", "add", PROJECT, "1M1", "4s", "--tolerance", V],
    "hit edit HIT": ["hit", "edit", PROJECT, "1M1", V, "--label", "x"],
    "hit edit --weight": ["hit", "edit", PROJECT, "1M1", "1", "--weight", V],
    "cue add --duration": ["cue", "add", PROJECT, "2M1", "--start", "20s", "--duration", V],
    "cue edit --start": ["cue", "edit", PROJECT, "1M1", "--start", V],
    "cue edit --anchor": ["cue", "edit", PROJECT, "1M1", "--anchor", V],
    "cue list --reel": ["cue", "list", PROJECT, "--reel", V],
    "reel add --number": ["reel", "add", PROJECT, "--start", "02:00:00:00", "--number", V],
    "tc convert VALUE": ["tc", "convert", V, "--fps", "24"],
}

ODD_TEXT = [
    "1e-99999999",
    "1e309",
    "-1e309",
    "1e308",
    "1e30",
    "0",
    "-0",
    "-120",
    "nan",
    "-inf",
    "1/0",
    "240/7",
    "0x1f",
    "1_000",
    "\u00b2",
    "\u0661\u0662",
    "9" * 5000,
    "1" + "0" * 400,
    "0." + "0" * 90 + "1",
    "",
    " ",
    "\x1b[31m",
    "\udcff",
    "2592000f",
    "30:00:00:00",
    "-1f",
    "hit:99999",
    "bars=8 bpm=1e-9",
    "beats=1e30 bpm=120",
    "99999999-7",
]

number_text = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.integers(-(10**7), 10**7).map(str),
    st.floats().map(repr),
    st.fractions(max_denominator=10**6).map(str),
    st.text(alphabet="0123456789.-+/eE_ xfs:;", max_size=14),
    st.text(max_size=8),
)

SECONDS_PER_RUN = 20
"""A run longer than this is a hang."""


class Hang(BaseException):
    """A command ran past :data:`SECONDS_PER_RUN` (a BaseException, so that the command
    line's last guard cannot turn it into an exit code)."""


def _hang(signum: int, frame: object) -> None:
    raise Hang


@pytest.fixture
def project(run_cli, tmp_path: Path) -> Iterator[Path]:
    for args in (
        ["new", PROJECT, "--fps", "24", "--title", "Fuzz"],
        ["cue", "add", PROJECT, "1M1", "--start", "10s", "--duration", "16s"],
        ["hit", "add", PROJECT, "1M1", "2s"],
        ["hit", "add", PROJECT, "1M1", "6s", "--weight", "2"],
        ["tempo", "set", PROJECT, "1M1", "--bpm", "120"],
    ):
        assert run_cli(*args).code == 0
    previous = signal.signal(signal.SIGALRM, _hang)
    yield tmp_path / PROJECT
    signal.signal(signal.SIGALRM, previous)


EVERY_TIME = ["1e-99999999", "1e309", "nan", "9" * 5000, "\u00b2", "\udcff", "-120", "0"]
"""Texts every option is given, besides the random ones: the reliability run's worst."""


def with_every_time(test):  # noqa: ANN001, ANN201
    for text in reversed(EVERY_TIME):
        test = example(text=text)(test)
    return test


@pytest.mark.parametrize("option", list(OPTIONS))
@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@with_every_time
@given(text=number_text)
def test_any_number_text_gets_an_answer_or_a_message(
    run_cli, project: Path, option: str, text: str
) -> None:
    args = [text if part is V else part for part in OPTIONS[option]]
    before = project.read_bytes()
    signal.alarm(SECONDS_PER_RUN)
    try:
        result = run_cli(*args)
    except Hang:
        pytest.fail(f"scoresync {option} {text[:40]!r} ran for more than {SECONDS_PER_RUN} s")
    finally:
        signal.alarm(0)
    assert result.code in (0, 1, 2), (option, text[:40], result.stderr)
    if result.code:
        assert result.stderr.startswith("scoresync: error: "), result.stderr
        assert project.read_bytes() == before, (option, text[:40])
