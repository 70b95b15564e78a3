"""The ``scoresync`` command line: data on stdout, one clear line per problem on stderr.

Every command has ``--help``. A user error exits non-zero with a single line
``scoresync: error: ...`` and no traceback; ``SCORESYNC_DEBUG=1`` shows the
traceback of an unexpected failure.
"""

from __future__ import annotations

import os
import sys
from enum import IntEnum

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


@click.group(context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
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


def _register() -> None:
    from scoresync.cli import cue_cmds, export_cmds, project_cmds, tc_cmds, tempo_cmds

    for module in (project_cmds, cue_cmds, tc_cmds, tempo_cmds, export_cmds):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


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
