"""Writes to organisations and memberships: policy first, all or nothing, audited as the actor."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from spred.accounts.models import User
from spred.accounts.tests.factories import UserFactory
from spred.core.policies import ActionNotAllowed
from spred.core.testing import unchanged
from spred.organisations import services
from spred.organisations.choices import MembershipRole, MembershipStatus, OrganisationKind
from spred.organisations.models import Membership, Organisation
from spred.organisations.tests.factories import (
    AdminMembershipFactory,
    MembershipRequestFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    invalid_checksum_cvr,
    valid_cvr,
)

pytestmark = pytest.mark.django_db

NEW_CVR = valid_cvr(900)


def _register(user: Any, **overrides: Any) -> Organisation:
    values: dict[str, Any] = {
        "name": "Lysbro Velfærdsteknologi ApS",
        "kind": OrganisationKind.COMPANY,
        "cvr": NEW_CVR,
        "website": "https://lysbro.example",
    }
    values.update(overrides)
    return services.organisation_register_private(acting_user=user, **values)


# --------------------------------------------------------------------------------------------
# Registering a private organisation


def test_register_creates_the_organisation_with_its_registrant_as_admin(user: User) -> None:
    organisation = _register(
        user, cvr=f"{NEW_CVR[:4]} {NEW_CVR[4:]}", region=RegionFactory.create()
    )
    organisation.refresh_from_db()
    assert organisation.slug == "lysbro-velfaerdsteknologi-aps"
    assert organisation.cvr == NEW_CVR  # spaces removed before it is stored
    assert organisation.created_by == user
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == user
    assert membership.role == MembershipRole.ADMIN
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_by == user


def test_register_writes_audit_rows_naming_the_acting_user(user: User) -> None:
    organisation = _register(user)
    entry = LogEntry.objects.get_for_object(organisation).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == user
    membership = Membership.objects.get(organisation=organisation)
    assert LogEntry.objects.get_for_object(membership).get().actor == user


def test_register_makes_the_slug_unique(user: User) -> None:
    OrganisationFactory.create(slug="lysbro-velfaerdsteknologi-aps")
    assert _register(user).slug == "lysbro-velfaerdsteknologi-aps-2"


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("1234567", "Et CVR-nummer har 8 cifre."),
        ("1234ABCD", "består kun af cifre"),
        (invalid_checksum_cvr(), "kontrolcifferet passer ikke"),
    ],
)
def test_register_with_malformed_cvr_changes_nothing(user: User, cvr: str, message: str) -> None:
    with unchanged(Organisation, Membership, LogEntry), pytest.raises(ValidationError) as caught:
        _register(user, cvr=cvr)
    assert message in " ".join(caught.value.message_dict["cvr"])


def test_register_with_duplicate_cvr_names_the_holder_and_changes_nothing(user: User) -> None:
    holder = OrganisationFactory.create(name="Datavej Analyse A/S", cvr=NEW_CVR)
    with unchanged(Organisation, Membership, LogEntry), pytest.raises(ValidationError) as caught:
        _register(user)
    [message] = caught.value.message_dict["cvr"]
    assert message == (
        f"CVR-nummeret {NEW_CVR} er allerede registreret for {holder.name}. Bed om at blive "
        "medlem af organisationen i stedet."
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Lysbro\x00ApS"), ("cvr", NEW_CVR[:4] + "\x00" + NEW_CVR[4:]), ("ean", "\x00")],
)
def test_nul_characters_are_refused_not_a_server_error(user: User, field: str, value: str) -> None:
    # PostgreSQL cannot store NUL; the API hands text to the service without a form in between.
    with unchanged(Organisation, Membership), pytest.raises(ValidationError) as caught:
        _register(user, **{field: value})
    assert field in caught.value.message_dict


@pytest.mark.parametrize("kind", [OrganisationKind.MUNICIPALITY, OrganisationKind.MINISTRY])
def test_a_private_actor_cannot_register_a_public_body(user: User, kind: str) -> None:
    with unchanged(Organisation), pytest.raises(ValidationError) as caught:
        _register(user, kind=kind)
    assert caught.value.message_dict["kind"] == ["Vælg en privat eller civilsamfundsorganisation."]


def test_anonymous_cannot_register() -> None:
    from django.contrib.auth.models import AnonymousUser

    with unchanged(Organisation), pytest.raises(ActionNotAllowed) as caught:
        _register(AnonymousUser())
    assert caught.value.message == "Log ind for at registrere en organisation."


def test_register_rolls_back_completely_when_a_later_step_fails(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    # The organisation row is written before the membership; both must go.
    monkeypatch.setattr(Membership.objects, "create", fail)
    with unchanged(Organisation, Membership, LogEntry), pytest.raises(RuntimeError):
        _register(user)


def test_services_take_keyword_arguments_and_an_acting_user(user: User) -> None:
    with pytest.raises(TypeError, match="keyword arguments only"):
        services.organisation_register_private(user)  # type: ignore[misc, call-arg]
    with pytest.raises(TypeError, match="acting_user"):
        services.organisation_register_private(name="X", kind="company", cvr=NEW_CVR)  # type: ignore[call-arg]


# --------------------------------------------------------------------------------------------
# Updating


def test_the_admin_updates_the_organisation_audited_as_themselves(
    organisation: Organisation, org_admin: User
) -> None:
    services.organisation_update(
        acting_user=org_admin, organisation=organisation, name="Lysbro ApS", employees=21
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.employees) == ("Lysbro ApS", 21)
    assert organisation.search_text.startswith("lysbro aps")
    entry = LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.UPDATE)
    assert entry.get().actor == org_admin
    assert "name" in entry.get().changes_dict


def test_a_plain_member_cannot_update(organisation: Organisation, org_member: User) -> None:
    with unchanged(organisation), pytest.raises(ActionNotAllowed) as caught:
        services.organisation_update(acting_user=org_member, organisation=organisation, name="X")
    assert caught.value.message == "Du kan ikke redigere denne organisation."


def test_an_admin_of_another_organisation_cannot_update(
    organisation: Organisation, other_org_admin: User
) -> None:
    with unchanged(organisation), pytest.raises(ActionNotAllowed):
        services.organisation_update(
            acting_user=other_org_admin, organisation=organisation, name="X"
        )


def test_reference_organisations_are_not_edited_by_their_members_but_by_platform_admins(
    platform_admin_user: User,
) -> None:
    municipality = MunicipalityFactory.create(reference_key="municipality:101")
    local_admin = AdminMembershipFactory.create(organisation=municipality).user
    with pytest.raises(ActionNotAllowed):
        services.organisation_update(
            acting_user=local_admin, organisation=municipality, website="https://kk.dk"
        )
    services.organisation_update(
        acting_user=platform_admin_user, organisation=municipality, website="https://kk.dk"
    )
    municipality.refresh_from_db()
    assert municipality.website == "https://kk.dk"


def test_update_to_a_duplicate_cvr_is_refused_and_changes_nothing(
    organisation: Organisation, org_admin: User, other_organisation: Organisation
) -> None:
    with unchanged(organisation), pytest.raises(ValidationError) as caught:
        services.organisation_update(
            acting_user=org_admin, organisation=organisation, cvr=other_organisation.cvr
        )
    assert other_organisation.name in caught.value.message_dict["cvr"][0]


def test_update_with_a_bad_cvr_changes_nothing(organisation: Organisation, org_admin: User) -> None:
    with unchanged(organisation), pytest.raises(ValidationError):
        services.organisation_update(
            acting_user=org_admin, organisation=organisation, name="Nyt navn", cvr="12345678"
        )


def test_update_refuses_fields_outside_the_editable_set(
    organisation: Organisation, org_admin: User
) -> None:
    with unchanged(organisation), pytest.raises(TypeError, match="reference_key"):
        services.organisation_update(
            acting_user=org_admin, organisation=organisation, reference_key="municipality:101"
        )


# --------------------------------------------------------------------------------------------
# Membership: request, approve, reject, withdraw


def test_request_membership_notifies_the_admins_after_commit(
    organisation: Organisation,
    org_admin: User,
    outsider: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_request(
            acting_user=outsider, organisation=organisation, message="  Jeg er ny her.  "
        )
    assert membership.status == MembershipStatus.REQUESTED
    assert membership.role == MembershipRole.MEMBER
    assert membership.message == "Jeg er ny her."
    [message] = mail.outbox
    assert message.to == [org_admin.email]
    assert organisation.name in message.subject
    assert LogEntry.objects.get_for_object(membership).get().actor == outsider


def test_no_mail_is_sent_when_the_request_is_rolled_back(
    organisation: Organisation,
    org_admin: User,
    outsider: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The request succeeds, then the surrounding transaction fails: the mail must not go out
    # about a request that does not exist.

    def request_then_fail() -> None:
        with transaction.atomic():
            services.membership_request(acting_user=outsider, organisation=organisation)
            raise RuntimeError("a later step failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        unchanged(Membership),
        pytest.raises(RuntimeError, match="a later step failed"),
    ):
        request_then_fail()
    assert callbacks == []
    assert mail.outbox == []


def test_a_member_cannot_request_again(organisation: Organisation, org_member: User) -> None:
    with unchanged(Membership), pytest.raises(ActionNotAllowed) as caught:
        services.membership_request(acting_user=org_member, organisation=organisation)
    assert caught.value.message == f"Du er allerede medlem af {organisation.name}."


def test_a_pending_request_is_not_duplicated(organisation: Organisation, outsider: User) -> None:
    services.membership_request(acting_user=outsider, organisation=organisation)
    with unchanged(Membership), pytest.raises(ActionNotAllowed, match="allerede bedt om"):
        services.membership_request(acting_user=outsider, organisation=organisation)


def test_a_rejected_user_may_ask_again(
    organisation: Organisation, org_admin: User, outsider: User
) -> None:
    request = services.membership_request(acting_user=outsider, organisation=organisation)
    services.membership_decide(acting_user=org_admin, membership=request, approve=False)
    again = services.membership_request(
        acting_user=outsider, organisation=organisation, message="Nu med begrundelse."
    )
    assert again.pk == request.pk
    assert again.status == MembershipStatus.REQUESTED
    assert again.decided_by is None


def test_the_admin_approves_with_a_role(
    organisation: Organisation,
    org_admin: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(
            acting_user=org_admin, membership=request, approve=True, role=MembershipRole.EDITOR
        )
    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE
    assert request.role == MembershipRole.EDITOR
    assert request.decided_by == org_admin
    assert request.decided_at is not None
    [message] = mail.outbox
    assert message.to == [request.user.email]
    assert message.subject == f"Du er nu medlem af {organisation.name}"
    assert "godkendt" in message.body
    assert "redaktør i organisationen" in message.body
    update = LogEntry.objects.get_for_object(request).filter(action=LogEntry.Action.UPDATE).get()
    assert update.actor == org_admin


def test_the_admin_rejects(organisation: Organisation, org_admin: User) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    services.membership_decide(
        acting_user=org_admin, membership=request, approve=False, role=MembershipRole.ADMIN
    )
    request.refresh_from_db()
    assert (request.status, request.role) == (MembershipStatus.REJECTED, MembershipRole.MEMBER)


@pytest.mark.parametrize("who", ["requester", "member", "other_org_admin"])
def test_only_the_organisations_admin_decides(
    who: str,
    organisation: Organisation,
    org_member: User,
    other_org_admin: User,
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    actor = {"requester": request.user, "member": org_member, "other_org_admin": other_org_admin}[
        who
    ]
    with unchanged(request), pytest.raises(ActionNotAllowed, match="afgøre"):
        services.membership_decide(acting_user=actor, membership=request, approve=True)


def test_a_platform_admin_may_decide_for_any_organisation(
    organisation: Organisation, platform_admin_user: User
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    services.membership_decide(acting_user=platform_admin_user, membership=request, approve=True)
    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE


def test_an_unknown_role_is_refused(organisation: Organisation, org_admin: User) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    with unchanged(request), pytest.raises(ValidationError) as caught:
        services.membership_decide(
            acting_user=org_admin, membership=request, approve=True, role="owner"
        )
    assert caught.value.message_dict["role"] == ["Ukendt rolle."]


def test_the_last_admin_cannot_be_demoted_or_removed(
    organisation: Organisation, org_admin: User
) -> None:
    own = Membership.objects.get(user=org_admin, organisation=organisation)
    for attempt in (
        lambda: services.membership_change_role(
            acting_user=org_admin, membership=own, role=MembershipRole.MEMBER
        ),
        lambda: services.membership_remove(acting_user=org_admin, membership=own),
    ):
        with unchanged(own), pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.messages == [
            "Organisationen skal have mindst én administrator. Udpeg en anden først."
        ]


def test_a_decided_request_cannot_be_decided_again(
    organisation: Organisation, org_admin: User, org_member: User
) -> None:
    membership = Membership.objects.get(user=org_member, organisation=organisation)
    with unchanged(membership), pytest.raises(ValidationError) as caught:
        services.membership_decide(acting_user=org_admin, membership=membership, approve=False)
    assert caught.value.messages == ["Anmodningen er allerede afgjort."]


def test_a_role_change_is_told_as_a_role_change(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    membership = Membership.objects.get(user=org_member, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_change_role(
            acting_user=org_admin, membership=membership, role=MembershipRole.EDITOR
        )
    membership.refresh_from_db()
    assert membership.role == MembershipRole.EDITOR
    [message] = mail.outbox
    assert message.subject == f"Din rolle i {organisation.name} er ændret"
    assert "anmodning" not in message.body
    update = LogEntry.objects.get_for_object(membership).filter(action=LogEntry.Action.UPDATE)
    assert update.get().actor == org_admin


def test_an_admin_removes_a_member_and_the_member_is_told(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    membership = Membership.objects.get(user=org_member, organisation=organisation)
    pk = membership.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(acting_user=org_admin, membership=membership)
    assert not Membership.objects.filter(pk=pk).exists()
    [message] = mail.outbox
    assert message.to == [org_member.email]
    deleted = LogEntry.objects.get(object_pk=str(pk), action=LogEntry.Action.DELETE)
    assert deleted.actor == org_admin


@pytest.mark.parametrize("who", ["member", "other_org_admin"])
def test_only_the_organisations_admin_changes_roles_and_removes(
    who: str, organisation: Organisation, org_member: User, other_org_admin: User
) -> None:
    membership = Membership.objects.get(user=org_member, organisation=organisation)
    actor = {"member": org_member, "other_org_admin": other_org_admin}[who]
    with unchanged(membership), pytest.raises(ActionNotAllowed):
        services.membership_change_role(
            acting_user=actor, membership=membership, role=MembershipRole.ADMIN
        )
    with unchanged(Membership), pytest.raises(ActionNotAllowed):
        services.membership_remove(acting_user=actor, membership=membership)


def test_a_request_to_an_organisation_without_admins_reaches_the_platform_admins(
    outsider: User, platform_admin_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    lonely = OrganisationFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request(acting_user=outsider, organisation=lonely)
    [message] = mail.outbox
    assert message.to == [platform_admin_user.email]
    assert "http" in message.body


def test_the_last_admin_cannot_leave(organisation: Organisation, org_admin: User) -> None:
    own = Membership.objects.get(user=org_admin, organisation=organisation)
    with unchanged(Membership), pytest.raises(ValidationError) as caught:
        services.membership_withdraw(acting_user=org_admin, membership=own)
    assert "eneste administrator" in caught.value.messages[0]


def test_with_a_second_admin_the_first_may_step_down_and_leave(
    organisation: Organisation, org_admin: User
) -> None:
    second = AdminMembershipFactory.create(organisation=organisation).user
    own = Membership.objects.get(user=org_admin, organisation=organisation)
    services.membership_change_role(acting_user=second, membership=own, role=MembershipRole.MEMBER)
    own.refresh_from_db()
    assert own.role == MembershipRole.MEMBER
    pk = own.pk
    services.membership_withdraw(acting_user=org_admin, membership=own)
    assert not Membership.objects.filter(pk=pk).exists()
    deleted = LogEntry.objects.get(object_pk=str(pk), action=LogEntry.Action.DELETE)
    assert deleted.content_type.model_class() is Membership
    assert deleted.actor == org_admin


def test_a_requester_withdraws_their_pending_request(organisation: Organisation) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    pk = request.pk
    services.membership_withdraw(acting_user=request.user, membership=request)
    assert not Membership.objects.filter(pk=pk).exists()


def test_nobody_withdraws_someone_elses_membership(
    organisation: Organisation, org_admin: User, org_member: User
) -> None:
    membership = Membership.objects.get(user=org_member, organisation=organisation)
    for actor in (org_admin, UserFactory.create()):
        with unchanged(Membership), pytest.raises(ActionNotAllowed, match="dit eget"):
            services.membership_withdraw(acting_user=actor, membership=membership)


def test_a_known_cvr_number_cannot_be_removed(organisation: Organisation, org_admin: User) -> None:
    assert organisation.cvr
    with unchanged(organisation), pytest.raises(ValidationError) as caught:
        services.organisation_update(acting_user=org_admin, organisation=organisation, cvr="")
    assert caught.value.message_dict["cvr"] == ["CVR-nummeret kan rettes, men ikke fjernes."]
