"""The catalogue's demo content: fictional companies, solutions and cases (demo mode only).

Everything in ``demo_data/`` is written for Spred's demonstration and marked as fictional
(``is_demo``) wherever it is shown. The files use the import format, and they go in through the
importer as the demo editor — the same checks, services and audit trail as a real import — with
the two demo-only fields honoured: ``demo_status`` (published, draft, submitted or returned) and
``review_comment``.

Loading twice changes nothing: companies are matched by name, entries by slug.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from spred.accounts.models import User
from spred.catalogue.importing.format import CASE, SOLUTION
from spred.catalogue.importing.readers import RawRecord
from spred.catalogue.importing.runner import CatalogueImportReport, ImportOptions, import_records
from spred.catalogue.models import Case, Solution
from spred.core.demo import DemoError
from spred.organisations.models import Organisation
from spred.organisations.slugs import unique_slug

logger = logging.getLogger(__name__)

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_EDITOR = "redaktoer@demo.spred.dk"
#: Kept with each published demo version: the demo content is published by the loader, not by
#: an editor's review, so any acceptance criterion it does not meet is overridden on purpose.
DEMO_PUBLISH_REASON = "Fiktivt demo-indhold, publiceret af load_demo."


class _Output(Protocol):
    def write(self, msg: str) -> Any: ...


class DemoDataError(DemoError):
    """The demo files do not import; the message lists every problem."""


@dataclass
class CatalogueDemoSummary:
    organisations: int = 0
    solutions: int = 0
    cases: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "organisations": self.organisations,
            "solutions": self.solutions,
            "cases": self.cases,
        }


def _read(name: str) -> Any:
    path = DEMO_DATA / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _load_companies() -> int:
    created = 0
    for spec in _read("companies.json") or []:
        if Organisation.objects.filter(name=spec["name"], is_demo=True).exists():
            continue
        organisation = Organisation(
            name=spec["name"],
            kind=spec["kind"],
            employees=spec.get("employees"),
            website=spec.get("website") or "",
            slug=unique_slug(spec["name"]),
            is_demo=True,
        )
        organisation.full_clean()
        organisation.save()
        created += 1
    return created


def demo_records() -> list[RawRecord]:
    """The records of solutions.json and cases.json, named by file and position."""
    records: list[RawRecord] = []
    for file_name, key, kind in (
        ("solutions.json", "solutions", SOLUTION),
        ("cases.json", "cases", CASE),
    ):
        document = _read(file_name)
        if document is None:
            continue
        items = document.get(key, []) if isinstance(document, dict) else document
        for i, item in enumerate(items):
            records.append(
                RawRecord(
                    row=f"{file_name}[{i}]",
                    data={**item, "type": item.get("type", kind)},
                    index=len(records),
                )
            )
    return records


def _refresh_search() -> None:
    try:
        from spred.search.index import rebuild
    except ImportError:  # the search app is optional for the catalogue
        return
    rebuild()


DISCARD_EMAIL = "django.core.mail.backends.dummy.EmailBackend"


def load_catalogue_demo(stdout: _Output | None = None) -> CatalogueDemoSummary:
    """Load (or top up) the catalogue's demo content. Needs the reference data and the demo
    people of ``spred.organisations.demo`` (the demo editor does the import)."""
    editor = User.objects.filter(email=DEMO_EDITOR).first()
    if editor is None:
        raise DemoDataError(
            _("Demo-redaktøren %(email)s findes ikke. Indlæs først demo-brugerne.")
            % {"email": DEMO_EDITOR}
        )
    summary = CatalogueDemoSummary()
    # The import notifies editors and asks contact persons to confirm their consent, as it
    # should; for invented people at invented addresses those e-mails would only flood the
    # console of `make run`. They are sent on commit, so the commit stays inside this block.
    with override_settings(EMAIL_BACKEND=DISCARD_EMAIL), transaction.atomic():
        summary.organisations = _load_companies()
        report = import_records(
            acting_user=editor,
            records=demo_records(),
            options=ImportOptions(demo=True, override_reason=DEMO_PUBLISH_REASON),
        )
        if not report.ok:
            raise DemoDataError(
                "\n".join(
                    [
                        _("Demo-indholdet kan ikke indlæses:"),
                        *(f"  {p.row}, {p.field or '–'}: {p.reason}" for p in report.problems),
                    ]
                )
            )
        _mark_demo(report)
    summary.solutions = report.solutions
    summary.cases = report.cases
    summary.skipped = len(report.skipped)
    if report.entries:
        _refresh_search()
    if stdout is not None:
        stdout.write(
            _(
                "Katalog: %(orgs)s virksomheder og organisationer, %(solutions)s løsninger og "
                "%(cases)s cases oprettet (%(skipped)s fandtes i forvejen).\n"
            )
            % {
                "orgs": summary.organisations,
                "solutions": summary.solutions,
                "cases": summary.cases,
                "skipped": summary.skipped,
            }
        )
    return summary


def _mark_demo(report: CatalogueImportReport) -> None:
    # is_demo is not editable through the services on purpose: only demo content has it.
    Solution.objects.filter(slug__in=[e.slug for e in report.entries if e.kind == SOLUTION]).update(
        is_demo=True
    )
    Case.objects.filter(slug__in=[e.slug for e in report.entries if e.kind == CASE]).update(
        is_demo=True
    )
