"""Fixed vocabularies of the adoption ledger. The values are part of the import format and the
API (docs/adoption-format.md): never change one, add new ones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdoptionStatus(models.TextChoices):
    CONSIDERING = "overvejer", _("Overvejer")
    PILOT = "afproever", _("Afprøver")
    OPERATING = "i-drift", _("I drift")
    WIDESPREAD = "udbredt", _("Udbredt i hele organisationen")
    STOPPED = "stoppet", _("Stoppet")


#: The statuses in which an organisation counts as an adopter in the diffusion statistics: the
#: first date it reached one of these is its adoption date. Considering is not adopting.
ADOPTED_STATUSES = frozenset(
    {AdoptionStatus.PILOT, AdoptionStatus.OPERATING, AdoptionStatus.WIDESPREAD}
)
#: The statuses in which an organisation uses the solution today.
IN_USE_STATUSES = ADOPTED_STATUSES


class Verification(models.TextChoices):
    VERIFIED = "verificeret", _("Verificeret")
    PENDING = "afventer", _("Afventer bekræftelse")
    REJECTED = "afvist", _("Afvist af organisationen")


class ScopeUnit(models.TextChoices):
    CITIZENS = "borgere", _("borgere")
    UNITS = "enheder", _("enheder")
    EMPLOYEES = "medarbejdere", _("medarbejdere")
    SITES = "arbejdspladser", _("arbejdspladser")


class GuideSide(models.TextChoices):
    SHARING = "deler", _("Vi deler en løsning")
    ADOPTING = "tager-i-brug", _("Vi tager en løsning i brug")


#: How long a verified adoption counts as confirmed before the organisation must confirm it again.
RECONFIRM_AFTER_DAYS = 365
