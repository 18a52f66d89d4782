"""Reads for peer recommendations and "who near me uses this" (contact with an adopter is in
``contact``).

Recommendations and nearby adopters are computed from the open ledger only
(``ledger.public_adoptions``: verified adoptions of public solutions by public organisations),
so they look the same to every visitor and can never reveal a pending record, a rejected one or
a draft solution. The one thing that depends on who asks is what is *left out*: a member of the
organisation also sees its pending records, so those are not recommended back to them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from itertools import chain
from typing import Any

import numpy as np
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections
from django.db.models import (
    BigIntegerField,
    Case,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from spred.catalogue.choices import PUBLIC_STATUSES, Status
from spred.catalogue.models import Solution
from spred.catalogue.policies import SolutionPolicy
from spred.diffusion.analysis import recommendations
from spred.diffusion.choices import IN_USE_STATUSES, AdoptionStatus, Verification
from spred.diffusion.models import Adoption
from spred.diffusion.policies import AdoptionPolicy
from spred.diffusion.selectors.ledger import public_adoptions
from spred.organisations.choices import PUBLIC_SECTORS, OrganisationKind, Sector
from spred.organisations.memberships import member_organisation_ids
from spred.organisations.models import Organisation, Region
from spred.organisations.policies import OrganisationPolicy


@dataclass(frozen=True)
class Recommendation:
    solution: Solution
    score: float
    reasons: list[str]  # Danish sentences with the real counts


@dataclass(frozen=True)
class RecommendationReport:
    organisation: Organisation
    profile: recommendations.Profile
    recommendations: list[Recommendation]


@dataclass(frozen=True)
class NearbyAdopter:
    adoption: Adoption
    distance_km: float | None
    can_contact: bool


class NearbyAdopters(list[NearbyAdopter]):
    """The nearby adopters, plus what the list was measured from: ``organisation`` (None when
    the visitor has none: the list is then by region) and whether distances are known."""

    def __init__(
        self,
        items: list[NearbyAdopter],
        *,
        solution: Solution,
        organisation: Organisation | None,
        located: bool,
        total: int,
    ) -> None:
        super().__init__(items)
        self.solution = solution
        self.organisation = organisation
        self.located = located
        self.total = total


def _group(kind: str, sector: str) -> str | None:
    if kind == OrganisationKind.MUNICIPALITY:
        return recommendations.MUNICIPALITY
    if kind == OrganisationKind.REGION:
        return recommendations.REGION
    if kind == OrganisationKind.PUBLIC_WORKPLACE:
        return f"{recommendations.WORKPLACE}:{sector}"
    if sector == Sector.STATE:
        return recommendations.STATE
    return None


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


class _Locator:
    """Where an organisation is: its own coordinates, else its parent's, else the middle of its
    region's municipalities; None when none of these is known (ministries)."""

    def __init__(self, user: Any) -> None:
        self._user = user
        self._centroids: dict[int, tuple[float, float]] | None = None

    def centroid(self, region_id: int | None) -> tuple[float, float] | None:
        if region_id is None:
            return None
        if self._centroids is None:
            points: dict[int, list[tuple[float, float]]] = {}
            rows = (
                OrganisationPolicy.visible_to(self._user)
                .filter(
                    kind=OrganisationKind.MUNICIPALITY,
                    region_id__isnull=False,
                    latitude__isnull=False,
                    longitude__isnull=False,
                )
                .values_list("region_id", "latitude", "longitude")
            )
            for region, lat, lon in rows:
                if region is not None and lat is not None and lon is not None:
                    points.setdefault(region, []).append((float(lat), float(lon)))
            self._centroids = {
                region: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
                for region, pts in points.items()
            }
        return self._centroids.get(region_id)

    def locate(self, organisation: Organisation) -> tuple[float, float] | None:
        if organisation.latitude is not None and organisation.longitude is not None:
            return float(organisation.latitude), float(organisation.longitude)
        parent = organisation.parent if organisation.parent_id else None
        if parent is not None and parent.latitude is not None and parent.longitude is not None:
            return float(parent.latitude), float(parent.longitude)
        region_id = organisation.region_id or (parent.region_id if parent is not None else None)
        return self.centroid(region_id)


# -- selectors ------------------------------------------------------------------------------


def diffusion_organisation(*, user: Any, slug: str) -> Organisation:
    """A public organisation (one that can adopt) for its spreading page; 404 otherwise."""
    return OrganisationPolicy.get_visible_or_404(user, slug=slug, sector__in=PUBLIC_SECTORS)


def recommendation_report(
    *, user: Any, organisation: Organisation, limit: int = 10
) -> RecommendationReport:
    """Recommendations for ``organisation`` with the profile they were computed from."""
    # Anything the visitor can see the organisation has a record of — public records for
    # everyone, also pending ones for its members — is not suggested again.
    known = (
        AdoptionPolicy.visible_to(user)
        .filter(organisation=organisation)
        .exclude(verification=Verification.REJECTED)
        .order_by()
        .values_list("solution_id", flat=True)
    )
    location = None
    if organisation.latitude is None or organisation.longitude is None:
        location = _Locator(user).locate(organisation)
    outcome = recommendations.recommend_from(
        _prepared_ledger(),
        target_id=organisation.pk,
        exclude=known,
        location=location,
        limit=limit,
    )
    solutions = (
        SolutionPolicy.visible_to(AnonymousUser())
        .filter(status=Status.PUBLISHED)
        .in_bulk([s.solution_id for s in outcome.suggestions])
    )
    return RecommendationReport(
        organisation=organisation,
        profile=outcome.profile,
        recommendations=[
            Recommendation(solutions[s.solution_id], s.score, list(s.reasons))
            for s in outcome.suggestions
            if s.solution_id in solutions
        ],
    )


# -- the prepared ledger --------------------------------------------------------------------
# Reading the open ledger and turning it into arrays is nearly all the time of a
# recommendation (tens of thousands of rows); answering for one organisation from the arrays
# is a few milliseconds. So the arrays are kept per process and brought up to date when the
# ledger version changes: only the changed adoptions are read when nothing else changed,
# everything otherwise. The version is read on every call, so a change is seen by the next
# request in every process — no signals, no shared cache needed.

#: Rebuild at least this often even if the version looks unchanged: a backstop for the one
#: change the version can miss — an update committed after a later-stamped one (transactions
#: committing out of order), which leaves the count and the latest ``updated_at`` as they were.
PREPARED_MAX_AGE_SECONDS = 600.0

# (version, when built, the arrays); replaced whole, so threads never see half of one.
_prepared: tuple[tuple[Any, ...], float, recommendations.Ledger] | None = None

# (organisation, solution, kind) packed in one integer: one column to read instead of three.
_IN_USE, _STOPPED = 1, 2


def _ledger_version() -> tuple[Any, ...]:
    """What the prepared ledger depends on, cheaply: the number of rows and the latest
    ``updated_at`` of adoptions (status, verification), solutions (status, name, provider),
    organisations (kind, sector, size, place, name) and regions (name). Every write through
    a service saves the row, so any change moves one of these; a deleted row moves a count."""
    # One round trip for all eight figures. Each is its own bare COUNT(*) or MAX(): SQLite
    # counts a table without reading its rows and MAX(updated_at) is one index step wherever
    # updated_at is indexed, while COUNT and MAX in one SELECT read every row.
    # Only table and column names from the models go into the text: nothing from outside.
    quote = connection.ops.quote_name
    figures = []
    for model in (Adoption, Solution, Organisation, Region):
        table = quote(model._meta.db_table)
        updated = quote(model._meta.get_field("updated_at").column)
        figures.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
        figures.append(f"(SELECT MAX({updated}) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(figures))
        row = cursor.fetchone()
    return (connection.alias, connection.settings_dict.get("NAME"), *row)


def _forget_prepared_ledger() -> None:
    """Drop the kept arrays (benchmarks measure the cold path with this)."""
    global _prepared
    _prepared = None


def _prepared_ledger() -> recommendations.Ledger:
    global _prepared
    version = _ledger_version()
    kept = _prepared
    now = time.monotonic()
    if kept is not None and now - kept[1] < PREPARED_MAX_AGE_SECONDS:
        if kept[0] == version:
            return kept[2]
        updated = _updated_ledger(kept[2], kept[0], version)
        if updated is not None:
            # The time of the full read stays: the backstop still re-reads everything.
            _prepared = (version, kept[1], updated)
            return updated
    ledger = _read_ledger()
    _prepared = (version, now, ledger)
    return ledger


#: More changed adoptions than this (an import) and the whole ledger is read again instead.
INCREMENTAL_LIMIT = 2000


def _updated_ledger(
    ledger: recommendations.Ledger, old: tuple[Any, ...], new: tuple[Any, ...]
) -> recommendations.Ledger | None:
    """``ledger`` brought up to date when only adoptions were added or changed since it was
    read: the usual change (one recorded, confirmed or stopped) costs a read of the changed
    rows instead of all of them. None when something else changed — a solution, an
    organisation, a region, or a deleted adoption (the count is short) — or too much."""
    if old[:2] != new[:2] or old[4:] != new[4:]:
        return None
    since = _as_datetime(old[3])
    if since is None:
        return None
    changed = list(
        Adoption._default_manager.filter(updated_at__gt=since)
        .order_by()
        .values_list(
            "organisation_id", "solution_id", "status", "verification", "adopted_on", "created_at"
        )[: INCREMENTAL_LIMIT + 1]
    )
    if len(changed) > INCREMENTAL_LIMIT:
        return None
    added = sum(1 for row in changed if row[5] > since)
    if old[2] + added != new[2]:
        return None  # a row was deleted
    return recommendations.with_changes(
        ledger,
        (
            (
                organisation_id,
                solution_id,
                verification == Verification.VERIFIED and status in IN_USE_STATUSES,
                verification == Verification.VERIFIED
                and status == AdoptionStatus.STOPPED
                and adopted_on is not None,
            )
            for organisation_id, solution_id, status, verification, adopted_on, _c in changed
        ),
    )


def _as_datetime(value: Any) -> datetime | None:
    """A ``MAX(updated_at)`` straight from the cursor as an aware datetime: SQLite gives the
    stored text (UTC), PostgreSQL a datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if timezone.is_naive(value) else value


def _read_ledger() -> recommendations.Ledger:
    """The open ledger (the rows of ``ledger.public_adoptions``) as arrays.

    ``ledger.public_adoptions`` joins every adoption to its solution and organisation to check
    the solution's status and the organisation's sector; here the adoptions are read alone
    (verified ones, two integers each) and ``analysis.recommendations.prepare`` drops every pair
    whose organisation or solution is not among the public organisations and public solutions
    read below through their policies — the same rows (a test checks), without the two joins
    that were most of the read."""
    anonymous = AnonymousUser()
    organisations = (
        OrganisationPolicy.visible_to(anonymous)
        .filter(sector__in=PUBLIC_SECTORS)
        .order_by()
        .values_list(
            "id",
            "name",
            "kind",
            "sector",
            "region_id",
            "region__name",
            "population",
            "latitude",
            "longitude",
        )
    )
    peers = [
        recommendations.Peer(
            id=pk,
            name=name,
            group=_group(kind, sector),
            region_id=region_id,
            region_name=region_name or "",
            population=population,
            latitude=_float(lat),
            longitude=_float(lon),
        )
        for pk, name, kind, sector, region_id, region_name, population, lat, lon in organisations
    ]
    items = [
        recommendations.Item(
            id=pk, name=name, provider_id=provider, recommendable=status == Status.PUBLISHED
        )
        for pk, name, provider, status in SolutionPolicy.visible_to(anonymous)
        .filter(status__in=PUBLIC_STATUSES)
        .order_by()
        .values_list("id", "name", "organisation_id", "status")
    ]
    empty = np.empty((0, 2), dtype=np.int64)
    if not items or not peers:
        return recommendations.prepare(peers=peers, items=items, in_use=empty, stopped=empty)
    # organisation * span + solution * 4 + kind: exact in 64 bits for any realistic ids, and
    # solutions newer than the list above (ids past its largest) are left out in the query.
    top = max(item.id for item in items)
    span = 4 * (top + 1)
    kind = Case(
        When(status__in=IN_USE_STATUSES, then=Value(_IN_USE)),
        default=Value(_STOPPED),
        output_field=BigIntegerField(),
    )
    packed = ExpressionWrapper(
        F("organisation_id") * Value(span) + F("solution_id") * Value(4) + kind,
        output_field=BigIntegerField(),
    )
    rows = (
        Adoption._default_manager.filter(
            Q(status__in=IN_USE_STATUSES)
            | Q(status=AdoptionStatus.STOPPED, adopted_on__isnull=False),
            verification=Verification.VERIFIED,
            solution_id__lte=top,
        )
        .order_by()
        .annotate(packed=packed)
        .values_list("packed", flat=True)
    )
    # Straight from the cursor: Django's per-value converters would be a third of the read.
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        codes = np.fromiter(chain.from_iterable(cursor.fetchall()), dtype=np.int64)
    organisation_ids, rest = np.divmod(codes, span)
    solution_ids, kinds = np.divmod(rest, 4)
    pairs = np.column_stack((organisation_ids, solution_ids))
    return recommendations.prepare(
        peers=peers, items=items, in_use=pairs[kinds == _IN_USE], stopped=pairs[kinds == _STOPPED]
    )


def recommendations_for(
    *, user: Any, organisation: Organisation, limit: int = 10
) -> list[Recommendation]:
    """Solutions similar organisations use and ``organisation`` does not, best first, each
    with its reasons; empty when there is nothing to recommend."""
    return recommendation_report(user=user, organisation=organisation, limit=limit).recommendations


def visitor_organisation(*, user: Any) -> Organisation | None:
    """The public organisation the visitor belongs to (the first by name), for "near me"."""
    found = my_diffusion_organisations(user=user)
    return found[0] if found else None


def my_diffusion_organisations(*, user: Any) -> list[Organisation]:
    """The public organisations the user is an active member of, by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        OrganisationPolicy.visible_to(user)
        .filter(pk__in=member_organisation_ids(user), sector__in=PUBLIC_SECTORS)
        .order_by("sort_key", "pk")
    )


def adopters_near(
    *, user: Any, solution: Solution, organisation: Organisation | None, limit: int = 10
) -> NearbyAdopters:
    """Verified adopters of ``solution`` (organisations that reached an adopted status; stopped
    ones included, marked by their status — their experience is worth asking about), nearest
    to ``organisation`` first. Organisations whose location is unknown come last, by name.
    Without an organisation (or one whose location is unknown) the list is by region, then
    name. ``organisation`` itself is left out."""
    adoptions = list(
        public_adoptions()
        .filter(solution=solution, adopted_on__isnull=False)
        .select_related("organisation__region", "organisation__parent", "solution")
        .order_by("organisation__sort_key", "pk")
    )
    if organisation is not None:
        adoptions = [a for a in adoptions if a.organisation_id != organisation.pk]
    locator = _Locator(user)
    here = locator.locate(organisation) if organisation is not None else None
    distances: dict[int, float | None] = {}
    if here is not None:
        places = {a.pk: locator.locate(a.organisation) for a in adoptions}
        known = [pk for pk, place in places.items() if place is not None]
        if known:
            lats = np.array([places[pk][0] for pk in known])  # type: ignore[index]
            lons = np.array([places[pk][1] for pk in known])  # type: ignore[index]
            for pk, km in zip(known, recommendations.haversine_km(*here, lats, lons), strict=True):
                distances[pk] = round(float(km), 1)

    def order(adoption: Adoption) -> tuple[Any, ...]:
        km = distances.get(adoption.pk)
        region = adoption.organisation.region
        if here is not None:
            return (km is None, km or 0.0, adoption.organisation.sort_key, adoption.pk)
        code = region.code if region is not None else 0
        return (region is None, code, adoption.organisation.sort_key, adoption.pk)

    adoptions.sort(key=order)
    chosen = adoptions[: max(limit, 0)]
    return NearbyAdopters(
        [
            NearbyAdopter(
                adoption=a,
                distance_km=distances.get(a.pk),
                can_contact=AdoptionPolicy.can(user, "contact", a),
            )
            for a in chosen
        ],
        solution=solution,
        organisation=organisation,
        located=here is not None,
        total=len(adoptions),
    )


def near_me(*, user: Any, solution: Solution, limit: int = 10) -> NearbyAdopters:
    """``adopters_near`` measured from the visitor's own organisation (by region without
    one): what the solution page's "hvem nær mig bruger den" shows."""
    return adopters_near(
        user=user,
        solution=solution,
        organisation=visitor_organisation(user=user),
        limit=limit,
    )
