"""A decisions file: what applying a conform does with each cue, chosen ahead.

A JSON object from cue number to choice (``follow``, ``proposal`` or ``leave``, see
:class:`~scoresync.conform.cues.Choice`), optionally inside ``{"decisions": {...}}``::

    {"decisions": {"1M1": "proposal", "1M4": "leave", "2M2": "follow"}}

Cues the file does not name take their default (follow the picture, or stay where they
were when they need a decision). Every problem names the file and the cue.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from scoresync.conform.changemap import ConformError
from scoresync.conform.cues import Choice, ProjectConform, check_choice
from scoresync.errors import ScoreSyncError
from scoresync.project.cuenumber import CueNumber

__all__ = ["decisions_text", "read_decisions"]

MAX_BYTES = 4 * 1024 * 1024


def _entries(path: Path) -> Mapping[str, object]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ConformError(f"{path}: too large for a decisions file (over 4 MiB)")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConformError(f"{path}: no such decisions file") from None
    except IsADirectoryError:
        raise ConformError(f"{path}: a folder, not a decisions file") from None
    except UnicodeDecodeError:
        raise ConformError(f"{path}: not UTF-8 text; save the decisions file as UTF-8") from None
    except json.JSONDecodeError as error:
        raise ConformError(
            f"{path}, line {error.lineno}, column {error.colno}: not JSON ({error.msg})"
        ) from None
    except OSError as error:
        raise ConformError(f"{path}: cannot read it ({error.strerror})") from None
    if isinstance(data, dict) and set(data) == {"decisions"}:
        data = data["decisions"]
    if not isinstance(data, dict):
        raise ConformError(
            f'{path}: write the decisions as a JSON object, e.g. {{"1M1": "proposal"}}'
        )
    return data


def read_decisions(path: Path, result: ProjectConform) -> dict[CueNumber, Choice]:
    """The choices in the file at ``path`` for the cues of ``result``, each checked
    against what the conform found (a deleted cue can only be left where it was)."""
    items = {item.cue.number: item for item in result.cues}
    choices: dict[CueNumber, Choice] = {}
    for key, value in _entries(path).items():
        try:
            number = CueNumber.parse(key)
        except ScoreSyncError as error:
            raise ConformError(f"{path}: {key!r} is not a cue number ({error})") from None
        if number not in items:
            raise ConformError(f"{path}: cue {number} is not in the project")
        if not isinstance(value, str):
            raise ConformError(
                f"{path}, cue {number}: the choice is text (follow, proposal or leave), "
                f"got {json.dumps(value)}"
            )
        try:
            choice = Choice.parse(value)
        except ConformError as error:
            raise ConformError(f"{path}, cue {number}: {error}") from None
        problem = check_choice(items[number], choice)
        if problem is not None:
            raise ConformError(f"{path}, cue {number}: cannot {choice.value}: {problem}")
        choices[number] = choice
    return choices


def decisions_text(choices: Mapping[CueNumber, Choice]) -> str:
    """The decisions file for ``choices`` (cues in order), as :func:`read_decisions`
    reads it."""
    ordered = {str(number): choices[number].value for number in sorted(choices)}
    return json.dumps({"decisions": ordered}, indent=2) + "\n"
