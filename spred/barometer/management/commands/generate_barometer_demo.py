"""python manage.py generate_barometer_demo [--seed N] [--out DIR] [--wave YEAR] [--scale F]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spred.barometer.commands import console_for
from spred.barometer.synthetic import DEFAULT_SEED, EDITIONS, generate_wave, population_total


class Command(BaseCommand):
    help = (
        "Write synthetic Innovation Barometer files (codebook YAML, microdata CSV, strata CSV) "
        "for the four demo waves. The data are generated, not collected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--out", type=Path, default=Path("var/barometer-demo"))
        parser.add_argument(
            "--wave", type=int, action="append", choices=EDITIONS, help="only these editions"
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="share of the usual sample size, above 0 and at most 1 (for quick trials)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["scale"] <= 1:
            raise CommandError("--scale must be above 0 and at most 1.")
        console = console_for(self)
        out: Path = options["out"]
        for edition in options.get("wave") or EDITIONS:
            wave = generate_wave(edition, seed=options["seed"], scale=options["scale"])
            paths = wave.write(out)
            console.print(
                f"{edition}: {len(wave.respondents)} respondents, {len(wave.frame)} strata, "
                f"{population_total(wave)} workplaces in the frame → "
                + ", ".join(str(p) for p in paths)
            )
