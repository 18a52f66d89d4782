"""Diffusion statistics: from plain adoption rows to the figures the statistics pages show.

Pure computation — no queries. ``selectors.statistics`` reads the rows (verified adoptions of
public solutions only) and hands them here; the API and the benchmark use the same function.

The unit is the **organisation**. For one solution an organisation has one adoption, so this is
simply its adopters; for a technology category or for everything, an organisation counts once,
from the first date it adopted any of the solutions, and it is *in use* while any of them is in
use and *abandoned* when every one it adopted is stopped.

The diffusion models (``fitting.fit_best``) are fitted on the number of new adopters per calendar
year: t = 1 is the year of the first adoption (launch at t = 0), through the current year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import numpy as np
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spred.diffusion.analysis import fitting
from spred.diffusion.choices import IN_USE_STATUSES, AdoptionStatus
from spred.organisations.choices import OrganisationKind, Sector

#: Denmark's municipalities and regions: the denominators of the shares.
MUNICIPALITY_COUNT = 98
REGION_COUNT = 5
#: Shares of the municipalities whose time from the first adopter is reported.
MILESTONES = (0.10, 0.50)
#: Years after the current one that the chosen model's forecast covers.
FORECAST_YEARS = 5
#: Level of the forecast band.
FORECAST_LEVEL = 0.95

_DAYS_PER_YEAR = 365.25
_SECTOR_ORDER = {value: index for index, value in enumerate(Sector.values)}


class AdoptionRow(NamedTuple):
    """One adoption as the statistics need it (``selectors.statistics.ROW_FIELDS`` in order)."""

    organisation_id: int
    kind: str
    sector: str
    region_code: int | None
    municipality_code: str
    adopted_on: date | None
    status: str
    status_since: date | None


@dataclass(frozen=True)
class _Adopter:
    """An organisation with everything the statistics ask of it, after its rows are merged."""

    organisation_id: int
    kind: str
    sector: str
    region_code: int | None
    municipality_code: str
    adopted_on: date
    in_use: bool
    #: The date it stopped the last solution it used, when it abandoned all of them.
    stopped_on: date | None


def _adopters(rows: Iterable[AdoptionRow]) -> list[_Adopter]:
    merged: dict[int, list[tuple[date, AdoptionRow]]] = {}
    for row in rows:
        if row.adopted_on is not None:
            merged.setdefault(row.organisation_id, []).append((row.adopted_on, row))
    adopters = []
    for organisation_id, own in merged.items():
        first = own[0][1]
        stopped_on = None
        if all(row.status == AdoptionStatus.STOPPED for _adopted, row in own):
            stopped_on = max(row.status_since or adopted for adopted, row in own)
        adopters.append(
            _Adopter(
                organisation_id=organisation_id,
                kind=first.kind,
                sector=first.sector,
                region_code=first.region_code,
                municipality_code=first.municipality_code,
                adopted_on=min(adopted for adopted, _row in own),
                in_use=any(row.status in IN_USE_STATUSES for _adopted, row in own),
                stopped_on=stopped_on,
            )
        )
    return adopters


def _is_municipality(adopter: _Adopter) -> bool:
    return adopter.kind == OrganisationKind.MUNICIPALITY and bool(adopter.municipality_code)


def milestone_count(share: float, total: int = MUNICIPALITY_COUNT) -> int:
    """How many of ``total`` make ``share`` of them: 10 % of 98 is reached by the 10th."""
    return max(1, math.ceil(share * total - 1e-9))


@dataclass(frozen=True)
class DiffusionStats:
    adopters: int
    in_use: int
    abandoned: int
    abandonment_rate: float | None
    municipalities: int
    municipality_share: float
    regions: int
    region_share: float
    first_adoption: date | None
    years_to_10: float | None
    years_to_50: float | None
    #: One dict per calendar year from the first adoption through the current year: ``year``,
    #: ``new`` adopters, ``cumulative`` adopters (ever), ``cumulative_by_sector`` (sector value
    #: -> cumulative adopters) and ``stopped`` (adopters that abandoned it that year).
    by_year: list[dict[str, Any]]
    by_sector: dict[str, int]
    by_region: dict[int, int]
    #: The models fitted to ``new`` per year; None when there is no series at all.
    selection: fitting.Selection | None

    @property
    def is_empty(self) -> bool:
        return self.adopters == 0

    @property
    def first_year(self) -> int | None:
        return self.by_year[0]["year"] if self.by_year else None

    @property
    def best(self) -> fitting.FitResult | None:
        return self.selection.best if self.selection is not None else None

    def year_of(self, period: float) -> int:
        """The calendar year of model period ``period`` (t = 1 is the first adoption's year)."""
        assert self.first_year is not None
        return self.first_year - 1 + round(period)

    def forecast(self) -> fitting.Forecast | None:
        """The chosen model's forecast band for the years after the last observed one."""
        if self.best is None:
            return None
        return self.best.forecast(FORECAST_YEARS, FORECAST_LEVEL)

    def model_cumulative(self) -> list[float]:
        """The chosen model's cumulative adopters at the end of each observed year."""
        if self.best is None:
            return []
        periods = np.arange(1, len(self.by_year) + 1, dtype=float)
        return [float(value) for value in self.best.cumulative(periods)]

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready values (the API's diffusion statistics)."""
        return {
            "adopters": self.adopters,
            "in_use": self.in_use,
            "abandoned": self.abandoned,
            "abandonment_rate": self.abandonment_rate,
            "municipalities": self.municipalities,
            "municipality_share": self.municipality_share,
            "regions": self.regions,
            "region_share": self.region_share,
            "first_adoption": self.first_adoption.isoformat() if self.first_adoption else None,
            "years_to_10": self.years_to_10,
            "years_to_50": self.years_to_50,
            "by_year": [
                {
                    **row,
                    "cumulative_by_sector": dict(row["cumulative_by_sector"]),
                    "cumulative_by_region": {
                        str(code): n for code, n in row["cumulative_by_region"].items()
                    },
                }
                for row in self.by_year
            ],
            "by_sector": dict(self.by_sector),
            "by_region": {str(code): count for code, count in self.by_region.items()},
            "model": self._model_dict(),
        }

    def _model_dict(self) -> dict[str, Any] | None:
        if self.selection is None:
            return None
        best = self.selection.best
        forecast = self.forecast()
        return {
            "chosen": best.model if best is not None else None,
            "criterion": "aic",
            "fits": [fit.as_dict() for fit in self.selection.fits],
            "refused": {name: str(reason) for name, reason in self.selection.refused.items()},
            "first_year": self.first_year,
            "forecast": None
            if forecast is None
            else {
                "level": forecast.level,
                "rows": [
                    {
                        "period": int(period),
                        "year": self.year_of(period),
                        "cumulative": cumulative,
                        "low": low,
                        "high": high,
                    }
                    for period, cumulative, low, high in zip(
                        forecast.periods,
                        forecast.cumulative,
                        forecast.low,
                        forecast.high,
                        strict=True,
                    )
                ],
            },
        }


def diffusion_stats(
    rows: Iterable[AdoptionRow], *, today: date, fit: bool = True
) -> DiffusionStats:
    """The statistics of ``rows`` (verified adoptions) as of ``today``. ``fit=False`` leaves the
    models out (``selection`` None), for lists that show counts only."""
    adopters = _adopters(rows)
    count = len(adopters)
    if not count:
        return DiffusionStats(
            adopters=0,
            in_use=0,
            abandoned=0,
            abandonment_rate=None,
            municipalities=0,
            municipality_share=0.0,
            regions=0,
            region_share=0.0,
            first_adoption=None,
            years_to_10=None,
            years_to_50=None,
            by_year=[],
            by_sector={},
            by_region={},
            selection=None,
        )
    in_use = sum(1 for adopter in adopters if adopter.in_use)
    abandoned = sum(1 for adopter in adopters if adopter.stopped_on is not None)
    first_adoption = min(adopter.adopted_on for adopter in adopters)
    municipal_dates = sorted(a.adopted_on for a in adopters if _is_municipality(a))
    regions = sum(1 for a in adopters if a.kind == OrganisationKind.REGION)

    milestones: list[float | None] = []
    for share in MILESTONES:
        needed = milestone_count(share)
        if len(municipal_dates) >= needed:
            days = (municipal_dates[needed - 1] - first_adoption).days
            milestones.append(round(days / _DAYS_PER_YEAR, 2))
        else:
            milestones.append(None)

    first_year = first_adoption.year
    last_year = max(today.year, max(a.adopted_on.year for a in adopters))
    span = last_year - first_year + 1
    adoption_index = np.fromiter(
        (a.adopted_on.year - first_year for a in adopters), dtype=np.int64, count=count
    )
    new = np.bincount(adoption_index, minlength=span)
    cumulative = np.cumsum(new)
    stop_years = [a.stopped_on.year - first_year for a in adopters if a.stopped_on is not None]
    stopped = np.bincount(np.asarray(stop_years, dtype=np.int64), minlength=span)[:span]

    sectors = sorted(
        {a.sector for a in adopters}, key=lambda s: (_SECTOR_ORDER.get(s, len(_SECTOR_ORDER)), s)
    )
    sector_index = np.fromiter(
        (sectors.index(a.sector) for a in adopters), dtype=np.int64, count=count
    )
    # One row per sector, one column per year: cumulative adopters of that sector.
    by_sector_year = np.zeros((len(sectors), span), dtype=np.int64)
    np.add.at(by_sector_year, (sector_index, adoption_index), 1)
    by_sector_cumulative = np.cumsum(by_sector_year, axis=1)
    # The same per region, for the adopters that have one (state bodies have none).
    region_codes = sorted({a.region_code for a in adopters if a.region_code is not None})
    by_region_year = np.zeros((len(region_codes), span), dtype=np.int64)
    for adopter, year_index in zip(adopters, adoption_index, strict=True):
        if adopter.region_code is not None:
            by_region_year[region_codes.index(adopter.region_code), year_index] += 1
    by_region_cumulative = np.cumsum(by_region_year, axis=1)

    by_year = [
        {
            "year": first_year + offset,
            "new": int(new[offset]),
            "cumulative": int(cumulative[offset]),
            "cumulative_by_sector": {
                sector: int(by_sector_cumulative[index, offset])
                for index, sector in enumerate(sectors)
            },
            "cumulative_by_region": {
                code: int(by_region_cumulative[index, offset])
                for index, code in enumerate(region_codes)
            },
            "stopped": int(stopped[offset]),
        }
        for offset in range(span)
    ]
    by_region: dict[int, int] = {}
    for adopter in adopters:
        if adopter.region_code is not None:
            by_region[adopter.region_code] = by_region.get(adopter.region_code, 0) + 1

    selection = _fit(new, count) if fit else None
    return DiffusionStats(
        adopters=count,
        in_use=in_use,
        abandoned=abandoned,
        abandonment_rate=abandoned / count,
        municipalities=len(municipal_dates),
        municipality_share=len(municipal_dates) / MUNICIPALITY_COUNT,
        regions=regions,
        region_share=regions / REGION_COUNT,
        first_adoption=first_adoption,
        years_to_10=milestones[0],
        years_to_50=milestones[1],
        by_year=by_year,
        by_sector={sector: int(by_sector_cumulative[i, -1]) for i, sector in enumerate(sectors)},
        by_region=dict(sorted(by_region.items())),
        selection=selection,
    )


# --------------------------------------------------------------------------------------------
# Words for the models, shared by the pages and the charts


MODEL_LABELS: dict[str, Any] = {
    "bass": _("Bass-modellen"),
    "logistic": _("Logistisk model"),
    "gompertz": _("Gompertz-modellen"),
}

PARAMETER_LABELS: dict[str, dict[str, Any]] = {
    "bass": {
        "m": _("m — markedspotentiale: hvor mange der i alt ender med at tage den i brug"),
        "p": _("p — innovationskoefficient: lysten til at gå foran uden at have set andre"),
        "q": _("q — imitationskoefficient: hvor meget andres erfaring trækker nye med"),
    },
    "logistic": {
        "m": _("m — markedspotentiale: hvor mange der i alt ender med at tage den i brug"),
        "r": _("r — vækstrate"),
        "t0": _("t₀ — vendepunktet: perioden med flest nye brugere"),
    },
    "gompertz": {
        "m": _("m — markedspotentiale: hvor mange der i alt ender med at tage den i brug"),
        "b": _("b — forskydning: hvor sent væksten tager fart"),
        "c": _("c — vækstrate"),
    },
}


def model_label(model: str) -> str:
    return str(MODEL_LABELS.get(model, model))


def sector_label(sector: str) -> str:
    try:
        return str(Sector(sector).label)
    except ValueError:
        return sector


def sector_labels(sectors: Sequence[str]) -> list[str]:
    return [sector_label(sector) for sector in sectors]


#: Below this many adopters no model is fitted: with a handful of organisations each year's
#: count is 0, 1 or 2, and three parameters fitted to that are noise — a "market potential" of
#: 2.4 and a forecast band from 0 to 70 confuse more than they tell. The pages and the API
#: give the reason instead.
MIN_ADOPTERS_FOR_MODEL = 10


def _fit(new: Sequence[int] | np.ndarray, adopters: int) -> fitting.Selection:
    if adopters >= MIN_ADOPTERS_FOR_MODEL:
        return fitting.fit_best([float(n) for n in new])
    reason = ngettext(
        "For få tal: der er kun %(n)d organisation. Vi tilpasser først en model ved mindst "
        "%(min)d; med færre bliver markedspotentialet og prognosen gætværk.",
        "For få tal: der er kun %(n)d organisationer. Vi tilpasser først en model ved mindst "
        "%(min)d; med færre bliver markedspotentialet og prognosen gætværk.",
        adopters,
    ) % {"n": adopters, "min": MIN_ADOPTERS_FOR_MODEL}
    return fitting.Selection(best=None, fits=(), refused=dict.fromkeys(fitting.MODELS, reason))
