"""Reading the files people import: JSON text, CSV and XLSX tables, within limits.

Every import reads its files through here, so each gets the same safety checks: a file is at
most ``Limits.file_bytes``; the number of records is the import's own limit (``check_row_count``
words it); and an XLSX file (a zip archive of XML) is refused before it is opened if it would
unpack to more than ``Limits.unpacked_bytes`` — which is what a zip bomb disguised as a
spreadsheet does. openpyxl parses the sheet's XML with defusedxml. Anything that makes the whole
file unusable raises ``ImportFileError`` with a Danish message; problems with single rows are
reported per row and the other rows still read.

Exports guard text that a spreadsheet would run as a formula (``neutralise``); reading a table
takes the guard off again (``unneutralise``), so a round trip keeps the text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from spred.core.importing.problems import ImportFileError, ImportProblem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 1_000
#: A member this much larger than its compressed size is refused once it is also large: XML
#: compresses well, but not a thousandfold.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_ABOVE_BYTES = 1024 * 1024
#: Columns read from a sheet; a format with fewer refuses a header reaching further.
MAX_COLUMNS = 100
#: Rows walked in a sheet or CSV file, empty ones included (Excel's own limit).
MAX_SHEET_ROWS = 1_048_576

JSON, CSV, XLSX = "json", "csv", "xlsx"
FORMATS = (JSON, CSV, XLSX)

_ZIP_MAGIC = b"PK\x03\x04"

#: A cell starting with one of these is read as a formula by spreadsheet programs; exports
#: guard such text with a leading apostrophe and the import takes it off again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Limits:
    """How large a table file may be. The defaults suit the catalogue's and the ledger's files;
    survey microdata are wider and longer."""

    file_bytes: int = MAX_FILE_BYTES
    unpacked_bytes: int = MAX_UNCOMPRESSED_BYTES
    columns: int = MAX_COLUMNS


LIMITS = Limits()


def neutralise(value: str) -> str:
    """Text a spreadsheet will show as text rather than run as a formula."""
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def detect_format(data: bytes, filename: str) -> str:
    """The format by the file's extension, confirmed by its content. A mismatch is refused:
    an ``.xlsx`` that is not a zip archive is either broken or not what it claims to be."""
    extension = PurePath(filename or "").suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise ImportFileError(
            _("Filtypen .%(ext)s kendes ikke. Brug en JSON-, CSV- eller XLSX-fil.")
            % {"ext": extension}
            if extension
            else _("Filen har ingen filtype. Brug en .json-, .csv- eller .xlsx-fil.")
        )
    looks_like_zip = data.startswith(_ZIP_MAGIC)
    if extension == XLSX and not looks_like_zip:
        raise ImportFileError(
            _(
                "Filen hedder .xlsx, men er ikke et Excel-regneark (XLSX er et zip-arkiv). "
                "Gem den igen som Excel-projektmappe (.xlsx)."
            )
        )
    if extension != XLSX and looks_like_zip:
        raise ImportFileError(
            _("Filen hedder .%(ext)s, men er et zip-arkiv (måske et regneark). Gem den som .xlsx.")
            % {"ext": extension}
        )
    return extension


def check_size(data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse a file larger than ``max_bytes``, whatever its format."""
    if len(data) > max_bytes:
        raise ImportFileError(
            _("Filen er for stor (%(size)s). Den største tilladte størrelse er %(max)s.")
            % {"size": f"{len(data) / (1024 * 1024):.1f} MB", "max": _mb(max_bytes)}
        )


def check_file(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's format, once it is known not to be too large, empty or other than it claims.
    Raises ``ImportFileError`` otherwise. Shared by every import that takes these files."""
    check_size(data, max_bytes=max_bytes)
    if not data.strip():
        raise ImportFileError(_("Filen er tom."))
    return detect_format(data, filename)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "Filen er ikke gemt som UTF-8 (fejl ved byte %(pos)s). Gem den igen med "
                "tegnsættet UTF-8."
            )
            % {"pos": exc.start + 1}
        ) from exc


def sniff_delimiter(text: str) -> str:
    """``;`` (what Danish Excel writes) or ``,``, by which the header row uses more of; a tab
    when the header has neither."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class TableRow:
    """A data row of a CSV or XLSX file: its number as the spreadsheet shows it, and its
    non-empty cells by column name, stripped and with the export's formula guard undone."""

    row: str
    cells: dict[str, str]


@dataclass
class Table:
    format: str
    header: list[str]
    rows: list[TableRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def read_table(
    data: bytes,
    kind: str,
    *,
    header: Callable[[list[str]], list[str]],
    check_row_count: Callable[[int], None],
    limits: Limits = LIMITS,
) -> Table:
    """A CSV or XLSX file (``kind``) as a header row and rows of text, within ``limits``.

    The one reader of tables for every import, so each gets the same safety checks; what
    differs between formats is passed in: ``header`` takes the header row's cells and returns
    the column names, raising ``ImportFileError`` for a header it refuses; ``check_row_count``
    is called with the number of data rows so far and raises when there are too many (each
    format words its own limit)."""
    if kind == CSV:
        return _read_csv_table(data, header, check_row_count, limits)
    if kind == XLSX:
        return _read_xlsx_table(data, header, check_row_count, limits)
    raise ValueError(kind)


def _read_csv_table(
    data: bytes,
    header: Callable[[list[str]], list[str]],
    check_row_count: Callable[[int], None],
    limits: Limits,
) -> Table:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ImportFileError(_("Filen indeholder binære data og er ikke en CSV-fil."))
    delimiter = sniff_delimiter(text)
    # The default limit (128 KiB per cell) would stop a long text with a parser error; the
    # length rules of the format give the better message, and the file size bounds the cell.
    csv.field_size_limit(max(csv.field_size_limit(), limits.file_bytes))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _table(CSV, reader, header, check_row_count)
    except csv.Error as exc:
        raise ImportFileError(
            _("CSV-filen kan ikke læses ved linje %(line)s: %(error)s")
            % {"line": reader.line_num, "error": str(exc)}
        ) from exc


def check_zip(data: bytes, *, max_unpacked: int = MAX_UNCOMPRESSED_BYTES) -> None:
    """Refuse a zip archive that would unpack to too much, before anything unpacks it.

    Python's zipfile never produces more bytes for a member than its directory entry declares
    (it stops at the declared size and then fails the CRC check), so the declared sizes bound
    what openpyxl can be made to read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(
            _("Regnearket er i stykker (zip-arkivet kan ikke læses). Gem det igen som .xlsx.")
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ImportFileError(
                _("Regnearket indeholder for mange dele (%(n)s). Det ligner ikke et regneark.")
                % {"n": len(members)}
            )
        total = 0
        for member in members:
            total += member.file_size
            if total > max_unpacked:
                raise ImportFileError(
                    _(
                        "Regnearket fylder over %(max)s, når det pakkes ud, og åbnes ikke. "
                        "Del det op i flere filer."
                    )
                    % {"max": _mb(max_unpacked)}
                )
            if (
                member.file_size > RATIO_CHECK_ABOVE_BYTES
                and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
            ):
                raise ImportFileError(
                    _("Regnearket er mistænkeligt stærkt komprimeret (%(name)s) og åbnes ikke.")
                    % {"name": member.filename[:80]}
                )


def _read_xlsx_table(
    data: bytes,
    header: Callable[[list[str]], list[str]],
    check_row_count: Callable[[int], None],
    limits: Limits,
) -> Table:
    # The archive's declared sizes are checked before openpyxl unpacks anything.
    check_zip(data, max_unpacked=limits.unpacked_bytes)
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise ImportFileError(_("Regneark kan ikke læses sikkert på denne server (defusedxml)."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ImportFileError(
            _("Regnearket kan ikke åbnes: det er ikke en gyldig Excel-projektmappe (.xlsx).")
        ) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Regnearket har ingen ark."))
        sheet = workbook.worksheets[0]
        # The sheet's declared size is not trusted: it would pad every row to its width.
        sheet.reset_dimensions()
        rows = (
            [cell_text(value) for value in row]
            for row in sheet.iter_rows(max_col=limits.columns, values_only=True)
        )
        try:
            return _table(XLSX, rows, header, check_row_count)
        except ImportFileError:
            raise
        except Exception as exc:
            raise ImportFileError(_("Regnearkets første ark kan ikke læses.")) from exc
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _table(
    kind: str,
    rows: Iterable[list[str]],
    header: Callable[[list[str]], list[str]],
    check_row_count: Callable[[int], None],
) -> Table:
    """A header row and data rows. Empty rows are skipped but counted, so the row numbers stay
    those the spreadsheet shows (the header is row 1)."""
    names: list[str] | None = None
    result = Table(format=kind, header=[])
    for n, cells in enumerate(rows, start=1):
        if n > MAX_SHEET_ROWS:
            raise ImportFileError(
                _("Filen har flere rækker, end et regneark kan have. Den læses ikke.")
            )
        if not any(cell.strip() for cell in cells):
            continue
        if names is None:
            names = result.header = header(cells)
            continue
        check_row_count(len(result.rows) + 1)
        row = str(n)
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            result.problems.append(
                ImportProblem(row, "", _("Rækken har flere celler end overskriftsrækken."))
            )
            continue
        result.rows.append(
            TableRow(
                row=row,
                cells={
                    name: unneutralise(cell.strip())
                    for name, cell in zip(names, cells, strict=False)
                    if name and cell.strip()
                },
            )
        )
    if names is None:
        raise ImportFileError(_("Filen har ingen overskriftsrække."))
    return result


def unneutralise(cell: str) -> str:
    """Undo the export's guard against spreadsheet formulas ("'=…" back to "=…"), so a CSV or
    XLSX export imports to the same text."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def check_header(
    cells: list[str],
    *,
    known: Collection[str],
    required: Sequence[str],
    unknown: Callable[[str], str],
) -> list[str]:
    """A header row's column names, lower-cased: only ``known`` names, none twice, all of
    ``required``. ``unknown`` words the refusal of unknown names (given them, comma-separated),
    since each format points to its own description."""
    header = [cell.strip().lower() for cell in cells]
    strangers = [name for name in header if name and name not in known]
    if strangers:
        raise ImportFileError(unknown(", ".join(strangers)[:300]))
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise ImportFileError(
                _("Kolonnen %(name)s står flere gange i overskriftsrækken.") % {"name": name}
            )
        seen.add(name)
    missing = [name for name in required if name not in seen]
    if missing:
        raise ImportFileError(
            _("Overskriftsrækken mangler kolonnerne %(names)s.") % {"names": ", ".join(missing)}
        )
    return header
