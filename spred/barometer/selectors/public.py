"""What the public sees of the Innovation Barometer: published waves and their published cells.

Everything public — the pages, the API, the open-data files and the charts — reads through
this module, which starts from the publication's policies (``PublishedWavePolicy`` and friends
in ``policies``): only ``PublishedEstimate`` rows of waves whose status is *published*, the same
for every visitor, analysts included. Microdata (``Respondent``) are not reachable from here at
all.

A suppressed cell carries no figures in the database — no estimate, interval, n or degrees of
freedom (a check constraint) — and ``PublicCell`` drops them once more, so that nothing shown
could come from a hidden cell even if a row were written some other way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from spred.barometer.cells import PublicCell, cell_sort_key, public_cell
from spred.barometer.choices import Breakdown
from spred.barometer.models import Indicator, PublishedEstimate, Wave
from spred.barometer.policies import (
    PublishedEstimatePolicy,
    PublishedIndicatorPolicy,
    PublishedWavePolicy,
)


def published_waves(*, user: Any) -> QuerySet[Wave]:
    """Newest first."""
    return PublishedWavePolicy.visible_to(user).order_by("-edition")


def latest_wave(*, user: Any) -> Wave | None:
    return published_waves(user=user).first()


def wave_detail(*, user: Any, slug: str) -> Wave:
    return PublishedWavePolicy.get_visible_or_404(user, slug=slug)


def wave_from_parameter(*, user: Any, value: str | None) -> Wave | None:
    """The wave a visitor asked for by edition (``2023``) or slug; the newest when nothing was
    asked. An unknown, malformed or unpublished wave answers 404 alike — nothing tells a draft
    from a wave that does not exist."""
    waves = published_waves(user=user)
    if value is None or value == "":
        return waves.first()
    value = value.strip()
    if value.isdigit() and len(value) <= 5:
        found = waves.filter(edition=int(value)).first()
    else:
        found = waves.filter(slug=value[:20]).first() if value.isascii() else None
    if found is None:
        raise Http404
    return found


def published_indicators(*, user: Any) -> QuerySet[Indicator]:
    return PublishedIndicatorPolicy.visible_to(user).order_by("position", "slug")


def indicator_detail(*, user: Any, slug: str) -> Indicator:
    return PublishedIndicatorPolicy.get_visible_or_404(user, slug=slug)


def headline_indicators(*, user: Any) -> QuerySet[Indicator]:
    return published_indicators(user=user).filter(is_headline=True)


def estimate_rows(
    *,
    user: Any,
    wave: Wave | None = None,
    waves: Iterable[Wave] | None = None,
    indicator: Indicator | None = None,
    indicators: Iterable[Indicator] | None = None,
    breakdown: str | None = None,
    breakdowns: Iterable[str] | None = None,
    domain: str | None = None,
) -> QuerySet[PublishedEstimate]:
    """Published cells, filtered; the wave and indicator come along in the same query."""
    rows = PublishedEstimatePolicy.visible_to(user).select_related("wave", "indicator")
    if wave is not None:
        rows = rows.filter(wave=wave)
    if waves is not None:
        rows = rows.filter(wave__in=list(waves))
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if indicators is not None:
        rows = rows.filter(indicator__in=list(indicators))
    if breakdown is not None:
        rows = rows.filter(breakdown=breakdown)
    if breakdowns is not None:
        rows = rows.filter(breakdown__in=list(breakdowns))
    if domain is not None:
        rows = rows.filter(domain=domain)
    return rows.order_by(
        "-wave__edition", "indicator__position", "indicator__slug", "breakdown", "domain"
    )


def public_cells(*, user: Any, **filters: Any) -> list[PublicCell]:
    """Published cells as ``PublicCell``s, newest wave first, domains in display order."""
    return sorted(
        (public_cell(row) for row in estimate_rows(user=user, **filters)), key=cell_sort_key
    )


@dataclass(frozen=True)
class WaveFacts:
    answers: int | None  # the largest published total n: the answers behind the wave
    indicators: int
    suppressed_cells: int


def wave_facts(*, user: Any, wave: Wave) -> WaveFacts:
    cells = public_cells(user=user, wave=wave)
    totals = [c.n for c in cells if c.breakdown == Breakdown.TOTAL and c.n is not None]
    return WaveFacts(
        answers=max(totals) if totals else None,
        indicators=len({c.indicator_slug for c in cells}),
        suppressed_cells=sum(1 for c in cells if c.suppressed),
    )
