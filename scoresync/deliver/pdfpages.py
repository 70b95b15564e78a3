"""What every printed PDF of scoresync shares: the moment it is printed, and pages that
know their count.

:func:`print_moment` is the print date: the moment given, else ``SOURCE_DATE_EPOCH``
(seconds since 1970, UTC) when that is set (for reproducible files), else now; it is also
the document's creation date. :func:`numbered_canvas` makes a reportlab canvas class that
holds its pages back until the document ends, then calls ``decorate(canvas, number,
total)`` on each (headers, footers, "page x of y") before writing it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from scoresync.errors import UsageError

__all__ = ["numbered_canvas", "pdf_date", "print_moment"]


def print_moment(printed: dt.datetime | None = None) -> dt.datetime:
    """When a document is printed: ``printed``, else ``SOURCE_DATE_EPOCH`` (UTC) when that
    is set, else now, in local time."""
    if printed is not None:
        return printed if printed.tzinfo else printed.astimezone()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a time: give whole seconds since "
                "1970-01-01 UTC, or unset it"
            ) from None
    return dt.datetime.now().astimezone()


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date string: ``D:20240517143000+02'00'``."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}'"


def numbered_canvas(decorate: Callable[[Any, int, int], None], moment: dt.datetime) -> type:
    """A canvas class whose pages are decorated once their count is known; the
    document's dates are ``moment``."""
    from reportlab.pdfgen.canvas import Canvas

    created = pdf_date(moment)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.setDateFormatter(lambda *_: created)

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                decorate(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas
