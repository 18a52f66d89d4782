"""A draft must not leak anywhere: not to the public and not to another organisation.

Drafts, submitted and returned entries (and archived ones, which stay readable at their address
but leave every listing) are checked against the pages and lists of this module, the "similar"
lists and the search index — the search, the suggestions and "similar". The listings of the API,
the exports, the feed and the sitemap check the same world (``catalogue_world``) in their own
tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spred.catalogue.choices import Status
from spred.catalogue.models import Case, Solution
from spred.catalogue.selectors.entries import (
    case_list,
    public_cases,
    public_solutions,
    similar_entries,
)
from spred.catalogue.selectors.workflow import my_entries, review_queue
from spred.catalogue.services.attachments import attachment_add
from spred.catalogue.services.entries import case_create, case_update
from spred.catalogue.services.workflow import (
    case_archive,
    case_publish,
    case_submit,
    case_unarchive,
    solution_archive,
    solution_publish,
)
from spred.catalogue.tests.conftest import LEAK_WORD, PUBLIC_WORD, CatalogueWorld
from spred.catalogue.tests.test_services import PDF, full_input
from spred.core.testing import client_for
from spred.search.engine import SearchQuery, autocomplete, search, similar

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def _found(text: str) -> set[tuple[str, int]]:
    result = search(SearchQuery(text=text, per_page=100))
    return {(hit.kind, hit.object_id) for hit in result.hits}


def _outsiders(w: CatalogueWorld) -> list[Any]:
    return [None, w.outsider, w.other_member]


def test_hidden_entries_answer_404_to_outsiders(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    pages = [
        *(c.get_absolute_url() for c in w.hidden_cases if c.organisation == w.owner_org),
        *(s.get_absolute_url() for s in w.hidden_solutions),
        *(
            reverse(f"catalogue:{name}", args=[w.draft_case.slug])
            for name in ("case_edit", "contact_edit", "attachment_add", "case_delete")
        ),
        reverse("catalogue:case_revision", args=[w.draft_case.slug, 1]),
    ]
    for user in _outsiders(w):
        client = client_for(user)
        for page in pages:
            response = client.get(page)
            assert response.status_code in (404, 302), (user, page, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/konto/login/"), (page, response)
            assert LEAK_WORD not in response.content.decode()


def test_selectors_for_lists_show_published_entries_only(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    assert set(public_cases()) == set(w.public_cases)
    assert set(public_solutions()) == set(w.public_solutions)
    for user in (AnonymousUser(), w.outsider, w.other_member):
        assert set(case_list(user=user, status=Status.PUBLISHED)) == set(w.public_cases)
        assert w.draft_case not in case_list(user=user)
        assert not set(my_entries(user=user).cases) & {
            w.draft_case,
            w.submitted_case,
            w.returned_case,
        }
        assert not review_queue(user=user).count
    assert not review_queue(user=w.owner_admin).count, "owners do not review"


def test_linked_entries_show_only_what_the_reader_may_see(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    w.published_case.solutions.add(w.draft_solution, w.submitted_solution, w.published_solution)
    for case in (w.draft_case, w.returned_case, w.archived_case, w.published_case):
        case.solutions.add(w.published_solution)
    for user in _outsiders(w):
        client = client_for(user)
        case_page = client.get(w.published_case.get_absolute_url()).content.decode()
        solution_page = client.get(w.published_solution.get_absolute_url()).content.decode()
        assert LEAK_WORD not in case_page, user
        assert LEAK_WORD not in solution_page, user
        assert PUBLIC_WORD in solution_page


def test_the_search_index_holds_published_entries_only(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    w.index()
    assert _found(LEAK_WORD) == set()
    assert _found(PUBLIC_WORD) == {
        *(("case", c.pk) for c in w.public_cases),
        *(("solution", s.pk) for s in w.public_solutions),
    }
    assert _found("skærmbesøg hjemmeplejen") == _found(PUBLIC_WORD)
    completions = autocomplete("hemmelig") + autocomplete(LEAK_WORD[:6])
    assert not [c for c in completions if LEAK_WORD in c.text.lower()]
    assert not [c for c in autocomplete("case") if LEAK_WORD in c.text.lower()]
    hidden = [("case", c.pk) for c in w.hidden_cases] + [
        ("solution", s.pk) for s in w.hidden_solutions
    ]
    hidden += [("case", w.archived_case.pk), ("solution", w.archived_solution.pk)]
    for kind, pk in hidden:
        assert similar(kind, pk) == []
    for kind, pk in [("case", w.published_case.pk), ("solution", w.published_solution.pk)]:
        assert not {(k, i) for k, i, _s in similar(kind, pk, limit=50)} & set(hidden)


def test_services_keep_the_index_in_step_with_the_status(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    w.index()
    case = w.submitted_case
    key = ("case", case.pk)
    with django_capture_on_commit_callbacks(execute=True):
        case_publish(acting_user=w.editor, case=case)
    assert key in _found(LEAK_WORD), "published: now it may be found"
    with django_capture_on_commit_callbacks(execute=True):
        case_update(
            acting_user=w.owner_member, case=case, data=full_input(title="Omdøbt sommerfugl")
        )
    assert key in _found("sommerfugl")
    with django_capture_on_commit_callbacks(execute=True):
        case_archive(acting_user=w.editor, case=case)
    assert key not in _found("sommerfugl"), "archived: out of search"
    with django_capture_on_commit_callbacks(execute=True):
        case_unarchive(acting_user=w.editor, case=case)
    assert key in _found("sommerfugl")
    # A draft written and submitted never reaches the index.
    with django_capture_on_commit_callbacks(execute=True):
        draft = case_create(
            acting_user=w.owner_member,
            organisation=w.owner_org,
            data=full_input(title="Hemmelig guldfisk"),
        )
        case_submit(acting_user=w.owner_member, case=draft)
    assert ("case", draft.pk) not in _found("guldfisk")
    # Solutions too: a published solution goes in, a deleted draft stays out.
    solution = w.submitted_solution
    with django_capture_on_commit_callbacks(execute=True):
        solution_publish(acting_user=w.editor, solution=solution)
        solution_archive(acting_user=w.editor, solution=solution)
    assert ("solution", solution.pk) not in _found(LEAK_WORD)


def test_search_documents_carry_the_facets(catalogue_world: CatalogueWorld) -> None:
    from spred.catalogue.search_provider import CaseProvider, SolutionProvider

    w = catalogue_world
    case = w.published_case
    case.technologies.set([])
    doc = CaseProvider().document(case.pk)
    assert doc is not None
    assert dict(doc.facets) | {} == {
        "kind": ["case"],
        "area": ["aeldre-og-pleje"],
        "technology": [],
        "innovation_type": [],
        "sector": ["state"],
        "region": ["1082"],
        "organisation": ["fiktiv-styrelse"],
        "stage": [case.stage],
        "evidence": [case.evidence_level],
        "year": [str(case.year)],
    }
    assert doc.url == case.get_absolute_url()
    assert "Udfordringen med hjemmepleje" in doc.body
    assert CaseProvider().document(w.draft_case.pk) is None
    assert CaseProvider().document(w.archived_case.pk) is None
    assert CaseProvider().document("ikke-et-tal") is None
    assert {d.object_id for d in CaseProvider().documents()} == {c.pk for c in w.public_cases}
    solution_doc = SolutionProvider().document(w.published_solution.pk)
    assert solution_doc is not None
    assert solution_doc.facets["maturity"] == [w.published_solution.maturity]
    assert SolutionProvider().document(w.draft_solution.pk) is None
    # A state organisation without a region is in no region facet.
    w.owner_org.region = None
    w.owner_org.save()
    doc = CaseProvider().document(case.pk)
    assert doc is not None
    assert doc.facets["region"] == []


def test_similar_on_the_page_never_shows_a_draft(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    w.index()
    # Make a draft look exactly like the published case, then publish and unpublish it
    # behind the index's back: even a stale index must not put it on the page.
    twin = w.draft_case
    Case.objects.filter(pk=twin.pk).update(status=Status.PUBLISHED)
    from spred.search.index import refresh

    refresh("case", twin.pk)
    Case.objects.filter(pk=twin.pk).update(status=Status.DRAFT)
    assert ("case", twin.pk) in {(k, i) for k, i, _s in similar("case", w.published_case.pk)}
    html = client_for(None).get(w.published_case.get_absolute_url()).content.decode()
    assert twin.title not in html
    items = similar_entries(user=None, kind="case", object_id=w.published_case.pk)
    assert twin not in [item.entry for item in items]
    assert w.other_published_case in [item.entry for item in items]
    assert (
        "Lignende"
        in client_for(None).get(w.other_published_case.get_absolute_url()).content.decode()
    )


def test_attachments_and_contact_of_hidden_cases_stay_hidden(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    attachment = attachment_add(
        acting_user=w.owner_member,
        case=w.returned_case,
        uploaded_file=SimpleUploadedFile("r.pdf", PDF),
        title="Intern rapport",
    )
    url = reverse("catalogue:attachment_download", args=[w.returned_case.slug, attachment.pk])
    for user in _outsiders(w):
        assert client_for(user).get(url).status_code == 404


def test_every_world_entry_is_where_the_fixture_says(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    for case in w.hidden_cases:
        assert case.status in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
        assert LEAK_WORD in case.title
    assert {c.status for c in w.public_cases} == {Status.PUBLISHED}
    assert Solution.objects.filter(status=Status.ARCHIVED).get() == w.archived_solution


def test_a_published_case_never_names_a_draft_solution(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    from spred.catalogue.search_provider import CaseProvider

    w = catalogue_world
    case = w.submitted_case
    case.solutions.add(w.draft_solution, w.published_solution)
    with django_capture_on_commit_callbacks(execute=True):
        case_publish(acting_user=w.editor, case=case)
    doc = CaseProvider().document(case.pk)
    assert doc is not None
    assert w.published_solution.name in doc.body
    assert w.draft_solution.name not in doc.body
    assert ("case", case.pk) not in _found(w.draft_solution.name.split()[0])
    snapshot = case.revisions.get().snapshot
    assert [s["slug"] for s in snapshot["solutions"]] == [w.published_solution.slug]
    page = client_for(None).get(reverse("catalogue:case_revision", args=[case.slug, 1]))
    assert w.draft_solution.name not in page.content.decode()
    # Once the solution is published, the case's document names it.
    draft = w.draft_solution
    Solution.objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        solution_publish(acting_user=w.editor, solution=draft)
    assert ("case", case.pk) in _found(draft.name.split()[0])
