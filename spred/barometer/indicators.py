"""The publication's indicators, defined in ``data/indicators.yaml`` and mirrored in the
``Indicator`` table.

``sync_indicators()`` makes the table match the file: it creates what is new and updates what
changed, by slug; running it again changes nothing. It never deletes an indicator (published
cells refer to it) — one removed from the file is reported, and stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from spred.barometer.choices import Theme

DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.yaml"

FIELDS = (
    "theme",
    "title_da",
    "title_en",
    "description_da",
    "description_en",
    "question_code",
    "value_codes",
    "position",
    "is_headline",
)


class IndicatorFileError(ValueError):
    pass


def indicator_definitions(path: Path = DATA_FILE) -> list[dict[str, Any]]:
    """The file's indicators as model field values, checked."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise IndicatorFileError(f"{path.name}: expected a list of indicators")
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, item in enumerate(raw, start=1):
        slug = item.get("slug")
        if not slug or slug in seen:
            raise IndicatorFileError(f"{path.name}: indicator {position} has no or a repeated slug")
        seen.add(slug)
        if item.get("theme") not in Theme.values:
            raise IndicatorFileError(f"{path.name}: {slug} has an unknown theme")
        codes = [str(c) for c in item.get("codes") or []]
        title = item.get("title") or {}
        description = item.get("description") or {}
        if not title.get("da") or not description.get("da") or not item.get("question"):
            raise IndicatorFileError(f"{path.name}: {slug} needs title, description and question")
        rows.append(
            {
                "slug": slug,
                "theme": item["theme"],
                "title_da": title["da"].strip(),
                "title_en": (title.get("en") or "").strip(),
                "description_da": description["da"].strip(),
                "description_en": (description.get("en") or "").strip(),
                "question_code": str(item["question"]),
                "value_codes": codes,
                "position": position * 10,
                "is_headline": bool(item.get("headline", False)),
            }
        )
    return rows


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def sync_indicators(
    model: Any = None, definitions: Iterable[dict[str, Any]] | None = None
) -> SyncReport:
    """Create and update indicators from the file. ``model`` lets a data migration pass its
    historical model."""
    if model is None:
        from spred.barometer.models import Indicator

        model = Indicator
    rows = list(definitions if definitions is not None else indicator_definitions())
    report = SyncReport()
    existing = {i.slug: i for i in model.objects.all()}
    for row in rows:
        current = existing.get(row["slug"])
        if current is None:
            obj = model(**row)
            obj.full_clean()
            obj.save()
            report.created.append(row["slug"])
            continue
        changed = [name for name in FIELDS if getattr(current, name) != row[name]]
        if changed:
            for name in changed:
                setattr(current, name, row[name])
            current.full_clean()
            current.save()
            report.updated.append(row["slug"])
        else:
            report.unchanged += 1
    slugs = {row["slug"] for row in rows}
    report.not_in_file = sorted(set(existing) - slugs)
    return report
