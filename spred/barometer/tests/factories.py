"""Small barometer files for tests: a codebook, microdata and strata, written as the analyst's
files would be, so tests go through the real readers.

The codebook has four questions: INNOV (asked of all; 1 yes, 2 no, 8 don't know), TYPE
(multiple choice, asked only if INNOV is 1), SCORE (a 1–5 scale, asked only if INNOV is 1) and
STAFF (a number, asked of all).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import factory
import yaml

from spred.barometer.models import Wave

CODEBOOK: dict[str, Any] = {
    "wave": 2023,
    "questions": [
        {
            "code": "INNOV",
            "text": {"da": "Har arbejdspladsen indført en innovation?", "en": "Innovated?"},
            "type": "single",
            "options": [
                {"code": "1", "label": {"da": "Ja", "en": "Yes"}},
                {"code": "2", "label": {"da": "Nej", "en": "No"}},
                {"code": "8", "label": {"da": "Ved ikke", "en": "Don't know"}},
            ],
            "dont_know": ["8"],
            "exclude_dont_know": True,
        },
        {
            "code": "TYPE",
            "text": {"da": "Hvilke typer?", "en": "Which types?"},
            "type": "multiple",
            "asked_if": {"question": "INNOV", "in": ["1"]},
            "options": [
                {"code": "1", "label": {"da": "Service", "en": "Service"}},
                {"code": "2", "label": {"da": "Proces", "en": "Process"}},
                {"code": "3", "label": {"da": "Organisering", "en": "Organisation"}},
                {"code": "8", "label": {"da": "Ved ikke", "en": "Don't know"}},
            ],
            "dont_know": ["8"],
        },
        {
            "code": "SCORE",
            "text": {"da": "Hvor godt lykkedes det?", "en": "How well did it go?"},
            "type": "scale",
            "asked_if": {"question": "INNOV", "in": ["1"]},
            "options": [
                *(
                    {"code": str(i), "label": {"da": f"Trin {i}", "en": f"Step {i}"}}
                    for i in range(1, 6)
                ),
                {"code": "8", "label": {"da": "Ved ikke", "en": "Don't know"}},
            ],
            "dont_know": ["8"],
        },
        {
            "code": "STAFF",
            "text": {"da": "Antal ansatte", "en": "Number of employees"},
            "type": "numeric",
        },
    ],
}


def codebook_yaml(document: Mapping[str, Any] | None = None) -> bytes:
    return yaml.safe_dump(dict(document or CODEBOOK), allow_unicode=True, sort_keys=False).encode()


#: (code, level, area, size, population)
STRATA: list[tuple[str, str, str, str, int]] = [
    ("K-DAG", "kommune", "dagtilbud", "10-49", 40),
    ("K-UDD", "kommune", "undervisning", "50-99", 30),
    ("R-SUN", "region", "sundhed", "100+", 20),
    ("S-ADM", "stat", "administration", "10-49", 10),
]


def strata_csv(rows: Iterable[Sequence[Any]] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["stratum", "level", "area", "size", "population"])
    for row in STRATA if rows is None else rows:
        writer.writerow(row)
    return out.getvalue().encode()


@dataclass
class Row:
    """One respondent as a microdata row."""

    id: str
    stratum: str
    answers: dict[str, str] = field(default_factory=dict)
    weight: str | None = None
    level: str | None = None
    area: str | None = None
    size: str | None = None


def _stratum(code: str) -> tuple[str, str, str, str, int]:
    return next(s for s in STRATA if s[0] == code)


def default_rows() -> list[Row]:
    """Four respondents per stratum (16 in all) with a mix of answers: yes with types, no,
    "ved ikke", and a yes who skipped the follow-up questions."""
    rows = []
    patterns = [
        {"INNOV": "1", "TYPE": "1;2", "SCORE": "4", "STAFF": "12"},
        {"INNOV": "1", "TYPE": "3", "SCORE": "5", "STAFF": "30"},
        {"INNOV": "2", "STAFF": "8"},
        {"INNOV": "8", "STAFF": "20"},
    ]
    number = 0
    for code, *_rest in STRATA:
        for pattern in patterns:
            number += 1
            rows.append(Row(f"R{number:03d}", code, dict(pattern)))
    return rows


def microdata_csv(
    rows: Iterable[Row] | None = None,
    *,
    questions: Sequence[str] = ("INNOV", "TYPE", "SCORE", "STAFF"),
    extra_columns: Sequence[str] = (),
) -> bytes:
    rows = list(default_rows() if rows is None else rows)
    sizes: dict[str, int] = {}
    for row in rows:
        sizes[row.stratum] = sizes.get(row.stratum, 0) + 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "stratum", "weight", "level", "area", "size", *questions, *extra_columns]
    )
    for row in rows:
        known = [s for s in STRATA if s[0] == row.stratum]
        _code, level, area, size, population = known[0] if known else ("", "", "", "", 1)
        weight = row.weight if row.weight is not None else f"{population / sizes[row.stratum]:g}"
        writer.writerow(
            [
                row.id,
                row.stratum,
                weight,
                row.level if row.level is not None else level,
                row.area if row.area is not None else area,
                row.size if row.size is not None else size,
                *(row.answers.get(q, "") for q in questions),
                *(row.answers.get(c, "") for c in extra_columns),
            ]
        )
    return out.getvalue().encode()


class WaveFactory(factory.django.DjangoModelFactory[Wave]):
    class Meta:
        model = Wave
        django_get_or_create = ("edition",)

    edition = 2023
    slug = factory.LazyAttribute(lambda w: str(w.edition))
    title = factory.LazyAttribute(lambda w: f"Innovationsbarometeret {w.edition}")
    reference_period = "2021–2022"
