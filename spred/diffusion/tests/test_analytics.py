"""Diffusion statistics computed from hand-made rows (no database): counts, shares, time to
10 % and 50 % of the municipalities, the per-year series, the models — and the charts and tables
built from them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spred.core import charts as core_charts
from spred.diffusion.analysis import charts
from spred.diffusion.analysis.statistics import (
    MUNICIPALITY_COUNT,
    PARAMETER_LABELS,
    AdoptionRow,
    DiffusionStats,
    diffusion_stats,
    milestone_count,
)

TODAY = date(2026, 6, 30)


def municipality(
    number: int,
    adopted_on: date | None,
    status: str = "i-drift",
    *,
    since: date | None = None,
    region: int = 1082,
) -> AdoptionRow:
    return AdoptionRow(
        organisation_id=number,
        kind="municipality",
        sector="municipal",
        region_code=region,
        municipality_code=str(100 + number),
        adopted_on=adopted_on,
        status=status,
        status_since=since or adopted_on,
    )


def organisation(
    number: int,
    kind: str,
    sector: str,
    adopted_on: date | None,
    status: str = "i-drift",
    *,
    region: int | None = None,
    since: date | None = None,
) -> AdoptionRow:
    return AdoptionRow(number, kind, sector, region, "", adopted_on, status, since or adopted_on)


def stats_of(rows: list[AdoptionRow], **kwargs: object) -> DiffusionStats:
    return diffusion_stats(rows, today=TODAY, **kwargs)  # type: ignore[arg-type]


def test_counts_adopters_in_use_and_abandoned() -> None:
    rows = [
        municipality(1, date(2022, 3, 1)),
        municipality(2, date(2023, 5, 1), "afproever"),
        municipality(3, date(2023, 6, 1), "stoppet", since=date(2024, 2, 1)),
        # Considering only: not an adopter, not counted anywhere.
        municipality(4, None, "overvejer", since=date(2024, 1, 1)),
        organisation(10, "region", "regional", date(2024, 1, 10), region=1082),
        organisation(11, "state_agency", "state", date(2025, 9, 1), "udbredt"),
    ]
    stats = stats_of(rows, fit=False)
    assert stats.adopters == 5
    assert stats.in_use == 4
    assert stats.abandoned == 1
    assert stats.abandonment_rate == pytest.approx(1 / 5)
    assert stats.municipalities == 3
    assert stats.municipality_share == pytest.approx(3 / 98)
    assert stats.regions == 1
    assert stats.region_share == pytest.approx(1 / 5)
    assert stats.first_adoption == date(2022, 3, 1)
    assert stats.by_sector == {"state": 1, "regional": 1, "municipal": 3}
    # The state agency has no region; the region organisation is in its own region.
    assert stats.by_region == {1082: 4}
    assert stats.selection is None


def test_the_per_year_series_runs_from_the_first_adoption_through_this_year() -> None:
    rows = [
        municipality(1, date(2022, 3, 1)),
        municipality(2, date(2022, 11, 1)),
        municipality(3, date(2024, 6, 1), "stoppet", since=date(2025, 2, 1)),
        organisation(10, "region", "regional", date(2024, 1, 10), region=1081),
    ]
    stats = stats_of(rows, fit=False)
    assert [row["year"] for row in stats.by_year] == [2022, 2023, 2024, 2025, 2026]
    assert [row["new"] for row in stats.by_year] == [2, 0, 2, 0, 0]
    assert [row["cumulative"] for row in stats.by_year] == [2, 2, 4, 4, 4]
    assert [row["stopped"] for row in stats.by_year] == [0, 0, 0, 1, 0]
    assert stats.by_year[0]["cumulative_by_sector"] == {"regional": 0, "municipal": 2}
    assert stats.by_year[2]["cumulative_by_sector"] == {"regional": 1, "municipal": 3}
    # A stopped adopter stays in the cumulative count: it did adopt.
    assert stats.by_year[-1]["cumulative"] == stats.adopters


def test_time_from_the_first_adopter_to_10_and_50_percent_of_the_municipalities() -> None:
    assert milestone_count(0.10) == 10  # 9.8 municipalities are reached by the 10th
    assert milestone_count(0.50) == 49
    first = date(2020, 1, 1)
    # A region goes first; then one municipality a month from February 2020.
    rows = [organisation(500, "region", "regional", first, region=1081)]
    for number in range(1, 31):
        year, month = 2020 + (number // 12), number % 12 + 1
        rows.append(municipality(number, date(year, month, 1)))
    stats = stats_of(rows, fit=False)
    tenth = date(2020, 11, 1)  # number 10 adopted in November 2020
    assert stats.years_to_10 == pytest.approx(round((tenth - first).days / 365.25, 2))
    assert stats.years_to_50 is None  # 30 of 98 is not half
    assert stats.municipalities == 30

    fewer = stats_of(rows[:10], fit=False)  # the region and nine municipalities
    assert fewer.years_to_10 is None


def test_an_organisation_counts_once_across_several_solutions() -> None:
    # A technology category: Aarhus adopted two of its solutions, stopped one of them.
    rows = [
        municipality(1, date(2021, 5, 1), "stoppet", since=date(2022, 1, 1)),
        municipality(1, date(2019, 4, 1), "i-drift"),
        municipality(2, date(2020, 1, 1), "stoppet", since=date(2021, 1, 1)),
        municipality(2, date(2020, 6, 1), "stoppet", since=date(2023, 8, 1)),
    ]
    stats = stats_of(rows, fit=False)
    assert stats.adopters == 2
    assert stats.first_adoption == date(2019, 4, 1)
    assert stats.in_use == 1
    # Abandoned only once every solution it adopted is stopped — in the year of the last stop.
    assert stats.abandoned == 1
    assert [row["stopped"] for row in stats.by_year if row["stopped"]] == [1]
    assert next(row["year"] for row in stats.by_year if row["stopped"]) == 2023


def test_no_rows_is_an_empty_result_without_models() -> None:
    stats = stats_of([municipality(1, None, "overvejer", since=date(2025, 1, 1))])
    assert stats.is_empty
    assert stats.adopters == 0
    assert stats.abandonment_rate is None
    assert stats.by_year == []
    assert stats.selection is None
    assert stats.forecast() is None
    data = stats.as_dict()
    assert data["model"] is None
    json.dumps(data)


def test_a_series_the_models_refuse_gives_plain_reasons_and_no_crash() -> None:
    # Everyone adopted this year: one period, fewer points than any model's parameters.
    rows = [municipality(n, date(2026, 2, n)) for n in range(1, 6)]
    stats = stats_of(rows)
    assert stats.selection is not None
    assert stats.best is None
    assert stats.forecast() is None
    assert set(stats.selection.refused) == {"bass", "logistic", "gompertz"}
    for reason in stats.selection.refused.values():
        assert len(str(reason)) > 20
    data = json.loads(json.dumps(stats.as_dict()))
    assert data["model"]["chosen"] is None
    assert data["model"]["forecast"] is None
    assert set(data["model"]["refused"]) == {"bass", "logistic", "gompertz"}
    # The comparison table names every model with its reason; the curve has no model layer.
    table = charts.model_table(stats.selection)
    assert [row.header for row in table.rows] == [
        "Bass-modellen",
        "Logistisk model",
        "Gompertz-modellen",
    ]
    assert all(row.cells[-1] for row in table.rows)
    curve = charts.curve_chart(stats, title="Kurve")
    assert not any(row.get("layer") == "model" for row in core_charts.data_values(curve.spec))


#: New adopters per year of an S-shaped spread, ending this year (2026).
S_CURVE = [1, 2, 4, 7, 10, 12, 11, 8, 5, 3]


def s_curve_rows() -> list[AdoptionRow]:
    rows = []
    number = 0
    first_year = TODAY.year - len(S_CURVE) + 1
    for offset, count in enumerate(S_CURVE):
        for _n in range(count):
            number += 1
            rows.append(municipality(number, date(first_year + offset, 3, 1 + number % 27)))
    return rows


def test_the_models_are_fitted_to_new_adopters_per_year() -> None:
    stats = stats_of(s_curve_rows())
    assert stats.adopters == sum(S_CURVE) <= MUNICIPALITY_COUNT
    assert [row["new"] for row in stats.by_year] == S_CURVE
    best = stats.best
    assert best is not None
    assert best.observed == tuple(float(n) for n in S_CURVE)
    assert best.periods == tuple(range(1, len(S_CURVE) + 1))
    # The model's curve ends near what was observed and levels off above it.
    assert stats.model_cumulative()[-1] == pytest.approx(sum(S_CURVE), rel=0.15)
    data = json.loads(json.dumps(stats.as_dict()))
    assert data["model"]["chosen"] == best.model
    assert {fit["model"] for fit in data["model"]["fits"]} | set(data["model"]["refused"]) == {
        "bass",
        "logistic",
        "gompertz",
    }
    forecast = data["model"]["forecast"]
    assert forecast["rows"][0]["year"] == stats.first_year
    assert forecast["rows"][-1]["year"] == TODAY.year + 5
    assert all(row["low"] <= row["cumulative"] <= row["high"] for row in forecast["rows"])


def test_the_curve_chart_and_its_table_carry_the_same_numbers() -> None:
    stats = stats_of(s_curve_rows())
    chart = charts.curve_chart(stats, title="Kurve")
    values = core_charts.data_values(chart.spec)
    observed = {row["year"]: row["value"] for row in values if row["layer"] == "observed"}
    assert observed == {row["year"]: row["cumulative"] for row in stats.by_year}
    table_years = [row.header for row in chart.table.rows]
    # Observed years, then the forecast years marked as such.
    assert table_years[: len(stats.by_year)] == [str(row["year"]) for row in stats.by_year]
    assert table_years[len(stats.by_year) :] == [str(TODAY.year + n) for n in range(1, 6)]
    assert all(row.notes == ("prognose",) for row in chart.table.rows[len(stats.by_year) :])
    band = [row for row in values if row["layer"] == "band"]
    assert band[0]["year"] == TODAY.year  # the band joins the curve at the last observed year
    # The observed total and the model differ in shape and dash, not only in colour.
    shapes = chart.spec["layer"][-1]["encoding"]["shape"]["scale"]
    assert "diamond" in shapes["range"]
    assert not core_charts.external_data_urls(chart.spec)
    svg = core_charts.render_svg(chart.spec)
    assert svg.startswith("<svg")

    bars = charts.new_adopters_chart(stats, title="Nye")
    assert [row["new"] for row in core_charts.data_values(bars.spec)] == S_CURVE
    assert [row.cells[0] for row in bars.table.rows] == [str(n) for n in S_CURVE]


def test_parameter_table_shows_estimates_with_standard_errors() -> None:
    stats = stats_of(s_curve_rows())
    assert stats.best is not None
    table = charts.parameter_table(stats.best)
    assert len(table.rows) == 3
    labels = PARAMETER_LABELS[stats.best.model]
    assert [row.header for row in table.rows] == [str(labels[n]) for n in stats.best.params]
    assert all(cell not in {"", "–"} for row in table.rows for cell in row.cells)
