"""The policy layer: who may see and do what.

Every selector starts from a policy's ``visible_to(user)``, so an object outside a user's scope
is simply not in the queryset, and a view looking it up answers 404 — it never reveals that the
object exists.

``can(user, action, obj)`` opens the same way in every policy, here: an action the policy does
not know is a programming error, and every action but those in ``anonymous_actions`` needs a
signed-in, active user. What is left is the policy's own rule, ``allows``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


class ActionNotAllowed(Exception):
    """Raised by a service when the acting user may not perform the action."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_signed_in(user: Any) -> bool:
    """A signed-in user whose account is active: the least any write asks."""
    return user is not None and user.is_authenticated and user.is_active


class Policy(Generic[M]):
    """Base class. Subclasses set ``model`` and ``actions``, implement ``visible_to``, and put
    their rules in ``allows``."""

    model: ClassVar[type[models.Model]]
    actions: ClassVar[frozenset[str]] = frozenset({"view"})
    #: Actions that are asked about visitors who are not signed in too; every other action is
    #: refused to them before ``allows`` is asked.
    anonymous_actions: ClassVar[frozenset[str]] = frozenset({"view"})

    @classmethod
    def visible_to(cls, user: Any) -> models.QuerySet[M]:
        raise NotImplementedError

    @classmethod
    def can(cls, user: Any, action: str, obj: M | None = None) -> bool:
        if action not in cls.actions:
            raise ValueError(f"{cls.__name__} knows no action {action!r}")
        if action not in cls.anonymous_actions and not is_signed_in(user):
            return False
        return cls.allows(user, action, obj)

    @classmethod
    def allows(cls, user: Any, action: str, obj: M | None) -> bool:
        """The policy's own rule for a known action (``user`` is signed in unless the action is
        one of ``anonymous_actions``). By default: ``view`` what ``visible_to`` holds."""
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
