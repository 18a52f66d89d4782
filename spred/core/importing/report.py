"""What an import found and what it did: the report every import starts from.

An app's import adds what it stored to a subclass (the catalogue's entries, the ledger's
adoptions); the problems, the counts and the dry-run flags are the same for all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spred.core.importing.problems import ERROR, WARNING, ImportProblem

#: Called as an import goes: (phase, done, total). The phases are "check" and "write".
Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    #: The file's format (json, csv, xlsx), when one file was read.
    format: str = ""
    #: Records read (problems and all).
    records: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    #: What was left alone because it exists already (the demo loaders only).
    skipped: list[str] = field(default_factory=list)
    dry_run: bool = False
    #: True when the writes went through and were kept.
    written: bool = False

    def add(self, reason: str, *, row: str = "", field: str = "", file: str = "") -> None:
        self.problems.append(ImportProblem(row, field, reason, file, ERROR))

    def warn(self, reason: str, *, row: str = "", field: str = "", file: str = "") -> None:
        self.problems.append(ImportProblem(row, field, reason, file, WARNING))

    def extend(self, problems: Iterable[ImportProblem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """Nothing stops the import (warnings do not)."""
        return not self.errors


class ImportRejected(ValidationError):
    """A file with errors, for a service that refuses it as a whole. Carries the full report;
    ``messages`` lists every error."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__([str(p) for p in report.errors] or [_("Filen kunne ikke læses.")])
        self.report = report
