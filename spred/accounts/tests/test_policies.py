"""API tokens are personal; platform roles are groups."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from spred.accounts.models import ApiToken, User
from spred.accounts.policies import ApiTokenPolicy
from spred.accounts.roles import PlatformRole, has_platform_role, is_platform_admin
from spred.accounts.services import api_token_create
from spred.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(user: User) -> ApiToken:
    return api_token_create(acting_user=user, name="Integration")[0]


def test_only_the_owner_sees_and_revokes_a_token(
    user: User, token: ApiToken, platform_admin_user: User
) -> None:
    other = UserFactory.create()
    assert ApiTokenPolicy.can(user, "view", token)
    assert ApiTokenPolicy.can(user, "revoke", token)
    # Not even a platform admin: a token acts as its owner, so it stays the owner's business.
    for outsider in (other, platform_admin_user, AnonymousUser()):
        assert not ApiTokenPolicy.can(outsider, "view", token)
        assert not ApiTokenPolicy.can(outsider, "revoke", token)
        assert not ApiTokenPolicy.visible_to(outsider).filter(pk=token.pk).exists()


def test_any_active_signed_in_user_may_create_a_token(user: User) -> None:
    assert ApiTokenPolicy.can(user, "create")
    assert not ApiTokenPolicy.can(AnonymousUser(), "create")
    user.is_active = False
    assert not ApiTokenPolicy.can(user, "create")
    assert not ApiTokenPolicy.visible_to(user).exists()


def test_unknown_token_action_is_a_programming_error(user: User) -> None:
    with pytest.raises(ValueError, match="no action 'share'"):
        ApiTokenPolicy.can(user, "share")


def test_the_four_platform_roles_exist_as_groups() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Redaktør",
        "Analytiker",
        "Styregruppe",
        "Administrator",
    }
    assert set(PlatformRole.values) == {"Redaktør", "Analytiker", "Styregruppe", "Administrator"}


def test_platform_roles_follow_group_membership(user: User) -> None:
    editor = UserFactory.create(roles=[PlatformRole.EDITOR])
    assert has_platform_role(editor, PlatformRole.EDITOR)
    assert not has_platform_role(editor, PlatformRole.ANALYST)
    assert not is_platform_admin(editor)
    admin = UserFactory.create(roles=[PlatformRole.ADMINISTRATOR])
    assert is_platform_admin(admin)
    superuser = UserFactory.create(is_superuser=True)
    assert is_platform_admin(superuser)
    assert has_platform_role(superuser, PlatformRole.STEERING)
    assert not is_platform_admin(user)
    assert not is_platform_admin(AnonymousUser())
    assert not is_platform_admin(None)


def test_a_deactivated_admin_has_no_role() -> None:
    admin = UserFactory.create(roles=[PlatformRole.ADMINISTRATOR], is_active=False)
    assert not is_platform_admin(admin)
