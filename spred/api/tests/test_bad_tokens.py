"""A write through the API with a forged, revoked or expired token is unauthenticated, and
changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from spred.accounts.models import ApiToken, User, new_raw_token
from spred.accounts.services import api_token_create, api_token_revoke
from spred.core.testing import unchanged
from spred.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["forged", "revoked", "expired"])
def test_the_api_treats_a_bad_token_as_unauthenticated_and_changes_nothing(
    user: User, kind: str
) -> None:
    stored, raw = api_token_create(acting_user=user, name="Integration")
    if kind == "forged":
        raw = new_raw_token()
    elif kind == "revoked":
        api_token_revoke(acting_user=user, token=stored)
    else:
        ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client = Client()
    with unchanged(Organisation, ApiToken):
        response = client.post(
            "/api/v1/organisations",
            {"name": "Falsk ApS", "kind": "company", "cvr": "64942212"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 401
