"""CSV text cells that a spreadsheet shows as text, never runs as a formula.

Spreadsheets read a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, so a hit labelled ``=HYPERLINK(...)`` would run
when a CSV export is opened. :func:`spreadsheet_text` prefixes such a cell with ``'``,
which spreadsheets take as "text follows" and do not show.

It is for free-text columns only (labels a user typed). Numeric columns (frames, seconds,
eighths of a frame) keep their minus signs: a negative number is a value, not a formula.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "spreadsheet_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""


def spreadsheet_text(text: str) -> str:
    """``text`` for a free-text CSV cell: with a ``'`` in front when it starts with one of
    :data:`FORMULA_STARTS`, else as it is.

    >>> spreadsheet_text("=HYPERLINK(\\"x\\")"), spreadsheet_text("door slam")
    ('\\'=HYPERLINK("x")', 'door slam')
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
