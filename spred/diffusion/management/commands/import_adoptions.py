"""python manage.py import_adoptions FILE [--dry-run] [--as EMAIL]

Imports adoptions from a CSV, XLSX or JSON file (docs/adoption-format.md). All or nothing: every
row is checked first, and one problem anywhere means nothing is stored. Rows are named as the
file counts them: the spreadsheet row for CSV and XLSX (the header is row 1), ``[0]``, ``[1]``…
for JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.accounts.roles import PlatformRole
from spred.catalogue.importing.cli import problem_lines, progress_bar
from spred.catalogue.importing.problems import ImportFileError
from spred.catalogue.importing.readers import MAX_FILE_BYTES
from spred.core.commands import acting_user, add_acting_user_argument
from spred.core.policies import ActionNotAllowed
from spred.diffusion.import_services import adoptions_import_file
from spred.diffusion.importing import ImportReport
from spred.diffusion.policies import AdoptionPolicy


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
        parser.add_argument("file", help="CSV-, XLSX- eller JSON-fil.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kontrollér og vis, hvad der ville blive gemt, uden at gemme noget.",
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
        data = _read_bytes(path)
        verbosity = int(options.get("verbosity", 1))
        with progress_bar(self.stdout, enabled=verbosity > 0) as progress:
            try:
                report = adoptions_import_file(
                    acting_user=user,
                    data=data,
                    filename=path.name,
                    dry_run=options["dry_run"],
                    progress=progress,
                )
            except ImportFileError as exc:
                raise CommandError(f"{path.name}: {exc.message}") from exc
            except ActionNotAllowed as exc:
                raise CommandError(exc.message) from exc
        if not report.ok:
            raise CommandError(_failure(path.name, report))
        self._summary(report, verbosity)

    def _summary(self, report: ImportReport, verbosity: int) -> None:
        if verbosity >= 2 or report.dry_run:
            for adoption in report.adoptions:
                self.stdout.write(
                    f"  {', '.join(adoption.rows)}: {adoption.organisation} · {adoption.solution}"
                    f" – {adoption.status_label} ({adoption.verification_label})"
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
        if report.dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Prøvekørsel uden fejl: %(counts)s. Intet er gemt.") % {"counts": counts}
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Importeret: %(counts)s.") % {"counts": counts}))


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise CommandError(_("Filen %(path)s findes ikke.") % {"path": path})
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CommandError(
            _("%(name)s er for stor (%(size)s MB). Den største tilladte størrelse er %(max)s MB.")
            % {
                "name": path.name,
                "size": f"{size / (1024 * 1024):.1f}",
                "max": MAX_FILE_BYTES // (1024 * 1024),
            }
        )
    return path.read_bytes()


def _failure(name: str, report: ImportReport) -> str:
    lines = [
        ngettext(
            "%(name)s: %(n)s problem – intet er importeret.",
            "%(name)s: %(n)s problemer – intet er importeret.",
            len(report.problems),
        )
        % {"name": name, "n": len(report.problems)},
        *problem_lines(report.problems),
    ]
    return "\n".join(lines)
