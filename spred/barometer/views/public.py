"""The barometer's public pages and open-data files: thin — parse input, read published cells
through ``selectors.public``, render.

A wave that is not published, whether asked for by address or by ``?boelge=``, answers 404 the
same way as a wave that does not exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from spred.accounts.roles import is_analyst
from spred.barometer import cells as shown
from spred.barometer import charts as barometer_charts
from spred.barometer import opendata
from spred.barometer.cells import PublicCell
from spred.barometer.choices import Area, Breakdown, GovernmentLevel, SizeBand, Theme
from spred.barometer.forms.public import LikeMineForm, WaveChoiceForm
from spred.barometer.models import Indicator, Wave
from spred.barometer.selectors import public as published
from spred.core import charts as core_charts
from spred.core.pages import trail

crumbs = trail((gettext_lazy("Innovationsbarometeret"), "barometer:index"))


@dataclass(frozen=True)
class ThemeGroup:
    label: str
    indicators: list[Indicator]


def _by_theme(indicators: Iterable[Indicator]) -> list[ThemeGroup]:
    groups: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        groups[indicator.theme].append(indicator)
    order = list(Theme.values)
    return [
        ThemeGroup(
            label=str(dict(Theme.choices).get(theme, theme)),
            indicators=groups[theme],
        )
        for theme in sorted(groups, key=lambda t: (order.index(t) if t in order else 99, t))
    ]


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    wave = published.latest_wave(user=user)
    headlines: list[tuple[Indicator, PublicCell | None]] = []
    if wave is not None:
        indicators = list(published.headline_indicators(user=user))
        cells = {
            cell.indicator_slug: cell
            for cell in published.public_cells(
                user=user, wave=wave, indicators=indicators, breakdown=Breakdown.TOTAL
            )
        }
        headlines = [(ind, cells.get(ind.slug)) for ind in indicators if ind.slug in cells]
    return render(
        request,
        "barometer/index.html",
        {
            "wave": wave,
            "headlines": headlines,
            "themes": _by_theme(published.published_indicators(user=user)),
            # The publication is the same for everyone; only the way to the workspace differs.
            "workspace_link": is_analyst(user),
            "breadcrumbs": [(_("Innovationsbarometeret"), None)],
        },
    )


def _figure_links(indicator: Indicator, wave: Wave, figure: str) -> tuple[tuple[str, str], ...]:
    query = f"?boelge={wave.edition}"
    return tuple(
        (
            label,
            reverse(
                f"barometer:indicator_figure_{fmt}",
                kwargs={"slug": indicator.slug, "figure": figure},
            )
            + query,
        )
        for fmt, label in (("svg", "SVG"), ("png", "PNG"))
    )


@dataclass(frozen=True)
class MatrixRow:
    label: str
    cells: list[PublicCell | None]


def _level_area_matrix(cells: list[PublicCell]) -> list[MatrixRow]:
    by_domain = {cell.domain: cell for cell in cells}
    return [
        MatrixRow(
            label=str(area_label),
            cells=[by_domain.get(f"{level}|{area}") for level in GovernmentLevel.values],
        )
        for area, area_label in Area.choices
        if any(f"{level}|{area}" in by_domain for level in GovernmentLevel.values)
    ]


def _indicator_context(request: HttpRequest, indicator: Indicator, wave: Wave) -> dict[str, Any]:
    user = request.user
    cells = published.public_cells(user=user, indicator=indicator)
    in_wave = [cell for cell in cells if cell.wave_edition == wave.edition]
    by_breakdown: dict[str, list[PublicCell]] = defaultdict(list)
    for cell in in_wave:
        by_breakdown[cell.breakdown].append(cell)
    total = next(iter(by_breakdown.get(Breakdown.TOTAL, [])), None)

    breakdown_charts = [
        barometer_charts.breakdown_chart(
            indicator=indicator,
            wave=wave,
            breakdown=breakdown,
            cells=by_breakdown[breakdown],
            downloads=_figure_links(
                indicator, wave, barometer_charts.FIGURE_OF_BREAKDOWN[breakdown]
            ),
        )
        for breakdown in shown.SINGLE_BREAKDOWNS
        if by_breakdown.get(breakdown)
    ]
    trend_cells = [cell for cell in cells if cell.breakdown == Breakdown.TOTAL]
    trend, changes = barometer_charts.trend_chart(
        indicator=indicator,
        cells=trend_cells,
        downloads=_figure_links(indicator, wave, "udvikling"),
    )
    ordered = sorted(trend_cells, key=lambda cell: cell.wave_edition)
    change_to_wave = next(
        (
            change
            for cell, change in zip(ordered[1:], changes, strict=True)
            if cell.wave_edition == wave.edition
        ),
        None,
    )
    level_trend, level_changes = barometer_charts.level_trend_chart(
        indicator=indicator,
        cells=[cell for cell in cells if cell.breakdown == Breakdown.LEVEL],
        downloads=_figure_links(indicator, wave, "udvikling-forvaltningsniveau"),
    )
    editions = sorted({cell.wave_edition for cell in cells}, reverse=True)
    waves = [w for w in published.published_waves(user=user) if w.edition in editions]
    return {
        "indicator": indicator,
        "wave": wave,
        "total": total,
        "change": change_to_wave,
        "breakdown_charts": breakdown_charts,
        "matrix_levels": [str(label) for _code, label in GovernmentLevel.choices],
        "matrix": _level_area_matrix(by_breakdown.get(Breakdown.LEVEL_AREA, [])),
        "trend": trend if len(trend_cells) > 1 else None,
        "level_trend": None if level_trend.empty else level_trend,
        "level_changes": level_changes,
        "wave_form": WaveChoiceForm(initial={"boelge": str(wave.edition)}, waves=waves),
        "waves": waves,
        "in_wave": bool(in_wave),
        "any_uncertain": any(cell.uncertain for cell in in_wave),
        "any_suppressed": any(cell.suppressed for cell in in_wave),
        "synthetic": wave.is_synthetic or any(cell.synthetic for cell in cells),
        "policy": shown.disclosure_policy(),
        "breadcrumbs": crumbs((indicator.title, None)),
    }


@require_safe
def indicator(request: HttpRequest, slug: str) -> HttpResponse:
    found = published.indicator_detail(user=request.user, slug=slug)
    wave = published.wave_from_parameter(user=request.user, value=request.GET.get("boelge"))
    if wave is None:
        raise Http404
    return render(request, "barometer/indicator.html", _indicator_context(request, found, wave))


def _figure_spec(request: HttpRequest, slug: str, figure: str) -> dict[str, Any]:
    if figure not in barometer_charts.FIGURES:
        raise Http404
    found = published.indicator_detail(user=request.user, slug=slug)
    wave = published.wave_from_parameter(user=request.user, value=request.GET.get("boelge"))
    if wave is None:
        raise Http404
    breakdown = barometer_charts.FIGURES[figure]
    if breakdown == "trend":
        cells = published.public_cells(user=request.user, indicator=found, breakdown="total")
        chart, _changes = barometer_charts.trend_chart(indicator=found, cells=cells)
    elif breakdown == "trend_level":
        cells = published.public_cells(
            user=request.user, indicator=found, breakdown=Breakdown.LEVEL
        )
        chart, _tests = barometer_charts.level_trend_chart(indicator=found, cells=cells)
    else:
        cells = published.public_cells(
            user=request.user, indicator=found, wave=wave, breakdown=breakdown
        )
        chart = barometer_charts.breakdown_chart(
            indicator=found, wave=wave, breakdown=breakdown, cells=cells
        )
    if chart.empty:
        raise Http404
    return chart.spec


@require_safe
def indicator_figure_svg(request: HttpRequest, slug: str, figure: str) -> HttpResponse:
    svg = core_charts.render_svg(_figure_spec(request, slug, figure))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-{figure}.svg"'
    return response


@require_safe
def indicator_figure_png(request: HttpRequest, slug: str, figure: str) -> HttpResponse:
    png = core_charts.render_png(_figure_spec(request, slug, figure))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{slug}-{figure}.png"'
    return response


@dataclass(frozen=True)
class LikeMineColumn:
    label: str
    breakdown: str
    domain: str


@require_safe
def like_mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LikeMineForm(request.GET or None)
    choice: dict[str, str] = {}
    if form.is_bound:
        # A value that is not on the list is shown as an error on its field; the rest apply.
        form.is_valid()
        choice = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    wave = published.wave_from_parameter(user=user, value=request.GET.get("boelge"))
    level, area, size = choice.get("niveau"), choice.get("omraade"), choice.get("stoerrelse")
    columns: list[LikeMineColumn] = []
    if level and area:
        columns.append(
            LikeMineColumn(
                shown.domain_label(Breakdown.LEVEL_AREA, f"{level}|{area}"),
                Breakdown.LEVEL_AREA,
                f"{level}|{area}",
            )
        )
    if level:
        columns.append(LikeMineColumn(str(GovernmentLevel(level).label), Breakdown.LEVEL, level))
    if area:
        columns.append(LikeMineColumn(str(Area(area).label), Breakdown.AREA, area))
    if size:
        columns.append(LikeMineColumn(str(SizeBand(size).label), Breakdown.SIZE, size))
    columns.append(LikeMineColumn(_("Hele den offentlige sektor"), Breakdown.TOTAL, ""))
    rows: list[tuple[Indicator, list[PublicCell | None]]] = []
    if wave is not None and choice:
        indicators = list(published.headline_indicators(user=user))
        cells = {
            (cell.indicator_slug, cell.breakdown, cell.domain): cell
            for cell in published.public_cells(
                user=user,
                wave=wave,
                indicators=indicators,
                breakdowns={c.breakdown for c in columns},
            )
        }
        rows = [
            (ind, [cells.get((ind.slug, c.breakdown, c.domain)) for c in columns])
            for ind in indicators
            if (ind.slug, Breakdown.TOTAL, "") in cells
        ]
    all_cells = [cell for _ind, row in rows for cell in row if cell is not None]
    return render(
        request,
        "barometer/like_mine.html",
        {
            "form": form,
            "wave": wave,
            "columns": columns,
            "rows": rows,
            "chosen": bool(choice),
            "any_uncertain": any(cell.uncertain for cell in all_cells),
            "any_suppressed": any(cell.suppressed for cell in all_cells),
            "policy": shown.disclosure_policy(),
            "breadcrumbs": crumbs((_("Arbejdspladser som min"), None)),
        },
    )


@require_safe
def wave(request: HttpRequest, slug: str) -> HttpResponse:
    found = published.wave_detail(user=request.user, slug=slug)
    indicators = list(published.published_indicators(user=request.user))
    cells = published.public_cells(user=request.user, wave=found, breakdown=Breakdown.TOTAL)
    totals = {cell.indicator_slug: cell for cell in cells}
    answers = [cell.n for cell in cells if cell.n is not None]
    return render(
        request,
        "barometer/wave.html",
        {
            "wave": found,
            "answers": shown.format_count(max(answers)) if answers else None,
            "rows": [(ind, totals[ind.slug]) for ind in indicators if ind.slug in totals],
            "other_waves": [
                w for w in published.published_waves(user=request.user) if w.pk != found.pk
            ],
            "breadcrumbs": crumbs((found.title, None)),
        },
    )


@require_safe
def method(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "barometer/method.html",
        {
            "latest": published.latest_wave(user=request.user),
            "policy": shown.disclosure_policy(),
            "breadcrumbs": crumbs((_("Metode"), None)),
        },
    )


# --------------------------------------------------------------------------------------------
# Open data


@require_safe
def data(request: HttpRequest) -> HttpResponse:
    user = request.user
    waves = list(published.published_waves(user=user))
    return render(
        request,
        "barometer/data.html",
        {
            "waves": waves,
            "indicators": list(published.published_indicators(user=user)),
            "synthetic": any(w.is_synthetic for w in waves),
            "columns": [
                (column, opendata.COLUMN_DESCRIPTIONS[column]) for column in opendata.COLUMNS
            ],
            "licence_url": opendata.LICENCE_URL,
            "breadcrumbs": crumbs((_("Åbne data"), None)),
        },
    )


@require_safe
def estimates_csv(request: HttpRequest) -> HttpResponse:
    cells = published.public_cells(user=request.user)
    return opendata.csv_response(cells, filename="innovationsbarometer-estimater.csv")


@require_safe
def estimates_json(request: HttpRequest) -> HttpResponse:
    cells = published.public_cells(user=request.user)
    return opendata.json_response(
        cells,
        filename="innovationsbarometer-estimater.json",
        title=opendata.TITLE["da"],
        source_path=reverse("barometer:estimates_json"),
    )


@require_safe
def indicator_csv(request: HttpRequest, slug: str) -> HttpResponse:
    found = published.indicator_detail(user=request.user, slug=slug)
    cells = published.public_cells(user=request.user, indicator=found)
    return opendata.csv_response(cells, filename=f"innovationsbarometer-{found.slug}.csv")


@require_safe
def indicator_json(request: HttpRequest, slug: str) -> HttpResponse:
    found = published.indicator_detail(user=request.user, slug=slug)
    cells = published.public_cells(user=request.user, indicator=found)
    return opendata.json_response(
        cells,
        filename=f"innovationsbarometer-{found.slug}.json",
        title=f"{opendata.TITLE['da']}: {found.title_da}",
        source_path=reverse("barometer:indicator_json", kwargs={"slug": found.slug}),
    )


@require_safe
def dcat(request: HttpRequest) -> HttpResponse:
    waves = list(published.published_waves(user=request.user))
    return opendata.jsonld_response(opendata.dataset_jsonld(waves))
