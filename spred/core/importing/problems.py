"""What an import reports: problems tied to a row and a field, and file-level refusals."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class ImportProblem:
    """One thing wrong with one record, or with a file.

    ``row`` names the record the way its file counts: the spreadsheet row for CSV and XLSX (the
    header is row 1, so the first record is row 2), and the position in a JSON list (``[0]`` for
    the first record of a plain list, ``cases[0]`` in an envelope); empty when the problem
    concerns the whole file or a column. ``field`` is the column, or the field name of the
    format (dotted for nested values, e.g. ``partners[1].role``); empty when the problem concerns
    the whole record. ``file`` names the file when an import reads several. A warning does not
    stop an import; an error does."""

    row: str
    field: str
    reason: str
    file: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row:
            parts.append(_("række %(row)s") % {"row": self.row})
        if self.field:
            parts.append(_("kolonne %(column)s") % {"column": self.field})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, broken, too large, unsafe)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
