"""Reads of the workflow: the user's own entries, still in the works and published, and what
waits for the editors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from spred.accounts.roles import is_editor
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.organisations.memberships import member_organisation_ids

#: The statuses that are still being worked on (the "Mine bidrag" list).
WORK_IN_PROGRESS = (Status.DRAFT, Status.RETURNED, Status.SUBMITTED)


@dataclass(frozen=True)
class Entries:
    cases: QuerySet[Case]
    solutions: QuerySet[Solution]

    @property
    def count(self) -> int:
        return self.cases.count() + self.solutions.count()


def _own(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    if not user.is_authenticated:
        return qs.none()
    scope = Q(organisation_id__in=member_organisation_ids(user))
    if is_editor(user):
        scope |= Q(created_by=user)
    return qs.filter(scope)


def my_entries(*, user: Any) -> Entries:
    """Drafts, returned and submitted entries of the user's organisations (and an editor's own
    drafts for other organisations), the most recently changed first."""
    cases = _own(CasePolicy.visible_to(user), user).filter(status__in=WORK_IN_PROGRESS)
    solutions = _own(SolutionPolicy.visible_to(user), user).filter(status__in=WORK_IN_PROGRESS)
    return Entries(
        cases=cases.select_related("organisation").order_by("-updated_at", "pk"),
        solutions=solutions.select_related("organisation").order_by("-updated_at", "pk"),
    )


def my_published(*, user: Any) -> Entries:
    """Published and archived entries of the user's organisations."""
    cases = _own(CasePolicy.visible_to(user), user).filter(
        status__in=(Status.PUBLISHED, Status.ARCHIVED)
    )
    solutions = _own(SolutionPolicy.visible_to(user), user).filter(
        status__in=(Status.PUBLISHED, Status.ARCHIVED)
    )
    return Entries(
        cases=cases.select_related("organisation").order_by("title", "pk"),
        solutions=solutions.select_related("organisation").order_by("name", "pk"),
    )


def review_queue(*, user: Any) -> Entries:
    """What waits for the editors: submitted entries, the longest waiting first. Empty for
    anyone who is not an editor."""
    cases = CasePolicy.visible_to(user).filter(status=Status.SUBMITTED)
    solutions = SolutionPolicy.visible_to(user).filter(status=Status.SUBMITTED)
    if not is_editor(user):
        cases, solutions = cases.none(), solutions.none()
    return Entries(
        cases=cases.select_related("organisation", "submitted_by").order_by("submitted_at", "pk"),
        solutions=solutions.select_related("organisation", "submitted_by").order_by(
            "submitted_at", "pk"
        ),
    )
