"""Shared pieces of the command line: project arguments, loading, saving, output."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import click

from scoresync.errors import UsageError
from tempo.common.exact import to_fraction

F = TypeVar("F", bound=Callable[..., Any])

project_argument = click.argument(
    "project_path",
    metavar="PROJECT",
    type=click.Path(dir_okay=False, path_type=Path),
)

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON on stdout."
)


def require_path(path: Path) -> None:
    """Refuse an empty PROJECT argument (``""`` or ``.``) with what to give instead."""
    if str(path).strip() in ("", "."):
        raise UsageError("no project file given: name a PROJECT file such as film.scoresync.json")


def load(path: Path, *, edit: bool = False):  # noqa: ANN201 - a fileio.LoadedProject
    """Load a project file, with errors that name the file.

    A command that will save the project passes ``edit=True``: it then holds the project's
    lock (:mod:`scoresync.project.lock`) from here until the command ends, so another
    scoresync editing the same file waits for it rather than losing its change or this
    one. Temporary files a killed save left are removed then.
    """
    from scoresync.project import lock
    from scoresync.project.fileio import load_project, remove_stray_temporaries

    require_path(path)
    if edit and os.path.exists(path):
        held = lock.hold(path, waiting=lambda message: warn(message))
        click.get_current_context().call_on_close(lambda: lock.release(held))
        remove_stray_temporaries(path)
    return load_project(path)


def save(loaded, project) -> None:  # noqa: ANN001
    """Save ``project`` over the file ``loaded`` came from, refusing if it changed on disk."""
    from scoresync.project.fileio import save_project

    save_project(project, loaded.path, expected=loaded.fingerprint)


def warn(message: str) -> None:
    """Print ``scoresync: warning: MESSAGE`` on stderr: done, but worth a look (control
    characters from user text shown as escapes, see :func:`scoresync.cli.visible`)."""
    from scoresync.cli import visible

    click.echo(f"scoresync: warning: {visible(message)}", err=True)


def emit_json(data: object) -> None:
    """Print ``data`` as indented JSON on stdout. Characters a terminal could act on that
    JSON itself leaves raw (DEL, C1 controls, line separators, bidirectional overrides)
    are written as ``\\uXXXX`` escapes: the same JSON, safe to print."""
    import msgspec

    try:  # msgspec writes what json.dumps would (floats in exponent form aside), quicker
        text = msgspec.json.format(msgspec.json.encode(data), indent=2).decode("utf-8")
    except (TypeError, msgspec.EncodeError):  # a key that is not a string: json names it
        text = json.dumps(data, indent=2, ensure_ascii=False)
    if not text.isascii() or "\x7f" in text:  # (plain ASCII has nothing else to escape)
        text = _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    click.echo(text)


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u061c\u202a-\u202e\u2066-\u2069]")
"""Characters JSON text may hold raw that a terminal would act on or reorder."""


def table(rows: list[list[str]], headers: list[str]) -> str:
    """Format rows as a plain aligned text table (control characters in cells shown as
    escapes, see :func:`scoresync.cli.visible`)."""
    from scoresync.cli import visible

    rows = [[visible(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def option_number(text: str, what: str) -> Fraction:
    """An exact number from the text of option ``what``, such as ``120``, ``117.5`` or ``1/2``."""
    return to_fraction(text, what=what, error=UsageError)
