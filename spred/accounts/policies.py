"""API tokens are personal: a user sees and revokes only their own."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from spred.accounts.models import ApiToken, User
from spred.core.policies import Policy


class ApiTokenPolicy(Policy[ApiToken]):
    model = ApiToken
    actions: ClassVar[frozenset[str]] = frozenset({"view", "create", "revoke"})

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[ApiToken]:
        if user is None or not user.is_authenticated or not user.is_active:
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=user)

    @classmethod
    def can(cls, user: Any, action: str, obj: ApiToken | None = None) -> bool:
        if action not in cls.actions:
            raise ValueError(f"ApiTokenPolicy knows no action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if action == "create":
            return True
        return obj is not None and obj.user_id == user.pk


class UserPolicy(Policy[User]):
    """A person's own profile is theirs to see and change; others' profiles are not pages."""

    model = User
    actions: ClassVar[frozenset[str]] = frozenset({"view", "edit_profile"})

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[User]:
        if user is None or not user.is_authenticated or not user.is_active:
            return User.objects.none()
        return User.objects.filter(pk=user.pk)

    @classmethod
    def can(cls, user: Any, action: str, obj: User | None = None) -> bool:
        if action not in cls.actions:
            raise ValueError(f"UserPolicy knows no action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active or obj is None:
            return False
        return obj.pk == user.pk
