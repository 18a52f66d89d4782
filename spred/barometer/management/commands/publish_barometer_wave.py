"""python manage.py publish_barometer_wave --wave 2023 [--unpublish]"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from spred.barometer.choices import Breakdown
from spred.barometer.commands import acting_analyst, add_analyst_argument, console_for, wave_for
from spred.barometer.indicators import sync_indicators
from spred.barometer.models import PublishedEstimate
from spred.barometer.services.publishing import publish_wave, unpublish_wave
from spred.core.policies import ActionNotAllowed


class Command(BaseCommand):
    help = (
        "Compute every indicator of a wave with the estimation engine, apply disclosure control "
        "and publish the cells (replacing earlier ones), or take the wave down with --unpublish."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wave", type=int, required=True)
        parser.add_argument("--unpublish", action="store_true")
        add_analyst_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self)
        user = acting_analyst(options.get("acting_as"))
        wave = wave_for(options["wave"])
        try:
            if options["unpublish"]:
                removed = unpublish_wave(acting_user=user, wave=wave)
                console.print(f"Wave {wave.edition} unpublished; {removed} cells removed.")
                return
            sync = sync_indicators()
            if sync.changed:
                console.print(
                    f"Indicators: {len(sync.created)} created, {len(sync.updated)} updated."
                )
            with console.status(f"Estimating wave {wave.edition} …"):
                result = publish_wave(acting_user=user, wave=wave)
        except (ActionNotAllowed, ValidationError) as exc:
            message = exc.message if isinstance(exc, ActionNotAllowed) else " ".join(exc.messages)
            raise CommandError(message) from exc
        for indicator, reason in result.skipped:
            console.print(f"[yellow]Skipped[/yellow] {indicator.slug}: {reason}")
        table = Table(title=f"Headline figures, {wave.title}")
        for column in ("Indicator", "Estimate", "95 % CI", "n"):
            table.add_column(column)
        headline = PublishedEstimate.objects.filter(
            wave=wave, breakdown=Breakdown.TOTAL, indicator__is_headline=True
        ).select_related("indicator")
        for cell in headline:
            if cell.estimate is None:
                table.add_row(cell.indicator.slug, "–", "–", "–")
                continue
            table.add_row(
                cell.indicator.slug,
                f"{cell.estimate:.1%}",
                f"{cell.ci_low:.1%}–{cell.ci_high:.1%}" if cell.ci_low is not None else "–",
                str(cell.n),
            )
        console.print(table)
        console.print(
            f"[green]Published[/green] wave {wave.edition}: {result.cells} cells, "
            f"{result.suppressed} suppressed by disclosure control"
            + (f", replacing {result.replaced}." if result.replaced else ".")
        )
