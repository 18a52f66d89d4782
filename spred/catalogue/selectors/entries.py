"""Reads of cases and solutions: lists, one entry with what its page shows, its versions,
the entries it links, similar entries, and the options of the entry forms. Every read
starts from a policy's visible_to(user).

What lists, feeds, sitemaps, exports, API lists and search may show is ``public_cases()`` /
``public_solutions()``: published only — archived entries stay readable at their address but
leave every listing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from spred.accounts.roles import is_editor
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, CasePartner, CaseRevision, Solution
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.organisations.choices import PUBLIC_KINDS
from spred.organisations.memberships import member_organisation_ids
from spred.organisations.models import Organisation
from spred.organisations.policies import OrganisationPolicy


def _case_relations(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("organisation__region")


def _solution_relations(qs: QuerySet[Solution]) -> QuerySet[Solution]:
    return qs.select_related("organisation__region")


def case_list(*, user: Any, organisation: Any = None, status: str | None = None) -> QuerySet[Case]:
    qs = _case_relations(CasePolicy.visible_to(user))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-published_at", "title", "pk")


def solution_list(
    *, user: Any, organisation: Any = None, status: str | None = None
) -> QuerySet[Solution]:
    qs = _solution_relations(SolutionPolicy.visible_to(user))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name", "pk")


def public_cases() -> QuerySet[Case]:
    """Published cases — what anyone may find in lists, search, feeds and open data; the same
    for everyone."""
    return _case_relations(
        CasePolicy.visible_to(AnonymousUser()).filter(status=Status.PUBLISHED)
    ).order_by("-published_at", "title", "pk")


def public_solutions() -> QuerySet[Solution]:
    """Published solutions; see ``public_cases``."""
    return _solution_relations(
        SolutionPolicy.visible_to(AnonymousUser()).filter(status=Status.PUBLISHED)
    ).order_by("name", "pk")


def case_get(*, user: Any, slug: str) -> Case:
    """The case with everything its page shows, or 404 when out of the user's scope."""
    qs = CasePolicy.visible_to(user).select_related(
        "organisation__region", "organisation__parent", "contact", "created_by"
    )
    qs = qs.prefetch_related(
        "policy_areas",
        "technologies",
        "innovation_types",
        Prefetch(
            "partnerships",
            queryset=CasePartner.objects.select_related("organisation").order_by(
                "role", "organisation__sort_key"
            ),
        ),
        "solutions",
        "attachments",
        Prefetch(
            "revisions",
            queryset=CaseRevision.objects.select_related("created_by").order_by("-number"),
        ),
    )
    return _get_or_404(CasePolicy, qs, slug)


def _get_or_404(policy: Any, qs: QuerySet[Any], slug: str) -> Any:
    if not isinstance(slug, str) or "\x00" in slug:
        # No slug holds NUL, and PostgreSQL refuses it in a query.
        raise Http404
    try:
        return qs.get(slug=slug)
    except (policy.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def solution_get(*, user: Any, slug: str) -> Solution:
    qs = (
        SolutionPolicy.visible_to(user)
        .select_related("organisation__region", "created_by")
        .prefetch_related("policy_areas", "technologies", "suppliers")
    )
    return _get_or_404(SolutionPolicy, qs, slug)


def case_revision(
    *, user: Any, case: Case, number: int
) -> tuple[CaseRevision, CaseRevision | None]:
    """A version of a case the user can see, and the version before it (None for the first)."""
    visible = CasePolicy.visible_to(user).filter(pk=case.pk)
    revisions = CaseRevision.objects.filter(case__in=visible).select_related("created_by")
    found = revisions.filter(number=number).first()
    if found is None:
        raise Http404
    previous = revisions.filter(number__lt=number).order_by("-number").first()
    return found, previous


def case_solutions(*, user: Any, case: Case) -> QuerySet[Solution]:
    """The solutions a case uses, as far as the user may see them (a draft solution of the
    owner is not shown to the public)."""
    return SolutionPolicy.visible_to(user).filter(cases=case).order_by("name", "pk")


def solution_cases(*, user: Any, solution: Solution) -> QuerySet[Case]:
    """Published cases that use the solution."""
    return public_cases().filter(solutions=solution)


def solution_options(*, user: Any, case: Case | None = None) -> QuerySet[Solution]:
    """Solutions a case may link: published ones and those of the user's own organisations —
    and those the case links already, so that an editor's correction keeps them."""
    scope = Q(pk__in=SolutionPolicy.visible_to(user).exclude(status=Status.ARCHIVED).values("pk"))
    if case is not None and case.pk is not None:
        scope |= Q(cases=case)
    return (
        SolutionPolicy.model._default_manager.filter(scope)
        .distinct()
        .select_related("organisation")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class SimilarEntry:
    kind: str  # "case" or "solution"
    entry: Case | Solution


def similar_entries(*, user: Any, kind: str, object_id: int, limit: int = 5) -> list[SimilarEntry]:
    """Published cases and solutions like the given one, best first. Whatever the search
    engine answers is filtered once more through ``public_cases``/``public_solutions``, so a
    draft never shows up here even if the index were stale."""
    try:
        from spred.search.engine import similar
    except ImportError:
        return []
    hits = similar(kind, object_id, limit=limit + 5)
    wanted_cases = [int(pk) for k, pk, _score in hits if k == "case"]
    wanted_solutions = [int(pk) for k, pk, _score in hits if k == "solution"]
    cases = {c.pk: c for c in public_cases().filter(pk__in=wanted_cases)} if wanted_cases else {}
    solutions = (
        {s.pk: s for s in public_solutions().filter(pk__in=wanted_solutions)}
        if wanted_solutions
        else {}
    )
    found: list[SimilarEntry] = []
    for hit_kind, pk, _score in hits:
        if hit_kind == kind and int(pk) == int(object_id):
            continue
        entry: Case | Solution | None = (
            cases.get(int(pk)) if hit_kind == "case" else solutions.get(int(pk))
        )
        if entry is not None:
            found.append(SimilarEntry(hit_kind, entry))
    return found[:limit]


def contributable_organisations(*, user: Any) -> list[Organisation]:
    """The organisations the user may write entries for: their own; every one for editors."""
    qs = OrganisationPolicy.visible_to(user).order_by("sort_key", "pk")
    if not user.is_authenticated:
        return []
    if not is_editor(user):
        qs = qs.filter(pk__in=member_organisation_ids(user))
    return list(qs.only("pk", "name"))


def partner_options(*, user: Any) -> list[Organisation]:
    """Every organisation, to choose a case's partners from."""
    return list(OrganisationPolicy.visible_to(user).order_by("sort_key", "pk").only("pk", "name"))


def supplier_options(*, user: Any) -> list[Organisation]:
    """Private and civil-society organisations, to choose a solution's suppliers from."""
    return list(
        OrganisationPolicy.visible_to(user)
        .exclude(kind__in=PUBLIC_KINDS)
        .order_by("sort_key", "pk")
        .only("pk", "name")
    )
