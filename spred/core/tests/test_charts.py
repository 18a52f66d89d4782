"""The shared chart helper: specs as data, safe embedding, the table alternative, and pictures
drawn on the server without a network."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from spred.core import charts
from spred.core.charts import Chart, ChartTable, TableColumn, TableRow
from spred.core.testing import csp_script_problems

ROWS: list[dict[str, Any]] = [
    {"label": "Stat", "estimate": 0.8, "ci_low": 0.75, "ci_high": 0.85, "text": "80 % (75–85 %)"},
    {"label": "Kommune", "estimate": 0.6, "ci_low": 0.5, "ci_high": 0.7, "text": "60 % (50–70 %)"},
]


def make_chart(**overrides: Any) -> Chart:
    spec = charts.interval_spec(
        ROWS, title="Andel med innovation", description="To grupper", value_title="Andel"
    )
    table = ChartTable(
        caption="Andel med innovation",
        columns=(TableColumn("Gruppe"), TableColumn("Estimat", numeric=True)),
        rows=tuple(TableRow(r["label"], (r["text"],)) for r in ROWS),
    )
    values: dict[str, Any] = {
        "chart_id": "figur-test",
        "title": "Andel med innovation",
        "description": "Prikdiagram med to grupper.",
        "spec": spec,
        "table": table,
    }
    values.update(overrides)
    return Chart(**values)


class DataBlocks(HTMLParser):
    """The JSON data blocks of a page, by id."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/json":
            self._current = attributes.get("id") or ""
            self.blocks[self._current] = ""

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self.blocks[self._current] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._current = None


def data_blocks(html: str) -> dict[str, Any]:
    parser = DataBlocks()
    parser.feed(html)
    return {key: json.loads(value) for key, value in parser.blocks.items()}


def test_interval_spec_keeps_the_order_and_carries_its_data_inline() -> None:
    spec = charts.interval_spec(ROWS, title="T", description="D", value_title="Andel")
    assert spec["$schema"].endswith("/v6.json")
    assert spec["description"] == "D"
    assert spec["encoding"]["y"]["sort"] == ["Stat", "Kommune"]
    assert charts.data_values(spec) == ROWS
    assert charts.external_data_urls(spec) == []
    # The error bar runs from the interval's lower to its upper bound.
    rule = spec["layer"][0]
    assert rule["mark"]["type"] == "rule"
    assert rule["encoding"]["x"]["field"] == "ci_low"
    assert rule["encoding"]["x2"]["field"] == "ci_high"


def test_trend_spec_draws_a_band_and_a_line() -> None:
    rows = [
        {"period": "2021", "estimate": 0.5, "ci_low": 0.4, "ci_high": 0.6, "text": "50 %"},
        {"period": "2023", "estimate": 0.6, "ci_low": 0.5, "ci_high": 0.7, "text": "60 %"},
    ]
    spec = charts.trend_spec(
        rows, title="T", description="D", period_title="Bølge", value_title="A"
    )
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line", "point"]
    assert spec["layer"][0]["encoding"]["y2"] == {"field": "ci_high"}
    assert spec["encoding"]["x"]["sort"] == ["2021", "2023"]
    assert len(charts.data_values(spec)) == 2


def test_data_values_finds_rows_in_layers_and_datasets() -> None:
    spec = {
        "layer": [{"data": {"values": [{"a": 1}]}}, {"mark": "point"}],
        "datasets": {"x": [{"b": 2}]},
    }
    assert charts.data_values(spec) == [{"a": 1}, {"b": 2}]


def test_a_table_row_must_fit_the_columns() -> None:
    with pytest.raises(ValueError, match="has 2 cells"):
        ChartTable(
            caption="c",
            columns=(TableColumn("a"), TableColumn("b")),
            rows=(TableRow("x", ("1", "2")),),
        )


def test_payload_follows_the_language_and_leaves_the_title_to_the_caption() -> None:
    chart = make_chart()
    with translation.override("da"):
        payload = chart.payload
    assert payload["formatLocale"]["decimal"] == ","
    assert payload["formatLocale"]["thousands"] == "."
    assert "title" not in payload["spec"]
    assert payload["spec"]["layer"] == chart.spec["layer"]
    with translation.override("en"):
        assert chart.payload["formatLocale"]["decimal"] == "."


def test_the_include_renders_the_chart_and_a_real_table() -> None:
    html = render_to_string("includes/chart.html", {"chart": make_chart()})
    assert 'data-spred-chart="figur-test-spec"' in html
    assert '<table class="table' in html
    assert "<caption>Andel med innovation</caption>" in html
    assert html.count('<th scope="row">') == 2
    assert '<td class="align-text-right">80 % (75–85 %)</td>' in html
    assert "Vis som tabel" in html
    # The drawing is hidden from screen readers; a sentence describes it.
    assert 'class="spred-chart__canvas" aria-hidden="true"' in html
    assert '<p class="sr-only">Prikdiagram med to grupper.</p>' in html
    blocks = data_blocks(html)
    assert charts.data_values(blocks["figur-test-spec"]["spec"]) == ROWS
    assert csp_script_problems(html) == []


def test_an_open_table_is_not_folded_away() -> None:
    html = render_to_string("includes/chart.html", {"chart": make_chart(table_open=True)})
    assert "<details" not in html
    assert "<table" in html


def test_an_empty_chart_shows_only_the_table() -> None:
    html = render_to_string("includes/chart.html", {"chart": make_chart(empty=True)})
    assert "data-spred-chart=" not in html
    assert 'type="application/json"' not in html
    assert '<details class="details spred-chart__details" open>' in html


def test_text_in_a_spec_cannot_break_out_of_the_data_block() -> None:
    hostile = "</script><script>alert(1)</script>"
    rows = [{**ROWS[0], "label": hostile, "text": hostile}]
    spec = charts.interval_spec(rows, title=hostile, description="D", value_title="A")
    chart = make_chart(spec=spec, title=hostile)
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert "<script>alert(1)" not in html
    assert csp_script_problems(html) == []
    # The data survive the escaping intact.
    blocks = data_blocks(html)
    assert charts.data_values(blocks["figur-test-spec"]["spec"])[0]["label"] == hostile


def test_render_svg_draws_locally_with_danish_numbers() -> None:
    spec = charts.interval_spec(
        [{**ROWS[0], "estimate": 0.805}], title="Andel", description="D", value_title="Andel"
    )
    spec["layer"][1]["mark"]["type"] = "text"
    spec["layer"][1]["encoding"]["text"] = {"field": "estimate", "format": ".1%"}
    with translation.override("da"):
        svg = charts.render_svg(spec)
    assert svg.startswith("<svg")
    assert "Stat" in svg
    assert "Andel" in svg
    assert "80,5%" in svg  # decimal comma: the Danish number format reached the drawing
    # A server has no container: the picture gets a fixed width.
    assert re.search(r'width="\d+"', svg)


def test_render_png_is_a_png() -> None:
    png = charts.render_png(charts.interval_spec(ROWS, title="T", description="D", value_title="A"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 1000


def test_a_spec_that_would_load_data_from_a_url_is_refused() -> None:
    spec = charts.base_spec(title="T", description="D")
    spec["data"] = {"url": "https://example.org/data.csv"}
    spec["mark"] = "point"
    assert charts.external_data_urls(spec) == ["https://example.org/data.csv"]
    with pytest.raises(ValueError, match="inline"):
        charts.render_svg(spec)
    with pytest.raises(ValueError, match="inline"):
        charts.render_png(spec)
