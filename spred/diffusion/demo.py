"""The adoption ledger's demo content: several hundred fictional adoptions (demo mode only).

``demo_data/adoptions.csv`` is written by ``demo_data/generate.py`` (a deterministic script kept
beside it) in the import format of docs/adoption-format.md, with the two demo-only columns
``verified`` and ``confirmed_on``. It goes in through the importer
(``services.imports.adoptions_import(..., demo=True)``) as the demo editor — the same checks,
services and audit trail as a real import — and the records are marked as fictional.

Loading twice changes nothing: the importer skips an adoption that is already in the ledger.
No e-mail leaves: invented organisations should not get requests to confirm.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.accounts.models import User
from spred.core.demo import DemoError
from spred.diffusion.choices import Verification
from spred.diffusion.demo_data.generate import LAST_DATE, PENDING_NOTE
from spred.diffusion.models import Adoption
from spred.diffusion.services.imports import adoptions_import
from spred.organisations.choices import OrganisationKind
from spred.organisations.models import Organisation

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
ADOPTIONS_CSV = DEMO_DATA / "adoptions.csv"
DEMO_EDITOR = "redaktoer@demo.spred.dk"
DISCARD_EMAIL = "django.core.mail.backends.dummy.EmailBackend"


class _Output(Protocol):
    def write(self, msg: str) -> Any: ...


class DiffusionDemoError(DemoError):
    """The demo adoptions do not import; the message lists every problem."""


@dataclass
class DiffusionDemoSummary:
    adoptions: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


def demo_rows(path: Path = ADOPTIONS_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _name_the_recorders() -> int:
    """The pending demo records were recorded by the municipality's region in a joint project
    (their note says so). The import format has no column for the recorder — an import is
    recorded by whoever imports — so the loader names the region afterwards."""
    named = 0
    pending = Adoption.objects.filter(
        is_demo=True,
        verification=Verification.PENDING,
        note=PENDING_NOTE,
        recorded_by_organisation__isnull=True,
        organisation__kind=OrganisationKind.MUNICIPALITY,
    ).select_related("organisation")
    for adoption in pending:
        if adoption.organisation.region_id is None:
            continue
        region = Organisation.objects.filter(
            kind=OrganisationKind.REGION, region_id=adoption.organisation.region_id
        ).first()
        if region is not None:
            # recorded_by_organisation is not editable through the services on purpose: it is
            # set when a record is made, and only demo content sets it afterwards.
            named += Adoption.objects.filter(pk=adoption.pk).update(recorded_by_organisation=region)
    return named


def load_diffusion_demo(stdout: _Output | None = None) -> DiffusionDemoSummary:
    """Load (or top up) the demo adoptions. Needs the reference data, the demo people and the
    catalogue's demo content."""
    editor = User.objects.filter(email=DEMO_EDITOR).first()
    if editor is None:
        raise DiffusionDemoError(
            _("Demo-redaktøren %(email)s findes ikke. Indlæs først demo-brugerne.")
            % {"email": DEMO_EDITOR}
        )
    summary = DiffusionDemoSummary()
    rows, loaded = _not_yet_loaded(keep_confirmations_current(demo_rows()))
    if not rows:
        summary.skipped = loaded
        _write_summary(stdout, summary)
        return summary
    with override_settings(EMAIL_BACKEND=DISCARD_EMAIL), transaction.atomic():
        report = adoptions_import(acting_user=editor, rows=rows, demo=True, file_format="csv")
        if report.problems:
            raise DiffusionDemoError(
                "\n".join(
                    [
                        _("Demo-ibrugtagningerne kan ikke indlæses:"),
                        *(f"  {p.row}, {p.field or '–'}: {p.reason}" for p in report.problems[:50]),
                    ]
                )
            )
        _name_the_recorders()
    summary.adoptions = len(report.adoptions)
    summary.skipped = loaded + len(report.skipped)
    _write_summary(stdout, summary)
    return summary


def keep_confirmations_current(
    rows: list[dict[str, str]], today: date | None = None
) -> list[dict[str, str]]:
    """The rows with their confirmation dates moved forward by the time since the file's "now"
    (``generate.LAST_DATE``). The history stays as written; only when each adoption was last
    confirmed moves, so the demo keeps the same few unconfirmed records — rather than every
    record turning unconfirmed a year after the file was written."""
    today = today or timezone.localdate()
    shift = max(timedelta(0), today - LAST_DATE)
    if not shift:
        return rows
    moved = []
    for row in rows:
        if row.get("confirmed_on"):
            row = {
                **row,
                "confirmed_on": (date.fromisoformat(row["confirmed_on"]) + shift).isoformat(),
            }
        moved.append(row)
    return moved


def _not_yet_loaded(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], int]:
    """The rows of adoptions not in the ledger yet, and how many adoptions were left out.

    The importer skips an existing adoption by itself (``demo=True``), but only after checking
    every row of the file; a second ``make run`` should not spend that time. The file names
    municipalities by code and everyone else by exact name, so one query tells which are in."""
    existing = set(
        Adoption.objects.filter(is_demo=True).values_list(
            "organisation__municipality_code", "organisation__name", "solution__slug"
        )
    )
    by_code = {(code, slug) for code, _name, slug in existing if code}
    by_name = {(name, slug) for _code, name, slug in existing}
    keep: list[dict[str, str]] = []
    left_out: set[tuple[str, str]] = set()
    for row in rows:
        key = (row["organisation"], row["solution"])
        if key in by_code or key in by_name:
            left_out.add(key)
        else:
            keep.append(row)
    return keep, len(left_out)


def _write_summary(stdout: _Output | None, summary: DiffusionDemoSummary) -> None:
    if stdout is not None:
        stdout.write(
            _(
                "Spredning: %(adoptions)s fiktive ibrugtagninger oprettet "
                "(%(skipped)s fandtes i forvejen).\n"
            )
            % {"adoptions": summary.adoptions, "skipped": summary.skipped}
        )
