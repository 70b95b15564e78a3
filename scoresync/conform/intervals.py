"""An interval index: which of many source ranges overlap a given one.

Ranges are kept sorted by start with the longest length, so a query is a bisection to the
first range that could reach the query's start, then a walk while starts stay below its
end: ``O(log n + k)`` for ``k`` ranges near the query.

>>> index = IntervalIndex([(0, 10, "a"), (5, 8, "b"), (20, 30, "c")])
>>> sorted(index.overlapping(7, 21))
['a', 'b', 'c']
>>> index.overlapping(10, 20)
[]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from fractions import Fraction
from typing import Generic, TypeVar

__all__ = ["IntervalIndex"]

T = TypeVar("T")
Number = int | Fraction


class IntervalIndex(Generic[T]):
    """Half-open ranges ``[start, end)`` each carrying a value, queried for overlaps."""

    def __init__(self, ranges: Iterable[tuple[Number, Number, T]]) -> None:
        entries = sorted(ranges, key=lambda entry: entry[0])
        self._starts = [entry[0] for entry in entries]
        self._entries = entries
        self._longest = max((end - start for start, end, _ in entries), default=0)

    def overlapping(self, start: Number, end: Number) -> list[T]:
        """The values of the ranges that share some of ``[start, end)``."""
        found = []
        at = bisect_left(self._starts, start - self._longest)
        entries = self._entries
        while at < len(entries) and entries[at][0] < end:
            low, high, value = entries[at]
            if high > start and low < end:
                found.append(value)
            at += 1
        return found
