"""Who may see and change organisations and memberships."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from spred.accounts.roles import is_platform_admin
from spred.core.policies import Policy, is_signed_in
from spred.organisations.choices import MembershipRole, MembershipStatus
from spred.organisations.memberships import active_role, is_org_admin
from spred.organisations.models import Membership, Organisation, Region


class RegionPolicy(Policy[Region]):
    """Regions are public geography: everyone sees all five, nobody changes them here."""

    model = Region

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Region]:
        return Region.objects.all()


class OrganisationPolicy(Policy[Organisation]):
    """The register of organisations is public: every organisation is visible to everyone."""

    model = Organisation
    actions: ClassVar[frozenset[str]] = frozenset(
        {"view", "edit", "manage_members", "request_membership", "register"}
    )

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Organisation]:
        return Organisation.objects.all()

    @classmethod
    def allows(cls, user: Any, action: str, obj: Organisation | None) -> bool:
        if action == "view":
            return True
        if action == "register":
            return True
        assert obj is not None
        if action == "request_membership":
            return active_role(user, obj) is None
        if is_platform_admin(user):
            return True
        if action == "edit":
            # Reference data (municipalities, regions, ministries) belong to load_reference.
            return obj.reference_key is None and is_org_admin(user, obj)
        if action == "manage_members":
            return is_org_admin(user, obj)
        return False


class MembershipPolicy(Policy[Membership]):
    """A membership is seen by its own user, the organisation's admins and platform admins."""

    model = Membership
    actions: ClassVar[frozenset[str]] = frozenset({"view", "decide", "manage", "withdraw"})

    anonymous_actions: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Membership]:
        if not is_signed_in(user):
            return Membership.objects.none()
        if is_platform_admin(user):
            return Membership.objects.all()
        admin_of = Membership.objects.filter(
            user=user, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE
        ).values("organisation_id")
        return Membership.objects.filter(Q(user=user) | Q(organisation_id__in=admin_of))

    @classmethod
    def allows(cls, user: Any, action: str, obj: Membership | None) -> bool:
        if obj is None:
            return False
        if action == "view":
            return cls.visible_to(user).filter(pk=obj.pk).exists()
        if action == "withdraw":
            return obj.user_id == user.pk
        if action in {"decide", "manage"}:
            return is_platform_admin(user) or is_org_admin(user, obj.organisation)
        return False
