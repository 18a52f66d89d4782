"""python manage.py load_demo — fictional demo content (only in demo mode)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from spred.core.demo import load_demo_content


class Command(BaseCommand):
    help = "Indlæs fiktivt demo-indhold. Kræver SPRED_DEMO=1; kan køres igen uden skade."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SPRED_DEMO:
            raise CommandError("Demo content is only loaded in demo mode (set SPRED_DEMO=1).")
        created = load_demo_content()
        summary = ", ".join(f"{n} {what}" for what, n in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary} created."))
