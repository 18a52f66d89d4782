"""python manage.py load_reference — regions, the 98 municipalities and the ministries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from spred.organisations.reference import load_reference_data


class Command(BaseCommand):
    help = "Indlæs referencedata (regioner, kommuner, ministerier). Kan køres igen uden skade."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_reference_data()
        verbosity = int(options.get("verbosity", 1))
        if verbosity >= 2:
            for line in report.changes:
                self.stdout.write(line)
        kinds = sorted({key.split(":")[0] for key in report.counts})
        for kind in kinds:
            created = report.counts[f"{kind}:created"]
            updated = report.counts[f"{kind}:updated"]
            unchanged = report.counts[f"{kind}:unchanged"]
            self.stdout.write(
                f"{kind}: {created} created, {updated} updated, {unchanged} unchanged"
            )
        total_changed = sum(n for key, n in report.counts.items() if not key.endswith(":unchanged"))
        if total_changed:
            self.stdout.write(
                self.style.SUCCESS(f"Reference data loaded: {total_changed} changes.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Reference data already up to date."))
