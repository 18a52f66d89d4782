"""/api/v1/organisations and /api/v1/regions."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, FilterSchema, Path, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from spred.accounts.token_auth import token_auth
from spred.core.api.pagination import LimitOffset
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
    # Numbers, not Decimal strings: what a map client expects of coordinates.
    latitude: float | None
    longitude: float | None
    is_demo: bool = Field(description="Fiktivt eksempel (demo-indhold)")


class OrganisationFilters(FilterSchema):
    kind: KindLiteral | None = None  # type: ignore[valid-type]
    sector: SectorLiteral | None = None  # type: ignore[valid-type]
    region: int | None = Field(None, ge=1081, le=1085, description="Regionskode 1081–1085")
    # PostgreSQL cannot hold NUL in a text parameter; refuse it here rather than fail in the query.
    q: str | None = Field(
        None, max_length=100, pattern=r"^[^\x00]*$", description="Søg i navn og forkortelse"
    )


class OrganisationIn(Schema):
    # The example doubles as schemathesis' one valid registration (a CVR must pass modulus 11).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Fjordlys Robotteknik ApS (fiktivt eksempel)",
                    "kind": "company",
                    "cvr": "30000005",
                    "website": "https://fjordlys.example.dk",
                    "region": 1081,
                }
            ]
        }
    )

    name: str = Field(min_length=2, max_length=200)
    kind: SelfKindLiteral  # type: ignore[valid-type]
    # Room for the ways people write a CVR number ("DK 12 34 56 78"); the service normalises it.
    cvr: str = Field(min_length=8, max_length=20, description="CVR-nummer, 8 cifre")
    website: str = Field("", max_length=200)
    region: int | None = Field(None, ge=1081, le=1085)


@router.get("/regions", response=list[RegionOut], auth=None, summary=gettext_noop("Regionerne"))
def list_regions(request: HttpRequest) -> Any:
    return selectors.region_list(user=request.user)


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=None,
    summary=gettext_noop("Organisationer med filtre"),
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


# Django's slug converter: anything else never reaches the database (PostgreSQL refuses a NUL
# byte with an error, not a miss) and answers 404 from the API's catch-all instead.
@router.get(
    "/organisations/{slug:slug}",
    response=OrganisationOut,
    auth=None,
    summary=gettext_noop("Én organisation"),
)
def get_organisation(
    request: HttpRequest,
    slug: str = Path(
        ...,
        description="Organisationens kortnavn",
        pattern=r"^[-a-zA-Z0-9_]+$",
        example="koebenhavns-kommune",
    ),
) -> Organisation:
    return selectors.organisation_detail(user=request.user, slug=slug)


@router.post(
    "/organisations",
    response={201: OrganisationOut},
    auth=token_auth,
    summary=gettext_noop("Registrér en privat organisation (kræver API-nøgle)"),
    description=(
        "Registrerer en virksomhed, klynge, socialøkonomisk virksomhed, fond, forening eller "
        "videninstitution. CVR-nummeret kontrolleres (modulus 11), og et CVR-nummer, der allerede "
        "er registreret, afvises. Nøglens ejer bliver organisationens administrator."
    ),
    openapi_extra={
        "responses": {
            201: {
                "headers": {
                    "Location": {
                        "description": "Adressen på den nye organisation i API'et",
                        "schema": {"type": "string"},
                    }
                }
            }
        }
    },
)
def create_organisation(
    request: HttpRequest, payload: OrganisationIn, response: HttpResponse
) -> Organisation:
    region: Region | None = None
    if payload.region is not None:
        region = selectors.region_list(user=request.user).filter(code=payload.region).first()
        if region is None:
            # In range but not loaded (reference data missing): the client's input names nothing.
            message = _("Regionen %(code)s findes ikke.") % {"code": payload.region}
            raise ValidationError({"region": ValidationError(message, code="region_unknown")})
    organisation = services.organisation_register_private(
        acting_user=request.auth,  # type: ignore[attr-defined]
        name=payload.name,
        kind=payload.kind,
        cvr=payload.cvr,
        website=payload.website,
        region=region,
    )
    response["Location"] = reverse("api:get_organisation", kwargs={"slug": organisation.slug})
    # The only declared response is 201, so ninja answers with it.
    return organisation
