"""/api/v1/me: lets a client check whose token it holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from spred.accounts.models import ApiToken, User
from spred.accounts.services import api_token_create
from spred.core.api.testing import Auth, assert_problem
from spred.organisations.choices import MembershipRole, MembershipStatus, OrganisationKind
from spred.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def organisation(name: str, slug: str, cvr: str) -> Organisation:
    org = Organisation(name=name, slug=slug, kind=OrganisationKind.COMPANY, cvr=cvr)
    org.full_clean()
    org.save()
    return org


def test_me_names_the_token_holder_and_active_memberships(
    api: Client, token_user: User, token: tuple[ApiToken, str], auth: Auth
) -> None:
    active = organisation("Fjordlys Robotteknik ApS", "fjordlys", "30000005")
    pending = organisation("Nordlys ApS", "nordlys", "30000013")
    Membership.objects.create(
        user=token_user,
        organisation=active,
        role=MembershipRole.EDITOR,
        status=MembershipStatus.ACTIVE,
    )
    Membership.objects.create(
        user=token_user, organisation=pending, status=MembershipStatus.REQUESTED
    )

    response = api.get("/api/v1/me", **auth)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["email"] == "api-bruger@example.dk"
    assert body["name"] == "Astrid Api-Bruger"
    assert body["memberships"] == [
        {
            "organisation": {
                "slug": "fjordlys",
                "name": "Fjordlys Robotteknik ApS",
                "kind": "company",
            },
            "role": "editor",
        }
    ]
    assert body["token"]["name"] == "Integration"
    assert body["token"]["prefix"] == token[0].key_prefix
    assert token[1].startswith(body["token"]["prefix"])
    assert body["token"]["expires_at"] is None


def test_me_describes_the_token_that_was_used(api: Client, token_user: User) -> None:
    expires = timezone.now() + timedelta(days=30)
    api_token_create(acting_user=token_user, name="Første")
    _, raw = api_token_create(acting_user=token_user, name="Anden", expires_at=expires)

    body = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()

    assert body["token"]["name"] == "Anden"
    assert body["token"]["expires_at"] is not None


def test_me_never_shows_the_raw_token(api: Client, raw_token: str, auth: Auth) -> None:
    response = api.get("/api/v1/me", **auth)
    assert raw_token not in response.content.decode()


def test_me_without_a_token(api: Client) -> None:
    response = api.get("/api/v1/me")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="spred"'


def test_me_with_someone_elses_revoked_token(api: Client, token: tuple[ApiToken, str]) -> None:
    ApiToken.objects.filter(pk=token[0].pk).update(revoked_at=timezone.now())
    response = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token[1]}")
    assert_problem(response, 401)
