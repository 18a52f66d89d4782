"""The review workflow of cases and solutions: submit, recall, publish, return, archive,
unarchive and delete.

Each public ``case_*``/``solution_*`` service checks its own policy and then runs the step
both kinds share. Review happens before the first publication.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.catalogue import notifications
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.catalogue.review import acceptance_checklist, solution_checklist, unmet
from spred.catalogue.services.revisions import _check_comment, _write_revision
from spred.catalogue.services.shared import (
    Errors,
    _add,
    _delete_files_after_commit,
    _now_or_past,
    _refresh_search,
    _reindex,
    _reindex_publication,
    _search_kind,
)
from spred.core.audit import service

#: A catalogue entry, either kind: the shared workflow returns what it was given.
E = TypeVar("E", Case, Solution)


def _submit(entry: E, acting_user: Any) -> E:
    entry.status = Status.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.submitted_by = acting_user
    entry.full_clean()
    entry.save()
    notifications.notify_submitted(entry, by=acting_user)
    _reindex(entry)
    return entry


def _recall(entry: E) -> E:
    entry.status = Status.DRAFT
    entry.save()
    _reindex(entry)
    return entry


def _check_criteria(
    entry: Case | Solution, *, override: bool, comment: str, errors: Errors
) -> None:
    checklist = (
        acceptance_checklist(entry) if isinstance(entry, Case) else solution_checklist(entry)
    )
    missing = unmet(checklist)
    if not missing:
        return
    names = ", ".join(str(c.label).lower() for c in missing)
    if not override:
        _add(
            errors,
            "override_criteria",
            _(
                "Kriterierne for publicering er ikke opfyldt: %(missing)s. Send indholdet "
                "retur, eller sæt flueben ved »Publicér alligevel« og skriv hvorfor."
            )
            % {"missing": names},
        )
    elif not comment:
        _add(
            errors,
            "comment",
            _("Skriv i kommentaren, hvorfor der publiceres, selv om %(missing)s mangler.")
            % {"missing": names},
        )


def _publish(
    entry: E, acting_user: Any, published_at: datetime | None, comment: str, override: bool
) -> E:
    errors: Errors = {}
    comment = _check_comment(comment, errors)
    published_at = _now_or_past(published_at, "published_at", errors)
    _check_criteria(entry, override=override, comment=comment, errors=errors)
    if errors:
        raise ValidationError(errors)
    entry.status = Status.PUBLISHED
    entry.published_at = entry.published_at or published_at or timezone.now()
    entry.archived_at = None
    entry.review_comment = ""
    entry.full_clean()
    entry.save()
    if isinstance(entry, Case):
        _write_revision(entry, acting_user=acting_user, comment=comment or _("Publiceret."))
    notifications.notify_published(entry, by=acting_user, comment=comment)
    _reindex_publication(entry)
    return entry


def _return(entry: E, acting_user: Any, comment: str) -> E:
    comment = (comment or "").strip()
    if entry.status != Status.SUBMITTED:
        raise ValidationError(_("Kun indhold, der er sendt til redaktionen, kan sendes retur."))
    if not comment:
        raise ValidationError(
            {"comment": _("Skriv en kommentar, så forfatterne ved, hvad de skal rette.")}
        )
    entry.status = Status.RETURNED
    entry.review_comment = comment
    entry.full_clean()
    entry.save()
    notifications.notify_returned(entry, by=acting_user, comment=comment)
    _reindex(entry)
    return entry


def _archive(entry: E) -> E:
    if entry.status != Status.PUBLISHED:
        raise ValidationError(_("Kun publiceret indhold kan arkiveres."))
    entry.status = Status.ARCHIVED
    entry.archived_at = timezone.now()
    entry.save()
    _reindex_publication(entry)
    return entry


def _unarchive(entry: E) -> E:
    if entry.status != Status.ARCHIVED:
        raise ValidationError(_("Indholdet er ikke arkiveret."))
    entry.status = Status.PUBLISHED
    entry.archived_at = None
    entry.save()
    _reindex_publication(entry)
    return entry


def _delete(entry: Case | Solution) -> None:
    kind, pk = _search_kind(entry), entry.pk
    files = [a.file.name for a in entry.attachments.all()] if isinstance(entry, Case) else []
    entry.delete()
    _delete_files_after_commit(files)
    _refresh_search(kind, pk)


@service
def case_submit(*, acting_user: Any, case: Case) -> Case:
    """Send the draft to the editors."""
    CasePolicy.require(acting_user, "submit", case, _("Casen kan ikke sendes til redaktionen nu."))
    return _submit(case, acting_user)


@service
def case_recall(*, acting_user: Any, case: Case) -> Case:
    """Take a submitted case back to draft before the editors have decided."""
    CasePolicy.require(
        acting_user, "recall", case, _("Casen kan ikke trækkes tilbage fra redaktionen.")
    )
    return _recall(case)


@service
def case_publish(
    *,
    acting_user: Any,
    case: Case,
    published_at: datetime | None = None,
    comment: str = "",
    override_criteria: bool = False,
) -> Case:
    """Publish a submitted case (an editor may also publish a draft of their own, e.g. an
    import). Writes version 1 (or the next version) of the case.

    ``published_at`` dates the first publication (an import of older cases); ignored when the
    case was published before. An unmet acceptance criterion refuses the publication unless
    ``override_criteria`` is set and ``comment`` says why."""
    CasePolicy.require(acting_user, "review", case, _("Du kan ikke publicere denne case."))
    return _publish(case, acting_user, published_at, comment, override_criteria)


@service
def case_return(*, acting_user: Any, case: Case, comment: str) -> Case:
    """Send a submitted case back to its owners with a comment (required)."""
    CasePolicy.require(acting_user, "review", case, _("Du kan ikke sende denne case retur."))
    return _return(case, acting_user, comment)


@service
def case_archive(*, acting_user: Any, case: Case) -> Case:
    """Take a published case out of search, lists and feeds; its page stays, marked archived."""
    CasePolicy.require(acting_user, "archive", case, _("Du kan ikke arkivere denne case."))
    return _archive(case)


@service
def case_unarchive(*, acting_user: Any, case: Case) -> Case:
    """Undo an archiving: the case is published again as it was."""
    CasePolicy.require(acting_user, "archive", case, _("Du kan ikke genåbne denne case."))
    return _unarchive(case)


@service
def case_delete(*, acting_user: Any, case: Case) -> None:
    """Delete a case that was never published (a draft or a returned case)."""
    CasePolicy.require(acting_user, "delete", case, _("Casen kan ikke slettes."))
    _delete(case)


@service
def solution_submit(*, acting_user: Any, solution: Solution) -> Solution:
    SolutionPolicy.require(
        acting_user, "submit", solution, _("Løsningen kan ikke sendes til redaktionen nu.")
    )
    return _submit(solution, acting_user)


@service
def solution_recall(*, acting_user: Any, solution: Solution) -> Solution:
    SolutionPolicy.require(
        acting_user, "recall", solution, _("Løsningen kan ikke trækkes tilbage fra redaktionen.")
    )
    return _recall(solution)


@service
def solution_publish(
    *,
    acting_user: Any,
    solution: Solution,
    published_at: datetime | None = None,
    comment: str = "",
    override_criteria: bool = False,
) -> Solution:
    """Publish a submitted solution (or an editor's own draft); see ``case_publish``."""
    SolutionPolicy.require(
        acting_user, "review", solution, _("Du kan ikke publicere denne løsning.")
    )
    return _publish(solution, acting_user, published_at, comment, override_criteria)


@service
def solution_return(*, acting_user: Any, solution: Solution, comment: str) -> Solution:
    SolutionPolicy.require(
        acting_user, "review", solution, _("Du kan ikke sende denne løsning retur.")
    )
    return _return(solution, acting_user, comment)


@service
def solution_archive(*, acting_user: Any, solution: Solution) -> Solution:
    SolutionPolicy.require(
        acting_user, "archive", solution, _("Du kan ikke arkivere denne løsning.")
    )
    return _archive(solution)


@service
def solution_unarchive(*, acting_user: Any, solution: Solution) -> Solution:
    SolutionPolicy.require(
        acting_user, "archive", solution, _("Du kan ikke genåbne denne løsning.")
    )
    return _unarchive(solution)


@service
def solution_delete(*, acting_user: Any, solution: Solution) -> None:
    """Delete a solution that was never published."""
    SolutionPolicy.require(acting_user, "delete", solution, _("Løsningen kan ikke slettes."))
    _delete(solution)
