"""The ``scoresync`` command line: data on stdout, one clear line per problem on stderr.

Every command has ``--help``. A user error exits non-zero with a single line
``scoresync: error: ...`` and no traceback; ``SCORESYNC_DEBUG=1`` shows the
traceback of an unexpected failure.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping
from enum import IntEnum
from typing import Any

import click

from scoresync.errors import ScoreSyncError


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
}
"""Every command of ``scoresync``, registered here and only here."""


@click.group(
    cls=LazyGroup,
    context_settings=CONTEXT_SETTINGS,
    invoke_without_command=True,
    commands_at={
        "new": _CLI + "project_cmds:new_command",
        "info": _CLI + "project_cmds:info_command",
        "demo": _CLI + "project_cmds:demo_command",
        "tui": _CLI + "project_cmds:tui_command",
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


def _say_error(message: str) -> None:
    click.echo(f"scoresync: error: {message}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return (and exit with) its exit code."""
    code = run(argv)
    sys.exit(int(code))


def run(argv: list[str] | None = None) -> ExitCode:
    """Run the command line without exiting; return the exit code."""
    try:
        cli.main(args=argv, prog_name="scoresync", standalone_mode=False)
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
        _say_error(
            f"unexpected failure ({type(error).__name__}: {error}); "
            "run again with SCORESYNC_DEBUG=1 for details and report it"
        )
        return ExitCode.INTERNAL_ERROR
    return ExitCode.OK
