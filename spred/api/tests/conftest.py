"""Fixtures for the API app's own tests: the reference data loaded by the real loader, and a
guard that an API request changed no row count. (Token holders and API clients are in
spred/conftest.py, for every app's API tests.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from auditlog.models import LogEntry

from spred.accounts.models import ApiToken, User
from spred.core.api.testing import Unchanged
from spred.organisations.models import Membership, Organisation, Region
from spred.organisations.reference import LoadReport, load_reference_data


@pytest.fixture
def loaded_reference(db: None) -> LoadReport:
    """The 5 regions, 98 municipalities and the ministries, loaded as ``load_reference`` does."""
    return load_reference_data()


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
