"""Cases, solutions and the taxonomies they are described with.

A *case* is an innovation as one organisation experienced it; a *solution* is a reusable thing that
can spread (a technology, a method, a software product, a service model). Both go through the same
review workflow (``choices.Status``) and are public only once an editor has published them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from spred.catalogue.choices import (
    PUBLIC_STATUSES,
    EvidenceLevel,
    Maturity,
    PartnerRole,
    Stage,
    Status,
)
from spred.core.models import TimeStampedModel, actor_field
from spred.organisations.models import Organisation

SUMMARY_MAX = 1000
SECTION_MAX = 20_000
FIRST_YEAR = 1990

validate_kle_code = RegexValidator(
    r"^\d{2}(\.\d{2}(\.\d{2})?)?$",
    _("Skriv KLE-nummeret som 00, 00.00 eller 00.00.00, fx 27.24.00."),
    code="kle",
)


def _text(verbose_name: Any, limit: int, help_text: Any = "") -> models.TextField:
    # TextField's max_length is not enforced by full_clean; the validator is.
    return models.TextField(
        verbose_name, blank=True, validators=[MaxLengthValidator(limit)], help_text=help_text
    )


class Taxon(TimeStampedModel):
    """A term in one of the fixed vocabularies, named in Danish and English."""

    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    name_en = models.CharField(_("navn på engelsk"), max_length=100)
    position = models.PositiveSmallIntegerField(_("placering"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "da").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class PolicyArea(Taxon):
    class Meta(Taxon.Meta):
        verbose_name = _("fagområde")
        verbose_name_plural = _("fagområder")


class TechnologyCategory(Taxon):
    class Meta(Taxon.Meta):
        verbose_name = _("teknologi")
        verbose_name_plural = _("teknologier")


class InnovationType(Taxon):
    class Meta(Taxon.Meta):
        verbose_name = _("innovationstype")
        verbose_name_plural = _("innovationstyper")


class CatalogueEntry(TimeStampedModel):
    """What cases and solutions share: an owner organisation, the workflow and the taxonomies."""

    slug = models.SlugField(_("kortnavn i adresser"), max_length=220, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    policy_areas = models.ManyToManyField(
        PolicyArea, verbose_name=_("fagområder"), blank=True, related_name="%(class)ss"
    )
    technologies = models.ManyToManyField(
        TechnologyCategory, verbose_name=_("teknologier"), blank=True, related_name="%(class)ss"
    )
    kle_code = models.CharField(
        _("KLE-nummer"),
        max_length=8,
        blank=True,
        validators=[validate_kle_code],
        help_text=_("Valgfrit emnenummer fra KL's Emnesystematik, fx 27.24.00."),
    )
    review_comment = models.TextField(
        _("redaktionens kommentar"),
        blank=True,
        validators=[MaxLengthValidator(5000)],
        help_text=_("Hvorfor redaktionen sendte indholdet retur."),
    )
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(
        _("publiceret første gang"), null=True, blank=True, editable=False, db_index=True
    )
    archived_at = models.DateTimeField(_("arkiveret"), null=True, blank=True, editable=False)
    created_by = actor_field()
    # Who sent it to the editors last: told, with the author, how the review went.
    submitted_by = actor_field(_("indsendt af"))
    is_demo = models.BooleanField(_("fiktivt eksempel"), default=False, editable=False)

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Solution(CatalogueEntry):
    name = models.CharField(_("navn"), max_length=200)
    summary = models.TextField(_("kort beskrivelse"), validators=[MaxLengthValidator(SUMMARY_MAX)])
    description = _text(_("beskrivelse"), SECTION_MAX)
    maturity = models.CharField(
        _("modenhed"), max_length=12, choices=Maturity.choices, default=Maturity.PILOT
    )
    suppliers = models.ManyToManyField(
        Organisation,
        verbose_name=_("leverandører"),
        blank=True,
        related_name="supplied_solutions",
        help_text=_("Private virksomheder, der leverer løsningen."),
    )
    licence = models.CharField(
        _("licens (SPDX)"),
        max_length=100,
        blank=True,
        help_text=_("For software: licensens SPDX-id, fx EUPL-1.2 eller MIT."),
    )
    source_url = models.URLField(_("kildekode"), max_length=500, blank=True)
    website = models.URLField(_("websted"), max_length=500, blank=True)
    price_indication = models.CharField(
        _("pris og indsats"),
        max_length=300,
        blank=True,
        help_text=_("Fx ca. 150.000 kr. i etablering og 20.000 kr. om året."),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("løsning")
        verbose_name_plural = _("løsninger")
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:solution_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.licence:
            from spred.catalogue.spdx import spdx_expression_problem

            problem = spdx_expression_problem(self.licence)
            if problem:
                raise ValidationError({"licence": problem})


class Case(CatalogueEntry):
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("resumé"), validators=[MaxLengthValidator(SUMMARY_MAX)])
    challenge = _text(_("udfordring"), SECTION_MAX, _("Hvilket problem ville I løse, og for hvem?"))
    solution_text = _text(_("løsning"), SECTION_MAX, _("Hvad gjorde I, og hvordan?"))
    results = _text(
        _("resultater og effekt"), SECTION_MAX, _("Hvad kom der ud af det? Gerne med tal.")
    )
    lessons = _text(_("erfaringer"), SECTION_MAX, _("Hvad ville I gøre anderledes?"))
    spreading_potential = _text(
        _("spredningspotentiale"), SECTION_MAX, _("Hvem kan bruge det, og hvad kræver det?")
    )
    innovation_types = models.ManyToManyField(
        InnovationType, verbose_name=_("innovationstyper"), blank=True, related_name="cases"
    )
    solutions = models.ManyToManyField(
        Solution, verbose_name=_("løsninger"), blank=True, related_name="cases"
    )
    stage = models.CharField(_("fase"), max_length=16, choices=Stage.choices, default=Stage.PILOT)
    year = models.PositiveSmallIntegerField(
        _("år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR)],
        help_text=_("Året, hvor innovationen blev taget i brug eller afprøvet."),
    )
    evidence_level = models.CharField(
        _("evidensniveau"),
        max_length=16,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.NONE,
    )
    revision_number = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        ordering = ["-published_at", "title", "pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:case_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.year is not None and self.year > timezone.localdate().year:
            raise ValidationError(
                {
                    "year": _("Året kan ikke ligge i fremtiden (senest %(year)s).")
                    % {"year": timezone.localdate().year}
                }
            )


class CasePartner(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="case_partnerships",
    )
    role = models.CharField(_("rolle"), max_length=20, choices=PartnerRole.choices)
    description = models.CharField(_("bidrag"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "role", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partnere")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation", "role"], name="case_partner_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class CaseContact(TimeStampedModel):
    """The case's contact person. Shown only while the person's consent stands: a withdrawal
    hides the contact at once and erases the personal details, keeping the consent record."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("navn"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    job_title = models.CharField(_("stilling"), max_length=150, blank=True)
    consent_given_at = models.DateTimeField(_("samtykke givet"))
    consent_text_version = models.CharField(_("samtykketekst, version"), max_length=20)
    withdrawn_at = models.DateTimeField(_("samtykke trukket tilbage"), null=True, blank=True)
    recorded_by = actor_field()

    class Meta:
        ordering = ["case"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name or str(_("(samtykke trukket tilbage)"))

    @property
    def is_shown(self) -> bool:
        return self.withdrawn_at is None


class CaseRevision(TimeStampedModel):
    """A snapshot of a case each time a version is published."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("indhold"))
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)
    created_by = actor_field(editable=True)

    class Meta:
        ordering = ["case", "-number"]
        verbose_name = _("version af case")
        verbose_name_plural = _("versioner af cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="case_revision_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"


class Attachment(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fil"), upload_to="catalogue/attachments/%Y/%m/")
    title = models.CharField(_("titel"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("størrelse i bytes"), editable=False)
    uploaded_by = actor_field()

    class Meta:
        ordering = ["case", "title", "pk"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return self.title

    @property
    def file_type_label(self) -> str:
        """ "PDF", "Word (DOCX)" … for people; the stored MIME type as a fallback."""
        from spred.catalogue.attachments import KINDS, extension_of

        kind = KINDS.get(extension_of(self.file.name))
        return kind.label if kind else self.content_type
