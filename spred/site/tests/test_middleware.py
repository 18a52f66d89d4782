"""Oversized requests are refused from their declared length, before any view reads them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from spred.accounts.models import ApiToken, User
from spred.accounts.services import api_token_create
from spred.core.testing import unchanged
from spred.organisations.models import Membership, Organisation
from spred.organisations.tests.factories import valid_cvr

pytestmark = pytest.mark.django_db

LIMIT = settings.SPRED_MAX_REQUEST_BYTES
DANISH_DETAIL = "Forespørgslen er for stor. Den største tilladte størrelse er 5 MB."


def test_the_limit_is_five_megabytes_and_django_agrees() -> None:
    assert LIMIT == 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == LIMIT


def test_an_oversized_form_post_gets_a_danish_413_and_changes_nothing(
    user: User, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(user)
    body = "name=Stor+ApS&kind=company&cvr=" + valid_cvr(5) + "&website=" + "x" * LIMIT
    assert len(body) > LIMIT
    with unchanged(Organisation, Membership):
        response = client.post(
            "/organisationer/registrer/",
            body,
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert DANISH_DETAIL in html
    assert "Det, du sendte, er ikke gemt." in html
    assert "<html" in html  # the platform's layout, not a bare error


def test_an_oversized_api_request_gets_problem_json_and_changes_nothing(user: User) -> None:
    _token, raw = api_token_create(acting_user=user, name="Integration")
    payload = '{"name": "' + "x" * LIMIT + '", "kind": "company"}'
    with unchanged(Organisation, ApiToken):
        response = Client().post(
            "/api/v1/organisations",
            payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413
    assert problem["title"] == "For stor forespørgsel"
    assert problem["detail"] == DANISH_DETAIL
    assert problem["instance"] == "/api/v1/organisations"


def test_the_declared_length_is_enough_to_refuse(client: Client) -> None:
    # A client that announces a huge body is refused without the body ever being read.
    response = client.post(
        "/konto/login/", "login=a", content_type="text/plain", CONTENT_LENGTH=str(LIMIT + 1)
    )
    assert response.status_code == 413


def test_exactly_the_limit_passes_the_guard(client: Client) -> None:
    response = client.post(
        "/konto/login/", "login=a", content_type="text/plain", CONTENT_LENGTH=str(LIMIT)
    )
    assert response.status_code != 413


@pytest.mark.parametrize("length", ["", "abc", "-5"])
def test_a_missing_or_junk_length_is_not_an_error(client: Client, length: str) -> None:
    response = client.get("/om-spred/", CONTENT_LENGTH=length)
    assert response.status_code == 200


@override_settings(SPRED_MAX_REQUEST_BYTES=1024)
def test_the_limit_follows_the_setting(client: Client) -> None:
    response = client.post("/konto/login/", {"login": "a" * 2000, "password": "x"})
    assert response.status_code == 413
    assert "Forespørgslen er for stor." in response.content.decode()
