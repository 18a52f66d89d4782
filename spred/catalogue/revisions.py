"""Snapshots of a published case, and what changed between two of them.

A snapshot holds what the public saw: the text, the facts, the taxonomies (by slug), the partners
and the linked solutions. It never holds the contact person — personal details that must
disappear everywhere when consent is withdrawn have no place in a history that is kept.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spred.catalogue.choices import EvidenceLevel, PartnerRole, Stage, Status
from spred.catalogue.models import Case, InnovationType, PolicyArea, TechnologyCategory

TEXT_FIELDS = (
    "title",
    "summary",
    "challenge",
    "solution_text",
    "results",
    "lessons",
    "spreading_potential",
)
CHOICE_FIELDS = {"stage": Stage, "evidence_level": EvidenceLevel}
VALUE_FIELDS = ("year", "kle_code")
TAXONOMY_FIELDS = {
    "innovation_types": InnovationType,
    "policy_areas": PolicyArea,
    "technologies": TechnologyCategory,
}
LIST_LABELS: dict[str, str | Promise] = {
    "innovation_types": _("innovationstyper"),
    "policy_areas": _("fagområder"),
    "technologies": _("teknologier"),
    "partners": _("partnere"),
    "solutions": _("løsninger"),
}


def case_snapshot(case: Case) -> dict[str, Any]:
    """What the public sees of ``case`` now, as JSON-ready data."""
    return {
        **{name: getattr(case, name) for name in TEXT_FIELDS},
        **{name: getattr(case, name) for name in CHOICE_FIELDS},
        **{name: getattr(case, name) for name in VALUE_FIELDS},
        **{name: sorted(t.slug for t in getattr(case, name).all()) for name in TAXONOMY_FIELDS},
        "organisation": {"slug": case.organisation.slug, "name": case.organisation.name},
        "partners": sorted(
            (
                {
                    "organisation": p.organisation.slug,
                    "organisation_name": p.organisation.name,
                    "role": p.role,
                    "description": p.description,
                }
                for p in case.partnerships.all()
            ),
            key=lambda p: (p["organisation_name"], p["role"]),
        ),
        # What the public saw: a linked solution that is not published is not named.
        "solutions": sorted(
            (
                {"slug": s.slug, "name": s.name}
                for s in case.solutions.all()
                if s.status == Status.PUBLISHED
            ),
            key=lambda s: s["name"],
        ),
    }


def comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot without what does not make a new version (an organisation's renaming)."""
    return {k: v for k, v in snapshot.items() if k != "organisation"}


# -- differences ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of text in a word diff: kept ("equal"), removed ("delete") or added ("insert")."""

    op: str
    text: str


@dataclass
class FieldChange:
    label: str | Promise
    #: For texts: the word diff. Empty for values and lists.
    segments: list[Segment] = field(default_factory=list)
    before: str = ""
    after: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return bool(self.segments)

    @property
    def is_list(self) -> bool:
        return bool(self.added or self.removed)


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[Segment]:
    old = _TOKENS.findall(before or "")
    new = _TOKENS.findall(after or "")
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(old[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            segments.append(Segment("delete", "".join(old[i1:i2])))
        if op in {"insert", "replace"}:
            segments.append(Segment("insert", "".join(new[j1:j2])))
    return segments


def _taxon_names(slugs: set[str], model: Any) -> dict[str, str]:
    return {t.slug: t.label for t in model.objects.filter(slug__in=slugs)} if slugs else {}


def _partner_label(partner: dict[str, Any]) -> str:
    role = PartnerRole(partner["role"]).label if partner["role"] in PartnerRole.values else ""
    text = f"{partner['organisation_name']} ({role})"
    return f"{text}: {partner['description']}" if partner.get("description") else text


def _label(name: str) -> str | Promise:
    return _field_label(name)


def _choice_label(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def snapshot_diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """The fields that differ between two snapshots, in the order the case page shows them."""
    changes: list[FieldChange] = []
    for name in TEXT_FIELDS:
        old, new = before.get(name) or "", after.get(name) or ""
        if old != new:
            changes.append(FieldChange(_label(name), segments=word_diff(old, new)))
    for name, choices in CHOICE_FIELDS.items():
        if before.get(name) != after.get(name):
            changes.append(
                FieldChange(
                    _label(name),
                    before=_choice_label(choices, before.get(name)),
                    after=_choice_label(choices, after.get(name)),
                )
            )
    for name in VALUE_FIELDS:
        if before.get(name) != after.get(name):
            changes.append(
                FieldChange(
                    _label(name),
                    before=str(before.get(name) or "–"),
                    after=str(after.get(name) or "–"),
                )
            )
    for name, model in TAXONOMY_FIELDS.items():
        old_set, new_set = set(before.get(name) or []), set(after.get(name) or [])
        if old_set != new_set:
            names = _taxon_names(old_set | new_set, model)
            changes.append(
                FieldChange(
                    LIST_LABELS[name],
                    added=sorted(names.get(s, s) for s in new_set - old_set),
                    removed=sorted(names.get(s, s) for s in old_set - new_set),
                )
            )
    old_partners = {_partner_label(p) for p in before.get("partners") or []}
    new_partners = {_partner_label(p) for p in after.get("partners") or []}
    if old_partners != new_partners:
        changes.append(
            FieldChange(
                LIST_LABELS["partners"],
                added=sorted(new_partners - old_partners),
                removed=sorted(old_partners - new_partners),
            )
        )
    old_solutions = {s["name"] for s in before.get("solutions") or []}
    new_solutions = {s["name"] for s in after.get("solutions") or []}
    if old_solutions != new_solutions:
        changes.append(
            FieldChange(
                LIST_LABELS["solutions"],
                added=sorted(new_solutions - old_solutions),
                removed=sorted(old_solutions - new_solutions),
            )
        )
    return changes


def _field_label(name: str) -> Any:
    field = Case._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.verbose_name
