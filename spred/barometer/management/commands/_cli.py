"""What the barometer's management commands share: finding the acting analyst and the wave,
and printing an import report with rich."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from spred.accounts import commands
from spred.accounts.models import User
from spred.accounts.roles import PlatformRole
from spred.barometer.importing import ImportReport
from spred.barometer.models import Wave


def console_for(command: Any) -> Console:
    # The command's OutputWrapper adds line endings of its own; rich gets the stream beneath.
    stream = getattr(command.stdout, "_out", command.stdout)
    return Console(file=stream, width=120, highlight=False, soft_wrap=True)


def acting_analyst(email: str | None) -> User:
    """The analyst a command acts as: ``--as`` (or the older ``--user``), or the only analyst."""
    return commands.acting_user(
        email,
        role=PlatformRole.ANALYST,
        refused=_("%(email)s er ikke aktiv bruger med rollen Analytiker."),
    )


def add_analyst_argument(parser: CommandParser) -> None:
    commands.add_acting_user_argument(
        parser,
        help=_("Analytikeren, kommandoen udføres og logges som."),
        aliases=("--user",),
    )


def wave_for(edition: int) -> Wave:
    wave = Wave.objects.filter(edition=edition).first()
    if wave is None:
        raise CommandError(
            f"There is no wave {edition}. Create it in the analyst workspace, or pass "
            "--reference-period to create it here."
        )
    return wave


def print_report(console: Console, report: ImportReport) -> None:
    if not report.problems:
        return
    table = Table(title="Import report", show_lines=False)
    table.add_column("")
    table.add_column("File")
    table.add_column("Row", justify="right")
    table.add_column("Column")
    table.add_column("Problem")
    for problem in report.problems:
        table.add_row(
            "[red]Fejl[/red]" if problem.is_error else "[yellow]Advarsel[/yellow]",
            problem.file,
            "" if problem.row is None else str(problem.row),
            problem.column,
            problem.reason,
        )
    console.print(table)
    console.print(f"{len(report.errors)} errors, {len(report.warnings)} warnings.")
