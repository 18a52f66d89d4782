"""Writes of the spreading guide: projects and their worksheets.

A project belongs to one organisation; its active members work on it together (the policy). A
worksheet's answers are checked against the guide's definition (``guide.clean_answers``) before
anything is stored, so a bad value never reaches the database and the scores are always computed
from clean answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.catalogue.choices import Status
from spred.catalogue.models import Solution
from spred.core.audit import service
from spred.diffusion.analysis import guide
from spred.diffusion.choices import GuideSide
from spred.diffusion.models import Adoption, GuideProject, WorksheetAnswer
from spred.diffusion.policies import GuideProjectPolicy
from spred.organisations.models import Organisation


def _default_title(solution: Solution, side: str) -> str:
    if side == GuideSide.SHARING:
        text = _("Vi deler %(solution)s")
    else:
        text = _("Vi tager %(solution)s i brug")
    return (text % {"solution": solution.name})[:200]


@service
def guide_project_create(
    *,
    acting_user: Any,
    organisation: Organisation,
    solution: Solution,
    side: str,
    title: str = "",
    adoption: Adoption | None = None,
) -> GuideProject:
    """Start a project for ``organisation``. Refuses an unpublished solution, an unknown side,
    an adoption of another organisation or solution, and a second open project of the same
    organisation, solution and side (continue that one instead)."""
    project = GuideProject(
        organisation=organisation,
        solution=solution,
        side=side,
        title=(title or "").strip(),
        adoption=adoption,
        created_by=acting_user,
    )
    GuideProjectPolicy.require(
        acting_user,
        "create",
        project,
        _("Kun medlemmer af organisationen kan starte et spredningsprojekt for den."),
    )
    errors: dict[str, str] = {}
    if solution.status != Status.PUBLISHED:
        errors["solution"] = _("Vælg en publiceret løsning.")
    if side not in GuideSide.values:
        errors["side"] = _("Vælg, om I deler løsningen eller tager den i brug.")
    if adoption is not None and (
        adoption.organisation_id != organisation.pk or adoption.solution_id != solution.pk
    ):
        errors["adoption"] = _(
            "Ibrugtagningen skal være jeres organisations ibrugtagning af den valgte løsning."
        )
    if not errors:
        existing = GuideProject.objects.filter(
            organisation=organisation, solution=solution, side=side, closed_at__isnull=True
        ).first()
        if existing is not None:
            errors["solution"] = _(
                "I har allerede et åbent spredningsprojekt for denne løsning: »%(title)s«. "
                "Fortsæt i det, eller afslut det først."
            ) % {"title": existing.title}
    if errors:
        raise ValidationError(errors)
    if not project.title:
        project.title = _default_title(solution, side)
    project.full_clean()
    project.save()
    return project


@service
def worksheet_save(
    *,
    acting_user: Any,
    project: GuideProject,
    worksheet: str,
    answers: Mapping[str, Any],
    completed: bool,
) -> WorksheetAnswer:
    """Save a worksheet's answers, replacing what was saved before. Marking it completed needs
    every required question answered; a draft may be partly filled in. Nothing is stored when
    any answer is refused."""
    GuideProjectPolicy.require(
        acting_user,
        "edit",
        project,
        _("Projektet er afsluttet eller ikke jeres. Genåbn det for at ændre svarene."),
    )
    definition = guide.load_guide().worksheet(worksheet)
    if definition is None or not definition.applies_to(project.side):
        raise ValidationError(
            {"worksheet": _("Arbejdsarket findes ikke for denne rolle i spredningen.")}
        )
    if not isinstance(answers, Mapping):
        raise ValidationError(_("Svarene skal være givet som spørgsmål og svar."))
    cleaned, errors = guide.clean_answers(definition, answers, completing=completed)
    if errors:
        raise ValidationError(errors)
    sheet = WorksheetAnswer.objects.filter(project=project, worksheet=definition.slug).first()
    if sheet is None:
        sheet = WorksheetAnswer(project=project, worksheet=definition.slug)
    sheet.answers = cleaned
    sheet.completed = bool(completed)
    sheet.updated_by = acting_user
    sheet.full_clean()
    sheet.save()
    # The project's "senest ændret" is what the overview sorts by.
    project.save(update_fields=["updated_at"])
    return sheet


@service
def guide_project_close(*, acting_user: Any, project: GuideProject) -> GuideProject:
    """Close a project: its answers stay readable to the organisation but can no longer be
    changed, until someone reopens it."""
    GuideProjectPolicy.require(
        acting_user, "close", project, _("Kun organisationens medlemmer kan afslutte projektet.")
    )
    if project.closed_at is not None:
        raise ValidationError(_("Projektet er allerede afsluttet."))
    project.closed_at = timezone.now()
    project.full_clean()
    project.save(update_fields=["closed_at", "updated_at"])
    return project


@service
def guide_project_reopen(*, acting_user: Any, project: GuideProject) -> GuideProject:
    GuideProjectPolicy.require(
        acting_user, "close", project, _("Kun organisationens medlemmer kan genåbne projektet.")
    )
    if project.closed_at is None:
        raise ValidationError(_("Projektet er ikke afsluttet."))
    duplicate = (
        GuideProject.objects.filter(
            organisation_id=project.organisation_id,
            solution_id=project.solution_id,
            side=project.side,
            closed_at__isnull=True,
        )
        .exclude(pk=project.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            _(
                "Organisationen har allerede et åbent projekt for samme løsning og rolle. "
                "Afslut det, før dette genåbnes."
            )
        )
    project.closed_at = None
    project.full_clean()
    project.save(update_fields=["closed_at", "updated_at"])
    return project
