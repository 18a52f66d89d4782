"""Contact with a verified adopter: a signed-in user outside the adopting organisation writes a
message; Spred e-mails it to the organisation's administrators (every active member when it has
none) with the sender's address as Reply-To.

The adopter's people are personal data: the sender never learns who received the message or
how to reach them — the recipients answer if they choose to. Messages are limited to
``CONTACT_LIMIT_PER_DAY`` per sender per 24 hours, so the form cannot be used to flood an
organisation.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spred.core.audit import service
from spred.diffusion.models import NOTE_MAX, Adoption, ContactRequest
from spred.diffusion.policies import AdoptionPolicy
from spred.organisations.choices import MembershipRole, MembershipStatus
from spred.organisations.models import Membership, Organisation

CONTACT_LIMIT_PER_DAY = 5
MESSAGE_MAX = NOTE_MAX


def _recipients(organisation: Organisation) -> tuple[list[str], bool]:
    """The addresses to write to, and whether they are the administrators."""
    members = Membership.objects.filter(
        organisation=organisation, status=MembershipStatus.ACTIVE, user__is_active=True
    ).exclude(user__email="")
    admins = sorted(
        set(members.filter(role=MembershipRole.ADMIN).values_list("user__email", flat=True))
    )
    if admins:
        return admins, True
    return sorted(set(members.values_list("user__email", flat=True))), False


def _sender_organisations(user: Any) -> list[str]:
    return list(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
        .order_by("organisation__sort_key")
        .values_list("organisation__name", flat=True)
    )


@service
def contact_request_send(*, acting_user: Any, adoption: Adoption, message: str) -> ContactRequest:
    AdoptionPolicy.require(
        acting_user,
        "contact",
        adoption,
        _(
            "Du kan kun kontakte en organisation om en verificeret ibrugtagning, og ikke din "
            "egen organisation."
        ),
    )
    text = (message or "").strip()
    if not text:
        raise ValidationError({"message": _("Skriv en besked.")})
    if len(text) > MESSAGE_MAX:
        raise ValidationError(
            {
                "message": _("Beskeden må højst være %(max)d tegn (den er %(length)d).")
                % {"max": MESSAGE_MAX, "length": len(text)}
            }
        )
    since = timezone.now() - timedelta(days=1)
    sent = ContactRequest.objects.filter(sender=acting_user, created_at__gte=since).count()
    if sent >= CONTACT_LIMIT_PER_DAY:
        raise ValidationError(
            _(
                "Du har sendt %(count)d beskeder det seneste døgn, som er det højeste antal. "
                "Prøv igen senere."
            )
            % {"count": sent}
        )
    addresses, to_admins = _recipients(adoption.organisation)
    if not addresses:
        raise ValidationError(
            _(
                "%(organisation)s har ingen aktive brugere på Spred, der kan modtage beskeden. "
                "Prøv at finde en kontakt på organisationens eget websted."
            )
            % {"organisation": adoption.organisation.name}
        )
    request = ContactRequest(
        adoption=adoption, sender=acting_user, message=text, recipients=len(addresses)
    )
    request.full_clean()
    request.save()
    _notify(request, addresses, to_admins=to_admins)
    return request


def _notify(request: ContactRequest, addresses: list[str], *, to_admins: bool) -> None:
    """One e-mail per recipient after the commit (nobody hears about a message that was rolled
    back), in Danish, with the sender as Reply-To so an answer goes straight to them."""
    adoption = request.adoption
    sender = request.sender
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Spørgsmål om %(solution)s fra %(sender)s") % {
            "solution": adoption.solution.name,
            "sender": sender.get_full_name(),
        }
        # A line break in a name must not end up as a header break (Django would refuse it).
        subject = " ".join(subject.split())
        body = render_to_string(
            "emails/diffusion/contact_request.txt",
            {
                "adoption": adoption,
                "organisation": adoption.organisation,
                "solution": adoption.solution,
                "sender_name": sender.get_full_name(),
                "sender_email": sender.email,
                "sender_organisations": _sender_organisations(sender),
                "message": request.message,
                "to_admins": to_admins,
                "url": settings.SPRED_BASE_URL + adoption.get_absolute_url(),
            },
        )
    reply_to = [sender.email] if sender.email else []
    messages = [
        EmailMessage(subject, body, None, [address], reply_to=reply_to) for address in addresses
    ]
    transaction.on_commit(lambda: get_connection(fail_silently=True).send_messages(messages))
