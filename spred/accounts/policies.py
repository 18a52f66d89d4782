"""API tokens are personal: a user sees and revokes only their own. A profile is its owner's."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from spred.accounts.models import ApiToken, User
from spred.core.policies import Policy, is_signed_in


class ApiTokenPolicy(Policy[ApiToken]):
    model = ApiToken
    actions: ClassVar[frozenset[str]] = frozenset({"view", "create", "revoke"})
    anonymous_actions: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[ApiToken]:
        if not is_signed_in(user):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=user)

    @classmethod
    def allows(cls, user: Any, action: str, obj: ApiToken | None) -> bool:
        if action == "create":
            return True
        return obj is not None and obj.user_id == user.pk


class UserPolicy(Policy[User]):
    """A person's own profile is theirs to see and change; others' profiles are not pages."""

    model = User
    actions: ClassVar[frozenset[str]] = frozenset({"view", "edit_profile"})
    anonymous_actions: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[User]:
        if not is_signed_in(user):
            return User.objects.none()
        return User.objects.filter(pk=user.pk)

    @classmethod
    def allows(cls, user: Any, action: str, obj: User | None) -> bool:
        return obj is not None and obj.pk == user.pk
