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

from spred.accounts import commands
from spred.catalogue.importing.cli import acting_user
from spred.catalogue.importing.runner import ImportOptions, import_file
from spred.core.importing.cli import add_file_arguments, print_summary, run_import


class Command(BaseCommand):
    help = (
        "Importér cases og løsninger fra en JSON-, CSV- eller XLSX-fil i katalogformatet. "
        "Alt eller intet: én fejl, og intet gemmes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_file_arguments(
            parser,
            file_help="JSON-, CSV- eller XLSX-fil.",
            dry_run_help="Kontrollér og vis, hvad der ville blive oprettet, uden at gemme noget.",
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
        verbosity = int(options.get("verbosity", 1))
        run = ImportOptions(
            publish=options["publish"],
            dry_run=options["dry_run"],
            override_reason=options["publish_anyway"].strip(),
        )
        path = Path(options["file"])
        report = run_import(
            self,
            path,
            lambda data, progress: import_file(
                acting_user=user, data=data, filename=path.name, options=run, progress=progress
            ),
            verbosity=verbosity,
        )
        counts = _("%(cases)s cases og %(solutions)s løsninger (%(published)s publiceret)") % {
            "cases": report.cases,
            "solutions": report.solutions,
            "published": report.published,
        }
        print_summary(
            self,
            lines=(
                f"  {entry.row}: {entry.kind_label} »{entry.title}« "
                f"({entry.slug}, {entry.organisation}) – {entry.status_label}"
                for entry in report.entries
            ),
            counts=counts,
            dry_run_message=_(
                "Prøvekørsel uden fejl: %(counts)s ville blive oprettet. Intet er gemt."
            ),
            dry_run=report.dry_run,
            verbosity=verbosity,
        )
