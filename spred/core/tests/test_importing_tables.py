"""The import kit's table reader: one reader of CSV and XLSX for every import, with each import's
own header rules and row limit passed in. (The limits and the refusals of unsafe files are
tested through the catalogue's import, which reads with it: ``catalogue/tests/test_importing``.)"""

from __future__ import annotations

import pytest

from spred.core.importing import tables
from spred.core.importing.problems import ImportFileError, ImportProblem
from spred.core.testing import csv_bytes, xlsx_bytes


def _names(cells: list[str]) -> list[str]:
    return tables.check_header(
        cells,
        known={"a", "b"},
        required=("a",),
        unknown=lambda names: f"ukendt: {names}",
    )


def _at_most_two(n: int) -> None:
    if n > 2:
        raise ImportFileError("for mange")


@pytest.mark.parametrize("kind", [tables.CSV, tables.XLSX])
def test_the_shared_table_reader_gives_header_and_rows_of_text(kind: str) -> None:
    rows = [["A", " b "], ["", ""], ["'=1", "x"], ["y", ""]]
    data = csv_bytes(rows) if kind == tables.CSV else xlsx_bytes(rows)

    table = tables.read_table(data, kind, header=_names, check_row_count=_at_most_two)

    assert table.format == kind
    # An XLSX row reaches to the column limit; the empty names are the empty header cells.
    assert [name for name in table.header if name] == ["a", "b"]
    # Row numbers are the sheet's, the empty row counted; the formula guard is undone.
    assert [(r.row, r.cells) for r in table.rows] == [
        ("3", {"a": "=1", "b": "x"}),
        ("4", {"a": "y"}),
    ]
    assert table.problems == []


def test_the_shared_table_reader_reports_a_row_wider_than_the_header() -> None:
    table = tables.read_table(
        b"a;b\n1;2;3\n4;5\n", tables.CSV, header=_names, check_row_count=_at_most_two
    )
    assert [r.row for r in table.rows] == ["3"]
    assert table.problems == [
        ImportProblem("2", "", "Rækken har flere celler end overskriftsrækken.")
    ]


def test_the_shared_table_reader_uses_the_formats_own_header_and_row_limit() -> None:
    with pytest.raises(ImportFileError, match="ukendt: c"):
        tables.read_table(b"a;c\n1;2\n", tables.CSV, header=_names, check_row_count=_at_most_two)
    with pytest.raises(ImportFileError, match="for mange"):
        tables.read_table(b"a\n1\n2\n3\n", tables.CSV, header=_names, check_row_count=_at_most_two)
