"""Personal API tokens: only the hash is stored, the raw key is shown once, revoking is final."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from spred.accounts import services
from spred.accounts.models import TOKEN_PREFIX, ApiToken, User
from spred.accounts.selectors import user_for_raw_token
from spred.accounts.tests.factories import UserFactory
from spred.core.policies import ActionNotAllowed
from spred.core.testing import unchanged

pytestmark = pytest.mark.django_db


def test_create_stores_only_the_hash_and_returns_the_raw_key_once(user: User) -> None:
    token, raw = services.api_token_create(acting_user=user, name="  Dataudtræk  ")
    assert raw.startswith(TOKEN_PREFIX)
    assert len(raw) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["key_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert stored["key_prefix"] == raw[:14]
    assert stored["name"] == "Dataudtræk"
    # The raw key is nowhere in the row, and the object handed back does not carry it either.
    assert all(raw not in str(value) for value in stored.values())
    assert all(raw not in str(value) for value in vars(token).values())


def test_two_tokens_never_share_a_key(user: User) -> None:
    raws = {services.api_token_create(acting_user=user, name=f"n{n}")[1] for n in range(5)}
    assert len(raws) == 5


def test_create_is_audited_without_the_hash(user: User) -> None:
    token, raw = services.api_token_create(acting_user=user, name="Integration")
    entry = LogEntry.objects.get_for_object(token).get()
    assert entry.actor == user
    assert "key_hash" not in entry.changes_dict
    assert token.key_hash not in str(entry.changes)
    assert raw not in str(entry.changes)


def test_anonymous_cannot_create_a_token() -> None:
    with unchanged(ApiToken), pytest.raises(ActionNotAllowed) as caught:
        services.api_token_create(acting_user=AnonymousUser(), name="x")
    assert caught.value.message == "Log ind for at oprette en API-nøgle."


def test_expiry_must_be_in_the_future(user: User) -> None:
    with unchanged(ApiToken), pytest.raises(ValidationError) as caught:
        services.api_token_create(
            acting_user=user, name="x", expires_at=timezone.now() - timedelta(days=1)
        )
    assert caught.value.message_dict["expires_at"] == ["Udløbsdatoen skal ligge i fremtiden."]


def test_there_is_a_ceiling_on_active_tokens(user: User) -> None:
    for n in range(services.MAX_ACTIVE_TOKENS):
        services.api_token_create(acting_user=user, name=f"n{n}")
    with unchanged(ApiToken), pytest.raises(ValidationError) as caught:
        services.api_token_create(acting_user=user, name="én for meget")
    assert caught.value.messages == [
        "Du har 20 aktive nøgler. Tilbagekald en, før du opretter en ny."
    ]
    # Revoking one makes room again.
    services.api_token_revoke(
        acting_user=user, token=ApiToken.objects.filter(user=user).latest("pk")
    )
    services.api_token_create(acting_user=user, name="nu er der plads")


def test_a_blank_name_is_refused(user: User) -> None:
    with unchanged(ApiToken), pytest.raises(ValidationError) as caught:
        services.api_token_create(acting_user=user, name="   ")
    assert "name" in caught.value.message_dict


def test_revoke_ends_the_token_for_good(user: User) -> None:
    token, raw = services.api_token_create(acting_user=user, name="Integration")
    assert user_for_raw_token(raw) == user
    services.api_token_revoke(acting_user=user, token=token)
    token.refresh_from_db()
    revoked_at = token.revoked_at
    assert revoked_at is not None
    assert not token.is_active
    assert user_for_raw_token(raw) is None
    # Revoking twice keeps the first time.
    services.api_token_revoke(acting_user=user, token=token)
    token.refresh_from_db()
    assert token.revoked_at == revoked_at
    update = LogEntry.objects.get_for_object(token).filter(action=LogEntry.Action.UPDATE).get()
    assert update.actor == user


def test_nobody_revokes_someone_elses_token(user: User) -> None:
    token, raw = services.api_token_create(acting_user=user, name="Integration")
    for actor in (UserFactory.create(), AnonymousUser()):
        with unchanged(token), pytest.raises(ActionNotAllowed) as caught:
            services.api_token_revoke(acting_user=actor, token=token)
        assert caught.value.message == "Du kan kun tilbagekalde dine egne nøgler."
    assert user_for_raw_token(raw) == user


def test_create_rolls_back_when_saving_fails(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: ApiToken, *args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ApiToken, "save", fail)
    with unchanged(ApiToken, LogEntry), pytest.raises(RuntimeError):
        services.api_token_create(acting_user=user, name="Integration")


def test_nobody_edits_someone_elses_profile() -> None:
    from spred.accounts.services import user_update_profile
    from spred.accounts.tests.factories import UserFactory
    from spred.core.policies import ActionNotAllowed

    owner, other = UserFactory.create(name="Ejer"), UserFactory.create()
    with pytest.raises(ActionNotAllowed):
        user_update_profile(acting_user=other, user=owner, name="Ændret")
    owner.refresh_from_db()
    assert owner.name == "Ejer"
