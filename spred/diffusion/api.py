"""/api/v1/adoptions, /api/v1/solutions/{slug}/diffusion and /api/v1/diffusion.

The ledger is open data: without a token a list or a single adoption shows what
``AdoptionPolicy.visible_to`` lets anyone see — verified adoptions of public solutions. With a
token the owner also reaches the pending and rejected records of their own organisations and
those they recorded themselves; anything else answers 404. Recording and confirming need a
token and go through the ledger's services, exactly like the pages. The diffusion statistics are
computed from the open ledger only, and are the same for everyone.

Reading never uses the browser session: without an Authorization header the caller is anonymous.
No ``from __future__ import annotations`` here: ninja and pydantic read the annotations at run
time.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from spred.accounts.token_auth import OPTIONAL_TOKEN, reading_user, token_auth
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.core.api.pagination import LimitOffset
from spred.core.api.parameters import SLUG_PATH
from spred.diffusion.analysis.statistics import DiffusionStats
from spred.diffusion.choices import AdoptionStatus, ScopeUnit, Verification
from spred.diffusion.models import NOTE_MAX, Adoption
from spred.diffusion.selectors import ledger as selectors
from spred.diffusion.selectors import statistics
from spred.diffusion.services import ledger as services
from spred.organisations.lookup import OrganisationResolver, unknown_organisation
from spred.organisations.models import Organisation

router = Router(tags=["spredning"])

if TYPE_CHECKING:
    StatusLiteral = str
    VerificationLiteral = str
    ScopeUnitLiteral = str
else:
    # The choices' values, so the OpenAPI document lists them.
    StatusLiteral = Literal[tuple(AdoptionStatus.values)]
    VerificationLiteral = Literal[tuple(Verification.values)]
    ScopeUnitLiteral = Literal[tuple(ScopeUnit.values)]

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
NO_NUL = r"^[^\x00]*$"
ORGANISATION_DESCRIPTION = (
    "Organisationen: kommunekode (3 cifre), regionskode (1081–1085), CVR-nummer (8 cifre) "
    "eller kortnavn"
)
ID_PATH = Path(..., description="Ibrugtagningens id", ge=1, le=2**31 - 1, example=1)


# --------------------------------------------------------------------------------------------
# Schemas


class AdoptionFilters(Schema):
    solution: str | None = Field(
        None, description="Løsningens kortnavn", pattern=SLUG_PATTERN, max_length=220
    )
    organisation: str | None = Field(
        None, description=ORGANISATION_DESCRIPTION, pattern=NO_NUL, max_length=220
    )
    status: StatusLiteral | None = Field(None, description="Nuværende status")
    verification: VerificationLiteral | None = Field(
        None,
        description=(
            "verificeret, afventer eller afvist. Uden API-nøgle ses kun verificerede "
            "ibrugtagninger."
        ),
    )


class OrganisationRef(Schema):
    slug: str
    name: str
    municipality_code: str | None = Field(None, description="Kommunekode, for kommuner")


class SolutionRef(Schema):
    slug: str
    name: str


class EventOut(Schema):
    status: StatusLiteral
    date: dt.date
    reason: str = Field(description="Begrundelse; altid udfyldt, når status er stoppet")


class LearnedFromOut(Schema):
    organisation: OrganisationRef
    adapted: str = Field(description="Hvad der blev tilpasset")


class AdoptionListItem(Schema):
    id: int
    url: str = Field(description="Ibrugtagningens side på Spred")
    organisation: OrganisationRef
    solution: SolutionRef
    status: StatusLiteral
    status_since: dt.date
    adopted_on: dt.date | None = Field(
        description="Første dato med status afproever, i-drift eller udbredt"
    )
    verification: VerificationLiteral
    unconfirmed: bool = Field(
        description="Verificeret, men ikke bekræftet af organisationen inden for et år"
    )
    confirmed_at: dt.datetime | None = Field(description="Seneste bekræftelse")
    scope_value: int | None
    scope_unit: str
    is_demo: bool = Field(description="Fiktivt eksempel (demo-indhold)")


class AdoptionOut(AdoptionListItem):
    source_case: str | None = Field(description="Kortnavn på kilde-casen")
    note: str
    history: list[EventOut] = Field(description="Statushistorikken, ældste først")
    learned_from: list[LearnedFromOut] = Field(description="Lært af")


class LearnedFromIn(Schema):
    organisation: str = Field(description=ORGANISATION_DESCRIPTION, pattern=NO_NUL, max_length=220)
    adapted: str = Field("", description="Hvad I tilpassede", max_length=NOTE_MAX, pattern=NO_NUL)


class AdoptionIn(Schema):
    organisation: str = Field(
        description=ORGANISATION_DESCRIPTION, pattern=NO_NUL, min_length=1, max_length=220
    )
    solution: str = Field(description="Løsningens kortnavn", pattern=SLUG_PATTERN, max_length=220)
    status: StatusLiteral
    date: dt.date = Field(description="Datoen for status (ikke i fremtiden)")
    reason: str = Field(
        "", description="Skal udfyldes ved status stoppet", max_length=NOTE_MAX, pattern=NO_NUL
    )
    scope_value: int | None = Field(None, ge=0, le=2**31 - 1, description="Omfang")
    scope_unit: ScopeUnitLiteral | Literal[""] = Field("", description="Hvad omfanget tæller")
    source_case: str | None = Field(
        None, description="Kortnavn på en offentliggjort case", pattern=SLUG_PATTERN, max_length=220
    )
    note: str = Field("", max_length=NOTE_MAX, pattern=NO_NUL)
    learned_from: list[LearnedFromIn] = Field([], max_length=50)


class YearOut(Schema):
    year: int
    new: int
    cumulative: int
    cumulative_by_sector: dict[str, int]
    cumulative_by_region: dict[str, int] = Field(
        description="Regionskode → antal i alt; organisationer uden region (staten) tæller ikke"
    )
    stopped: int


class ForecastRow(Schema):
    period: int
    year: int
    cumulative: float
    low: float
    high: float


class ForecastOut(Schema):
    level: float
    rows: list[ForecastRow]


class ModelOut(Schema):
    chosen: str | None = Field(description="Den model, der er valgt efter AIC")
    criterion: str
    fits: list[dict[str, Any]] = Field(
        description="Hver tilpasset model: parametre, standardfejl og tilpasningsmål"
    )
    refused: dict[str, str] = Field(description="Modeller, der ikke kunne tilpasses, og hvorfor")
    first_year: int | None
    forecast: ForecastOut | None


class DiffusionOut(Schema):
    solution: SolutionRef | None = Field(description="Løsningen; tom for alle løsninger samlet")
    adopters: int = Field(description="Organisationer, der har taget løsningen i brug")
    in_use: int
    abandoned: int
    abandonment_rate: float | None
    municipalities: int
    municipality_share: float = Field(description="Andel af de 98 kommuner")
    regions: int
    region_share: float = Field(description="Andel af de 5 regioner")
    first_adoption: dt.date | None
    years_to_10: float | None = Field(
        description="År fra første ibrugtagning til 10 % af kommunerne"
    )
    years_to_50: float | None = Field(
        description="År fra første ibrugtagning til 50 % af kommunerne"
    )
    by_year: list[YearOut]
    by_sector: dict[str, int]
    by_region: dict[str, int] = Field(description="Regionskode → antal")
    model: ModelOut | None = Field(description="Diffusionsmodellerne; tom uden en tidsserie")


# --------------------------------------------------------------------------------------------
# Output


def _organisation_ref(organisation: Organisation) -> dict[str, Any]:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "municipality_code": organisation.municipality_code or None,
    }


def adoption_list_item(adoption: Adoption) -> dict[str, Any]:
    return {
        "id": adoption.pk,
        "url": adoption.get_absolute_url(),
        "organisation": _organisation_ref(adoption.organisation),
        "solution": {"slug": adoption.solution.slug, "name": adoption.solution.name},
        "status": adoption.status,
        "status_since": adoption.status_since,
        "adopted_on": adoption.adopted_on,
        "verification": adoption.verification,
        "unconfirmed": adoption.is_unconfirmed,
        "confirmed_at": adoption.confirmed_at,
        "scope_value": adoption.scope_value,
        "scope_unit": adoption.scope_unit,
        "is_demo": adoption.is_demo,
    }


def adoption_out(pk: int, user: Any) -> dict[str, Any]:
    """The adoption in full as ``user`` may see it (404 outside that)."""
    adoption = selectors.adoption_detail(user=user, pk=pk)
    return {
        **adoption_list_item(adoption),
        "source_case": adoption.source_case.slug if adoption.source_case else None,
        "note": adoption.note,
        "history": [
            {"status": e.status, "date": e.date, "reason": e.reason}
            for e in selectors.adoption_events(user=user, adoption=adoption)
        ],
        "learned_from": [
            {"organisation": _organisation_ref(link.source), "adapted": link.adapted}
            for link in adoption.learned_from.all()
        ],
    }


class _AdoptionPage:
    """Turns only the page asked for into records; the database counts and slices."""

    def __init__(self, rows: Any) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return int(self._rows.count())

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [adoption_list_item(a) for a in self._rows[page]]


def _diffusion(stats: DiffusionStats, solution: Solution | None) -> dict[str, Any]:
    return {
        "solution": {"slug": solution.slug, "name": solution.name} if solution else None,
        **stats.as_dict(),
    }


# --------------------------------------------------------------------------------------------
# Looking things up as the caller sees them


def _organisation(resolver: OrganisationResolver, ref: str, field: str) -> Organisation:
    organisation = resolver.resolve(ref.strip())
    if organisation is None:
        raise ValidationError({field: ValidationError(unknown_organisation(ref), "unknown")})
    return organisation


def _solution(user: Any, slug: str, field: str = "solution") -> Solution:
    # A solution the caller cannot see is unknown, exactly like one that does not exist.
    found = SolutionPolicy.visible_to(user).filter(slug=slug).first()
    if found is None:
        raise ValidationError(
            {
                field: ValidationError(
                    _('Ukendt løsning "%(slug)s". Angiv kortnavnet på en løsning i kataloget.')
                    % {"slug": slug},
                    "unknown",
                )
            }
        )
    return found


def _case(user: Any, slug: str) -> Case:
    found = CasePolicy.visible_to(user).filter(slug=slug).first()
    if found is None:
        raise ValidationError(
            {
                "source_case": ValidationError(
                    _('Ukendt case "%(slug)s". Angiv kortnavnet på en offentliggjort case.')
                    % {"slug": slug},
                    "unknown",
                )
            }
        )
    return found


# --------------------------------------------------------------------------------------------
# Adoptions


@router.get(
    "/adoptions",
    response=list[AdoptionListItem],
    auth=None,
    summary=gettext_noop("Ibrugtagninger med filtre"),
    description=(
        "Verificerede ibrugtagninger af offentliggjorte løsninger. Med en API-nøgle også "
        "afventende og afviste registreringer for nøgleejerens egne organisationer og dem, "
        "ejeren selv har registreret. Filtrér på løsning, organisation, status og verificering."
    ),
    openapi_extra=OPTIONAL_TOKEN,
)
@paginate(LimitOffset)
def list_adoptions(request: HttpRequest, filters: Query[AdoptionFilters]) -> Any:
    user = reading_user(request)
    resolver = OrganisationResolver()
    solution = _solution(user, filters.solution) if filters.solution else None
    organisation = (
        _organisation(resolver, filters.organisation, "organisation")
        if filters.organisation
        else None
    )
    rows = selectors.adoption_list(
        user=user,
        solution=solution,
        organisation=organisation,
        status=filters.status,
        verification=filters.verification,
    ).order_by("pk")
    return _AdoptionPage(rows)


@router.get(
    "/adoptions/{id}",
    response=AdoptionOut,
    auth=None,
    summary=gettext_noop("Én ibrugtagning med historik"),
    description=(
        "En verificeret ibrugtagning af en offentliggjort løsning med statushistorik og »lært "
        "af«. Med en API-nøgle også egne organisationers afventende og afviste registreringer. "
        "Alt andet svarer 404."
    ),
    openapi_extra=OPTIONAL_TOKEN,
)
def get_adoption(request: HttpRequest, id: int = ID_PATH) -> dict[str, Any]:
    user = reading_user(request)
    return adoption_out(id, user)


@router.post(
    "/adoptions",
    response={201: AdoptionOut},
    auth=token_auth,
    summary=gettext_noop("Registrér en ibrugtagning (kræver API-nøgle)"),
    description=(
        "Registrerer, at en offentlig organisation har taget en løsning i brug (eller "
        "overvejer den), med første status og dato. Er nøglens ejer medlem af organisationen, "
        "er registreringen verificeret med det samme; ellers afventer den, til organisationen "
        "bekræfter den. Senere statusskift registreres på Spred."
    ),
    openapi_extra={"responses": {201: {"headers": {"Location": {"schema": {"type": "string"}}}}}},
)
def create_adoption(request: HttpRequest, payload: AdoptionIn, response: HttpResponse) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    resolver = OrganisationResolver()
    organisation = _organisation(resolver, payload.organisation, "organisation")
    solution = _solution(user, payload.solution)
    source_case = _case(user, payload.source_case) if payload.source_case else None
    learned_from = [
        (_organisation(resolver, item.organisation, f"learned_from.{i}.organisation"), item.adapted)
        for i, item in enumerate(payload.learned_from)
    ]
    adoption = services.adoption_record(
        acting_user=user,
        organisation=organisation,
        solution=solution,
        status=payload.status,
        date=payload.date,
        reason=payload.reason,
        scope_value=payload.scope_value,
        scope_unit=payload.scope_unit,
        source_case=source_case,
        note=payload.note,
        learned_from=learned_from,
    )
    response["Location"] = reverse("api:get_adoption", kwargs={"id": adoption.pk})
    # The only declared response is 201, so ninja answers with it.
    return adoption_out(adoption.pk, user)


@router.post(
    "/adoptions/{id}/confirm",
    response=AdoptionOut,
    auth=token_auth,
    summary=gettext_noop("Bekræft en ibrugtagning (kræver API-nøgle)"),
    description=(
        "Organisationen bekræfter en afventende registrering (den bliver verificeret) eller "
        "bekræfter en verificeret igen for et år. Kun medlemmer af organisationen."
    ),
)
def confirm_adoption(request: HttpRequest, id: int = ID_PATH) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    adoption = selectors.adoption_detail(user=user, pk=id)
    services.adoption_confirm(acting_user=user, adoption=adoption)
    return adoption_out(adoption.pk, user)


# --------------------------------------------------------------------------------------------
# Diffusion statistics


@router.get(
    "/solutions/{slug}/diffusion",
    response=DiffusionOut,
    auth=None,
    summary=gettext_noop("En løsnings spredning og diffusionsmodel"),
    description=(
        "Nøgletal, udvikling år for år og de tilpassede diffusionsmodeller (Bass, logistisk, "
        "Gompertz; valgt efter AIC) med prognose, beregnet ud fra verificerede "
        "ibrugtagninger. Kun for offentliggjorte løsninger; alt andet svarer 404."
    ),
)
def solution_diffusion(request: HttpRequest, slug: str = SLUG_PATH) -> dict[str, Any]:
    # The statistics are the same for everyone: computed as an anonymous visitor sees them.
    user = AnonymousUser()
    solution = statistics.public_solution_get(slug=slug)
    stats = statistics.solution_diffusion(user=user, solution=solution)
    return _diffusion(stats, solution)


@router.get(
    "/diffusion",
    response=DiffusionOut,
    auth=None,
    summary=gettext_noop("Spredning af alle løsninger samlet"),
    description=(
        "Nøgletal og udvikling for alle organisationer, der har taget mindst én "
        "offentliggjort løsning i brug (verificerede ibrugtagninger)."
    ),
)
def overall_diffusion(request: HttpRequest) -> dict[str, Any]:
    stats = statistics.overall_diffusion(user=AnonymousUser())
    return _diffusion(stats, None)
