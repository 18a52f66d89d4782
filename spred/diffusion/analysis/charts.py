"""The diffusion charts: cumulative adopters by sector with the chosen model and its forecast
band, and new adopters per year — each with its table alternative built from the same
``DiffusionStats``, so the two cannot disagree.

The drawing never relies on colour alone: each sector's line has its own point shape and dash
pattern, the observed total is drawn as large black diamonds, the model as a thick dashed line
and the forecast as a shaded band, and the legend and the notes name each of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spred.core import charts
from spred.core.charts import Chart, ChartTable, TableColumn, TableRow
from spred.diffusion.analysis import fitting
from spred.diffusion.analysis.statistics import (
    PARAMETER_LABELS,
    DiffusionStats,
    model_label,
    sector_label,
)
from spred.organisations.choices import Sector

#: Colour, point shape and dash pattern per sector; the colours have at least 3:1 contrast
#: against white.
SECTOR_STYLES: dict[str, tuple[str, str, tuple[int, ...]]] = {
    Sector.STATE: ("#0059b3", "circle", ()),
    Sector.REGIONAL: ("#a64b00", "square", (6, 3)),
    Sector.MUNICIPAL: ("#00756a", "triangle-up", (2, 2)),
}
_OTHER_STYLE = ("#6b3fa0", "cross", (8, 2, 2, 2))
OBSERVED_STYLE = ("#1a1a1a", "diamond", ())
MODEL_STYLE = ("#1a1a1a", "stroke", (10, 4))
BAND_COLOUR = "#c8c8c8"


def count_text(value: float) -> str:
    return formats.number_format(round(value), 0, use_l10n=True, force_grouping=True)


def decimal_text(value: float, decimals: int = 1) -> str:
    return formats.number_format(round(value, decimals), decimals, use_l10n=True)


def percent_text(share: float) -> str:
    sign = "%" if (get_language() or "da").startswith("en") else "\N{NO-BREAK SPACE}%"
    return f"{decimal_text(share * 100, 0)}{sign}"


def _style(sector: str) -> tuple[str, str, tuple[int, ...]]:
    return SECTOR_STYLES.get(sector, _OTHER_STYLE)


def _series_labels() -> tuple[str, str]:
    return _("I alt, registreret"), _("Model")


@dataclass(frozen=True)
class _Curve:
    """What the parts of the curve chart share: the series it draws and their rows, all from
    the same ``DiffusionStats`` (so the drawing and the table cannot disagree)."""

    stats: DiffusionStats
    sectors: list[str]
    sector_names: list[str]
    observed_label: str
    #: "Model: <name>", or "" when no model was chosen.
    model_series: str
    best: fitting.FitResult | None
    forecast: fitting.Forecast | None
    #: The model's cumulative adopters at the end of each observed year.
    model_values: list[float]
    last_year: int | None
    #: The drawn rows: per sector, the observed total, and the model's curve (forecast years
    #: included), then the forecast band's rows (``band_rows``, from the last observed year).
    rows: list[dict[str, Any]]
    band_rows: list[dict[str, Any]]

    @property
    def series(self) -> list[str]:
        return [
            *self.sector_names,
            self.observed_label,
            *([self.model_series] if self.model_series else []),
        ]

    @property
    def styles(self) -> list[tuple[str, str, tuple[int, ...]]]:
        return [
            *(_style(s) for s in self.sectors),
            OBSERVED_STYLE,
            *([MODEL_STYLE] if self.best else []),
        ]


def curve_chart(
    stats: DiffusionStats, *, title: str, chart_id: str = "figur-kurve", many: bool = False
) -> Chart:
    """Cumulative adopters per year by sector, the observed total, the chosen model's curve and
    its forecast band for the years ahead. ``many``: the figures count organisations using any
    of several solutions (a technology, or all of them)."""
    curve = _curve(stats)
    description = _curve_description(curve, many=many)
    spec = charts.base_spec(title=title, description=description, height=300)
    spec.update(
        {
            "data": {"values": [*curve.rows, *curve.band_rows]},
            "encoding": _curve_axes(),
            "layer": _curve_layers(curve),
        }
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        spec=spec,
        table=_curve_table(curve, title),
        notes=_curve_notes(curve),
        empty=stats.is_empty,
    )


def _curve(stats: DiffusionStats) -> _Curve:
    sectors = list(stats.by_sector)
    sector_names = [sector_label(sector) for sector in sectors]
    observed_label, model_name = _series_labels()
    best = stats.best
    model_series = f"{model_name}: {model_label(best.model)}" if best is not None else ""
    forecast = stats.forecast()
    model_values = stats.model_cumulative()
    last_year = stats.by_year[-1]["year"] if stats.by_year else None

    rows: list[dict[str, Any]] = []
    for row in stats.by_year:
        for sector, name in zip(sectors, sector_names, strict=True):
            value = row["cumulative_by_sector"].get(sector, 0)
            rows.append(_point("sector", row["year"], name, value, count_text(value)))
        value = row["cumulative"]
        rows.append(_point("observed", row["year"], observed_label, value, count_text(value)))
    for row, value in zip(stats.by_year, model_values, strict=False):
        rows.append(_point("model", row["year"], model_series, value, decimal_text(value)))
    band_rows: list[dict[str, Any]] = []
    if forecast is not None and last_year is not None:
        for period, value, low, high in zip(
            forecast.periods, forecast.cumulative, forecast.low, forecast.high, strict=True
        ):
            year = stats.year_of(period)
            # The band starts at the last observed year, so it joins the curve there.
            if year < last_year:
                continue
            band_rows.append(
                {
                    "layer": "band",
                    "year": year,
                    "low": low,
                    "high": high,
                    "value": value,
                    "text": f"{decimal_text(low)}–{decimal_text(high)}",
                }
            )
            if year > last_year:
                rows.append(_point("model", year, model_series, value, decimal_text(value)))
    return _Curve(
        stats=stats,
        sectors=sectors,
        sector_names=sector_names,
        observed_label=observed_label,
        model_series=model_series,
        best=best,
        forecast=forecast,
        model_values=model_values,
        last_year=last_year,
        rows=rows,
        band_rows=band_rows,
    )


def _point(layer: str, year: int, series: str, value: float, text: str) -> dict[str, Any]:
    return {"layer": layer, "year": year, "series": series, "value": value, "text": text}


def _curve_description(curve: _Curve, *, many: bool) -> str:
    description = (
        _(
            "Linjediagram over det samlede antal organisationer, der har taget mindst én af "
            "løsningerne i brug, fra %(first)s til %(last)s, opdelt på sektor%(model)s. "
            "Tallene står i tabellen under figuren."
        )
        if many
        else _(
            "Linjediagram over det samlede antal organisationer, der har taget løsningen i brug, "
            "fra %(first)s til %(last)s, opdelt på sektor%(model)s. Tallene står i tabellen under "
            "figuren."
        )
    )
    return description % {
        "first": curve.stats.first_year or "",
        "last": curve.last_year or "",
        "model": _(", med den valgte models kurve og prognose") if curve.best is not None else "",
    }


def _curve_axes() -> dict[str, Any]:
    return {
        "x": {
            "field": "year",
            "type": "quantitative",
            "title": _("År"),
            "scale": {"zero": False, "nice": False},
            "axis": {"format": "d", "tickMinStep": 1, "labelAngle": 0},
        },
        "y": {
            "field": "value",
            "type": "quantitative",
            "title": _("Organisationer i alt"),
            "axis": {"format": ",d", "tickMinStep": 1},
        },
    }


def _curve_layers(curve: _Curve) -> list[dict[str, Any]]:
    """The band (when there is a forecast), the sectors' lines and points, the model's line and
    the observed total, drawn in that order so the total is on top."""
    series, styles = curve.series, curve.styles
    legend_title = _("Kurve")
    colour = {
        "field": "series",
        "type": "nominal",
        "title": legend_title,
        "sort": series,
        "scale": {"domain": series, "range": [style[0] for style in styles]},
        "legend": {"orient": "bottom", "symbolOpacity": 1, "symbolStrokeWidth": 2},
    }
    shape = {
        "field": "series",
        "type": "nominal",
        "title": legend_title,
        "sort": series,
        "scale": {"domain": series, "range": [style[1] for style in styles]},
    }
    dash = {
        "field": "series",
        "type": "nominal",
        "sort": series,
        "scale": {"domain": series, "range": [list(style[2]) or [1, 0] for style in styles]},
        "legend": None,
    }
    year_title = _("År")
    tooltip = [
        {"field": "series", "type": "nominal", "title": legend_title},
        {"field": "year", "type": "ordinal", "title": year_title},
        {"field": "text", "type": "nominal", "title": _("Organisationer i alt")},
    ]
    layers: list[dict[str, Any]] = []
    if curve.band_rows:
        layers.append(
            {
                "transform": [{"filter": "datum.layer === 'band'"}],
                "mark": {"type": "area", "color": BAND_COLOUR, "opacity": 0.7},
                "encoding": {
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                    "tooltip": [
                        {"field": "year", "type": "ordinal", "title": year_title},
                        {"field": "text", "type": "nominal", "title": _("Prognoseinterval")},
                    ],
                },
            }
        )
    layers.extend(
        [
            {
                "transform": [{"filter": "datum.layer === 'sector'"}],
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {"color": colour, "strokeDash": dash},
            },
            {
                "transform": [{"filter": "datum.layer === 'sector'"}],
                "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
                "encoding": {"color": colour, "shape": shape, "tooltip": tooltip},
            },
        ]
    )
    if curve.best is not None:
        layers.append(
            {
                "transform": [{"filter": "datum.layer === 'model'"}],
                "mark": {"type": "line", "strokeWidth": 3},
                "encoding": {"color": colour, "strokeDash": dash, "tooltip": tooltip},
            }
        )
    layers.append(
        {
            "transform": [{"filter": "datum.layer === 'observed'"}],
            "mark": {"type": "point", "filled": True, "size": 110, "opacity": 1},
            "encoding": {"color": colour, "shape": shape, "tooltip": tooltip},
        }
    )
    return layers


def _curve_notes(curve: _Curve) -> tuple[str, ...]:
    notes = [
        _(
            "Sorte ruder er det registrerede antal i alt; hver sektor har sin egen farve, "
            "punktform og stregtype."
        )
    ]
    if curve.best is not None:
        notes.append(
            _("Den tykke stiplede linje er %(model)s, tilpasset de nye brugere år for år.")
            % {"model": model_label(curve.best.model)}
        )
    if curve.band_rows and curve.forecast is not None:
        notes.append(
            _(
                "Det grå bånd er modellens %(level)s-prognoseinterval for de kommende år: "
                "hvis udbredelsen fortsætter som hidtil, ventes det samlede antal at ligge "
                "inden for båndet."
            )
            % {"level": percent_text(curve.forecast.level)}
        )
    return tuple(notes)


def _curve_table(curve: _Curve, title: str) -> ChartTable:
    """Year by year: new and cumulative adopters, per sector, the model's value and — for the
    forecast years after them — the model and its band."""
    stats, best = curve.stats, curve.best
    columns = [
        TableColumn(_("År")),
        TableColumn(_("Nye"), numeric=True),
        TableColumn(curve.observed_label, numeric=True),
        *(TableColumn(name, numeric=True) for name in curve.sector_names),
    ]
    if best is not None:
        columns.append(TableColumn(curve.model_series, numeric=True))
    if curve.band_rows:
        columns.append(TableColumn(_("Prognoseinterval"), numeric=True))
    table_rows = []
    for index, row in enumerate(stats.by_year):
        cells = [
            count_text(row["new"]),
            count_text(row["cumulative"]),
            *(count_text(row["cumulative_by_sector"].get(s, 0)) for s in curve.sectors),
        ]
        if best is not None:
            values = curve.model_values
            cells.append(decimal_text(values[index]) if index < len(values) else "–")
        if curve.band_rows:
            cells.append("–")
        table_rows.append(TableRow(header=str(row["year"]), cells=tuple(cells)))
    model_by_year = {row["year"]: row for row in curve.rows if row["layer"] == "model"}
    for band in curve.band_rows:
        if band["year"] <= (curve.last_year or 0):
            continue
        cells = ["–", "–", *("–" for _s in curve.sectors)]
        if best is not None:
            cells.append(model_by_year[band["year"]]["text"])
        cells.append(band["text"])
        table_rows.append(
            TableRow(header=str(band["year"]), cells=tuple(cells), notes=(_("prognose"),))
        )
    return ChartTable(caption=title, columns=tuple(columns), rows=tuple(table_rows))


def new_adopters_chart(stats: DiffusionStats, *, title: str, chart_id: str = "figur-nye") -> Chart:
    """New adopters per calendar year as bars; the table adds those that stopped."""
    year_title = _("År")
    value_title = _("Nye organisationer")
    rows = [
        {"year": str(row["year"]), "new": row["new"], "text": count_text(row["new"])}
        for row in stats.by_year
    ]
    description = _(
        "Søjlediagram med antallet af nye brugere (organisationer) for hvert år "
        "fra %(first)s til %(last)s. Tallene står i tabellen under figuren."
    ) % {
        "first": stats.first_year or "",
        "last": stats.by_year[-1]["year"] if stats.by_year else "",
    }
    spec = charts.base_spec(title=title, description=description, height=220)
    spec.update(
        {
            "data": {"values": rows},
            "mark": {"type": "bar", "color": charts.PRIMARY},
            "encoding": {
                "x": {
                    "field": "year",
                    "type": "ordinal",
                    "sort": [row["year"] for row in rows],
                    "title": year_title,
                    "axis": {"labelAngle": 0},
                },
                "y": {
                    "field": "new",
                    "type": "quantitative",
                    "title": value_title,
                    "axis": {"format": ",d", "tickMinStep": 1},
                },
                "tooltip": [
                    {"field": "year", "type": "ordinal", "title": year_title},
                    {"field": "text", "type": "nominal", "title": value_title},
                ],
            },
        }
    )
    notes = []
    if stats.by_year:
        notes.append(
            _("%(year)s er ikke slut endnu; årets tal kan stige.")
            % {"year": stats.by_year[-1]["year"]}
        )
    table = ChartTable(
        caption=title,
        columns=(
            TableColumn(year_title),
            TableColumn(value_title, numeric=True),
            TableColumn(_("Stoppet igen"), numeric=True),
        ),
        rows=tuple(
            TableRow(
                header=str(row["year"]),
                cells=(count_text(row["new"]), count_text(row["stopped"])),
            )
            for row in stats.by_year
        ),
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        spec=spec,
        table=table,
        notes=tuple(notes),
        empty=stats.is_empty,
    )


# --------------------------------------------------------------------------------------------
# The models as tables


def estimate_text(value: float) -> str:
    """A parameter estimate with as many decimals as its size needs (m ≈ 45,3; p ≈ 0,0123)."""
    if not math.isfinite(value):
        return "–"
    size = abs(value)
    decimals = 1 if size >= 100 else 2 if size >= 1 else 4
    return decimal_text(value, decimals)


def parameter_table(fit: fitting.FitResult) -> ChartTable:
    """The chosen model's parameters with their standard errors."""
    labels = PARAMETER_LABELS.get(fit.model, {})
    return ChartTable(
        caption=_("Parametre i %(model)s med standardfejl") % {"model": model_label(fit.model)},
        columns=(
            TableColumn(_("Parameter")),
            TableColumn(_("Estimat"), numeric=True),
            TableColumn(_("Standardfejl"), numeric=True),
        ),
        rows=tuple(
            TableRow(
                header=str(labels.get(name, name)),
                cells=(estimate_text(value), estimate_text(fit.std_errors.get(name, math.nan))),
            )
            for name, value in fit.params.items()
        ),
    )


def model_table(selection: fitting.Selection) -> ChartTable:
    """All three models side by side: AIC, the difference to the best, R² and the market
    potential — or why a model was not fitted."""
    fits = {fit.model: fit for fit in selection.fits}
    best = selection.best
    rows = []
    for model in fitting.MODELS:
        fit = fits.get(model)
        if fit is None:
            reason = selection.refused.get(model, _("Modellen blev ikke tilpasset."))
            rows.append(
                TableRow(header=model_label(model), cells=("–", "–", "–", "–", str(reason)))
            )
            continue
        chosen = best is not None and fit.model == best.model
        delta = fit.aic - best.aic if best is not None else math.nan
        rows.append(
            TableRow(
                header=model_label(model),
                cells=(
                    decimal_text(fit.aic, 1),
                    decimal_text(delta, 1),
                    decimal_text(fit.r_squared, 2),
                    estimate_text(fit.params.get("m", math.nan)),
                    str(_("Valgt: lavest AIC")) if chosen else "",
                ),
            )
        )
    return ChartTable(
        caption=_("De tre modeller sammenlignet (lavere AIC er bedre)"),
        columns=(
            TableColumn(_("Model")),
            TableColumn(_("AIC"), numeric=True),
            TableColumn(_("Forskel til den valgte"), numeric=True),
            TableColumn(_("R²"), numeric=True),
            TableColumn(_("Markedspotentiale m"), numeric=True),
            TableColumn(_("Bemærkning")),
        ),
        rows=tuple(rows),
    )


def region_table(stats: DiffusionStats, region_names: dict[int, str]) -> ChartTable | None:
    """Cumulative adopters per region, year by year (organisations without a region — state
    bodies — are in the totals only). None when no adopter has a region."""
    codes = sorted({code for row in stats.by_year for code in row["cumulative_by_region"]})
    if not codes:
        return None
    return ChartTable(
        caption=_("Organisationer i alt pr. region, år for år"),
        columns=(
            TableColumn(_("År")),
            *(TableColumn(region_names.get(code, str(code)), numeric=True) for code in codes),
        ),
        rows=tuple(
            TableRow(
                header=str(row["year"]),
                cells=tuple(count_text(row["cumulative_by_region"].get(code, 0)) for code in codes),
            )
            for row in stats.by_year
        ),
    )
