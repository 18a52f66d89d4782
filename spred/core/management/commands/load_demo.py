"""python manage.py load_demo — fictional demo content (only in demo mode)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spred.barometer.demo import load_barometer_demo
from spred.catalogue.demo import DemoDataError, load_catalogue_demo
from spred.core.demo import load_demo_content
from spred.diffusion.demo import DiffusionDemoError, load_diffusion_demo

#: The parts in the order they load: the catalogue needs the people's organisations and editor;
#: the adoptions (diffusion) need the catalogue's solutions.
PARTS = ("people", "barometer", "catalogue", "diffusion")


class Command(BaseCommand):
    help = "Indlæs fiktivt demo-indhold. Kræver SPRED_DEMO=1; kan køres igen uden skade."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            choices=PARTS,
            action="append",
            help=(
                "Indlæs kun denne del (kan gentages). Kataloget kræver 'people', "
                "spredningen kræver kataloget."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SPRED_DEMO:
            raise CommandError("Demo content is only loaded in demo mode (set SPRED_DEMO=1).")
        parts = set(options["only"] or PARTS)
        if "people" in parts:
            created = load_demo_content()
            summary = ", ".join(f"{n} {what}" for what, n in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary} created."))
        if "barometer" in parts:
            barometer = load_barometer_demo()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Barometer: {barometer.waves} synthetic waves imported and published "
                    f"({barometer.respondents} respondents, {barometer.cells} cells, "
                    f"{barometer.suppressed} suppressed)."
                )
            )
        if "catalogue" in parts:
            try:
                load_catalogue_demo(stdout=self.stdout)
            except DemoDataError as exc:
                raise CommandError(str(exc)) from exc
        if "diffusion" in parts:
            try:
                load_diffusion_demo(stdout=self.stdout)
            except DiffusionDemoError as exc:
                raise CommandError(str(exc)) from exc
