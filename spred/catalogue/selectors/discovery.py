"""Reads behind finding catalogue content and getting it out: the published entries among
the search engine's hits, the labels of facet values, and the records of an export.

The search engine (``spred.search.engine``) answers with ids; every id is looked up again in
``public_cases()`` / ``public_solutions()`` before anything is shown or written, and ids that
are not there are dropped. The index holds published entries only, so this never removes
anything in normal operation — it is there for the moment between a status change and the
index catching up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spred.catalogue import exports
from spred.catalogue.choices import EntryKind, EvidenceLevel, Maturity, Stage, choice_labels
from spred.catalogue.models import Case, InnovationType, PolicyArea, Solution, TechnologyCategory
from spred.catalogue.selectors.entries import public_cases, public_solutions
from spred.organisations.choices import Sector
from spred.organisations.policies import OrganisationPolicy, RegionPolicy


def _taxonomy_labels(model: type[Any], values: Iterable[str]) -> dict[str, str]:
    # The vocabularies are public reference data; they have no policy of their own.
    return {t.slug: t.label for t in model._default_manager.filter(slug__in=list(values))}


def facet_labels(facet: str, values: Iterable[str], *, user: Any) -> dict[str, str]:
    """Labels in the visitor's language for the values of one facet; a value without a label
    (an organisation since removed, say) is shown as itself."""
    values = list(values)
    if not values:
        return {}
    if facet == "kind":
        return choice_labels(EntryKind)
    if facet == "area":
        return _taxonomy_labels(PolicyArea, values)
    if facet == "technology":
        return _taxonomy_labels(TechnologyCategory, values)
    if facet == "innovation_type":
        return _taxonomy_labels(InnovationType, values)
    if facet == "stage":
        return choice_labels(Stage)
    if facet == "maturity":
        return choice_labels(Maturity)
    if facet == "evidence":
        return choice_labels(EvidenceLevel)
    if facet == "sector":
        return choice_labels(Sector)
    if facet == "region":
        return {str(region.code): region.name for region in RegionPolicy.visible_to(user)}
    if facet == "organisation":
        organisations = OrganisationPolicy.visible_to(user).filter(slug__in=values)
        return dict(organisations.values_list("slug", "name"))
    return {}


@dataclass
class ResultItem:
    kind: str
    kind_label: str
    entry: Case | Solution
    url: str
    title_html: Any
    snippet_html: Any
    score: float


def public_entries(
    hits: Iterable[tuple[str, int]],
) -> tuple[dict[int, Case], dict[int, Solution]]:
    """The published cases and solutions among ``hits`` (kind, id), one query per kind."""
    hits = list(hits)
    case_ids = {int(pk) for kind, pk in hits if kind == EntryKind.CASE}
    solution_ids = {int(pk) for kind, pk in hits if kind == EntryKind.SOLUTION}
    cases = {c.pk: c for c in public_cases().filter(pk__in=case_ids)} if case_ids else {}
    solutions = (
        {s.pk: s for s in public_solutions().filter(pk__in=solution_ids)} if solution_ids else {}
    )
    return cases, solutions


def visible_hits(hits: Sequence[Any]) -> list[ResultItem]:
    """The engine's hits that are published, in the engine's order."""
    cases, solutions = public_entries((h.kind, h.object_id) for h in hits)
    labels = choice_labels(EntryKind)
    items: list[ResultItem] = []
    for hit in hits:
        found = cases if hit.kind == EntryKind.CASE else solutions
        entry = found.get(int(hit.object_id)) if hit.kind in labels else None
        if entry is None:
            continue
        items.append(
            ResultItem(
                kind=hit.kind,
                kind_label=labels[hit.kind],
                entry=entry,
                url=entry.get_absolute_url(),
                title_html=hit.title_html,
                snippet_html=hit.snippet_html,
                score=float(hit.score),
            )
        )
    return items


def export_records(hits: list[tuple[str, int]], kind: str) -> Iterator[dict[str, Any]]:
    """The records of the JSON export of one kind, in the result's order."""
    ids = [pk for hit_kind, pk in hits if hit_kind == kind]
    if kind == EntryKind.CASE:
        cases = exports.prefetch_cases(public_cases(), public_solutions())
        for case in exports.in_order(cases, ids):
            yield exports.case_record(case)
    else:
        solutions = exports.prefetch_solutions(public_solutions())
        for solution in exports.in_order(solutions, ids):
            yield exports.solution_record(solution)


def export_rows(hits: list[tuple[str, int]]) -> Iterator[dict[str, str | int]]:
    """The rows of the CSV and XLSX exports in the result's order, read a chunk at a time."""
    cases = exports.prefetch_cases(public_cases(), public_solutions())
    solutions = exports.prefetch_solutions(public_solutions())
    for start in range(0, len(hits), exports.CHUNK_SIZE):
        chunk = hits[start : start + exports.CHUNK_SIZE]
        case_ids = [pk for kind, pk in chunk if kind == EntryKind.CASE]
        solution_ids = [pk for kind, pk in chunk if kind == EntryKind.SOLUTION]
        found: dict[tuple[str, int], dict[str, Any]] = {}
        for case in exports.in_order(cases, case_ids):
            found[(EntryKind.CASE, case.pk)] = exports.case_record(case)
        for solution in exports.in_order(solutions, solution_ids):
            found[(EntryKind.SOLUTION, solution.pk)] = exports.solution_record(solution)
        for kind, pk in chunk:
            record = found.get((kind, pk))
            if record is not None:
                yield exports.flatten(kind, record)
