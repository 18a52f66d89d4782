"""What an import reports: problems tied to a row and a field, and file-level refusals."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ImportProblem:
    """One thing wrong with one record.

    ``row`` names the record the way its file counts: the spreadsheet row for CSV and XLSX (the
    header is row 1, so the first record is row 2), and the position in the JSON list for JSON
    (``[0]`` for the first record of a plain list, ``cases[0]`` and ``solutions[0]`` in the
    envelope form). ``field`` is the field name of the format (dotted for nested values, e.g.
    ``partners[1].role``); empty when the problem concerns the whole record."""

    row: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.row}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, broken, too large, unsafe)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
