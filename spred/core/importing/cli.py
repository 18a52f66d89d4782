"""What the import commands share: reading the file, progress, and the output of problems and
results. Every import command goes through ``run_import`` and ``print_summary``, so they refuse,
report and summarise alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.core.importing.problems import ImportFileError, ImportProblem
from spred.core.importing.report import Progress
from spred.core.importing.tables import MAX_FILE_BYTES
from spred.core.policies import ActionNotAllowed

#: Below this many records a progress bar is more noise than help.
PROGRESS_FROM = 200


def add_file_arguments(parser: CommandParser, *, file_help: str, dry_run_help: str) -> None:
    """The file to import (``file``) and ``--dry-run`` (``dry_run``): check, show, store nothing."""
    parser.add_argument("file", help=file_help)
    parser.add_argument("--dry-run", action="store_true", help=dry_run_help)


def problem_lines(problems: list[ImportProblem]) -> list[str]:
    return [
        f"  {_('række')} {p.row}" + (f", {p.field}" if p.field else "") + f": {p.reason}"
        for p in problems
    ]


class Report(Protocol):
    """What ``run_import`` needs of an import's report."""

    @property
    def ok(self) -> bool: ...

    @property
    def problems(self) -> list[ImportProblem]: ...


R = TypeVar("R", bound=Report)


def read_bytes(path: Path) -> bytes:
    """The file's content; a missing or too large file ends the command before it is read."""
    if not path.is_file():
        raise CommandError(_("Filen %(path)s findes ikke.") % {"path": path})
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CommandError(
            _("%(name)s er for stor (%(size)s MB). Den største tilladte størrelse er %(max)s MB.")
            % {
                "name": path.name,
                "size": f"{size / (1024 * 1024):.1f}",
                "max": MAX_FILE_BYTES // (1024 * 1024),
            }
        )
    return path.read_bytes()


def failure(name: str, problems: list[ImportProblem]) -> str:
    """The command's error for a file with problems: how many, then one line each."""
    lines = [
        ngettext(
            "%(name)s: %(n)s problem – intet er importeret.",
            "%(name)s: %(n)s problemer – intet er importeret.",
            len(problems),
        )
        % {"name": name, "n": len(problems)},
        *problem_lines(problems),
    ]
    return "\n".join(lines)


def run_import(
    command: BaseCommand,
    path: Path,
    run: Callable[[bytes, Progress], R],
    *,
    verbosity: int,
) -> R:
    """Read ``path`` and import it with ``run`` (given the content and a progress callback)
    under a progress bar. A file that cannot be read, a refusal, or a report with problems
    ends the command with a ``CommandError`` naming the file; otherwise the report."""
    data = read_bytes(path)
    with progress_bar(command.stdout, enabled=verbosity > 0) as progress:
        try:
            report = run(data, progress)
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc.message}") from exc
        except ActionNotAllowed as exc:
            raise CommandError(exc.message) from exc
    if not report.ok:
        raise CommandError(failure(path.name, report.problems))
    return report


def print_summary(
    command: BaseCommand,
    *,
    lines: Iterable[str],
    counts: str,
    dry_run_message: str,
    dry_run: bool,
    verbosity: int,
) -> None:
    """What was (or in a dry run would be) stored, one line each, when asked for (``-v 2``) or
    in a dry run; then the success: ``dry_run_message`` in a dry run, else "Importeret", each
    with ``%(counts)s`` for ``counts``."""
    if verbosity >= 2 or dry_run:
        for line in lines:
            command.stdout.write(line)
    message = dry_run_message if dry_run else _("Importeret: %(counts)s.")
    command.stdout.write(command.style.SUCCESS(message % {"counts": counts}))


@contextmanager
def progress_bar(stdout: Any, *, enabled: bool) -> Iterator[Progress]:
    """A rich progress bar on the command's output for long files; silent for short ones."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=stdout, highlight=False)
    labels = {"check": _("Kontrollerer"), "write": _("Skriver")}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not enabled,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            if phase not in tasks:
                tasks[phase] = bar.add_task(labels.get(phase, phase), total=total)
            bar.update(tasks[phase], completed=done)

        yield update
