"""A small ledger world for the diffusion tests: the real 98 municipalities, 5 regions and the
ministries (reference data), three published solutions, people with roles, and a helper that
writes adoptions with a status history straight into the database (no services: use the
services when the test is about recording or confirming)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from spred.accounts.tests.factories import UserFactory
from spred.catalogue.choices import Status
from spred.catalogue.models import Solution, TechnologyCategory
from spred.catalogue.tests.factories import SolutionFactory, editor
from spred.core.testing import without_audit
from spred.diffusion.choices import ADOPTED_STATUSES, AdoptionStatus, Verification
from spred.diffusion.models import Adoption, AdoptionEvent, LearnedFrom
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import AdminMembershipFactory, MembershipFactory


def municipality(code: int | str) -> Organisation:
    return Organisation.objects.get(municipality_code=str(code))


def region(code: int) -> Organisation:
    return Organisation.objects.get(reference_key=f"region:{code}")


def make_adoption(
    organisation: Organisation,
    solution: Solution,
    history: Sequence[tuple[str, date] | tuple[str, date, str]],
    *,
    verification: str = Verification.VERIFIED,
    confirmed_at: datetime | None = None,
    learned_from: Sequence[Organisation] = (),
    recorded_by: Any = None,
    **fields: Any,
) -> Adoption:
    """An adoption whose status history is ``history`` [(status, date[, reason]), ...]."""
    assert history, "an adoption has at least one status"
    last = history[-1]
    adopted = [h[1] for h in history if h[0] in ADOPTED_STATUSES]
    verified_at = None
    if verification == Verification.VERIFIED:
        verified_at = confirmed_at or timezone.make_aware(datetime.combine(history[0][1], time(12)))
    adoption = Adoption.objects.create(
        organisation=organisation,
        solution=solution,
        status=last[0],
        status_since=last[1],
        adopted_on=min(adopted) if adopted else None,
        verification=verification,
        verified_at=verified_at,
        confirmed_at=confirmed_at or verified_at,
        recorded_by=recorded_by,
        **fields,
    )
    for step in history:
        reason = step[2] if len(step) > 2 else ""
        if step[0] == AdoptionStatus.STOPPED and not reason:
            reason = "Det passede ikke til vores arbejdsgange."
        AdoptionEvent.objects.create(
            adoption=adoption, status=step[0], date=step[1], reason=reason, recorded_by=recorded_by
        )
    for source in learned_from:
        LearnedFrom.objects.create(adoption=adoption, source=source, adapted="Tilpasset lokalt.")
    return adoption


@dataclass
class LedgerWorld:
    aarhus: Organisation
    odense: Organisation
    skanderborg: Organisation
    region_midt: Organisation
    #: Published solutions; ``draft`` is a draft the public must never see adoptions of.
    robot: Solution
    app: Solution
    draft: Solution
    #: Active members: of Aarhus (plain member and admin) and of Odense.
    aarhus_member: Any
    aarhus_admin: Any
    odense_member: Any
    editor: Any
    outsider: Any
    technology: TechnologyCategory
    extra: dict[str, Any] = field(default_factory=dict)


@without_audit
def build_world() -> LedgerWorld:
    """Needs the ``reference_data`` fixture (the real municipalities)."""
    aarhus, odense, skanderborg = municipality(751), municipality(461), municipality(746)
    technology = TechnologyCategory.objects.order_by("position").first()
    assert technology is not None, "the vocabularies come from a data migration"
    robot = SolutionFactory.create(
        name="Spiserobot", slug="spiserobot", organisation=odense, status=Status.PUBLISHED
    )
    robot.technologies.add(technology)
    app = SolutionFactory.create(
        name="Træningsapp", slug="traeningsapp", organisation=aarhus, status=Status.PUBLISHED
    )
    draft = SolutionFactory.create(
        name="Hemmelig kladde", slug="hemmelig-kladde", organisation=aarhus, status=Status.DRAFT
    )
    return LedgerWorld(
        aarhus=aarhus,
        odense=odense,
        skanderborg=skanderborg,
        region_midt=region(1082),
        robot=robot,
        app=app,
        draft=draft,
        aarhus_member=MembershipFactory.create(organisation=aarhus).user,
        aarhus_admin=AdminMembershipFactory.create(organisation=aarhus).user,
        odense_member=MembershipFactory.create(organisation=odense).user,
        editor=editor(),
        outsider=UserFactory.create(),
        technology=technology,
    )
