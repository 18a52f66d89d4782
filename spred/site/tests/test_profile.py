"""Min side: the person, their roles and memberships, and what waits for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from spred.accounts.models import User
from spred.accounts.roles import PlatformRole
from spred.core.testing import AccessWorld, ViewAccess, assert_access, signed_in
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import MembershipRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", [signed_in("profile", "/konto/min-side/")], ids=str)
def test_access(case: ViewAccess, access_world: AccessWorld) -> None:
    assert_access(case, access_world)


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
