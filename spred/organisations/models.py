"""Regions, organisations and the people's memberships of them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spred.core.models import TimeStampedModel, actor_field
from spred.organisations.choices import (
    PUBLIC_SECTORS,
    SECTOR_OF_KIND,
    MembershipRole,
    MembershipStatus,
    OrganisationKind,
    Sector,
)
from spred.organisations.identifiers import (
    danish_sort_key,
    validate_cvr,
    validate_ean,
    validate_municipality_code,
    validate_region_code,
)


class Region(TimeStampedModel):
    code = models.PositiveSmallIntegerField(
        _("regionskode"), unique=True, validators=[validate_region_code]
    )
    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnavn i adresser"), max_length=100, unique=True)
    nuts = models.CharField(_("NUTS-2-kode"), max_length=4, blank=True)
    iso = models.CharField(_("ISO 3166-2-kode"), max_length=6, blank=True)
    population = models.PositiveIntegerField(_("indbyggertal"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("indbyggertal for år"), null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=1081) & Q(code__lte=1085), name="region_code_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(TimeStampedModel):
    name = models.CharField(_("navn"), max_length=200)
    # Lower-cased name and abbreviation: SQLite's LIKE folds only ASCII case, so name search
    # compares against this column to treat "ærø" and "Ærø" alike on both databases.
    search_text = models.CharField(max_length=260, editable=False, db_index=True, default="")
    # The name as a key that sorts the Danish way on any database collation: case-blind, and
    # æ, ø, å after z in that order (see danish_sort_key).
    sort_key = models.CharField(max_length=200, editable=False, db_index=True, default="")
    short_name = models.CharField(_("forkortelse"), max_length=40, blank=True)
    slug = models.SlugField(_("kortnavn i adresser"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices)
    sector = models.CharField(
        _("sektor"), max_length=16, choices=Sector.choices, editable=False, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hører under"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Fx den kommune, et plejecenter hører under."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    municipality_code = models.CharField(
        _("kommunekode"),
        max_length=3,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_municipality_code],
        help_text=_("Danmarks Statistiks tre-cifrede kode, kun for kommuner."),
    )
    cvr = models.CharField(
        _("CVR-nummer"), max_length=8, null=True, blank=True, unique=True, validators=[validate_cvr]
    )
    ean = models.CharField(
        _("EAN-/GLN-nummer"), max_length=13, blank=True, validators=[validate_ean]
    )
    website = models.URLField(_("websted"), blank=True)
    population = models.PositiveIntegerField(
        _("indbyggertal"),
        null=True,
        blank=True,
        help_text=_("For kommuner og regioner."),
    )
    population_year = models.PositiveSmallIntegerField(
        _("indbyggertal for år"), null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("antal ansatte"), null=True, blank=True)
    latitude = models.DecimalField(
        _("breddegrad"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("længdegrad"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    seat = models.CharField(_("administrationsby"), max_length=100, blank=True)
    reference_key = models.CharField(
        _("referencenøgle"),
        max_length=40,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "Sat for organisationer fra referencedata; de vedligeholdes af load_reference."
        ),
    )
    is_demo = models.BooleanField(_("fiktivt eksempel"), default=False, editable=False)
    created_by = actor_field()

    class Meta:
        ordering = ["sort_key", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        indexes = [models.Index(fields=["kind", "name"]), models.Index(fields=["sector", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.MUNICIPALITY)
                | Q(municipality_code__isnull=False),
                name="municipality_has_code",
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.MUNICIPALITY) | Q(municipality_code__isnull=True),
                name="only_municipality_has_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    def derive_sector(self) -> str:
        if self.kind == OrganisationKind.PUBLIC_WORKPLACE:
            if self.parent_id is not None and self.parent is not None:
                return self.parent.derive_sector()
            return Sector.MUNICIPAL
        return SECTOR_OF_KIND[self.kind]

    @property
    def is_public(self) -> bool:
        return self.sector in PUBLIC_SECTORS

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == OrganisationKind.MUNICIPALITY and not self.municipality_code:
            errors["municipality_code"] = _("En kommune skal have en kommunekode.")
        if self.kind != OrganisationKind.MUNICIPALITY and self.municipality_code:
            errors["municipality_code"] = _("Kun kommuner har en kommunekode.")
        if self.kind == OrganisationKind.PUBLIC_WORKPLACE and self.parent_id is None:
            errors["parent"] = _(
                "En offentlig arbejdsplads skal høre under en kommune, region eller statslig "
                "organisation."
            )
        if self.parent_id is not None and self.parent is not None:
            if self.parent_id == self.pk:
                errors["parent"] = _("En organisation kan ikke høre under sig selv.")
            elif self.parent.sector not in PUBLIC_SECTORS:
                errors["parent"] = _(
                    "En offentlig arbejdsplads skal høre under en offentlig organisation."
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sector = self.derive_sector()
        self.search_text = f"{self.name} {self.short_name}".casefold().strip()
        self.sort_key = danish_sort_key(self.name)
        super().save(*args, **kwargs)


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("rolle"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.REQUESTED,
        db_index=True,
    )
    message = models.TextField(_("besked til administratoren"), blank=True, max_length=1000)
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    decided_by = actor_field(_("afgjort af"), editable=True)

    class Meta:
        ordering = ["organisation__sort_key", "user__email"]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE
