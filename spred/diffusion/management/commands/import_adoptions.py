"""python manage.py import_adoptions FILE [--dry-run] [--as EMAIL]

Imports adoptions from a CSV, XLSX or JSON file (docs/adoption-format.md). All or nothing: every
row is checked first, and one problem anywhere means nothing is stored. Rows are named as the
file counts them: the spreadsheet row for CSV and XLSX (the header is row 1), ``[0]``, ``[1]``…
for JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from spred.accounts.commands import acting_user, add_acting_user_argument
from spred.accounts.roles import PlatformRole
from spred.core.importing.cli import add_file_arguments, print_summary, run_import
from spred.diffusion.policies import AdoptionPolicy
from spred.diffusion.services.imports import adoptions_import_file


def _acting_user(email: str | None) -> Any:
    """The person the import is done and logged as: ``--as``, or the platform's only editor.
    Members of an organisation may import too (``AdoptionPolicy``'s ``create``)."""
    return acting_user(
        email,
        role=PlatformRole.EDITOR,
        allowed=lambda user: AdoptionPolicy.can(user, "create"),
        refused=_(
            "%(email)s er hverken redaktør eller medlem af en organisation og kan ikke "
            "importere ibrugtagninger."
        ),
    )


class Command(BaseCommand):
    help = (
        "Importér ibrugtagninger fra en CSV-, XLSX- eller JSON-fil (docs/adoption-format.md). "
        "Alt eller intet: én fejl, og intet gemmes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_file_arguments(
            parser,
            file_help="CSV-, XLSX- eller JSON-fil.",
            dry_run_help="Kontrollér og vis, hvad der ville blive gemt, uden at gemme noget.",
        )
        add_acting_user_argument(
            parser,
            help=(
                "Den bruger, importen udføres og logges som. Medlemmer af en organisation "
                "registrerer verificeret for deres egen organisation og afventende for andre. "
                "Kan udelades, når platformen har netop én redaktør."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = _acting_user(options["acting_as"])
        path = Path(options["file"])
        verbosity = int(options.get("verbosity", 1))
        report = run_import(
            self,
            path,
            lambda data, progress: adoptions_import_file(
                acting_user=user,
                data=data,
                filename=path.name,
                dry_run=options["dry_run"],
                progress=progress,
            ),
            verbosity=verbosity,
        )
        counts = _(
            "%(created)s nye ibrugtagninger, %(appended)s udbygget, %(events)s statusændringer "
            "(%(verified)s verificeret, %(pending)s afventer bekræftelse)"
        ) % {
            "created": report.created,
            "appended": report.appended,
            "events": report.events,
            "verified": report.verified,
            "pending": report.pending,
        }
        print_summary(
            self,
            lines=(
                f"  {', '.join(a.rows)}: {a.organisation} · {a.solution}"
                f" – {a.status_label} ({a.verification_label})"
                for a in report.adoptions
            ),
            counts=counts,
            dry_run_message=_("Prøvekørsel uden fejl: %(counts)s. Intet er gemt."),
            dry_run=report.dry_run,
            verbosity=verbosity,
        )
