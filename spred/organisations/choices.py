from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    STATE = "state", _("Statslig")
    REGIONAL = "regional", _("Regional")
    MUNICIPAL = "municipal", _("Kommunal")
    PRIVATE = "private", _("Privat")
    CIVIL_SOCIETY = "civil_society", _("Civilsamfund")


#: The public sector: state, regions and municipalities (and their workplaces).
PUBLIC_SECTORS = frozenset({Sector.STATE, Sector.REGIONAL, Sector.MUNICIPAL})


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    REGION = "region", _("Region")
    MINISTRY = "ministry", _("Ministerium (departement)")
    STATE_AGENCY = "state_agency", _("Statslig styrelse eller institution")
    PUBLIC_WORKPLACE = "public_workplace", _("Offentlig arbejdsplads")
    COMPANY = "company", _("Virksomhed")
    CLUSTER = "cluster", _("Klynge")
    SOCIAL_ECONOMY = "social_economy", _("Socialøkonomisk virksomhed")
    FOUNDATION = "foundation", _("Fond")
    ASSOCIATION = "association", _("Forening")
    KNOWLEDGE_INSTITUTION = "knowledge_institution", _("Videninstitution")


#: Sector follows from the kind — except a public workplace, which belongs to its parent's sector.
SECTOR_OF_KIND: dict[str, str] = {
    OrganisationKind.MUNICIPALITY: Sector.MUNICIPAL,
    OrganisationKind.REGION: Sector.REGIONAL,
    OrganisationKind.MINISTRY: Sector.STATE,
    OrganisationKind.STATE_AGENCY: Sector.STATE,
    OrganisationKind.KNOWLEDGE_INSTITUTION: Sector.STATE,
    OrganisationKind.COMPANY: Sector.PRIVATE,
    OrganisationKind.CLUSTER: Sector.PRIVATE,
    OrganisationKind.SOCIAL_ECONOMY: Sector.CIVIL_SOCIETY,
    OrganisationKind.FOUNDATION: Sector.CIVIL_SOCIETY,
    OrganisationKind.ASSOCIATION: Sector.CIVIL_SOCIETY,
}

PUBLIC_KINDS = frozenset(
    {
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.REGION,
        OrganisationKind.MINISTRY,
        OrganisationKind.STATE_AGENCY,
        OrganisationKind.PUBLIC_WORKPLACE,
    }
)

#: What a private actor may register itself as.
SELF_REGISTERED_KINDS = (
    OrganisationKind.COMPANY,
    OrganisationKind.CLUSTER,
    OrganisationKind.SOCIAL_ECONOMY,
    OrganisationKind.FOUNDATION,
    OrganisationKind.ASSOCIATION,
    OrganisationKind.KNOWLEDGE_INSTITUTION,
)


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Medlem")
    EDITOR = "editor", _("Redaktør i organisationen")
    ADMIN = "admin", _("Administrator for organisationen")


def role_label(role: str) -> str:
    """A role's name as it reads inside a sentence ("Du er nu redaktør i organisationen")."""
    return str(MembershipRole(role).label).lower()


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Anmodet")
    ACTIVE = "active", _("Aktiv")
    REJECTED = "rejected", _("Afvist")
