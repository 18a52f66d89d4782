"""Factories for cases and solutions. Made directly in the database, without the services (no
revision, no e-mail): use the services when the test is about the workflow."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from spred.accounts.roles import PlatformRole
from spred.accounts.tests.factories import UserFactory
from spred.catalogue.choices import PartnerRole, Stage, Status
from spred.catalogue.models import Case, CasePartner, Solution
from spred.organisations.tests.factories import OrganisationFactory


def _published_at(entry: Any) -> Any:
    return timezone.now() if entry.status in {Status.PUBLISHED, Status.ARCHIVED} else None


def _archived_at(entry: Any) -> Any:
    return timezone.now() if entry.status == Status.ARCHIVED else None


class SolutionFactory(factory.django.DjangoModelFactory[Solution]):
    """A draft solution unless told otherwise (``status=Status.PUBLISHED``)."""

    class Meta:
        model = Solution

    name = factory.Sequence(lambda n: f"Testløsning {n}")
    slug = factory.Sequence(lambda n: f"testloesning-{n}")
    summary = "En genbrugelig løsning, som andre kan tage i brug."
    description = "Løsningen består af en app og et forløb for medarbejderne."
    website = "https://loesning.example"
    organisation: Any = factory.SubFactory(OrganisationFactory)
    status = Status.DRAFT
    published_at = factory.LazyAttribute(_published_at)
    archived_at = factory.LazyAttribute(_archived_at)


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    """A draft case with every section filled unless told otherwise."""

    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"Testcase {n}")
    slug = factory.Sequence(lambda n: f"testcase-{n}")
    summary = "Et kort resumé af casen."
    challenge = "Borgerne ventede for længe."
    solution_text = "Vi prøvede en ny arbejdsgang."
    results = "Ventetiden faldt med en tredjedel."
    lessons = "Inddrag medarbejderne fra start."
    spreading_potential = "Kan bruges i alle kommuner."
    stage = Stage.IMPLEMENTED
    year = 2024
    organisation: Any = factory.SubFactory(OrganisationFactory)
    status = Status.DRAFT
    published_at = factory.LazyAttribute(_published_at)
    archived_at = factory.LazyAttribute(_archived_at)


class CasePartnerFactory(factory.django.DjangoModelFactory[CasePartner]):
    class Meta:
        model = CasePartner

    case = factory.SubFactory(CaseFactory)
    organisation: Any = factory.SubFactory(OrganisationFactory)
    role = PartnerRole.SUPPLIER
    description = "Leverede teknologien."


def editor(**kwargs: Any) -> Any:
    """A user with the platform role Redaktør."""
    return UserFactory.create(roles=[PlatformRole.EDITOR], **kwargs)


def published_samples(organisation: Any, member: Any) -> tuple[Case, Solution, Any]:
    """A published case (version 1, with an attachment) and a published solution of
    ``organisation``, for tests that walk every page (the URL allow-list)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from spred.catalogue.models import Attachment, CaseRevision

    case = CaseFactory.create(organisation=organisation, status=Status.PUBLISHED, revision_number=1)
    CaseRevision.objects.create(case=case, number=1, snapshot={"title": case.title})
    solution = SolutionFactory.create(organisation=organisation, status=Status.PUBLISHED)
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n%%EOF\n")
    attachment = Attachment(
        case=case, title="Rapport", content_type="application/pdf", size=upload.size or 0
    )
    attachment.file.save("rapport.pdf", upload, save=False)
    attachment.uploaded_by = member
    attachment.save()
    return case, solution, attachment
