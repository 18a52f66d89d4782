from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from spred.core.policies import ActionNotAllowed
from spred.core.testing import (
    LOGIN,
    AccessWorld,
    Audience,
    ViewAccess,
    assert_access,
    client_for,
    unchanged,
)
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.models import Adoption, ContactRequest
from spred.diffusion.services.contact import CONTACT_LIMIT_PER_DAY, contact_request_send
from spred.diffusion.tests.world import LedgerWorld, make_adoption
from spred.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

IN_USE = [(AdoptionStatus.OPERATING, date(2023, 1, 1))]
MESSAGE = "Hej! Vi overvejer Spiserobotten. Hvordan tog personalet imod den?"


@pytest.fixture
def adoption(ledger_world: LedgerWorld) -> Adoption:
    """Aarhus uses Spiserobot (verified); Aarhus has a member and an admin."""
    return make_adoption(ledger_world.aarhus, ledger_world.robot, IN_USE)


def _url(adoption: Adoption) -> str:
    return reverse("diffusion:contact", kwargs={"pk": adoption.pk})


# -- who may write -----------------------------------------------------------------------------


def test_contact_permission_matrix(ledger_world: LedgerWorld, adoption: Adoption) -> None:
    w = ledger_world
    world = AccessWorld(
        users={
            Audience.ANONYMOUS: None,
            # A member of the adopting organisation does not write to itself.
            Audience.NO_PERMISSION: w.aarhus_admin,
            Audience.OTHER_ORGANISATION: w.odense_member,
            Audience.PERMITTED: w.outsider,
        }
    )
    assert_access(
        ViewAccess(
            "contact form",
            _url(adoption),
            {
                Audience.ANONYMOUS: LOGIN,
                Audience.NO_PERMISSION: 404,
                Audience.OTHER_ORGANISATION: 200,
                Audience.PERMITTED: 200,
            },
        ),
        world,
    )


@pytest.mark.parametrize("verification", [Verification.PENDING, Verification.REJECTED])
def test_only_verified_adoptions_can_be_contacted(
    ledger_world: LedgerWorld, verification: str
) -> None:
    w = ledger_world
    record = make_adoption(
        w.skanderborg, w.robot, IN_USE, verification=verification, recorded_by=w.odense_member
    )
    for user in (w.odense_member, w.outsider, w.editor):
        assert client_for(user).get(_url(record)).status_code == 404
    with pytest.raises(ActionNotAllowed):
        contact_request_send(acting_user=w.odense_member, adoption=record, message=MESSAGE)


def test_a_draft_solutions_adoption_cannot_be_contacted(ledger_world: LedgerWorld) -> None:
    record = make_adoption(ledger_world.odense, ledger_world.draft, IN_USE)
    assert client_for(ledger_world.outsider).get(_url(record)).status_code == 404


def test_an_unknown_adoption_is_404(ledger_world: LedgerWorld) -> None:
    url = reverse("diffusion:contact", kwargs={"pk": 10**12})
    assert client_for(ledger_world.outsider).get(url).status_code == 404


def test_members_cannot_write_to_their_own_organisation(
    ledger_world: LedgerWorld, adoption: Adoption
) -> None:
    with unchanged(ContactRequest), pytest.raises(ActionNotAllowed):
        contact_request_send(
            acting_user=ledger_world.aarhus_admin, adoption=adoption, message=MESSAGE
        )
    assert mail.outbox == []


# -- sending -----------------------------------------------------------------------------------


def test_the_message_goes_to_the_admins_after_commit(
    ledger_world: LedgerWorld,
    adoption: Adoption,
    django_capture_on_commit_callbacks: Any,
) -> None:
    w = ledger_world
    sender = w.odense_member
    with django_capture_on_commit_callbacks() as callbacks:
        request = contact_request_send(
            acting_user=sender, adoption=adoption, message=f"  {MESSAGE}\n"
        )
        assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert request.message == MESSAGE
    assert request.recipients == 1
    assert ContactRequest.objects.get().sender == sender
    [message] = mail.outbox
    assert message.to == [w.aarhus_admin.email]  # the admin, not the plain member
    assert message.reply_to == [sender.email]
    assert "Spiserobot" in message.subject
    assert MESSAGE in message.body
    assert str(sender) in message.body
    assert "Odense Kommune" in message.body
    assert sender.email in message.body


def test_without_an_admin_every_active_member_gets_it(
    ledger_world: LedgerWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = ledger_world
    record = make_adoption(w.odense, w.app, IN_USE)
    second = MembershipFactory.create(organisation=w.odense).user
    with django_capture_on_commit_callbacks(execute=True):
        contact_request_send(acting_user=w.aarhus_member, adoption=record, message=MESSAGE)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.odense_member.email, second.email])
    assert all(len(m.to) == 1 for m in mail.outbox)  # they do not see each other's addresses
    assert "ikke har nogen administrator" in mail.outbox[0].body


def test_an_organisation_nobody_can_receive_for_is_refused(
    ledger_world: LedgerWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = ledger_world
    record = make_adoption(w.skanderborg, w.robot, IN_USE)
    page = html.unescape(client_for(w.outsider).get(_url(record)).content.decode())
    assert "ingen aktive brugere" in page
    with (
        unchanged(ContactRequest),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="ingen aktive brugere"),
    ):
        contact_request_send(acting_user=w.outsider, adoption=record, message=MESSAGE)
    assert mail.outbox == []


@pytest.mark.parametrize("message", ["", "   \n ", "x" * 2001])
def test_bad_messages_store_and_send_nothing(
    ledger_world: LedgerWorld,
    adoption: Adoption,
    message: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(ledger_world.outsider)
    with unchanged(ContactRequest), django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(adoption), {"message": message})
        with pytest.raises(ValidationError) as error:
            contact_request_send(
                acting_user=ledger_world.outsider, adoption=adoption, message=message
            )
    assert response.status_code == 200
    assert "message" in error.value.message_dict
    assert response.context["form"].errors["message"]
    assert mail.outbox == []


def test_the_form_sends_and_redirects(
    ledger_world: LedgerWorld, adoption: Adoption, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(ledger_world.outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(adoption), {"message": MESSAGE}, follow=True)
    assert response.redirect_chain[0][0] == reverse(
        "diffusion:solution", kwargs={"slug": "spiserobot"}
    )
    page = html.unescape(response.content.decode())
    assert "Beskeden er sendt til Aarhus Kommune" in page
    # The adopter's people stay private.
    assert ledger_world.aarhus_admin.email not in page
    assert str(ledger_world.aarhus_admin) not in page
    assert len(mail.outbox) == 1


def test_the_form_page_shows_no_personal_data(
    ledger_world: LedgerWorld, adoption: Adoption
) -> None:
    page = html.unescape(client_for(ledger_world.outsider).get(_url(adoption)).content.decode())
    assert "Skriv til Aarhus Kommune" in page
    for person in (ledger_world.aarhus_admin, ledger_world.aarhus_member):
        assert person.email not in page
        assert str(person) not in page


def test_at_most_five_messages_a_day(
    ledger_world: LedgerWorld, adoption: Adoption, django_capture_on_commit_callbacks: Any
) -> None:
    sender = ledger_world.outsider
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(CONTACT_LIMIT_PER_DAY):
            contact_request_send(acting_user=sender, adoption=adoption, message=MESSAGE)
    assert len(mail.outbox) == CONTACT_LIMIT_PER_DAY
    with unchanged(ContactRequest), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError, match="det seneste døgn"):
            contact_request_send(acting_user=sender, adoption=adoption, message=MESSAGE)
        response = client_for(sender).post(_url(adoption), {"message": MESSAGE})
    assert "det seneste døgn" in html.unescape(response.content.decode())
    assert len(mail.outbox) == CONTACT_LIMIT_PER_DAY
    # A day later the sender may write again; others were never limited.
    ContactRequest.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    contact_request_send(acting_user=sender, adoption=adoption, message=MESSAGE)
    contact_request_send(acting_user=ledger_world.odense_member, adoption=adoption, message=MESSAGE)
