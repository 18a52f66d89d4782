"""Reads for the technology radar: the public figures behind each category's placement.

The radar is public and the same for everyone. Maturity comes from the catalogue's published
solutions and cases (``public_solutions``/``public_cases``), spread from the verified ledger
(``ledger.public_adoptions``); drafts, cases under review and pending or rejected adoptions
never count, whoever asks. ``user`` is taken for the selector convention and never widens what
is counted.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from spred.catalogue.models import TechnologyCategory
from spred.catalogue.selectors import public_cases, public_solutions
from spred.diffusion.analysis.radar import Radar, TechnologyFigures, build_radar
from spred.diffusion.choices import IN_USE_STATUSES
from spred.diffusion.models import Adoption
from spred.diffusion.policies import AdoptionPolicy
from spred.diffusion.selectors.ledger import public_adoptions
from spred.organisations.choices import OrganisationKind


def radar_adoptions(*, user: Any = None) -> QuerySet[Adoption]:
    """Verified adoptions of public solutions that are in use today (afprøver, i drift,
    udbredt): what the radar's spread counts."""
    # The radar is shown to everyone, so it must never reach past what an anonymous visitor may
    # see: the intersection with the policy states that where the counting starts.
    return (public_adoptions() & AdoptionPolicy.visible_to(AnonymousUser())).filter(
        status__in=IN_USE_STATUSES
    )


def _adopters_by_technology(
    qs: QuerySet[Adoption],
) -> dict[int, tuple[set[int], set[int], set[int]]]:
    """technology id → (municipality ids, region ids, organisation ids). A public workplace
    counts for the municipality or region it belongs to."""
    found: dict[int, tuple[set[int], set[int], set[int]]] = defaultdict(
        lambda: (set(), set(), set())
    )
    rows = qs.order_by().values_list(
        "solution__technologies",
        "organisation_id",
        "organisation__kind",
        "organisation__parent_id",
        "organisation__parent__kind",
    )
    for technology, org, kind, parent, parent_kind in rows:
        if technology is None:
            continue
        municipalities, regions, organisations = found[technology]
        organisations.add(org)
        if kind == OrganisationKind.MUNICIPALITY:
            municipalities.add(org)
        elif kind == OrganisationKind.REGION:
            regions.add(org)
        elif kind == OrganisationKind.PUBLIC_WORKPLACE and parent is not None:
            if parent_kind == OrganisationKind.MUNICIPALITY:
                municipalities.add(parent)
            elif parent_kind == OrganisationKind.REGION:
                regions.add(parent)
    return found


def technology_figures(*, user: Any = None) -> list[TechnologyFigures]:
    """For every technology category in the vocabulary, the public figures the radar uses."""
    maturities: dict[int, list[str]] = defaultdict(list)
    for technology_id, maturity in (
        public_solutions().order_by().prefetch_related(None).values_list("technologies", "maturity")
    ):
        if technology_id is not None:
            maturities[technology_id].append(maturity)
    stages: dict[int, list[str]] = defaultdict(list)
    evidence: dict[int, list[str]] = defaultdict(list)
    for technology_id, stage, level in (
        public_cases()
        .order_by()
        .prefetch_related(None)
        .values_list("technologies", "stage", "evidence_level")
    ):
        if technology_id is not None:
            stages[technology_id].append(stage)
            evidence[technology_id].append(level)
    adopters = _adopters_by_technology(radar_adoptions(user=user))
    figures = []
    for technology in TechnologyCategory.objects.order_by("position", "name"):
        municipalities, regions, organisations = adopters.get(technology.pk, (set(), set(), set()))
        figures.append(
            TechnologyFigures(
                slug=technology.slug,
                name=technology.label,
                solution_maturities=tuple(maturities[technology.pk]),
                case_stages=tuple(stages[technology.pk]),
                case_evidence=tuple(evidence[technology.pk]),
                municipalities=len(municipalities),
                regions=len(regions),
                organisations=len(organisations),
            )
        )
    return figures


def technology_radar(*, user: Any = None) -> Radar:
    """Every technology category placed on the radar."""
    return build_radar(technology_figures(user=user))
