"""python manage.py export_openapi [path] — write the API's OpenAPI document (``make openapi``)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spred.api.v1 import current_document

DEFAULT_PATH = Path("docs") / "api" / "openapi.json"


class Command(BaseCommand):
    help = (
        "Skriv OpenAPI-dokumentet for /api/v1 som sorteret, indrykket JSON "
        "(standard: docs/api/openapi.json; '-' skriver til stdout)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
        parser.add_argument(
            "--check",
            action="store_true",
            help="Skriv intet; fejl, hvis filen ikke svarer til API'et.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = current_document()
        if options["path"] == "-":
            self.stdout.write(document, ending="")
            return
        path = Path(options["path"])
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        if options["check"]:
            existing = path.read_text(encoding="utf-8") if path.exists() else ""
            if existing != document:
                diff = "".join(
                    difflib.unified_diff(
                        existing.splitlines(keepends=True),
                        document.splitlines(keepends=True),
                        fromfile=str(path),
                        tofile="API",
                        n=2,
                    )
                )
                raise CommandError(
                    f"{path} svarer ikke til API'et. Kør `make openapi` og commit filen.\n{diff}"
                )
            self.stdout.write(self.style.SUCCESS(f"{path} er opdateret."))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        unchanged = path.exists() and path.read_text(encoding="utf-8") == document
        if not unchanged:
            path.write_text(document, encoding="utf-8")
        verb = "uændret" if unchanged else "skrevet"
        self.stdout.write(self.style.SUCCESS(f"OpenAPI-dokumentet er {verb}: {path}"))
