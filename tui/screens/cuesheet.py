"""The Cue sheet screen: the project's music cue sheet as a society would read it, with
every validation finding beside what it names.

``CueSheetScreen(project, project_path)`` shows the header block (production, programme
and total music durations, the share convention and the target), the uses in sheet order
(sequence, cue, title, usage code, in, out, seconds) each marked with its findings, the
selected use's work and parties (role, society, IPI, share) with their findings, and the
list of every finding (errors first). ``t`` changes the target (US, UK, DDEX) and checks
again; ``x`` writes the sheet and ``s`` the spotting notes, asking for the file name (its
extension chooses the format), in a worker; a sheet with errors is written only when
asked to. The screen never changes the project.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cuesheets.sheet import CueSheet, build_sheet, clock_text
from cuesheets.validate import Finding, Severity, validate
from scoresync.errors import ScoreSyncError
from scoresync.project.music import Target, Work
from tui.keys import CUESHEET_BINDINGS
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from scoresync.project.model import Project

__all__ = ["CueSheetScreen", "export_path_parser"]

SHEET_FORMATS = ("xlsx", "pdf", "csv", "json")
NOTES_FORMATS = ("txt", "csv", "pdf")


def export_path_parser(folder: Path, formats: tuple[str, ...]):  # noqa: ANN201
    """A parser for the export dialog: the path (relative to ``folder``) and its format,
    taken from the extension."""

    def parse(text: str) -> tuple[Path, str]:
        name = text.strip()
        if not name:
            raise ValueError("name the file to write")
        path = folder / Path(name).expanduser()
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in formats:
            shown = ", ".join(f".{f}" for f in formats)
            raise ValueError(f"end the name with {shown} to choose the format")
        if not path.parent.is_dir():
            raise ValueError(f"the folder {path.parent} does not exist; create it first")
        return path, suffix

    return parse


def _marks(findings: list[Finding]) -> Text:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    text = Text()
    if errors:
        text.append(f"{errors} error{'s' if errors != 1 else ''}", style="bold red")
    if warnings:
        text.append(" " if errors else "")
        text.append(f"{warnings} warning{'s' if warnings != 1 else ''}", style="yellow")
    return text


def _finding_text(finding: Finding) -> Text:
    style = "bold red" if finding.severity is Severity.ERROR else "yellow"
    return Text.assemble(
        (f"{finding.severity.value}: ", style), f"{finding.field}: {finding.message}"
    )


class CueSheetScreen(Screen[None]):
    """The cue sheet, its findings, and its exports."""

    BINDINGS: ClassVar[list[BindingType]] = [*CUESHEET_BINDINGS]
    AUTO_FOCUS = "#sheet-uses"
    DEFAULT_CSS = """
    CueSheetScreen {
        layout: vertical;
        & #sheet-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & #sheet-header { height: auto; max-height: 7; padding: 0 1; }
        & #sheet-body { height: 1fr; }
        & #sheet-uses { width: 3fr; }
        & #sheet-work { width: 2fr; padding: 0 1; }
        & #sheet-findings { height: auto; max-height: 9; }
        & #sheet-uses, & #sheet-work, & #sheet-findings {
            border: round $border-blurred;
            border-title-color: $text-muted;
        }
        & #sheet-uses:focus, & #sheet-findings:focus { border: round $border; }
    }
    """

    def __init__(self, project: Project, project_path: Path) -> None:
        super().__init__(id="cuesheet")
        self.project = project
        self.project_path = project_path
        self.target: Target = project.music.header.target
        self.sheet: CueSheet = build_sheet(project, target=self.target)
        self.findings: list[Finding] = []
        self.writing = False

    def compose(self) -> ComposeResult:
        yield Static(id="sheet-title", markup=False)
        yield Static(id="sheet-header", markup=False)
        with Horizontal(id="sheet-body"):
            yield DataTable(id="sheet-uses", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="sheet-work"):
                yield Static(id="sheet-work-text")
        with Vertical():
            yield DataTable(id="sheet-findings", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        uses = self.query_one("#sheet-uses", DataTable)
        uses.border_title = "Uses"
        uses.add_columns("seq", "cue", "title", "usage", "in", "out", "secs", "findings")
        findings = self.query_one("#sheet-findings", DataTable)
        findings.border_title = "Findings"
        findings.add_columns("place", "finding")
        self.query_one("#sheet-work").border_title = "Work"
        self.check()

    # -- views -----------------------------------------------------------------------------

    def check(self) -> None:
        """Build the sheet and its findings for the target, and show them."""
        self.sheet = build_sheet(self.project, target=self.target)
        self.findings = sorted(
            validate(self.project, target=self.target),
            key=lambda f: (f.severity is not Severity.ERROR, f.place),
        )
        header = self.project.music.header
        title = self.sheet.title or self.project.title
        self.query_one("#sheet-title", Static).update(
            f"Cue sheet: {title}   target {self.target.value}   {_plain(_marks(self.findings))}"
        )
        programme = self.sheet.programme_seconds
        lines = [
            "   ".join(
                f"{label}: {value}" for label, value in self.sheet.header_items()[:4] if value
            ),
            "   ".join(
                f"{label}: {value}" for label, value in self.sheet.header_items()[4:] if value
            ),
            f"Programme {'not given' if programme is None else clock_text(programme)}   "
            f"Total music {clock_text(self.sheet.total_music_seconds)} (uses merged)   "
            f"Shares: {header.shares.value}   Seconds round half up from exact frames",
        ]
        self.query_one("#sheet-header", Static).update("\n".join(line for line in lines if line))
        uses = self.query_one("#sheet-uses", DataTable)
        uses.clear()
        for row in self.sheet.rows:
            own = self.findings_for(cue=str(row.use.cue), work=row.use.work)
            uses.add_row(
                str(row.sequence),
                str(row.use.cue),
                row.title or f"(no work {row.use.work})",
                row.usage_code or "-",
                row.start_tc,
                row.end_tc,
                str(row.seconds),
                _marks(own),
            )
        table = self.query_one("#sheet-findings", DataTable)
        table.clear()
        for finding in self.findings:
            table.add_row(finding.place, _finding_text(finding))
        if not self.findings:
            table.add_row("", Text("No findings: the sheet is ready to send", style="green"))
        self._show_work()

    def findings_for(
        self, *, cue: str | None = None, work: str | None = None, party: int | None = None
    ) -> list[Finding]:
        """The findings that name exactly this use (``cue``), work or party."""
        if cue is not None:
            return [finding for finding in self.findings if finding.cue == cue]
        return [
            finding
            for finding in self.findings
            if finding.cue is None and finding.work == work and finding.party == party
        ]

    def selected_work(self) -> Work | None:
        rows = self.sheet.rows
        if not rows:
            return None
        row = rows[min(max(self.query_one("#sheet-uses", DataTable).cursor_row, 0), len(rows) - 1)]
        return row.work

    def work_text(self, work: Work) -> Text:
        """The work and its parties, each field's findings beside it."""
        text = Text()
        text.append(f"{work.id}  {work.title}\n", style="bold")
        details = [
            ("origin", work.origin.value),
            ("ISWC", work.iswc),
            ("ISRC", work.isrc),
            ("library", work.library),
            ("catalogue", work.catalogue),
        ]
        text.append("   ".join(f"{name} {value}" for name, value in details if value) + "\n")
        for finding in self.findings_for(work=work.id):
            text.append("  ")
            text.append_text(_finding_text(finding))
            text.append("\n")
        text.append("\n")
        for number, party in enumerate(work.parties, start=1):
            text.append(f"{number}. {party.role.value:<11} {party.name}\n", style="bold")
            share = float(party.share)
            text.append(
                f"   society {party.society or '-'}   IPI {party.ipi or '-'}   share {share:g} %\n"
            )
            for finding in self.findings_for(work=work.id, party=number):
                text.append("   ")
                text.append_text(_finding_text(finding))
                text.append("\n")
        return text

    def _show_work(self) -> None:
        work_now = self.selected_work()
        widget = self.query_one("#sheet-work-text", Static)
        if work_now is None:
            message = (
                "No uses yet: add works and uses with 'scoresync music work add' and "
                "'scoresync music use add', or import them with 'scoresync music import'."
            )
            widget.update(Text(message))
            return
        widget.update(self.work_text(work_now))

    @on(DataTable.RowHighlighted, "#sheet-uses")
    def _use_highlighted(self) -> None:
        self._show_work()

    # -- actions ---------------------------------------------------------------------------

    def action_cycle_target(self) -> None:
        targets = list(Target)
        self.target = targets[(targets.index(self.target) + 1) % len(targets)]
        self.check()
        self.notify(f"Checked for {self.target.value}", timeout=2)

    def _ask_path(self, kind: str, formats: tuple[str, ...], default: str) -> None:
        from tui.dialogs.entry import EntryDialog

        folder = self.project_path.parent
        shown = ", ".join(f".{f}" for f in formats)

        def chosen(answer: tuple[Path, str] | None) -> None:
            if answer is not None:
                self._write(kind, answer[0], answer[1], ignore_errors=False, force=False)

        self.app.push_screen(
            EntryDialog(
                f"Write the {kind}",
                default,
                export_path_parser(folder, formats),
                help_lines=[f"The extension chooses the format: {shown}", f"Folder: {folder}"],
            ),
            chosen,
        )

    def action_export_sheet(self) -> None:
        stem = self.project_path.name.split(".")[0]
        self._ask_path("cue sheet", SHEET_FORMATS, f"{stem}.cuesheet.xlsx")

    def action_export_notes(self) -> None:
        stem = self.project_path.name.split(".")[0]
        self._ask_path("spotting notes", NOTES_FORMATS, f"{stem}.spotting.pdf")

    @work(thread=True, exclusive=True, group="cuesheet-export")
    def _write(self, kind: str, path: Path, fmt: str, *, ignore_errors: bool, force: bool) -> None:
        from cuesheets.export.write import SheetHasErrors, write_notes, write_sheet
        from scoresync.deliver.targets import ForeignFileError

        self.writing = True
        try:
            if kind == "cue sheet":
                write_sheet(
                    self.project,
                    path,
                    fmt,
                    target=self.target,
                    ignore_errors=ignore_errors,
                    force=force,
                )
            else:
                write_notes(self.project, path, fmt, force=force)
        except SheetHasErrors as error:
            count = len([f for f in error.findings if f.severity is Severity.ERROR])
            self.app.call_from_thread(self._ask_anyway, kind, path, fmt, count)
            return
        except ForeignFileError as error:
            self.app.call_from_thread(self._ask_replace, kind, path, fmt, str(error), ignore_errors)
            return
        except ScoreSyncError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not written", severity="error", markup=False
            )
            return
        finally:
            self.writing = False
        self.app.call_from_thread(
            self.notify, f"Wrote the {kind} to {path}", title="Written", markup=False
        )

    def _ask_anyway(self, kind: str, path: Path, fmt: str, count: int) -> None:
        from tui.dialogs.question import Choice, ChoiceDialog

        def answered(value: str | None) -> None:
            if value == "write":
                self._write(kind, path, fmt, ignore_errors=True, force=False)

        self.app.push_screen(
            ChoiceDialog(
                "The sheet has errors",
                f"{count} error{'s' if count != 1 else ''} would get this sheet rejected or "
                "paid wrongly (see Findings). Write it anyway?",
                [Choice("cancel", "Don't write", "primary"), Choice("write", "Write anyway")],
            ),
            answered,
        )

    def _ask_replace(self, kind: str, path: Path, fmt: str, reason: str, ignore: bool) -> None:
        from tui.dialogs.question import Choice, ChoiceDialog

        def answered(value: str | None) -> None:
            if value == "replace":
                self._write(kind, path, fmt, ignore_errors=ignore, force=True)

        self.app.push_screen(
            ChoiceDialog(
                "Replace the file?",
                reason,
                [Choice("cancel", "Keep it", "primary"), Choice("replace", "Replace it")],
            ),
            answered,
        )

    def action_back(self) -> None:
        self.dismiss(None)


def _plain(text: Text) -> str:
    return text.plain or "no findings"
