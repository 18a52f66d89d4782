"""``catalogue_world``: one entry in every status, two organisations and the people around them.

Reusable by every catalogue test that must prove a draft does not leak. Everything that must stay
out of lists and search (drafts, submitted, returned and archived entries) carries the word
``LEAK_WORD`` in its title, summary and text; every published entry carries ``PUBLIC_WORD``.
The entries are written with the factories (no services, no revisions, no e-mails); call
``world.index()`` to put the world in the search index the way the services would.

The cast:

* ``owner_org`` — a public (state) organisation in Region Midtjylland; ``owner_member`` is a
  plain member, ``owner_admin`` its admin. It owns one case and one solution in every status.
* ``other_org`` — a private company; ``other_member`` is a member. It owns a draft case and a
  published case of its own.
* ``editor`` — platform role Redaktør, member of nothing.
* ``outsider`` — signed in, member of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from spred.accounts.tests.factories import UserFactory
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, Solution
from spred.catalogue.tests.factories import CaseFactory, SolutionFactory, editor
from spred.core.testing import without_audit
from spred.organisations.choices import OrganisationKind
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import (
    AdminMembershipFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
)

#: In every entry that must not be public (draft, submitted, returned; archived where stated).
LEAK_WORD = "hemmeligkladde"
#: In every published entry.
PUBLIC_WORD = "offentligtilgaengelig"
NON_PUBLIC_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


@dataclass
class CatalogueWorld:
    owner_org: Organisation
    other_org: Organisation
    owner_member: Any
    owner_admin: Any
    other_member: Any
    editor: Any
    outsider: Any
    published_case: Case
    draft_case: Case
    submitted_case: Case
    returned_case: Case
    archived_case: Case
    other_published_case: Case
    other_draft_case: Case
    published_solution: Solution
    draft_solution: Solution
    submitted_solution: Solution
    returned_solution: Solution
    archived_solution: Solution
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cases(self) -> list[Case]:
        return [
            self.published_case,
            self.draft_case,
            self.submitted_case,
            self.returned_case,
            self.archived_case,
            self.other_published_case,
            self.other_draft_case,
        ]

    @property
    def solutions(self) -> list[Solution]:
        return [
            self.published_solution,
            self.draft_solution,
            self.submitted_solution,
            self.returned_solution,
            self.archived_solution,
        ]

    @property
    def public_cases(self) -> list[Case]:
        """What lists, search and feeds may show: published only."""
        return [self.published_case, self.other_published_case]

    @property
    def public_solutions(self) -> list[Solution]:
        return [self.published_solution]

    @property
    def hidden_cases(self) -> list[Case]:
        """Never visible to the public, not even at their address."""
        return [self.draft_case, self.submitted_case, self.returned_case, self.other_draft_case]

    @property
    def hidden_solutions(self) -> list[Solution]:
        return [self.draft_solution, self.submitted_solution, self.returned_solution]

    @property
    def archived(self) -> list[Case | Solution]:
        """Readable at their address, but in no listing."""
        return [self.archived_case, self.archived_solution]

    def index(self) -> None:
        """Refresh every entry in the search index (published ones go in, others stay out)."""
        from spred.search.index import refresh

        for case in self.cases:
            refresh("case", case.pk)
        for solution in self.solutions:
            refresh("solution", solution.pk)


def _case(organisation: Organisation, status: str, word: str, name: str, **kwargs: Any) -> Case:
    case = CaseFactory.create(
        organisation=organisation,
        status=status,
        title=f"{name} {word}",
        slug=f"{name.lower()}-{organisation.slug}",
        summary=f"Resumé af {name.lower()} om skærmbesøg i hjemmeplejen {word}.",
        challenge=f"Udfordringen med hjemmepleje og skærmbesøg {word}.",
        submitted_at=None,
        **kwargs,
    )
    case.policy_areas.add(*_areas())
    return case


def _areas() -> list[Any]:
    from spred.catalogue.models import PolicyArea

    return list(PolicyArea.objects.filter(slug="aeldre-og-pleje"))


def _solution(organisation: Organisation, status: str, word: str, name: str) -> Solution:
    solution = SolutionFactory.create(
        organisation=organisation,
        status=status,
        name=f"{name} {word}",
        slug=f"{name.lower()}-{organisation.slug}",
        summary=f"Resumé af {name.lower()}: skærmbesøg i hjemmeplejen {word}.",
        description=f"Beskrivelse af skærmbesøg {word}.",
    )
    solution.policy_areas.add(*_areas())
    return solution


def _word(status: str) -> str:
    return PUBLIC_WORD if status == Status.PUBLISHED else LEAK_WORD


@pytest.fixture
def catalogue_world(db: None) -> CatalogueWorld:
    return build_catalogue_world()


@without_audit
def build_catalogue_world() -> CatalogueWorld:
    """The world of ``catalogue_world``, for a module that builds it once (``testing.scene``)."""
    owner_org = OrganisationFactory.create(
        name="Fiktiv Styrelse for Velfærd",
        slug="fiktiv-styrelse",
        kind=OrganisationKind.STATE_AGENCY,
        region=RegionFactory.create(code=1082),
    )
    other_org = OrganisationFactory.create(name="Fiktiv Konsulent ApS", slug="fiktiv-konsulent")
    owner_admin = AdminMembershipFactory.create(
        organisation=owner_org, user__name="Alma Admin"
    ).user
    owner_member = MembershipFactory.create(organisation=owner_org, user__name="Mads Medlem").user
    other_member = MembershipFactory.create(organisation=other_org, user__name="Otto Anden").user
    cases = {
        status: _case(owner_org, status, _word(status), f"Case{status.capitalize()}")
        for status in (*NON_PUBLIC_STATUSES, Status.PUBLISHED, Status.ARCHIVED)
    }
    solutions = {
        status: _solution(owner_org, status, _word(status), f"Loesning{status.capitalize()}")
        for status in (*NON_PUBLIC_STATUSES, Status.PUBLISHED, Status.ARCHIVED)
    }
    for entry in [*cases.values(), *solutions.values()]:
        entry.created_by = owner_member
        if entry.status == Status.SUBMITTED:
            entry.submitted_by = owner_member
            entry.submitted_at = timezone.now()
        entry.save()
    cases[Status.RETURNED].review_comment = "Beskriv resultaterne med tal."
    cases[Status.RETURNED].save()
    return CatalogueWorld(
        owner_org=owner_org,
        other_org=other_org,
        owner_member=owner_member,
        owner_admin=owner_admin,
        other_member=other_member,
        editor=editor(name="Ebba Redaktør"),
        outsider=UserFactory.create(name="Ulla Udenfor"),
        published_case=cases[Status.PUBLISHED],
        draft_case=cases[Status.DRAFT],
        submitted_case=cases[Status.SUBMITTED],
        returned_case=cases[Status.RETURNED],
        archived_case=cases[Status.ARCHIVED],
        other_published_case=_case(other_org, Status.PUBLISHED, PUBLIC_WORD, "AndenPubliceret"),
        other_draft_case=_case(other_org, Status.DRAFT, LEAK_WORD, "AndenKladde"),
        published_solution=solutions[Status.PUBLISHED],
        draft_solution=solutions[Status.DRAFT],
        submitted_solution=solutions[Status.SUBMITTED],
        returned_solution=solutions[Status.RETURNED],
        archived_solution=solutions[Status.ARCHIVED],
    )
