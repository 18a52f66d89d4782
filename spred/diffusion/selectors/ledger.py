"""Reads of the adoption ledger. Every read starts from ``AdoptionPolicy.visible_to(user)``.

``public_adoptions`` is the open ledger — verified adoptions of public solutions, the same for
everyone. The diffusion statistics, the map, the radar, the recommendations and the public
ledger list are computed from exactly this, so a pending or rejected record, or an adoption of a
draft solution, can never show up in any of them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spred.catalogue.choices import Status
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.diffusion.choices import RECONFIRM_AFTER_DAYS, Verification
from spred.diffusion.models import Adoption, AdoptionEvent, LearnedFrom
from spred.diffusion.policies import AdoptionPolicy
from spred.organisations.choices import PUBLIC_SECTORS
from spred.organisations.memberships import member_organisation_ids
from spred.organisations.models import Organisation, Region
from spred.organisations.policies import OrganisationPolicy, RegionPolicy

#: Verified records come up for reconfirmation this many days before they would be shown as
#: unconfirmed, so an organisation can keep them current without a lapse.
CONFIRM_AHEAD_DAYS = 30


def _list_relations(qs: QuerySet[Adoption]) -> QuerySet[Adoption]:
    return qs.select_related("organisation__region", "solution")


def public_adoptions() -> QuerySet[Adoption]:
    """The open ledger: verified adoptions of public solutions by public organisations, the same
    for everyone. Every public page, statistic, map, recommendation and export reads from here."""
    return _list_relations(
        AdoptionPolicy.visible_to(AnonymousUser()).filter(
            verification=Verification.VERIFIED, organisation__sector__in=PUBLIC_SECTORS
        )
    )


def adoption_detail(*, user: Any, pk: Any) -> Adoption:
    """The adoption with what its page shows, or 404 when out of the user's scope."""
    qs = (
        AdoptionPolicy.visible_to(user)
        .select_related(
            "organisation__region",
            "solution",
            "source_case",
            "recorded_by_organisation",
            "recorded_by",
            "verified_by",
        )
        .prefetch_related(
            Prefetch(
                "learned_from",
                queryset=LearnedFrom.objects.select_related("source").order_by(
                    "source__sort_key", "id"
                ),
            )
        )
    )
    return _get_or_404(qs, pk)


def _get_or_404(qs: QuerySet[Adoption], pk: Any) -> Adoption:
    try:
        return qs.get(pk=int(pk))
    except (Adoption.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def adoption_list(
    *,
    user: Any,
    solution: Solution | None = None,
    organisation: Organisation | None = None,
    status: str | None = None,
    verification: str | None = None,
    region: int | None = None,
) -> QuerySet[Adoption]:
    """Every adoption the user may see (for members this includes their organisations' pending
    and rejected records), filtered. ``region`` is a region code (1081–1085)."""
    qs = _list_relations(AdoptionPolicy.visible_to(user))
    return _filtered(
        qs,
        solution=solution,
        organisation=organisation,
        status=status,
        verification=verification,
        region=region,
    )


def ledger(
    *,
    user: Any,
    solution: Solution | None = None,
    organisation: Organisation | None = None,
    status: str | None = None,
    region: int | None = None,
) -> QuerySet[Adoption]:
    """The public ledger list: ``public_adoptions`` filtered, newest status change first."""
    return _filtered(
        public_adoptions(),
        solution=solution,
        organisation=organisation,
        status=status,
        verification=None,
        region=region,
    ).order_by("-status_since", "solution__name", "organisation__sort_key", "pk")


def _filtered(
    qs: QuerySet[Adoption],
    *,
    solution: Solution | None,
    organisation: Organisation | None,
    status: str | None,
    verification: str | None,
    region: int | None,
) -> QuerySet[Adoption]:
    if solution is not None:
        qs = qs.filter(solution=solution)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if status:
        qs = qs.filter(status=status)
    if verification:
        qs = qs.filter(verification=verification)
    if region is not None:
        qs = qs.filter(organisation__region__code=region)
    return qs


def adoption_events(*, user: Any, adoption: Adoption) -> QuerySet[AdoptionEvent]:
    """The status history, oldest first (empty when the adoption is out of the user's scope)."""
    visible = AdoptionPolicy.visible_to(user).filter(pk=adoption.pk)
    return (
        AdoptionEvent.objects.filter(adoption__in=visible)
        .select_related("recorded_by")
        .order_by("date", "id")
    )


def adoptions_to_confirm(*, user: Any) -> QuerySet[Adoption]:
    """What the user's organisations should act on: records pending their confirmation, and
    verified records due for the yearly reconfirmation (or soon due)."""
    if not getattr(user, "is_authenticated", False):
        return AdoptionPolicy.visible_to(user).none()
    due_before = timezone.now() - timedelta(days=RECONFIRM_AFTER_DAYS - CONFIRM_AHEAD_DAYS)
    return (
        _list_relations(AdoptionPolicy.visible_to(user))
        .select_related("recorded_by_organisation")
        .filter(organisation_id__in=member_organisation_ids(user))
        .filter(
            Q(verification=Verification.PENDING)
            | Q(verification=Verification.VERIFIED, confirmed_at__lt=due_before)
        )
        .order_by(
            # "afventer" sorts before "verificeret": records waiting for a first answer come
            # first, then the longest overdue.
            "verification",
            "confirmed_at",
            "organisation__sort_key",
            "solution__name",
            "pk",
        )
    )


def organisation_adoptions(*, user: Any, organisation: Organisation) -> QuerySet[Adoption]:
    """The organisation's adoptions the user may see, by solution name."""
    return (
        _list_relations(AdoptionPolicy.visible_to(user))
        .filter(organisation=organisation)
        .order_by("solution__name", "pk")
    )


def my_organisations(*, user: Any) -> list[Organisation]:
    """The organisations the user is an active member of, for pickers."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        OrganisationPolicy.visible_to(user)
        .filter(pk__in=member_organisation_ids(user))
        .select_related("region")
        .order_by("sort_key", "pk")
    )


def public_organisations(*, user: Any) -> QuerySet[Organisation]:
    """Organisations that can adopt (state, regions, municipalities and their workplaces): for
    recording on another organisation's behalf and for 'lært af'."""
    return (
        OrganisationPolicy.visible_to(user)
        .filter(sector__in=PUBLIC_SECTORS)
        .order_by("sort_key", "pk")
    )


def recordable_solutions() -> QuerySet[Solution]:
    """Published solutions: what an adoption can be recorded for."""
    return (
        SolutionPolicy.visible_to(AnonymousUser())
        .filter(status=Status.PUBLISHED)
        .order_by("name", "pk")
    )


def source_case_options() -> QuerySet[Case]:
    """Published cases an adoption may point to as its source."""
    return (
        CasePolicy.visible_to(AnonymousUser())
        .filter(status=Status.PUBLISHED)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def region_options(*, user: Any) -> QuerySet[Region]:
    return RegionPolicy.visible_to(user).order_by("code")
