"""The barometer's charts: error bars and trend bands from published cells, the table beside
them, the test of change, and nothing of a suppressed cell in any spec."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

import pytest
from django.utils import translation
from scipy import stats

from spred.barometer import cells as shown
from spred.barometer import charts as barometer_charts
from spred.barometer.cells import PublicCell
from spred.barometer.choices import Breakdown
from spred.barometer.selectors import public as published
from spred.barometer.tests.public_fixtures import (
    DRAFT_ESTIMATE,
    SECONDARY_DOMAIN,
    SUPPRESSED_DOMAIN,
    BarometerWorld,
    make_barometer_world,
)
from spred.core import charts


@pytest.fixture
def world(db: None) -> BarometerWorld:
    return make_barometer_world()


def cells_of(world: BarometerWorld, **filters: Any) -> list[PublicCell]:
    return published.public_cells(user=None, **filters)


def breakdown(world: BarometerWorld, name: str, edition: int = 2023) -> Any:
    wave = world.wave_2023 if edition == 2023 else world.wave_2021
    cells = cells_of(world, indicator=world.share, wave=wave, breakdown=name)
    return barometer_charts.breakdown_chart(
        indicator=world.share, wave=wave, breakdown=name, cells=cells
    ), cells


def test_a_suppressed_cell_is_never_drawn(world: BarometerWorld) -> None:
    chart, cells = breakdown(world, Breakdown.AREA)
    suppressed = [c for c in cells if c.suppressed]
    assert [c.domain for c in suppressed] == ["sikkerhed"]
    drawn = charts.data_values(chart.spec)
    labels = {row["label"] for row in drawn}
    assert suppressed[0].label not in labels
    assert len(drawn) == len(cells) - 1
    # Not in the spec at all, not even the label in the axis order.
    assert suppressed[0].label not in json.dumps(chart.spec, ensure_ascii=False)
    # The table still lists it, as "–" with the reason.
    row = next(r for r in chart.table.rows if r.header == suppressed[0].label)
    assert row.cells == ("–", "–", "–")
    assert row.notes == ("Ikke offentliggjort: for få besvarelser.",)
    assert any("1 gruppe er ikke vist" in note for note in chart.notes)


def test_the_table_alternative_carries_the_same_numbers_as_the_chart(
    world: BarometerWorld,
) -> None:
    for name in shown.SINGLE_BREAKDOWNS:
        chart, cells = breakdown(world, name)
        drawn = charts.data_values(chart.spec)
        table = {row.header: row for row in chart.table.rows}
        for value in drawn:
            cell = next(c for c in cells if c.label == value["label"])
            assert value["estimate"] == cell.estimate
            assert (value["ci_low"], value["ci_high"]) == (cell.ci_low, cell.ci_high)
            assert table[value["label"]].cells[:2] == (cell.value_text, cell.interval_text)
            assert value["text"] == cell.text
        # Every cell is in the table, drawn or not, in the breakdown's order.
        assert [row.header for row in chart.table.rows] == [c.label for c in cells]
        assert chart.spec["encoding"]["y"]["sort"] == [v["label"] for v in drawn]


def test_an_uncertain_cell_is_drawn_and_flagged_in_the_table(world: BarometerWorld) -> None:
    chart, cells = breakdown(world, Breakdown.AREA)
    culture = next(c for c in cells if c.domain == "kultur")
    assert culture.uncertain
    assert culture.n == 15
    assert culture.label in {row["label"] for row in charts.data_values(chart.spec)}
    row = next(r for r in chart.table.rows if r.header == culture.label)
    assert row.notes == ("Usikkert estimat: bygger på under 20 besvarelser.",)


def test_synthetic_data_are_labelled_in_the_chart_and_its_caption(world: BarometerWorld) -> None:
    chart, _cells = breakdown(world, Breakdown.LEVEL)
    assert chart.spec["title"]["subtitle"] == "Syntetiske demodata — ikke rigtige tal."
    assert "Syntetiske demodata — ikke rigtige tal." in chart.notes
    world.wave_2023.is_synthetic = False
    world.wave_2023.save()
    cells = cells_of(world, indicator=world.share, wave=world.wave_2023, breakdown="level")
    real = barometer_charts.breakdown_chart(
        indicator=world.share, wave=world.wave_2023, breakdown="level", cells=cells
    )
    assert "subtitle" not in real.spec["title"]
    assert not any("Syntetiske" in note for note in real.notes)


def test_the_trend_is_oldest_first_with_the_test_of_change(world: BarometerWorld) -> None:
    cells = cells_of(world, indicator=world.share, breakdown=Breakdown.TOTAL)
    chart, changes = barometer_charts.trend_chart(indicator=world.share, cells=cells)
    drawn = charts.data_values(chart.spec)
    assert [row["period"] for row in drawn] == ["2021", "2023"]
    assert DRAFT_ESTIMATE not in [row["estimate"] for row in drawn]
    (change,) = changes
    assert change is not None
    a = world.cell(2021, world.share, "total")
    b = world.cell(2023, world.share, "total")
    se = math.sqrt(a.se**2 + b.se**2)
    df = min(a.df, b.df)
    assert change.diff == pytest.approx(0.06)
    assert change.se == pytest.approx(se)
    assert change.statistic == pytest.approx(0.06 / se)
    assert change.p_value == pytest.approx(2 * stats.t.sf(0.06 / se, df))
    assert change.df == df
    half = stats.t.ppf(0.975, df) * se
    assert (change.ci_low, change.ci_high) == (
        pytest.approx(0.06 - half),
        pytest.approx(0.06 + half),
    )
    assert change.significant
    rows = {row.header: row for row in chart.table.rows}
    assert rows["2021"].cells[2:] == ("–", "–")
    assert rows["2023"].cells[2] == "+6,0 procentpoint"
    assert rows["2023"].cells[3] == "p < 0,001, statistisk signifikant på 5 %-niveau"


def test_a_change_that_chance_can_explain_is_called_not_significant(
    world: BarometerWorld,
) -> None:
    cells = cells_of(world, indicator=world.collaboration, breakdown=Breakdown.TOTAL)
    _chart, (change,) = barometer_charts.trend_chart(indicator=world.collaboration, cells=cells)
    assert change is not None
    assert change.diff == pytest.approx(0.01)
    assert not change.significant
    assert change.p_value > 0.05
    with translation.override("da"):
        assert change.sentence.startswith("Fra 2021 til 2023: +1,0 procentpoint (p = 0,")
        assert change.sentence.endswith("ikke statistisk signifikant på 5 %-niveau.")


def test_no_test_of_change_against_a_suppressed_cell(world: BarometerWorld) -> None:
    cells = cells_of(
        world, indicator=world.share, breakdown=Breakdown.LEVEL_AREA, domain=SUPPRESSED_DOMAIN
    )
    assert [c.wave_edition for c in cells] == [2023, 2021]
    ordered = sorted(cells, key=lambda c: c.wave_edition)
    assert shown.consecutive_changes(ordered) == [None]
    chart, _changes = barometer_charts.trend_chart(indicator=world.share, cells=cells)
    assert len(charts.data_values(chart.spec)) == 1
    assert chart.empty  # one point is no trend
    row = {r.header: r for r in chart.table.rows}["2023"]
    assert row.cells == ("–", "–", "–", "kan ikke beregnes")


def test_the_normal_test_is_used_when_degrees_of_freedom_are_missing(
    world: BarometerWorld,
) -> None:
    a, b = sorted(
        cells_of(world, indicator=world.share, breakdown="total"), key=lambda c: c.wave_edition
    )
    change = shown.change_between(replace(a, df=None), replace(b, df=None))
    assert change is not None
    assert change.df is None
    assert a.estimate is not None
    assert b.estimate is not None
    assert a.se
    assert b.se
    z = (b.estimate - a.estimate) / math.sqrt(a.se**2 + b.se**2)
    assert change.p_value == pytest.approx(2 * stats.norm.sf(z))


def test_means_are_drawn_without_a_percent_axis(world: BarometerWorld) -> None:
    cells = cells_of(world, indicator=world.mean, wave=world.wave_2023, breakdown="level")
    chart = barometer_charts.breakdown_chart(
        indicator=world.mean, wave=world.wave_2023, breakdown="level", cells=cells
    )
    axis = chart.spec["layer"][0]["encoding"]["x"]
    assert axis["axis"]["format"] == ".1f"
    assert "domain" not in axis["scale"]
    assert chart.table.rows[0].cells[:2] == ("3,4", "3,2–3,6")


def test_no_spec_anywhere_holds_a_figure_of_a_suppressed_cell(world: BarometerWorld) -> None:
    specs = [breakdown(world, name)[0].spec for name in shown.SINGLE_BREAKDOWNS]
    for domain in (SUPPRESSED_DOMAIN, SECONDARY_DOMAIN):
        cells = cells_of(world, indicator=world.share, breakdown="level_area", domain=domain)
        specs.append(barometer_charts.trend_chart(indicator=world.share, cells=cells)[0].spec)
    for spec in specs:
        for row in charts.data_values(spec):
            assert row["estimate"] is not None
            assert row["ci_low"] is not None
            assert row["ci_high"] is not None


# -- the trend by government level ----------------------------------------------------------


def level_cell(
    edition: int, level: str, estimate: float | None, *, suppression: str = "", se: float = 0.01
) -> PublicCell:
    hidden = bool(suppression) or estimate is None
    return PublicCell(
        wave_edition=edition,
        wave_slug=str(edition),
        indicator_slug="innovation",
        breakdown=Breakdown.LEVEL,
        domain=level,
        label=shown.domain_label(Breakdown.LEVEL, level),
        share=True,
        synthetic=False,
        suppression=suppression,
        uncertain=False,
        estimate=None if hidden else estimate,
        se=None if hidden else se,
        ci_low=None if hidden else (estimate or 0) - 0.02,
        ci_high=None if hidden else (estimate or 0) + 0.02,
        df=None if hidden else 300,
        n=None if hidden else 320,
    )


def test_the_trend_by_level_draws_a_line_per_level_broken_where_a_cell_is_hidden(
    world: BarometerWorld,
) -> None:
    cells = [
        level_cell(2019, "stat", 0.70),
        level_cell(2021, "stat", 0.72),
        level_cell(2023, "stat", 0.80),
        level_cell(2019, "region", 0.60),
        level_cell(2021, "region", None, suppression="primary"),
        level_cell(2023, "region", 0.66),
        level_cell(2021, "kommune", 0.78),
        level_cell(2023, "kommune", None, suppression="secondary"),
    ]
    chart, tests = barometer_charts.level_trend_chart(indicator=world.share, cells=cells)
    drawn = charts.data_values(chart.spec)
    assert not chart.empty
    assert {(row["series"], row["period"]) for row in drawn} == {
        ("Stat", "2019"),
        ("Stat", "2021"),
        ("Stat", "2023"),
        ("Region", "2019"),
        ("Region", "2023"),
        ("Kommune", "2021"),
    }
    # Not drawn at all, and the region's line does not run across 2021: two segments.
    assert all(row["estimate"] is not None for row in drawn)
    region = {row["period"]: row["segment"] for row in drawn if row["series"] == "Region"}
    assert region["2019"] != region["2023"]
    assert len({row["segment"] for row in drawn if row["series"] == "Stat"}) == 1
    # Every wave keeps its place on the axis, and each level has its own colour and shape.
    assert chart.spec["encoding"]["x"]["scale"]["domain"] == ["2019", "2021", "2023"]
    points = chart.spec["layer"][2]["encoding"]
    assert points["color"]["scale"]["domain"] == ["Stat", "Region", "Kommune"]
    assert len(set(points["color"]["scale"]["range"])) == 3
    assert len(set(points["shape"]["scale"]["range"])) == 3
    # The table has every cell, the hidden ones as "–" with the reason.
    rows = {row.header: row for row in chart.table.rows}
    assert len(rows) == len(cells)
    assert rows["Region, 2021"].cells == ("–", "–", "–", "kan ikke beregnes")
    assert rows["Region, 2021"].notes == ("Ikke offentliggjort: for få besvarelser.",)
    assert rows["Kommune, 2023"].notes == (
        "Ikke offentliggjort: skjult, så en anden skjult celle ikke kan regnes ud.",
    )
    assert rows["Stat, 2023"].cells[2] == "+8,0 procentpoint"
    assert any("ikke tegnet" in note for note in chart.notes)
    # The test of change between the two latest waves, per level.
    by_level = {test.level: test for test in tests}
    assert [test.level for test in tests] == ["stat", "region", "kommune"]
    stat = by_level["stat"].change
    assert stat is not None
    se = math.sqrt(2 * 0.01**2)
    assert stat.diff == pytest.approx(0.08)
    assert stat.p_value == pytest.approx(2 * stats.t.sf(0.08 / se, 300))
    assert by_level["stat"].sentence.startswith("Stat: Fra 2021 til 2023: +8,0 procentpoint")
    assert by_level["region"].change is None
    assert by_level["region"].sentence == (
        "Region: Ændringen fra 2021 til 2023 kan ikke testes: tallet for 2021 offentliggøres "
        "ikke (for få besvarelser)."
    )
    assert by_level["kommune"].change is None
    assert "tallet for 2023 offentliggøres ikke (skjult, så" in by_level["kommune"].sentence


def test_the_trend_by_level_from_the_published_cells(world: BarometerWorld) -> None:
    cells = cells_of(world, indicator=world.share, breakdown=Breakdown.LEVEL)
    chart, tests = barometer_charts.level_trend_chart(indicator=world.share, cells=cells)
    drawn = charts.data_values(chart.spec)
    assert len(drawn) == 6
    assert {row["period"] for row in drawn} == {"2021", "2023"}
    assert DRAFT_ESTIMATE not in [row["estimate"] for row in drawn]
    codes = {"Stat": "stat", "Region": "region", "Kommune": "kommune"}
    for row in drawn:
        cell = world.cell(int(row["period"]), world.share, "level", codes[row["series"]])
        assert (row["estimate"], row["ci_low"], row["ci_high"]) == (
            cell.estimate,
            cell.ci_low,
            cell.ci_high,
        )
    assert all(test.change is not None for test in tests)
    assert len(tests) == 3
    # A single wave is no trend.
    mean_cells = cells_of(world, indicator=world.mean, breakdown=Breakdown.LEVEL)
    mean_chart, mean_tests = barometer_charts.level_trend_chart(
        indicator=world.mean, cells=mean_cells
    )
    assert mean_chart.empty
    assert mean_tests == []


def test_a_barometer_chart_renders_to_svg_offline(world: BarometerWorld) -> None:
    chart, _cells = breakdown(world, Breakdown.SIZE)
    with translation.override("da"):
        svg = charts.render_svg(chart.spec)
    assert svg.startswith("<svg")
    assert "Syntetiske demodata" in svg
    assert "10–49 ansatte" in svg
