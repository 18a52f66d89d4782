"""The strata file: every stratum of the design with its classification and the number of
workplaces in the population (the frame).

**Strata** — CSV or XLSX with ``stratum, level, area, size, population``. ``level`` is
``stat``, ``region`` or ``kommune``; ``area`` and ``size`` use the codes of
``spred.barometer.choices``. Each microdata row carries the same classification, checked here
too (``check_classification``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from spred.barometer.choices import Area, GovernmentLevel, SizeBand
from spred.barometer.importing.tables import read_table
from spred.core.importing.report import ImportReport

STRATA_COLUMNS = ("stratum", "level", "area", "size", "population")


@dataclass(frozen=True)
class StratumSpec:
    code: str
    government_level: str
    area: str
    size_band: str
    population: int


_CHOICES = {
    "level": (GovernmentLevel.values, _("forvaltningsniveau")),
    "area": (Area.values, _("område")),
    "size": (SizeBand.values, _("størrelse")),
}


def check_classification(
    cells: Mapping[str, str], report: ImportReport, where: Mapping[str, Any]
) -> bool:
    """Whether ``level``, ``area`` and ``size`` are known codes; each one that is not is put on
    the report."""
    ok = True
    for column, (values, label) in _CHOICES.items():
        if cells.get(column, "") not in values:
            report.add(
                _("Ukendt %(label)s %(value)r; gyldige koder: %(codes)s.")
                % {"label": label, "value": cells.get(column, ""), "codes": ", ".join(values)},
                field=column,
                **where,
            )
            ok = False
    return ok


def read_strata(content: bytes, filename: str, report: ImportReport) -> dict[str, StratumSpec]:
    """The strata by code; the problems go on ``report`` (the microdata's report: the two files
    are checked together)."""
    label = _("stratafil")
    table = read_table(content, filename, label, report)
    if table is None:
        return {}
    missing = [c for c in STRATA_COLUMNS if c not in table.header]
    for column in missing:
        report.add(_("Kolonnen mangler."), file=label, field=column)
    for column in table.header:
        if column not in STRATA_COLUMNS:
            report.add(_("Ukendt kolonne i stratafilen."), file=label, field=column)
    if missing:
        return {}
    strata: dict[str, StratumSpec] = {}
    for line, cells in table.rows:
        where = {"file": label, "row": line}
        code = cells["stratum"]
        if not code or len(code) > 60:
            report.add(_("Stratumkoden mangler eller er for lang."), field="stratum", **where)
            continue
        if code in strata:
            report.add(
                _("Stratum %(code)s står mere end én gang.") % {"code": code},
                field="stratum",
                **where,
            )
            continue
        classified = check_classification(cells, report, where)
        population = _positive_int(cells["population"])
        if population is None:
            report.add(
                _("Populationen skal være et helt tal større end 0."),
                field="population",
                **where,
            )
        if not classified or population is None:
            continue
        strata[code] = StratumSpec(code, cells["level"], cells["area"], cells["size"], population)
    if not strata and report.ok:
        report.add(_("Stratafilen har ingen strata."), file=label)
    return strata


def _positive_int(text: str) -> int | None:
    try:
        value = int(text.replace(".", "").replace(" ", "")) if text else None
    except ValueError:
        return None
    return value if value is not None and value > 0 else None
