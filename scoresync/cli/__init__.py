"""The ``scoresync`` command line: data on stdout, one clear line per problem on stderr.

Every command has ``--help``. A user error exits non-zero with a single line
``scoresync: error: ...`` and no traceback; ``SCORESYNC_DEBUG=1`` shows the
traceback of an unexpected failure.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
import sys
import unicodedata
from collections.abc import Mapping
from enum import IntEnum
from typing import Any

import click

from scoresync.errors import InternalFailure, ScoreSyncError
from tempo.common.errors import undecodable


class ExitCode(IntEnum):
    """Process exit codes of the ``scoresync`` command."""

    OK = 0
    INPUT_ERROR = 1
    USAGE_ERROR = 2
    INTERNAL_ERROR = 3
    INTERRUPTED = 130


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class LazyGroup(click.Group):
    """A command group whose commands are imported when one is run or listed in help.

    ``commands_at`` maps each command name to ``"module:attribute"``, so that
    ``scoresync --version`` and a command's own work load only what they use.
    """

    def __init__(self, *args: Any, commands_at: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands_at = dict(commands_at)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.commands_at})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands_at:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = self.commands_at[cmd_name].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


def _group(name: str, help_text: str, commands_at: Mapping[str, str]) -> LazyGroup:
    return LazyGroup(name=name, help=help_text, commands_at=commands_at)


_CLI = "scoresync.cli."

GROUPS: dict[str, LazyGroup] = {
    "cue": _group(
        "cue",
        "Add, list, edit and remove music cues.",
        {
            "add": _CLI + "cue_cmds:cue_add",
            "list": _CLI + "cue_cmds:cue_list",
            "edit": _CLI + "cue_cmds:cue_edit",
            "remove": _CLI + "cue_cmds:cue_remove",
        },
    ),
    "hit": _group(
        "hit",
        "Add, list, edit and remove hit points inside a cue.",
        {
            "add": _CLI + "cue_cmds:hit_add",
            "list": _CLI + "cue_cmds:hit_list",
            "edit": _CLI + "cue_cmds:hit_edit",
            "remove": _CLI + "cue_cmds:hit_remove",
        },
    ),
    "reel": _group(
        "reel",
        "Add, list, rename, move and remove the reels of a project.",
        {
            "add": _CLI + "reel_cmds:reel_add",
            "list": _CLI + "reel_cmds:reel_list",
            "rename": _CLI + "reel_cmds:reel_rename",
            "set-start": _CLI + "reel_cmds:reel_set_start",
            "remove": _CLI + "reel_cmds:reel_remove",
        },
    ),
    "tc": _group(
        "tc", "Timecode arithmetic and conversion.", {"convert": _CLI + "tc_cmds:tc_convert"}
    ),
    "tempo": _group(
        "tempo",
        "Find tempos that catch a cue's hits; set, show and clear its tempo map.",
        {
            "find": _CLI + "tempo_cmds:tempo_find",
            "plan": _CLI + "tempo_plan_cmds:tempo_plan",
            "set": _CLI + "tempo_cmds:tempo_set",
            "show": _CLI + "tempo_cmds:tempo_show",
            "clear": _CLI + "tempo_cmds:tempo_clear",
            "click": _CLI + "tempo_calc_cmds:tempo_click",
            "fit": _CLI + "tempo_calc_cmds:tempo_fit",
        },
    ),
    "click": _group(
        "click",
        "Render click tracks that land on picture.",
        {"render": _CLI + "deliver_cmds:click_render"},
    ),
    "export": _group(
        "export",
        "Write deliverables: MIDI tempo maps, MusicXML, timing sheets, streamers.",
        {
            "midi": _CLI + "deliver_cmds:export_midi",
            "musicxml": _CLI + "sheet_cmds:export_musicxml",
            "timing-sheet": _CLI + "sheet_cmds:export_timing_sheet",
            "streamers": _CLI + "sheet_cmds:export_streamers",
        },
    ),
    "import": _group(
        "import",
        "Read a composer's files back into the project.",
        {"midi": _CLI + "deliver_cmds:import_midi"},
    ),
    "edl": _group(
        "edl",
        "Read CMX 3600 edit decision lists, and map positions from one to another.",
        {"parse": _CLI + "editorial_cmds:edl_parse", "map": _CLI + "conform_cmds:edl_map"},
    ),
    "cut": _group(
        "cut",
        "Read the picture editor's cuts (EDL, FCP 7 XML, FCPXML, AAF, OTIO) and compare two.",
        {"show": _CLI + "editorial_cmds:cut_show", "diff": _CLI + "conform_cmds:cut_diff"},
    ),
    "music": _group(
        "music",
        "The cue sheet's metadata: production header, works, their writers and publishers, "
        "and uses by cue.",
        {
            "header": _CLI + "music_cmds:music_header",
            "work": _CLI + "music_cmds:work_group",
            "party": _CLI + "music_cmds:party_group",
            "use": _CLI + "music_cmds:use_group",
            "import": "cuesheets.commands:music_import",
        },
    ),
    "cuesheet": _group(
        "cuesheet",
        "Validate and export the PRO music cue sheet (XLSX, PDF, CSV, JSON).",
        {
            "validate": "cuesheets.commands:cuesheet_validate",
            "export": "cuesheets.commands:cuesheet_export",
        },
    ),
    "spot": _group(
        "spot",
        "Spotting notes for the composer, and spots imported from markers, locators and CSV.",
        {"export": "cuesheets.commands:spot_export", "import": "cuesheets.commands:spot_import"},
    ),
    "temp": _group(
        "temp",
        "Analyse temp music, attach it to cues, fit it to the scene and render it at timecode.",
        {
            "analyze": _CLI + "temp_cmds:temp_analyze",
            "attach": _CLI + "temp_cmds:temp_attach",
            "show": _CLI + "temp_cmds:temp_show",
            "correct": _CLI + "temp_cmds:temp_correct",
            "fit": _CLI + "temp_cmds:temp_fit",
            "render": _CLI + "temp_cmds:temp_render",
            "follow": _CLI + "temp_cmds:temp_follow",
            "map": _CLI + "temp_cmds:temp_map",
        },
    ),
    "library": _group(
        "library",
        "Index folders of music, and find what fits a cue by tempo, meter, length and hits.",
        {
            "add": _CLI + "library_cmds:library_add",
            "find": _CLI + "library_cmds:library_find",
            "tag": _CLI + "library_cmds:library_tag",
            "list": _CLI + "library_cmds:library_list",
            "status": _CLI + "library_cmds:library_status",
        },
    ),
}
"""Every command of ``scoresync``, registered here and only here."""


@click.group(
    cls=LazyGroup,
    context_settings=CONTEXT_SETTINGS,
    invoke_without_command=True,
    commands_at={
        "new": _CLI + "project_cmds:new_command",
        "set": _CLI + "project_cmds:set_command",
        "info": _CLI + "project_cmds:info_command",
        "demo": _CLI + "project_cmds:demo_command",
        "tui": _CLI + "project_cmds:tui_command",
        "conform": _CLI + "conform_cmds:conform_command",
    },
)
@click.version_option(package_name="scoresync", prog_name="scoresync")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Spot music cues against picture, find tempos that catch the hits, and deliver
    click tracks, MIDI tempo maps and timing sheets.

    Run without a command in a folder that holds one project to open it in the
    terminal UI.
    """
    if ctx.invoked_subcommand is None:
        from scoresync.cli.launch import open_folder_project

        open_folder_project(ctx)


for _name, _command in GROUPS.items():
    cli.add_command(_command, _name)


_ESCAPES = {
    "\x00": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
}
_REORDERING = frozenset("\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional embeddings, overrides and isolates: they reorder the text after them."""


def visible(text: str) -> str:
    r"""``text`` from a user or a file, safe to print on a terminal: control characters
    (ESC, BEL, CR, newline ...), C1 controls, lone surrogates, line separators and
    bidirectional overrides appear as escapes, everything else as it is. ESC is ``\e``
    (so ``ESC [31m`` cannot turn the terminal red), the usual controls ``\t``, ``\n``,
    ``\r``, ``\a``, the others ``\xNN`` or ``\uNNNN``.

    Every command prints user text (titles, labels, names, cue numbers as typed) through
    this one function.

    >>> print(visible("door\x1b[2J slam\x07"), visible("Überfahrt"))
    door\e[2J slam\a Überfahrt
    """
    if text.isprintable():
        return text
    return "".join(_visible_character(character) for character in text)


def _visible_character(character: str) -> str:
    if character in _ESCAPES:
        return _ESCAPES[character]
    code = ord(character)
    category = unicodedata.category(character)
    if category in ("Cc", "Cs", "Zl", "Zp") or character in _REORDERING:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return character


MAX_MESSAGE = 1000
"""The longest error message shown, in characters: beyond it the middle (usually a value
typed or read, repeated back) is cut."""


def _say_error(message: str) -> None:
    shown = visible(message)
    if len(shown) > MAX_MESSAGE:
        shown = f"{shown[: MAX_MESSAGE // 2]} ... {shown[-MAX_MESSAGE // 2 :]}"
    click.echo(f"scoresync: error: {shown}", err=True)


_OS_ADVICE = {
    errno.ENAMETOOLONG: "the name is too long (at most 255 bytes a name, 4096 a path); "
    "choose a shorter one",
    errno.ENOENT: "no such file or folder; check the name and folder",
    errno.ENOTDIR: "a part of the path is not a folder; check the path",
    errno.EISDIR: "it is a folder; give a file name",
    errno.EACCES: "permission denied; choose a place you may write to, or change the permissions",
    errno.EPERM: "not permitted; choose another place, or change the permissions",
    errno.EROFS: "the file system is read-only; write somewhere else",
    errno.ENOSPC: "the disk is full; free some space and run it again",
    errno.EDQUOT: "the disk quota is used up; free some space and run it again",
    errno.ELOOP: "too many symbolic links; check the path",
    errno.EFBIG: "the file would be too large for this file system",
}
"""The file-system errors that come from the paths and the disk a user gives, not from a
fault in scoresync, with what to do about each."""


def input_problem(error: BaseException) -> str | None:
    """The message for an error that bad input (not a fault of scoresync) raises from deep
    inside Python, or ``None`` for an error that is a fault to report:

    * a file operation on a path the user gave that the file system refuses (a name over
      255 bytes, a missing folder, a full or read-only disk);
    * text turned into an integer with more digits than Python reads (4300);
    * text holding bytes that are not UTF-8 (lone surrogates) written to a file.

    A ``RecursionError`` or any other ``ValueError`` stays a fault: the readers that can
    meet deep or odd input (the project file, MIDI files) refuse it themselves.
    """
    if isinstance(error, OSError) and error.errno in _OS_ADVICE and error.filename:
        name = os.fsdecode(error.filename)
        return f"{name}: {_OS_ADVICE[error.errno]}"
    if isinstance(error, UnicodeEncodeError) and error.reason == "surrogates not allowed":
        return (
            f"text given holds {undecodable(error.object[error.start : error.end])}, bytes "
            "that are not UTF-8 (a terminal or script in another encoding?); give it again "
            "as UTF-8"
        )
    digits = _INT_DIGITS.search(str(error)) if type(error) is ValueError else None
    if digits is not None:
        return (
            f"a number given has {digits[1]} digits, far more than any value scoresync reads; "
            "check the command line and the file"
        )
    return None


_INT_DIGITS = re.compile(
    r"^Exceeds the limit \(\d+ digits\) for integer string conversion: "
    r"value has (\d+) digits"
)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return (and exit with) its exit code."""
    code = run(argv)
    sys.exit(int(code))


def run(argv: list[str] | None = None) -> ExitCode:
    """Run the command line without exiting; return the exit code."""
    try:
        cli.main(args=argv, prog_name="scoresync", standalone_mode=False)
    except BaseException as error:  # noqa: BLE001  said() answers it or raises it again
        return said(error)
    return ExitCode.OK


def said(error: BaseException) -> ExitCode:
    """Say ``error`` as the command line says every failure (one line on stderr, no
    traceback) and return the exit code it ends with; what is no failure of a command
    (``SystemExit``) goes on."""
    try:
        raise error
    except InternalFailure as error:
        _say_error(str(error))
        return ExitCode.INTERNAL_ERROR
    except ScoreSyncError as error:
        _say_error(str(error))
        return ExitCode.INPUT_ERROR
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error), err=True)
        return ExitCode.USAGE_ERROR
    except click.UsageError as error:
        hint = ""
        if error.ctx is not None:
            hint = f" (see '{error.ctx.command_path} --help')"
        _say_error(f"{error.format_message()}{hint}")
        return ExitCode.USAGE_ERROR
    except click.Abort:
        _say_error("interrupted")
        return ExitCode.INTERRUPTED
    except click.ClickException as error:
        _say_error(error.format_message())
        return ExitCode(error.exit_code) if error.exit_code in (1, 2) else ExitCode.INPUT_ERROR
    except KeyboardInterrupt:
        _say_error("interrupted")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as error:  # the last guard: no traceback reaches a user
        if os.environ.get("SCORESYNC_DEBUG"):
            raise
        problem = input_problem(error)
        if problem is not None:
            _say_error(problem)
            return ExitCode.INPUT_ERROR
        _say_error(
            f"unexpected failure ({type(error).__name__}: {error}); "
            "run again with SCORESYNC_DEBUG=1 for details and report it"
        )
        return ExitCode.INTERNAL_ERROR
