"""python manage.py import_catalogue FILE [--dry-run] [--publish] [--as EMAIL]

Imports cases and solutions from a JSON, CSV or XLSX file in the catalogue format
(docs/catalogue-format.md). All or nothing: every row is checked first, and one problem anywhere
means nothing is stored. Rows are named as the file counts them: the spreadsheet row for CSV and
XLSX (the header is row 1), the position in the JSON list for JSON (``[0]``, ``cases[0]``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.catalogue.importing.cli import acting_user, problem_lines, progress_bar
from spred.catalogue.importing.problems import ImportFileError
from spred.catalogue.importing.readers import MAX_FILE_BYTES
from spred.catalogue.importing.runner import ImportOptions, ImportReport, import_file
from spred.core import commands
from spred.core.policies import ActionNotAllowed


class Command(BaseCommand):
    help = (
        "Importér cases og løsninger fra en JSON-, CSV- eller XLSX-fil i katalogformatet. "
        "Alt eller intet: én fejl, og intet gemmes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON-, CSV- eller XLSX-fil.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kontrollér og vis, hvad der ville blive oprettet, uden at gemme noget.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publicér det importerede (ellers bliver det kladder hos organisationerne).",
        )
        parser.add_argument(
            "--publish-anyway",
            metavar="BEGRUNDELSE",
            default="",
            help=(
                "Med --publish: publicér også, hvor redaktionens kriterier ikke er opfyldt, "
                "med denne begrundelse."
            ),
        )
        commands.add_acting_user_argument(
            parser,
            help=(
                "Redaktøren eller administratoren, importen udføres og logges som. Kan udelades, "
                "når platformen har netop én redaktør."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["acting_as"])
        if options["publish_anyway"] and not options["publish"]:
            raise CommandError(_("--publish-anyway bruges kun sammen med --publish."))
        path = Path(options["file"])
        data = _read_bytes(path)
        verbosity = int(options.get("verbosity", 1))
        run = ImportOptions(
            publish=options["publish"],
            dry_run=options["dry_run"],
            override_reason=options["publish_anyway"].strip(),
        )
        with progress_bar(self.stdout, enabled=verbosity > 0) as progress:
            try:
                report = import_file(
                    acting_user=user,
                    data=data,
                    filename=path.name,
                    options=run,
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
            for entry in report.entries:
                self.stdout.write(
                    f"  {entry.row}: {entry.kind_label} »{entry.title}« "
                    f"({entry.slug}, {entry.organisation}) – {entry.status_label}"
                )
        counts = _("%(cases)s cases og %(solutions)s løsninger (%(published)s publiceret)") % {
            "cases": report.cases,
            "solutions": report.solutions,
            "published": report.published,
        }
        if report.dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Prøvekørsel uden fejl: %(counts)s ville blive oprettet. Intet er gemt.")
                    % {"counts": counts}
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
