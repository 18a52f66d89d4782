"""Reads of organisations and memberships. Every read starts from a policy's visible_to(user)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from spred.organisations.choices import MembershipRole, MembershipStatus, Sector
from spred.organisations.models import Membership, Organisation, Region
from spred.organisations.policies import MembershipPolicy, OrganisationPolicy, RegionPolicy


@dataclass(frozen=True)
class OrganisationFilter:
    kind: str = ""
    sector: str = ""
    region: int | None = None  # region code, 1081–1085
    q: str = ""


def organisation_list(
    *, user: Any, filters: OrganisationFilter | None = None
) -> QuerySet[Organisation]:
    filters = filters or OrganisationFilter()
    qs = OrganisationPolicy.visible_to(user).select_related("region", "parent")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.region is not None:
        qs = qs.filter(region__code=filters.region)
    # NUL never occurs in a name, and PostgreSQL refuses it in a query.
    for word in filters.q.replace("\x00", " ").casefold().split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("sort_key", "pk")


def organisation_detail(*, user: Any, slug: str) -> Organisation:
    return OrganisationPolicy.get_visible_or_404(user, slug=slug)


def organisation_children(*, user: Any, organisation: Organisation) -> QuerySet[Organisation]:
    return OrganisationPolicy.visible_to(user).filter(parent=organisation).order_by("name")


def organisation_members(*, user: Any, organisation: Organisation) -> QuerySet[Membership]:
    """Active members, as seen by someone allowed to manage them (otherwise nothing)."""
    if not OrganisationPolicy.can(user, "manage_members", organisation):
        return Membership.objects.none()
    return (
        MembershipPolicy.visible_to(user)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("status", "user__email")
    )


def sector_counts(*, user: Any) -> list[dict[str, Any]]:
    rows = dict(
        OrganisationPolicy.visible_to(user)
        .values_list("sector")
        .annotate(n=Count("pk"))
        .values_list("sector", "n")
    )
    return [{"sector": s, "label": s.label, "count": rows.get(s.value, 0)} for s in Sector]


def region_list(*, user: Any) -> QuerySet[Region]:
    return RegionPolicy.visible_to(user).order_by("code")


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    if not user.is_authenticated:
        # Filtering on an anonymous user would raise; an anonymous visitor has no memberships.
        return Membership.objects.none()
    return (
        MembershipPolicy.visible_to(user)
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__sort_key")
    )


def pending_requests_for(*, user: Any) -> QuerySet[Membership]:
    """Join requests the user can decide on (as admin of an organisation, or platform admin)."""
    qs = MembershipPolicy.visible_to(user).filter(status=MembershipStatus.REQUESTED)
    if not user.is_authenticated:
        return qs.none()
    from spred.accounts.roles import is_platform_admin

    if not is_platform_admin(user):
        admin_of = Membership.objects.filter(
            user=user, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE
        ).values("organisation_id")
        qs = qs.filter(organisation_id__in=admin_of)
    return qs.select_related("user", "organisation").order_by("created_at")


def membership_for_decision(*, user: Any, pk: int) -> Membership:
    return MembershipPolicy.get_visible_or_404(user, pk=pk)
