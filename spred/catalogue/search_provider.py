"""What the search index knows about cases and solutions: published entries only.

``document(pk)`` answers None for anything that is not published (a draft, a submitted or
returned entry, an archived one), so ``spred.search.index.refresh`` removes it from the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from spred.catalogue.models import Case, CasePartner, Solution
from spred.catalogue.selectors.entries import public_cases, public_solutions
from spred.search.documents import IndexedDocument


def _slugs(items: Iterable[Any]) -> list[str]:
    return [item.slug for item in items]


def _owner_facets(entry: Case | Solution) -> dict[str, list[str]]:
    organisation = entry.organisation
    region = organisation.region
    return {
        "sector": [organisation.sector] if organisation.sector else [],
        # A state organisation has no region; it is then simply not in any region facet.
        "region": [str(region.code)] if region is not None else [],
        "organisation": [organisation.slug],
    }


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


class CaseProvider:
    kind = "case"

    @staticmethod
    def queryset() -> QuerySet[Case]:
        return public_cases().prefetch_related(
            "policy_areas",
            "technologies",
            "innovation_types",
            # Only published solutions: a published case must not name a draft it uses.
            Prefetch("solutions", queryset=public_solutions()),
            Prefetch("partnerships", queryset=CasePartner.objects.select_related("organisation")),
        )

    def build(self, case: Case) -> IndexedDocument:
        partners = [p.organisation.name for p in case.partnerships.all()]
        solutions = [s.name for s in case.solutions.all()]
        return IndexedDocument(
            kind=self.kind,
            object_id=case.pk,
            title=case.title,
            summary=case.summary,
            body=_paragraphs(
                case.challenge,
                case.solution_text,
                case.results,
                case.lessons,
                case.spreading_potential,
                " ".join(partners),
                " ".join(solutions),
            ),
            facets={
                "kind": ["case"],
                "area": _slugs(case.policy_areas.all()),
                "technology": _slugs(case.technologies.all()),
                "innovation_type": _slugs(case.innovation_types.all()),
                **_owner_facets(case),
                "stage": [case.stage],
                "evidence": [case.evidence_level],
                "year": [str(case.year)] if case.year else [],
            },
            published_at=case.published_at or case.created_at,
            url=case.get_absolute_url(),
        )

    def documents(self) -> Iterator[IndexedDocument]:
        for case in self.queryset().iterator(chunk_size=200):
            yield self.build(case)

    def document(self, object_id: Any) -> IndexedDocument | None:
        try:
            case = self.queryset().get(pk=int(object_id))
        except (Case.DoesNotExist, ValueError, TypeError):
            return None
        return self.build(case)


class SolutionProvider:
    kind = "solution"

    @staticmethod
    def queryset() -> QuerySet[Solution]:
        return public_solutions().prefetch_related("policy_areas", "technologies", "suppliers")

    def build(self, solution: Solution) -> IndexedDocument:
        suppliers = [s.name for s in solution.suppliers.all()]
        return IndexedDocument(
            kind=self.kind,
            object_id=solution.pk,
            title=solution.name,
            summary=solution.summary,
            body=_paragraphs(solution.description, " ".join(suppliers)),
            facets={
                "kind": ["solution"],
                "area": _slugs(solution.policy_areas.all()),
                "technology": _slugs(solution.technologies.all()),
                **_owner_facets(solution),
                "maturity": [solution.maturity],
            },
            published_at=solution.published_at or solution.created_at,
            url=solution.get_absolute_url(),
        )

    def documents(self) -> Iterator[IndexedDocument]:
        for solution in self.queryset().iterator(chunk_size=200):
            yield self.build(solution)

    def document(self, object_id: Any) -> IndexedDocument | None:
        try:
            solution = self.queryset().get(pk=int(object_id))
        except (Solution.DoesNotExist, ValueError, TypeError):
            return None
        return self.build(solution)
