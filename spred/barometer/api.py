"""/api/v1/barometer: the published waves, indicators and estimates (never microdata).

Everything here reads through ``selectors.public``, so a draft wave, its cells and indicators
that exist only in a draft are not there at all. Questions that cannot be answered from the
publication get a problem body that says what was wrong with the question and nothing about
the data: an unpublished wave answers exactly like a wave that never existed, and a cell that
was never published exactly like a cell of a breakdown nobody computes.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from spred.barometer import cells as shown
from spred.barometer.api_schemas import (
    EstimateFilters,
    EstimateOut,
    IndicatorEstimateFilters,
    IndicatorOut,
    WaveOut,
)
from spred.barometer.choices import Breakdown, Theme
from spred.barometer.models import Indicator, Wave
from spred.barometer.selectors import public as published
from spred.core.api.pagination import LimitOffset

router = Router(tags=["barometer"])

#: Query parameters the estimate lists understand; anything else is refused, so that a
#: question about something the publication does not contain is never silently ignored.
_PAGINATION = frozenset({"limit", "offset"})
_ESTIMATE_PARAMETERS = frozenset({"indicator", "wave", "breakdown", "domain"}) | _PAGINATION
_INDICATOR_ESTIMATE_PARAMETERS = frozenset({"wave", "breakdown", "domain"}) | _PAGINATION


class CellPage:
    """The published cells of a query, turned into public records only for the page asked
    for: the database counts and slices, and no suppressed figure is ever read into a
    response (``public_cell`` empties them)."""

    def __init__(self, rows: Any) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return int(self._rows.count())

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [shown.public_cell(row).as_record() for row in self._rows[page]]


def _refuse_unknown_parameters(request: HttpRequest, allowed: frozenset[str]) -> None:
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise ValidationError(
            {
                name: ValidationError(
                    _("Parameteren kendes ikke. Tilladte parametre: %(allowed)s.")
                    % {"allowed": ", ".join(sorted(allowed))},
                    code="unknown_parameter",
                )
                for name in unknown
            }
        )


def _wave_or_404(request: HttpRequest, value: str) -> Wave:
    try:
        wave = published.wave_from_parameter(user=request.user, value=value)
    except Http404 as exc:  # unknown and unpublished alike
        raise HttpError(
            404, _("Bølgen %(wave)s findes ikke blandt de publicerede bølger.") % {"wave": value}
        ) from exc
    assert wave is not None
    return wave


def _indicator_or_404(request: HttpRequest, slug: str) -> Indicator:
    found = published.published_indicators(user=request.user).filter(slug=slug).first()
    if found is None:
        raise HttpError(
            404,
            _("Indikatoren %(slug)s findes ikke blandt de publicerede indikatorer.")
            % {"slug": slug},
        )
    return found


def _check_domain(breakdown: str | None, domain: str | None) -> None:
    if domain is None:
        return
    if breakdown is None:
        raise ValidationError(
            {
                "domain": ValidationError(
                    _("Angiv også breakdown, når du angiver domain."), code="needs_breakdown"
                )
            }
        )
    if not shown.is_valid_domain(breakdown, domain):
        valid = [code for code in shown.domain_codes(breakdown) if code]
        message = _("Opdelingen %(breakdown)s har ingen domæner.") % {"breakdown": breakdown}
        if valid:
            message = _("Domænet findes ikke i opdelingen %(breakdown)s. Gyldige: %(valid)s.") % {
                "breakdown": breakdown,
                "valid": ", ".join(valid),
            }
        raise ValidationError({"domain": ValidationError(message, code="unknown_domain")})


def _estimates(
    request: HttpRequest,
    *,
    indicator: Indicator | None,
    wave_value: str | None,
    breakdown: str | None,
    domain: str | None,
) -> CellPage:
    if breakdown == Breakdown.TOTAL and domain is None:
        domain = ""
    _check_domain(breakdown, domain)
    wave = _wave_or_404(request, wave_value) if wave_value else None
    rows = published.estimate_rows(
        user=request.user, wave=wave, indicator=indicator, breakdown=breakdown, domain=domain
    )
    one_cell = indicator is not None and wave is not None and domain is not None
    if one_cell and not rows.exists():
        # One exact cell was asked for and it is not in the publication.
        raise HttpError(404, _("Der er ikke offentliggjort et estimat for den celle."))
    return CellPage(rows)


@router.get(
    "/barometer/waves",
    response=list[WaveOut],
    summary=gettext_noop("Barometerets publicerede bølger"),
    url_name="barometer_waves",
)
def list_waves(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "edition": wave.edition,
            "slug": wave.slug,
            "title": wave.title,
            "reference_period": wave.reference_period,
            "description": wave.description,
            "published_at": wave.published_at,
            "synthetic": wave.is_synthetic,
            "url": wave.get_absolute_url(),
        }
        for wave in published.published_waves(user=request.user)
    ]


def _indicator_record(indicator: Indicator) -> dict[str, Any]:
    return {
        "slug": indicator.slug,
        "theme": indicator.theme,
        "theme_label": str(dict(Theme.choices).get(indicator.theme, indicator.theme)),
        "title": indicator.title,
        "title_da": indicator.title_da,
        "title_en": indicator.title_en,
        "description": indicator.description,
        "kind": "share" if shown.is_share(indicator) else "mean",
        "headline": indicator.is_headline,
        "url": indicator.get_absolute_url(),
    }


@router.get(
    "/barometer/indicators",
    response=list[IndicatorOut],
    summary=gettext_noop("Barometerets indikatorer"),
    url_name="barometer_indicators",
)
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    return [_indicator_record(i) for i in published.published_indicators(user=request.user)]


@router.get(
    "/barometer/estimates",
    response=list[EstimateOut],
    summary=gettext_noop("Barometerets publicerede estimater med filtre"),
    url_name="barometer_estimates",
    openapi_extra={
        "responses": {
            404: {
                "description": (
                    "Bølgen eller indikatoren er ikke publiceret, eller den ene celle, der "
                    "blev spurgt efter, er ikke offentliggjort"
                )
            }
        }
    },
    description=(
        "Alle publicerede celler, nyeste bølge først. Filtrér på indikator, bølge (udgave eller "
        "kortnavn), opdeling og domæne (domæne kræver opdeling). En undertrykt celle kommer med "
        "suppressed = true og grunden, men uden tal. En bølge eller indikator, der ikke er "
        "publiceret, svarer 404; et domæne, der ikke findes i opdelingen, og ukendte parametre "
        "svarer 422."
    ),
)
@paginate(LimitOffset)
def list_estimates(request: HttpRequest, filters: Query[EstimateFilters]) -> Any:
    _refuse_unknown_parameters(request, _ESTIMATE_PARAMETERS)
    indicator = _indicator_or_404(request, filters.indicator) if filters.indicator else None
    return _estimates(
        request,
        indicator=indicator,
        wave_value=filters.wave,
        breakdown=filters.breakdown,
        domain=filters.domain,
    )


@router.get(
    "/barometer/indicators/{slug:slug}/estimates",
    response=list[EstimateOut],
    summary=gettext_noop("Én indikators publicerede estimater"),
    url_name="barometer_indicator_estimates",
)
@paginate(LimitOffset)
def list_indicator_estimates(
    request: HttpRequest,
    filters: Query[IndicatorEstimateFilters],
    slug: str = Path(
        ...,
        description="Indikatorens kortnavn",
        pattern=r"^[-a-zA-Z0-9_]+$",
        example="innovation",
    ),
) -> Any:
    _refuse_unknown_parameters(request, _INDICATOR_ESTIMATE_PARAMETERS)
    return _estimates(
        request,
        indicator=_indicator_or_404(request, slug),
        wave_value=filters.wave,
        breakdown=filters.breakdown,
        domain=filters.domain,
    )
