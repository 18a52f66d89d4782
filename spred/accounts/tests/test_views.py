"""The account pages: API tokens, signing up, name and job title."""

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

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(access_world: AccessWorld) -> AccessWorld:
    admin = access_world.users[Audience.PERMITTED]
    access_world.objects["token"] = api_token_create(acting_user=admin, name="Integration")[0]
    return access_world


def _revoked_only_by_owner(audience: Audience, response: Any, world: AccessWorld) -> None:
    token = ApiToken.objects.get(pk=world["token"].pk)
    assert (token.revoked_at is not None) == (audience is Audience.PERMITTED)


def _token_for_the_requester(audience: Audience, response: Any, world: AccessWorld) -> None:
    tokens = ApiToken.objects.filter(name="Dataudtræk")
    if audience is Audience.ANONYMOUS:
        assert not tokens.exists()
    else:
        assert tokens.get().user == world.users[audience]


ACCESS = [
    signed_in("tokens", "/konto/api-noegler/"),
    signed_in(
        "create token",
        "/konto/api-noegler/",
        201,
        method="post",
        data={"name": "Dataudtræk"},
        check=_token_for_the_requester,
    ),
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
]


@pytest.mark.parametrize("case", ACCESS, ids=str)
def test_access(case: ViewAccess, world: AccessWorld) -> None:
    assert_access(case, world)


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
