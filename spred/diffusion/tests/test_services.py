"""The ledger's writes: who recording decides verified or pending, confirmation, rejection,
withdrawal, the status history, and bad input that must leave nothing behind."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from spred.catalogue.choices import Status
from spred.catalogue.tests.factories import CaseFactory
from spred.core.policies import ActionNotAllowed
from spred.core.testing import unchanged
from spred.diffusion.choices import AdoptionStatus, ScopeUnit, Verification
from spred.diffusion.models import Adoption, AdoptionEvent, LearnedFrom
from spred.diffusion.services import ledger as services
from spred.diffusion.tests.world import LedgerWorld, make_adoption
from spred.organisations.tests.factories import OrganisationFactory

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def record(world: LedgerWorld, user: Any, **overrides: Any) -> Adoption:
    fields: dict[str, Any] = {
        "acting_user": user,
        "organisation": world.aarhus,
        "solution": world.robot,
        "status": AdoptionStatus.PILOT,
        "date": date(2024, 3, 1),
    }
    fields.update(overrides)
    return services.adoption_record(**fields)


def field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# ---------------------------------------------------------------------------------------------
# Recording


def test_a_member_records_a_verified_adoption(ledger_world: LedgerWorld) -> None:
    adoption = record(
        ledger_world,
        ledger_world.aarhus_member,
        scope_value=1200,
        scope_unit=ScopeUnit.CITIZENS,
        learned_from=[(ledger_world.odense, "Vi tilpassede menuen.")],
    )
    assert adoption.verification == Verification.VERIFIED
    assert adoption.verified_by == ledger_world.aarhus_member
    assert adoption.confirmed_at is not None
    assert adoption.verified_at is not None
    assert adoption.recorded_by_organisation is None
    assert adoption.adopted_on == date(2024, 3, 1)
    assert adoption.status_since == date(2024, 3, 1)
    assert [(e.status, e.date) for e in adoption.events.all()] == [
        (AdoptionStatus.PILOT, date(2024, 3, 1))
    ]
    link = adoption.learned_from.get()
    assert (link.source, link.adapted) == (ledger_world.odense, "Vi tilpassede menuen.")
    assert not adoption.is_unconfirmed


def test_someone_else_records_a_pending_adoption_and_the_organisation_is_told(
    ledger_world: LedgerWorld, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        adoption = record(ledger_world, ledger_world.odense_member)
    assert adoption.verification == Verification.PENDING
    assert adoption.verified_at is None
    assert adoption.confirmed_at is None
    assert adoption.recorded_by == ledger_world.odense_member
    assert adoption.recorded_by_organisation == ledger_world.odense
    recipients = {address for m in mail.outbox for address in m.to}
    assert recipients == {ledger_world.aarhus_admin.email}
    assert "Odense" in mail.outbox[0].body
    assert "/spredning/til-bekraeftelse/" in mail.outbox[0].body


def test_an_editor_records_pending_on_behalf_of_no_organisation(ledger_world: LedgerWorld) -> None:
    adoption = record(ledger_world, ledger_world.editor)
    assert adoption.verification == Verification.PENDING
    assert adoption.recorded_by_organisation is None


def test_considering_is_not_adopting(ledger_world: LedgerWorld) -> None:
    adoption = record(ledger_world, ledger_world.aarhus_member, status=AdoptionStatus.CONSIDERING)
    assert adoption.adopted_on is None


def test_an_outsider_may_not_record(ledger_world: LedgerWorld) -> None:
    with unchanged(Adoption, AdoptionEvent), pytest.raises(ActionNotAllowed):
        record(ledger_world, ledger_world.outsider)


def test_the_audit_row_carries_the_acting_user(ledger_world: LedgerWorld) -> None:
    adoption = record(ledger_world, ledger_world.aarhus_member)
    entry = LogEntry.objects.get_for_object(adoption).get()
    assert entry.actor == ledger_world.aarhus_member
    event = adoption.events.get()
    assert LogEntry.objects.get_for_object(event).get().actor == ledger_world.aarhus_member


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"organisation": None}, "organisation", "Ukendt organisation"),
        ({"solution": None}, "solution", "Ukendt løsning"),
        ({"date": "tomorrow"}, "date", "dato"),
        ({"status": "brugt-lidt"}, "status", "gyldig status"),
        ({"status": AdoptionStatus.STOPPED}, "reason", "stoppet"),
        ({"status": AdoptionStatus.STOPPED, "reason": "   "}, "reason", "læring"),
        ({"scope_value": 40}, "scope_unit", "omfanget"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    ledger_world: LedgerWorld, overrides: dict[str, Any], field: str, words: str
) -> None:
    with unchanged(Adoption, AdoptionEvent, LearnedFrom), pytest.raises(ValidationError) as exc:
        record(ledger_world, ledger_world.aarhus_member, **overrides)
    assert words in " ".join(field_errors(exc)[field])


def test_a_future_date_is_refused(ledger_world: LedgerWorld) -> None:
    with unchanged(Adoption, AdoptionEvent), pytest.raises(ValidationError) as exc:
        record(ledger_world, ledger_world.aarhus_member, date=TODAY() + timedelta(days=1))
    assert "fremtiden" in field_errors(exc)["date"][0]


def test_today_is_not_the_future(ledger_world: LedgerWorld) -> None:
    assert record(ledger_world, ledger_world.aarhus_member, date=TODAY()).status_since == TODAY()


def test_a_private_organisation_cannot_adopt(ledger_world: LedgerWorld) -> None:
    company = OrganisationFactory.create()
    with unchanged(Adoption, AdoptionEvent), pytest.raises(ValidationError) as exc:
        record(ledger_world, ledger_world.editor, organisation=company)
    assert "offentlige" in field_errors(exc)["organisation"][0]


def test_a_draft_solution_cannot_be_adopted(ledger_world: LedgerWorld) -> None:
    with unchanged(Adoption, AdoptionEvent), pytest.raises(ValidationError) as exc:
        record(ledger_world, ledger_world.aarhus_member, solution=ledger_world.draft)
    assert "ikke offentliggjort" in field_errors(exc)["solution"][0]


def test_the_same_pair_twice_points_to_changing_status(ledger_world: LedgerWorld) -> None:
    record(ledger_world, ledger_world.aarhus_member)
    with unchanged(Adoption, AdoptionEvent), pytest.raises(ValidationError) as exc:
        record(ledger_world, ledger_world.aarhus_admin, status=AdoptionStatus.OPERATING)
    assert "Skift status" in field_errors(exc)["solution"][0]


def test_learning_from_oneself_is_refused(ledger_world: LedgerWorld) -> None:
    with unchanged(Adoption, AdoptionEvent, LearnedFrom), pytest.raises(ValidationError) as exc:
        record(ledger_world, ledger_world.aarhus_member, learned_from=[(ledger_world.aarhus, "")])
    assert "sig selv" in field_errors(exc)["learned_from"][0]


def test_the_source_case_must_be_published(ledger_world: LedgerWorld) -> None:
    draft_case = CaseFactory.create(organisation=ledger_world.aarhus)
    with unchanged(Adoption), pytest.raises(ValidationError) as exc:
        record(ledger_world, ledger_world.aarhus_member, source_case=draft_case)
    assert "source_case" in field_errors(exc)
    published = CaseFactory.create(organisation=ledger_world.aarhus, status=Status.PUBLISHED)
    adoption = record(ledger_world, ledger_world.aarhus_member, source_case=published)
    assert adoption.source_case == published


# ---------------------------------------------------------------------------------------------
# Status history


def verified(world: LedgerWorld, **kwargs: Any) -> Adoption:
    return make_adoption(
        world.aarhus,
        world.robot,
        [(AdoptionStatus.CONSIDERING, date(2023, 1, 10))],
        **kwargs,
    )


def test_the_status_history_grows_and_sets_the_adoption_date(ledger_world: LedgerWorld) -> None:
    adoption = verified(ledger_world)
    assert adoption.adopted_on is None
    change = services.adoption_change_status
    change(
        acting_user=ledger_world.aarhus_member,
        adoption=adoption,
        status=AdoptionStatus.PILOT,
        date=date(2023, 5, 1),
    )
    change(
        acting_user=ledger_world.aarhus_member,
        adoption=adoption,
        status=AdoptionStatus.OPERATING,
        date=date(2023, 5, 1),  # the same day as the latest step is not going back in time
    )
    event = change(
        acting_user=ledger_world.aarhus_member,
        adoption=adoption,
        status=AdoptionStatus.STOPPED,
        date=date(2024, 2, 1),
        reason="Borgerne foretrak den gamle ordning.",
    )
    adoption.refresh_from_db()
    assert event.recorded_by == ledger_world.aarhus_member
    assert adoption.status == AdoptionStatus.STOPPED
    assert adoption.status_since == date(2024, 2, 1)
    assert adoption.adopted_on == date(2023, 5, 1)
    assert [e.status for e in adoption.events.order_by("date", "id")] == [
        "overvejer",
        "afproever",
        "i-drift",
        "stoppet",
    ]


def test_a_status_change_by_the_organisation_counts_as_confirmation(
    ledger_world: LedgerWorld,
) -> None:
    old = datetime(2022, 1, 1, 12, tzinfo=COPENHAGEN)
    adoption = verified(ledger_world, confirmed_at=old)
    assert adoption.is_unconfirmed
    services.adoption_change_status(
        acting_user=ledger_world.aarhus_member,
        adoption=adoption,
        status=AdoptionStatus.PILOT,
        date=TODAY(),
    )
    adoption.refresh_from_db()
    assert not adoption.is_unconfirmed


@pytest.mark.parametrize(
    ("status", "day", "reason", "field", "words"),
    [
        (AdoptionStatus.CONSIDERING, date(2023, 6, 1), "", "status", "allerede status"),
        (AdoptionStatus.PILOT, date(2022, 12, 31), "", "date", "tilbage i tiden"),
        (AdoptionStatus.PILOT, None, "", "date", "fremtiden"),
        (AdoptionStatus.STOPPED, date(2023, 6, 1), "", "reason", "hvorfor"),
        ("ukendt", date(2023, 6, 1), "", "status", "gyldig"),
    ],
)
def test_bad_status_changes_are_refused(
    ledger_world: LedgerWorld, status: str, day: date | None, reason: str, field: str, words: str
) -> None:
    adoption = verified(ledger_world)
    when = day or TODAY() + timedelta(days=3)
    with unchanged(AdoptionEvent, adoption), pytest.raises(ValidationError) as exc:
        services.adoption_change_status(
            acting_user=ledger_world.aarhus_member,
            adoption=adoption,
            status=status,
            date=when,
            reason=reason,
        )
    assert words in " ".join(field_errors(exc)[field])


def test_only_the_organisation_changes_status(ledger_world: LedgerWorld) -> None:
    adoption = verified(ledger_world)
    for user in (ledger_world.odense_member, ledger_world.outsider, ledger_world.editor):
        with unchanged(AdoptionEvent, adoption), pytest.raises(ActionNotAllowed):
            services.adoption_change_status(
                acting_user=user, adoption=adoption, status="afproever", date=TODAY()
            )


# ---------------------------------------------------------------------------------------------
# Confirming, rejecting, withdrawing


def pending(world: LedgerWorld) -> Adoption:
    return record(world, world.odense_member)


def test_the_organisation_confirms_a_pending_record(ledger_world: LedgerWorld) -> None:
    adoption = pending(ledger_world)
    confirmed = services.adoption_confirm(acting_user=ledger_world.aarhus_member, adoption=adoption)
    assert confirmed.verification == Verification.VERIFIED
    assert confirmed.verified_by == ledger_world.aarhus_member
    assert confirmed.confirmed_at == confirmed.verified_at


def test_reconfirming_moves_confirmed_at_only(ledger_world: LedgerWorld) -> None:
    old = datetime(2022, 1, 1, 12, tzinfo=COPENHAGEN)
    adoption = verified(ledger_world, confirmed_at=old)
    assert adoption.is_unconfirmed
    assert adoption.confirmation_due == date(2023, 1, 1)
    services.adoption_confirm(acting_user=ledger_world.aarhus_admin, adoption=adoption)
    adoption.refresh_from_db()
    assert adoption.confirmed_at is not None
    assert adoption.confirmed_at > old
    assert adoption.verified_at == old
    assert not adoption.is_unconfirmed


def test_others_cannot_confirm(ledger_world: LedgerWorld) -> None:
    adoption = pending(ledger_world)
    for user in (ledger_world.odense_member, ledger_world.outsider, ledger_world.editor):
        with unchanged(adoption), pytest.raises(ActionNotAllowed):
            services.adoption_confirm(acting_user=user, adoption=adoption)


def test_the_organisation_rejects_and_the_recorder_hears_why(
    ledger_world: LedgerWorld, django_capture_on_commit_callbacks: Any
) -> None:
    adoption = pending(ledger_world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rejected = services.adoption_reject(
            acting_user=ledger_world.aarhus_member,
            adoption=adoption,
            reason="Vi har aldrig brugt den.",
        )
    assert rejected.verification == Verification.REJECTED
    assert [m.to for m in mail.outbox] == [[ledger_world.odense_member.email]]
    assert "Vi har aldrig brugt den." in mail.outbox[0].body


def test_a_verified_record_cannot_be_rejected(ledger_world: LedgerWorld) -> None:
    adoption = verified(ledger_world)
    with unchanged(adoption), pytest.raises(ActionNotAllowed):
        services.adoption_reject(acting_user=ledger_world.aarhus_member, adoption=adoption)


def test_the_recorder_withdraws_a_pending_record(ledger_world: LedgerWorld) -> None:
    adoption = record(
        ledger_world, ledger_world.odense_member, learned_from=[(ledger_world.odense, "")]
    )
    with unchanged(Adoption), pytest.raises(ActionNotAllowed):
        services.adoption_withdraw(acting_user=ledger_world.aarhus_member, adoption=adoption)
    services.adoption_withdraw(acting_user=ledger_world.odense_member, adoption=adoption)
    assert not Adoption.objects.filter(pk=adoption.pk).exists()
    assert not AdoptionEvent.objects.filter(adoption_id=adoption.pk).exists()
    assert not LearnedFrom.objects.filter(adoption_id=adoption.pk).exists()


def test_a_confirmed_record_can_no_longer_be_withdrawn(ledger_world: LedgerWorld) -> None:
    adoption = pending(ledger_world)
    services.adoption_confirm(acting_user=ledger_world.aarhus_member, adoption=adoption)
    with unchanged(Adoption), pytest.raises(ActionNotAllowed):
        services.adoption_withdraw(acting_user=ledger_world.odense_member, adoption=adoption)


# ---------------------------------------------------------------------------------------------
# Details and 'lært af'


def test_the_organisation_edits_scope_source_and_note(ledger_world: LedgerWorld) -> None:
    adoption = verified(ledger_world)
    case = CaseFactory.create(organisation=ledger_world.aarhus, status=Status.PUBLISHED)
    services.adoption_update(
        acting_user=ledger_world.aarhus_member,
        adoption=adoption,
        scope_value=30,
        scope_unit=ScopeUnit.SITES,
        source_case=case,
        note=" Brugt på alle plejecentre. ",
    )
    adoption.refresh_from_db()
    assert (adoption.scope_value, adoption.scope_unit, adoption.source_case, adoption.note) == (
        30,
        ScopeUnit.SITES,
        case,
        "Brugt på alle plejecentre.",
    )
    with unchanged(adoption), pytest.raises(ValidationError):
        services.adoption_update(
            acting_user=ledger_world.aarhus_member,
            adoption=adoption,
            scope_value=5,
            scope_unit="",
            source_case=None,
            note="",
        )
    with unchanged(adoption), pytest.raises(ActionNotAllowed):
        services.adoption_update(
            acting_user=ledger_world.odense_member,
            adoption=adoption,
            scope_value=None,
            scope_unit="",
            source_case=None,
            note="",
        )


def test_learned_from_links_are_added_once_and_removed(ledger_world: LedgerWorld) -> None:
    adoption = verified(ledger_world)
    link = services.learned_from_add(
        acting_user=ledger_world.aarhus_member,
        adoption=adoption,
        source=ledger_world.odense,
        adapted="Kortere oplæring.",
    )
    assert link.recorded_by == ledger_world.aarhus_member
    with unchanged(LearnedFrom), pytest.raises(ValidationError) as exc:
        services.learned_from_add(
            acting_user=ledger_world.aarhus_member, adoption=adoption, source=ledger_world.odense
        )
    assert "allerede" in field_errors(exc)["source"][0]
    with unchanged(LearnedFrom), pytest.raises(ValidationError) as exc:
        services.learned_from_add(
            acting_user=ledger_world.aarhus_member, adoption=adoption, source=ledger_world.aarhus
        )
    assert "sig selv" in field_errors(exc)["source"][0]
    with unchanged(LearnedFrom), pytest.raises(ActionNotAllowed):
        services.learned_from_remove(acting_user=ledger_world.odense_member, link=link)
    services.learned_from_remove(acting_user=ledger_world.aarhus_member, link=link)
    assert not adoption.learned_from.exists()
