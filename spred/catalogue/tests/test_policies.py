"""Who sees which entries, and who may take which step of the workflow."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from spred.accounts.roles import is_editor
from spred.accounts.tests.factories import UserFactory, platform_admin
from spred.catalogue.choices import Status
from spred.catalogue.policies import CasePolicy, CataloguePolicy, SolutionPolicy, can_contribute
from spred.catalogue.tests.conftest import CatalogueWorld
from spred.catalogue.tests.factories import CaseFactory, editor
from spred.core.policies import ActionNotAllowed
from spred.organisations.choices import MembershipRole, MembershipStatus
from spred.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _visible(policy: Any, user: Any) -> set[str]:
    return set(policy.visible_to(user).values_list("slug", flat=True))


def test_the_public_sees_published_and_archived_entries_only(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    expected = {w.published_case.slug, w.archived_case.slug, w.other_published_case.slug}
    for user in (AnonymousUser(), w.outsider, w.other_member):
        assert _visible(CasePolicy, user) == expected | (
            {w.other_draft_case.slug} if user is w.other_member else set()
        )
    assert _visible(SolutionPolicy, AnonymousUser()) == {
        w.published_solution.slug,
        w.archived_solution.slug,
    }


def test_members_see_every_status_of_their_own_organisation(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    assert _visible(CasePolicy, w.owner_member) == {c.slug for c in w.cases} - {
        w.other_draft_case.slug
    }
    assert _visible(SolutionPolicy, w.owner_member) == {s.slug for s in w.solutions}


def test_a_requested_or_rejected_membership_sees_no_drafts(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    for status in (MembershipStatus.REQUESTED, MembershipStatus.REJECTED):
        user = MembershipFactory.create(organisation=w.owner_org, status=status).user
        assert w.draft_case.slug not in _visible(CasePolicy, user)


def test_editors_see_what_is_sent_to_them_but_not_other_organisations_drafts(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    seen = _visible(CasePolicy, w.editor)
    assert {w.submitted_case.slug, w.returned_case.slug, w.published_case.slug} <= seen
    assert w.draft_case.slug not in seen
    assert w.other_draft_case.slug not in seen
    # A draft the editor wrote for an organisation is theirs to see.
    own = CaseFactory.create(organisation=w.other_org, created_by=w.editor)
    assert own.slug in _visible(CasePolicy, w.editor)


def test_platform_admins_see_everything(catalogue_world: CatalogueWorld) -> None:
    admin = platform_admin()
    assert _visible(CasePolicy, admin) == {c.slug for c in catalogue_world.cases}


def test_an_inactive_user_sees_only_what_the_public_sees(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    w.owner_member.is_active = False
    w.owner_member.save()
    assert w.draft_case.slug not in _visible(CasePolicy, w.owner_member)
    assert not CasePolicy.can(w.owner_member, "edit", w.draft_case)


def test_is_editor_and_can_contribute(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    assert is_editor(w.editor)
    assert is_editor(platform_admin())
    assert not is_editor(w.owner_admin)
    assert not is_editor(AnonymousUser())
    assert can_contribute(w.owner_member, w.owner_org)
    assert can_contribute(w.owner_admin, w.owner_org)
    assert not can_contribute(w.other_member, w.owner_org)
    assert not can_contribute(w.outsider, w.owner_org)
    assert not can_contribute(AnonymousUser(), w.owner_org)
    assert can_contribute(w.editor, w.owner_org), "editors write on an organisation's behalf"
    role_editor = MembershipFactory.create(
        organisation=w.owner_org, role=MembershipRole.EDITOR
    ).user
    assert can_contribute(role_editor, w.owner_org)


def test_create_without_an_entry_asks_whether_the_user_contributes_anywhere(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    assert CasePolicy.can(w.owner_member, "create")
    assert CasePolicy.can(w.editor, "create")
    assert not CasePolicy.can(w.outsider, "create")
    assert not CasePolicy.can(AnonymousUser(), "create")
    assert SolutionPolicy.can(w.other_member, "create")


# The workflow matrix: (action, status) -> who may. "owner" is a plain member of the owner
# organisation, "admin" its admin, "editor" a Redaktør outside it, "other" a member elsewhere.
MATRIX: list[tuple[str, str, set[str]]] = [
    ("edit", Status.DRAFT, {"owner", "admin"}),
    ("edit", Status.RETURNED, {"owner", "admin"}),
    ("edit", Status.SUBMITTED, {"editor"}),
    ("edit", Status.PUBLISHED, {"owner", "admin", "editor"}),
    ("edit", Status.ARCHIVED, set()),
    ("submit", Status.DRAFT, {"owner", "admin"}),
    ("submit", Status.RETURNED, {"owner", "admin"}),
    ("submit", Status.SUBMITTED, set()),
    ("submit", Status.PUBLISHED, set()),
    ("recall", Status.SUBMITTED, {"owner", "admin"}),
    ("recall", Status.DRAFT, set()),
    ("review", Status.SUBMITTED, {"editor"}),
    ("review", Status.DRAFT, set()),
    ("review", Status.PUBLISHED, set()),
    ("archive", Status.PUBLISHED, {"admin", "editor"}),
    ("archive", Status.ARCHIVED, {"admin", "editor"}),
    ("archive", Status.DRAFT, set()),
    ("delete", Status.DRAFT, {"owner", "admin"}),
    ("delete", Status.RETURNED, {"owner", "admin"}),
    ("delete", Status.PUBLISHED, set()),
    ("manage_contact", Status.DRAFT, {"owner", "admin"}),
    ("manage_contact", Status.SUBMITTED, {"owner", "admin", "editor"}),
    ("manage_contact", Status.ARCHIVED, {"owner", "admin", "editor"}),
    ("attach", Status.DRAFT, {"owner", "admin"}),
    ("attach", Status.SUBMITTED, {"editor"}),
    ("attach", Status.ARCHIVED, set()),
]


@pytest.mark.parametrize(("action", "status", "allowed"), MATRIX)
def test_case_workflow_matrix(
    catalogue_world: CatalogueWorld, action: str, status: str, allowed: set[str]
) -> None:
    w = catalogue_world
    case = CaseFactory.create(organisation=w.owner_org, status=status, created_by=w.owner_member)
    people = {
        "owner": w.owner_member,
        "admin": w.owner_admin,
        "editor": w.editor,
        "other": w.other_member,
        "outsider": w.outsider,
        "anonymous": AnonymousUser(),
    }
    got = {name for name, user in people.items() if CasePolicy.can(user, action, case)}
    assert got == allowed


def test_solutions_follow_the_same_workflow(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    assert SolutionPolicy.can(w.owner_member, "edit", w.draft_solution)
    assert not SolutionPolicy.can(w.owner_member, "edit", w.submitted_solution)
    assert SolutionPolicy.can(w.editor, "review", w.submitted_solution)
    assert not SolutionPolicy.can(w.owner_admin, "review", w.submitted_solution)
    assert SolutionPolicy.can(w.owner_admin, "archive", w.published_solution)
    assert not SolutionPolicy.can(w.owner_member, "archive", w.published_solution)
    assert not SolutionPolicy.can(w.other_member, "edit", w.published_solution)


def test_an_editor_may_publish_own_drafts_directly(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    own = CaseFactory.create(organisation=w.other_org, created_by=w.editor)
    assert CasePolicy.can(w.editor, "review", own)
    assert not CasePolicy.can(w.editor, "review", w.draft_case)


def test_unknown_actions_are_a_programming_error(catalogue_world: CatalogueWorld) -> None:
    with pytest.raises(ValueError, match="knows no action"):
        CasePolicy.can(catalogue_world.editor, "publish", catalogue_world.draft_case)
    with pytest.raises(ValueError, match="knows no action"):
        SolutionPolicy.can(catalogue_world.editor, "attach", catalogue_world.draft_solution)


def test_import_is_for_editors_only(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    assert CataloguePolicy.can(w.editor, "import")
    assert not CataloguePolicy.can(w.owner_admin, "import")
    assert not CataloguePolicy.can(AnonymousUser(), "import")
    with pytest.raises(ActionNotAllowed, match="Nej"):
        CataloguePolicy.require(UserFactory.create(), "import", "Nej")
    CataloguePolicy.require(editor(), "import", "Nej")
