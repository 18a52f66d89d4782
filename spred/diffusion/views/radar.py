"""The technology radar page: thin — read the radar through ``selectors.radar``, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from spred.core.pages import trail
from spred.diffusion.analysis import radar as radar_rule
from spred.diffusion.selectors.radar import technology_radar

_crumbs = trail((gettext_lazy("Spredning"), "diffusion:index"))


def _technology_url(slug: str) -> str | None:
    # The technology's statistics page lives in the statistics area; link to it when it is there.
    try:
        return reverse("diffusion:technology", kwargs={"slug": slug})
    except NoReverseMatch:
        return None


@require_safe
def radar(request: HttpRequest) -> HttpResponse:
    radar_data = technology_radar(user=request.user)
    rows = [
        (entry, _technology_url(entry.slug))
        for entry in [*radar_data.entries, *radar_data.unplaced]
    ]
    return render(
        request,
        "diffusion/radar.html",
        {
            "radar": radar_data,
            "rows": rows,
            "chart": radar_rule.radar_chart(radar_data),
            "rule": radar_rule.rule_sentences(),
            "rings": radar_rule.RINGS,
            "weights": {
                name: radar_rule.percent(weight)
                for name, weight in radar_rule.MATURITY_WEIGHTS.items()
            },
            "municipality_count": radar_rule.MUNICIPALITY_COUNT,
            "region_count": radar_rule.REGION_COUNT,
            "breadcrumbs": _crumbs((_("Teknologiradar"), None)),
        },
    )
