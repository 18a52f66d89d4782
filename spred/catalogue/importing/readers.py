"""Reading catalogue import files: JSON, CSV and XLSX into records of the JSON shape.

Every reader hands back the same thing — a list of records, each a ``dict`` shaped like a record
of the JSON format, with the row it came from — so the checks after this point do not care which
kind of file it was. The files are read, within the limits, by the import kit
(``core.importing.tables``); what is the catalogue's own is the JSON envelope, the header it
accepts and the flat columns of a table row (lists, partners, contact person).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from spred.catalogue.importing.format import (
    CASE,
    CONTACT_COLUMNS,
    DEMO_FIELDS,
    FORMAT_NAME,
    LIST_FIELDS,
    SOLUTION,
    TABLE_COLUMNS,
)
from spred.core.importing.problems import ImportFileError, ImportProblem
from spred.core.importing.tables import (
    CSV,
    JSON,
    MAX_FILE_BYTES,
    MAX_ROWS,
    XLSX,
    Table,
    check_file,
    check_header,
    decode,
    read_table,
)


@dataclass
class RawRecord:
    """One record as read: where it came from, what kind it is, and its fields."""

    row: str
    data: dict[str, Any]
    #: Position in the file, for keeping the file's order after sorting solutions first.
    index: int = 0

    @property
    def kind(self) -> str:
        value = self.data.get("type") or CASE
        return value if isinstance(value, str) else CASE


@dataclass
class ReadResult:
    format: str
    records: list[RawRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def read_file(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read an import file. Raises ``ImportFileError`` when the file cannot be used at all."""
    kind = check_file(data, filename, max_bytes=max_bytes)
    if kind == JSON:
        return read_json(data)
    return _records(read_table(data, kind, header=_header, check_row_count=_check_row_count))


# --------------------------------------------------------------------------------------------
# JSON


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def read_json(data: bytes) -> ReadResult:
    text = decode(data)
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("Filen er ikke gyldig JSON: %(error)s (linje %(line)s, kolonne %(col)s).")
            % {"error": exc.msg, "line": exc.lineno, "col": exc.colno}
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise ImportFileError(_("Filen er ikke gyldig JSON.")) from exc

    result = ReadResult(format=JSON)
    if isinstance(document, list):
        _take_json_list(result, document, prefix="", default_type=None)
    elif isinstance(document, dict):
        _read_envelope(result, document)
    else:
        raise ImportFileError(
            _(
                "JSON-filen skal indeholde en liste af poster eller et objekt med "
                '"format": "%(name)s".'
            )
            % {"name": FORMAT_NAME}
        )
    _check_row_count(len(result.records))
    return result


def _read_envelope(result: ReadResult, document: dict[str, Any]) -> None:
    if document.get("format") != FORMAT_NAME:
        raise ImportFileError(
            _('JSON-objektet skal have "format": "%(name)s" (fandt %(found)s).')
            % {"name": FORMAT_NAME, "found": json.dumps(document.get("format"))[:60]}
        )
    version = document.get("version")
    if not isinstance(version, str) or version.split(".")[0] != "1":
        raise ImportFileError(
            _('Formatversionen %(found)s kendes ikke. Spred læser version 1.x ("version": "1.0").')
            % {"found": json.dumps(version)[:40]}
        )
    unknown = sorted(set(document) - {"format", "version", "solutions", "cases"})
    if unknown:
        raise ImportFileError(
            _("Ukendte nøgler i JSON-objektet: %(keys)s. Brug solutions og cases.")
            % {"keys": ", ".join(unknown)[:200]}
        )
    for key, kind in (("solutions", SOLUTION), ("cases", CASE)):
        value = document.get(key, [])
        if not isinstance(value, list):
            raise ImportFileError(
                _('"%(key)s" skal være en liste af poster.') % {"key": key},
            )
        _take_json_list(result, value, prefix=key, default_type=kind)


def _take_json_list(
    result: ReadResult, items: list[Any], *, prefix: str, default_type: str | None
) -> None:
    _check_row_count(len(result.records) + len(items))
    for i, item in enumerate(items):
        row = f"{prefix}[{i}]"
        if not isinstance(item, dict):
            result.problems.append(
                ImportProblem(row, "", _("Posten skal være et JSON-objekt med felter."))
            )
            continue
        if default_type is not None:
            given = item.get("type")
            if given not in (None, "", default_type):
                result.problems.append(
                    ImportProblem(
                        row,
                        "type",
                        _('En post i "%(key)s" kan ikke have type "%(type)s".')
                        % {"key": prefix, "type": str(given)[:40]},
                    )
                )
                continue
            item = {**item, "type": default_type}
        result.records.append(RawRecord(row=row, data=item, index=len(result.records)))


def _check_row_count(n: int) -> None:
    if n > MAX_ROWS:
        raise ImportFileError(
            _("Filen har mere end %(max)s poster. Del den op i flere filer.")
            % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
        )


# --------------------------------------------------------------------------------------------
# CSV and XLSX: a header row and one record per row


_TABLE_NAMES = frozenset(TABLE_COLUMNS) | frozenset(DEMO_FIELDS)


def read_csv(data: bytes) -> ReadResult:
    return _records(read_table(data, CSV, header=_header, check_row_count=_check_row_count))


def read_xlsx(data: bytes) -> ReadResult:
    return _records(read_table(data, XLSX, header=_header, check_row_count=_check_row_count))


def _records(table: Table) -> ReadResult:
    """A table's rows as records of the JSON shape."""
    result = ReadResult(format=table.format, problems=list(table.problems))
    for line in table.rows:
        record, problems = unflatten(line.row, line.cells)
        result.problems.extend(problems)
        result.records.append(RawRecord(row=line.row, data=record, index=len(result.records)))
    # Problems in the order of the rows, as one walk through the file would find them.
    result.problems.sort(key=lambda p: int(p.row))
    return result


def _header(cells: list[str]) -> list[str]:
    return check_header(
        cells,
        known=_TABLE_NAMES,
        required=("organisation", "summary", "title"),
        unknown=lambda names: (
            _("Ukendte kolonner i overskriftsrækken: %(names)s. Se formatbeskrivelsen.")
            % {"names": names}
        ),
    )


def unflatten(row: str, flat: dict[str, str]) -> tuple[dict[str, Any], list[ImportProblem]]:
    """A table row in the JSON shape: lists split at ``;``, partners as ``ref|role|text``,
    the contact columns gathered into ``contact``, a year as a number."""
    record: dict[str, Any] = {}
    problems: list[ImportProblem] = []
    contact: dict[str, str] = {}
    for name, value in flat.items():
        if name in CONTACT_COLUMNS:
            contact[CONTACT_COLUMNS[name]] = value
        elif name in LIST_FIELDS:
            record[name] = split_list(value)
        elif name == "partners":
            partners = []
            for i, item in enumerate(split_list(value)):
                parts = [p.strip() for p in item.split("|")]
                if len(parts) < 2 or len(parts) > 3 or not parts[0] or not parts[1]:
                    problems.append(
                        ImportProblem(
                            row,
                            f"partners[{i}]",
                            _(
                                "Skriv en partner som organisation|rolle|beskrivelse, "
                                "fx 751|offentlig-partner|Stillede testborgere til rådighed."
                            ),
                        )
                    )
                    continue
                partner = {"organisation": parts[0], "role": parts[1]}
                if len(parts) == 3 and parts[2]:
                    partner["description"] = parts[2]
                partners.append(partner)
            record["partners"] = partners
        elif name == "year" and value.isdigit():
            record[name] = int(value)
        elif name == "type":
            record[name] = value.lower()
        else:
            record[name] = value
    if contact:
        record["contact"] = contact
    return record, problems


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]
