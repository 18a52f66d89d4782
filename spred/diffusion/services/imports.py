"""Bulk import of adoptions: everything checked first, then everything written — or nothing.

Every row is checked first (``importing.checking.AdoptionChecker``) and every problem collected.
Only a file without problems is written, through the ledger's own services (``adoption_record``,
``adoption_change_status``, ``learned_from_add``), so an import has the same checks, the same
verified/pending rule and the same audit trail as the record form. A problem a service finds
rolls back the whole import and is reported like the others; a dry run goes through the very
same writes and rolls them back, so it finds exactly what a real run would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.core.audit import service
from spred.core.importing.problems import ImportProblem
from spred.core.importing.report import Progress
from spred.core.policies import ActionNotAllowed
from spred.diffusion.choices import ADOPTED_STATUSES, Verification
from spred.diffusion.importing.checking import AdoptionChecker, service_problems
from spred.diffusion.importing.reading import RawRow, as_rows, read_adoption_file
from spred.diffusion.importing.results import (
    AdoptionImportReport,
    ImportedAdoption,
    PlannedAdoption,
    PlannedEvent,
)
from spred.diffusion.models import Adoption, AdoptionEvent
from spred.diffusion.policies import AdoptionPolicy
from spred.diffusion.services import ledger

#: Ledger field names → the format's column names.
_COLUMN_OF = {"source": "learned_from", "__all__": ""}


def _refused_import() -> str:
    return _(
        "Kun medlemmer af en organisation og redaktører kan importere ibrugtagninger. "
        "Bliv medlem af din organisation på Spred først."
    )


def _refuse_demo_outside_demo_mode(*, demo: bool) -> None:
    if demo and not settings.SPRED_DEMO:
        raise ActionNotAllowed(
            _("Demo-indhold kan kun indlæses, når Spred kører i demo-tilstand (SPRED_DEMO).")
        )


@service
def adoptions_import(
    *,
    acting_user: Any,
    rows: Iterable[RawRow | Mapping[str, Any]],
    dry_run: bool = False,
    demo: bool = False,
    progress: Progress | None = None,
    file_format: str = "json",
    file_problems: Sequence[ImportProblem] = (),
) -> AdoptionImportReport:
    """Import adoptions from ``rows`` (``RawRow``s from ``read_adoption_file``, or mappings of
    column → value, named ``[0]``, ``[1]``… in reports). All or nothing.

    With ``demo=True`` (the demo loader, only in demo mode) the records are marked as fictional
    and verified or pending as the rows say (``verified``, ``confirmed_on``), and an adoption
    that exists already is skipped, so loading twice changes nothing. Otherwise a record is
    verified when the importer is a member of the adopting organisation and pending until that
    organisation confirms it when not."""
    AdoptionPolicy.require(acting_user, "create", None, _refused_import())
    _refuse_demo_outside_demo_mode(demo=demo)
    records = as_rows(rows)
    report = AdoptionImportReport(format=file_format, records=len(records), dry_run=dry_run)
    plans, problems = AdoptionChecker(acting_user=acting_user, demo=demo).check(records, progress)
    if file_problems:
        order = {r.row: r.index for r in records}
        problems = sorted(
            dict.fromkeys([*file_problems, *problems]), key=lambda p: order.get(p.row, -1)
        )
    if problems:
        report.problems = list(problems)
        return report

    with transaction.atomic():
        problems = []
        for n, plan in enumerate(plans, start=1):
            if plan.existing is not None and demo:
                report.skipped.append(f"{plan.organisation.name} · {plan.solution.name}")
            else:
                try:
                    report.adoptions.append(_write(plan, acting_user, demo=demo))
                except ValidationError as exc:
                    problems.extend(_renamed(service_problems(_rows_of(exc, plan), exc)))
                except ActionNotAllowed as exc:
                    problems.append(ImportProblem(plan.first_row, "organisation", exc.message))
            if progress:
                progress("write", n, len(plans))
        if problems or dry_run:
            transaction.set_rollback(True)
    if problems:
        order = {r.row: r.index for r in records}
        report.adoptions = []
        report.problems = sorted(dict.fromkeys(problems), key=lambda p: order.get(p.row, -1))
    else:
        report.written = not dry_run
    return report


@service
def adoptions_import_file(
    *,
    acting_user: Any,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    max_bytes: int | None = None,
) -> AdoptionImportReport:
    """Read a CSV, XLSX or JSON file and import it (``adoptions_import``). Raises
    ``ImportFileError`` when the file cannot be read at all."""
    AdoptionPolicy.require(acting_user, "create", None, _refused_import())
    kwargs = {"max_bytes": max_bytes} if max_bytes is not None else {}
    result = read_adoption_file(data, filename, **kwargs)
    return adoptions_import(
        acting_user=acting_user,
        rows=result.rows,
        dry_run=dry_run,
        progress=progress,
        file_format=result.format,
        file_problems=result.problems,
    )


def _rows_of(exc: ValidationError, plan: PlannedAdoption) -> list[str]:
    row = getattr(exc, "_spred_row", None)
    return [row] if row else plan.rows


def _renamed(problems: list[ImportProblem]) -> list[ImportProblem]:
    return [
        ImportProblem(p.row, _COLUMN_OF.get(p.field, p.field), p.reason)
        if p.field in _COLUMN_OF
        else p
        for p in problems
    ]


def _at_row(exc: ValidationError, row: str) -> ValidationError:
    exc._spred_row = row  # type: ignore[attr-defined]
    return exc


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _write(plan: PlannedAdoption, acting_user: Any, *, demo: bool) -> ImportedAdoption:
    if plan.existing is not None:
        adoption = plan.existing
        for event in plan.events:
            _change_status(adoption, event, acting_user)
        for source, adapted, row in plan.learned_from:
            if not adoption.learned_from.filter(source=source).exists():
                try:
                    ledger.learned_from_add(
                        acting_user=acting_user, adoption=adoption, source=source, adapted=adapted
                    )
                except ValidationError as exc:
                    raise _at_row(exc, row) from exc
        appended = True
    else:
        first = plan.events[0]
        try:
            adoption = ledger.adoption_record(
                acting_user=acting_user,
                organisation=plan.organisation,
                solution=plan.solution,
                status=first.status,
                date=first.date,
                reason=first.reason,
                scope_value=plan.scope_value,
                scope_unit=plan.scope_unit,
                source_case=plan.source_case,
                note=plan.note,
                learned_from=[(source, adapted) for source, adapted, _row in plan.learned_from],
                is_demo=demo,
            )
        except ValidationError as exc:
            raise _at_row(exc, first.row) from exc
        if demo and plan.verified:
            _mark_verified(adoption, plan, acting_user)
        for event in plan.events[1:]:
            if AdoptionPolicy.can(acting_user, "change_status", adoption):
                _change_status(adoption, event, acting_user)
            else:
                _record_history(adoption, event, acting_user)
        if demo:
            _set_demo_confirmation(adoption, plan)
        appended = False
    adoption.refresh_from_db()
    return ImportedAdoption(
        rows=plan.rows,
        organisation=plan.organisation.name,
        solution=plan.solution.name,
        status=adoption.status,
        events=len(plan.events),
        verification=adoption.verification,
        appended=appended,
        url=_url_of(adoption),
    )


def _change_status(adoption: Adoption, event: PlannedEvent, acting_user: Any) -> None:
    try:
        ledger.adoption_change_status(
            acting_user=acting_user,
            adoption=adoption,
            status=event.status,
            date=event.date,
            reason=event.reason,
        )
    except ValidationError as exc:
        raise _at_row(exc, event.row) from exc


def _record_history(adoption: Adoption, event: PlannedEvent, acting_user: Any) -> None:
    """A later step of the history of a record the importer has just created and may not
    change the status of (it is pending: the organisation has not confirmed it). The steps are
    part of what is recorded and confirmed together, so they are written with the record; the
    checker has already put them in date order and refused repeats and future dates."""
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    step = AdoptionEvent(
        adoption=adoption,
        status=event.status,
        date=event.date,
        reason=event.reason.strip(),
        recorded_by=actor,
    )
    try:
        step.full_clean()
    except ValidationError as exc:
        raise _at_row(exc, event.row) from exc
    step.save()
    adoption.status = event.status
    adoption.status_since = event.date
    if event.status in ADOPTED_STATUSES and (
        adoption.adopted_on is None or event.date < adoption.adopted_on
    ):
        adoption.adopted_on = event.date
    adoption.full_clean(validate_constraints=False)
    adoption.save()


def _mark_verified(adoption: Adoption, plan: PlannedAdoption, acting_user: Any) -> None:
    """Demo content only: verified as the file says, from the first date of its history."""
    adoption.verification = Verification.VERIFIED
    adoption.verified_at = _noon(plan.events[0].date)
    adoption.verified_by = None
    adoption.recorded_by_organisation = None
    adoption.full_clean(validate_constraints=False)
    adoption.save()


def _set_demo_confirmation(adoption: Adoption, plan: PlannedAdoption) -> None:
    """The last confirmation as the file says; a verified record without one was last confirmed
    on its latest status change, so old demo records show as unconfirmed, as real ones would."""
    adoption.refresh_from_db()
    if adoption.verification != Verification.VERIFIED:
        return
    day = plan.confirmed_on or plan.events[-1].date
    adoption.confirmed_at = _noon(day)
    adoption.full_clean(validate_constraints=False)
    adoption.save()


def _url_of(adoption: Adoption) -> str:
    try:
        return adoption.get_absolute_url()
    except NoReverseMatch:
        return ""
