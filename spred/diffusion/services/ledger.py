"""Writes to the adoption ledger: keyword-only, atomic, policy-checked, validated and audited.

Bad input raises ``ValidationError`` keyed by the field at fault (``{"date": "..."}``), so the
form, the importer and the API can each put the message where it belongs; nothing is stored then,
because every service runs in one transaction. A refusal raises ``ActionNotAllowed``.

Who recorded a record decides its standing: declared by an active member of the adopting
organisation it is *verified* at once; recorded by anyone else it is *pending* until that
organisation confirms it. A verified record is confirmed again every year
(``choices.RECONFIRM_AFTER_DAYS``); a status change by the organisation counts as such a
confirmation, because it is the organisation saying that the record is current.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from spred.catalogue.choices import PUBLIC_STATUSES
from spred.catalogue.models import Case, Solution
from spred.core.audit import service
from spred.core.policies import ActionNotAllowed
from spred.diffusion.choices import ADOPTED_STATUSES, AdoptionStatus, ScopeUnit, Verification
from spred.diffusion.models import Adoption, AdoptionEvent, LearnedFrom
from spred.diffusion.policies import AdoptionPolicy
from spred.organisations.choices import PUBLIC_SECTORS, MembershipRole, MembershipStatus
from spred.organisations.memberships import is_member
from spred.organisations.models import Membership, Organisation

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _when(day: Date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _check_event(
    errors: Errors, *, status: Any, date: Any, reason: str, latest: AdoptionEvent | None
) -> None:
    """The checks every new step of a status history must pass."""
    if status not in AdoptionStatus.values:
        _add(errors, "status", _("Vælg en gyldig status."))
    elif latest is not None and status == latest.status:
        _add(
            errors,
            "status",
            _("Ibrugtagningen har allerede status »%(status)s«. Vælg en anden status.")
            % {"status": AdoptionStatus(status).label},
        )
    if not isinstance(date, Date):
        _add(errors, "date", _("Angiv en dato."))
    else:
        if date > timezone.localdate():
            _add(errors, "date", _("Datoen ligger i fremtiden. Angiv en dato til og med i dag."))
        if latest is not None and date < latest.date:
            _add(
                errors,
                "date",
                _(
                    "En status kan ikke gå tilbage i tiden: datoen ligger før den seneste "
                    "statusændring (%(date)s)."
                )
                % {"date": _when(latest.date)},
            )
    if status == AdoptionStatus.STOPPED and not reason.strip():
        _add(
            errors,
            "reason",
            _(
                "Skriv, hvorfor løsningen blev stoppet. At stoppe er også læring: begrundelsen "
                "hjælper andre, der overvejer løsningen."
            ),
        )


def _check_details(
    errors: Errors,
    *,
    organisation: Organisation,
    scope_value: int | None,
    scope_unit: str,
    source_case: Case | None,
) -> None:
    if scope_value is not None and not scope_unit:
        _add(errors, "scope_unit", _("Angiv, hvad omfanget tæller (fx borgere eller enheder)."))
    if scope_unit and scope_unit not in ScopeUnit.values:
        _add(errors, "scope_unit", _("Vælg en gyldig enhed for omfanget."))
    if scope_value is not None and scope_value < 0:
        _add(errors, "scope_value", _("Omfanget kan ikke være negativt."))
    if source_case is not None and source_case.status not in PUBLIC_STATUSES:
        _add(errors, "source_case", _("Kilde-casen skal være en offentliggjort case."))


def _check_source(errors: Errors, *, organisation: Organisation, source: Any) -> None:
    if not isinstance(source, Organisation) or source.pk is None:
        _add(errors, "learned_from", _("Ukendt organisation i »lært af«."))
    elif source.pk == organisation.pk:
        _add(
            errors,
            "learned_from",
            _("En organisation kan ikke have lært af sig selv. Vælg en anden organisation."),
        )


def _first_organisation(user: Any) -> Organisation | None:
    membership = (
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
        .select_related("organisation")
        .order_by("organisation__sort_key", "organisation_id")
        .first()
    )
    return membership.organisation if membership is not None else None


def _actor(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _latest_event(adoption: Adoption) -> AdoptionEvent | None:
    return adoption.events.order_by("-date", "-id").first()


def _send(subject: str, template: str, context: dict[str, Any], recipients: Sequence[str]) -> None:
    """Mail after the commit, so nobody hears about a write that was rolled back; in Danish,
    the platform's language, whatever page started it; one message per recipient."""
    addresses = sorted(set(recipients))
    if not addresses:
        return
    with translation.override("da"):
        body = render_to_string(f"emails/diffusion/{template}", context)
    messages = [(subject, body, None, [address]) for address in addresses]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def _organisation_addresses(organisation: Organisation) -> list[str]:
    """The organisation's administrators; every active member when it has none."""
    members = Membership.objects.filter(
        organisation=organisation, status=MembershipStatus.ACTIVE, user__is_active=True
    )
    admins = members.filter(role=MembershipRole.ADMIN)
    chosen = admins if admins.exists() else members
    return list(chosen.values_list("user__email", flat=True))


def _notify_pending(adoption: Adoption) -> None:
    with translation.override("da"):
        subject = _("Bekræft: %(organisation)s bruger %(solution)s") % {
            "organisation": adoption.organisation.name,
            "solution": adoption.solution.name,
        }
    context = {
        "adoption": adoption,
        "url": settings.SPRED_BASE_URL + reverse("diffusion:to_confirm"),
        "recorder": adoption.recorded_by_organisation,
    }
    _send(subject, "adoption_pending.txt", context, _organisation_addresses(adoption.organisation))


def _notify_rejected(adoption: Adoption, *, reason: str) -> None:
    recorder = adoption.recorded_by
    if recorder is None or not recorder.is_active or not recorder.email:
        return
    with translation.override("da"):
        subject = _("%(organisation)s har afvist registreringen af %(solution)s") % {
            "organisation": adoption.organisation.name,
            "solution": adoption.solution.name,
        }
    context = {
        "adoption": adoption,
        "reason": reason,
        "url": settings.SPRED_BASE_URL + adoption.get_absolute_url(),
    }
    _send(subject, "adoption_rejected.txt", context, [recorder.email])


def _fresh(adoption: Adoption) -> Adoption:
    """The adoption as stored now, locked for this transaction: the policy decides on the
    current verification, not on a copy read before someone else confirmed or rejected it."""
    try:
        return (
            Adoption.objects.select_for_update(of=("self",))
            .select_related("organisation", "solution")
            .get(pk=adoption.pk)
        )
    except Adoption.DoesNotExist as exc:
        raise ActionNotAllowed(_("Registreringen findes ikke længere.")) from exc


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


@service
def adoption_record(
    *,
    acting_user: Any,
    organisation: Organisation | None,
    solution: Solution | None,
    status: str,
    date: Date,
    reason: str = "",
    scope_value: int | None = None,
    scope_unit: str = "",
    source_case: Case | None = None,
    note: str = "",
    learned_from: Sequence[tuple[Organisation, str]] = (),
    is_demo: bool = False,
) -> Adoption:
    """Record that ``organisation`` took ``solution`` into use (or considers it), with the first
    step of its status history. Verified at once when the acting user is an active member of
    the organisation; otherwise pending until the organisation confirms it."""
    AdoptionPolicy.require(
        acting_user,
        "create",
        None,
        _("Kun medlemmer af en organisation og redaktører kan registrere ibrugtagninger."),
    )
    errors: Errors = {}
    if not isinstance(organisation, Organisation) or organisation.pk is None:
        _add(errors, "organisation", _("Ukendt organisation. Vælg en organisation fra listen."))
        organisation = None
    elif organisation.sector not in PUBLIC_SECTORS:
        _add(
            errors,
            "organisation",
            _(
                "Kun offentlige organisationer (stat, regioner og kommuner) kan tage løsninger "
                "i brug."
            ),
        )
    if not isinstance(solution, Solution) or solution.pk is None:
        _add(errors, "solution", _("Ukendt løsning. Vælg en løsning fra kataloget."))
        solution = None
    elif solution.status not in PUBLIC_STATUSES:
        _add(errors, "solution", _("Løsningen er ikke offentliggjort i kataloget."))
    if (
        organisation is not None
        and solution is not None
        and Adoption.objects.filter(organisation=organisation, solution=solution).exists()
    ):
        _add(
            errors,
            "solution",
            _(
                "%(organisation)s er allerede registreret for %(solution)s. Skift status på "
                "den eksisterende registrering i stedet."
            )
            % {"organisation": organisation.name, "solution": solution.name},
        )
    _check_event(errors, status=status, date=date, reason=reason, latest=None)
    if organisation is not None:
        _check_details(
            errors,
            organisation=organisation,
            scope_value=scope_value,
            scope_unit=scope_unit,
            source_case=source_case,
        )
        for source, _adapted in learned_from:
            _check_source(errors, organisation=organisation, source=source)
    _raise(errors)
    assert organisation is not None
    assert solution is not None

    actor = _actor(acting_user)
    verified = is_member(acting_user, organisation)
    now = timezone.now()
    adoption = Adoption(
        organisation=organisation,
        solution=solution,
        status=status,
        status_since=date,
        adopted_on=date if status in ADOPTED_STATUSES else None,
        verification=Verification.VERIFIED if verified else Verification.PENDING,
        verified_at=now if verified else None,
        verified_by=actor if verified else None,
        confirmed_at=now if verified else None,
        scope_value=scope_value,
        scope_unit=scope_unit if scope_value is not None else "",
        source_case=source_case,
        note=note.strip(),
        recorded_by=actor,
        recorded_by_organisation=None if verified else _first_organisation(actor),
        is_demo=is_demo,
    )
    adoption.full_clean(validate_constraints=False)
    adoption.save()
    event = AdoptionEvent(
        adoption=adoption, status=status, date=date, reason=reason.strip(), recorded_by=actor
    )
    event.full_clean()
    event.save()
    seen: set[int] = set()
    for source, adapted in learned_from:
        if source.pk in seen:
            continue
        seen.add(source.pk)
        link = LearnedFrom(
            adoption=adoption, source=source, adapted=adapted.strip(), recorded_by=actor
        )
        link.full_clean()
        link.save()
    if not verified and not is_demo:
        _notify_pending(adoption)
    return adoption


@service
def adoption_change_status(
    *, acting_user: Any, adoption: Adoption, status: str, date: Date, reason: str = ""
) -> AdoptionEvent:
    """Add the next step of the status history. Dates only move forward; the organisation's
    status change also counts as its yearly confirmation."""
    adoption = _fresh(adoption)
    AdoptionPolicy.require(
        acting_user,
        "change_status",
        adoption,
        _("Kun den organisation, der har taget løsningen i brug, kan ændre status."),
    )
    errors: Errors = {}
    _check_event(errors, status=status, date=date, reason=reason, latest=_latest_event(adoption))
    _raise(errors)
    event = AdoptionEvent(
        adoption=adoption,
        status=status,
        date=date,
        reason=reason.strip(),
        recorded_by=_actor(acting_user),
    )
    event.full_clean()
    event.save()
    adoption.status = status
    adoption.status_since = date
    if status in ADOPTED_STATUSES and (adoption.adopted_on is None or date < adoption.adopted_on):
        adoption.adopted_on = date
    if adoption.verification == Verification.VERIFIED:
        adoption.confirmed_at = timezone.now()
    adoption.full_clean(validate_constraints=False)
    adoption.save()
    return event


@service
def adoption_confirm(*, acting_user: Any, adoption: Adoption) -> Adoption:
    """The organisation confirms a pending record (it becomes verified) or reconfirms a verified
    one for another year."""
    adoption = _fresh(adoption)
    AdoptionPolicy.require(
        acting_user,
        "confirm",
        adoption,
        _("Kun medlemmer af den organisation, det drejer sig om, kan bekræfte ibrugtagningen."),
    )
    now = timezone.now()
    if adoption.verification == Verification.PENDING:
        adoption.verification = Verification.VERIFIED
        adoption.verified_at = now
        adoption.verified_by = _actor(acting_user)
    adoption.confirmed_at = now
    adoption.full_clean(validate_constraints=False)
    adoption.save()
    return adoption


@service
def adoption_reject(*, acting_user: Any, adoption: Adoption, reason: str = "") -> Adoption:
    """The organisation says a pending record about it is wrong. The record stays (rejected, out
    of every public count) so that it is not recorded again by mistake; the recorder is told,
    with the reason."""
    adoption = _fresh(adoption)
    AdoptionPolicy.require(
        acting_user,
        "reject",
        adoption,
        _("Kun den organisation, det drejer sig om, kan afvise en afventende registrering."),
    )
    adoption.verification = Verification.REJECTED
    adoption.full_clean(validate_constraints=False)
    adoption.save()
    _notify_rejected(adoption, reason=reason.strip())
    return adoption


@service
def adoption_withdraw(*, acting_user: Any, adoption: Adoption) -> None:
    """The recorder takes back a pending record (with its history and 'lært af' links)."""
    adoption = _fresh(adoption)
    AdoptionPolicy.require(
        acting_user,
        "withdraw",
        adoption,
        _("Kun den, der registrerede ibrugtagningen, kan trække den tilbage, mens den afventer."),
    )
    adoption.delete()


@service
def adoption_update(
    *,
    acting_user: Any,
    adoption: Adoption,
    scope_value: int | None,
    scope_unit: str,
    source_case: Case | None,
    note: str,
) -> Adoption:
    adoption = _fresh(adoption)
    AdoptionPolicy.require(
        acting_user, "edit", adoption, _("Du kan ikke redigere denne ibrugtagning.")
    )
    errors: Errors = {}
    _check_details(
        errors,
        organisation=adoption.organisation,
        scope_value=scope_value,
        scope_unit=scope_unit,
        source_case=source_case,
    )
    _raise(errors)
    adoption.scope_value = scope_value
    adoption.scope_unit = scope_unit if scope_value is not None else ""
    adoption.source_case = source_case
    adoption.note = note.strip()
    adoption.full_clean(validate_constraints=False)
    adoption.save()
    return adoption


@service
def learned_from_add(
    *, acting_user: Any, adoption: Adoption, source: Organisation | None, adapted: str = ""
) -> LearnedFrom:
    """Add a 'lært af' link: the organisation ``adoption``'s organisation learned from."""
    adoption = _fresh(adoption)
    AdoptionPolicy.require(
        acting_user, "edit", adoption, _("Du kan ikke redigere denne ibrugtagning.")
    )
    errors: Errors = {}
    _check_source(errors, organisation=adoption.organisation, source=source)
    if not errors and adoption.learned_from.filter(source=source).exists():
        assert source is not None
        _add(
            errors,
            "learned_from",
            _("%(source)s er allerede angivet som en, I har lært af.") % {"source": source.name},
        )
    if errors:
        # The form names the field "source"; the record form names it "learned_from".
        raise ValidationError({"source": errors["learned_from"]})
    link = LearnedFrom(
        adoption=adoption, source=source, adapted=adapted.strip(), recorded_by=_actor(acting_user)
    )
    link.full_clean()
    link.save()
    return link


@service
def learned_from_remove(*, acting_user: Any, link: LearnedFrom) -> None:
    AdoptionPolicy.require(
        acting_user, "edit", _fresh(link.adoption), _("Du kan ikke redigere denne ibrugtagning.")
    )
    link.delete()
