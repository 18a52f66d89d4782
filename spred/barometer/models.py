"""The Innovation Barometer: survey waves, their codebooks, the stratified sample with its
microdata, and the disclosure-controlled estimates that are published.

Microdata (``Respondent``) are seen only by analysts. What the public, the API and the open-data
files see is ``PublishedEstimate`` — cells that have been through disclosure control.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from spred.barometer.choices import (
    Area,
    Breakdown,
    CiMethod,
    GovernmentLevel,
    ImportKind,
    LonelyStratumPolicy,
    QuestionType,
    SizeBand,
    SuppressionReason,
    Theme,
    WaveStatus,
)
from spred.core.models import TimeStampedModel, actor_field


def _localised(da: str, en: str) -> str:
    if (get_language() or "da").startswith("en") and en:
        return en
    return da


class Wave(TimeStampedModel):
    """One edition of the survey (e.g. the 2023 edition about 2021–2022)."""

    edition = models.PositiveSmallIntegerField(_("udgave (år)"), unique=True)
    slug = models.SlugField(_("kortnavn i adresser"), max_length=20, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    reference_period = models.CharField(
        _("referenceperiode"), max_length=100, help_text=_("Fx 2021–2022.")
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=WaveStatus.choices, default=WaveStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publiceret"), null=True, blank=True, editable=False)
    published_by = actor_field()
    is_synthetic = models.BooleanField(
        _("syntetiske data"),
        default=False,
        help_text=_("Demodata: besvarelserne er genereret, ikke indsamlet."),
    )
    # How the wave is estimated; the analyst chooses before publishing.
    lonely_policy = models.CharField(
        _("strata med én besvarelse"),
        max_length=10,
        choices=LonelyStratumPolicy.choices,
        default=LonelyStratumPolicy.FAIL,
        help_text=_(
            "Variansen kan ikke beregnes inden for et stratum med kun én besvarelse. Vælg, "
            "hvordan sådanne strata skal behandles, eller lad dem være en fejl."
        ),
    )
    ci_method = models.CharField(
        _("konfidensinterval for andele"),
        max_length=10,
        choices=CiMethod.choices,
        default=CiMethod.LOGIT,
    )

    class Meta:
        ordering = ["-edition"]
        verbose_name = _("bølge")
        verbose_name_plural = _("bølger")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("barometer:wave", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == WaveStatus.PUBLISHED

    @property
    def current_codebook(self) -> Codebook | None:
        return self.codebooks.order_by("-version").first()


class Codebook(TimeStampedModel):
    """The questions of a wave. A new import makes a new version; answers are validated against
    the newest."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="codebooks")
    version = models.PositiveIntegerField(_("version"))
    source_name = models.CharField(_("kildefil"), max_length=255, blank=True)
    imported_by = actor_field()

    class Meta:
        ordering = ["wave", "-version"]
        verbose_name = _("kodebog")
        verbose_name_plural = _("kodebøger")
        constraints = [
            models.UniqueConstraint(fields=["wave", "version"], name="codebook_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.wave} · v{self.version}"


class Question(TimeStampedModel):
    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("spørgsmålskode"), max_length=40)
    position = models.PositiveIntegerField(_("placering"), default=0)
    text_da = models.TextField(_("spørgsmål (dansk)"))
    text_en = models.TextField(_("spørgsmål (engelsk)"), blank=True)
    type = models.CharField(_("type"), max_length=10, choices=QuestionType.choices)
    # {"question": "Q1", "in": ["1"]}: asked only of respondents whose answer to Q1 is one of these.
    asked_if = models.JSONField(_("stilles kun hvis"), null=True, blank=True)
    dont_know_codes = models.JSONField(_("ved ikke-koder"), default=list, blank=True)
    exclude_dont_know = models.BooleanField(_("udelad 'ved ikke' fra nævneren"), default=True)

    class Meta:
        ordering = ["codebook", "position", "code"]
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        constraints = [
            models.UniqueConstraint(fields=["codebook", "code"], name="question_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def text(self) -> str:
        return _localised(self.text_da, self.text_en)

    @property
    def asked_if_list(self) -> list[dict[str, object]]:
        """The conditions as a list (the stored form is one condition or a list of them)."""
        value = self.asked_if
        items = value if isinstance(value, list) else ([value] if value else [])
        return [{"question": item.get("question"), "codes": item.get("in", [])} for item in items]


class AnswerOption(TimeStampedModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("svarkode"), max_length=20)
    label_da = models.CharField(_("svar (dansk)"), max_length=300)
    label_en = models.CharField(_("svar (engelsk)"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("placering"), default=0)

    class Meta:
        ordering = ["question", "position", "code"]
        verbose_name = _("svarmulighed")
        verbose_name_plural = _("svarmuligheder")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="answer_option_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"

    @property
    def label(self) -> str:
        return _localised(self.label_da, self.label_en)


class Stratum(TimeStampedModel):
    """A design stratum: government level × area × size band, with its population count."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="strata")
    code = models.CharField(_("stratumkode"), max_length=60)
    government_level = models.CharField(
        _("forvaltningsniveau"), max_length=10, choices=GovernmentLevel.choices
    )
    area = models.CharField(_("område"), max_length=20, choices=Area.choices)
    size_band = models.CharField(_("størrelse"), max_length=8, choices=SizeBand.choices)
    population = models.PositiveIntegerField(
        _("antal arbejdspladser i populationen"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["wave", "code"]
        verbose_name = _("stratum")
        verbose_name_plural = _("strata")
        constraints = [models.UniqueConstraint(fields=["wave", "code"], name="stratum_code_once")]

    def __str__(self) -> str:
        return self.code


class Respondent(TimeStampedModel):
    """One answering workplace. Microdata: analysts only, never in a URL, the API, an export or
    a log line."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="respondents")
    # RESTRICT, not PROTECT: a stratum cannot be deleted from under its respondents, but
    # deleting the wave removes both together.
    stratum = models.ForeignKey(Stratum, on_delete=models.RESTRICT, related_name="respondents")
    external_id = models.CharField(_("løbenummer"), max_length=40)
    weight = models.FloatField(_("designvægt"), validators=[MinValueValidator(0.0)])
    government_level = models.CharField(
        _("forvaltningsniveau"), max_length=10, choices=GovernmentLevel.choices
    )
    area = models.CharField(_("område"), max_length=20, choices=Area.choices)
    size_band = models.CharField(_("størrelse"), max_length=8, choices=SizeBand.choices)
    # Question code -> answer code (single/scale), list of codes (multiple) or number (numeric).
    # A question that was not asked is absent.
    answers = models.JSONField(_("svar"), default=dict)

    class Meta:
        ordering = ["wave", "external_id"]
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        constraints = [
            models.UniqueConstraint(fields=["wave", "external_id"], name="respondent_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="respondent_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.wave.edition}/{self.external_id}"


class Indicator(TimeStampedModel):
    """A published measure, defined on a question's answers, comparable across waves."""

    slug = models.SlugField(_("kortnavn i adresser"), max_length=80, unique=True)
    theme = models.CharField(_("tema"), max_length=40, choices=Theme.choices)
    title_da = models.CharField(_("titel (dansk)"), max_length=200)
    title_en = models.CharField(_("titel (engelsk)"), max_length=200, blank=True)
    description_da = models.TextField(_("forklaring (dansk)"), blank=True)
    description_en = models.TextField(_("forklaring (engelsk)"), blank=True)
    question_code = models.CharField(_("spørgsmålskode"), max_length=40)
    # Answer codes that count as "yes" (a share); empty: the mean of a numeric or scale answer.
    value_codes = models.JSONField(_("svarkoder, der tæller"), default=list, blank=True)
    position = models.PositiveIntegerField(_("placering"), default=0)
    is_headline = models.BooleanField(_("nøgletal"), default=False)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _localised(self.title_da, self.title_en)

    @property
    def description(self) -> str:
        return _localised(self.description_da, self.description_en)

    def get_absolute_url(self) -> str:
        return reverse("barometer:indicator", kwargs={"slug": self.slug})


class DataImport(TimeStampedModel):
    """A successful import: who loaded which files into which wave, and what the check said.
    Failed imports store nothing (the analyst sees the report on the spot)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("type"), max_length=10, choices=ImportKind.choices)
    source_name = models.CharField(_("fil"), max_length=255, blank=True)
    strata_source_name = models.CharField(_("stratafil"), max_length=255, blank=True)
    codebook = models.ForeignKey(
        Codebook, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    rows = models.PositiveIntegerField(_("rækker"), default=0)
    strata = models.PositiveIntegerField(_("strata"), default=0)
    replaced = models.BooleanField(_("erstattede tidligere data"), default=False)
    # Warnings the analyst accepted (messages name rows, columns and codes — never answers).
    warnings = models.JSONField(_("advarsler"), default=list, blank=True)
    imported_by = actor_field()

    class Meta:
        ordering = ["wave", "-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.wave} · {self.get_kind_display()} · {self.source_name}"


class PublishedEstimate(TimeStampedModel):
    """One cell of a published table, after disclosure control. A suppressed cell keeps no
    figures at all: nothing to leak."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="estimates")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="estimates")
    breakdown = models.CharField(_("opdeling"), max_length=12, choices=Breakdown.choices)
    # The domain within the breakdown ("kommune", "kommune|sundhed"); "" for the total.
    domain = models.CharField(_("domæne"), max_length=60, blank=True)
    estimate = models.FloatField(_("estimat"), null=True, blank=True)
    se = models.FloatField(_("standardfejl"), null=True, blank=True)
    ci_low = models.FloatField(_("konfidensinterval, nedre"), null=True, blank=True)
    ci_high = models.FloatField(_("konfidensinterval, øvre"), null=True, blank=True)
    df = models.PositiveIntegerField(_("frihedsgrader"), null=True, blank=True)
    n = models.PositiveIntegerField(_("antal besvarelser"), null=True, blank=True)
    suppression = models.CharField(
        _("undertrykkelse"),
        max_length=10,
        choices=SuppressionReason.choices,
        default=SuppressionReason.NONE,
        blank=True,
    )
    uncertain = models.BooleanField(_("usikkert estimat"), default=False)

    class Meta:
        ordering = ["wave", "indicator", "breakdown", "domain"]
        verbose_name = _("publiceret estimat")
        verbose_name_plural = _("publicerede estimater")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "indicator", "breakdown", "domain"], name="estimate_cell_once"
            ),
            # A suppressed cell stores no numbers (not even n, nor the degrees of freedom,
            # which follow from the number of answers).
            models.CheckConstraint(
                condition=Q(suppression="")
                | Q(
                    estimate__isnull=True,
                    se__isnull=True,
                    ci_low__isnull=True,
                    ci_high__isnull=True,
                    df__isnull=True,
                    n__isnull=True,
                ),
                name="suppressed_cell_is_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.slug} {self.wave.edition} {self.breakdown}:{self.domain}"

    @property
    def is_suppressed(self) -> bool:
        return bool(self.suppression)
