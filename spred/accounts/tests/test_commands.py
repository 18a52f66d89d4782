"""Choosing who a writing management command acts as."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from spred.accounts.commands import acting_user
from spred.accounts.roles import PlatformRole
from spred.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_without_an_address_the_only_holder_of_the_role_is_chosen() -> None:
    only = UserFactory.create(roles=[PlatformRole.ANALYST])
    UserFactory.create(roles=[PlatformRole.ANALYST], is_active=False)
    assert acting_user(None, role=PlatformRole.ANALYST) == only


def test_with_several_holders_the_command_asks() -> None:
    UserFactory.create_batch(2, roles=[PlatformRole.ANALYST])
    with pytest.raises(CommandError, match="Angiv, hvem kommandoen udføres som, med --as"):
        acting_user("", role=PlatformRole.ANALYST)


def test_an_unknown_or_inactive_address_is_refused() -> None:
    gone = UserFactory.create(roles=[PlatformRole.ANALYST], is_active=False)
    for email in ("ukendt@eksempel.dk", gone.email):
        with pytest.raises(CommandError, match="Ingen aktiv bruger"):
            acting_user(email, role=PlatformRole.ANALYST)


def test_the_named_user_must_hold_the_role_or_pass_the_check() -> None:
    plain = UserFactory.create(email="Plain@Eksempel.dk")
    with pytest.raises(CommandError, match="har ikke rollen Analytiker"):
        acting_user(plain.email, role=PlatformRole.ANALYST)
    assert acting_user("plain@eksempel.dk ", role=PlatformRole.ANALYST, allowed=bool) == plain
    with pytest.raises(CommandError, match="kan ikke"):
        acting_user(
            plain.email,
            role=PlatformRole.ANALYST,
            allowed=lambda u: False,
            refused="%(email)s kan ikke",
        )
