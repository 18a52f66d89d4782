"""What an adoption import produces: the checked plan of each adoption (``PlannedAdoption``,
which the import service writes) and the report of what was stored (``AdoptionImportReport``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spred.catalogue.models import Case, Solution
from spred.core.importing.report import ImportReport
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.models import Adoption
from spred.organisations.models import Organisation


@dataclass
class PlannedEvent:
    row: str
    status: str
    date: date
    reason: str = ""


@dataclass
class PlannedAdoption:
    """One adoption's rows, checked: its history in date order and its details."""

    organisation: Organisation
    solution: Solution
    events: list[PlannedEvent] = field(default_factory=list)
    #: The adoption already in the ledger that these rows add later history to.
    existing: Adoption | None = None
    scope_value: int | None = None
    scope_unit: str = ""
    source_case: Case | None = None
    note: str = ""
    #: (source, what was adapted, row)
    learned_from: list[tuple[Organisation, str, str]] = field(default_factory=list)
    #: Demo only: whether the record is verified, and when it was last confirmed.
    verified: bool | None = None
    confirmed_on: date | None = None

    @property
    def rows(self) -> list[str]:
        return [event.row for event in self.events]

    @property
    def first_row(self) -> str:
        return self.events[0].row


@dataclass
class ImportedAdoption:
    rows: list[str]
    organisation: str
    solution: str
    status: str
    events: int
    verification: str
    #: True when the rows added history to an adoption already in the ledger.
    appended: bool = False
    url: str = ""

    @property
    def status_label(self) -> str:
        return str(AdoptionStatus(self.status).label)

    @property
    def verification_label(self) -> str:
        return str(Verification(self.verification).label)

    @property
    def first_row(self) -> str:
        return self.rows[0] if self.rows else ""


@dataclass
class AdoptionImportReport(ImportReport):
    """The report of an adoption import: the adoptions stored (or, in a dry run, checked).
    ``skipped`` holds "organisation · solution" of groups left alone because the adoption
    exists (the demo loader)."""

    adoptions: list[ImportedAdoption] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for a in self.adoptions if not a.appended)

    @property
    def appended(self) -> int:
        return sum(1 for a in self.adoptions if a.appended)

    @property
    def events(self) -> int:
        return sum(a.events for a in self.adoptions)

    @property
    def verified(self) -> int:
        return sum(1 for a in self.adoptions if a.verification == Verification.VERIFIED)

    @property
    def pending(self) -> int:
        return sum(1 for a in self.adoptions if a.verification == Verification.PENDING)
