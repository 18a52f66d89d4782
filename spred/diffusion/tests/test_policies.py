"""AdoptionPolicy as a matrix: for each kind of record, what each kind of person may see and do.

People: anonymous, outsider (signed in, no organisation), member (of the adopting organisation,
Aarhus), other (member of Odense, which recorded the pending record), editor (Redaktør),
admin (platform admin)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from spred.accounts.tests.factories import platform_admin
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.models import Adoption
from spred.diffusion.policies import AdoptionPolicy
from spred.diffusion.tests.world import LedgerWorld, make_adoption
from spred.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "outsider", "member", "other", "editor", "admin")
ACTIONS = ("view", "confirm", "reject", "change_status", "edit", "withdraw", "contact")

#: record -> action -> the people allowed (everyone else is refused).
MATRIX: dict[str, dict[str, set[str]]] = {
    "verified": {
        "view": set(PEOPLE),
        "confirm": {"member", "admin"},
        "reject": set(),
        "change_status": {"member", "admin"},
        "edit": {"member", "admin"},
        "withdraw": set(),
        "contact": {"outsider", "other", "editor", "admin"},
    },
    "pending": {
        "view": {"member", "other", "editor", "admin"},
        "confirm": {"member", "admin"},
        "reject": {"member", "admin"},
        "change_status": set(),
        "edit": {"member", "other", "admin"},
        "withdraw": {"other", "admin"},
        "contact": set(),
    },
    "rejected": {
        "view": {"member", "other", "editor", "admin"},
        "confirm": set(),
        "reject": set(),
        "change_status": set(),
        "edit": set(),
        "withdraw": set(),
        "contact": set(),
    },
    "draft_solution": {
        "view": {"member", "editor", "admin"},
        "confirm": {"member", "admin"},
        "reject": set(),
        "change_status": {"member", "admin"},
        "edit": {"member", "admin"},
        "withdraw": set(),
        "contact": {"outsider", "other", "editor", "admin"},
    },
}


@pytest.fixture
def people(ledger_world: LedgerWorld) -> dict[str, Any]:
    w = ledger_world
    # The rejected record is Skanderborg's: the member belongs there too, so its row tests
    # "member of the organisation" rather than "not a member".
    MembershipFactory.create(organisation=w.skanderborg, user=w.aarhus_member)
    return {
        "anonymous": AnonymousUser(),
        "outsider": w.outsider,
        "member": w.aarhus_member,
        "other": w.odense_member,
        "editor": w.editor,
        "admin": platform_admin(),
    }


@pytest.fixture
def records(ledger_world: LedgerWorld) -> dict[str, Adoption]:
    w = ledger_world
    step = [(AdoptionStatus.PILOT, date(2024, 1, 5))]
    return {
        "verified": make_adoption(w.aarhus, w.robot, step),
        "pending": make_adoption(
            w.aarhus,
            w.app,
            step,
            verification=Verification.PENDING,
            recorded_by=w.odense_member,
            recorded_by_organisation=w.odense,
        ),
        "rejected": make_adoption(
            w.skanderborg,
            w.app,
            step,
            verification=Verification.REJECTED,
            recorded_by=w.odense_member,
        ),
        "draft_solution": make_adoption(w.aarhus, w.draft, step),
    }


def test_the_access_matrix(people: dict[str, Any], records: dict[str, Adoption]) -> None:
    wrong = []
    for record, expected in MATRIX.items():
        for action in ACTIONS:
            for person in PEOPLE:
                allowed = AdoptionPolicy.can(people[person], action, records[record])
                if allowed != (person in expected[action]):
                    wrong.append(
                        f"{record}/{action}/{person}: {'allowed' if allowed else 'refused'}"
                    )
    assert not wrong, "AdoptionPolicy differs from the matrix:\n  " + "\n  ".join(wrong)


def test_who_may_record_at_all(people: dict[str, Any]) -> None:
    allowed = {p for p in PEOPLE if AdoptionPolicy.can(people[p], "create")}
    assert allowed == {"member", "other", "editor", "admin"}


def test_visible_to_matches_view(people: dict[str, Any], records: dict[str, Adoption]) -> None:
    for person in PEOPLE:
        visible = set(AdoptionPolicy.visible_to(people[person]).values_list("pk", flat=True))
        expected = {records[r].pk for r in records if person in MATRIX[r]["view"]}
        assert visible == expected, person


def test_an_unknown_action_is_a_programming_error(people: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="no action 'publish'"):
        AdoptionPolicy.can(people["member"], "publish")
