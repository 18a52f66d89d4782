"""Who belongs to which organisation: the one answer every app's policies use.

A membership counts only while it is active; its role (member, editor, admin) matters only
where a policy says so. ``active_role`` caches its answers on the user object for the rest of
the request.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from spred.core.policies import is_signed_in
from spred.organisations.choices import MembershipRole, MembershipStatus
from spred.organisations.models import Membership, Organisation


def active_role(user: Any, organisation: Organisation) -> str | None:
    """The user's role in the organisation, or None when not an active member."""
    if user is None or not user.is_authenticated:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_spred_membership_cache", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Membership.objects.filter(
                user=user, organisation=organisation, status=MembershipStatus.ACTIVE
            )
            .values_list("role", flat=True)
            .first()
        )
    return cache[organisation.pk]


def is_member(user: Any, organisation: Organisation) -> bool:
    """An active member of the organisation, in any role, with an active account."""
    return is_signed_in(user) and active_role(user, organisation) is not None


def is_org_admin(user: Any, organisation: Organisation) -> bool:
    return active_role(user, organisation) == MembershipRole.ADMIN


def member_organisation_ids(user: Any) -> QuerySet[Membership, int]:
    """The organisations the user is an active member of (any role), as a subquery."""
    return Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list(
        "organisation_id", flat=True
    )
