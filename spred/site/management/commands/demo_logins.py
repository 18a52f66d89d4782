"""Print the address and the demo logins (make run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spred.organisations.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Vis adressen og demo-logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Spred kører på {options['url']}"))
        self.stdout.write(f"Demo-logins (adgangskode for alle: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.email:40} {user.what}")
        self.stdout.write("Indholdet er fiktive eksempler. Stop serveren med Ctrl+C.")
        self.stdout.write("")
