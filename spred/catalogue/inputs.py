"""What a case or a solution is made of when it is written: the one shape that forms, the
importers and the API hand to the services (``case_create``, ``solution_update`` …)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from spred.catalogue.choices import EvidenceLevel, Maturity, Stage
from spred.organisations.models import Organisation


@dataclass
class PartnerInput:
    organisation: Organisation
    role: str  # choices.PartnerRole
    description: str = ""


@dataclass
class ContactInput:
    name: str
    email: str
    consent_given_at: datetime
    consent_text_version: str
    job_title: str = ""
    phone: str = ""


@dataclass
class CaseInput:
    title: str
    summary: str
    challenge: str = ""
    solution_text: str = ""
    results: str = ""
    lessons: str = ""
    spreading_potential: str = ""
    innovation_types: list[str] = field(default_factory=list)  # InnovationType slugs
    policy_areas: list[str] = field(default_factory=list)  # PolicyArea slugs
    technologies: list[str] = field(default_factory=list)  # TechnologyCategory slugs
    partners: list[PartnerInput] = field(default_factory=list)
    solution_slugs: list[str] = field(default_factory=list)
    stage: str = Stage.PILOT
    evidence_level: str = EvidenceLevel.NONE
    year: int | None = None
    kle_code: str = ""
    # None leaves an existing contact as it is; use the contact services to change or withdraw it.
    contact: ContactInput | None = None


@dataclass
class SolutionInput:
    name: str
    summary: str
    description: str = ""
    technologies: list[str] = field(default_factory=list)
    policy_areas: list[str] = field(default_factory=list)
    kle_code: str = ""
    maturity: str = Maturity.PILOT
    suppliers: list[Organisation] = field(default_factory=list)
    licence: str = ""
    source_url: str = ""
    website: str = ""
    price_indication: str = ""
