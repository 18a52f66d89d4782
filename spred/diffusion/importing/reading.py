"""Reading adoption import files: ``read_adoption_file`` turns a CSV, XLSX or JSON file into
rows of plain text (``RawRow``), each named by where it came from.

The safe reading of files is the shared importer's (``spred.core.importing.tables``:
``check_file`` and ``read_table``): its size limits, the zip-bomb check before openpyxl opens a
workbook, defusedxml, and undoing the formula guard of exports. Only the columns differ.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from spred.core.importing.problems import ImportFileError, ImportProblem
from spred.core.importing.tables import (
    JSON,
    MAX_FILE_BYTES,
    MAX_ROWS,
    cell_text,
    check_file,
    check_header,
    decode,
    read_table,
)
from spred.diffusion.importing.format import COLUMNS, DEMO_COLUMNS, REQUIRED_COLUMNS


@dataclass
class RawRow:
    """One row as read: where it came from (the spreadsheet row, or ``[i]`` in a JSON list)
    and its cells by column name, as text."""

    row: str
    data: dict[str, str]
    index: int = 0


@dataclass
class ReadResult:
    format: str
    rows: list[RawRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def read_adoption_file(
    data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES
) -> ReadResult:
    """Read an adoption file. Raises ``ImportFileError`` when the file cannot be used at all."""
    kind = check_file(data, filename, max_bytes=max_bytes)
    if kind == JSON:
        return _read_json(data)
    table = read_table(data, kind, header=_header, check_row_count=_check_row_count)
    return ReadResult(
        format=table.format,
        rows=[RawRow(row=r.row, data=r.cells, index=i) for i, r in enumerate(table.rows)],
        problems=table.problems,
    )


def _text(value: Any) -> str:
    """A JSON value or a value handed to the service as the cell text it stands for."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, date | datetime | int | float):
        return cell_text(value)
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _check_row_count(n: int) -> None:
    if n > MAX_ROWS:
        raise ImportFileError(
            _("Filen har mere end %(max)s rækker. Del den op i flere filer.")
            % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
        )


def _read_json(data: bytes) -> ReadResult:
    try:
        document = json.loads(decode(data))
    except (ValueError, RecursionError) as exc:
        raise ImportFileError(_("Filen er ikke gyldig JSON.")) from exc
    if isinstance(document, dict) and isinstance(document.get("adoptions"), list):
        document = document["adoptions"]
    if not isinstance(document, list):
        raise ImportFileError(
            _('JSON-filen skal være en liste af rækker eller et objekt med "adoptions": [...].')
        )
    _check_row_count(len(document))
    return ReadResult(format=JSON, rows=as_rows(document))


def as_rows(rows: Iterable[RawRow | Mapping[str, Any]]) -> list[RawRow]:
    """Rows as the checker takes them: a ``RawRow`` as it is, a mapping (a JSON object, or a row
    built by the demo loader) named by its place in the list, ``[0]`` for the first."""
    result: list[RawRow] = []
    for i, item in enumerate(rows):
        if isinstance(item, RawRow):
            result.append(RawRow(row=item.row, data=dict(item.data), index=i))
        elif isinstance(item, Mapping):
            data = {str(k).strip().lower(): _text(v).strip() for k, v in item.items()}
            result.append(RawRow(row=f"[{i}]", data={k: v for k, v in data.items() if v}, index=i))
        else:
            result.append(RawRow(row=f"[{i}]", data={"": _text(item)}, index=i))
    return result


def _header(cells: list[str]) -> list[str]:
    return check_header(
        cells,
        known=set(COLUMNS) | set(DEMO_COLUMNS),
        required=REQUIRED_COLUMNS,
        unknown=lambda names: (
            _("Ukendte kolonner i overskriftsrækken: %(names)s. Tilladte kolonner: %(allowed)s.")
            % {"names": names, "allowed": ", ".join(COLUMNS)}
        ),
    )
