"""Loading the reference data (regions, municipalities, ministries) into the database.

Idempotent: each record has a stable reference key; a second run changes nothing and says so.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from spred.organisations.choices import OrganisationKind
from spred.organisations.identifiers import REFERENCE_DIR, danish_slugify
from spred.organisations.models import Organisation, Region


@dataclass
class LoadReport:
    counts: Counter[str] = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)

    def note(self, kind: str, outcome: str, detail: str = "") -> None:
        self.counts[f"{kind}:{outcome}"] += 1
        if detail:
            self.changes.append(detail)


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int_or_none(value: str) -> int | None:
    return int(value) if value and value.strip() else None


def _dec_or_none(value: str) -> Decimal | None:
    return Decimal(value) if value and value.strip() else None


def _upsert(
    model: type[Any], lookup: dict[str, Any], values: dict[str, Any], kind: str, report: LoadReport
) -> Any:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        report.note(kind, "created", f"+ {obj}")
        return obj
    changed = [f for f, v in values.items() if getattr(obj, f) != v]
    if changed:
        for f in changed:
            setattr(obj, f, values[f])
        obj.full_clean()
        obj.save()
        report.note(kind, "updated", f"~ {obj}: {', '.join(changed)}")
    else:
        report.note(kind, "unchanged")
    return obj


#: Official names that are not "<short name> Kommune" (SOURCES.md §1).
OFFICIAL_MUNICIPALITY_NAMES = {
    "101": "Københavns Kommune",
    "400": "Bornholms Regionskommune",
}


def municipality_name(code: str, short_name: str) -> str:
    return OFFICIAL_MUNICIPALITY_NAMES.get(code, f"{short_name} Kommune")


@transaction.atomic
def load_reference_data() -> LoadReport:
    report = LoadReport()
    regions: dict[int, Region] = {}
    for row in _rows("regions.csv"):
        code = int(row["code"])
        regions[code] = _upsert(
            Region,
            {"code": code},
            {
                "name": row["name"],
                "slug": danish_slugify(row["name"]),
                "nuts": row["nuts"],
                "iso": row["iso"],
                "population": _int_or_none(row.get("population", "")),
                "population_year": _int_or_none(row.get("population_year", "")),
            },
            "region",
            report,
        )
        _upsert(
            Organisation,
            {"reference_key": f"region:{code}"},
            {
                "name": row["name"],
                "slug": danish_slugify(row["name"]),
                "kind": OrganisationKind.REGION,
                "region": regions[code],
                "population": _int_or_none(row.get("population", "")),
                "population_year": _int_or_none(row.get("population_year", "")),
            },
            "region organisation",
            report,
        )
    for row in _rows("municipalities.csv"):
        municipality_code = row["code"].zfill(3)
        name = row["name"]
        official_name = municipality_name(municipality_code, name)
        _upsert(
            Organisation,
            {"reference_key": f"municipality:{municipality_code}"},
            {
                "name": official_name,
                "short_name": name,
                "slug": danish_slugify(official_name),
                "kind": OrganisationKind.MUNICIPALITY,
                "municipality_code": municipality_code,
                "region": regions[int(row["region_code"])],
                "seat": row["seat"],
                "population": _int_or_none(row["population"]),
                "population_year": _int_or_none(row["population_year"])
                if row["population"]
                else None,
                "latitude": _dec_or_none(row["lat"]),
                "longitude": _dec_or_none(row["lon"]),
            },
            "municipality",
            report,
        )
    for row in _rows("ministries.csv"):
        _upsert(
            Organisation,
            {"reference_key": f"ministry:{row['short_name']}"},
            {
                "name": row["name"],
                "short_name": row["short_name"],
                "slug": danish_slugify(row["name"]),
                "kind": OrganisationKind.MINISTRY,
            },
            "ministry",
            report,
        )
    return report
