"""The ledger's reads, above all the leak tests: a pending or rejected record, an adoption of a
draft solution or by a private organisation must never reach the public ledger."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from spred.catalogue.choices import Status
from spred.catalogue.tests.factories import SolutionFactory
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.models import Adoption
from spred.diffusion.selectors import ledger as selectors
from spred.diffusion.tests.world import LedgerWorld, make_adoption
from spred.organisations.tests.factories import OrganisationFactory

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

pytestmark = pytest.mark.django_db

STEP = [(AdoptionStatus.PILOT, date(2024, 1, 5))]


@pytest.fixture
def ledger(ledger_world: LedgerWorld) -> dict[str, Adoption]:
    w = ledger_world
    archived = SolutionFactory.create(
        name="Gammel løsning", organisation=w.odense, status=Status.ARCHIVED
    )
    return {
        "verified": make_adoption(w.aarhus, w.robot, STEP),
        "archived_solution": make_adoption(w.odense, archived, STEP),
        "pending": make_adoption(
            w.odense, w.app, STEP, verification=Verification.PENDING, recorded_by=w.editor
        ),
        "rejected": make_adoption(w.skanderborg, w.app, STEP, verification=Verification.REJECTED),
        "draft_solution": make_adoption(w.aarhus, w.draft, STEP),
        # Written around the service, which refuses it: the public read must still not show it.
        "private_adopter": make_adoption(OrganisationFactory.create(), w.robot, STEP),
    }


def test_public_adoptions_never_leak(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    expected = {ledger["verified"].pk, ledger["archived_solution"].pk}
    for user in (
        None,
        AnonymousUser(),
        ledger_world.aarhus_member,
        ledger_world.editor,
        ledger_world.outsider,
    ):
        assert set(selectors.public_adoptions().values_list("pk", flat=True)) == expected
        assert set(selectors.ledger(user=user).values_list("pk", flat=True)) == expected


def test_the_ledger_filters(ledger_world: LedgerWorld, ledger: dict[str, Adoption]) -> None:
    w = ledger_world
    pks = lambda qs: set(qs.values_list("pk", flat=True))  # noqa: E731
    assert pks(selectors.ledger(user=None, solution=w.robot)) == {ledger["verified"].pk}
    assert pks(selectors.ledger(user=None, organisation=w.odense)) == {
        ledger["archived_solution"].pk
    }
    assert pks(selectors.ledger(user=None, status=AdoptionStatus.OPERATING)) == set()
    assert pks(selectors.ledger(user=None, region=1082)) == {ledger["verified"].pk}


def test_adoption_list_follows_visibility(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    w = ledger_world
    anonymous = set(selectors.adoption_list(user=None).values_list("pk", flat=True))
    # Everything the policy shows the public (public_adoptions narrows it to public adopters).
    assert anonymous == {
        ledger["verified"].pk,
        ledger["archived_solution"].pk,
        ledger["private_adopter"].pk,
    }
    odense = set(selectors.adoption_list(user=w.odense_member).values_list("pk", flat=True))
    assert ledger["pending"].pk in odense
    assert ledger["draft_solution"].pk not in odense
    pending_only = selectors.adoption_list(user=w.editor, verification=Verification.PENDING)
    assert list(pending_only) == [ledger["pending"]]


def test_adoption_detail_is_404_out_of_scope(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    w = ledger_world
    for name in ("pending", "rejected", "draft_solution"):
        with pytest.raises(Http404):
            selectors.adoption_detail(user=None, pk=ledger[name].pk)
    assert selectors.adoption_detail(user=w.aarhus_member, pk=ledger["draft_solution"].pk)
    for junk in ("abc", None, 10**30, "\x00"):
        with pytest.raises(Http404):
            selectors.adoption_detail(user=w.editor, pk=junk)


def test_adoption_events_only_in_scope(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    assert selectors.adoption_events(user=None, adoption=ledger["verified"]).count() == 1
    assert not selectors.adoption_events(user=None, adoption=ledger["pending"]).exists()


def test_to_confirm_lists_pending_and_due_for_my_organisations_only(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    now = timezone.now()
    pending = make_adoption(
        w.aarhus, w.robot, STEP, verification=Verification.PENDING, recorded_by=w.odense_member
    )
    overdue = make_adoption(
        w.aarhus, w.app, STEP, confirmed_at=datetime(2022, 1, 1, 12, tzinfo=COPENHAGEN)
    )
    soon = make_adoption(w.aarhus, w.draft, STEP, confirmed_at=now - timedelta(days=350))
    make_adoption(w.skanderborg, w.robot, STEP, confirmed_at=now - timedelta(days=10))
    make_adoption(w.odense, w.robot, STEP, verification=Verification.PENDING)
    make_adoption(w.skanderborg, w.app, STEP, verification=Verification.REJECTED)
    fresh_aarhus = make_adoption(w.region_midt, w.robot, STEP, confirmed_at=now - timedelta(days=5))
    listed = list(selectors.adoptions_to_confirm(user=w.aarhus_member))
    assert set(listed) == {pending, overdue, soon}
    assert listed[0] == pending  # pending first
    assert fresh_aarhus not in listed
    assert not selectors.adoptions_to_confirm(user=AnonymousUser()).exists()
    assert not selectors.adoptions_to_confirm(user=w.editor).exists()


def test_organisation_adoptions_and_my_organisations(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    w = ledger_world
    assert list(selectors.organisation_adoptions(user=None, organisation=w.aarhus)) == [
        ledger["verified"]
    ]
    assert set(selectors.organisation_adoptions(user=w.aarhus_member, organisation=w.aarhus)) == {
        ledger["verified"],
        ledger["draft_solution"],
    }
    assert selectors.my_organisations(user=w.aarhus_admin) == [w.aarhus]
    assert selectors.my_organisations(user=AnonymousUser()) == []
    assert selectors.my_organisations(user=w.outsider) == []


def test_pickers_offer_public_organisations_and_published_entries(
    ledger_world: LedgerWorld,
) -> None:
    company = OrganisationFactory.create()
    organisations = selectors.public_organisations(user=None)
    assert ledger_world.aarhus in organisations
    assert company not in organisations
    solutions = selectors.recordable_solutions()
    assert ledger_world.robot in solutions
    assert ledger_world.draft not in solutions
