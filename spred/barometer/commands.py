"""What the barometer's management commands share: finding the acting analyst and the wave,
and printing an import report with rich.

The report is the one the workspace's import pages show (``barometer/analyst/_report.html``),
as a table in the terminal with the same Danish headings. This module lives outside
``management/commands`` because Django takes every module there as a command.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from spred.accounts import commands
from spred.accounts.models import User
from spred.accounts.roles import PlatformRole
from spred.barometer.models import Wave
from spred.core.importing.report import ImportReport


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
    """Every problem of the report (nothing when there is none), then how it went."""
    if not report.problems:
        return
    table = Table(title=_("Kontrolrapport"), show_lines=False)
    table.add_column(_("Alvor"))
    table.add_column(_("Fil"))
    table.add_column(_("Række"), justify="right")
    table.add_column(_("Kolonne"))
    table.add_column(_("Problem"))
    for problem in report.problems:
        table.add_row(
            f"[red]{_('Fejl')}[/red]" if problem.is_error else f"[yellow]{_('Advarsel')}[/yellow]",
            # Rich would take "[svarkoder]" in a reason for markup and drop it.
            escape(problem.file),
            problem.row,
            escape(problem.field),
            escape(problem.reason),
        )
    console.print(table)
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        console.print(
            ngettext(
                "Filen har %(n)s fejl. Intet er gemt.",
                "Filerne har %(n)s fejl. Intet er gemt.",
                errors,
            )
            % {"n": errors}
        )
    else:
        console.print(
            ngettext(
                "Ingen fejl, men %(n)s advarsel.",
                "Ingen fejl, men %(n)s advarsler.",
                warnings,
            )
            % {"n": warnings}
        )
