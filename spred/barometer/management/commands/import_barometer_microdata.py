"""python manage.py import_barometer_microdata FILE --strata FILE --wave 2023 [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spred.barometer.choices import LonelyStratumPolicy
from spred.barometer.commands import (
    acting_analyst,
    add_analyst_argument,
    console_for,
    print_report,
    wave_for,
)
from spred.barometer.services.imports import microdata_import
from spred.core.importing.report import ImportRejected


class Command(BaseCommand):
    help = (
        "Check microdata (CSV or XLSX, one row per responding workplace) and the strata with "
        "their population counts against the wave's newest codebook, and store them. All or "
        "nothing: one error and nothing is stored; every problem is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--strata", type=Path, required=True, help="strata file (CSV/XLSX)")
        parser.add_argument("--wave", type=int, required=True, help="edition year, e.g. 2023")
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the microdata the wave already has (required when it has some)",
        )
        parser.add_argument(
            "--lonely",
            choices=[c for c in LonelyStratumPolicy.values if c != LonelyStratumPolicy.FAIL],
            help="accept strata with one respondent and estimate them with this policy",
        )
        add_analyst_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self)
        path: Path = options["file"]
        strata: Path = options["strata"]
        for given in (path, strata):
            if not given.is_file():
                raise CommandError(f"{given} is not a file.")
        user = acting_analyst(options.get("acting_as"))
        wave = wave_for(options["wave"])
        with console.status(f"Checking {path.name} and {strata.name} …"):
            try:
                result = microdata_import(
                    acting_user=user,
                    wave=wave,
                    content=path.read_bytes(),
                    filename=path.name,
                    strata_content=strata.read_bytes(),
                    strata_filename=strata.name,
                    lonely_policy=options.get("lonely"),
                    replace=options["replace"],
                    dry_run=options["dry_run"],
                )
            except ImportRejected as exc:
                print_report(console, exc.report)
                raise CommandError("The microdata were not imported.") from exc
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        print_report(console, result.report)
        verb = "Checked" if result.dry_run else "Imported"
        console.print(
            f"[green]{verb}[/green] {result.respondents} respondents in {result.strata} strata "
            f"for wave {wave.edition}" + ("; nothing stored." if result.dry_run else ".")
        )
