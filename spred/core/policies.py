"""The policy layer: who may see and do what.

Every selector starts from a policy's ``visible_to(user)``, so an object outside a user's scope
is simply not in the queryset, and a view looking it up answers 404 — it never reveals that the
object exists.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)

PLATFORM_ADMIN_GROUP = "Administrator"


class ActionNotAllowed(Exception):
    """Raised by a service when the acting user may not perform the action."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_platform_admin(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return has_platform_role(user, PLATFORM_ADMIN_GROUP)


def has_platform_role(user: Any, group_name: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache: dict[str, bool] = user.__dict__.setdefault("_spred_role_cache", {})
    if group_name not in cache:
        cache[group_name] = user.groups.filter(name=group_name).exists()
    return cache[group_name]


class Policy(Generic[M]):
    """Base class. Subclasses set ``model`` and override ``visible_to`` and ``can``."""

    model: ClassVar[type[models.Model]]
    actions: ClassVar[frozenset[str]] = frozenset({"view"})

    @classmethod
    def visible_to(cls, user: Any) -> models.QuerySet[M]:
        raise NotImplementedError

    @classmethod
    def can(cls, user: Any, action: str, obj: M | None = None) -> bool:
        if action not in cls.actions:
            raise ValueError(f"{cls.__name__} knows no action {action!r}")
        if action == "view":
            return obj is None or cls.visible_to(user).filter(pk=obj.pk).exists()
        return False

    @classmethod
    def require(cls, user: Any, action: str, obj: M | None, message: str) -> None:
        if not cls.can(user, action, obj):
            raise ActionNotAllowed(message)

    @classmethod
    def get_visible_or_404(cls, user: Any, **lookup: Any) -> M:
        try:
            return cls.visible_to(user).get(**lookup)
        except cls.model.DoesNotExist as exc:  # type: ignore[attr-defined]
            raise Http404 from exc
        except (ValueError, TypeError) as exc:
            raise Http404 from exc


def anonymous() -> AnonymousUser:
    return AnonymousUser()
