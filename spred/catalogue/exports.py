"""Catalogue entries written out in the open format: JSON, CSV and XLSX.

The records are the import format of docs/catalogue-format.md, field for field, so that a JSON
export read back by the importer gives the same entries. The writers take entries that the caller
has already limited to what is public (``selectors.public_cases()`` / ``public_solutions()``);
within an entry they leave out what is not public either: solutions a case links to that are
not published, and the contact person once consent is withdrawn.

Spreadsheets execute what looks like a formula. Every text cell of the CSV and XLSX files that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return therefore gets a leading
apostrophe, and XLSX cells are always written as text, never as formulas. The JSON export is not
touched: it is data for programs, and it is the format that round-trips exactly.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from spred.catalogue.case_schema.building import FORMAT_NAME, FORMAT_VERSION
from spred.catalogue.importing.format import CONTACT_FIELDS, TABLE_COLUMNS
from spred.catalogue.models import Case, Solution
from spred.core.importing.tables import neutralise
from spred.organisations.models import Organisation

#: The most entries one export may hold; a larger result is refused with a message.
EXPORT_LIMIT = 10_000
#: How many entries are read from the database at a time while writing.
CHUNK_SIZE = 500

CASE = "case"
SOLUTION = "solution"

#: Columns of the CSV and XLSX files: cases and solutions share one sheet, ``type`` tells them
#: apart, and a column that does not apply to a row's type is left empty. The import format
#: defines them, so an export always reads back in.
COLUMNS: tuple[str, ...] = TABLE_COLUMNS

LIST_SEPARATOR = ";"
PARTNER_SEPARATOR = "|"


# --------------------------------------------------------------------------------------------
# Records


def organisation_ref(organisation: Organisation) -> str:
    """The most stable reference the import format knows for an organisation: the municipality
    code, the region code, the CVR number, or else the slug."""
    if organisation.municipality_code:
        return organisation.municipality_code
    key = organisation.reference_key or ""
    if key.startswith("region:"):
        return key.removeprefix("region:")
    if organisation.cvr:
        return organisation.cvr
    return organisation.slug


def _timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def shown_contact(case: Case) -> Any | None:
    """The case's contact person while consent stands, else None."""
    try:
        contact = case.contact
    except ObjectDoesNotExist:
        return None
    if contact is None or not contact.is_shown:
        return None
    return contact


def case_record(case: Case) -> dict[str, Any]:
    """A published case as a record of the import format.

    ``case.solutions`` must hold only the solutions that may be shown (``prefetch_public``)."""
    record: dict[str, Any] = {
        "slug": case.slug,
        "title": case.title,
        "summary": case.summary,
        "organisation": organisation_ref(case.organisation),
        "challenge": case.challenge,
        "solution": case.solution_text,
        "results": case.results,
        "lessons": case.lessons,
        "spreading_potential": case.spreading_potential,
        "innovation_types": [t.slug for t in case.innovation_types.all()],
        "policy_areas": [t.slug for t in case.policy_areas.all()],
        "technologies": [t.slug for t in case.technologies.all()],
        "partners": [
            {
                "organisation": organisation_ref(p.organisation),
                "role": p.role,
                "description": p.description,
            }
            for p in case.partnerships.all()
        ],
        "solutions": [s.slug for s in case.solutions.all()],
        "stage": case.stage,
        "evidence_level": case.evidence_level,
        "year": case.year,
        "kle_code": case.kle_code,
    }
    contact = shown_contact(case)
    if contact is not None:
        record["contact"] = {
            "name": contact.name,
            "email": contact.email,
            "job_title": contact.job_title,
            "phone": contact.phone,
            "consent_given_at": _timestamp(contact.consent_given_at),
            "consent_text_version": contact.consent_text_version,
        }
    record["published_at"] = _timestamp(case.published_at)
    return record


def solution_record(solution: Solution) -> dict[str, Any]:
    """A published solution as a record of the import format."""
    return {
        "slug": solution.slug,
        "title": solution.name,
        "summary": solution.summary,
        "organisation": organisation_ref(solution.organisation),
        "description": solution.description,
        "technologies": [t.slug for t in solution.technologies.all()],
        "policy_areas": [t.slug for t in solution.policy_areas.all()],
        "kle_code": solution.kle_code,
        "maturity": solution.maturity,
        "suppliers": [organisation_ref(o) for o in solution.suppliers.all()],
        "licence": solution.licence,
        "source_url": solution.source_url,
        "website": solution.website,
        "price_indication": solution.price_indication,
        "published_at": _timestamp(solution.published_at),
    }


def prefetch_cases(cases: QuerySet[Case], public_solutions: QuerySet[Solution]) -> QuerySet[Case]:
    """Everything ``case_record`` reads, in a fixed number of queries."""
    return cases.select_related("organisation", "contact").prefetch_related(
        "innovation_types",
        "policy_areas",
        "technologies",
        "partnerships__organisation",
        # Only what the public may see of the linked solutions: a published case must not
        # reveal the name of a draft.
        Prefetch("solutions", queryset=public_solutions.order_by("slug")),
    )


def prefetch_solutions(solutions: QuerySet[Solution]) -> QuerySet[Solution]:
    return solutions.select_related("organisation").prefetch_related(
        "technologies", "policy_areas", "suppliers"
    )


def in_order(queryset: QuerySet[Any], ids: Sequence[int]) -> Iterator[Any]:
    """The objects of ``queryset`` with these ids, in the order of ``ids``, a chunk at a time.

    Ids the queryset does not hold are skipped: the caller's queryset decides what may be
    shown, whatever the ids say (a search index can lag behind the database)."""
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = list(ids[start : start + CHUNK_SIZE])
        found = {obj.pk: obj for obj in queryset.filter(pk__in=chunk)}
        for pk in chunk:
            if pk in found:
                yield found[pk]


# --------------------------------------------------------------------------------------------
# Flat rows (CSV, XLSX)


def _flat_part(value: str) -> str:
    # The separators of list cells cannot appear inside an item, or the importer would split
    # it; JSON keeps the text exactly.
    return value.replace(LIST_SEPARATOR, ",").replace(PARTNER_SEPARATOR, "/")


def flatten(kind: str, record: dict[str, Any]) -> dict[str, str | int]:
    """One CSV/XLSX row: lists joined with ``;``, partners as ``ref|role|description``, the
    contact person in ``contact_*`` columns. Values are not yet neutralised."""
    row: dict[str, str | int] = dict.fromkeys(COLUMNS, "")
    row["type"] = kind
    for key, value in record.items():
        if key == "partners":
            row[key] = LIST_SEPARATOR.join(
                PARTNER_SEPARATOR.join(
                    [p["organisation"], p["role"], _flat_part(p.get("description") or "")]
                )
                for p in value
            )
        elif key == "contact":
            for field in CONTACT_FIELDS:
                row[f"contact_{field}"] = value.get(field) or ""
        elif isinstance(value, list):
            row[key] = LIST_SEPARATOR.join(_flat_part(str(v)) for v in value)
        elif value is None:
            row[key] = ""
        else:
            row[key] = value
    return row


def _cell_text(value: str | int) -> str | int:
    if isinstance(value, int):
        return value
    return neutralise(str(value))


def csv_lines(rows: Iterable[dict[str, str | int]]) -> Iterator[str]:
    """The CSV file, a line at a time, starting with a byte-order mark so that spreadsheet
    programs read the Danish letters as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow(COLUMNS)
    yield "\ufeff" + take()
    for row in rows:
        writer.writerow([_cell_text(row[column]) for column in COLUMNS])
        yield take()


def _xlsx_text(value: str) -> str:
    # XML cannot carry most control characters; openpyxl refuses them rather than drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))


def write_xlsx(rows: Iterable[dict[str, str | int]], target: IO[bytes], *, title: str) -> None:
    """The rows as a one-sheet workbook, written with little memory (write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: str | int, font: Font | None = None) -> WriteOnlyCell:
        if isinstance(value, int):
            item = WriteOnlyCell(sheet, value=value)
        else:
            item = WriteOnlyCell(sheet, value=_xlsx_text(value))
            # Never a formula, whatever openpyxl would infer from the text.
            item.data_type = "s"
        if font is not None:
            item.font = font
        return item

    sheet.append([cell(column, bold) for column in COLUMNS])
    for row in rows:
        sheet.append([cell(row[column]) for column in COLUMNS])
    workbook.save(target)


def xlsx_file(rows: Iterable[dict[str, str | int]], *, title: str) -> IO[bytes]:
    """The workbook in a temporary file, rewound, for a FileResponse to send and close."""
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(rows, target, title=title)
    target.seek(0)
    return target


# --------------------------------------------------------------------------------------------
# JSON


def json_chunks(
    solutions: Iterable[dict[str, Any]], cases: Iterable[dict[str, Any]]
) -> Iterator[str]:
    """The object form of the format, written a record at a time."""
    head = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    yield "{\n" + "".join(f"  {json.dumps(k)}: {json.dumps(v)},\n" for k, v in head.items())
    for index, (key, records) in enumerate((("solutions", solutions), ("cases", cases))):
        yield f'  "{key}": ['
        first = True
        for record in records:
            text = json.dumps(record, ensure_ascii=False, indent=2)
            yield ("\n" if first else ",\n") + _indent(text, 4)
            first = False
        yield ("]" if first else "\n  ]") + (",\n" if index == 0 else "\n")
    yield "}\n"


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.splitlines())


def json_document(
    solutions: Iterable[dict[str, Any]], cases: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "solutions": list(solutions),
        "cases": list(cases),
    }
