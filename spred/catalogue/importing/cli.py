"""What the import commands share: who the import runs as, progress and problem output."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils.translation import gettext as _

from spred.accounts.models import User
from spred.accounts.roles import PlatformRole
from spred.catalogue.importing.problems import ImportProblem
from spred.catalogue.importing.runner import Progress
from spred.catalogue.policies import CataloguePolicy
from spred.core import commands

#: Below this many records a progress bar is more noise than help.
PROGRESS_FROM = 200


def acting_user(email: str | None) -> User:
    """The editor or administrator the import is done as: ``--as``, or else the platform's only
    editor."""
    return commands.acting_user(
        email,
        role=PlatformRole.EDITOR,
        allowed=lambda user: CataloguePolicy.can(user, "import"),
        refused=_("%(email)s er hverken redaktør eller administrator og kan ikke importere."),
    )


def problem_lines(problems: list[ImportProblem]) -> list[str]:
    return [
        f"  {_('række')} {p.row}" + (f", {p.field}" if p.field else "") + f": {p.reason}"
        for p in problems
    ]


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
