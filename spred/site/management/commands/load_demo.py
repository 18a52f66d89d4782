"""python manage.py load_demo — fictional demo content (only in demo mode).

Each app loads its own demo content; this command runs them in the order one needs the other
(``PARTS``). Running it again adds only what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spred.barometer.demo import load_barometer_demo
from spred.catalogue.demo import load_catalogue_demo
from spred.core.demo import DemoError
from spred.diffusion.demo import load_diffusion_demo
from spred.organisations.demo import load_organisations_demo


def _people(command: BaseCommand) -> None:
    created = load_organisations_demo()
    summary = ", ".join(f"{n} {what}" for what, n in created.items())
    command.stdout.write(command.style.SUCCESS(f"Demo content loaded: {summary} created."))


def _barometer(command: BaseCommand) -> None:
    barometer = load_barometer_demo()
    command.stdout.write(
        command.style.SUCCESS(
            f"Barometer: {barometer.waves} synthetic waves imported and published "
            f"({barometer.respondents} respondents, {barometer.cells} cells, "
            f"{barometer.suppressed} suppressed)."
        )
    )


@dataclass(frozen=True)
class DemoPart:
    name: str
    #: Loads what is missing and says so on the command's output; raises DemoError.
    load: Callable[[BaseCommand], object]


#: The parts in the order they load: the catalogue needs the people's organisations and editor;
#: the adoptions (diffusion) need the catalogue's solutions.
PARTS = (
    DemoPart("people", _people),
    DemoPart("barometer", _barometer),
    DemoPart("catalogue", lambda command: load_catalogue_demo(stdout=command.stdout)),
    DemoPart("diffusion", lambda command: load_diffusion_demo(stdout=command.stdout)),
)


class Command(BaseCommand):
    help = "Indlæs fiktivt demo-indhold. Kræver SPRED_DEMO=1; kan køres igen uden skade."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            choices=[part.name for part in PARTS],
            action="append",
            help=(
                "Indlæs kun denne del (kan gentages). Kataloget kræver 'people', "
                "spredningen kræver kataloget."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SPRED_DEMO:
            raise CommandError("Demo content is only loaded in demo mode (set SPRED_DEMO=1).")
        wanted = set(options["only"] or [part.name for part in PARTS])
        for part in PARTS:
            if part.name not in wanted:
                continue
            try:
                part.load(self)
            except DemoError as exc:
                raise CommandError(str(exc)) from exc
