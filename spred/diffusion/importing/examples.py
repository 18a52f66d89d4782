"""The example files of the adoption import page: two fictional histories as CSV, XLSX or JSON,
importable as they are once they name a published solution."""

from __future__ import annotations

import csv
import io
import json

from django.utils.translation import gettext as _

from spred.diffusion.choices import AdoptionStatus
from spred.diffusion.importing.format import COLUMNS

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


EXAMPLE_SOLUTION = "kortnavn-paa-en-loesning"


def example_rows(solution: str = EXAMPLE_SOLUTION) -> list[dict[str, str]]:
    """Two fictional adoption histories of ``solution``: one that grew from considering to
    operation after learning from another municipality, and one that was tried and stopped."""
    return [
        {
            "organisation": "751",
            "solution": solution,
            "status": AdoptionStatus.CONSIDERING,
            "date": "2021-03-01",
            "note": _("Eksempel: fiktive data."),
        },
        {
            "organisation": "751",
            "solution": solution,
            "status": AdoptionStatus.PILOT,
            "date": "2021-09-15",
            "learned_from": "461",
            "adapted": _("Vi tilpassede arbejdsgangene til hjemmeplejens vagtplan."),
        },
        {
            "organisation": "751",
            "solution": solution,
            "status": AdoptionStatus.OPERATING,
            "date": "2022-06-01",
            "scope_value": "1200",
            "scope_unit": "borgere",
        },
        {
            "organisation": "746",
            "solution": solution,
            "status": AdoptionStatus.PILOT,
            "date": "2022-02-01",
        },
        {
            "organisation": "746",
            "solution": solution,
            "status": AdoptionStatus.STOPPED,
            "date": "2023-01-15",
            "reason": _("Borgerne i målgruppen var for få til, at det kunne betale sig."),
        },
    ]


def _table(solution: str) -> list[list[str]]:
    return [list(COLUMNS), *([row.get(c, "") for c in COLUMNS] for row in example_rows(solution))]


def example_file(kind: str, solution: str = EXAMPLE_SOLUTION) -> bytes:
    if kind == "json":
        document = {"adoptions": example_rows(solution)}
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    if kind == "csv":
        # Semicolons and a byte-order mark: what Danish Excel writes and opens as UTF-8.
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(_table(solution))
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Ibrugtagninger")
    for row in _table(solution):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
