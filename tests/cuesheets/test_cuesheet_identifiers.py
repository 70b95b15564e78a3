"""ISWC (with its check digit), ISRC and IPI formats, table by table."""

from __future__ import annotations

import pytest

from cuesheets.identifiers import (
    ipi_problem,
    isrc_problem,
    iswc_check_digit,
    iswc_problem,
    normal_isrc,
    normal_iswc,
)


@pytest.mark.parametrize(
    ("digits", "check"),
    [
        ("034524680", 1),  # the ISO 15707 example, T-034.524.680-1
        ("000000000", 9),  # 1 (for T): 9 brings it to 10
        ("000000001", 0),  # 1 + 9 x 1 = 10 already
        ("123456789", 4),  # 1 + (1 + 4 + 9 + ... + 81) = 286
    ],
)
def test_iswc_check_digit(digits: str, check: int) -> None:
    assert iswc_check_digit(digits) == check


@pytest.mark.parametrize(
    "text", ["T-034.524.680-1", "T0345246801", "t-034524680-1", " T-034.524.680-1 "]
)
def test_valid_iswcs(text: str) -> None:
    assert iswc_problem(text) is None
    assert normal_iswc(text) == "T-034.524.680-1"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("T-034.524.680-2", "check digit is 2, but the digits 034524680 give 1"),
        ("T-034.524.68-1", "'T-034.524.68-1' is not an ISWC; write T-DDD.DDD.DDD-C"),
        ("034.524.680-1", "'034.524.680-1' is not an ISWC"),
        ("T-O34.524.680-1", "is not an ISWC"),
    ],
)
def test_invalid_iswcs(text: str, problem: str) -> None:
    found = iswc_problem(text)
    assert found is not None and problem in found


@pytest.mark.parametrize("text", ["USRC17607839", "US-RC1-76-07839", "gbayE0601498"])
def test_valid_isrcs(text: str) -> None:
    assert isrc_problem(text) is None


@pytest.mark.parametrize("text", ["US-RC1-76-0783", "U1-RC1-76-07839", "USRC1A607839", ""])
def test_invalid_isrcs(text: str) -> None:
    assert isrc_problem(text) is not None


def test_isrc_is_shown_with_hyphens() -> None:
    assert normal_isrc("usrc17607839") == "US-RC1-76-07839"


@pytest.mark.parametrize("text", ["00052210040", "052210040", "5221004012"])
def test_valid_ipi_numbers(text: str) -> None:
    assert ipi_problem(text) is None


@pytest.mark.parametrize("text", ["52210040", "000522100400", "0005221004O", "I00052210040"])
def test_invalid_ipi_numbers(text: str) -> None:
    assert ipi_problem(text) == (
        f"{text!r} is not an IPI name number of 9 to 11 digits, written as text so leading "
        "zeros stay"
    )
