"""Writes to organisations and memberships: keyword-only, atomic, policy-checked and audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.accounts.roles import PlatformRole
from spred.core.audit import service
from spred.core.policies import ActionNotAllowed
from spred.organisations.choices import (
    SELF_REGISTERED_KINDS,
    MembershipRole,
    MembershipStatus,
    role_label,
)
from spred.organisations.identifiers import normalise_cvr, normalise_ean
from spred.organisations.models import Membership, Organisation, Region
from spred.organisations.policies import MembershipPolicy, OrganisationPolicy
from spred.organisations.slugs import unique_slug


def _refuse_duplicate_cvr(cvr: str, *, exclude_pk: int | None = None) -> None:
    if not (len(cvr) == 8 and cvr.isdigit()):
        # A malformed number cannot clash with a stored (valid) one; full_clean says what is
        # wrong with it. Querying it anyway fails on PostgreSQL if it holds a NUL character.
        return
    clash = Organisation.objects.filter(cvr=cvr)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    existing = clash.first()
    if existing is not None:
        raise ValidationError(
            {
                "cvr": _(
                    "CVR-nummeret %(cvr)s er allerede registreret for %(name)s. Bed om at blive "
                    "medlem af organisationen i stedet."
                )
                % {"cvr": cvr, "name": existing.name}
            }
        )


@service
def organisation_register_private(
    *,
    acting_user: Any,
    name: str,
    kind: str,
    cvr: str,
    website: str = "",
    ean: str = "",
    region: Region | None = None,
) -> Organisation:
    """A private actor registers its organisation; the registering user becomes its admin."""
    OrganisationPolicy.require(
        acting_user, "register", None, _("Log ind for at registrere en organisation.")
    )
    if kind not in SELF_REGISTERED_KINDS:
        raise ValidationError({"kind": _("Vælg en privat eller civilsamfundsorganisation.")})
    cvr = normalise_cvr(cvr)
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        cvr=cvr or None,
        ean=normalise_ean(ean),
        website=website,
        region=region,
        created_by=acting_user,
        slug=unique_slug(name),
    )
    # Before full_clean: its generic unique check would answer first, without naming the holder.
    if cvr:
        _refuse_duplicate_cvr(cvr)
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    Membership.objects.create(
        user=acting_user,
        organisation=organisation,
        role=MembershipRole.ADMIN,
        status=MembershipStatus.ACTIVE,
        decided_at=timezone.now(),
        decided_by=acting_user,
    )
    return organisation


EDITABLE_FIELDS = ("name", "short_name", "website", "ean", "cvr", "employees", "region", "parent")


@service
def organisation_update(
    *, acting_user: Any, organisation: Organisation, **changes: Any
) -> Organisation:
    OrganisationPolicy.require(
        acting_user, "edit", organisation, _("Du kan ikke redigere denne organisation.")
    )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_update cannot change {sorted(unknown)}")
    stored_cvr = Organisation.objects.filter(pk=organisation.pk).values_list("cvr", flat=True)[0]
    for field, value in changes.items():
        if field == "cvr":
            value = normalise_cvr(value or "") or None
        if field == "ean":
            value = normalise_ean(value or "")
        setattr(organisation, field, value)
    if stored_cvr and not organisation.cvr:
        # The CVR number is how an organisation is told apart; once known it can be corrected,
        # not removed.
        raise ValidationError({"cvr": _("CVR-nummeret kan rettes, men ikke fjernes.")})
    if organisation.cvr:
        _refuse_duplicate_cvr(organisation.cvr, exclude_pk=organisation.pk)
    organisation.full_clean()
    organisation.save()
    return organisation


def _notify(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=True)
        )


@service
def membership_request(
    *, acting_user: Any, organisation: Organisation, message: str = ""
) -> Membership:
    if not OrganisationPolicy.can(acting_user, "request_membership", organisation):
        raise ActionNotAllowed(_("Du er allerede medlem af %(org)s.") % {"org": organisation})
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=acting_user,
        organisation=organisation,
        defaults={"message": message.strip(), "status": MembershipStatus.REQUESTED},
    )
    if not created:
        if membership.status == MembershipStatus.REQUESTED:
            raise ActionNotAllowed(
                _("Du har allerede bedt om at blive medlem af %(org)s.") % {"org": organisation}
            )
        membership.status = MembershipStatus.REQUESTED
        membership.role = MembershipRole.MEMBER
        membership.message = message.strip()
        membership.decided_at = None
        membership.decided_by = None
    membership.full_clean()
    membership.save()
    admins = list(
        Membership.objects.filter(
            organisation=organisation, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE
        ).values_list("user__email", flat=True)
    )
    if not admins:
        # Most organisations start without an admin of their own: the platform's administrators
        # decide until one is appointed, so the request reaches someone.
        admins = list(
            get_user_model()
            .objects.filter(Q(groups__name=PlatformRole.ADMINISTRATOR) | Q(is_superuser=True))
            .filter(is_active=True)
            .values_list("email", flat=True)
            .distinct()
        )
    _notify(
        _("Ny anmodning om medlemskab af %(org)s") % {"org": organisation},
        _("%(user)s har bedt om at blive medlem af %(org)s. Se anmodningen på %(url)s")
        % {
            "user": acting_user,
            "org": organisation,
            "url": settings.SPRED_BASE_URL + reverse("organisations:membership_requests"),
        },
        admins,
    )
    return membership


def _active_admins(organisation: Organisation) -> int:
    return Membership.objects.filter(
        organisation=organisation, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE
    ).count()


def _refuse_losing_last_admin(membership: Membership, message: str | None = None) -> None:
    if (
        membership.is_active
        and membership.role == MembershipRole.ADMIN
        and _active_admins(membership.organisation) <= 1
    ):
        raise ValidationError(
            message or _("Organisationen skal have mindst én administrator. Udpeg en anden først.")
        )


@service
def membership_decide(
    *,
    acting_user: Any,
    membership: Membership,
    approve: bool,
    role: str = MembershipRole.MEMBER,
) -> Membership:
    """Approve (with a role) or reject a pending request to join."""
    MembershipPolicy.require(
        acting_user, "decide", membership, _("Du kan ikke afgøre denne anmodning.")
    )
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Ukendt rolle.")})
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError(_("Anmodningen er allerede afgjort."))
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
    membership.role = role if approve else MembershipRole.MEMBER
    membership.decided_at = timezone.now()
    membership.decided_by = acting_user
    membership.full_clean()
    membership.save()
    org = membership.organisation
    if approve:
        subject = _("Du er nu medlem af %(org)s") % {"org": org}
        body = _(
            "Din anmodning om medlemskab af %(org)s er godkendt. Din rolle er %(role)s. "
            "Se dine medlemskaber på %(url)s"
        ) % {
            "org": org,
            "role": role_label(membership.role),
            "url": settings.SPRED_BASE_URL + reverse("site:profile"),
        }
    else:
        subject = _("Din anmodning om medlemskab af %(org)s er afvist") % {"org": org}
        body = _(
            "En administrator for %(org)s har afvist din anmodning om medlemskab. Du kan bede "
            "om medlemskab igen, fx med en besked om, hvor du arbejder."
        ) % {"org": org}
    _notify(subject, body, [membership.user.email])
    return membership


@service
def membership_change_role(*, acting_user: Any, membership: Membership, role: str) -> Membership:
    """Give an active member another role in the organisation."""
    MembershipPolicy.require(
        acting_user, "manage", membership, _("Du kan ikke ændre medlemmernes roller.")
    )
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Ukendt rolle.")})
    if not membership.is_active:
        raise ValidationError(_("Kun aktive medlemmer kan få en anden rolle."))
    if role == membership.role:
        return membership
    if role != MembershipRole.ADMIN:
        _refuse_losing_last_admin(membership)
    membership.role = role
    membership.full_clean()
    membership.save()
    _notify(
        _("Din rolle i %(org)s er ændret") % {"org": membership.organisation},
        _("Din rolle i %(org)s er nu %(role)s.")
        % {"role": role_label(role), "org": membership.organisation},
        [membership.user.email],
    )
    return membership


@service
def membership_remove(*, acting_user: Any, membership: Membership) -> None:
    """An organisation's admin removes a member (the member can always leave by themselves)."""
    MembershipPolicy.require(
        acting_user, "manage", membership, _("Du kan ikke fjerne medlemmer fra organisationen.")
    )
    _refuse_losing_last_admin(membership)
    organisation, email = membership.organisation, membership.user.email
    membership.delete()
    _notify(
        _("Du er ikke længere medlem af %(org)s") % {"org": organisation},
        _("En administrator for %(org)s har fjernet dit medlemskab af organisationen.")
        % {"org": organisation},
        [email],
    )


@service
def membership_withdraw(*, acting_user: Any, membership: Membership) -> None:
    """The user leaves the organisation (or withdraws a pending request)."""
    MembershipPolicy.require(
        acting_user, "withdraw", membership, _("Du kan kun trække dit eget medlemskab tilbage.")
    )
    _refuse_losing_last_admin(
        membership,
        _("Du er organisationens eneste administrator. Udpeg en anden, før du melder dig ud."),
    )
    membership.delete()
