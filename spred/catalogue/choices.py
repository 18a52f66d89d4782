"""Fixed vocabularies of the catalogue. The values are part of the open import format
(docs/catalogue-format.md and /api/v1/schemas/case.json): never change one, add new ones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "kladde", _("Kladde")
    SUBMITTED = "indsendt", _("Indsendt til redaktionen")
    RETURNED = "returneret", _("Sendt retur")
    PUBLISHED = "publiceret", _("Publiceret")
    ARCHIVED = "arkiveret", _("Arkiveret")


#: Statuses in which the owner organisation may still edit the text freely.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
#: Statuses the public may see. An archived entry stays readable at its address, marked as
#: archived, but leaves search, feeds and lists.
PUBLIC_STATUSES = frozenset({Status.PUBLISHED, Status.ARCHIVED})


class Maturity(models.TextChoices):
    IDEA = "ide", _("Idé")
    DEVELOPMENT = "udvikling", _("Udvikling")
    PILOT = "afproevning", _("Afprøvning")
    PROVEN = "velafproevet", _("Velafprøvet")
    RETIRED = "udfaset", _("Udfaset")


class Stage(models.TextChoices):
    IDEA = "ide", _("Idé")
    PILOT = "afproevning", _("Afprøvning")
    IMPLEMENTED = "implementeret", _("Implementeret")
    SPREAD = "udbredt", _("Udbredt")


class EvidenceLevel(models.TextChoices):
    NONE = "ingen", _("Ingen måling")
    BEFORE_AFTER = "foer-efter", _("Før/efter-måling")
    CONTROL_GROUP = "kontrolgruppe", _("Kontrolgruppe")
    RANDOMISED = "randomiseret", _("Randomiseret forsøg")


class PartnerRole(models.TextChoices):
    PUBLIC_PARTNER = "offentlig-partner", _("Offentlig partner")
    SUPPLIER = "privat-leverandoer", _("Privat leverandør")
    KNOWLEDGE = "vidensinstitution", _("Vidensinstitution")
    FOUNDATION = "fond", _("Fond")
    CIVIL_SOCIETY = "civilsamfund", _("Civilsamfund")
    OTHER = "andet", _("Anden rolle")


class EntryKind(models.TextChoices):
    CASE = "case", _("Case")
    SOLUTION = "solution", _("Løsning")


def choice_labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Each value of a vocabulary with its label in the current language."""
    return {str(value): str(label) for value, label in choices.choices}
