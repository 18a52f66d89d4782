"""The catalogue's write services: permissions, validation, every workflow step, e-mails,
versions, consent and attachments."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from spred.accounts.tests.factories import UserFactory, platform_admin
from spred.catalogue.choices import PartnerRole, Stage, Status
from spred.catalogue.consent import CURRENT
from spred.catalogue.inputs import CaseInput, ContactInput, PartnerInput, SolutionInput
from spred.catalogue.models import (
    Attachment,
    Case,
    CaseContact,
    CasePartner,
    CaseRevision,
    Solution,
)
from spred.catalogue.services.attachments import attachment_add, attachment_remove
from spred.catalogue.services.contact import contact_set, contact_withdraw, contact_withdraw_by_link
from spred.catalogue.services.entries import (
    case_create,
    case_update,
    solution_create,
    solution_update,
)
from spred.catalogue.services.workflow import (
    case_archive,
    case_delete,
    case_publish,
    case_recall,
    case_return,
    case_submit,
    case_unarchive,
    solution_archive,
    solution_delete,
    solution_publish,
    solution_recall,
    solution_return,
    solution_submit,
    solution_unarchive,
)
from spred.catalogue.tests.conftest import CatalogueWorld
from spred.catalogue.tests.factories import CaseFactory, SolutionFactory, editor
from spred.core.policies import ActionNotAllowed
from spred.core.testing import unchanged
from spred.organisations.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def full_input(**changes: Any) -> CaseInput:
    data = CaseInput(
        title="Skærmbesøg i hjemmeplejen",
        summary="Borgerne får besøg på skærm, når det giver mening.",
        challenge="For mange kørsler.",
        solution_text="Skærmbesøg om aftenen.",
        results="20 procent færre kørsler.",
        lessons="Start med de borgere, der selv vil.",
        spreading_potential="Alle kommuner med hjemmepleje.",
        policy_areas=["aeldre-og-pleje"],
        technologies=["telemedicin"],
        innovation_types=["service"],
        stage=Stage.IMPLEMENTED,
        year=2023,
        kle_code="27.24.00",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def contact(**changes: Any) -> ContactInput:
    data = ContactInput(
        name="Ida Holm",
        email="ida.holm@example.org",
        job_title="Projektleder",
        phone="12 34 56 78",
        consent_given_at=timezone.now() - timedelta(minutes=5),
        consent_text_version=CURRENT,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# -- creating and editing ---------------------------------------------------------------------


def test_a_member_creates_a_draft_with_everything(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    supplier = OrganisationFactory.create(name="Skærmfirma ApS")
    case = case_create(
        acting_user=w.owner_member,
        organisation=w.owner_org,
        data=full_input(
            partners=[PartnerInput(supplier, PartnerRole.SUPPLIER, "Leverede skærmene")],
            solution_slugs=[w.published_solution.slug, w.draft_solution.slug],
        ),
    )
    case.refresh_from_db()
    assert case.status == Status.DRAFT
    assert case.slug == "skaermbesoeg-i-hjemmeplejen"
    assert case.created_by == w.owner_member
    assert case.published_at is None
    assert [t.slug for t in case.policy_areas.all()] == ["aeldre-og-pleje"]
    assert [t.slug for t in case.innovation_types.all()] == ["service"]
    assert {s.slug for s in case.solutions.all()} == {
        w.published_solution.slug,
        w.draft_solution.slug,
    }
    partner = case.partnerships.get()
    assert (partner.organisation, partner.role, partner.description) == (
        supplier,
        PartnerRole.SUPPLIER,
        "Leverede skærmene",
    )
    assert not CaseRevision.objects.filter(case=case).exists(), "a draft has no published version"
    assert (
        LogEntry.objects.get_for_object(case).get(action=LogEntry.Action.CREATE).actor
        == w.owner_member
    )


def test_slugs_are_unique_and_an_explicit_slug_is_checked(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    first = case_create(acting_user=w.owner_member, organisation=w.owner_org, data=full_input())
    second = case_create(acting_user=w.owner_member, organisation=w.owner_org, data=full_input())
    assert second.slug == f"{first.slug}-2"
    reserved = case_create(
        acting_user=w.owner_member, organisation=w.owner_org, data=full_input(title="Ny")
    )
    assert reserved.slug == "ny-2", "'ny' is the address of the create page"
    feed = case_create(
        acting_user=w.owner_member, organisation=w.owner_org, data=full_input(title="Feed")
    )
    assert feed.slug == "feed-2", "'cases/feed/' is the address of the Atom feed"
    given = case_create(
        acting_user=w.owner_member, organisation=w.owner_org, data=full_input(), slug="mit-navn"
    )
    assert given.slug == "mit-navn"
    for bad, message in [
        ("mit-navn", "allerede i brug"),
        ("Store Bogstaver!", "små bogstaver"),
        ("ny", "allerede i brug"),
    ]:
        with unchanged(Case), pytest.raises(ValidationError) as exc:
            case_create(
                acting_user=w.owner_member, organisation=w.owner_org, data=full_input(), slug=bad
            )
        assert message in errors_of(exc)["slug"][0]


def test_only_members_and_editors_write_for_an_organisation(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    for user in (w.other_member, w.outsider):
        with unchanged(Case), pytest.raises(ActionNotAllowed):
            case_create(acting_user=user, organisation=w.owner_org, data=full_input())
    with pytest.raises(ActionNotAllowed):
        solution_create(
            acting_user=w.outsider, organisation=w.owner_org, data=SolutionInput("X", "Y")
        )
    case = case_create(acting_user=w.editor, organisation=w.owner_org, data=full_input())
    assert case.created_by == w.editor


def test_unknown_slugs_are_refused_on_their_own_field(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    with unchanged(Case, CasePartner), pytest.raises(ValidationError) as exc:
        case_create(
            acting_user=w.owner_member,
            organisation=w.owner_org,
            data=full_input(
                policy_areas=["aeldre-og-pleje", "xyz"],
                technologies=["flyvende-biler"],
                innovation_types=["magi"],
                # Another organisation's draft is as unknown as a slug that does not exist.
                solution_slugs=["findes-ikke", w.published_solution.slug],
            ),
        )
    errors = errors_of(exc)
    assert errors["policy_areas"] == ["Ukendt fagområde: xyz"]
    assert errors["technologies"] == ["Ukendt teknologi: flyvende-biler"]
    assert errors["innovation_types"] == ["Ukendt innovationstype: magi"]
    assert errors["solution_slugs"] == ["Ukendt løsning: findes-ikke"]
    other_draft = SolutionFactory.create(organisation=w.other_org)
    with pytest.raises(ValidationError) as exc:
        case_create(
            acting_user=w.owner_member,
            organisation=w.owner_org,
            data=full_input(solution_slugs=[other_draft.slug]),
        )
    assert errors_of(exc) == {"solution_slugs": [f"Ukendt løsning: {other_draft.slug}"]}


def test_a_nul_character_in_a_slug_list_is_an_unknown_slug(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    with pytest.raises(ValidationError) as exc:
        case_create(
            acting_user=w.owner_member,
            organisation=w.owner_org,
            data=full_input(policy_areas=["sund\x00hed"], title="Med\x00NUL"),
        )
    assert "policy_areas" in errors_of(exc)
    assert "title" in errors_of(exc)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "x" * 201}, "title", "højst have 200 tegn"),
        ({"summary": ""}, "summary", "kan ikke være tomt"),
        ({"challenge": "ord " * 2_600_000}, "challenge", "højst have 20000 tegn"),
        ({"year": 1800}, "year", "1990"),
        ({"year": timezone.now().year + 1}, "year", "fremtiden"),
        ({"kle_code": "27-24"}, "kle_code", "00.00.00"),
        ({"stage": "forbi"}, "stage", "gyldigt valg"),
        ({"evidence_level": "rygter"}, "evidence_level", "gyldigt valg"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(
    catalogue_world: CatalogueWorld, changes: dict[str, Any], field: str, message: str
) -> None:
    w = catalogue_world
    with unchanged(Case), pytest.raises(ValidationError) as exc:
        case_create(
            acting_user=w.owner_member, organisation=w.owner_org, data=full_input(**changes)
        )
    assert message in " ".join(errors_of(exc)[field])


def test_partners_are_checked(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    supplier = OrganisationFactory.create()
    cases = [
        (
            [PartnerInput(supplier, PartnerRole.SUPPLIER), PartnerInput(supplier, "fjende")],
            "ukendt rolle fjende",
        ),
        (
            [
                PartnerInput(supplier, PartnerRole.SUPPLIER),
                PartnerInput(supplier, "privat-leverandoer"),
            ],
            "to gange",
        ),
        ([PartnerInput(w.owner_org, PartnerRole.PUBLIC_PARTNER)], "ejer casen"),
        ([PartnerInput(supplier, PartnerRole.SUPPLIER, "x" * 301)], "højst have 300 tegn"),
    ]
    for partners, message in cases:
        with unchanged(Case, CasePartner), pytest.raises(ValidationError) as exc:
            case_create(
                acting_user=w.owner_member,
                organisation=w.owner_org,
                data=full_input(partners=partners),
            )
        assert message in " ".join(errors_of(exc)["partners"])


def test_update_replaces_relations_and_keeps_the_slug(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    first, second = OrganisationFactory.create(), OrganisationFactory.create()
    case = case_create(
        acting_user=w.owner_member,
        organisation=w.owner_org,
        data=full_input(partners=[PartnerInput(first, PartnerRole.SUPPLIER, "a")]),
    )
    case_update(
        acting_user=w.owner_admin,
        case=case,
        data=full_input(
            title="Nyt navn",
            policy_areas=["sundhed"],
            partners=[
                PartnerInput(first, PartnerRole.SUPPLIER, "b"),
                PartnerInput(second, PartnerRole.KNOWLEDGE),
            ],
        ),
    )
    case.refresh_from_db()
    assert case.title == "Nyt navn"
    assert case.slug == "skaermbesoeg-i-hjemmeplejen", "addresses stay stable"
    assert [t.slug for t in case.policy_areas.all()] == ["sundhed"]
    assert {(p.organisation_id, p.description) for p in case.partnerships.all()} == {
        (first.pk, "b"),
        (second.pk, ""),
    }


def test_while_submitted_only_editors_edit(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    with unchanged(w.submitted_case), pytest.raises(ActionNotAllowed):
        case_update(acting_user=w.owner_member, case=w.submitted_case, data=full_input())
    case_update(acting_user=w.editor, case=w.submitted_case, data=full_input(title="Rettet"))
    assert Case.objects.get(pk=w.submitted_case.pk).title == "Rettet"
    with pytest.raises(ActionNotAllowed):
        case_update(acting_user=w.other_member, case=w.published_case, data=full_input())


# -- the workflow ---------------------------------------------------------------------------


def test_submit_tells_the_editors_after_commit(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    second_editor = editor(email="redaktion2@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        case = case_submit(acting_user=w.owner_member, case=w.draft_case)
        assert not mail.outbox, "nothing is sent before the commit"
    assert case.status == Status.SUBMITTED
    assert case.submitted_by == w.owner_member
    assert case.submitted_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.editor.email, second_editor.email])
    message = mail.outbox[0]
    assert all(len(m.to) == 1 for m in mail.outbox), "editors do not see each other's addresses"
    assert message.subject == f"Til behandling: {case.title}"
    assert f"http://127.0.0.1:8000/katalog/cases/{case.slug}/behandl/" in message.body
    assert "Mads Medlem" in message.body


def test_submit_reaches_the_platform_admins_when_there_is_no_editor(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    w.editor.groups.clear()
    admin = platform_admin(email="admin@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        solution_submit(acting_user=w.owner_member, solution=w.draft_solution)
    assert [m.to for m in mail.outbox] == [[admin.email]]


def test_a_failed_submit_sends_nothing(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionNotAllowed):
        case_submit(acting_user=w.owner_member, case=w.submitted_case)
    assert not mail.outbox


def test_recall_takes_a_submission_back_to_draft(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = case_recall(acting_user=w.owner_member, case=w.submitted_case)
    assert Case.objects.get(pk=case.pk).status == Status.DRAFT
    with pytest.raises(ActionNotAllowed):
        case_recall(acting_user=w.owner_member, case=w.draft_case)
    with pytest.raises(ActionNotAllowed):
        solution_recall(acting_user=w.other_member, solution=w.submitted_solution)


def test_publish_writes_version_one_and_tells_the_authors(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    case = w.submitted_case
    case.created_by = w.owner_admin
    case.save()
    with django_capture_on_commit_callbacks(execute=True):
        case_publish(acting_user=w.editor, case=case, comment="Flot case.")
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED
    assert case.published_at is not None
    assert case.revision_number == 1
    revision = case.revisions.get()
    assert (revision.number, revision.comment, revision.created_by) == (1, "Flot case.", w.editor)
    assert revision.snapshot["title"] == case.title
    assert revision.snapshot["policy_areas"] == ["aeldre-og-pleje"]
    assert "contact" not in revision.snapshot
    # The writer and the one who submitted it hear about it; the editor does not mail himself.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.owner_admin.email, w.owner_member.email]
    )
    assert "Flot case." in mail.outbox[0].body
    assert f"/katalog/cases/{case.slug}/" in mail.outbox[0].body


def test_publish_refuses_unmet_criteria_unless_overridden_with_a_reason(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    case = w.submitted_case
    case.results = ""
    case.stage = Stage.IDEA
    case.save()
    with unchanged(case, CaseRevision), pytest.raises(ValidationError) as exc:
        case_publish(acting_user=w.editor, case=case)
    message = errors_of(exc)["override_criteria"][0]
    assert "afprøvet i praksis" in message
    assert "værdien er beskrevet" in message
    with unchanged(case, CaseRevision), pytest.raises(ValidationError) as exc:
        case_publish(acting_user=w.editor, case=case, override_criteria=True)
    assert "hvorfor" in errors_of(exc)["comment"][0]
    case_publish(
        acting_user=w.editor,
        case=case,
        override_criteria=True,
        comment="Vigtig idé, som andre bør kende.",
    )
    assert case.revisions.get().comment == "Vigtig idé, som andre bør kende."


def test_a_private_owner_needs_a_public_partner(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    case = CaseFactory.create(organisation=w.other_org, status=Status.SUBMITTED)
    with pytest.raises(ValidationError, match="offentlig myndighed"):
        case_publish(acting_user=w.editor, case=case)
    CasePartner.objects.create(
        case=case, organisation=MunicipalityFactory.create(), role=PartnerRole.PUBLIC_PARTNER
    )
    case_publish(acting_user=w.editor, case=case)
    assert case.status == Status.PUBLISHED


def test_publish_dates_the_first_publication_when_asked(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    earlier = timezone.now() - timedelta(days=400)
    with pytest.raises(ValidationError) as exc:
        case_publish(
            acting_user=w.editor,
            case=w.submitted_case,
            published_at=timezone.now() + timedelta(days=2),
        )
    assert "published_at" in errors_of(exc)
    case_publish(acting_user=w.editor, case=w.submitted_case, published_at=earlier)
    assert Case.objects.get(pk=w.submitted_case.pk).published_at == earlier


def test_only_editors_publish_and_return(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    for user in (w.owner_admin, w.owner_member, w.other_member):
        with unchanged(w.submitted_case), pytest.raises(ActionNotAllowed):
            case_publish(acting_user=user, case=w.submitted_case)
        with pytest.raises(ActionNotAllowed):
            case_return(acting_user=user, case=w.submitted_case, comment="Nej")
    with pytest.raises(ActionNotAllowed):
        case_publish(acting_user=w.editor, case=w.draft_case)


def test_an_editor_publishes_own_drafts_without_submitting(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    with django_capture_on_commit_callbacks(execute=True):
        case = case_create(acting_user=w.editor, organisation=w.owner_org, data=full_input())
        case_publish(acting_user=w.editor, case=case)
    assert case.status == Status.PUBLISHED
    assert not mail.outbox, "an import by an editor mails nobody"


def test_return_needs_a_comment_and_tells_the_authors(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    case = w.submitted_case
    for blank in ("", "   "):
        with unchanged(case), pytest.raises(ValidationError) as exc:
            case_return(acting_user=w.editor, case=case, comment=blank)
        assert "comment" in errors_of(exc)
    with django_capture_on_commit_callbacks(execute=True):
        case_return(acting_user=w.editor, case=case, comment="Tilføj tal for effekten.")
    case.refresh_from_db()
    assert case.status == Status.RETURNED
    assert case.review_comment == "Tilføj tal for effekten."
    assert [m.to for m in mail.outbox] == [[w.owner_member.email]]
    assert "Tilføj tal for effekten." in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Sendt retur fra redaktionen")
    # Returned, the owners edit and submit again.
    case_update(acting_user=w.owner_member, case=case, data=full_input())
    case_submit(acting_user=w.owner_member, case=case)
    assert case.status == Status.SUBMITTED


def test_emails_are_danish_even_from_an_english_page(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    from django.utils import translation

    w = catalogue_world
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        case_return(acting_user=w.editor, case=w.submitted_case, comment="Ret det.")
    assert mail.outbox[0].subject.startswith("Sendt retur fra redaktionen")


def test_editing_a_published_case_publishes_a_new_version_and_tells_the_editors(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    case = w.submitted_case
    case_publish(acting_user=w.editor, case=case)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_update(
            acting_user=w.owner_member,
            case=case,
            data=full_input(results="Nu med tal: 25 procent færre kørsler."),
            comment="Nye tal fra 2025.",
        )
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED
    assert list(case.revisions.values_list("number", "comment")) == [
        (2, "Nye tal fra 2025."),
        (1, "Publiceret."),
    ]
    assert case.revision_number == 2
    assert case.revisions.get(number=2).snapshot["results"].startswith("Nu med tal")
    assert [m.to for m in mail.outbox] == [[w.editor.email]]
    assert f"/katalog/cases/{case.slug}/versioner/2/" in mail.outbox[0].body
    # Saving without a change writes no version; an editor's own correction mails nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_update(
            acting_user=w.owner_member,
            case=case,
            data=full_input(results="Nu med tal: 25 procent færre kørsler."),
        )
        case_update(
            acting_user=w.editor,
            case=case,
            data=full_input(results="Nu med tal: 26 procent færre kørsler."),
        )
    assert case.revisions.count() == 3
    assert not mail.outbox


def test_a_long_change_comment_is_refused(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    with unchanged(w.published_case), pytest.raises(ValidationError) as exc:
        case_update(
            acting_user=w.owner_member, case=w.published_case, data=full_input(), comment="x" * 501
        )
    assert "comment" in errors_of(exc)


def test_archive_and_unarchive(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    with pytest.raises(ActionNotAllowed):
        case_archive(acting_user=w.owner_member, case=w.published_case)
    case = case_archive(acting_user=w.owner_admin, case=w.published_case)
    assert (case.status, case.archived_at is not None) == (Status.ARCHIVED, True)
    with pytest.raises(ValidationError, match="Kun publiceret"):
        case_archive(acting_user=w.editor, case=case)
    case = case_unarchive(acting_user=w.editor, case=case)
    assert (case.status, case.archived_at) == (Status.PUBLISHED, None)
    with pytest.raises(ValidationError, match="ikke arkiveret"):
        case_unarchive(acting_user=w.editor, case=case)
    with pytest.raises(ActionNotAllowed):
        case_archive(acting_user=w.editor, case=w.draft_case)
    solution = solution_archive(acting_user=w.editor, solution=w.published_solution)
    assert solution.status == Status.ARCHIVED
    solution_unarchive(acting_user=w.owner_admin, solution=solution)
    assert Solution.objects.get(pk=solution.pk).status == Status.PUBLISHED


def test_only_never_published_drafts_can_be_deleted(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    with pytest.raises(ActionNotAllowed):
        case_delete(acting_user=w.owner_member, case=w.published_case)
    with pytest.raises(ActionNotAllowed):
        case_delete(acting_user=w.other_member, case=w.draft_case)
    attachment = attachment_add(
        acting_user=w.owner_member, case=w.draft_case, uploaded_file=pdf(), title="Rapport"
    )
    stored = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        case_delete(acting_user=w.owner_member, case=w.draft_case)
    assert not Case.objects.filter(pk=w.draft_case.pk).exists()
    assert not default_storage.exists(stored)
    solution_delete(acting_user=w.owner_member, solution=w.returned_solution)
    assert not Solution.objects.filter(pk=w.returned_solution.pk).exists()


# -- contact person -------------------------------------------------------------------------


def test_contact_is_stored_with_the_consent_record(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    given = timezone.now() - timedelta(hours=1)
    record = contact_set(
        acting_user=w.owner_member, case=w.published_case, contact=contact(consent_given_at=given)
    )
    assert (record.name, record.email, record.consent_text_version) == (
        "Ida Holm",
        "ida.holm@example.org",
        CURRENT,
    )
    assert record.consent_given_at == given
    assert record.recorded_by == w.owner_member
    assert record.is_shown


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent_text_version": "1999-1"}, "consent_text_version"),
        ({"consent_given_at": timezone.now() + timedelta(days=1)}, "consent_given_at"),
        ({"consent_given_at": None}, "consent_given_at"),
        ({"name": " "}, "name"),
        ({"email": "ikke-en-adresse"}, "email"),
        ({"phone": "1" * 31}, "phone"),
    ],
)
def test_a_contact_without_a_valid_consent_is_refused(
    catalogue_world: CatalogueWorld, changes: dict[str, Any], field: str
) -> None:
    w = catalogue_world
    with unchanged(CaseContact), pytest.raises(ValidationError) as exc:
        contact_set(acting_user=w.owner_member, case=w.draft_case, contact=contact(**changes))
    assert field in errors_of(exc)
    # Given with the case, the same problem is the input's "contact" field.
    with unchanged(Case, CaseContact), pytest.raises(ValidationError) as exc:
        case_create(
            acting_user=w.owner_member,
            organisation=w.owner_org,
            data=full_input(contact=contact(**changes)),
        )
    assert list(errors_of(exc)) == ["contact"]


def test_withdrawal_erases_the_details_and_keeps_the_consent_record(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    case = w.published_case
    contact_set(acting_user=w.owner_member, case=case, contact=contact())
    given = CaseContact.objects.get(case=case).consent_given_at
    record = contact_withdraw(acting_user=w.editor, case=case)
    stored = CaseContact.objects.get(pk=record.pk)
    assert (stored.name, stored.email, stored.phone, stored.job_title) == ("", "", "", "")
    assert stored.withdrawn_at is not None
    assert stored.consent_given_at == given
    assert stored.consent_text_version == CURRENT
    assert not stored.is_shown
    # The audit log keeps the consent's history but never held the personal details.
    logged = " ".join(str(e.changes) for e in LogEntry.objects.get_for_object(stored))
    assert "withdrawn_at" in logged
    assert "consent_text_version" in logged
    assert "Ida Holm" not in logged
    assert "ida.holm@example.org" not in logged
    with pytest.raises(ValidationError, match="ingen kontaktperson"):
        contact_withdraw(acting_user=w.owner_member, case=case)
    with pytest.raises(ActionNotAllowed):
        contact_withdraw(acting_user=w.other_member, case=case)
    # A new consent can be recorded afterwards.
    contact_set(acting_user=w.owner_member, case=case, contact=contact(name="Ny Person"))
    assert CaseContact.objects.get(case=case).is_shown


def test_contact_changes_are_refused_on_an_archived_case(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    with pytest.raises(ValidationError, match="arkiveret"):
        contact_set(acting_user=w.owner_member, case=w.archived_case, contact=contact())


# -- attachments ----------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def pdf(name: str = "rapport.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def ooxml(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = ooxml({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("rapport.pdf", PDF, "application/pdf"),
        ("Billede.PNG", PNG, "image/png"),
        ("foto.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image/jpeg"),
        (
            "notat.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "tal.xlsx",
            ooxml({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("data.csv", "kommune;antal\nÆrø;12\n".encode("cp1252"), "text/csv"),
        ("læs mig.txt", b"Hej med dig\n", "text/plain"),
    ],
)
def test_allowed_files_are_stored_under_a_random_name(
    catalogue_world: CatalogueWorld, name: str, content: bytes, content_type: str
) -> None:
    w = catalogue_world
    attachment = attachment_add(
        acting_user=w.owner_member,
        case=w.draft_case,
        uploaded_file=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        title="",
    )
    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    assert attachment.title == name.rsplit(".", 1)[0], "without a title, the file's name"
    assert name not in attachment.file.name
    assert attachment.file.name.startswith("catalogue/attachments/")
    assert default_storage.open(attachment.file.name).read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "Filtypen .exe kan ikke"),
        ("uden-endelse", PDF, "Filtypen .? kan ikke"),
        ("side.html", b"<html><script>alert(1)</script></html>", "Filtypen .html"),
        ("rapport.pdf", b"<html><script>alert(1)</script></html>", "passer ikke til endelsen .pdf"),
        ("billede.png", PDF, "passer ikke til endelsen .png"),
        ("foto.jpg", PNG, "passer ikke til endelsen .jpg"),
        ("notat.docx", PDF, "passer ikke til endelsen .docx"),
        ("notat.docx", b"PK\x03\x04 ikke en rigtig zip", "ikke et gyldigt Office-dokument"),
        ("notat.docx", ooxml({"a.txt": b"hej"}), "ikke et gyldigt Word (DOCX)-dokument"),
        (
            "tal.xlsx",
            DOCX,
            "ikke et gyldigt Excel (XLSX)-dokument",
        ),
        (
            "makro.docx",
            ooxml(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w:document/>",
                    "word/vbaProject.bin": b"\x00",
                }
            ),
            "makroer",
        ),
        ("data.csv", b"a;b\n\x00\x01\x02", "ikke en tekstfil"),
        ("noter.txt", b"\x1b[31mfarve", "ikke en tekstfil"),
        ("tom.pdf", b"", "tom"),
    ],
)
def test_wrong_or_spoofed_files_are_refused_and_nothing_is_stored(
    catalogue_world: CatalogueWorld, name: str, content: bytes, message: str
) -> None:
    w = catalogue_world
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    before = stored_files()
    with unchanged(Attachment), pytest.raises(ValidationError) as exc:
        attachment_add(acting_user=w.owner_member, case=w.draft_case, uploaded_file=upload)
    assert message in errors_of(exc)["file"][0]
    assert stored_files() == before, "a refused file never reaches the storage"


def stored_files(path: str = "") -> set[str]:
    if path and not default_storage.exists(path):
        return set()
    folders, files = default_storage.listdir(path)
    found = {f"{path}/{name}".lstrip("/") for name in files}
    for folder in folders:
        found |= stored_files(f"{path}/{folder}".lstrip("/"))
    return found


@override_settings(SPRED_ATTACHMENT_MAX_BYTES=1024)
def test_an_oversized_file_is_refused(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    big = pdf(content=PDF + b"0" * 2048)
    with unchanged(Attachment), pytest.raises(ValidationError) as exc:
        attachment_add(acting_user=w.owner_member, case=w.draft_case, uploaded_file=big)
    assert "må højst fylde" in errors_of(exc)["file"][0]


def test_attachments_follow_the_edit_rights(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    for user, case in [
        (w.other_member, w.draft_case),
        (w.owner_member, w.submitted_case),
        (w.outsider, w.published_case),
    ]:
        with unchanged(Attachment), pytest.raises(ActionNotAllowed):
            attachment_add(acting_user=user, case=case, uploaded_file=pdf())
    attachment = attachment_add(
        acting_user=w.owner_member, case=w.published_case, uploaded_file=pdf(), title="Rapport"
    )
    with pytest.raises(ActionNotAllowed):
        attachment_remove(acting_user=w.other_member, attachment=attachment)
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(acting_user=w.owner_member, attachment=attachment)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not default_storage.exists(name)


def test_a_case_has_at_most_twenty_attachments(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    for n in range(20):
        attachment_add(
            acting_user=w.owner_member, case=w.draft_case, uploaded_file=pdf(), title=f"Nr. {n}"
        )
    with unchanged(Attachment), pytest.raises(ValidationError, match="højst have 20 bilag"):
        attachment_add(acting_user=w.owner_member, case=w.draft_case, uploaded_file=pdf())


# -- solutions ------------------------------------------------------------------------------


def solution_input(**changes: Any) -> SolutionInput:
    data = SolutionInput(
        name="Skærmbesøg",
        summary="Video i hjemmeplejen.",
        description="En app og et forløb.",
        policy_areas=["aeldre-og-pleje"],
        technologies=["telemedicin"],
        website="https://skaerm.example",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_solution_lifecycle(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = catalogue_world
    supplier = OrganisationFactory.create(name="Skærm ApS")
    solution = solution_create(
        acting_user=w.owner_member,
        organisation=w.owner_org,
        data=solution_input(
            suppliers=[supplier], licence="eupl-1.2", source_url="https://git.example"
        ),
    )
    assert solution.slug == "skaermbesoeg"
    assert solution.licence == "EUPL-1.2", "the SPDX list's spelling"
    assert list(solution.suppliers.all()) == [supplier]
    solution_submit(acting_user=w.owner_member, solution=solution)
    with django_capture_on_commit_callbacks(execute=True):
        solution_publish(acting_user=w.editor, solution=solution)
    assert Solution.objects.get(pk=solution.pk).status == Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [[w.owner_member.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        solution_update(
            acting_user=w.owner_member, solution=solution, data=solution_input(name="Skærmbesøg 2")
        )
    assert [m.to for m in mail.outbox] == [[w.editor.email]]
    assert mail.outbox[0].subject.startswith("Ændret efter publicering")


def test_solution_values_are_checked(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    municipality = MunicipalityFactory.create()
    bad: list[tuple[dict[str, Any], str]] = [
        ({"suppliers": [municipality]}, "suppliers"),
        ({"licence": "ingen-licens"}, "licence"),
        ({"website": "ikke en adresse"}, "website"),
        ({"policy_areas": ["xyz"]}, "policy_areas"),
        ({"maturity": "gammel"}, "maturity"),
        ({"name": ""}, "name"),
    ]
    for changes, field in bad:
        with unchanged(Solution), pytest.raises(ValidationError) as exc:
            solution_create(
                acting_user=w.owner_member, organisation=w.owner_org, data=solution_input(**changes)
            )
        assert field in errors_of(exc), (changes, errors_of(exc))


def test_solution_checklist_and_return(catalogue_world: CatalogueWorld) -> None:
    w = catalogue_world
    solution = w.submitted_solution
    solution.description = ""
    solution.save()
    with pytest.raises(ValidationError, match="løsningen er beskrevet"):
        solution_publish(acting_user=w.editor, solution=solution)
    solution_return(acting_user=w.editor, solution=solution, comment="Beskriv den.")
    assert Solution.objects.get(pk=solution.pk).status == Status.RETURNED
    with pytest.raises(ActionNotAllowed):
        solution_return(acting_user=w.editor, solution=w.published_solution, comment="x")
    own = SolutionFactory.create(organisation=w.other_org, created_by=w.editor)
    with pytest.raises(ValidationError, match="Kun indhold"):
        solution_return(acting_user=w.editor, solution=own, comment="x")


def test_services_refuse_positional_arguments_and_anonymous_writes(
    catalogue_world: CatalogueWorld,
) -> None:
    from django.contrib.auth.models import AnonymousUser

    w = catalogue_world
    with pytest.raises(TypeError):
        case_submit(w.owner_member, w.draft_case)  # type: ignore[misc]
    with pytest.raises(ActionNotAllowed):
        case_create(acting_user=AnonymousUser(), organisation=w.owner_org, data=full_input())
    outsider = UserFactory.create()
    with pytest.raises(ActionNotAllowed):
        contact_set(acting_user=outsider, case=w.published_case, contact=contact())


def test_the_contact_person_is_told_and_can_withdraw_by_link(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    from django.contrib.auth.models import AnonymousUser

    w = catalogue_world
    case = w.published_case
    given = timezone.now() - timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        contact_set(acting_user=w.owner_member, case=case, contact=contact(consent_given_at=given))
    (message,) = mail.outbox
    assert message.to == ["ida.holm@example.org"]
    assert "Kære Ida Holm" in message.body
    assert f"version {CURRENT}" in message.body
    assert "Jeg giver samtykke til" in message.body
    link = next(
        line.removeprefix("http://127.0.0.1:8000")
        for line in message.body.splitlines()
        if "/katalog/samtykke/" in line
    )
    token = link.split("/")[-2]
    # Saving the same person again is no news to them.
    with django_capture_on_commit_callbacks(execute=True):
        contact_set(
            acting_user=w.owner_member, case=case, contact=contact(phone="", consent_given_at=given)
        )
    assert len(mail.outbox) == 1
    record = contact_withdraw_by_link(acting_user=AnonymousUser(), token=token)
    assert (record.name, record.email, record.withdrawn_at is not None) == ("", "", True)
    with pytest.raises(ActionNotAllowed, match="virker ikke længere"):
        contact_withdraw_by_link(acting_user=AnonymousUser(), token=token)
    for bad in ("", "noget-andet", token[:-2] + "xx"):
        with pytest.raises(ActionNotAllowed):
            contact_withdraw_by_link(acting_user=AnonymousUser(), token=bad)


def test_an_old_link_does_not_withdraw_a_new_consent(
    catalogue_world: CatalogueWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    from spred.catalogue.consent import withdrawal_token

    w = catalogue_world
    case = w.published_case
    first = contact_set(acting_user=w.owner_member, case=case, contact=contact())
    old = withdrawal_token(first)
    with django_capture_on_commit_callbacks(execute=True):
        contact_set(
            acting_user=w.owner_member,
            case=case,
            contact=contact(
                name="Bo Berg", email="bo@example.org", consent_given_at=timezone.now()
            ),
        )
    assert [m.to for m in mail.outbox] == [["bo@example.org"]], "the new person is told"
    with unchanged(CaseContact.objects.get(case=case)), pytest.raises(ActionNotAllowed):
        contact_withdraw_by_link(acting_user=w.outsider, token=old)


def test_an_editors_correction_keeps_links_to_drafts_the_editor_cannot_see(
    catalogue_world: CatalogueWorld,
) -> None:
    w = catalogue_world
    case = w.submitted_case
    case.solutions.add(w.draft_solution)
    case_update(
        acting_user=w.editor,
        case=case,
        data=full_input(solution_slugs=[w.draft_solution.slug, w.published_solution.slug]),
    )
    assert set(case.solutions.all()) == {w.draft_solution, w.published_solution}
    others_draft = SolutionFactory.create(organisation=w.other_org)
    with pytest.raises(ValidationError, match="Ukendt løsning"):
        case_update(
            acting_user=w.editor, case=case, data=full_input(solution_slugs=[others_draft.slug])
        )
