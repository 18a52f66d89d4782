"""Input and output schemas of the barometer's API (published figures only).

No ``from __future__ import annotations`` here: django-ninja reads the annotations at runtime.
"""

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from spred.barometer.choices import Breakdown

BreakdownLiteral = Literal[tuple(Breakdown.values)]  # type: ignore[valid-type]


class WaveOut(Schema):
    edition: int = Field(description="Udgave (år)", examples=[2023])
    slug: str
    title: str
    reference_period: str = Field(description="Den periode, spørgsmålene handler om")
    description: str
    published_at: datetime | None
    synthetic: bool = Field(description="Syntetiske demodata: besvarelserne er genereret")
    url: str = Field(description="Bølgens side")


class IndicatorOut(Schema):
    slug: str
    theme: str
    theme_label: str
    title: str = Field(description="Titel på forespørgslens sprog")
    title_da: str
    title_en: str
    description: str
    kind: Literal["share", "mean"] = Field(
        description="share: andel mellem 0 og 1; mean: gennemsnit af svarene"
    )
    headline: bool = Field(description="Et af barometerets nøgletal")
    url: str = Field(description="Indikatorens side")


class EstimateOut(Schema):
    """Én publiceret celle. En undertrykt celle har suppressed = true, grunden i reason og ingen
    tal: estimate, se, ci_low, ci_high, df og n er null."""

    wave: int = Field(description="Bølgens udgave (år)")
    wave_slug: str
    indicator: str = Field(description="Indikatorens kortnavn")
    breakdown: BreakdownLiteral  # type: ignore[valid-type]
    domain: str = Field(description="Domænet i opdelingen; tomt for total")
    domain_label: str
    estimate: float | None
    se: float | None = Field(description="Standardfejl")
    ci_low: float | None = Field(description="95 %-konfidensinterval, nedre grænse")
    ci_high: float | None = Field(description="95 %-konfidensinterval, øvre grænse")
    df: int | None = Field(description="Frihedsgrader")
    n: int | None = Field(description="Antal besvarelser")
    suppressed: bool
    reason: Literal["primary", "secondary"] | None = Field(
        description="primary: for få besvarelser; secondary: skjult for at beskytte en anden celle"
    )
    reason_label: str | None
    uncertain: bool = Field(description="Usikkert estimat: bygger på få besvarelser")
    synthetic: bool = Field(description="Syntetiske demodata")


def _wave_field() -> Any:
    return Field(
        None,
        max_length=20,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="Bølgens udgave (fx 2023) eller kortnavn",
    )


def _breakdown_field() -> Any:
    return Field(None, description="Opdeling")


def _domain_field() -> Any:
    return Field(
        None,
        max_length=60,
        pattern=r"^[-a-z0-9|+]*$",
        description="Domæne i opdelingen, fx kommune eller kommune|sundhed (kræver breakdown)",
    )


class IndicatorEstimateFilters(Schema):
    wave: str | None = _wave_field()
    breakdown: BreakdownLiteral | None = _breakdown_field()  # type: ignore[valid-type]
    domain: str | None = _domain_field()


class EstimateFilters(IndicatorEstimateFilters):
    indicator: str | None = Field(
        None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="Indikatorens kortnavn"
    )
