"""python manage.py import_publiccode FILE_OR_DIR [--organisation REF] [--publish] [--as EMAIL]

Reads publiccode.yml files (one file, or every publiccode.yml / publiccode.yaml under a directory)
into solutions. Every file is checked against the standard first and each problem printed as
``file: key: message (line:col)``; one invalid file means nothing is imported. The organisation
that keeps the solutions in the catalogue comes from ``--organisation`` or, per file, from the
extension key ``x-spred.organisation``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.accounts import commands
from spred.catalogue.importing.cli import acting_user
from spred.catalogue.importing.readers import RawRecord
from spred.catalogue.importing.runner import ImportOptions, import_records
from spred.catalogue.publiccode.checks import check_publiccode
from spred.catalogue.publiccode.mapping import publiccode_record
from spred.catalogue.publiccode.reading import parse_publiccode
from spred.catalogue.publiccode.standard import EXTENSION_KEY, MAX_BYTES
from spred.core.importing.cli import progress_bar
from spred.core.policies import ActionNotAllowed

FILE_NAMES = ("publiccode.yml", "publiccode.yaml")


def find_files(target: Path) -> list[Path]:
    if target.is_file():
        return [target]
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.is_file() and p.name.lower() in FILE_NAMES)
    raise CommandError(_("%(path)s findes ikke.") % {"path": target})


class Command(BaseCommand):
    help = (
        "Importér løsninger fra publiccode.yml-filer (en fil eller en mappe). Alle filer "
        "kontrolleres først; én ugyldig fil, og intet importeres."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="En publiccode.yml-fil eller en mappe med sådanne.")
        parser.add_argument(
            "--organisation",
            metavar="REF",
            help=(
                "Organisationen, der har løsningerne i kataloget: kommunekode, regionskode, "
                f"CVR-nummer eller kortnavn. Ellers bruges {EXTENSION_KEY}.organisation i filen."
            ),
        )
        parser.add_argument("--publish", action="store_true", help="Publicér løsningerne.")
        parser.add_argument("--dry-run", action="store_true", help="Kontrollér alt, men gem intet.")
        commands.add_acting_user_argument(
            parser,
            help=(
                "Redaktøren eller administratoren, importen udføres og logges som. Kan udelades, "
                "når platformen har netop én redaktør."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["acting_as"])
        target = Path(options["path"])
        files = find_files(target)
        if not files:
            raise CommandError(
                _("Der er ingen publiccode.yml-filer i %(path)s.") % {"path": target}
            )
        base = target if target.is_dir() else target.parent
        organisation = (options["organisation"] or "").strip() or None
        invalid: list[str] = []
        records: list[RawRecord] = []
        for index, path in enumerate(files):
            name = str(path.relative_to(base))
            parsed = None
            if path.stat().st_size > MAX_BYTES:
                problems = [_("filen er for stor (højst %(kb)s kB)") % {"kb": MAX_BYTES // 1024}]
            else:
                parsed = parse_publiccode(path.read_bytes())
                problems = [str(p) for p in check_publiccode(parsed)]
            if not problems and parsed is not None and parsed.data is not None:
                record = publiccode_record(parsed.data, organisation=organisation)
                if not record["organisation"]:
                    problems = [
                        _(
                            "organisationen mangler: angiv --organisation eller "
                            "%(key)s.organisation i filen"
                        )
                        % {"key": EXTENSION_KEY}
                    ]
                else:
                    records.append(RawRecord(row=name, data=record, index=index))
            for problem in problems:
                self.stdout.write(f"{name}: {problem}")
            if problems:
                invalid.append(name)
            elif int(options.get("verbosity", 1)) >= 2:
                self.stdout.write(f"{name}: {_('gyldig')}")
        if invalid:
            raise CommandError(
                ngettext(
                    "%(n)s fil er ugyldig – intet er importeret.",
                    "%(n)s filer er ugyldige – intet er importeret.",
                    len(invalid),
                )
                % {"n": len(invalid)}
            )
        run = ImportOptions(publish=options["publish"], dry_run=options["dry_run"])
        with progress_bar(self.stdout, enabled=int(options.get("verbosity", 1)) > 0) as progress:
            try:
                report = import_records(
                    acting_user=user, records=records, options=run, progress=progress
                )
            except ActionNotAllowed as exc:
                raise CommandError(exc.message) from exc
        if not report.ok:
            lines = [
                f"{p.row}: {p.field}: {p.reason}" if p.field else f"{p.row}: {p.reason}"
                for p in report.problems
            ]
            raise CommandError(
                "\n".join([_("Intet er importeret:"), *lines]),
            )
        for entry in report.entries:
            self.stdout.write(f"{entry.row}: {entry.slug} ({entry.status_label})")
        message = ngettext(
            "%(n)s løsning importeret.", "%(n)s løsninger importeret.", report.solutions
        ) % {"n": report.solutions}
        if report.dry_run:
            message = _("Prøvekørsel uden fejl: %(message)s Intet er gemt.") % {"message": message}
        self.stdout.write(self.style.SUCCESS(message))
