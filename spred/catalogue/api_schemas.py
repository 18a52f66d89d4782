"""Input and output schemas of /api/v1/cases, /solutions and /search.

The fields are those of the open catalogue format (docs/catalogue-format.md): a record written
to the API is the same record a file import reads, and what the API returns can be sent back with
PUT. Fields that only the server sets (``url``, ``status``, ``updated_at`` …) are read-only and
ignored on input.

No ``from __future__ import annotations`` here: ninja and pydantic read the annotations at run
time.
"""

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from spred.catalogue.case_schema.building import KLE_PATTERN, SLUG_PATTERN, taxonomy_slugs
from spred.catalogue.choices import EntryKind, EvidenceLevel, Maturity, PartnerRole, Stage
from spred.catalogue.models import FIRST_YEAR, SECTION_MAX, SUMMARY_MAX
from spred.organisations.choices import Sector

_TAXA = taxonomy_slugs()

AreaLiteral = Literal[tuple(_TAXA["policy_areas"])]  # type: ignore[valid-type]
TechnologyLiteral = Literal[tuple(_TAXA["technologies"])]  # type: ignore[valid-type]
InnovationTypeLiteral = Literal[tuple(_TAXA["innovation_types"])]  # type: ignore[valid-type]
StageLiteral = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
MaturityLiteral = Literal[tuple(Maturity.values)]  # type: ignore[valid-type]
EvidenceLiteral = Literal[tuple(EvidenceLevel.values)]  # type: ignore[valid-type]
PartnerRoleLiteral = Literal[tuple(PartnerRole.values)]  # type: ignore[valid-type]
SectorLiteral = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
KindLiteral = Literal[tuple(EntryKind.values)]  # type: ignore[valid-type]
SortLiteral = Literal["relevance", "newest", "oldest", "title"]

#: A year far enough ahead for any client, so the parameter check never needs today's date.
LAST_YEAR_PARAMETER = 2100

# PostgreSQL cannot hold NUL in a text value; refuse it in every free text field.
NO_NUL = r"^[^\x00]*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=220)]
ORGANISATION_DESCRIPTION = (
    "Organisationen: kommunekode (3 cifre), regionskode (1081–1085), CVR-nummer (8 cifre) "
    "eller kortnavn"
)


# --------------------------------------------------------------------------------------------
# Filters


def _choices(values: Sequence[str]) -> Callable[[list[str] | None], list[str] | None]:
    allowed = list(values)
    shown = ", ".join(f"'{v}'" for v in allowed[:-1]) + f" eller '{allowed[-1]}'"

    def check(chosen: list[str] | None) -> list[str] | None:
        # Checked here, on the whole list, rather than item by item: an error then names the
        # parameter ("area") instead of a position inside it.
        for value in chosen or []:
            if value not in allowed:
                raise PydanticCustomError(
                    "literal_error", "Input should be {expected}", {"expected": shown}
                )
        return chosen

    return check


def _whole_numbers(low: int, high: int) -> Callable[[list[str] | None], list[int] | None]:
    def check(chosen: list[str] | None) -> list[int] | None:
        if chosen is None:
            return None
        numbers = []
        for value in chosen:
            if not value.strip().isdigit():
                raise PydanticCustomError("int_parsing", "Input should be a valid integer")
            number = int(value)
            if number < low:
                raise PydanticCustomError("greater_than_equal", "Too small", {"ge": low})
            if number > high:
                raise PydanticCustomError("less_than_equal", "Too large", {"le": high})
            numbers.append(number)
        return numbers

    return check


def _slugs_only(chosen: list[str] | None) -> list[str] | None:
    for value in chosen or []:
        if not re.fullmatch(SLUG_PATTERN, value) or len(value) > 220:
            raise PydanticCustomError("string_pattern_mismatch", "Invalid")
    return chosen


def _documented(items: dict[str, Any], description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [{"type": "array", "items": items}, {"type": "null"}],
            "description": description,
        }
    )


def ChoiceList(values: Sequence[str], description: str) -> Any:
    """Repeatable query parameter whose values must be among ``values``."""
    return Annotated[
        list[str] | None,
        AfterValidator(_choices(values)),
        _documented({"type": "string", "enum": list(values)}, description),
    ]


def NumberList(low: int, high: int, description: str) -> Any:
    return Annotated[
        list[str] | None,
        AfterValidator(_whole_numbers(low, high)),
        _documented({"type": "integer", "minimum": low, "maximum": high}, description),
    ]


SlugList = Annotated[
    list[str] | None,
    AfterValidator(_slugs_only),
    _documented(
        {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 220},
        "Organisationens kortnavn",
    ),
]


class CatalogueFilters(Schema):
    """The filters of the catalogue's search page, as query parameters. A parameter may be
    repeated (``?area=sundhed&area=psykiatri``): values of one filter widen the result, different
    filters narrow it."""

    q: str | None = Field(
        None, max_length=200, pattern=NO_NUL, description="Fritekst; giver relevansorden"
    )
    area: ChoiceList(_TAXA["policy_areas"], "Fagområde (kortnavn)") = None  # type: ignore[valid-type]
    technology: ChoiceList(_TAXA["technologies"], "Teknologi (kortnavn)") = None  # type: ignore[valid-type]
    innovation_type: ChoiceList(  # type: ignore[valid-type]
        _TAXA["innovation_types"], "Innovationstype (kun cases)"
    ) = None
    sector: ChoiceList(Sector.values, "Organisationens sektor") = None  # type: ignore[valid-type]
    region: NumberList(1081, 1085, "Regionskode 1081–1085") = None  # type: ignore[valid-type]
    organisation: SlugList = None
    stage: ChoiceList(Stage.values, "Fase (kun cases)") = None  # type: ignore[valid-type]
    maturity: ChoiceList(Maturity.values, "Modenhed (kun løsninger)") = None  # type: ignore[valid-type]
    evidence: ChoiceList(EvidenceLevel.values, "Evidensniveau (kun cases)") = None  # type: ignore[valid-type]
    year: NumberList(FIRST_YEAR, LAST_YEAR_PARAMETER, "Årstal (kun cases)") = None  # type: ignore[valid-type]
    sort: SortLiteral | None = Field(
        None, description="relevance (standard med q), newest (standard uden q), oldest, title"
    )


class SearchFilters(CatalogueFilters):
    kind: ChoiceList(EntryKind.values, "case eller solution") = None  # type: ignore[valid-type]


# --------------------------------------------------------------------------------------------
# Input


class PartnerIn(Schema):
    organisation: str = Field(
        pattern=SLUG_PATTERN, max_length=220, description=ORGANISATION_DESCRIPTION
    )
    role: PartnerRoleLiteral  # type: ignore[valid-type]
    description: str = Field("", max_length=300, pattern=NO_NUL)


class ContactIn(Schema):
    name: str = Field(min_length=1, max_length=150, pattern=NO_NUL)
    email: str = Field(min_length=3, max_length=254, pattern=NO_NUL)
    job_title: str = Field("", max_length=150, pattern=NO_NUL)
    phone: str = Field("", max_length=30, pattern=NO_NUL)
    consent_given_at: datetime = Field(description="Hvornår samtykket blev givet (ISO 8601)")
    consent_text_version: str = Field(
        min_length=1, max_length=20, pattern=NO_NUL, description="Samtykketekstens version"
    )


def _text(description: str, limit: int = SECTION_MAX) -> Any:
    return Field("", max_length=limit, pattern=NO_NUL, description=description)


class CaseIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Sensorer i natteplejen (fiktivt eksempel)",
                    "summary": "Sensorer i sengen giver ro om natten for beboere og personale.",
                    "organisation": "aarhus-kommune",
                    "policy_areas": ["aeldre-og-pleje"],
                    "technologies": ["sensorer-iot"],
                    "stage": "afproevning",
                }
            ]
        }
    )

    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX, pattern=NO_NUL)
    organisation: str = Field(
        pattern=SLUG_PATTERN, max_length=220, description=ORGANISATION_DESCRIPTION
    )
    slug: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=220, description="Kun ved oprettelse"
    )
    challenge: str = _text("Udfordring")
    solution: str = _text("Løsning (teksten)")
    results: str = _text("Resultater og effekt")
    lessons: str = _text("Erfaringer")
    spreading_potential: str = _text("Spredningspotentiale")
    innovation_types: list[InnovationTypeLiteral] = Field(default_factory=list)  # type: ignore[valid-type]
    policy_areas: list[AreaLiteral] = Field(default_factory=list)  # type: ignore[valid-type]
    technologies: list[TechnologyLiteral] = Field(default_factory=list)  # type: ignore[valid-type]
    partners: list[PartnerIn] = Field(default_factory=list, max_length=100)
    solutions: list[Slug] = Field(
        default_factory=list, max_length=100, description="Kortnavne på løsninger"
    )
    stage: StageLiteral = Stage.PILOT.value  # type: ignore[valid-type]
    evidence_level: EvidenceLiteral = EvidenceLevel.NONE.value  # type: ignore[valid-type]
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR_PARAMETER)
    kle_code: str = Field("", pattern=KLE_PATTERN, description="KLE-nummer, fx 27.24.00")
    contact: ContactIn | None = Field(
        None, description="Kontaktperson med samtykke; udeladt: uændret"
    )


class CasePatch(Schema):
    """Only the fields sent are changed."""

    title: str | None = Field(None, min_length=1, max_length=200, pattern=NO_NUL)
    summary: str | None = Field(None, min_length=1, max_length=SUMMARY_MAX, pattern=NO_NUL)
    organisation: str | None = Field(None, pattern=SLUG_PATTERN, max_length=220)
    challenge: str | None = Field(None, max_length=SECTION_MAX, pattern=NO_NUL)
    solution: str | None = Field(None, max_length=SECTION_MAX, pattern=NO_NUL)
    results: str | None = Field(None, max_length=SECTION_MAX, pattern=NO_NUL)
    lessons: str | None = Field(None, max_length=SECTION_MAX, pattern=NO_NUL)
    spreading_potential: str | None = Field(None, max_length=SECTION_MAX, pattern=NO_NUL)
    innovation_types: list[InnovationTypeLiteral] | None = None  # type: ignore[valid-type]
    policy_areas: list[AreaLiteral] | None = None  # type: ignore[valid-type]
    technologies: list[TechnologyLiteral] | None = None  # type: ignore[valid-type]
    partners: list[PartnerIn] | None = Field(None, max_length=100)
    solutions: list[Slug] | None = Field(None, max_length=100)
    stage: StageLiteral | None = None  # type: ignore[valid-type]
    evidence_level: EvidenceLiteral | None = None  # type: ignore[valid-type]
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR_PARAMETER)
    kle_code: str | None = Field(None, pattern=KLE_PATTERN)
    contact: ContactIn | None = None


class SolutionIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Natlys med bevægelsessensor (fiktivt eksempel)",
                    "summary": "Lys, der tænder, når en beboer står op om natten.",
                    "organisation": "aarhus-kommune",
                    "technologies": ["sensorer-iot"],
                    "maturity": "afproevning",
                }
            ]
        }
    )

    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL, description="Navn")
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX, pattern=NO_NUL)
    organisation: str = Field(
        pattern=SLUG_PATTERN, max_length=220, description=ORGANISATION_DESCRIPTION
    )
    slug: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=220, description="Kun ved oprettelse"
    )
    description: str = _text("Beskrivelse")
    technologies: list[TechnologyLiteral] = Field(default_factory=list)  # type: ignore[valid-type]
    policy_areas: list[AreaLiteral] = Field(default_factory=list)  # type: ignore[valid-type]
    kle_code: str = Field("", pattern=KLE_PATTERN)
    maturity: MaturityLiteral = Maturity.PILOT.value  # type: ignore[valid-type]
    suppliers: list[Slug] = Field(default_factory=list, max_length=100)
    licence: str = Field("", max_length=100, pattern=NO_NUL, description="SPDX-id")
    source_url: str = Field("", max_length=500, pattern=NO_NUL)
    website: str = Field("", max_length=500, pattern=NO_NUL)
    price_indication: str = Field("", max_length=300, pattern=NO_NUL)


class SolutionPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200, pattern=NO_NUL)
    summary: str | None = Field(None, min_length=1, max_length=SUMMARY_MAX, pattern=NO_NUL)
    organisation: str | None = Field(None, pattern=SLUG_PATTERN, max_length=220)
    description: str | None = Field(None, max_length=SECTION_MAX, pattern=NO_NUL)
    technologies: list[TechnologyLiteral] | None = None  # type: ignore[valid-type]
    policy_areas: list[AreaLiteral] | None = None  # type: ignore[valid-type]
    kle_code: str | None = Field(None, pattern=KLE_PATTERN)
    maturity: MaturityLiteral | None = None  # type: ignore[valid-type]
    suppliers: list[Slug] | None = Field(None, max_length=100)
    licence: str | None = Field(None, max_length=100, pattern=NO_NUL)
    source_url: str | None = Field(None, max_length=500, pattern=NO_NUL)
    website: str | None = Field(None, max_length=500, pattern=NO_NUL)
    price_indication: str | None = Field(None, max_length=300, pattern=NO_NUL)


# --------------------------------------------------------------------------------------------
# Output


class PartnerOut(Schema):
    organisation: str = Field(description=ORGANISATION_DESCRIPTION)
    organisation_name: str
    role: str
    description: str


class ContactOut(Schema):
    name: str
    email: str
    job_title: str
    phone: str
    consent_given_at: datetime | None
    consent_text_version: str


class EntryMeta(Schema):
    url: str = Field(description="Adressen på siden i Spred")
    status: str = Field(description="publiceret for alt offentligt; andre kun for ejerne")
    organisation_name: str
    organisation_slug: str
    published_at: datetime | None
    updated_at: datetime
    is_demo: bool = Field(description="Fiktivt eksempel (demo-indhold)")


class CaseListItem(Schema):
    slug: str
    title: str
    summary: str
    url: str
    organisation: str = Field(description=ORGANISATION_DESCRIPTION)
    organisation_name: str
    policy_areas: list[str]
    technologies: list[str]
    innovation_types: list[str]
    stage: str
    evidence_level: str
    year: int | None
    published_at: datetime | None
    is_demo: bool


class SolutionListItem(Schema):
    slug: str
    title: str
    summary: str
    url: str
    organisation: str = Field(description=ORGANISATION_DESCRIPTION)
    organisation_name: str
    policy_areas: list[str]
    technologies: list[str]
    maturity: str
    published_at: datetime | None
    is_demo: bool


class CaseOut(EntryMeta):
    slug: str
    title: str
    summary: str
    organisation: str = Field(description=ORGANISATION_DESCRIPTION)
    challenge: str
    solution: str
    results: str
    lessons: str
    spreading_potential: str
    innovation_types: list[str]
    policy_areas: list[str]
    technologies: list[str]
    partners: list[PartnerOut]
    solutions: list[str] = Field(description="Løsninger, du kan se")
    stage: str
    evidence_level: str
    year: int | None
    kle_code: str
    contact: ContactOut | None = Field(description="Kun mens samtykket gælder")
    version: int = Field(description="Publiceret version (0 før første publicering)")


class SolutionOut(EntryMeta):
    slug: str
    title: str
    summary: str
    organisation: str = Field(description=ORGANISATION_DESCRIPTION)
    description: str
    technologies: list[str]
    policy_areas: list[str]
    kle_code: str
    maturity: str
    suppliers: list[str]
    licence: str
    source_url: str
    website: str
    price_indication: str


class SearchItem(Schema):
    kind: str = Field(description="case eller solution")
    slug: str
    title: str
    summary: str
    url: str
    score: float = Field(description="Relevans; højere er bedre")


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    items: list[SearchItem]
    count: int = Field(description="Antal træffere i alt")
    facets: dict[str, list[FacetValueOut]] = Field(description="Antal pr. filterværdi")
    suggestions: list[str] = Field(description="Forslag til stavning, når der er få træffere")
