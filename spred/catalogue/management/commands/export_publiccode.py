"""python manage.py export_publiccode SLUG [-o FILE] — a solution as publiccode.yml.

The file is checked with the same validator the importer uses before it is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from spred.catalogue.models import Solution
from spred.catalogue.publiccode.checks import validate_publiccode
from spred.catalogue.publiccode.writing import NotExportable, dump_publiccode, solution_publiccode


class Command(BaseCommand):
    help = "Skriv en løsning som publiccode.yml (standardens version 0.4)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Løsningens kortnavn.")
        parser.add_argument(
            "-o", "--output", metavar="FIL", help="Skriv til denne fil i stedet for skærmen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # An operator's command: any status, as the operator can read the database anyway.
        solution = Solution.objects.filter(slug=options["slug"]).first()
        if solution is None:
            raise CommandError(
                _("Ingen løsning har kortnavnet %(slug)s.") % {"slug": options["slug"]}
            )
        try:
            text = dump_publiccode(solution_publiccode(solution))
        except NotExportable as exc:
            raise CommandError(exc.message) from exc
        problems = validate_publiccode(text)
        if problems:  # pragma: no cover - the exporter writes what the validator accepts
            raise CommandError("\n".join(str(p) for p in problems))
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(
                self.style.SUCCESS(_("Skrev %(path)s.") % {"path": options["output"]})
            )
        else:
            self.stdout.write(text, ending="")
