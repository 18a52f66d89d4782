"""Fixtures for the API tests: a token holder, headers that carry the token, reference data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from auditlog.models import LogEntry
from django.test import Client

from spred.accounts.models import ApiToken, User
from spred.accounts.services import api_token_create
from spred.core.api.testing import Auth, Unchanged
from spred.organisations.models import Membership, Organisation, Region
from spred.organisations.reference import LoadReport, load_reference_data


@pytest.fixture
def loaded_reference(db: None) -> LoadReport:
    """The 5 regions, 98 municipalities and the ministries, loaded as ``load_reference`` does."""
    return load_reference_data()


@pytest.fixture
def token_user(db: None) -> User:
    return User.objects.create_user(
        email="api-bruger@example.dk", password=None, name="Astrid Api-Bruger"
    )


@pytest.fixture
def token(token_user: User) -> tuple[ApiToken, str]:
    return api_token_create(acting_user=token_user, name="Integration")


@pytest.fixture
def raw_token(token: tuple[ApiToken, str]) -> str:
    return token[1]


@pytest.fixture
def auth(raw_token: str) -> Auth:
    """Keyword arguments for the Django test client that send the token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_token}"}


@pytest.fixture
def api() -> Client:
    return Client()


@pytest.fixture
def quiet_api() -> Client:
    """A client that returns the 500 response instead of re-raising the view's exception."""
    return Client(raise_request_exception=False)


def database_state() -> dict[str, int]:
    """Row counts of everything an API write could touch."""
    return {
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "regions": Region.objects.count(),
        "tokens": ApiToken.objects.count(),
        "users": User.objects.count(),
        "audit": LogEntry.objects.count(),
    }


@pytest.fixture
def unchanged() -> Unchanged:
    """``with unchanged(): ...`` fails the test if the block changed any row count."""

    @contextmanager
    def guard() -> Iterator[None]:
        before = database_state()
        yield
        after = database_state()
        assert after == before, f"the database changed: {before} -> {after}"

    return guard
