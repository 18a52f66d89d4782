"""Reads for the diffusion statistics: the rows ``analysis.statistics`` computes from, and what the
statistics pages list.

Everything here is public and the same for everyone: it counts verified adoptions of public
solutions by public organisations (``ledger.public_adoptions``) and nothing else, whoever
asks. ``user`` is taken for the selector convention and to keep the door open for per-user
extras; it never widens what is counted. Rows are read with ``values_list`` — one query per
statistic, no model instances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spred.catalogue.choices import PUBLIC_STATUSES, Status
from spred.catalogue.models import Solution, TechnologyCategory
from spred.catalogue.policies import SolutionPolicy
from spred.diffusion.analysis.statistics import AdoptionRow, DiffusionStats, diffusion_stats
from spred.diffusion.choices import IN_USE_STATUSES
from spred.diffusion.models import Adoption
from spred.diffusion.policies import AdoptionPolicy
from spred.diffusion.selectors.ledger import public_adoptions

#: The columns of ``analysis.statistics.AdoptionRow``, in its order.
ROW_FIELDS = (
    "organisation_id",
    "organisation__kind",
    "organisation__sector",
    "organisation__region__code",
    "organisation__municipality_code",
    "adopted_on",
    "status",
    "status_since",
)


def counted_adoptions(*, user: Any = None) -> QuerySet[Adoption]:
    """The adoptions the statistics count: the open ledger (``ledger.public_adoptions``)."""
    # Statistics are shown to everyone, so they must never reach past what an anonymous visitor
    # may see. The ledger is built that way; intersecting with the policy here states it where
    # the counting starts, and keeps it true should the ledger's definition ever change.
    return public_adoptions() & AdoptionPolicy.visible_to(AnonymousUser())


def _adopted(qs: QuerySet[Adoption]) -> QuerySet[Adoption]:
    # Considering is not adopting: rows without an adoption date never count.
    return qs.filter(adopted_on__isnull=False).order_by()


def _rows(qs: QuerySet[Adoption]) -> list[AdoptionRow]:
    return [AdoptionRow._make(row) for row in _adopted(qs).values_list(*ROW_FIELDS)]


def _today() -> date:
    return timezone.localdate()


def solution_diffusion(*, user: Any, solution: Solution, fit: bool = True) -> DiffusionStats:
    """The solution's adopters and diffusion models (empty for a solution that is not public).
    ``fit=False`` leaves the models out, for a page that shows the counts only."""
    rows = _rows(counted_adoptions(user=user).filter(solution=solution))
    return diffusion_stats(rows, today=_today(), fit=fit)


def solution_panel(*, user: Any, solution: Solution) -> dict[str, Any] | None:
    """The "Spredning" panel on the catalogue's solution page: the counts, without models, for a
    public solution; nothing for one that is not public."""
    if solution.status not in PUBLIC_STATUSES:
        return None
    stats = solution_diffusion(user=user, solution=solution, fit=False)
    return {"solution": solution, "stats": stats}


def technology_diffusion(*, user: Any, technology: TechnologyCategory) -> DiffusionStats:
    """Organisations that adopted any public solution of the technology category."""
    rows = _rows(counted_adoptions(user=user).filter(solution__technologies=technology))
    return diffusion_stats(rows, today=_today())


def overall_diffusion(*, user: Any) -> DiffusionStats:
    """Organisations that adopted any public solution."""
    return diffusion_stats(_rows(counted_adoptions(user=user)), today=_today())


def solutions_diffusion(
    *, user: Any, solutions: Iterable[Solution] | None = None, fit: bool = True
) -> dict[int, DiffusionStats]:
    """Statistics for many solutions at once (one query), by solution id; every solution with
    public adoptions when ``solutions`` is None. A solution without adopters is left out."""
    qs = counted_adoptions(user=user)
    if solutions is not None:
        qs = qs.filter(solution__in=[solution.pk for solution in solutions])
    grouped: dict[int, list[AdoptionRow]] = defaultdict(list)
    for solution_id, *row in _adopted(qs).values_list("solution_id", *ROW_FIELDS):
        grouped[solution_id].append(AdoptionRow._make(row))
    today = _today()
    return {
        solution_id: diffusion_stats(rows, today=today, fit=fit)
        for solution_id, rows in grouped.items()
    }


# --------------------------------------------------------------------------------------------
# What the pages list


def public_solution_get(*, slug: str) -> Solution:
    """A public (published or archived) solution, or 404 — also for its own organisation: the
    statistics pages are public pages about public solutions."""
    if not isinstance(slug, str) or "\x00" in slug:
        raise Http404
    qs = SolutionPolicy.visible_to(AnonymousUser()).select_related("organisation__region")
    try:
        return qs.prefetch_related("technologies").get(slug=slug)
    except Solution.DoesNotExist as exc:
        raise Http404 from exc


def solution_adopters(*, user: Any, solution: Solution) -> list[Adoption]:
    """The solution's verified adoptions for its page, adopters first (the newest first), then
    those still considering it."""
    qs = counted_adoptions(user=user).filter(solution=solution)
    return list(
        qs.select_related("organisation__region").order_by(
            F("adopted_on").desc(nulls_last=True), "organisation__sort_key", "pk"
        )
    )


def public_technologies() -> QuerySet[TechnologyCategory]:
    """The technology categories (a fixed, public vocabulary), each annotated with
    ``solution_count``: its published solutions."""
    published = SolutionPolicy.visible_to(AnonymousUser()).filter(status=Status.PUBLISHED)
    return TechnologyCategory.objects.annotate(
        solution_count=Count(
            "solutions", filter=Q(solutions__in=published.values("pk")), distinct=True
        )
    ).order_by("position", "name")


def technology_get(*, user: Any, slug: str) -> TechnologyCategory:
    if not isinstance(slug, str) or "\x00" in slug:
        raise Http404
    try:
        return public_technologies().get(slug=slug)
    except TechnologyCategory.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class TechnologyCount:
    technology: TechnologyCategory
    solutions: int
    adopters: int


def technology_counts(*, user: Any) -> list[TechnologyCount]:
    """Every technology category with its published solutions and its adopters (organisations
    that adopted at least one of them), for the overview."""
    pairs = (
        _adopted(counted_adoptions(user=user))
        .filter(solution__technologies__isnull=False)
        .values_list("solution__technologies", "organisation_id")
        .distinct()
    )
    adopters: dict[int, int] = defaultdict(int)
    for technology_id, _organisation_id in pairs:
        adopters[technology_id] += 1
    return [
        TechnologyCount(
            technology=technology,
            solutions=technology.solution_count,  # type: ignore[attr-defined]
            adopters=adopters.get(technology.pk, 0),
        )
        for technology in public_technologies()
    ]


@dataclass(frozen=True)
class SolutionCount:
    solution: Solution
    adopters: int
    in_use: int


def technology_solutions(*, user: Any, technology: TechnologyCategory) -> list[SolutionCount]:
    """The category's published solutions with their adopters, most adopted first."""
    counts = {
        solution_id: (adopters, in_use)
        for solution_id, adopters, in_use in _adopted(
            counted_adoptions(user=user).filter(solution__technologies=technology)
        )
        .values("solution_id")
        .annotate(
            adopters=Count("organisation_id", distinct=True),
            in_use=Count("organisation_id", filter=Q(status__in=IN_USE_STATUSES), distinct=True),
        )
        .values_list("solution_id", "adopters", "in_use")
    }
    solutions = (
        SolutionPolicy.visible_to(AnonymousUser())
        .filter(status=Status.PUBLISHED, technologies=technology)
        .select_related("organisation")
        .order_by("name", "pk")
    )
    rows = [SolutionCount(solution, *counts.get(solution.pk, (0, 0))) for solution in solutions]
    return sorted(rows, key=lambda row: -row.adopters)
