"""Diffusion statistics pages: overall, per technology category and per solution. Thin: read
through ``selectors.statistics`` (and the map, genealogy and recommendation selectors), build
the charts, render. The pages are public and show the same figures to everyone; only "who near
me uses it" depends on the visitor's organisation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from spred.core.pages import trail
from spred.diffusion.analysis import charts, tilemap
from spred.diffusion.analysis.statistics import (
    FORECAST_YEARS,
    MUNICIPALITY_COUNT,
    REGION_COUNT,
    DiffusionStats,
    milestone_count,
    model_label,
)
from spred.diffusion.policies import GuideProjectPolicy, can_record_somewhere
from spred.diffusion.selectors import ledger, recommendations, statistics
from spred.diffusion.selectors import map as maps

_crumbs = trail((gettext_lazy("Spredning"), "diffusion:index"))


def _region(request: HttpRequest) -> int | None:
    value = request.GET.get("region", "")
    return int(value) if value.isdigit() and 1081 <= int(value) <= 1085 else None


def _figures(stats: DiffusionStats) -> dict[str, Any]:
    """What the key-figure blocks and the model section need besides ``stats`` itself."""
    best = stats.best
    forecast = stats.forecast()
    horizon = None
    if forecast is not None and stats.by_year:
        horizon = {
            "year": stats.by_year[-1]["year"] + FORECAST_YEARS,
            "value": charts.decimal_text(forecast.cumulative[-1], 0),
            "low": charts.decimal_text(forecast.low[-1], 0),
            "high": charts.decimal_text(forecast.high[-1], 0),
            "level": charts.percent_text(forecast.level),
        }
    return {
        "stats": stats,
        "region_table": charts.region_table(stats, tilemap.region_names()),
        "municipality_count": MUNICIPALITY_COUNT,
        "region_count": REGION_COUNT,
        "municipality_share_text": charts.percent_text(stats.municipality_share),
        "region_share_text": charts.percent_text(stats.region_share),
        "abandonment_text": charts.percent_text(stats.abandonment_rate)
        if stats.abandonment_rate is not None
        else "–",
        "years_to_10_text": charts.decimal_text(stats.years_to_10)
        if stats.years_to_10 is not None
        else None,
        "years_to_50_text": charts.decimal_text(stats.years_to_50)
        if stats.years_to_50 is not None
        else None,
        "milestone_10": milestone_count(0.10),
        "milestone_50": milestone_count(0.50),
        "best": best,
        "best_label": model_label(best.model) if best is not None else "",
        "best_ceiling": charts.decimal_text(best.ceiling, 0) if best is not None else "",
        "model_table": charts.model_table(stats.selection) if stats.selection else None,
        "parameter_table": charts.parameter_table(best) if best is not None else None,
        "refusals": list(stats.selection.refused.items()) if stats.selection else [],
        "horizon": horizon,
    }


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    stats = statistics.overall_diffusion(user=user)
    return render(
        request,
        "diffusion/index.html",
        {
            **_figures(stats),
            "curve": charts.curve_chart(
                stats,
                title=_("Organisationer, der har taget en løsning i brug, år for år"),
                many=True,
            ),
            "new_chart": charts.new_adopters_chart(
                stats, title=_("Nye organisationer om året, alle løsninger")
            ),
            "technologies": statistics.technology_counts(user=user),
            "breadcrumbs": [(_("Spredning"), None)],
            **_visitor_links(user),
        },
    )


def _visitor_links(user: Any) -> dict[str, Any]:
    """The signed-in visitor's own ways in: their organisations' pages and what waits for their
    confirmation. Anonymous visitors cost no query."""
    if not getattr(user, "is_authenticated", False):
        return {"can_record": False, "my_organisations": [], "to_confirm": 0}
    mine = recommendations.my_diffusion_organisations(user=user)
    return {
        "can_record": can_record_somewhere(user),
        "my_organisations": mine,
        # Only public organisations adopt, so without one there is nothing to confirm.
        "to_confirm": ledger.adoptions_to_confirm(user=user).count() if mine else 0,
    }


@require_safe
def technology(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    category = statistics.technology_get(user=user, slug=slug)
    stats = statistics.technology_diffusion(user=user, technology=category)
    return render(
        request,
        "diffusion/technology.html",
        {
            **_figures(stats),
            "technology": category,
            "curve": charts.curve_chart(
                stats,
                title=_("Organisationer, der har taget %(name)s i brug, år for år")
                % {"name": category.label},
                many=True,
            ),
            "new_chart": charts.new_adopters_chart(
                stats, title=_("Nye organisationer om året, %(name)s") % {"name": category.label}
            ),
            "tile_map": maps.technology_map(
                user=user, technology=category, region_code=_region(request)
            ),
            "solutions": statistics.technology_solutions(user=user, technology=category),
            "breadcrumbs": _crumbs((category.label, None)),
        },
    )


@require_safe
def solution(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    found = statistics.public_solution_get(slug=slug)
    stats = statistics.solution_diffusion(user=user, solution=found)
    return render(
        request,
        "diffusion/solution.html",
        {
            **_figures(stats),
            "solution": found,
            "curve": charts.curve_chart(
                stats,
                title=_("Organisationer, der har taget %(name)s i brug, år for år")
                % {"name": found.name},
            ),
            "new_chart": charts.new_adopters_chart(
                stats, title=_("Nye organisationer om året, %(name)s") % {"name": found.name}
            ),
            "adopters": statistics.solution_adopters(user=user, solution=found),
            "tile_map": maps.solution_map(user=user, solution=found, region_code=_region(request)),
            "genealogy": maps.solution_genealogy(user=user, solution=found),
            "nearby": recommendations.near_me(user=user, solution=found),
            # Anonymous visitors see the way in too; signing in comes first.
            "can_start_guide": not user.is_authenticated or GuideProjectPolicy.can(user, "create"),
            "breadcrumbs": _crumbs((found.name, None)),
        },
    )
