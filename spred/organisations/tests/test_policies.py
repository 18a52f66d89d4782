"""Who may do what with organisations and memberships — the matrix behind every view and service."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from spred.accounts.models import User
from spred.accounts.tests.factories import UserFactory
from spred.organisations.choices import MembershipRole
from spred.organisations.memberships import active_role
from spred.organisations.models import Membership, Organisation
from spred.organisations.policies import MembershipPolicy, OrganisationPolicy, RegionPolicy
from spred.organisations.tests.factories import (
    MembershipFactory,
    MembershipRequestFactory,
    MunicipalityFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    other_org_admin: User,
    outsider: User,
    platform_admin_user: User,
) -> dict[str, Any]:
    editor = MembershipFactory.create(organisation=organisation, role=MembershipRole.EDITOR).user
    pending = MembershipRequestFactory.create(organisation=organisation).user
    return {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "pending": pending,
        "member": org_member,
        "editor": editor,
        "admin": org_admin,
        "other_org_admin": other_org_admin,
        "platform_admin": platform_admin_user,
        "inactive_admin": _deactivated(org_admin),
    }


def _deactivated(user: User) -> User:
    clone = User.objects.get(pk=user.pk)
    clone.is_active = False
    return clone


# Wagtail-style matrix: for each action, exactly who may.
ORGANISATION_MATRIX = {
    "view": {
        "anonymous",
        "outsider",
        "pending",
        "member",
        "editor",
        "admin",
        "other_org_admin",
        "platform_admin",
        "inactive_admin",
    },
    "edit": {"admin", "platform_admin"},
    "manage_members": {"admin", "platform_admin"},
    "request_membership": {"outsider", "pending", "other_org_admin", "platform_admin"},
}


@pytest.mark.parametrize("action", sorted(ORGANISATION_MATRIX))
def test_organisation_permission_matrix(
    action: str, people: dict[str, Any], organisation: Organisation
) -> None:
    allowed = {
        who for who, user in people.items() if OrganisationPolicy.can(user, action, organisation)
    }
    assert allowed == ORGANISATION_MATRIX[action]


def test_any_signed_in_user_may_register_an_organisation(people: dict[str, Any]) -> None:
    allowed = {who for who, user in people.items() if OrganisationPolicy.can(user, "register")}
    assert allowed == set(people) - {"anonymous", "inactive_admin"}


def test_reference_organisations_are_edited_only_by_platform_admins(
    platform_admin_user: User,
) -> None:
    municipality = MunicipalityFactory.create(reference_key="municipality:101")
    local_admin = MembershipFactory.create(
        organisation=municipality, role=MembershipRole.ADMIN
    ).user
    assert not OrganisationPolicy.can(local_admin, "edit", municipality)
    assert OrganisationPolicy.can(local_admin, "manage_members", municipality)
    assert OrganisationPolicy.can(platform_admin_user, "edit", municipality)


def test_an_unknown_action_is_a_programming_error(organisation: Organisation) -> None:
    with pytest.raises(ValueError, match="no action 'delete'"):
        OrganisationPolicy.can(AnonymousUser(), "delete", organisation)
    with pytest.raises(ValueError, match="no action 'approve'"):
        MembershipPolicy.can(AnonymousUser(), "approve", None)


def test_the_register_of_organisations_is_public(organisation: Organisation) -> None:
    assert list(OrganisationPolicy.visible_to(AnonymousUser())) == [organisation]
    assert list(RegionPolicy.visible_to(AnonymousUser())) == [organisation.region]


def test_memberships_are_seen_by_their_user_their_admins_and_platform_admins(
    people: dict[str, Any], organisation: Organisation, other_organisation: Organisation
) -> None:
    pending_membership = Membership.objects.get(user=people["pending"], organisation=organisation)
    elsewhere = MembershipFactory.create(organisation=other_organisation)
    seers = {
        who
        for who, user in people.items()
        if MembershipPolicy.visible_to(user).filter(pk=pending_membership.pk).exists()
    }
    assert seers == {"pending", "admin", "platform_admin"}
    admin_sees = set(MembershipPolicy.visible_to(people["admin"]))
    assert pending_membership in admin_sees
    assert elsewhere not in admin_sees


MEMBERSHIP_MATRIX = {
    "view": {"pending", "admin", "platform_admin"},
    "decide": {"admin", "platform_admin"},
    "withdraw": {"pending"},
}


@pytest.mark.parametrize("action", sorted(MEMBERSHIP_MATRIX))
def test_membership_permission_matrix(
    action: str, people: dict[str, Any], organisation: Organisation
) -> None:
    request = Membership.objects.get(user=people["pending"], organisation=organisation)
    allowed = {who for who, user in people.items() if MembershipPolicy.can(user, action, request)}
    assert allowed == MEMBERSHIP_MATRIX[action]


def test_out_of_scope_lookups_answer_404(organisation: Organisation, outsider: User) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    with pytest.raises(Http404):
        MembershipPolicy.get_visible_or_404(outsider, pk=request.pk)
    for junk in ("abc", None, -1, 10**12):
        with pytest.raises(Http404):
            MembershipPolicy.get_visible_or_404(request.user, pk=junk)
    assert MembershipPolicy.get_visible_or_404(request.user, pk=request.pk) == request


def test_active_role_counts_only_active_memberships(organisation: Organisation) -> None:
    pending = MembershipRequestFactory.create(organisation=organisation, role=MembershipRole.ADMIN)
    assert active_role(pending.user, organisation) is None
    assert active_role(AnonymousUser(), organisation) is None
    member = MembershipFactory.create(organisation=organisation, role=MembershipRole.EDITOR)
    assert active_role(member.user, organisation) == MembershipRole.EDITOR


def test_platform_roles_other_than_administrator_give_no_organisation_rights(
    organisation: Organisation,
) -> None:
    from spred.accounts.roles import PlatformRole

    RegionFactory.create()
    editor = UserFactory.create(
        roles=[PlatformRole.EDITOR, PlatformRole.ANALYST, PlatformRole.STEERING]
    )
    assert not OrganisationPolicy.can(editor, "edit", organisation)
    assert not OrganisationPolicy.can(editor, "manage_members", organisation)
