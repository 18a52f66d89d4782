"""The columns of the adoption import format (docs/adoption-format.md): one row per status
step, and the rows for the same organisation and solution are that adoption's history."""

from __future__ import annotations

#: Every column of the format, in the order the example files use.
COLUMNS: tuple[str, ...] = (
    "organisation",
    "solution",
    "status",
    "date",
    "reason",
    "scope_value",
    "scope_unit",
    "source_case",
    "learned_from",
    "adapted",
    "note",
)


#: Read only by the demo loader (``demo=True``); a normal import refuses them.
DEMO_COLUMNS: tuple[str, ...] = ("verified", "confirmed_on")


REQUIRED_COLUMNS: tuple[str, ...] = ("organisation", "solution", "status", "date")


#: Columns that describe the adoption as a whole rather than one step of its history.
ADOPTION_COLUMNS: tuple[str, ...] = ("scope_value", "scope_unit", "source_case", "note")
