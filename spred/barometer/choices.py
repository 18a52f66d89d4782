"""Vocabularies of the Innovation Barometer: how workplaces are classified into strata, the
codebook's question types, and the life of a wave."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GovernmentLevel(models.TextChoices):
    STATE = "stat", _("Stat")
    REGION = "region", _("Region")
    MUNICIPALITY = "kommune", _("Kommune")


class Area(models.TextChoices):
    """The workplace's field (the survey's industry grouping)."""

    ADMINISTRATION = "administration", _("Central administration")
    EDUCATION = "undervisning", _("Undervisning og uddannelse")
    DAYCARE = "dagtilbud", _("Dagtilbud")
    HEALTH = "sundhed", _("Sundhed og hospitaler")
    ELDERLY_SOCIAL = "aeldre-social", _("Ældre, social og handicap")
    TECHNICAL = "teknik", _("Teknik, miljø og forsyning")
    SAFETY = "sikkerhed", _("Politi, forsvar og beredskab")
    CULTURE = "kultur", _("Kultur og fritid")


class SizeBand(models.TextChoices):
    SMALL = "1-9", _("1–9 ansatte")
    MEDIUM = "10-49", _("10–49 ansatte")
    LARGE = "50-99", _("50–99 ansatte")
    XLARGE = "100+", _("100 ansatte og derover")


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Ét svar")
    MULTIPLE = "multiple", _("Flere svar")
    SCALE = "scale", _("Skala")
    NUMERIC = "numeric", _("Tal")


class WaveStatus(models.TextChoices):
    DRAFT = "kladde", _("Under forberedelse")
    PUBLISHED = "publiceret", _("Publiceret")


class Breakdown(models.TextChoices):
    """How a published estimate is cut. ``total`` is the whole public sector."""

    TOTAL = "total", _("Hele den offentlige sektor")
    LEVEL = "level", _("Forvaltningsniveau")
    AREA = "area", _("Område")
    SIZE = "size", _("Størrelse")
    LEVEL_AREA = "level_area", _("Forvaltningsniveau og område")


class SuppressionReason(models.TextChoices):
    """Why a published cell is hidden. The one wording of the reasons: pages, downloads, the
    API and disclosure control (``disclosure.Reason``) all take their text from here."""

    NONE = "", _("Ikke undertrykt")
    PRIMARY = "primary", _("For få besvarelser")
    SECONDARY = "secondary", _("Skjult, så en anden skjult celle ikke kan regnes ud")


class LonelyStratumPolicy(models.TextChoices):
    """What the variance estimator does with a stratum that has a single respondent (its
    variance cannot be estimated from within the stratum)."""

    FAIL = "fail", _("Stop: en stratum med én besvarelse er en fejl")
    CERTAINTY = "certainty", _("Behandl stratummet som totaltælling (bidrager ikke til variansen)")
    ADJUST = "adjust", _("Centrér om det samlede gennemsnit (konservativt)")
    AVERAGE = "average", _("Brug gennemsnittet af de øvrige strataes varians")


class CiMethod(models.TextChoices):
    """How a confidence interval for a share is formed."""

    LOGIT = "logit", _("Logit-transformeret (holder sig mellem 0 og 100 %)")
    WALD = "wald", _("Wald (estimat ± t · standardfejl)")


class ImportKind(models.TextChoices):
    CODEBOOK = "kodebog", _("Kodebog")
    MICRODATA = "mikrodata", _("Mikrodata og strata")


class Theme(models.TextChoices):
    """The publication's chapters; an indicator belongs to one."""

    INNOVATION = "innovation", _("Innovation")
    TYPES = "typer", _("Typer af innovation")
    COLLABORATION = "samarbejde", _("Samarbejde")
    REUSE = "spredning", _("Genbrug og spredning")
    VALUE = "vaerdi", _("Værdi og effekt")
    DRIVERS = "drivkraefter", _("Drivkræfter")
    BARRIERS = "barrierer", _("Barrierer")
