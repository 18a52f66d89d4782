"""Finding the user behind a token: forged, revoked and expired tokens find nobody."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from spred.accounts import selectors
from spred.accounts.models import TOKEN_PREFIX, ApiToken, User, new_raw_token
from spred.accounts.services import api_token_create, api_token_revoke
from spred.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(user: User) -> tuple[ApiToken, str]:
    return api_token_create(acting_user=user, name="Integration")


def test_a_valid_token_finds_its_user_and_records_use(
    user: User, token: tuple[ApiToken, str]
) -> None:
    stored, raw = token
    assert stored.last_used_at is None
    assert selectors.user_for_raw_token(raw) == user
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_use_is_recorded_at_most_once_a_minute(token: tuple[ApiToken, str]) -> None:
    stored, raw = token
    selectors.user_for_raw_token(raw)
    stored.refresh_from_db()
    first = stored.last_used_at
    selectors.user_for_raw_token(raw)
    stored.refresh_from_db()
    assert stored.last_used_at == first
    earlier = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.filter(pk=stored.pk).update(last_used_at=earlier)
    selectors.user_for_raw_token(raw)
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    assert stored.last_used_at > earlier


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "spred_",
        new_raw_token(),  # well-formed, never issued
        "Bearer spred_abc",
        TOKEN_PREFIX + "x" * 500,  # absurdly long: refused before hashing
        "' OR 1=1 --",
    ],
    # Named, not shown: the never-issued token is random, and every xdist worker must collect
    # the same test ids.
    ids=["empty", "prefix-only", "never-issued", "bearer-inside", "too-long", "sql"],
)
def test_a_forged_token_finds_nobody(token: tuple[ApiToken, str], forged: str) -> None:
    assert selectors.user_for_raw_token(forged) is None


def test_the_hash_itself_is_not_a_token(token: tuple[ApiToken, str]) -> None:
    stored, _raw = token
    assert selectors.user_for_raw_token(stored.key_hash) is None


def test_a_revoked_token_finds_nobody(user: User, token: tuple[ApiToken, str]) -> None:
    stored, raw = token
    api_token_revoke(acting_user=user, token=stored)
    assert selectors.user_for_raw_token(raw) is None


def test_an_expired_token_finds_nobody(user: User) -> None:
    stored, raw = api_token_create(
        acting_user=user, name="kort", expires_at=timezone.now() + timedelta(days=1)
    )
    assert selectors.user_for_raw_token(raw) == user
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert selectors.user_for_raw_token(raw) is None


def test_a_deactivated_users_token_finds_nobody(user: User, token: tuple[ApiToken, str]) -> None:
    _stored, raw = token
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert selectors.user_for_raw_token(raw) is None


def test_token_list_and_detail_are_personal(user: User, token: tuple[ApiToken, str]) -> None:
    stored, _raw = token
    other = UserFactory.create()
    assert list(selectors.api_token_list(user=user)) == [stored]
    assert list(selectors.api_token_list(user=other)) == []
    assert list(selectors.api_token_list(user=AnonymousUser())) == []
    assert selectors.api_token_detail(user=user, pk=stored.pk) == stored
    with pytest.raises(Http404):
        selectors.api_token_detail(user=other, pk=stored.pk)


def test_revoked_tokens_are_listed_after_active_ones(user: User) -> None:
    first, _ = api_token_create(acting_user=user, name="gammel")
    api_token_create(acting_user=user, name="ny")
    api_token_revoke(acting_user=user, token=first)
    assert [t.name for t in selectors.api_token_list(user=user)] == ["ny", "gammel"]
