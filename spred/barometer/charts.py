"""The barometer's charts: estimates with their confidence intervals, by breakdown and over time.

Each chart is built from ``PublicCell``s, and its table alternative from the very same cells,
so the two cannot disagree. A suppressed cell is never drawn — it is not in the chart's data at
all — and appears in the table as "–" with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.barometer.choices import Breakdown
from spred.barometer.models import Indicator, Wave
from spred.barometer.public_selectors import Change, PublicCell, consecutive_changes
from spred.core import charts
from spred.core.charts import Chart, ChartTable, TableColumn, TableRow

#: Figures a visitor can download as a picture, by the name used in their address.
FIGURES: dict[str, str] = {
    "forvaltningsniveau": Breakdown.LEVEL,
    "omraade": Breakdown.AREA,
    "stoerrelse": Breakdown.SIZE,
    "udvikling": "trend",
}
FIGURE_OF_BREAKDOWN = {breakdown: name for name, breakdown in FIGURES.items()}


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
