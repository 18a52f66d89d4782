"""The signed-in user's own pages: profile, API tokens, join requests to decide, leaving."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spred.accounts.models import ApiToken, User
from spred.accounts.roles import PlatformRole
from spred.accounts.selectors import user_for_raw_token
from spred.accounts.services import api_token_create
from spred.accounts.tests.factories import UserFactory
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
    access_world.objects["token"] = api_token_create(acting_user=admin, name="Integration")[0]
    access_world.objects["request"] = MembershipRequestFactory.create(organisation=organisation)
    access_world.objects["own_membership"] = Membership.objects.get(
        user=admin, organisation=organisation
    )
    return access_world


def _revoked_only_by_owner(audience: Audience, response: Any, world: AccessWorld) -> None:
    token = ApiToken.objects.get(pk=world["token"].pk)
    assert (token.revoked_at is not None) == (audience is Audience.PERMITTED)


def _decided_only_by_admin(audience: Audience, response: Any, world: AccessWorld) -> None:
    status = Membership.objects.get(pk=world["request"].pk).status
    expected = (
        MembershipStatus.ACTIVE if audience is Audience.PERMITTED else MembershipStatus.REQUESTED
    )
    assert status == expected


def _token_for_the_requester(audience: Audience, response: Any, world: AccessWorld) -> None:
    tokens = ApiToken.objects.filter(name="Dataudtræk")
    if audience is Audience.ANONYMOUS:
        assert not tokens.exists()
    else:
        assert tokens.get().user == world.users[audience]


ACCESS = [
    signed_in("profile", "/konto/min-side/"),
    signed_in("tokens", "/konto/api-noegler/"),
    signed_in(
        "create token",
        "/konto/api-noegler/",
        201,
        method="post",
        data={"name": "Dataudtræk"},
        check=_token_for_the_requester,
    ),
    signed_in("membership requests", "/konto/anmodninger/"),
    scoped(
        "revoke token (confirm page)",
        lambda w: reverse("accounts:token_revoke", args=[w["token"].pk]),
    ),
    scoped(
        "revoke token",
        lambda w: reverse("accounts:token_revoke", args=[w["token"].pk]),
        Redirect("/konto/api-noegler/"),
        method="post",
        check=_revoked_only_by_owner,
    ),
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


# --------------------------------------------------------------------------------------------
# Profile


def test_profile_shows_memberships_roles_and_waiting_requests(
    organisation: Organisation, org_admin: User, client_for: Callable[[Any], Client]
) -> None:
    org_admin.groups.add(*_groups(PlatformRole.EDITOR))
    MembershipRequestFactory.create(organisation=organisation)
    body = client_for(org_admin).get("/konto/min-side/").content.decode()
    assert organisation.name in body
    assert "Redaktør" in body
    assert "1 anmodning om medlemskab venter på dig." in body


def _groups(*names: str) -> Any:
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=names)


def test_profile_without_memberships_points_the_way(
    user: User, client_for: Callable[[Any], Client]
) -> None:
    body = client_for(user).get("/konto/min-side/").content.decode()
    assert "Du er ikke tilknyttet nogen organisation endnu." in body


# --------------------------------------------------------------------------------------------
# API tokens


def test_a_new_token_is_shown_once(user: User, client_for: Callable[[Any], Client]) -> None:
    client = client_for(user)
    response = client.post("/konto/api-noegler/", {"name": "Dataudtræk"})
    assert response.status_code == 201
    body = response.content.decode()
    [raw] = re.findall(r'id="new-token">([^<]+)<', body)
    assert user_for_raw_token(raw) == user
    assert "Kopiér nøglen nu." in body
    later = client.get("/konto/api-noegler/").content.decode()
    assert raw not in later
    assert raw[:14] in later  # the prefix identifies it in the list


def test_a_token_with_a_past_expiry_is_refused(
    user: User, client_for: Callable[[Any], Client]
) -> None:
    yesterday = (timezone.localdate() - timedelta(days=2)).isoformat()
    with unchanged(ApiToken):
        response = client_for(user).post(
            "/konto/api-noegler/", {"name": "Gammel", "expires_at": yesterday}
        )
    assert response.status_code == 200
    assert "Udløbsdatoen skal ligge i fremtiden." in response.content.decode()


def test_a_token_without_a_name_is_refused(user: User, client_for: Callable[[Any], Client]) -> None:
    with unchanged(ApiToken):
        response = client_for(user).post("/konto/api-noegler/", {"name": ""})
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()


def test_someone_elses_token_cannot_be_revoked(
    user: User, client_for: Callable[[Any], Client]
) -> None:
    token, raw = api_token_create(acting_user=user, name="Integration")
    with unchanged(token):
        response = client_for(UserFactory.create()).post(
            reverse("accounts:token_revoke", args=[token.pk])
        )
    assert response.status_code == 404
    assert user_for_raw_token(raw) == user


# --------------------------------------------------------------------------------------------
# Join requests


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


# --------------------------------------------------------------------------------------------
# Signing up


def test_sign_up_asks_for_verification_and_stores_name(client: Client) -> None:
    response = client.post(
        "/konto/signup/",
        {
            "email": "ny@eksempel.dk",
            "password1": "Korrekt-hest-batteri-7",
            "password2": "Korrekt-hest-batteri-7",
            "name": "Nanna Nyansat",
            "job_title": "Pædagog",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = User.objects.get(email="ny@eksempel.dk")
    assert (user.name, user.job_title) == ("Nanna Nyansat", "Pædagog")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Denne adgangskode er for kort. Den skal indeholde mindst 10 tegn."),
        ("1234567890123", "Denne adgangskode er udelukkende numerisk."),
        ("password123", "Denne adgangskode er for almindelig."),
    ],
)
def test_weak_passwords_are_refused_in_danish(client: Client, password: str, message: str) -> None:
    with unchanged(User):
        response = client.post(
            "/konto/signup/",
            {
                "email": "svag@eksempel.dk",
                "password1": password,
                "password2": password,
                "name": "Svag Kode",
            },
        )
    assert response.status_code == 200
    assert message in response.content.decode()


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


def test_a_person_edits_their_own_name_and_job_title(
    client_for: Callable[[Any], Client], org_member: User
) -> None:
    client = client_for(org_member)
    form = client.get(reverse("accounts:profile_edit"))
    assert form.status_code == 200
    response = client.post(
        reverse("accounts:profile_edit"),
        {"name": "Mette Fiktiv", "job_title": "Udviklingskonsulent"},
        follow=True,
    )
    assert "Dine oplysninger er gemt." in response.content.decode()
    org_member.refresh_from_db()
    assert (org_member.name, org_member.job_title) == ("Mette Fiktiv", "Udviklingskonsulent")


def test_a_profile_without_a_name_keeps_the_input_and_says_why(
    client_for: Callable[[Any], Client], org_member: User
) -> None:
    before = org_member.name
    response = client_for(org_member).post(
        reverse("accounts:profile_edit"), {"name": "", "job_title": "Teamleder"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Teamleder" in body
    assert "form-error-message" in body
    org_member.refresh_from_db()
    assert org_member.name == before
