"""Reads of the catalogue: scoped to the reader, 404 outside the scope, ordered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from spred.accounts.tests.factories import platform_admin
from spred.catalogue.choices import Status
from spred.catalogue.selectors.entries import (
    case_get,
    case_list,
    case_revision,
    case_solutions,
    contributable_organisations,
    public_cases,
    public_solutions,
    solution_cases,
    solution_get,
    solution_list,
    solution_options,
    supplier_options,
)
from spred.catalogue.selectors.workflow import my_entries, my_published, review_queue
from spred.catalogue.services.entries import case_update
from spred.catalogue.services.workflow import case_publish
from spred.catalogue.tests.conftest import CatalogueWorld
from spred.catalogue.tests.factories import CaseFactory, SolutionFactory
from spred.organisations.choices import OrganisationKind

pytestmark = pytest.mark.django_db


def test_case_get_answers_404_outside_the_scope(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    assert case_get(user=w.owner_member, slug=w.draft_case.slug) == w.draft_case
    assert case_get(user=AnonymousUser(), slug=w.archived_case.slug) == w.archived_case
    for user in (AnonymousUser(), w.outsider, w.other_member, w.editor):
        with pytest.raises(Http404):
            case_get(user=user, slug=w.draft_case.slug)
    with pytest.raises(Http404):
        solution_get(user=w.other_member, slug=w.returned_solution.slug)
    assert solution_get(user=w.editor, slug=w.returned_solution.slug)
    with pytest.raises(Http404):
        case_get(user=w.owner_member, slug="findes\x00ikke")


def test_public_lists_are_published_only_newest_first(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    older = CaseFactory.create(
        status=Status.PUBLISHED, published_at=timezone.now() - timedelta(days=30)
    )
    listed = list(public_cases())
    assert set(listed) == {*w.public_cases, older}
    assert listed[-1] == older
    assert list(public_solutions()) == [w.published_solution]
    assert list(public_cases()) == listed, "the same for everyone"


def test_lists_filter_by_organisation_and_status(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    own = case_list(user=w.owner_member, organisation=w.owner_org)
    assert set(own) == {
        w.published_case,
        w.draft_case,
        w.submitted_case,
        w.returned_case,
        w.archived_case,
    }
    assert list(case_list(user=w.owner_member, status=Status.DRAFT)) == [w.draft_case]
    assert list(solution_list(user=AnonymousUser(), status=Status.DRAFT)) == []
    assert set(solution_list(user=AnonymousUser())) == {
        w.published_solution,
        w.archived_solution,
    }


def test_my_entries_and_review_queue(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    mine = my_entries(user=w.owner_member)
    assert set(mine.cases) == {w.draft_case, w.submitted_case, w.returned_case}
    assert set(mine.solutions) == {w.draft_solution, w.submitted_solution, w.returned_solution}
    assert mine.count == 6
    published = my_published(user=w.owner_member)
    assert set(published.cases) == {w.published_case, w.archived_case}
    assert my_entries(user=AnonymousUser()).count == 0
    # An editor's drafts for another organisation are the editor's own entries.
    editors_draft = CaseFactory.create(organisation=w.other_org, created_by=w.editor)
    assert list(my_entries(user=w.editor).cases) == [editors_draft]
    earlier = CaseFactory.create(
        organisation=w.other_org,
        status=Status.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=3),
    )
    queue = review_queue(user=w.editor)
    assert list(queue.cases) == [earlier, w.submitted_case], "the longest waiting first"
    assert list(queue.solutions) == [w.submitted_solution]
    assert review_queue(user=platform_admin()).count == 3


def test_case_solutions_and_solution_cases(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.published_case
    case.solutions.add(w.published_solution, w.draft_solution)
    assert list(case_solutions(user=AnonymousUser(), case=case)) == [w.published_solution]
    assert set(case_solutions(user=w.owner_member, case=case)) == {
        w.published_solution,
        w.draft_solution,
    }
    w.draft_case.solutions.add(w.published_solution)
    assert list(solution_cases(user=w.owner_member, solution=w.published_solution)) == [case]


def test_options_for_the_forms(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    assert contributable_organisations(user=w.owner_member) == [w.owner_org]
    assert contributable_organisations(user=w.outsider) == []
    assert contributable_organisations(user=AnonymousUser()) == []
    assert len(contributable_organisations(user=w.editor)) >= 2
    suppliers = supplier_options(user=w.owner_member)
    assert w.other_org in suppliers
    assert all(o.kind != OrganisationKind.STATE_AGENCY for o in suppliers)
    options = set(solution_options(user=w.other_member))
    assert options == {w.published_solution}, "no archived, no other organisation's drafts"
    own = SolutionFactory.create(organisation=w.other_org)
    assert own in solution_options(user=w.other_member)


def test_a_revision_and_the_one_before(catalogue_world: CatalogueWorld) -> None:
    from spred.catalogue.tests.test_services import full_input

    w = catalogue_world
    case = w.submitted_case
    case_publish(acting_user=w.editor, case=case)
    case_update(acting_user=w.owner_member, case=case, data=full_input())
    second, first = case_revision(user=AnonymousUser(), case=case, number=2)
    assert (second.number, first and first.number) == (2, 1)
    only, none = case_revision(user=AnonymousUser(), case=case, number=1)
    assert (only.number, none) == (1, None)
    with pytest.raises(Http404):
        case_revision(user=AnonymousUser(), case=case, number=3)
