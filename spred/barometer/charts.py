"""The barometer's charts: estimates with their confidence intervals, by breakdown and over time.

Each chart is built from ``PublicCell``s, and its table alternative from the very same cells,
so the two cannot disagree. A suppressed cell is never drawn — it is not in the chart's data at
all — and appears in the table as "–" with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.barometer.cells import Change, PublicCell, change_between, consecutive_changes
from spred.barometer.choices import Breakdown, GovernmentLevel
from spred.barometer.models import Indicator, Wave
from spred.core import charts
from spred.core.charts import Chart, ChartTable, TableColumn, TableRow

#: Figures a visitor can download as a picture, by the name used in their address.
FIGURES: dict[str, str] = {
    "forvaltningsniveau": Breakdown.LEVEL,
    "omraade": Breakdown.AREA,
    "stoerrelse": Breakdown.SIZE,
    "udvikling": "trend",
    "udvikling-forvaltningsniveau": "trend_level",
}
FIGURE_OF_BREAKDOWN = {breakdown: name for name, breakdown in FIGURES.items()}

#: One colour, point shape and dash pattern per government level, so the lines can be told
#: apart without colour too. The colours have at least 3:1 contrast against white.
LEVEL_STYLES: dict[str, tuple[str, str, tuple[int, ...]]] = {
    GovernmentLevel.STATE: ("#0059b3", "circle", ()),
    GovernmentLevel.REGION: ("#a64b00", "square", (6, 3)),
    GovernmentLevel.MUNICIPALITY: ("#00756a", "triangle-up", (2, 2)),
}


def synthetic_note() -> str:
    return _("Syntetiske demodata — ikke rigtige tal.")


def _value_axis(share: bool) -> dict[str, Any]:
    if share:
        return {"value_format": ".0%", "domain": (0.0, 1.0), "value_title": _("Andel")}
    return {"value_format": ".1f", "domain": None, "value_title": _("Gennemsnit")}


def _drawable(cell: PublicCell) -> dict[str, Any]:
    assert cell.has_interval
    return {
        "label": cell.label,
        "estimate": cell.estimate,
        "ci_low": cell.ci_low,
        "ci_high": cell.ci_high,
        "text": cell.text,
    }


def _cell_notes(cell: PublicCell) -> tuple[str, ...]:
    return (cell.note,) if cell.note else ()


def breakdown_title(breakdown: str) -> str:
    titles: dict[str, str] = {
        Breakdown.LEVEL: _("Efter forvaltningsniveau"),
        Breakdown.AREA: _("Efter område"),
        Breakdown.SIZE: _("Efter størrelse"),
        Breakdown.LEVEL_AREA: _("Efter forvaltningsniveau og område"),
    }
    return str(titles.get(breakdown) or Breakdown(breakdown).label)


def breakdown_chart(
    *,
    indicator: Indicator,
    wave: Wave,
    breakdown: str,
    cells: Sequence[PublicCell],
    downloads: tuple[tuple[str, str], ...] = (),
) -> Chart:
    """Points with 95 % error bars, one per domain of the breakdown, and the table."""
    share = bool(indicator.value_codes)
    synthetic = wave.is_synthetic
    drawn = [cell for cell in cells if cell.has_interval]
    title = _("%(indicator)s %(breakdown)s, %(wave)s") % {
        "indicator": indicator.title,
        "breakdown": breakdown_title(breakdown).lower(),
        "wave": wave.edition,
    }
    hidden = len(cells) - len(drawn)
    description = _(
        "Prikdiagram med 95 %%-konfidensintervaller for %(count)s grupper. "
        "Tallene står i tabellen under figuren."
    ) % {"count": len(drawn)}
    axis = _value_axis(share)
    spec = charts.interval_spec(
        [_drawable(cell) for cell in drawn],
        title=title,
        subtitle=synthetic_note() if synthetic else "",
        description=description,
        value_title=axis["value_title"],
        value_format=axis["value_format"],
        domain=axis["domain"],
    )
    notes: list[str] = [_("Vandrette streger viser 95 %-konfidensintervallet.")]
    if hidden:
        notes.append(
            ngettext(
                "%(count)s gruppe er ikke vist, fordi tallet ikke offentliggøres.",
                "%(count)s grupper er ikke vist, fordi tallene ikke offentliggøres.",
                hidden,
            )
            % {"count": hidden}
        )
    if synthetic:
        notes.append(synthetic_note())
    table = ChartTable(
        caption=title,
        columns=(
            TableColumn(str(Breakdown(breakdown).label)),
            TableColumn(_("Estimat"), numeric=True),
            TableColumn(_("95 %-konfidensinterval"), numeric=True),
            TableColumn(_("Antal besvarelser"), numeric=True),
        ),
        rows=tuple(
            TableRow(
                header=cell.label,
                cells=(cell.value_text, cell.interval_text or "–", cell.n_text),
                notes=_cell_notes(cell),
            )
            for cell in cells
        ),
    )
    return Chart(
        chart_id=f"figur-{FIGURE_OF_BREAKDOWN.get(breakdown, breakdown)}",
        title=title,
        description=description,
        spec=spec,
        table=table,
        notes=tuple(notes),
        downloads=downloads,
        empty=not drawn,
    )


def trend_chart(
    *,
    indicator: Indicator,
    cells: Sequence[PublicCell],
    downloads: tuple[tuple[str, str], ...] = (),
) -> tuple[Chart, list[Change | None]]:
    """The whole-sector estimate wave by wave (oldest first) as a line in its interval band,
    the table with the test of change between consecutive waves, and those tests."""
    share = bool(indicator.value_codes)
    ordered = sorted(cells, key=lambda cell: cell.wave_edition)
    changes = consecutive_changes(ordered)
    drawn = [cell for cell in ordered if cell.has_interval]
    synthetic = any(cell.synthetic for cell in ordered)
    title = _("%(indicator)s, udvikling fra bølge til bølge") % {"indicator": indicator.title}
    description = _(
        "Linjediagram over %(count)s bølger med 95 %%-konfidensinterval som bånd. "
        "Tallene og testen for ændring står i tabellen under figuren."
    ) % {"count": len(drawn)}
    axis = _value_axis(share)
    spec = charts.trend_spec(
        [{**_drawable(cell), "period": str(cell.wave_edition)} for cell in drawn],
        title=title,
        subtitle=synthetic_note() if synthetic else "",
        description=description,
        period_title=_("Bølge"),
        value_title=axis["value_title"],
        value_format=axis["value_format"],
        domain=axis["domain"],
    )
    rows = []
    for index, cell in enumerate(ordered):
        change = changes[index - 1] if index > 0 else None
        if index == 0:
            change_text, test_text = "–", "–"
        elif change is None:
            change_text, test_text = "–", _("kan ikke beregnes")
        else:
            change_text = change.diff_text
            test_text = f"{change.p_text}, {change.verdict}"
        rows.append(
            TableRow(
                header=str(cell.wave_edition),
                cells=(cell.value_text, cell.interval_text or "–", change_text, test_text),
                notes=_cell_notes(cell),
            )
        )
    notes = [_("Båndet viser 95 %-konfidensintervallet. Hele den offentlige sektor.")]
    if synthetic:
        notes.append(synthetic_note())
    table = ChartTable(
        caption=title,
        columns=(
            TableColumn(_("Bølge")),
            TableColumn(_("Estimat"), numeric=True),
            TableColumn(_("95 %-konfidensinterval"), numeric=True),
            TableColumn(_("Ændring fra forrige bølge"), numeric=True),
            TableColumn(_("Test af ændringen")),
        ),
        rows=tuple(rows),
    )
    chart = Chart(
        chart_id="figur-udvikling",
        title=title,
        description=description,
        spec=spec,
        table=table,
        notes=tuple(notes),
        downloads=downloads,
        empty=len(drawn) < 2,
    )
    return chart, changes


# --------------------------------------------------------------------------------------------
# The trend by government level


@dataclass(frozen=True)
class LevelChange:
    """The test of change for one government level between the two latest waves; ``change`` is
    None when it cannot be tested, and ``reason`` then says why."""

    level: str
    label: str
    earlier_edition: int
    later_edition: int
    change: Change | None
    reason: str = ""

    @property
    def sentence(self) -> str:
        if self.change is not None:
            return f"{self.label}: {self.change.sentence}"
        return _(
            "%(level)s: Ændringen fra %(earlier)s til %(later)s kan ikke testes: %(reason)s."
        ) % {
            "level": self.label,
            "earlier": self.earlier_edition,
            "later": self.later_edition,
            "reason": self.reason,
        }


def _untestable_reason(cell: PublicCell | None, edition: int) -> str:
    if cell is None:
        return _("tallet for %(edition)s er ikke opgjort") % {"edition": edition}
    if cell.suppressed:
        return _("tallet for %(edition)s offentliggøres ikke (%(reason)s)") % {
            "edition": edition,
            "reason": cell.suppression_label.lower(),
        }
    return ""


def _level_change(
    level: str, label: str, by_edition: dict[int, PublicCell], earlier: int, later: int
) -> LevelChange:
    a, b = by_edition.get(earlier), by_edition.get(later)
    reason = _untestable_reason(a, earlier) or _untestable_reason(b, later)
    change = None if reason or a is None or b is None else change_between(a, b)
    if change is None and not reason:
        reason = _("der er ingen standardfejl at teste med")
    return LevelChange(level, label, earlier, later, change, reason)


def level_trend_spec(
    rows: Sequence[dict[str, Any]],
    *,
    periods: Sequence[str],
    levels: Sequence[tuple[str, str]],
    title: str,
    description: str,
    subtitle: str,
    value_title: str,
    value_format: str,
    domain: tuple[float, float] | None,
) -> dict[str, Any]:
    """One line per level in its own interval band. ``rows`` need ``series`` (the level's
    label), ``segment`` (a line is broken where a point is not drawn), ``period``,
    ``estimate``, ``ci_low``, ``ci_high`` and ``text``."""
    spec = charts.base_spec(title=title, description=description, subtitle=subtitle, height=280)
    labels = [label for _code, label in levels]
    styles = [LEVEL_STYLES.get(code, (charts.PRIMARY, "circle", ())) for code, _label in levels]
    legend_title = _("Forvaltningsniveau")
    colour = {
        "field": "series",
        "type": "nominal",
        "title": legend_title,
        "sort": labels,
        "scale": {"domain": labels, "range": [style[0] for style in styles]},
        "legend": {"orient": "bottom", "symbolOpacity": 1, "symbolStrokeWidth": 2},
    }
    scale: dict[str, Any] = {"zero": False}
    if domain is not None:
        scale = {"domain": list(domain)}
    period_title = _("Bølge")
    tooltip = [
        {"field": "series", "type": "nominal", "title": legend_title},
        {"field": "period", "type": "ordinal", "title": period_title},
        {"field": "text", "type": "nominal", "title": value_title},
    ]
    spec.update(
        {
            "data": {"values": [dict(row) for row in rows]},
            "encoding": {
                "x": {
                    "field": "period",
                    "type": "ordinal",
                    "sort": list(periods),
                    "scale": {"domain": list(periods)},
                    "title": period_title,
                    "axis": {"labelAngle": 0},
                },
            },
            "layer": [
                {
                    "mark": {"type": "area", "opacity": 0.15},
                    "encoding": {
                        "y": {
                            "field": "ci_low",
                            "type": "quantitative",
                            "scale": scale,
                            "axis": {"format": value_format, "title": value_title},
                        },
                        "y2": {"field": "ci_high"},
                        "color": colour,
                        "detail": {"field": "segment", "type": "nominal"},
                    },
                },
                {
                    "mark": {"type": "line", "strokeWidth": 2},
                    "encoding": {
                        "y": {"field": "estimate", "type": "quantitative"},
                        "color": colour,
                        "strokeDash": {
                            "field": "series",
                            "type": "nominal",
                            "sort": labels,
                            "scale": {
                                "domain": labels,
                                "range": [list(style[2]) or [1, 0] for style in styles],
                            },
                            "legend": None,
                        },
                        "detail": {"field": "segment", "type": "nominal"},
                    },
                },
                {
                    "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1},
                    "encoding": {
                        "y": {"field": "estimate", "type": "quantitative"},
                        "color": colour,
                        "shape": {
                            "field": "series",
                            "type": "nominal",
                            "title": legend_title,
                            "sort": labels,
                            "scale": {"domain": labels, "range": [style[1] for style in styles]},
                        },
                        "tooltip": tooltip,
                    },
                },
            ],
        }
    )
    return spec


def _level_points(
    code: str, label: str, cells: dict[int, PublicCell], editions: Sequence[int]
) -> list[dict[str, Any]]:
    """A level's points to draw, each on its line segment: the line is broken where a figure is
    not published."""
    points: list[dict[str, Any]] = []
    segment = 0
    for edition in editions:
        point = cells.get(edition)
        if point is None or not point.has_interval:
            segment += 1  # nothing drawn here: the line stops and starts again
            continue
        points.append(
            {
                **_drawable(point),
                "series": label,
                "segment": f"{code}-{segment}",
                "period": str(edition),
            }
        )
    return points


def _level_table_rows(
    label: str, cells: dict[int, PublicCell], editions: Sequence[int]
) -> list[TableRow]:
    """A level's cells wave by wave for the table, each with the change from the wave before."""
    own = [cells[edition] for edition in editions if edition in cells]
    rows: list[TableRow] = []
    for index, (cell, change) in enumerate(
        zip(own, [None, *consecutive_changes(own)], strict=True)
    ):
        if index == 0:
            change_text, test_text = "–", "–"
        elif change is None:
            change_text, test_text = "–", _("kan ikke beregnes")
        else:
            change_text = change.diff_text
            test_text = f"{change.p_text}, {change.verdict}"
        rows.append(
            TableRow(
                header=f"{label}, {cell.wave_edition}",
                cells=(cell.value_text, cell.interval_text or "–", change_text, test_text),
                notes=_cell_notes(cell),
            )
        )
    return rows


def level_trend_chart(
    *,
    indicator: Indicator,
    cells: Sequence[PublicCell],
    downloads: tuple[tuple[str, str], ...] = (),
) -> tuple[Chart, list[LevelChange]]:
    """The estimate per government level, wave by wave: a line with its interval band for each
    level, broken where a figure is not published; the table with every cell (suppressed ones
    as "–" with the reason) and the test of change from the wave before; and, per level, the
    test of change between the two latest waves."""
    share = bool(indicator.value_codes)
    level_cells = [cell for cell in cells if cell.breakdown == Breakdown.LEVEL]
    editions = sorted({cell.wave_edition for cell in level_cells})
    periods = [str(edition) for edition in editions]
    by_level: dict[str, dict[int, PublicCell]] = {}
    for cell in level_cells:
        by_level.setdefault(cell.domain, {})[cell.wave_edition] = cell
    levels = [(code, str(label)) for code, label in GovernmentLevel.choices if code in by_level]
    synthetic = any(cell.synthetic for cell in level_cells)

    rows: list[dict[str, Any]] = []
    table_rows: list[TableRow] = []
    for code, label in levels:
        rows += _level_points(code, label, by_level[code], editions)
        table_rows += _level_table_rows(label, by_level[code], editions)

    tests: list[LevelChange] = []
    if len(editions) >= 2:
        earlier, later = editions[-2], editions[-1]
        tests = [
            _level_change(code, label, by_level[code], earlier, later) for code, label in levels
        ]

    title = _("%(indicator)s: udvikling efter forvaltningsniveau") % {"indicator": indicator.title}
    description = _(
        "Linjediagram med én linje for hvert af %(levels)s forvaltningsniveauer over %(waves)s "
        "bølger, hver med sit 95 %%-konfidensinterval som bånd. Tal, der ikke offentliggøres, "
        "er ikke tegnet. Tallene og testene står i tabellen under figuren."
    ) % {"levels": len(levels), "waves": len(editions)}
    axis = _value_axis(share)
    spec = level_trend_spec(
        rows,
        periods=periods,
        levels=levels,
        title=title,
        subtitle=synthetic_note() if synthetic else "",
        description=description,
        value_title=axis["value_title"],
        value_format=axis["value_format"],
        domain=axis["domain"],
    )
    hidden = sum(1 for cell in level_cells if not cell.has_interval)
    notes = [_("Båndene viser 95 %-konfidensintervallerne.")]
    if hidden:
        notes.append(
            ngettext(
                "%(count)s tal er ikke tegnet, fordi det ikke offentliggøres; linjen er brudt der.",
                "%(count)s tal er ikke tegnet, fordi de ikke offentliggøres; linjerne er brudt "
                "der.",
                hidden,
            )
            % {"count": hidden}
        )
    if synthetic:
        notes.append(synthetic_note())
    table = ChartTable(
        caption=title,
        columns=(
            TableColumn(_("Forvaltningsniveau og bølge")),
            TableColumn(_("Estimat"), numeric=True),
            TableColumn(_("95 %-konfidensinterval"), numeric=True),
            TableColumn(_("Ændring fra forrige bølge"), numeric=True),
            TableColumn(_("Test af ændringen")),
        ),
        rows=tuple(table_rows),
    )
    chart = Chart(
        chart_id="figur-udvikling-forvaltningsniveau",
        title=title,
        description=description,
        spec=spec,
        table=table,
        notes=tuple(notes),
        downloads=downloads,
        empty=not rows or len(editions) < 2,
    )
    return chart, tests
