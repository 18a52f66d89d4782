"""A case's contact person and the consent they gave: set, and withdrawn (by the case's
owners or with the link e-mailed to the contact person).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.catalogue import notifications
from spred.catalogue.choices import Status
from spred.catalogue.consent import CONSENT_TEXTS, contact_for_token, withdrawal_token
from spred.catalogue.inputs import ContactInput
from spred.catalogue.models import Case, CaseContact
from spred.catalogue.policies import CasePolicy
from spred.catalogue.services.shared import Errors, _add, _full_clean, _now_or_past, _refresh_search
from spred.core.audit import service


def _set_case_input_contact(case: Case, contact: ContactInput, acting_user: Any) -> None:
    """The contact given with a CaseInput; its errors belong to the input's ``contact``."""
    try:
        _set_contact(case, contact, acting_user)
    except ValidationError as exc:
        raise ValidationError({"contact": exc.messages}) from exc


def _set_contact(case: Case, contact: ContactInput, acting_user: Any) -> CaseContact:
    errors: Errors = {}
    if contact.consent_text_version not in CONSENT_TEXTS:
        _add(
            errors,
            "consent_text_version",
            _("Ukendt version af samtykketeksten: %(version)s.")
            % {"version": contact.consent_text_version or "–"},
        )
    given_at: datetime | None = contact.consent_given_at
    if not isinstance(given_at, datetime):
        _add(errors, "consent_given_at", _("Angiv, hvornår samtykket blev givet."))
        given_at = None
    else:
        given_at = _now_or_past(given_at, "consent_given_at", errors)
    name = (contact.name or "").strip()
    email = (contact.email or "").strip()
    if not name:
        _add(errors, "name", _("Skriv kontaktpersonens navn."))
    if not email:
        _add(errors, "email", _("Skriv kontaktpersonens e-mailadresse."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            _add(errors, "email", _("Skriv en gyldig e-mailadresse."))
    if errors or given_at is None:
        raise ValidationError(errors)
    record = CaseContact.objects.filter(case=case).first() or CaseContact(case=case)
    news = (
        record.pk is None
        or record.withdrawn_at is not None
        or record.email != email
        or record.consent_given_at != given_at
    )
    record.name = name
    record.email = email
    record.job_title = (contact.job_title or "").strip()
    record.phone = (contact.phone or "").strip()
    record.consent_given_at = given_at
    record.consent_text_version = contact.consent_text_version
    record.withdrawn_at = None
    record.recorded_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    _full_clean(record, errors, exclude=["case"])
    record.save()
    if news:
        notifications.notify_contact_recorded(record, withdrawal_token(record))
    return record


@service
def contact_set(*, acting_user: Any, case: Case, contact: ContactInput) -> CaseContact:
    """Set (or replace) the case's contact person with the consent they gave."""
    CasePolicy.require(acting_user, "manage_contact", case, _("Du kan ikke ændre kontaktpersonen."))
    if case.status == Status.ARCHIVED:
        raise ValidationError(_("Casen er arkiveret. Genåbn den først."))
    record = _set_contact(case, contact, acting_user)
    _refresh_search("case", case.pk)
    return record


@service
def contact_withdraw(*, acting_user: Any, case: Case) -> CaseContact:
    """The contact person withdraws consent: the contact is hidden everywhere at once and the
    personal details are erased. When and under which text consent was given stays."""
    CasePolicy.require(acting_user, "manage_contact", case, _("Du kan ikke ændre kontaktpersonen."))
    record = CaseContact.objects.select_for_update().filter(case=case).first()
    if record is None or record.withdrawn_at is not None:
        raise ValidationError(_("Casen har ingen kontaktperson med samtykke."))
    _erase(record)
    _refresh_search("case", case.pk)
    return record


@service
def contact_withdraw_by_link(*, acting_user: Any, token: str) -> CaseContact:
    """The contact person withdraws consent with the link they were e-mailed (no account
    needed): the same as ``contact_withdraw``."""
    record = contact_for_token(token)
    CasePolicy.require(
        acting_user,
        "withdraw_by_link",
        record.case if record is not None else None,
        _("Linket virker ikke længere. Samtykket er måske allerede trukket tilbage."),
    )
    assert record is not None  # the policy refuses a link that names no standing consent
    record = CaseContact.objects.select_for_update().get(pk=record.pk)
    _erase(record)
    _refresh_search("case", record.case_id)
    return record


def _erase(record: CaseContact) -> None:
    record.name = ""
    record.email = ""
    record.phone = ""
    record.job_title = ""
    record.withdrawn_at = timezone.now()
    record.save()
