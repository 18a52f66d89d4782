"""The adoption ledger: who uses which solution, since when, learned from whom; and the
spreading guide's projects and worksheets.

An adoption's *status history* is its list of ``AdoptionEvent`` rows, dated and in order; the
``status`` and ``status_since`` on the adoption are the latest event, kept for queries. The
*adoption date* used by the diffusion statistics is the first event whose status is in
``ADOPTED_STATUSES`` (considering is not adopting).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spred.catalogue.models import Case, Solution
from spred.core.models import TimeStampedModel, actor_field
from spred.diffusion.choices import (
    RECONFIRM_AFTER_DAYS,
    AdoptionStatus,
    GuideSide,
    ScopeUnit,
    Verification,
)
from spred.organisations.models import Organisation

NOTE_MAX = 2000


class Adoption(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    solution = models.ForeignKey(
        Solution, verbose_name=_("løsning"), on_delete=models.PROTECT, related_name="adoptions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AdoptionStatus.choices, editable=False
    )
    status_since = models.DateField(_("status siden"), editable=False)
    #: The first date the organisation reached an adopted status (None while only considering).
    adopted_on = models.DateField(_("taget i brug"), null=True, blank=True, editable=False)
    verification = models.CharField(
        _("verificering"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.PENDING,
        editable=False,
        db_index=True,
    )
    verified_at = models.DateTimeField(_("verificeret"), null=True, blank=True, editable=False)
    verified_by = actor_field(_("verificeret af"))
    #: The latest confirmation by the organisation (the first is the verification itself).
    confirmed_at = models.DateTimeField(
        _("senest bekræftet"), null=True, blank=True, editable=False
    )
    scope_value = models.PositiveIntegerField(
        _("omfang"),
        null=True,
        blank=True,
        help_text=_("Hvor mange borgere, enheder eller medarbejdere løsningen omfatter."),
    )
    scope_unit = models.CharField(
        _("enhed for omfang"), max_length=16, choices=ScopeUnit.choices, blank=True
    )
    source_case = models.ForeignKey(
        Case,
        verbose_name=_("kilde-case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("En case i kataloget, der beskriver ibrugtagningen."),
    )
    note = models.TextField(_("bemærkning"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)])
    recorded_by = actor_field(_("registreret af"))
    #: Set when someone outside the organisation recorded it: shown to the organisation with the
    #: request to confirm.
    recorded_by_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_demo = models.BooleanField(_("fiktivt eksempel"), default=False, editable=False)

    class Meta:
        ordering = ["solution_id", "adopted_on", "organisation_id"]
        verbose_name = _("ibrugtagning")
        verbose_name_plural = _("ibrugtagninger")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "solution"], name="one_adoption_per_organisation"
            ),
            models.CheckConstraint(
                condition=~Q(verification=Verification.VERIFIED) | Q(verified_at__isnull=False),
                name="verified_has_time",
            ),
            models.CheckConstraint(
                condition=Q(scope_value__isnull=True) | ~Q(scope_unit=""),
                name="scope_has_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["solution", "verification"]),
            models.Index(fields=["organisation", "verification"]),
            # The recommendations' cache asks for the latest change on every request.
            models.Index(fields=["updated_at"], name="adoption_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.solution}"

    def get_absolute_url(self) -> str:
        return reverse("diffusion:adoption", kwargs={"pk": self.pk})

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def confirmation_due(self) -> date | None:
        if not self.is_verified or self.confirmed_at is None:
            return None
        return (self.confirmed_at + timedelta(days=RECONFIRM_AFTER_DAYS)).date()

    @property
    def is_unconfirmed(self) -> bool:
        """Verified, but not confirmed again within a year: shown as unconfirmed."""
        due = self.confirmation_due
        return due is not None and due < timezone.localdate()


class AdoptionEvent(TimeStampedModel):
    """One dated step in an adoption's status history."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=AdoptionStatus.choices)
    date = models.DateField(_("dato"))
    reason = models.TextField(
        _("begrundelse"),
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
        help_text=_("Skal udfyldes, når løsningen stoppes: hvad lærte I?"),
    )
    recorded_by = actor_field(_("registreret af"))

    class Meta:
        ordering = ["adoption_id", "date", "id"]
        verbose_name = _("statusændring")
        verbose_name_plural = _("statusændringer")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=AdoptionStatus.STOPPED) | ~Q(reason=""),
                name="stopped_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.date.isoformat()}"


class LearnedFrom(TimeStampedModel):
    """'Lært af': the organisation an adopter learned from, and what it adapted. Together these
    links are the solution's spreading genealogy."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="learned_from")
    source = models.ForeignKey(
        Organisation,
        verbose_name=_("lært af"),
        on_delete=models.PROTECT,
        related_name="taught",
    )
    adapted = models.TextField(
        _("hvad blev tilpasset"),
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
        help_text=_("Fx arbejdsgange, målgruppe eller tekniske valg, I ændrede."),
    )
    recorded_by = actor_field(_("registreret af"))

    class Meta:
        ordering = ["adoption_id", "id"]
        verbose_name = _("lært af")
        verbose_name_plural = _("lært af")
        constraints = [
            models.UniqueConstraint(fields=["adoption", "source"], name="learned_once_from"),
        ]

    def __str__(self) -> str:
        return f"{self.adoption} ← {self.source}"


class ContactRequest(TimeStampedModel):
    """A message from a user to a verified adopter, sent by e-mail to the adopting organisation's
    administrators. No contact details of the adopter are shown; the recipients answer if they
    choose to."""

    adoption = models.ForeignKey(
        Adoption, on_delete=models.CASCADE, related_name="contact_requests"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    message = models.TextField(_("besked"), validators=[MaxLengthValidator(NOTE_MAX)])
    recipients = models.PositiveSmallIntegerField(_("modtagere"), default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kontaktforespørgsel")
        verbose_name_plural = _("kontaktforespørgsler")

    def __str__(self) -> str:
        return f"{self.sender} → {self.adoption}"


class GuideProject(TimeStampedModel):
    """A spreading-guide project: one organisation working through the guide's phases, either
    sharing a solution or taking one in. Visible to the organisation's members only."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="guide_projects",
    )
    solution = models.ForeignKey(
        Solution,
        verbose_name=_("løsning"),
        on_delete=models.PROTECT,
        related_name="guide_projects",
    )
    side = models.CharField(_("rolle i spredningen"), max_length=16, choices=GuideSide.choices)
    title = models.CharField(_("titel"), max_length=200)
    adoption = models.ForeignKey(
        Adoption,
        verbose_name=_("ibrugtagning"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guide_projects",
    )
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True, editable=False)
    created_by = actor_field(_("oprettet af"))
    is_demo = models.BooleanField(_("fiktivt eksempel"), default=False, editable=False)

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("spredningsprojekt")
        verbose_name_plural = _("spredningsprojekter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diffusion:guide_project", kwargs={"pk": self.pk})


class WorksheetAnswer(TimeStampedModel):
    """The saved answers to one worksheet (a step of the guide) in a project. ``answers`` maps
    the worksheet's question keys to values; the worksheet definitions are in
    ``data/guide.yaml``."""

    project = models.ForeignKey(GuideProject, on_delete=models.CASCADE, related_name="answers")
    worksheet = models.SlugField(_("arbejdsark"), max_length=60)
    answers = models.JSONField(_("svar"), default=dict, blank=True)
    completed = models.BooleanField(_("færdig"), default=False)
    updated_by = actor_field(_("senest ændret af"))

    class Meta:
        ordering = ["project_id", "worksheet"]
        verbose_name = _("arbejdsark")
        verbose_name_plural = _("arbejdsark")
        constraints = [
            models.UniqueConstraint(fields=["project", "worksheet"], name="one_sheet_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.worksheet}"
