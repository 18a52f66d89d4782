"""A small catalogue for the discovery tests: what may be found, and what must never be.

Two organisations each have published cases and solutions; the first also has one case and one
solution in every status that is not public (draft, submitted, returned, archived). Everything
that must stay hidden carries the word ``SECRET`` in its title and text and uses facet values no
published entry uses (the policy area "beredskab", the technology "droner", the year 1999), so a
leak shows up in a listing, a count or a facet alike. The entries are written with the ORM:
these tests are about reading, and the workflow services have their own tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from spred.catalogue.choices import EvidenceLevel, Maturity, PartnerRole, Stage, Status
from spred.catalogue.models import (
    Case,
    CaseContact,
    CasePartner,
    InnovationType,
    PolicyArea,
    Solution,
    TechnologyCategory,
)
from spred.core.testing import without_audit
from spred.organisations.models import Organisation

#: The word every hidden entry carries and no public one does.
SECRET = "hemmelighedskræmmer"
HIDDEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ARCHIVED)
#: Facet values only hidden entries use.
HIDDEN_AREA = "beredskab"
HIDDEN_TECHNOLOGY = "droner"
HIDDEN_YEAR = 1999


@dataclass
class DiscoveryWorld:
    organisation: Organisation
    other_organisation: Organisation
    cases: list[Case] = field(default_factory=list)  # published, newest first
    solutions: list[Solution] = field(default_factory=list)  # published
    hidden_cases: dict[str, Case] = field(default_factory=dict)
    hidden_solutions: dict[str, Solution] = field(default_factory=dict)

    @property
    def hidden(self) -> list[Case | Solution]:
        return [*self.hidden_cases.values(), *self.hidden_solutions.values()]

    @property
    def hidden_slugs(self) -> list[str]:
        return [entry.slug for entry in self.hidden]

    @property
    def published_count(self) -> int:
        return len(self.cases) + len(self.solutions)


def _when(days_ago: int) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


def make_case(
    organisation: Organisation,
    *,
    title: str,
    slug: str,
    status: str = Status.PUBLISHED,
    summary: str = "",
    areas: tuple[str, ...] = ("aeldre-og-pleje",),
    technologies: tuple[str, ...] = ("velfaerdsteknologi",),
    innovation_types: tuple[str, ...] = ("service",),
    year: int | None = 2022,
    stage: str = Stage.PILOT,
    days_ago: int = 10,
    **fields: object,
) -> Case:
    published = status in (Status.PUBLISHED, Status.ARCHIVED)
    case = Case.objects.create(
        organisation=organisation,
        title=title,
        slug=slug,
        summary=summary or f"Resumé af {title}.",
        challenge=f"Udfordringen i {title}.",
        status=status,
        stage=stage,
        year=year,
        evidence_level=str(fields.pop("evidence_level", EvidenceLevel.BEFORE_AFTER)),
        published_at=_when(days_ago) if published else None,
        **fields,
    )
    case.policy_areas.set(PolicyArea.objects.filter(slug__in=areas))
    case.technologies.set(TechnologyCategory.objects.filter(slug__in=technologies))
    case.innovation_types.set(InnovationType.objects.filter(slug__in=innovation_types))
    return case


def make_solution(
    organisation: Organisation,
    *,
    title: str,
    slug: str,
    status: str = Status.PUBLISHED,
    areas: tuple[str, ...] = ("aeldre-og-pleje",),
    technologies: tuple[str, ...] = ("sensorer-iot",),
    maturity: str = Maturity.PROVEN,
    days_ago: int = 20,
    **fields: object,
) -> Solution:
    published = status in (Status.PUBLISHED, Status.ARCHIVED)
    solution = Solution.objects.create(
        organisation=organisation,
        name=title,
        slug=slug,
        summary=f"Kort om {title}.",
        description=f"Beskrivelse af {title}.",
        status=status,
        maturity=maturity,
        published_at=_when(days_ago) if published else None,
        **fields,
    )
    solution.policy_areas.set(PolicyArea.objects.filter(slug__in=areas))
    solution.technologies.set(TechnologyCategory.objects.filter(slug__in=technologies))
    return solution


@without_audit
def build_world(organisation: Organisation, other_organisation: Organisation) -> DiscoveryWorld:
    world = DiscoveryWorld(organisation, other_organisation)
    night = make_case(
        organisation,
        title="Sensorer i natteplejen",
        slug="sensorer-i-natteplejen",
        summary="Sensorer i sengen giver ro om natten for beboere og personale.",
        days_ago=3,
    )
    robots = make_case(
        other_organisation,
        title="Robotstøvsugere på plejecentret",
        slug="robotstoevsugere-paa-plejecentret",
        summary="Rengøringsrobotter frigør tid til omsorg.",
        areas=("aeldre-og-pleje", "sundhed"),
        technologies=("robotter",),
        year=2021,
        stage=Stage.IMPLEMENTED,
        days_ago=5,
    )
    school = make_case(
        other_organisation,
        title="Digital selvbetjening i skolen",
        slug="digital-selvbetjening-i-skolen",
        summary="Forældre melder fravær digitalt.",
        areas=("skole",),
        technologies=("digital-selvbetjening",),
        innovation_types=("proces",),
        year=2020,
        days_ago=8,
    )
    world.cases = [night, robots, school]
    bed = make_solution(organisation, title="Sengesensor", slug="sengesensor")
    chatbot = make_solution(
        other_organisation,
        title="Chatbot til borgerservice",
        slug="chatbot-til-borgerservice",
        areas=("borgerservice",),
        technologies=("kunstig-intelligens",),
        maturity=Maturity.PILOT,
        days_ago=30,
        licence="EUPL-1.2",
        source_url="https://kode.example.org/chatbot",
    )
    world.solutions = [bed, chatbot]

    for position, status in enumerate(HIDDEN_STATUSES):
        world.hidden_cases[status] = make_case(
            organisation,
            title=f"{SECRET.capitalize()} case ({status})",
            slug=f"skjult-case-{status}",
            status=status,
            summary=f"Et {SECRET} forsøg, der ikke er offentligt.",
            areas=(HIDDEN_AREA,),
            technologies=(HIDDEN_TECHNOLOGY,),
            year=HIDDEN_YEAR,
            stage=Stage.SPREAD,
            days_ago=1 + position,
        )
        world.hidden_solutions[status] = make_solution(
            organisation,
            title=f"{SECRET.capitalize()} løsning ({status})",
            slug=f"skjult-loesning-{status}",
            status=status,
            areas=(HIDDEN_AREA,),
            technologies=(HIDDEN_TECHNOLOGY,),
            maturity=Maturity.RETIRED,
            days_ago=1 + position,
        )

    # A published case that uses a published solution and a draft one: only the first may be
    # named anywhere public.
    night.solutions.set([bed, world.hidden_solutions[Status.DRAFT]])
    CasePartner.objects.create(
        case=night,
        organisation=other_organisation,
        role=PartnerRole.SUPPLIER,
        description='=HYPERLINK("http://ondt.example") leverede sensorerne',
    )
    CaseContact.objects.create(
        case=night,
        name="Karen Kontakt",
        email="karen.kontakt@example.org",
        job_title="Projektleder",
        phone="+45 11 22 33 44",
        consent_given_at=_when(40),
        consent_text_version="2026-1",
    )
    CaseContact.objects.create(
        case=robots,
        name="",
        email="",
        consent_given_at=_when(60),
        consent_text_version="2026-1",
        withdrawn_at=_when(2),
    )
    index_everything()
    return world


def index_everything() -> None:
    """Bring the search index in step with the database, as the catalogue's services do after
    each commit, and make this process read it afresh."""
    from spred.search import snapshot
    from spred.search.index import rebuild

    rebuild()
    snapshot.forget()
