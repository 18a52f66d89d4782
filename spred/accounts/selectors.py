"""Reads of accounts: API tokens, the person behind a token, platform roles."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from spred.accounts.models import ApiToken, hash_token
from spred.accounts.policies import ApiTokenPolicy, UserPolicy
from spred.accounts.roles import PlatformRole


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    # Active tokens (no revoked_at) first. Spelled out: PostgreSQL sorts NULL last, SQLite first.
    return ApiTokenPolicy.visible_to(user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at"
    )


def api_token_detail(*, user: Any, pk: int) -> ApiToken:
    return ApiTokenPolicy.get_visible_or_404(user, pk=pk)


def user_for_raw_token(raw: str) -> Any | None:
    """The active user a presented token belongs to, or None (unknown, revoked, expired)."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    # Record use at most once a minute, so reads through the API do not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def platform_roles(*, user: Any) -> list[str]:
    """The names of the user's platform roles, as the pages show them, in alphabetical order."""
    names = UserPolicy.visible_to(user).filter(pk=user.pk).values_list("groups__name", flat=True)
    return sorted(
        str(PlatformRole(name).label) if name in PlatformRole.values else name
        for name in names
        if name
    )
