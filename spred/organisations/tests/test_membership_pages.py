"""The signed-in person's membership pages under /konto/: the join requests an administrator
decides, and leaving an organisation; and changing a member's role on the members page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spred.accounts.models import User
from spred.core.testing import (
    AccessWorld,
    Audience,
    Redirect,
    ViewAccess,
    assert_access,
    scoped,
    signed_in,
    unchanged,
)
from spred.organisations.choices import MembershipStatus
from spred.organisations.models import Membership, Organisation
from spred.organisations.tests.factories import MembershipRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(access_world: AccessWorld, organisation: Organisation) -> AccessWorld:
    admin = access_world.users[Audience.PERMITTED]
    access_world.objects["request"] = MembershipRequestFactory.create(organisation=organisation)
    access_world.objects["own_membership"] = Membership.objects.get(
        user=admin, organisation=organisation
    )
    return access_world


def _decided_only_by_admin(audience: Audience, response: Any, world: AccessWorld) -> None:
    status = Membership.objects.get(pk=world["request"].pk).status
    expected = (
        MembershipStatus.ACTIVE if audience is Audience.PERMITTED else MembershipStatus.REQUESTED
    )
    assert status == expected


ACCESS = [
    signed_in("membership requests", "/konto/anmodninger/"),
    scoped(
        "decide a request",
        lambda w: reverse("organisations:membership_decide", args=[w["request"].pk]),
        Redirect("/konto/anmodninger/"),
        method="post",
        data={"decision": "approve", "role": "member"},
        check=_decided_only_by_admin,
    ),
    scoped(
        "decide by GET",
        lambda w: reverse("organisations:membership_decide", args=[w["request"].pk]),
        405,
        no_permission=405,
        other_organisation=405,
    ),
    scoped(
        "leave (confirm page)",
        lambda w: reverse("organisations:membership_withdraw", args=[w["own_membership"].pk]),
    ),
]


@pytest.mark.parametrize("case", ACCESS, ids=str)
def test_access(case: ViewAccess, world: AccessWorld) -> None:
    assert_access(case, world)


def test_an_admin_cannot_withdraw_a_members_membership(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    client_for: Callable[[Any], Client],
) -> None:
    # The admin may see the membership (to manage it) but leaving is the member's own act.
    membership = Membership.objects.get(user=org_member, organisation=organisation)
    url = reverse("organisations:membership_withdraw", args=[membership.pk])
    with unchanged(Membership):
        assert client_for(org_admin).post(url).status_code == 404
    assert client_for(org_member).post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_only_admin_is_told_why_they_cannot_leave(
    organisation: Organisation, org_admin: User, client_for: Callable[[Any], Client]
) -> None:
    membership = Membership.objects.get(user=org_admin, organisation=organisation)
    with unchanged(Membership):
        response = client_for(org_admin).post(
            reverse("organisations:membership_withdraw", args=[membership.pk]), follow=True
        )
    assert "Du er organisationens eneste administrator." in response.content.decode()


def test_requests_page_shows_only_requests_one_may_decide(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    other_org_admin: User,
    client_for: Callable[[Any], Client],
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation, user__name="Nanna Ny")
    assert request.user.email in client_for(org_admin).get("/konto/anmodninger/").content.decode()
    for bystander in (org_member, other_org_admin):
        body = client_for(bystander).get("/konto/anmodninger/").content.decode()
        assert request.user.email not in body
        assert "Der er ingen anmodninger, der venter på dig." in body


def test_reject_through_the_page(
    organisation: Organisation, org_admin: User, client_for: Callable[[Any], Client]
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    response = client_for(org_admin).post(
        reverse("organisations:membership_decide", args=[request.pk]),
        {"decision": "reject", "role": "member"},
        follow=True,
    )
    request.refresh_from_db()
    assert request.status == MembershipStatus.REJECTED
    assert "Afgørelsen er gemt" in response.content.decode()


def test_an_invalid_decision_is_refused_with_a_message(
    organisation: Organisation, org_admin: User, client_for: Callable[[Any], Client]
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    with unchanged(request):
        response = client_for(org_admin).post(
            reverse("organisations:membership_decide", args=[request.pk]),
            {"decision": "maybe"},
            follow=True,
        )
    assert "Vælg godkend eller afvis." in response.content.decode()


def test_demoting_the_last_admin_is_refused_with_a_message(
    organisation: Organisation, org_admin: User, client_for: Callable[[Any], Client]
) -> None:
    own = Membership.objects.get(user=org_admin, organisation=organisation)
    with unchanged(own):
        response = client_for(org_admin).post(
            reverse("organisations:change_role", args=[organisation.slug, own.pk]),
            {"role": "member"},
            follow=True,
        )
    assert "Organisationen skal have mindst én administrator." in response.content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_decide_does_not_redirect_off_site(
    organisation: Organisation,
    org_admin: User,
    client_for: Callable[[Any], Client],
    next_url: str,
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    response = client_for(org_admin).post(
        reverse("organisations:membership_decide", args=[request.pk]),
        {"decision": "approve", "role": "member", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/anmodninger/"


def test_decide_returns_to_the_members_page(
    organisation: Organisation, org_admin: User, client_for: Callable[[Any], Client]
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    response = client_for(org_admin).post(
        reverse("organisations:membership_decide", args=[request.pk]),
        {"decision": "approve", "role": "member", "next": "/organisationer/lysbro/medlemmer/"},
    )
    assert response["Location"] == "/organisationer/lysbro/medlemmer/"


def test_changing_an_active_members_role_is_confirmed_as_a_role_change(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    client_for: Callable[[Any], Client],
) -> None:
    membership = org_member.memberships.get(organisation=organisation)
    response = client_for(org_admin).post(
        reverse("organisations:change_role", args=[organisation.slug, membership.pk]),
        {"role": "editor"},
        follow=True,
    )
    body = response.content.decode()
    assert f"{org_member} er nu redaktør i organisationen." in body
    assert "Afgørelsen er gemt" not in body
