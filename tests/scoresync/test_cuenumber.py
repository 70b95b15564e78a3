"""Cue numbers: reading, writing, ordering, and the next/insert helpers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoresync.errors import ProjectError
from scoresync.project.cuenumber import CueNumber, CueNumberError, insert_between, next_after

N = CueNumber.parse


@pytest.mark.parametrize(
    ("text", "reel", "number", "insert", "source", "shown"),
    [
        ("1M1", 1, 1, "", False, "1M1"),
        ("1m2", 1, 2, "", False, "1M2"),
        ("2M3A", 2, 3, "A", False, "2M3A"),
        ("4M2S", 4, 2, "", True, "4M2S"),
        ("4m2s", 4, 2, "", True, "4M2S"),
        ("2M3AS", 2, 3, "A", True, "2M3AS"),
        ("2M3AB", 2, 3, "AB", False, "2M3AB"),
        ("10M12", 10, 12, "", False, "10M12"),
        (" 1 M 1 ", 1, 1, "", False, "1M1"),
        ("01M05", 1, 5, "", False, "1M5"),
        ("3 m 7 b", 3, 7, "B", False, "3M7B"),
    ],
)
def test_parse_and_format(
    text: str, reel: int, number: int, insert: str, source: bool, shown: str
) -> None:
    cue_number = N(text)
    assert cue_number == CueNumber(reel, number, insert, source)
    assert str(cue_number) == shown
    assert N(str(cue_number)) == cue_number


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "is not a cue number"),
        ("M1", "is not a cue number"),
        ("1M", "is not a cue number"),
        ("1X1", "is not a cue number"),
        ("1M1-2", "is not a cue number"),
        ("1M1a1", "is not a cue number"),
        ("1.5M1", "is not a cue number"),
        ("0M1", "count from 1"),
        ("1M0", "count from 1"),
        ("1M1é", "is not a cue number"),
        ("2M3SS", "cannot end in S"),
        ("2M3ASS", "cannot end in S"),
    ],
)
def test_bad_numbers_say_what_is_accepted(text: str, problem: str) -> None:
    with pytest.raises(CueNumberError) as caught:
        N(text)
    message = str(caught.value)
    assert problem in message
    assert "1M1, 2M3A, 4M2S" in message
    assert "optional S for source" in message


def test_errors_are_project_and_value_errors() -> None:
    with pytest.raises(ProjectError):
        N("nope")
    with pytest.raises(ValueError):
        N("nope")


def test_parse_refuses_non_text() -> None:
    with pytest.raises(CueNumberError, match="is text"):
        N(11)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"reel": 0, "number": 1}, "reel 0"),
        ({"reel": 1, "number": -2}, "cue number -2"),
        ({"reel": 1, "number": 1, "insert": "a"}, "upper-case letters"),
        ({"reel": 1, "number": 1, "insert": "A1"}, "upper-case letters"),
        ({"reel": 1, "number": 1, "insert": "AS"}, "cannot end in S"),
        ({"reel": True, "number": 1}, "reel True"),
    ],
)
def test_constructor_checks_fields(kwargs: dict, problem: str) -> None:
    with pytest.raises(CueNumberError, match=problem):
        CueNumber(**kwargs)


def test_ordering() -> None:
    ordered = ["1M1", "1M2", "1M2S", "1M2A", "1M2AS", "1M2B", "1M3", "1M10", "2M1", "10M1"]
    numbers = [N(text) for text in ordered]
    assert sorted(reversed(numbers)) == numbers
    assert N("1M1") < N("1M2") < N("1M2A") < N("1M10") < N("2M1")
    assert N("2M3A") < N("2M3AA") < N("2M3B")


def test_numbers_are_hashable_and_equal_by_value() -> None:
    assert {N("1m1"), N("1M1"), N(" 1M1")} == {CueNumber(1, 1)}


@pytest.mark.parametrize(
    ("existing", "reel", "expected"),
    [
        ([], 1, "1M1"),
        (["1M1", "1M2"], 1, "1M3"),
        (["1M1", "1M4A", "2M9"], 1, "1M5"),
        (["1M1", "1M7S"], 1, "1M8"),
        (["1M1", "2M3"], 3, "3M1"),
        (["2M3", "2M1"], 2, "2M4"),
    ],
)
def test_next_after(existing: list[str], reel: int, expected: str) -> None:
    assert str(next_after([N(text) for text in existing], reel)) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2M3", "2M4", "2M3A"),
        ("2M3", "3M1", "2M3A"),
        ("2M3A", "2M4", "2M3B"),
        ("2M3A", "2M3B", "2M3AA"),
        ("2M3A", "2M3C", "2M3B"),
        ("2M3R", "2M4", "2M3T"),
        ("2M3Z", "2M4", "2M3ZA"),
        ("2M3S", "2M4", "2M3A"),
        ("2M3", "2M3AS", "2M3A"),
        ("2M3AZ", "2M3B", "2M3AZA"),
        ("1M9", "1M10", "1M9A"),
    ],
)
def test_insert_between(a: str, b: str, expected: str) -> None:
    inserted = insert_between(N(a), N(b))
    assert str(inserted) == expected
    assert N(a) < inserted < N(b)


@pytest.mark.parametrize(
    ("a", "b", "problem"),
    [
        ("2M3", "2M3A", "no cue number fits between 2M3 and 2M3A"),
        ("2M3A", "2M3AA", "no cue number fits"),
        ("2M4", "2M3", "2M4 must come before 2M3"),
        ("2M3", "2M3", "must come before"),
    ],
)
def test_insert_between_refuses(a: str, b: str, problem: str) -> None:
    with pytest.raises(CueNumberError, match=problem):
        insert_between(N(a), N(b))


cue_numbers = st.builds(
    CueNumber,
    reel=st.integers(1, 20),
    number=st.integers(1, 60),
    insert=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=3).filter(lambda s: not s.endswith("S")),
    source=st.booleans(),
)


@given(cue_numbers)
def test_text_round_trip(cue_number: CueNumber) -> None:
    assert N(str(cue_number)) == cue_number
    assert N(str(cue_number).lower()) == cue_number


@given(cue_numbers, cue_numbers)
def test_insert_between_lands_between_or_says_why(a: CueNumber, b: CueNumber) -> None:
    low, high = sorted((a, b))
    if low == high:
        return
    try:
        inserted = insert_between(low, high)
    except CueNumberError:
        # only a number and its own first insert (or source twin) leave no room
        assert (low.reel, low.number) == (high.reel, high.number)
        assert high.insert in (low.insert, low.insert + "A")
        return
    assert low < inserted < high
    assert N(str(inserted)) == inserted
