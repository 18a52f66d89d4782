"""Writes for accounts: personal API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.accounts.models import ApiToken, User, hash_token, new_raw_token
from spred.accounts.policies import ApiTokenPolicy, UserPolicy
from spred.core.audit import service

MAX_ACTIVE_TOKENS = 20


@service
def api_token_create(
    *, acting_user: Any, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw key, which is never stored and shown only now."""
    ApiTokenPolicy.require(acting_user, "create", None, _("Log ind for at oprette en API-nøgle."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Udløbsdatoen skal ligge i fremtiden.")})
    active = ApiToken.objects.filter(user=acting_user, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("Du har %(n)s aktive nøgler. Tilbagekald en, før du opretter en ny.") % {"n": active}
        )
    raw = new_raw_token()
    token = ApiToken(
        user=acting_user,
        name=name.strip(),
        key_hash=hash_token(raw),
        key_prefix=raw[:14],
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, raw


@service
def api_token_revoke(*, acting_user: Any, token: ApiToken) -> ApiToken:
    ApiTokenPolicy.require(
        acting_user, "revoke", token, _("Du kan kun tilbagekalde dine egne nøgler.")
    )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


@service
def user_update_profile(*, acting_user: Any, user: User, name: str, job_title: str = "") -> User:
    UserPolicy.require(acting_user, "edit_profile", user, _("Du kan kun rette din egen profil."))
    user.name = name.strip()
    user.job_title = job_title.strip()
    user.full_clean()
    user.save(update_fields=["name", "job_title"])
    return user
