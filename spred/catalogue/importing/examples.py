"""Example files for the import page: the format's columns with one solution and one case that
links it, as JSON, CSV and XLSX. They import as they are (into a database with the reference
data), so an editor can start from a file that works."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.utils.translation import gettext as _

from spred.catalogue.importing.format import (
    CONTACT_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    LIST_FIELDS,
    TABLE_COLUMNS,
)

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def example_records() -> dict[str, list[dict[str, Any]]]:
    solution = {
        "type": "solution",
        "slug": "eksempel-digital-tidsbestilling",
        "title": _("Digital tidsbestilling (eksempel)"),
        "summary": _(
            "Borgerne bestiller selv tid til borgerservice på nettet og får en påmindelse "
            "dagen før."
        ),
        "organisation": "751",
        "description": _(
            "Et eksempel på en løsning. Beskriv her, hvad løsningen er, hvad den kræver at "
            "tage i brug, og hvem der leverer den.\n\nAfsnit adskilles af en tom linje."
        ),
        "technologies": ["digital-selvbetjening"],
        "policy_areas": ["borgerservice"],
        "maturity": "velafproevet",
        "licence": "EUPL-1.2",
        "source_url": "https://kode.eksempel.dk/tidsbestilling",
        "website": "https://eksempel.dk/tidsbestilling",
        "price_indication": _("ca. 50.000 kr. i etablering og 10.000 kr. om året"),
    }
    case = {
        "type": "case",
        "title": _("Tidsbestilling i borgerservice (eksempel)"),
        "summary": _(
            "Et eksempel på en case: kortere ventetid i borgerservice, efter at borgerne selv "
            "kan bestille tid."
        ),
        "organisation": "751",
        "challenge": _("Hvilket problem ville I løse, og for hvem?"),
        "solution": _("Hvad gjorde I, og hvordan?"),
        "results": _("Hvad kom der ud af det? Gerne med tal."),
        "lessons": _("Hvad ville I gøre anderledes?"),
        "spreading_potential": _("Hvem kan bruge det, og hvad kræver det?"),
        "innovation_types": ["service", "proces"],
        "policy_areas": ["borgerservice"],
        "technologies": ["digital-selvbetjening"],
        "partners": [
            {
                "organisation": "1082",
                "role": "offentlig-partner",
                "description": _("Delte erfaringer fra deres egen løsning."),
            }
        ],
        "solutions": ["eksempel-digital-tidsbestilling"],
        "stage": "implementeret",
        "evidence_level": "foer-efter",
        "year": 2023,
    }
    return {"solutions": [solution], "cases": [case]}


def example_json() -> bytes:
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, **example_records()}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _flat(record: dict[str, Any]) -> list[str]:
    row: list[str] = []
    for column in TABLE_COLUMNS:
        if column in CONTACT_COLUMNS:
            value = (record.get("contact") or {}).get(CONTACT_COLUMNS[column], "")
        else:
            value = record.get(column, "")
        if column == "partners":
            value = "; ".join(
                "|".join([p["organisation"], p["role"], p.get("description", "")]).rstrip("|")
                for p in value or []
            )
        elif column in LIST_FIELDS:
            value = "; ".join(value or [])
        row.append(str(value))
    return row


def _rows() -> list[list[str]]:
    records = example_records()
    return [
        list(TABLE_COLUMNS),
        *(_flat(r) for r in [*records["solutions"], *records["cases"]]),
    ]


def example_csv() -> bytes:
    # Semicolons and a byte-order mark: what Danish Excel writes and opens as UTF-8.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def example_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Katalog")
    for row in _rows():
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def example_file(kind: str) -> bytes:
    builders = {"json": example_json, "csv": example_csv, "xlsx": example_xlsx}
    return builders[kind]()
