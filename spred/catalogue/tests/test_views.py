"""Case and solution pages: who gets what, the forms, the review page, files and query budgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spred.catalogue.choices import PartnerRole, Status
from spred.catalogue.consent import CURRENT
from spred.catalogue.models import Attachment, Case, CaseContact, CaseRevision, Solution
from spred.catalogue.services.attachments import attachment_add
from spred.catalogue.services.contact import contact_set, contact_withdraw
from spred.catalogue.services.entries import case_update
from spred.catalogue.services.workflow import case_publish, case_submit
from spred.catalogue.tests.conftest import LEAK_WORD, CatalogueWorld
from spred.catalogue.tests.factories import CaseFactory, CasePartnerFactory, SolutionFactory
from spred.catalogue.tests.test_services import PDF, contact, full_input
from spred.core.testing import (
    LOGIN,
    AccessWorld,
    Audience,
    Redirect,
    ViewAccess,
    assert_access,
    assert_queries_do_not_grow,
    client_for,
    csp_script_problems,
    max_queries,
    public,
    scoped,
    signed_in,
    unchanged,
)
from spred.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def url(name: str, entry: str, *args: Any) -> Callable[[AccessWorld], str]:
    return lambda world: reverse(f"catalogue:{name}", args=[world[entry].slug, *args])


def world_of(
    w: CatalogueWorld, *, permitted: Any, no_permission: Any, other: Any | None = None
) -> AccessWorld:
    return AccessWorld(
        users={
            Audience.ANONYMOUS: None,
            Audience.NO_PERMISSION: no_permission,
            Audience.OTHER_ORGANISATION: other or w.other_member,
            Audience.PERMITTED: permitted,
        },
        objects={
            name: getattr(w, name)
            for name in (
                "published_case",
                "draft_case",
                "submitted_case",
                "returned_case",
                "archived_case",
                "published_solution",
                "draft_solution",
                "submitted_solution",
                "archived_solution",
            )
        },
    )


def _status_after(entry: str, permitted: str) -> Callable[[Audience, Any, AccessWorld], None]:
    def check(audience: Audience, response: Any, world: AccessWorld) -> None:
        obj = world[entry]
        stored = type(obj).objects.get(pk=obj.pk).status
        expected = permitted if audience is Audience.PERMITTED else obj.status
        assert stored == expected, f"{entry} is {stored}, expected {expected}"

    return check


def hidden(label: str, url_spec: Any, permitted: Any = 200, **kwargs: Any) -> ViewAccess:
    """A page of an entry the public may not see: 404 for everyone outside, never the login."""
    return ViewAccess(
        label,
        url_spec,
        {
            Audience.ANONYMOUS: 404,
            Audience.NO_PERMISSION: 404,
            Audience.OTHER_ORGANISATION: 404,
            Audience.PERMITTED: permitted,
        },
        **kwargs,
    )


# -- access matrices ------------------------------------------------------------------------

MEMBER_ROWS = [
    public("published case", url("case_detail", "published_case")),
    public("archived case", url("case_detail", "archived_case")),
    hidden("draft case", url("case_detail", "draft_case")),
    hidden("returned case", url("case_detail", "returned_case")),
    public("published solution", url("solution_detail", "published_solution")),
    hidden("draft solution", url("solution_detail", "draft_solution")),
    scoped("edit draft", url("case_edit", "draft_case")),
    scoped("edit published case", url("case_edit", "published_case")),
    scoped("edit submitted case", url("case_edit", "submitted_case"), 404),
    scoped("edit draft solution", url("solution_edit", "draft_solution")),
    ViewAccess(
        "new case",
        "/katalog/cases/ny/",
        {
            Audience.ANONYMOUS: LOGIN,
            Audience.NO_PERMISSION: 404,  # a member of nothing writes for nobody
            Audience.OTHER_ORGANISATION: 200,
            Audience.PERMITTED: 200,
        },
    ),
    scoped(
        "submit draft",
        url("case_submit", "draft_case"),
        Redirect("/katalog/cases/"),
        method="post",
        check=_status_after("draft_case", Status.SUBMITTED),
    ),
    scoped(
        "recall submission",
        url("case_recall", "submitted_case"),
        Redirect("/katalog/cases/"),
        method="post",
        check=_status_after("submitted_case", Status.DRAFT),
    ),
    scoped(
        "submit draft solution",
        url("solution_submit", "draft_solution"),
        Redirect("/katalog/loesninger/"),
        method="post",
        check=_status_after("draft_solution", Status.SUBMITTED),
    ),
    scoped(
        "delete draft (confirm)",
        url("case_delete", "draft_case"),
    ),
    scoped("contact person", url("contact_edit", "draft_case")),
    scoped("new attachment", url("attachment_add", "draft_case")),
    scoped("archive by a plain member", url("case_archive", "published_case"), 404),
    signed_in("my entries", "/katalog/mine-bidrag/"),
    scoped("review queue for a member", "/katalog/til-behandling/", 404),
    scoped("review by a member", url("case_review", "submitted_case"), 404),
]

EDITOR_ROWS = [
    scoped("review queue", "/katalog/til-behandling/"),
    scoped("review a submitted case", url("case_review", "submitted_case")),
    scoped("review a submitted solution", url("solution_review", "submitted_solution")),
    scoped("review a published case", url("case_review", "published_case"), 404),
    scoped(
        "publish",
        url("case_review", "submitted_case"),
        Redirect("/katalog/til-behandling/"),
        method="post",
        data={"decision": "publish"},
        check=_status_after("submitted_case", Status.PUBLISHED),
    ),
    scoped(
        "return",
        url("solution_review", "submitted_solution"),
        Redirect("/katalog/til-behandling/"),
        method="post",
        data={"decision": "return", "comment": "Beskriv prisen."},
        check=_status_after("submitted_solution", Status.RETURNED),
    ),
    scoped("edit a submitted case", url("case_edit", "submitted_case")),
]

ADMIN_ROWS = [
    scoped("archive (confirm)", url("case_archive", "published_case")),
    scoped(
        "archive",
        url("case_archive", "published_case"),
        Redirect("/katalog/cases/"),
        method="post",
        check=_status_after("published_case", Status.ARCHIVED),
    ),
    scoped(
        "unarchive solution",
        url("solution_unarchive", "archived_solution"),
        Redirect("/katalog/loesninger/"),
        method="post",
        check=_status_after("archived_solution", Status.PUBLISHED),
    ),
    scoped("unarchive a published case", url("case_unarchive", "published_case"), 404),
]


@pytest.mark.parametrize("row", MEMBER_ROWS, ids=str)
def test_member_pages(catalogue_world: CatalogueWorld, row: ViewAccess) -> None:
    w = catalogue_world
    assert_access(row, world_of(w, permitted=w.owner_member, no_permission=w.outsider))


@pytest.mark.parametrize("row", EDITOR_ROWS, ids=str)
def test_editor_pages(catalogue_world: CatalogueWorld, row: ViewAccess) -> None:
    w = catalogue_world
    assert_access(row, world_of(w, permitted=w.editor, no_permission=w.owner_admin))


@pytest.mark.parametrize("row", ADMIN_ROWS, ids=str)
def test_owner_admin_pages(catalogue_world: CatalogueWorld, row: ViewAccess) -> None:
    w = catalogue_world
    assert_access(row, world_of(w, permitted=w.owner_admin, no_permission=w.owner_member))


def test_unknown_addresses_are_404(catalogue_world: CatalogueWorld) -> None:
    client = client_for(catalogue_world.editor)
    for path in [
        "/katalog/cases/findes-ikke/",
        "/katalog/loesninger/findes-ikke/",
        f"/katalog/cases/{catalogue_world.published_case.slug}/versioner/9/",
        f"/katalog/cases/{catalogue_world.published_case.slug}/bilag/999999/",
    ]:
        assert client.get(path).status_code == 404, path


# -- the case page --------------------------------------------------------------------------


def test_case_page_shows_sections_facts_partners_and_only_public_solutions(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    case = w.published_case
    case.is_demo = True
    case.save()
    partner = OrganisationFactory.create(name="Sensorhuset A/S")
    CasePartnerFactory.create(case=case, organisation=partner, role=PartnerRole.SUPPLIER)
    case.solutions.add(w.published_solution, w.draft_solution)
    html = client_for(None).get(case.get_absolute_url()).content.decode()
    assert case.title in html
    assert "Udfordringen med hjemmepleje" in html
    assert "Fiktivt eksempel" in html
    assert "Sensorhuset A/S" in html
    assert "Privat leverandør" in html
    assert "Implementeret" in html  # the stage in the facts box
    assert w.published_solution.name in html
    assert w.draft_solution.name not in html, "a draft solution is not shown to the public"
    assert "Handlinger" not in html
    assert not csp_script_problems(html)
    # The owners see their draft solution, marked as such, and the workflow buttons.
    html = client_for(w.owner_admin).get(case.get_absolute_url()).content.decode()
    assert w.draft_solution.name in html
    assert reverse("catalogue:case_archive", args=[case.slug]) in html
    assert reverse("catalogue:case_edit", args=[case.slug]) in html


def test_html_in_any_text_is_shown_as_text(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.published_case
    case.title = "<script>alert('titel')</script>"
    case.results = 'Første afsnit <img src=x onerror="alert(1)">\n\nAndet <b>afsnit</b>'
    case.save()
    html = client_for(None).get(case.get_absolute_url()).content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html
    assert "<p>Andet &lt;b&gt;afsnit&lt;/b&gt;</p>" in html, "paragraphs from blank lines"
    assert not csp_script_problems(html)


def test_status_banners_and_the_review_comment(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    owner = client_for(w.owner_member)
    returned = owner.get(w.returned_case.get_absolute_url()).content.decode()
    assert "Sendt retur fra redaktionen" in returned
    assert "Beskriv resultaterne med tal." in returned
    assert "Redaktionens kriterier" in returned, "owners see what the editors will check"
    archived = client_for(None).get(w.archived_case.get_absolute_url()).content.decode()
    assert "Arkiveret" in archived
    submitted = owner.get(w.submitted_case.get_absolute_url()).content.decode()
    assert "Sendt til redaktionen" in submitted
    assert "Træk tilbage fra redaktionen" in submitted
    assert reverse("catalogue:case_edit", args=[w.submitted_case.slug]) not in submitted


def test_contact_is_shown_only_while_consent_stands(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.published_case
    contact_set(acting_user=w.owner_member, case=case, contact=contact())
    assert "ida.holm@example.org" in client_for(None).get(case.get_absolute_url()).content.decode()
    contact_withdraw(acting_user=w.owner_member, case=case)
    html = client_for(None).get(case.get_absolute_url()).content.decode()
    assert "ida.holm@example.org" not in html
    assert "Ida Holm" not in html
    assert "Kontaktperson" not in html
    owner_html = client_for(w.owner_member).get(case.get_absolute_url()).content.decode()
    assert "trak sit samtykke tilbage" in owner_html


def test_revision_history_and_diff(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.submitted_case
    case_publish(acting_user=w.editor, case=case, comment="Første udgave.")
    case_update(
        acting_user=w.owner_member,
        case=case,
        data=full_input(results="Ventetiden faldt med halvdelen.", policy_areas=["sundhed"]),
        comment="Nye resultater.",
    )
    public_html = client_for(None).get(case.get_absolute_url()).content.decode()
    assert "Nye resultater." in public_html
    assert "Første udgave." in public_html
    assert "Ebba Redaktør" not in public_html, "authors' names are for insiders"
    insider_html = client_for(w.owner_member).get(case.get_absolute_url()).content.decode()
    assert "Ebba Redaktør" in insider_html
    diff = client_for(None).get(reverse("catalogue:case_revision", args=[case.slug, 2]))
    html = diff.content.decode()
    assert diff.status_code == 200
    assert "Ændringer siden version 1" in html
    assert "<ins>" in html
    assert "halvdelen" in html
    assert "<del>" in html
    assert "Fjernet: Ældre og pleje" in html
    assert "Tilføjet: Sundhed" in html
    first = client_for(None).get(reverse("catalogue:case_revision", args=[case.slug, 1]))
    assert "Indholdet af første version" in first.content.decode()
    # A draft's versions are as hidden as the draft.
    assert (
        client_for(None)
        .get(reverse("catalogue:case_revision", args=[w.draft_case.slug, 1]))
        .status_code
        == 404
    )


# -- writing --------------------------------------------------------------------------------


def _case_post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Robotstøvsugere på plejecentret",
        "summary": "Robotter støvsuger om natten.",
        "challenge": "Rengøring tog tid fra omsorgen.",
        "solution_text": "",
        "results": "",
        "lessons": "",
        "spreading_potential": "",
        "stage": "afproevning",
        "evidence_level": "ingen",
        "year": "2024",
        "kle_code": "",
        "policy_areas": ["aeldre-og-pleje"],
        "technologies": ["robotter"],
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "30",
    }
    data.update(changes)
    return data


def test_a_member_writes_a_case_with_a_partner(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    supplier = OrganisationFactory.create(name="Robotten ApS")
    client = client_for(w.owner_member)
    page = client.get("/katalog/cases/ny/").content.decode()
    assert "Robotten ApS" in page
    assert not csp_script_problems(page)
    response = client.post(
        "/katalog/cases/ny/",
        _case_post(
            organisation=str(w.owner_org.pk),
            **{
                "partners-0-organisation": str(supplier.pk),
                "partners-0-role": "privat-leverandoer",
            },
            solution_slugs=[w.published_solution.slug],
        ),
    )
    case = Case.objects.get(title="Robotstøvsugere på plejecentret")
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.status == Status.DRAFT
    assert case.organisation == w.owner_org
    assert [p.organisation for p in case.partnerships.all()] == [supplier]
    assert [s.slug for s in case.solutions.all()] == [w.published_solution.slug]
    assert [t.slug for t in case.technologies.all()] == ["robotter"]


def test_bad_form_input_is_shown_on_the_fields_and_nothing_is_stored(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    client = client_for(w.owner_member)
    with unchanged(Case):
        response = client.post(
            "/katalog/cases/ny/",
            _case_post(
                organisation=str(w.other_org.pk),  # not one of the member's organisations
                title="",
                year="2999",
                policy_areas=["findes-ikke"],
                **{"partners-0-role": "privat-leverandoer"},
            ),
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vælg en af dine organisationer." in html
    assert "Dette felt er påkrævet." in html
    assert "Vælg partnerens organisation." in html
    with unchanged(Case):
        response = client.post(
            "/katalog/cases/ny/", _case_post(organisation=str(w.owner_org.pk), year="2999")
        )
    assert "Året kan ikke ligge i fremtiden" in response.content.decode()


def test_editing_a_published_case_asks_what_changed(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.published_case
    client = client_for(w.owner_member)
    page = client.get(reverse("catalogue:case_edit", args=[case.slug])).content.decode()
    assert "Hvad har du ændret?" in page
    response = client.post(
        reverse("catalogue:case_edit", args=[case.slug]),
        _case_post(title="Nyt navn", comment="Skærpet titel."),
    )
    assert response.status_code == 302
    revision = CaseRevision.objects.get(case=case)
    assert (revision.comment, revision.snapshot["title"]) == ("Skærpet titel.", "Nyt navn")


def test_a_request_over_the_size_limit_is_refused(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.draft_case
    client = client_for(w.owner_member)
    with unchanged(case):
        response = client.post(
            reverse("catalogue:case_edit", args=[case.slug]),
            _case_post(challenge="x" * (6 * 1024 * 1024)),
        )
    assert response.status_code == 413


def test_the_review_page_shows_the_checklist_and_needs_a_reason_to_override(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    case = w.submitted_case
    case.results = ""
    case.save()
    client = client_for(w.editor)
    page = client.get(reverse("catalogue:case_review", args=[case.slug])).content.decode()
    assert "Værdien er beskrevet" in page
    assert "Ikke opfyldt" in page
    assert "Alle afsnit er udfyldt" in page
    assert "Mangler: resultater og effekt." in page
    review = reverse("catalogue:case_review", args=[case.slug])
    with unchanged(case):
        html = client.post(review, {"decision": "publish"}).content.decode()
    assert "Kriterierne for publicering er ikke opfyldt" in html
    with unchanged(case):
        html = client.post(review, {"decision": "return", "comment": ""}).content.decode()
    assert "Skriv en kommentar" in html
    response = client.post(
        review,
        {"decision": "publish", "override_criteria": "on", "comment": "Resultater kommer."},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.PUBLISHED


def test_my_entries_lists_work_in_progress_with_the_editors_comment(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    html = client_for(w.owner_member).get("/katalog/mine-bidrag/").content.decode()
    for entry in (w.draft_case, w.returned_case, w.submitted_case, w.draft_solution):
        assert entry.title in html
    assert "Beskriv resultaterne med tal." in html
    assert w.other_draft_case.title not in html
    other = client_for(w.other_member).get("/katalog/mine-bidrag/").content.decode()
    assert w.other_draft_case.title in other
    assert w.draft_case.title not in other
    nobody = client_for(w.outsider).get("/katalog/mine-bidrag/").content.decode()
    assert "bed om at blive medlem" in nobody


def test_review_queue_lists_submitted_entries_only(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    html = client_for(w.editor).get("/katalog/til-behandling/").content.decode()
    assert w.submitted_case.title in html
    assert w.submitted_solution.name in html
    assert w.draft_case.title not in html
    assert w.returned_case.title not in html


def test_contact_form_requires_consent_and_withdrawal_erases(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    case = w.published_case
    client = client_for(w.owner_member)
    edit = reverse("catalogue:contact_edit", args=[case.slug])
    page = client.get(edit).content.decode()
    assert "Jeg giver samtykke til" in page
    assert CURRENT in page
    data = {"name": "Ida Holm", "email": "ida@example.org", "consent_text_version": CURRENT}
    with unchanged(CaseContact):
        html = client.post(edit, data).content.decode()
    assert "skal give sit samtykke" in html
    with unchanged(CaseContact):
        response = client.post(edit, {**data, "consent": "on", "consent_text_version": "x"})
    assert "Ukendt version" in response.content.decode()
    assert client.post(edit, {**data, "consent": "on"}).status_code == 302
    stored = CaseContact.objects.get(case=case)
    assert (stored.name, stored.consent_text_version) == ("Ida Holm", CURRENT)
    withdraw = reverse("catalogue:contact_withdraw", args=[case.slug])
    assert "Ida Holm" in client.get(withdraw).content.decode()
    assert client.post(withdraw).status_code == 302
    stored.refresh_from_db()
    assert (stored.name, stored.email) == ("", "")
    assert client.get(withdraw).status_code == 404, "nothing left to withdraw"


# -- attachments ----------------------------------------------------------------------------


def test_upload_and_download_an_attachment(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.published_case
    client = client_for(w.owner_member)
    add = reverse("catalogue:attachment_add", args=[case.slug])
    response = client.post(
        add, {"file": SimpleUploadedFile("rapport.pdf", PDF), "title": "Evaluering 2025"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case)
    download = reverse("catalogue:attachment_download", args=[case.slug, attachment.pk])
    assert download in client_for(None).get(case.get_absolute_url()).content.decode()
    response = client_for(None).get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evaluering-2025.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


def test_a_spoofed_upload_is_refused_on_the_form(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    add = reverse("catalogue:attachment_add", args=[w.draft_case.slug])
    with unchanged(Attachment):
        response = client_for(w.owner_member).post(
            add, {"file": SimpleUploadedFile("rapport.pdf", b"<html>nej</html>"), "title": ""}
        )
    assert "passer ikke til endelsen .pdf" in response.content.decode()


def test_attachments_of_a_draft_are_as_hidden_as_the_draft(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    attachment = attachment_add(
        acting_user=w.owner_member,
        case=w.draft_case,
        uploaded_file=SimpleUploadedFile("r.pdf", PDF),
        title="Intern",
    )
    download = reverse("catalogue:attachment_download", args=[w.draft_case.slug, attachment.pk])
    assert client_for(None).get(download).status_code == 404
    assert client_for(w.other_member).get(download).status_code == 404
    response = client_for(w.owner_member).get(download)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    # Another case's address does not reach it either.
    other = reverse("catalogue:attachment_download", args=[w.published_case.slug, attachment.pk])
    assert client_for(w.owner_member).get(other).status_code == 404


# -- solutions ------------------------------------------------------------------------------


def test_solution_page_lists_published_cases_only(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    solution = w.published_solution
    for case in (w.published_case, w.draft_case, w.archived_case):
        case.solutions.add(solution)
    html = client_for(w.owner_member).get(solution.get_absolute_url()).content.decode()
    assert w.published_case.title in html
    assert w.draft_case.title not in html
    assert w.archived_case.title not in html


def test_a_member_writes_a_solution(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    supplier = OrganisationFactory.create(name="Appfabrikken ApS")
    client = client_for(w.other_member)
    response = client.post(
        "/katalog/loesninger/ny/",
        {
            "organisation": str(w.other_org.pk),
            "name": "Aftenapp",
            "summary": "En app til aftenvagten.",
            "description": "",
            "maturity": "afproevning",
            "suppliers": [str(supplier.pk)],
            "licence": "MIT",
            "source_url": "git.example/aftenapp",
            "website": "",
            "price_indication": "",
            "kle_code": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    solution = Solution.objects.get(name="Aftenapp")
    assert solution.source_url == "https://git.example/aftenapp"
    assert list(solution.suppliers.all()) == [supplier]


# -- query budgets --------------------------------------------------------------------------


def test_case_page_query_budget(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.published_case
    for _n in range(3):
        CasePartnerFactory.create(case=case)
        case.solutions.add(SolutionFactory.create(status=Status.PUBLISHED))
        attachment_add(
            acting_user=w.owner_member,
            case=case,
            uploaded_file=SimpleUploadedFile("r.pdf", PDF),
            title=f"Bilag {_n}",
        )
    contact_set(acting_user=w.owner_member, case=case, contact=contact())
    w.index()  # "Lignende" asks the search index
    for client in (client_for(None), client_for(w.owner_admin), client_for(w.editor)):
        client.get(case.get_absolute_url())
        with max_queries(20):
            assert client.get(case.get_absolute_url()).status_code == 200


def test_form_pages_query_budget(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = w.draft_case
    for _n in range(3):
        CasePartnerFactory.create(case=case)
    client = client_for(w.owner_member)
    client.get("/katalog/cases/ny/")
    with max_queries(14):
        client.get("/katalog/cases/ny/")
    with max_queries(22):
        client.get(reverse("catalogue:case_edit", args=[case.slug]))


def test_solution_page_query_budget(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    client = client_for(w.owner_member)
    client.get(w.published_solution.get_absolute_url())
    # 15: the "Spredning" panel reads the solution's adoption counts (one query).
    with max_queries(15):
        assert client.get(w.published_solution.get_absolute_url()).status_code == 200


def test_lists_do_not_grow_a_query_per_row(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    member, editor_client = client_for(w.owner_member), client_for(w.editor)

    def more() -> None:
        for _n in range(3):
            CaseFactory.create(organisation=w.owner_org, status=Status.RETURNED)
            CaseFactory.create(organisation=w.owner_org, status=Status.SUBMITTED)
            SolutionFactory.create(organisation=w.owner_org, status=Status.SUBMITTED)
            CaseFactory.create(organisation=w.owner_org, status=Status.PUBLISHED)

    assert_queries_do_not_grow(lambda: member.get("/katalog/mine-bidrag/"), more)
    assert_queries_do_not_grow(lambda: editor_client.get("/katalog/til-behandling/"), more)


def test_notifications_link_to_pages_that_exist(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    with django_capture_on_commit_callbacks(execute=True):
        case_submit(acting_user=w.owner_member, case=w.draft_case)
    links = [
        line.removeprefix("http://127.0.0.1:8000")
        for line in mail.outbox[0].body.splitlines()
        if line.startswith("http")
    ]
    assert links
    editor = client_for(w.editor)
    for link in links:
        assert editor.get(link).status_code == 200, link
    assert LEAK_WORD in w.draft_case.title


def test_the_withdrawal_link_works_without_an_account(catalogue_world: CatalogueWorld) -> None:
    from spred.catalogue.consent import withdrawal_token

    w = catalogue_world
    record = contact_set(acting_user=w.owner_member, case=w.draft_case, contact=contact())
    link = reverse("catalogue:contact_withdraw_link", args=[withdrawal_token(record)])
    client = client_for(None)
    page = client.get(link).content.decode()
    assert "Ida Holm" in page
    assert "Ja, træk mit samtykke tilbage" in page
    assert not csp_script_problems(page)
    done = client.post(link).content.decode()
    assert "Samtykket er trukket tilbage" in done
    record.refresh_from_db()
    assert (record.name, record.email) == ("", "")
    again = client.get(link).content.decode()
    assert "Linket virker ikke" in again
    assert "Ida Holm" not in again
    assert "Linket virker ikke" in client.post(link).content.decode()
    bad = client.get(reverse("catalogue:contact_withdraw_link", args=["x"]))
    assert bad.status_code == 200
    assert "Linket virker ikke" in bad.content.decode()
