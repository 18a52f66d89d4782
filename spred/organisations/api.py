"""/api/v1/organisations and /api/v1/regions."""

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from spred.api.auth import token_auth
from spred.api.pagination import LimitOffset
from spred.organisations import selectors, services
from spred.organisations.choices import SELF_REGISTERED_KINDS, OrganisationKind, Sector
from spred.organisations.models import Organisation, Region

router = Router(tags=["organisationer"])

KindLiteral = Literal[tuple(OrganisationKind.values)]  # type: ignore[valid-type]
SectorLiteral = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
SelfKindLiteral = Literal[tuple(k.value for k in SELF_REGISTERED_KINDS)]  # type: ignore[valid-type]


class RegionOut(Schema):
    code: int
    name: str
    slug: str
    nuts: str
    iso: str
    population: int | None
    population_year: int | None


class RegionRef(Schema):
    code: int
    name: str


class ParentRef(Schema):
    slug: str
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    sector: str
    municipality_code: str | None
    cvr: str | None
    ean: str
    region: RegionRef | None
    parent: ParentRef | None
    website: str
    population: int | None
    population_year: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    is_demo: bool = Field(description="Fiktivt eksempel (demo-indhold)")


class OrganisationFilters(FilterSchema):
    kind: KindLiteral | None = None  # type: ignore[valid-type]
    sector: SectorLiteral | None = None  # type: ignore[valid-type]
    region: int | None = Field(None, ge=1081, le=1085, description="Regionskode 1081–1085")
    q: str | None = Field(None, max_length=100, description="Søg i navn og forkortelse")


class OrganisationIn(Schema):
    name: str = Field(min_length=2, max_length=200)
    kind: SelfKindLiteral  # type: ignore[valid-type]
    cvr: str = Field(min_length=8, max_length=12)
    website: str = Field("", max_length=200)
    region: int | None = Field(None, ge=1081, le=1085)


@router.get("/regions", response=list[RegionOut], auth=None, summary="Regionerne")
def list_regions(request: HttpRequest) -> Any:
    return selectors.region_list(user=request.user)


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=None,
    summary="Organisationer med filtre",
)
@paginate(LimitOffset)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    return selectors.organisation_list(
        user=request.user,
        filters=selectors.OrganisationFilter(
            kind=filters.kind or "",
            sector=filters.sector or "",
            region=filters.region,
            q=filters.q or "",
        ),
    )


@router.get("/organisations/{slug}", response=OrganisationOut, auth=None, summary="Én organisation")
def get_organisation(request: HttpRequest, slug: str) -> Organisation:
    return selectors.organisation_detail(user=request.user, slug=slug)


@router.post(
    "/organisations",
    response={201: OrganisationOut},
    auth=token_auth,
    summary="Registrér en privat organisation (kræver API-nøgle)",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> tuple[int, Organisation]:
    region: Region | None = None
    if payload.region is not None:
        region = selectors.region_list(user=request.user).get(code=payload.region)
    organisation = services.organisation_register_private(
        acting_user=request.auth,  # type: ignore[attr-defined]
        name=payload.name,
        kind=payload.kind,
        cvr=payload.cvr,
        website=payload.website,
        region=region,
    )
    return 201, organisation
