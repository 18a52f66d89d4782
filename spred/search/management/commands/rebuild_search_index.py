"""python manage.py rebuild_search_index [--kind case] — index every published object again."""

from __future__ import annotations

import time
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from spred.search.index import rebuild
from spred.search.models import SearchDocument
from spred.search.registry import providers


class Command(BaseCommand):
    help = (
        "Genopbyg søgeindekset: indeksér alle offentliggjorte objekter igen og fjern dem, "
        "der ikke længere er offentlige."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="ART",
            help="Kun denne art (kan gentages), fx case eller solution. Standard: alle.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        registered = providers()
        kinds: list[str] | None = options.get("kinds")
        if not registered:
            raise CommandError(_("Ingen søgeudbydere er registreret; der er intet at indeksere."))
        unknown = [kind for kind in kinds or [] if kind not in registered]
        if unknown:
            raise CommandError(
                _("Ukendt art: %(unknown)s. Kendte arter: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(sorted(registered))}
            )
        verbosity = int(options.get("verbosity", 1))
        console = Console(file=cast(IO[str], self.stdout), highlight=False)
        started = time.monotonic()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=verbosity < 1,
            transient=True,
        ) as bar:
            task = bar.add_task(_("Indekserer"), total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            written = rebuild(kinds, progress=progress)
        elapsed = time.monotonic() - started
        selected = kinds or sorted(registered)
        for kind in selected:
            count = SearchDocument.objects.filter(kind=kind).count()
            self.stdout.write(_("%(kind)s: %(count)d i indekset") % {"kind": kind, "count": count})
        self.stdout.write(
            self.style.SUCCESS(
                _("Søgeindekset er genopbygget: %(count)d dokumenter på %(seconds)s s.")
                % {"count": written, "seconds": number_format(elapsed, 1)}
            )
        )
