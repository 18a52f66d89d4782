"""Reading the barometer's tables — microdata and strata, CSV or XLSX — through the import kit
(``spred.core.importing.tables``), within the barometer's own limits.

The kit does the reading and its safety checks (the file size, the zip archive before openpyxl
opens it, UTF-8, the CSV separator); anything that makes a whole file unusable is put on the
report under the file's label, in the kit's words. What is the barometer's own stays here: a
``.txt`` file or one without an extension is read as CSV; survey files are wider and longer than
the catalogue's; and every problem with the header row is listed, not only the first.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath

from django.utils.translation import gettext as _

from spred.core.importing import tables
from spred.core.importing.problems import ImportFileError, ImportProblem
from spred.core.importing.report import ImportReport

#: Largest file read (the web upload is capped lower by the request-size guard).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: An XLSX file is a zip archive; refuse one that would unpack into something huge.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000

#: One column more than allowed is read from a sheet, so that a header reaching past the limit
#: is refused rather than cut off without a word.
LIMITS = tables.Limits(
    file_bytes=MAX_FILE_BYTES, unpacked_bytes=MAX_UNPACKED_BYTES, columns=MAX_COLUMNS + 1
)

#: Read as CSV: statistics programs also save CSV as .txt, or without an extension.
CSV_SUFFIXES = frozenset({".csv", ".txt", ""})


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    #: (the row as the spreadsheet numbers it, column -> cell text; "" for an empty cell)
    rows: list[tuple[str, dict[str, str]]]


def table_format(content: bytes, filename: str) -> str:
    """CSV or XLSX, by the file's extension, once the kit has checked the file's size and that
    it is what it claims to be."""
    suffix = PurePath(filename).suffix.lower()
    if suffix != ".xlsx" and suffix not in CSV_SUFFIXES:
        raise ImportFileError(_("Filtypen kendes ikke; brug CSV eller XLSX."))
    # The kit knows .csv and .xlsx by name; .txt and no extension are CSV here.
    claimed = "tabel.xlsx" if suffix == ".xlsx" else "tabel.csv"
    return tables.check_file(content, claimed, max_bytes=MAX_FILE_BYTES)


def _check_row_count(n: int) -> None:
    if n > MAX_ROWS:
        raise ImportFileError(
            _("Filen har mere end %(max)s rækker. Del den op i flere filer.")
            % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
        )


def _header_reader(
    kind: str, label: str, problems: list[ImportProblem]
) -> Callable[[list[str]], list[str]]:
    """The kit's ``header`` step: the column names, with every problem of the header row put on
    ``problems`` (the caller then reads no rows)."""

    def header(cells: list[str]) -> list[str]:
        names = [cell.strip() for cell in cells]
        if kind == tables.XLSX:
            # A sheet's rows come padded to the columns read; the header ends at its last name.
            while names and not names[-1]:
                names.pop()
        if len(names) > MAX_COLUMNS:
            raise ImportFileError(_("Filen har for mange kolonner."))
        duplicates = sorted(name for name, n in Counter(names).items() if n > 1 and name)
        for name in duplicates:
            problems.append(ImportProblem("", name, _("Kolonnen findes mere end én gang."), label))
        if "" in names:
            problems.append(
                ImportProblem(
                    "",
                    "",
                    _("Kolonne nr. %(n)s har ingen overskrift.") % {"n": names.index("") + 1},
                    label,
                )
            )
        return names

    return header


def read_table(content: bytes, filename: str, label: str, report: ImportReport) -> Table | None:
    """A CSV or XLSX file as a header and rows of text cells; ``None`` (with the problems on the
    report, under ``label``) when the file or its header row cannot be used."""
    header_problems: list[ImportProblem] = []
    try:
        kind = table_format(content, filename)
        table = tables.read_table(
            content,
            kind,
            header=_header_reader(kind, label, header_problems),
            check_row_count=_check_row_count,
            limits=LIMITS,
        )
    except ImportFileError as exc:
        report.add(exc.message, file=label)
        return None
    if header_problems:
        report.extend(header_problems)
        return None
    report.extend(replace(problem, file=label) for problem in table.problems)
    header = tuple(table.header)
    return Table(
        header,
        [(row.row, {name: row.cells.get(name, "") for name in header}) for row in table.rows],
    )


def number(text: str) -> float | None:
    """A number as analysts type it: ``12.5`` or, Danish style, ``12,5``."""
    if not text:
        return None
    candidate = text.replace(" ", "")
    if "," in candidate and "." not in candidate:
        candidate = candidate.replace(",", ".")
    try:
        value = float(candidate)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
