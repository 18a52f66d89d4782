"""Who may see and do what in the adoption ledger and the spreading guide.

Visibility of adoptions:

* everyone sees *verified* adoptions of public solutions — the ledger is open data, and the
  diffusion statistics, map, radar and recommendations are computed from exactly these
  (``selectors.ledger.public_adoptions``);
* active members of the adopting organisation also see its pending and rejected records;
* the person who recorded a pending adoption sees it;
* editors (Redaktør) and platform admins see everything.

Actions on an adoption:

* ``create``: any signed-in member of an organisation, and editors. Recorded by a member of the
  adopting organisation the adoption is verified at once; recorded by anyone else it is pending
  until that organisation confirms it (``services.ledger.adoption_record``).
* ``confirm`` (a pending record, or the yearly reconfirmation of a verified one) and ``reject``
  (a pending record): active members of the adopting organisation.
* ``change_status`` and ``edit`` (scope, source case, note, 'lært af'): active members of the
  adopting organisation; ``edit`` also the recorder while the record is pending.
* ``withdraw``: the recorder of a pending record, while it is pending.
* ``contact``: a signed-in user outside the adopting organisation, for a verified adoption.

Guide projects are the organisation's own working papers: visible to and edited by its active
members (and platform admins), nobody else.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from spred.accounts.roles import is_editor, is_platform_admin
from spred.catalogue.choices import PUBLIC_STATUSES
from spred.core.policies import Policy, is_signed_in
from spred.diffusion.choices import Verification
from spred.diffusion.models import Adoption, GuideProject
from spred.organisations.memberships import is_member, member_organisation_ids


def can_record_somewhere(user: Any) -> bool:
    """Whether the user may record adoptions at all: an editor or a member of some
    organisation."""
    if not is_signed_in(user):
        return False
    return is_editor(user) or member_organisation_ids(user).exists()


class AdoptionPolicy(Policy[Adoption]):
    model = Adoption
    actions: ClassVar[frozenset[str]] = frozenset(
        {"view", "create", "confirm", "reject", "change_status", "edit", "withdraw", "contact"}
    )

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Adoption]:
        qs = Adoption.objects.select_related("organisation", "solution")
        public = Q(verification=Verification.VERIFIED, solution__status__in=PUBLIC_STATUSES)
        if not is_signed_in(user):
            return qs.filter(public)
        if is_platform_admin(user) or is_editor(user):
            return qs
        return qs.filter(
            public | Q(organisation_id__in=member_organisation_ids(user)) | Q(recorded_by=user)
        )

    @classmethod
    def allows(cls, user: Any, action: str, obj: Adoption | None) -> bool:
        if action == "view":
            return super().allows(user, action, obj)
        if action == "create":
            if obj is None:
                return can_record_somewhere(user)
            return is_editor(user) or member_organisation_ids(user).exists()
        if obj is None:
            return False
        member = is_member(user, obj.organisation) or is_platform_admin(user)
        pending = obj.verification == Verification.PENDING
        verified = obj.verification == Verification.VERIFIED
        if action == "confirm":
            return member and (pending or verified)
        if action == "reject":
            return member and pending
        if action == "change_status":
            return member and verified
        if action == "edit":
            return (member and obj.verification != Verification.REJECTED) or (
                pending and obj.recorded_by_id == user.pk
            )
        if action == "withdraw":
            return pending and (obj.recorded_by_id == user.pk or is_platform_admin(user))
        if action == "contact":
            return verified and not is_member(user, obj.organisation)
        return False


class GuideProjectPolicy(Policy[GuideProject]):
    model = GuideProject
    actions: ClassVar[frozenset[str]] = frozenset({"view", "create", "edit", "close"})

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[GuideProject]:
        qs = GuideProject.objects.select_related("organisation", "solution")
        if not is_signed_in(user):
            return qs.none()
        if is_platform_admin(user):
            return qs
        return qs.filter(organisation_id__in=member_organisation_ids(user))

    @classmethod
    def allows(cls, user: Any, action: str, obj: GuideProject | None) -> bool:
        if action == "view":
            return super().allows(user, action, obj)
        if action == "create" and obj is None:
            return member_organisation_ids(user).exists() or is_platform_admin(user)
        if obj is None:
            return False
        member = is_member(user, obj.organisation) or is_platform_admin(user)
        if action == "create":
            return member
        if action in {"edit", "close"}:
            return member and (obj.closed_at is None or action == "close")
        return False
