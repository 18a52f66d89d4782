"""Reads of the spreading guide. Projects are the organisation's own working papers: every
read starts from ``GuideProjectPolicy.visible_to(user)``, so a project of another organisation
is simply not there (404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from spred.catalogue.choices import Status
from spred.catalogue.models import Solution
from spred.catalogue.policies import SolutionPolicy
from spred.diffusion.analysis import assessment
from spred.diffusion.models import Adoption, GuideProject, WorksheetAnswer
from spred.diffusion.policies import AdoptionPolicy, GuideProjectPolicy
from spred.organisations.memberships import member_organisation_ids
from spred.organisations.models import Organisation
from spred.organisations.policies import OrganisationPolicy


def guide_projects(
    *, user: Any, organisation: Organisation | None = None, open_only: bool = False
) -> QuerySet[GuideProject]:
    """The projects of the user's organisations, most recently worked on first, with their
    worksheets (for progress and readiness without a query per project)."""
    qs = GuideProjectPolicy.visible_to(user).prefetch_related(
        Prefetch("answers", queryset=WorksheetAnswer.objects.order_by("worksheet"))
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if open_only:
        qs = qs.filter(closed_at__isnull=True)
    return qs.order_by("closed_at", "-updated_at", "pk")


def guide_project(*, user: Any, pk: Any) -> GuideProject:
    """One project, or 404 outside the user's organisations."""
    try:
        return GuideProjectPolicy.get_visible_or_404(user, pk=pk)
    except OverflowError as exc:
        # A number too large for the database's integers is no project either.
        raise Http404 from exc


def guide_answers(*, user: Any, project: GuideProject) -> dict[str, WorksheetAnswer]:
    """The project's saved worksheets by slug (empty when the project is not the user's)."""
    rows = WorksheetAnswer.objects.filter(
        project__in=GuideProjectPolicy.visible_to(user), project=project
    ).select_related("updated_by")
    return {row.worksheet: row for row in rows}


@dataclass(frozen=True)
class ProjectOverview:
    project: GuideProject
    status: assessment.ProjectStatus


def guide_overview(*, user: Any) -> list[ProjectOverview]:
    """The user's organisations' projects with progress, readiness and verdict."""
    return [
        ProjectOverview(project, assessment.project_status(project.side, project.answers.all()))
        for project in guide_projects(user=user)
    ]


def guide_organisations(*, user: Any) -> list[Organisation]:
    """The organisations the user may start a project for: those they are an active member of."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        OrganisationPolicy.visible_to(user)
        .filter(pk__in=member_organisation_ids(user))
        .order_by("sort_key", "pk")
    )


def guide_solutions(*, user: Any) -> QuerySet[Solution]:
    """Published solutions: a project is about something others can find in the catalogue."""
    return (
        SolutionPolicy.visible_to(user)
        .filter(status=Status.PUBLISHED)
        .select_related("organisation")
        .order_by("name", "pk")
    )


def guide_adoption_options(*, user: Any, solution: Solution | None = None) -> QuerySet[Adoption]:
    """Adoptions a new project may be linked to: those of the user's organisations (optionally
    of one solution)."""
    qs = AdoptionPolicy.visible_to(user)
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    qs = qs.filter(organisation_id__in=member_organisation_ids(user))
    if solution is not None:
        qs = qs.filter(solution=solution)
    return qs.order_by("organisation__sort_key", "solution__name", "pk")
