"""python manage.py import_barometer_codebook FILE --wave 2023 [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spred.barometer.commands import (
    acting_analyst,
    add_analyst_argument,
    console_for,
    print_report,
    wave_for,
)
from spred.barometer.models import Wave
from spred.barometer.services.imports import codebook_import
from spred.barometer.services.waves import wave_create
from spred.core.importing.report import ImportRejected


class Command(BaseCommand):
    help = (
        "Check a codebook (YAML or JSON) and store it as the wave's next codebook version. "
        "Nothing is stored when the file has an error; every problem is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--wave", type=int, required=True, help="edition year, e.g. 2023")
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")
        add_analyst_argument(parser)
        parser.add_argument(
            "--reference-period", help="create the wave if it does not exist, e.g. 2021–2022"
        )
        parser.add_argument("--title", help="title of a wave created here")

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self)
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        user = acting_analyst(options.get("acting_as"))
        edition = options["wave"]
        create = options.get("reference_period") and not options["dry_run"]
        if create and not Wave.objects.filter(edition=edition).exists():
            wave_create(
                acting_user=user,
                edition=edition,
                title=options.get("title") or f"Innovationsbarometeret {edition}",
                reference_period=options["reference_period"],
            )
            console.print(f"Created wave {edition}.")
        wave = wave_for(edition)
        with console.status(f"Checking {path.name} …"):
            try:
                result = codebook_import(
                    acting_user=user,
                    wave=wave,
                    content=path.read_bytes(),
                    filename=path.name,
                    dry_run=options["dry_run"],
                )
            except ImportRejected as exc:
                print_report(console, exc.report)
                raise CommandError("The codebook was not imported.") from exc
        print_report(console, result.report)
        if result.dry_run:
            console.print(f"[green]OK:[/green] {result.questions} questions; nothing stored.")
        else:
            assert result.codebook is not None
            console.print(
                f"[green]Imported[/green] codebook version {result.codebook.version} "
                f"with {result.questions} questions for wave {wave.edition}."
            )
