"""Every published cell of a wave, computed and protected; the publishing service stores them.

``compute_wave`` runs the estimation engine on the full design — domains are estimated on the
whole sample, never on a cut of it — for every indicator × breakdown (the whole sector; government
level; area; size band; and level × area, for "workplaces like mine"). Then disclosure control
decides per indicator which cells to hide:

* level × area is protected as one two-way table *with its margins*. Its row totals are the
  level breakdown, its column totals the area breakdown and its grand total the whole-sector
  figure, so those three breakdowns are protected together and consistently — a level figure
  cannot be published in one table while it is hidden as a margin of the other.
* size band is protected as a one-way table with the whole-sector figure as its total.
* A cell hidden in either table is hidden everywhere it appears.

The count behind a cell is the number of respondents in its denominator (the asked population,
"ved ikke" left out). A domain of the frame with no such respondent is published as empty.
Combinations that do not exist in the frame (no municipal hospitals) get no cell at all.

``selectors.workspace.preview_wave`` gives the analyst the same cells without storing anything;
``services.publishing.publish_wave`` stores them and marks the wave published, replacing earlier
cells in one transaction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spred.barometer.analysis.disclosure import DisclosurePolicy, Protection, protect
from spred.barometer.analysis.estimation import EstimationError, StratifiedDesign, estimate_matrix
from spred.barometer.choices import (
    Area,
    Breakdown,
    CiMethod,
    GovernmentLevel,
    SizeBand,
    SuppressionReason,
)
from spred.barometer.importing.codebook import codebook_spec_from_model
from spred.barometer.models import Indicator, PublishedEstimate, Stratum, Wave
from spred.barometer.vectors import (
    DOMAIN_SEPARATOR,
    IndicatorNotMeasured,
    IndicatorVectors,
    Sample,
    build_sample,
    indicator_kind,
)

BREAKDOWN_ORDER = (
    Breakdown.TOTAL,
    Breakdown.LEVEL,
    Breakdown.AREA,
    Breakdown.SIZE,
    Breakdown.LEVEL_AREA,
)


@dataclass(frozen=True)
class Cell:
    indicator: Indicator
    breakdown: str
    domain: str
    n: int
    estimate: float | None = None
    se: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    df: int | None = None
    suppression: str = SuppressionReason.NONE
    uncertain: bool = False

    @property
    def is_suppressed(self) -> bool:
        return bool(self.suppression)

    def as_model(self, wave: Wave) -> PublishedEstimate:
        if self.suppression:
            # A hidden cell keeps nothing that could be used to work it out again — not even
            # the degrees of freedom, which follow from the number of answers.
            return PublishedEstimate(
                wave=wave,
                indicator=self.indicator,
                breakdown=self.breakdown,
                domain=self.domain,
                suppression=self.suppression,
                estimate=None,
                se=None,
                ci_low=None,
                ci_high=None,
                df=None,
                n=None,
                uncertain=False,
            )
        return PublishedEstimate(
            wave=wave,
            indicator=self.indicator,
            breakdown=self.breakdown,
            domain=self.domain,
            estimate=self.estimate,
            se=self.se,
            ci_low=self.ci_low,
            ci_high=self.ci_high,
            df=self.df,
            n=self.n,
            uncertain=self.uncertain,
        )


@dataclass
class WaveTables:
    """Every cell of a wave, and the indicators that could not be computed (and why)."""

    cells: list[Cell] = field(default_factory=list)
    skipped: list[tuple[Indicator, str]] = field(default_factory=list)
    respondents: int = 0

    def for_indicator(self, indicator: Indicator) -> list[Cell]:
        return [c for c in self.cells if c.indicator.pk == indicator.pk]

    @property
    def suppressed_count(self) -> int:
        return sum(1 for c in self.cells if c.is_suppressed)


@dataclass(frozen=True)
class Frame:
    """The domains that exist in a wave's frame, in display order."""

    levels: list[str]
    areas: list[str]
    sizes: list[str]
    level_areas: list[str]  # "level|area" combinations that exist

    @classmethod
    def of(cls, strata: Iterable[Stratum]) -> Frame:
        rows = list(strata)
        present_levels = {s.government_level for s in rows}
        present_areas = {s.area for s in rows}
        present_sizes = {s.size_band for s in rows}
        pairs = {(s.government_level, s.area) for s in rows}
        levels = [v for v in GovernmentLevel.values if v in present_levels]
        areas = [v for v in Area.values if v in present_areas]
        return cls(
            levels=levels,
            areas=areas,
            sizes=[v for v in SizeBand.values if v in present_sizes],
            level_areas=[
                f"{level}{DOMAIN_SEPARATOR}{area}"
                for level in levels
                for area in areas
                if (level, area) in pairs
            ],
        )


#: Per breakdown and domain label: per indicator column (estimate, se, low, high, df, n).
Figures = dict[str, dict[str, list[tuple[float, float, float, float, int, int]]]]


def _finite(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _estimates(
    design: StratifiedDesign,
    sample: Sample,
    columns: np.ndarray,
    kind: str,
    ci: str,
) -> Figures:
    """For each breakdown and domain label: per column (estimate, se, low, high, df, n)."""
    out: Figures = {}
    for breakdown in BREAKDOWN_ORDER:
        domains = sample.domains(breakdown)
        table = estimate_matrix(
            design,
            columns,
            domains=domains,
            kind=kind,  # type: ignore[arg-type]
            ci=ci,  # type: ignore[arg-type]
        )
        per_domain: dict[str, list[tuple[float, float, float, float, int, int]]] = {}
        for j, label in enumerate(table.domains):
            key = "" if label is None else str(label)
            per_domain[key] = [
                (
                    float(table.estimate[k, j]),
                    float(table.se[k, j]),
                    float(table.ci_low[k, j]),
                    float(table.ci_high[k, j]),
                    int(table.df[k, j]),
                    int(table.n[k, j]),
                )
                for k in range(columns.shape[1])
            ]
        out[breakdown] = per_domain
    return out


class _Protector:
    """``protect`` with a memory: indicators on the same question share their denominators,
    so most of a wave's tables have counts seen before, and the answer is the same."""

    def __init__(self, policy: DisclosurePolicy) -> None:
        self.policy = policy
        self._seen: dict[tuple[tuple[int, ...], tuple[int, ...]], Protection] = {}

    def __call__(self, counts: np.ndarray) -> Protection:
        key = (counts.shape, tuple(int(c) for c in counts.ravel()))
        if key not in self._seen:
            self._seen[key] = protect(counts, policy=self.policy, margins=True)
        return self._seen[key]


def _figure(
    figures: Figures, index: int, breakdown: str, domain: str
) -> tuple[float, float, float, float, int, int]:
    row = figures[breakdown].get(domain)
    return row[index] if row is not None else (math.nan, math.nan, math.nan, math.nan, 0, 0)


def _hidden_cells(
    figures: Figures, index: int, frame: Frame, protector: _Protector
) -> dict[tuple[str, str], str]:
    """The cells disclosure control hides, by (breakdown, domain), with the reason."""

    def n(breakdown: str, domain: str) -> int:
        return _figure(figures, index, breakdown, domain)[5]

    hidden: dict[tuple[str, str], str] = {}

    def hide(breakdown: str, domain: str, reason: str) -> None:
        # "primary" (too few answers) wins over "secondary" when two tables share the cell.
        if reason and hidden.get((breakdown, domain)) != SuppressionReason.PRIMARY:
            hidden[(breakdown, domain)] = reason

    # Level × area with margins: level (rows), area (columns) and the total.
    if frame.levels and frame.areas:
        grid = np.array(
            [
                [n(Breakdown.LEVEL_AREA, f"{lv}{DOMAIN_SEPARATOR}{ar}") for ar in frame.areas]
                for lv in frame.levels
            ]
        )
        grid_protection = protector(grid)
        for i, level in enumerate(frame.levels):
            for j, area in enumerate(frame.areas):
                hide(
                    Breakdown.LEVEL_AREA,
                    f"{level}{DOMAIN_SEPARATOR}{area}",
                    str(grid_protection.reasons[i, j]),
                )
        margins = grid_protection.margins
        assert margins is not None
        for i, level in enumerate(frame.levels):
            hide(Breakdown.LEVEL, level, str(margins.rows_reasons[i]))
        for j, area in enumerate(frame.areas):
            hide(Breakdown.AREA, area, str(margins.columns_reasons[j]))
        hide(Breakdown.TOTAL, "", margins.total_reason)
    # Size band, one-way with the total.
    if frame.sizes:
        sizes = np.array([n(Breakdown.SIZE, size) for size in frame.sizes])
        size_protection = protector(sizes)
        for i, size in enumerate(frame.sizes):
            hide(Breakdown.SIZE, size, str(size_protection.reasons[i]))
        assert size_protection.margins is not None
        hide(Breakdown.TOTAL, "", size_protection.margins.total_reason)
    return hidden


def _protected_cells(
    indicator: Indicator,
    index: int,
    figures: Figures,
    frame: Frame,
    protector: _Protector,
) -> list[Cell]:
    """The indicator's cells in every domain of the frame, hidden where disclosure control
    says so."""
    policy = protector.policy
    hidden = _hidden_cells(figures, index, frame, protector)
    domains: list[tuple[str, str]] = [(Breakdown.TOTAL, "")]
    domains += [(Breakdown.LEVEL, d) for d in frame.levels]
    domains += [(Breakdown.AREA, d) for d in frame.areas]
    domains += [(Breakdown.SIZE, d) for d in frame.sizes]
    domains += [(Breakdown.LEVEL_AREA, d) for d in frame.level_areas]
    cells = []
    for breakdown, domain in domains:
        estimate, se, low, high, df, count = _figure(figures, index, breakdown, domain)
        reason = hidden.get((breakdown, domain), "")
        if reason:
            cells.append(Cell(indicator, breakdown, domain, n=count, suppression=reason))
            continue
        if count == 0:
            # In the frame, but nobody in the denominator: published as empty.
            cells.append(Cell(indicator, breakdown, domain, n=0))
            continue
        cells.append(
            Cell(
                indicator,
                breakdown,
                domain,
                n=count,
                estimate=_finite(estimate),
                se=_finite(se),
                ci_low=_finite(low),
                ci_high=_finite(high),
                df=df if df >= 0 else None,
                uncertain=0 < count < policy.uncertain_below,
            )
        )
    return cells


def compute_wave(
    wave: Wave,
    *,
    respondents: Iterable[Any],
    strata: Iterable[Stratum],
    codebook: Any,
    indicators: Sequence[Indicator],
    lonely_policy: str | None = None,
    ci_method: str | None = None,
    policy: DisclosurePolicy | None = None,
) -> WaveTables:
    """Every cell of every indicator for a wave, after disclosure control. Raises
    ``ValidationError`` (in Danish) when the design cannot be estimated."""
    sample = build_sample(respondents)
    if len(sample) == 0:
        raise ValidationError(_("Bølgen har ingen besvarelser at beregne på."))
    policy = policy or DisclosurePolicy()
    ci = ci_method or wave.ci_method or CiMethod.LOGIT
    try:
        design = StratifiedDesign(
            strata=sample.strata,
            weights=sample.weights,
            fpc=sample.population,
            lonely=lonely_policy or wave.lonely_policy,  # type: ignore[arg-type]
        )
    except EstimationError as exc:
        raise ValidationError(str(exc)) from exc
    spec = codebook_spec_from_model(codebook)
    frame = Frame.of(strata)
    tables = WaveTables(respondents=len(sample))

    protector = _Protector(policy)
    vectors = IndicatorVectors(sample, spec)
    groups: dict[str, list[tuple[Indicator, np.ndarray]]] = {"proportion": [], "mean": []}
    for indicator in indicators:
        try:
            y = vectors.vector(indicator.question_code, indicator.value_codes)
        except IndicatorNotMeasured:
            tables.skipped.append(
                (
                    indicator,
                    _("Spørgsmålet %(code)s findes ikke i kodebogen, eller koderne passer ikke.")
                    % {"code": indicator.question_code},
                )
            )
            continue
        groups[indicator_kind(indicator.value_codes)].append((indicator, y))

    for kind, members in groups.items():
        if not members:
            continue
        columns = np.column_stack([y for _i, y in members])
        try:
            figures = _estimates(
                design, sample, columns, kind, ci if kind == "proportion" else CiMethod.WALD
            )
        except EstimationError as exc:
            raise ValidationError(str(exc)) from exc
        for index, (indicator, _y) in enumerate(members):
            tables.cells.extend(_protected_cells(indicator, index, figures, frame, protector))
    order: dict[str, int] = {str(b): i for i, b in enumerate(BREAKDOWN_ORDER)}
    positions = {ind.pk: i for i, ind in enumerate(indicators)}
    tables.cells.sort(key=lambda c: (positions[c.indicator.pk], order[c.breakdown]))
    return tables
