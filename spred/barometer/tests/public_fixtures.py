"""Published barometer cells for the public pages' tests, made directly with the ORM.

Two published waves (2021 and 2023, both synthetic), three indicators (two headline shares and
one mean), every breakdown, some suppressed cells — and a draft wave (2025) whose figures are
distinctive numbers that must never appear anywhere public.

Figures are chosen so that tests can look for them as text: the draft's total estimate is
0.4242 (42 %), and its suppressed-looking cells are all in the draft only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from spred.barometer.choices import (
    Area,
    Breakdown,
    GovernmentLevel,
    SizeBand,
    SuppressionReason,
    WaveStatus,
)
from spred.barometer.models import Indicator, PublishedEstimate, Wave
from spred.core.testing import without_audit

#: A value that appears only in the draft wave; if it shows anywhere public, something leaked.
DRAFT_ESTIMATE = 0.4242
DRAFT_N = 4321

#: The suppressed level × area cell of 2023 (state × culture).
SUPPRESSED_DOMAIN = "stat|kultur"
#: The secondary-suppressed cell next to it.
SECONDARY_DOMAIN = "stat|sikkerhed"


@dataclass
class BarometerWorld:
    wave_2021: Wave
    wave_2023: Wave
    draft: Wave
    share: Indicator  # headline share, every breakdown
    collaboration: Indicator  # headline share
    mean: Indicator  # not headline, a mean on a 1–5 scale
    draft_only: Indicator  # has cells only in the draft wave
    cells: dict[tuple[int, str, str, str], PublishedEstimate] = field(default_factory=dict)

    def cell(self, edition: int, indicator: Indicator, breakdown: str, domain: str = "") -> Any:
        return self.cells[(edition, indicator.slug, breakdown, domain)]


def _share_cell(estimate: float, n: int, *, se: float | None = None) -> dict[str, Any]:
    se = se if se is not None else round((estimate * (1 - estimate) / n) ** 0.5, 4)
    return {
        "estimate": estimate,
        "se": se,
        "ci_low": max(0.0, round(estimate - 1.96 * se, 4)),
        "ci_high": min(1.0, round(estimate + 1.96 * se, 4)),
        "df": max(1, n - 20),
        "n": n,
    }


def _add(
    world: BarometerWorld,
    wave: Wave,
    indicator: Indicator,
    breakdown: str,
    domain: str,
    figures: dict[str, Any] | None,
    *,
    suppression: str = "",
    uncertain: bool = False,
) -> PublishedEstimate:
    if suppression:
        # Like publishing does: a suppressed cell stores no figures (the database insists).
        values: dict[str, Any] = {}
    else:
        assert figures is not None
        values = dict(figures)
    row = PublishedEstimate.objects.create(
        wave=wave,
        indicator=indicator,
        breakdown=breakdown,
        domain=domain,
        suppression=suppression,
        uncertain=uncertain,
        **values,
    )
    world.cells[(wave.edition, indicator.slug, breakdown, domain)] = row
    return row


def _fill_wave(world: BarometerWorld, wave: Wave, indicator: Indicator, base: float) -> None:
    """Every breakdown for one indicator in one wave; shares around ``base``."""
    _add(world, wave, indicator, Breakdown.TOTAL, "", _share_cell(base, 1800))
    for i, level in enumerate(GovernmentLevel.values):
        _add(
            world, wave, indicator, Breakdown.LEVEL, level, _share_cell(base - 0.05 + 0.05 * i, 600)
        )
    for i, area in enumerate(Area.values):
        if area == Area.SAFETY and wave.edition == 2023 and indicator == world.share:
            _add(world, wave, indicator, Breakdown.AREA, area, None, suppression="primary")
            continue
        n = 150 + 10 * i
        uncertain = area == Area.CULTURE
        _add(
            world,
            wave,
            indicator,
            Breakdown.AREA,
            area,
            _share_cell(round(base - 0.1 + 0.03 * i, 4), 15 if uncertain else n),
            uncertain=uncertain,
        )
    for i, size in enumerate(SizeBand.values):
        _add(world, wave, indicator, Breakdown.SIZE, size, _share_cell(base - 0.06 + 0.04 * i, 450))
    for level in GovernmentLevel.values:
        for area in (Area.HEALTH, Area.CULTURE, Area.SAFETY):
            domain = f"{level}|{area}"
            if wave.edition == 2023 and indicator == world.share and domain == SUPPRESSED_DOMAIN:
                _add(
                    world,
                    wave,
                    indicator,
                    Breakdown.LEVEL_AREA,
                    domain,
                    None,
                    suppression="primary",
                )
            elif wave.edition == 2023 and indicator == world.share and domain == SECONDARY_DOMAIN:
                _add(
                    world,
                    wave,
                    indicator,
                    Breakdown.LEVEL_AREA,
                    domain,
                    None,
                    suppression=SuppressionReason.SECONDARY,
                )
            else:
                _add(world, wave, indicator, Breakdown.LEVEL_AREA, domain, _share_cell(base, 60))


def _indicator(slug: str, **fields: Any) -> Indicator:
    # The indicator definitions are seeded by a migration; the tests set their own texts.
    indicator, _created = Indicator.objects.update_or_create(slug=slug, defaults=fields)
    return indicator


@without_audit
def make_barometer_world() -> BarometerWorld:
    now = timezone.now()
    wave_2021 = Wave.objects.create(
        edition=2021,
        slug="2021",
        title="Innovationsbarometeret 2021",
        reference_period="2019–2020",
        status=WaveStatus.PUBLISHED,
        published_at=now - dt.timedelta(days=800),
        is_synthetic=True,
    )
    wave_2023 = Wave.objects.create(
        edition=2023,
        slug="2023",
        title="Innovationsbarometeret 2023",
        reference_period="2021–2022",
        description="Anden bølge med syntetiske besvarelser.",
        status=WaveStatus.PUBLISHED,
        published_at=now - dt.timedelta(days=30),
        is_synthetic=True,
    )
    draft = Wave.objects.create(
        edition=2025,
        slug="2025",
        title="Innovationsbarometeret 2025",
        reference_period="2023–2024",
        status=WaveStatus.DRAFT,
        is_synthetic=True,
    )
    share = _indicator(
        "innovation",
        theme="innovation",
        title_da="Arbejdspladser med mindst én innovation",
        title_en="Workplaces with at least one innovation",
        description_da="Andelen af arbejdspladser, der har indført mindst én innovation.",
        description_en="The share of workplaces that introduced at least one innovation.",
        question_code="Q1",
        value_codes=["1"],
        position=1,
        is_headline=True,
    )
    collaboration = _indicator(
        "collab-private",
        theme="samarbejde",
        title_da="Samarbejde med private virksomheder",
        title_en="Collaboration with private companies",
        question_code="Q5",
        value_codes=["1"],
        position=2,
        is_headline=True,
    )
    mean = _indicator(
        "value-quality",
        theme="vaerdi",
        title_da="Gennemsnitlig vurdering af kvalitet",
        title_en="Average rating of quality",
        question_code="Q9",
        value_codes=[],
        position=3,
        is_headline=False,
    )
    draft_only = _indicator(
        "kun-kladde",
        theme="barrierer",
        title_da="Hemmelig kladdeindikator",
        question_code="Q99",
        value_codes=["1"],
        position=4,
        is_headline=True,
    )
    world = BarometerWorld(
        wave_2021=wave_2021,
        wave_2023=wave_2023,
        draft=draft,
        share=share,
        collaboration=collaboration,
        mean=mean,
        draft_only=draft_only,
    )
    _fill_wave(world, wave_2021, share, 0.75)
    _fill_wave(world, wave_2023, share, 0.81)
    _add(world, wave_2021, collaboration, Breakdown.TOTAL, "", _share_cell(0.40, 1700))
    _add(world, wave_2023, collaboration, Breakdown.TOTAL, "", _share_cell(0.41, 1750))
    _add(world, wave_2023, collaboration, Breakdown.LEVEL, "kommune", _share_cell(0.44, 900))
    _add(world, wave_2023, collaboration, Breakdown.AREA, "sundhed", _share_cell(0.47, 200))
    _add(world, wave_2023, collaboration, Breakdown.SIZE, "10-49", _share_cell(0.38, 500))
    _add(
        world,
        wave_2023,
        collaboration,
        Breakdown.LEVEL_AREA,
        "kommune|sundhed",
        None,
        suppression=SuppressionReason.PRIMARY,
    )
    mean_figures = {
        "estimate": 3.62,
        "se": 0.04,
        "ci_low": 3.54,
        "ci_high": 3.70,
        "df": 900,
        "n": 1650,
    }
    _add(world, wave_2023, mean, Breakdown.TOTAL, "", mean_figures)
    _add(
        world,
        wave_2023,
        mean,
        Breakdown.LEVEL,
        "stat",
        {"estimate": 3.4, "se": 0.1, "ci_low": 3.2, "ci_high": 3.6, "df": 300, "n": 400},
    )
    # The draft: distinctive figures in every breakdown that must never be seen.
    draft_figures = {
        "estimate": DRAFT_ESTIMATE,
        "se": 0.0123,
        "ci_low": 0.3999,
        "ci_high": 0.4488,
        "df": 4300,
        "n": DRAFT_N,
    }
    for indicator in (share, collaboration, draft_only):
        _add(world, draft, indicator, Breakdown.TOTAL, "", draft_figures)
        _add(world, draft, indicator, Breakdown.LEVEL, "region", draft_figures)
    return world
