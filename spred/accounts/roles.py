"""Platform roles, and the questions every app asks of them.

The roles are Django groups, created by a data migration. A superuser counts as a platform
admin, and through that as an editor; the Analytiker role is the one exception: it is held only
by being in the group, so that access to survey microdata is always a deliberate, visible grant.
Answers are cached on the user object for the rest of the request.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from spred.core.policies import is_signed_in


class PlatformRole(models.TextChoices):
    EDITOR = "Redaktør", _("Redaktør")
    ANALYST = "Analytiker", _("Analytiker")
    STEERING = "Styregruppe", _("Styregruppe")
    ADMINISTRATOR = "Administrator", _("Administrator")


def _in_group(user: Any, group_name: str) -> bool:
    cache: dict[str, bool] = user.__dict__.setdefault("_spred_role_cache", {})
    if group_name not in cache:
        cache[group_name] = user.groups.filter(name=group_name).exists()
    return cache[group_name]


def has_platform_role(user: Any, group_name: str) -> bool:
    """Holds the role — or is a superuser, who holds every role but Analytiker's microdata."""
    if not is_signed_in(user):
        return False
    if user.is_superuser:
        return True
    return _in_group(user, group_name)


def is_platform_admin(user: Any) -> bool:
    return has_platform_role(user, PlatformRole.ADMINISTRATOR)


def is_editor(user: Any) -> bool:
    """A centre editor (platform role Redaktør) or a platform admin."""
    return has_platform_role(user, PlatformRole.EDITOR) or is_platform_admin(user)


def is_analyst(user: Any) -> bool:
    """Membership of the Analytiker group — deliberately without the superuser shortcut of
    ``has_platform_role``: microdata access is granted by the group only."""
    return is_signed_in(user) and _in_group(user, PlatformRole.ANALYST)
