"""Charts for every module: Vega-Lite specifications built as plain dicts, with a table beside.

A chart reaches the page in two forms that carry the same numbers:

* the **specification**, embedded as data (``<script type="application/json">``, which the
  Content-Security-Policy allows because it is never executed) and drawn in the browser by the
  vendored vega/vega-lite/vega-embed through ``spred/static/spred/js/charts.js``;
* a **table** (``ChartTable``) that ``includes/chart.html`` renders as a real ``<table>`` — the
  alternative for screen readers, for keyboard users and for anyone without JavaScript.

Both are built from the same rows by the caller, so a test can prove that they agree.
``render_svg`` and ``render_png`` draw the same specification on the server with vl-convert
(no browser, no network), for downloads and printed reports.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

#: The Vega-Lite major the vendored library speaks; vl-convert renders with the same minor.
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
VL_CONVERT_VERSION = "6.4"

#: Width used when a spec that fills its container is rendered on the server.
STATIC_WIDTH = 640

#: Det Fælles Designsystem's colours, so charts match the pages around them.
PRIMARY = "#0059b3"
PRIMARY_LIGHT = "#b3d4f5"
TEXT = "#1a1a1a"
MUTED = "#545454"
GRID = "#d9d9d9"
FONT = "IBM Plex Sans, Arial, sans-serif"

_FONT_DIRECTORY = (
    Path(settings.BASE_DIR) / "spred" / "static" / "vendor" / "dkfds" / "fonts" / "IBMPlexSans"
)


@dataclass(frozen=True)
class TableColumn:
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class TableRow:
    """One row of the table alternative. ``header`` is the row's label (a ``<th scope=row>``),
    ``cells`` are shown as given: the caller formats numbers the way the page does. A note
    (e.g. why a cell is empty) is shown after the cells' text."""

    header: str
    cells: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartTable:
    caption: str
    columns: tuple[TableColumn, ...]  # the first column heads the row labels
    rows: tuple[TableRow, ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row.cells) != len(self.columns) - 1:
                raise ValueError(f"Row {row.header!r} has {len(row.cells)} cells")

    @property
    def body(self) -> list[tuple[TableRow, list[tuple[str, bool]]]]:
        """Rows with each cell paired with whether its column is numeric (right-aligned)."""
        numeric = [column.numeric for column in self.columns[1:]]
        return [(row, list(zip(row.cells, numeric, strict=True))) for row in self.rows]


@dataclass(frozen=True)
class Chart:
    """Everything ``includes/chart.html`` needs.

    ``chart_id`` must be unique on the page; it names the container and the data block.
    ``description`` is the text alternative read out for the drawing itself; the table is the
    full alternative. ``table_open`` shows the table instead of folding it into a disclosure.
    """

    chart_id: str
    title: str
    description: str
    spec: dict[str, Any]
    table: ChartTable
    notes: tuple[str, ...] = ()
    table_open: bool = False
    downloads: tuple[tuple[str, str], ...] = ()
    empty: bool = field(default=False)

    @property
    def data_block_id(self) -> str:
        return f"{self.chart_id}-spec"

    @property
    def payload(self) -> dict[str, Any]:
        """What charts.js reads: the spec and the number format of the page's language. In the
        page the figure's caption carries the title, so the drawing does not repeat it (the
        pictures rendered by ``render_svg``/``render_png`` keep it: they stand alone)."""
        spec = {key: value for key, value in self.spec.items() if key != "title"}
        return {"spec": spec, "formatLocale": format_locale()}


# --------------------------------------------------------------------------------------------
# Building specifications


def base_spec(
    *,
    title: str,
    description: str,
    subtitle: str = "",
    height: int = 240,
) -> dict[str, Any]:
    """The frame every chart shares: title, text alternative, fonts, colours, full width."""
    title_block: dict[str, Any] = {"text": title, "anchor": "start"}
    if subtitle:
        title_block["subtitle"] = subtitle
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "title": title_block,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "background": "#ffffff",
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "gridColor": GRID,
                "domainColor": MUTED,
                "tickColor": MUTED,
                "labelFontSize": 13,
                "titleFontSize": 13,
                "labelLimit": 260,
            },
            "title": {
                "color": TEXT,
                "fontSize": 16,
                "subtitleColor": MUTED,
                "subtitleFontSize": 13,
            },
            "legend": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 13},
            # The drawing has one description for screen readers; its parts are not read out
            # one by one (the table next to it gives every value in order).
            "aria": False,
        },
    }


def interval_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    description: str,
    subtitle: str = "",
    category: str = "label",
    category_title: str = "",
    value_title: str,
    value_format: str = ".0%",
    domain: tuple[float, float] | None = (0.0, 1.0),
) -> dict[str, Any]:
    """One estimate per category as a point with its confidence interval as an error bar.

    ``rows`` need ``category``, ``estimate``, ``ci_low``, ``ci_high`` and ``text`` (the value
    as the page writes it, for the tooltip). Categories keep the order of ``rows``.
    """
    values = [dict(row) for row in rows]
    order = [str(row[category]) for row in values]
    spec = base_spec(
        title=title,
        description=description,
        subtitle=subtitle,
        height=max(80, 34 * len(values)),
    )
    scale: dict[str, Any] = {"zero": False}
    if domain is not None:
        scale = {"domain": list(domain)}
    x_axis = {"format": value_format, "title": value_title}
    y = {
        "field": category,
        "type": "nominal",
        "sort": order,
        "title": category_title or None,
    }
    tooltip = [{"field": category, "type": "nominal", "title": category_title or " "}]
    tooltip.append({"field": "text", "type": "nominal", "title": value_title})
    spec.update(
        {
            "data": {"values": values},
            "encoding": {"y": y},
            "layer": [
                {
                    "mark": {"type": "rule", "color": PRIMARY, "strokeWidth": 2},
                    "encoding": {
                        "x": {
                            "field": "ci_low",
                            "type": "quantitative",
                            "scale": scale,
                            "axis": x_axis,
                        },
                        "x2": {"field": "ci_high"},
                        "tooltip": tooltip,
                    },
                },
                {
                    "mark": {
                        "type": "point",
                        "filled": True,
                        "size": 90,
                        "color": PRIMARY,
                        "opacity": 1,
                    },
                    "encoding": {
                        "x": {"field": "estimate", "type": "quantitative"},
                        "tooltip": tooltip,
                    },
                },
            ],
        }
    )
    return spec


def trend_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    description: str,
    subtitle: str = "",
    period: str = "period",
    period_title: str,
    value_title: str,
    value_format: str = ".0%",
    domain: tuple[float, float] | None = (0.0, 1.0),
) -> dict[str, Any]:
    """A line through the estimates with the confidence interval as a band around it.

    ``rows`` need ``period`` (a label, in the order to draw), ``estimate``, ``ci_low``,
    ``ci_high`` and ``text``. A period without an estimate is left out by the caller, and the
    line simply joins its neighbours: nothing is drawn for it.
    """
    values = [dict(row) for row in rows]
    order = [str(row[period]) for row in values]
    spec = base_spec(title=title, description=description, subtitle=subtitle, height=260)
    scale: dict[str, Any] = {"zero": False}
    if domain is not None:
        scale = {"domain": list(domain)}
    x = {
        "field": period,
        "type": "ordinal",
        "sort": order,
        "title": period_title,
        "axis": {"labelAngle": 0},
    }
    tooltip = [
        {"field": period, "type": "ordinal", "title": period_title},
        {"field": "text", "type": "nominal", "title": value_title},
    ]
    spec.update(
        {
            "data": {"values": values},
            "encoding": {"x": x},
            "layer": [
                {
                    "mark": {"type": "area", "color": PRIMARY_LIGHT, "opacity": 0.6},
                    "encoding": {
                        "y": {
                            "field": "ci_low",
                            "type": "quantitative",
                            "scale": scale,
                            "axis": {"format": value_format, "title": value_title},
                        },
                        "y2": {"field": "ci_high"},
                        "tooltip": tooltip,
                    },
                },
                {
                    "mark": {"type": "line", "color": PRIMARY, "strokeWidth": 2},
                    "encoding": {"y": {"field": "estimate", "type": "quantitative"}},
                },
                {
                    "mark": {"type": "point", "filled": True, "size": 70, "color": PRIMARY},
                    "encoding": {
                        "y": {"field": "estimate", "type": "quantitative"},
                        "tooltip": tooltip,
                    },
                },
            ],
        }
    )
    return spec


def data_values(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every inline data row anywhere in a spec (top level, layers, datasets)."""
    found: list[dict[str, Any]] = []

    def visit(node: Any) -> None:
        if isinstance(node, Mapping):
            data = node.get("data")
            if isinstance(data, Mapping) and isinstance(data.get("values"), list):
                found.extend(data["values"])
            for key in ("layer", "hconcat", "vconcat", "concat"):
                for child in node.get(key, []) or []:
                    visit(child)
            datasets = node.get("datasets")
            if isinstance(datasets, Mapping):
                for rows in datasets.values():
                    found.extend(rows)

    visit(spec)
    return found


def external_data_urls(spec: Any) -> list[str]:
    """URLs a spec would load data from. Charts carry their data inline: anything listed here
    would make a page (or vl-convert) fetch something, which we never want."""

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key == "url" and isinstance(value, str):
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    return list(walk(spec))


# --------------------------------------------------------------------------------------------
# Number format of the page's language


@functools.cache
def _format_locale(name: str) -> dict[str, Any]:
    import vl_convert

    return dict(vl_convert.get_format_locale(name))  # type: ignore[arg-type]


def format_locale(language: str | None = None) -> dict[str, Any]:
    """d3-format's locale for the active language: decimal comma in Danish, point in English."""
    language = language or get_language() or "da"
    return _format_locale("en-US" if language.startswith("en") else "da-DK")


# --------------------------------------------------------------------------------------------
# Rendering on the server


def _static_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    static = copy.deepcopy(dict(spec))
    if static.get("width") == "container":
        # A server has no container to fit; give the picture a fixed width.
        static["width"] = STATIC_WIDTH
        static.pop("autosize", None)
    return static


@functools.cache
def _register_fonts() -> None:
    import vl_convert

    if _FONT_DIRECTORY.is_dir():
        vl_convert.register_font_directory(str(_FONT_DIRECTORY))


def _check_offline(spec: Mapping[str, Any]) -> None:
    urls = external_data_urls(spec)
    if urls:
        raise ValueError(f"A chart must carry its data inline, not load {urls[0]!r}")


def render_svg(spec: Mapping[str, Any], *, language: str | None = None) -> str:
    """The chart as an SVG document, drawn locally by vl-convert (no network: a spec that
    names a data URL is refused before drawing)."""
    import vl_convert

    _check_offline(spec)
    _register_fonts()
    return str(
        vl_convert.vegalite_to_svg(
            _static_spec(spec),
            vl_version=VL_CONVERT_VERSION,
            allowed_base_urls=[],
            format_locale=format_locale(language),
        )
    )


def render_png(
    spec: Mapping[str, Any], *, scale: float = 2.0, language: str | None = None
) -> bytes:
    """The chart as a PNG image (``scale`` 2 for sharp print), drawn locally by vl-convert."""
    import vl_convert

    _check_offline(spec)
    _register_fonts()
    return bytes(
        vl_convert.vegalite_to_png(
            _static_spec(spec),
            vl_version=VL_CONVERT_VERSION,
            scale=scale,
            allowed_base_urls=[],
            format_locale=format_locale(language),
        )
    )


def spec_json(spec: Mapping[str, Any]) -> str:
    """The spec as compact JSON (for a download or a test)."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
