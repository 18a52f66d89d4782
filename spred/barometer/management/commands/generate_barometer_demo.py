"""python manage.py generate_barometer_demo [--seed N] [--out DIR]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spred.barometer.synthetic import DEFAULT_SEED, EDITIONS, generate_wave, population_total

from ._cli import console_for


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

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self)
        out: Path = options["out"]
        for edition in options.get("wave") or EDITIONS:
            wave = generate_wave(edition, seed=options["seed"])
            paths = wave.write(out)
            console.print(
                f"{edition}: {len(wave.respondents)} respondents, {len(wave.frame)} strata, "
                f"{population_total(wave)} workplaces in the frame → "
                + ", ".join(str(p) for p in paths)
            )
