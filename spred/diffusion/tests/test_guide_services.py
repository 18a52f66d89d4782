"""The spreading guide's services and selectors: who may write, what is refused, and that a
refused write stores nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.http import Http404

from spred.catalogue.tests.factories import SolutionFactory
from spred.core.policies import ActionNotAllowed
from spred.core.testing import unchanged
from spred.diffusion.choices import AdoptionStatus, GuideSide
from spred.diffusion.models import GuideProject, WorksheetAnswer
from spred.diffusion.policies import GuideProjectPolicy
from spred.diffusion.selectors import guide as guide_selectors
from spred.diffusion.services.guide import (
    guide_project_close,
    guide_project_create,
    guide_project_reopen,
    worksheet_save,
)
from spred.diffusion.tests.world import LedgerWorld, make_adoption

pytestmark = pytest.mark.django_db

CHECK = {
    "problem": "ja",
    "i-dag": "nogenlunde",
    "effekt-andre-steder": 4,
    "ledelse": 2,
    "forhindringer": "nej",
}


def _project(world: LedgerWorld, **kwargs: Any) -> GuideProject:
    arguments: dict[str, Any] = {
        "acting_user": world.aarhus_member,
        "organisation": world.aarhus,
        "solution": world.robot,
        "side": GuideSide.ADOPTING,
    }
    arguments.update(kwargs)
    return guide_project_create(**arguments)


# --------------------------------------------------------------------------------------------
# Creating a project


def test_a_member_starts_a_project_with_a_title_from_the_solution(
    ledger_world: LedgerWorld,
) -> None:
    project = _project(ledger_world)
    assert project.title == "Vi tager Spiserobot i brug"
    assert project.created_by == ledger_world.aarhus_member
    assert project.closed_at is None
    entry = LogEntry.objects.get_for_object(project).get()
    assert entry.actor == ledger_world.aarhus_member


def test_a_project_may_link_the_organisations_adoption(ledger_world: LedgerWorld) -> None:
    adoption = make_adoption(
        ledger_world.aarhus, ledger_world.robot, [(AdoptionStatus.CONSIDERING, date(2024, 1, 1))]
    )
    project = _project(ledger_world, adoption=adoption, title="  Robotten i Aarhus  ")
    assert project.adoption == adoption
    assert project.title == "Robotten i Aarhus"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda w: {"solution": w.draft}, "solution"),
        (lambda w: {"side": "kigger-paa"}, "side"),
        (lambda w: {"title": "x" * 201}, "title"),
        (
            lambda w: {
                "adoption": make_adoption(
                    w.odense, w.robot, [(AdoptionStatus.PILOT, date(2023, 3, 1))]
                )
            },
            "adoption",
        ),
        (
            lambda w: {
                "adoption": make_adoption(
                    w.aarhus, w.app, [(AdoptionStatus.PILOT, date(2023, 3, 1))]
                )
            },
            "adoption",
        ),
    ],
)
def test_bad_project_input_is_refused_and_nothing_stored(
    ledger_world: LedgerWorld, change: Any, field: str
) -> None:
    changes = change(ledger_world)
    with unchanged(GuideProject), pytest.raises(ValidationError) as caught:
        _project(ledger_world, **changes)
    assert field in caught.value.message_dict


def test_a_second_open_project_for_the_same_solution_and_side_is_refused(
    ledger_world: LedgerWorld,
) -> None:
    first = _project(ledger_world)
    with unchanged(GuideProject), pytest.raises(ValidationError) as caught:
        _project(ledger_world)
    assert "allerede et åbent spredningsprojekt" in caught.value.message_dict["solution"][0]
    # The other side is a different project; so is a new one after closing the first.
    _project(ledger_world, side=GuideSide.SHARING)
    guide_project_close(acting_user=ledger_world.aarhus_member, project=first)
    _project(ledger_world)
    assert GuideProject.objects.count() == 3


@pytest.mark.parametrize("who", ["odense_member", "outsider", "editor"])
def test_only_members_start_a_project_for_their_organisation(
    ledger_world: LedgerWorld, who: str
) -> None:
    with unchanged(GuideProject), pytest.raises(ActionNotAllowed):
        _project(ledger_world, acting_user=getattr(ledger_world, who))


# --------------------------------------------------------------------------------------------
# Saving worksheets


def test_a_draft_may_be_partly_filled_in_and_completed_later(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    member = ledger_world.aarhus_admin  # any member of the organisation works on it
    sheet = worksheet_save(
        acting_user=member,
        project=project,
        worksheet="tjek-ibrugtagning",
        answers={"problem": "ja", "ledelse": "3", "hvorfor": ""},
        completed=False,
    )
    assert sheet.answers == {"problem": "ja", "ledelse": 3}
    assert not sheet.completed
    assert sheet.updated_by == member
    sheet = worksheet_save(
        acting_user=ledger_world.aarhus_member,
        project=project,
        worksheet="tjek-ibrugtagning",
        answers=CHECK,
        completed=True,
    )
    assert WorksheetAnswer.objects.get(pk=sheet.pk).completed
    assert WorksheetAnswer.objects.filter(project=project).count() == 1
    assert LogEntry.objects.get_for_object(sheet).count() == 2


@pytest.mark.parametrize(
    ("answers", "completed", "key"),
    [
        ({"ledelse": 9}, False, "ledelse"),
        ({"problem": "måske"}, False, "problem"),
        ({"i-dag": "super"}, False, "i-dag"),
        ({"ukendt": "ja"}, False, "ukendt"),
        ({"problem": "ja"}, True, "forhindringer"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(
    ledger_world: LedgerWorld, answers: dict[str, Any], completed: bool, key: str
) -> None:
    project = _project(ledger_world)
    saved = worksheet_save(
        acting_user=ledger_world.aarhus_member,
        project=project,
        worksheet="tjek-ibrugtagning",
        answers={"problem": "ja"},
        completed=False,
    )
    with unchanged(WorksheetAnswer, saved), pytest.raises(ValidationError) as caught:
        worksheet_save(
            acting_user=ledger_world.aarhus_member,
            project=project,
            worksheet="tjek-ibrugtagning",
            answers={**CHECK, **answers} if not completed else answers,
            completed=completed,
        )
    assert key in caught.value.message_dict


@pytest.mark.parametrize("slug", ["tjek-deling", "findes-ikke"])
def test_a_worksheet_of_the_other_side_or_unknown_is_refused(
    ledger_world: LedgerWorld, slug: str
) -> None:
    project = _project(ledger_world)
    with unchanged(WorksheetAnswer), pytest.raises(ValidationError) as caught:
        worksheet_save(
            acting_user=ledger_world.aarhus_member,
            project=project,
            worksheet=slug,
            answers={},
            completed=False,
        )
    assert "worksheet" in caught.value.message_dict


def test_a_shared_worksheet_belongs_to_both_sides(ledger_world: LedgerWorld) -> None:
    sharing = _project(ledger_world, side=GuideSide.SHARING)
    sheet = worksheet_save(
        acting_user=ledger_world.aarhus_member,
        project=sharing,
        worksheet="data-og-jura",
        answers={"personoplysninger": "ingen", "aftaler": "ja"},
        completed=True,
    )
    assert sheet.completed


@pytest.mark.parametrize("who", ["odense_member", "outsider", "editor"])
def test_only_members_save_worksheets(ledger_world: LedgerWorld, who: str) -> None:
    project = _project(ledger_world)
    with unchanged(WorksheetAnswer), pytest.raises(ActionNotAllowed):
        worksheet_save(
            acting_user=getattr(ledger_world, who),
            project=project,
            worksheet="tjek-ibrugtagning",
            answers=CHECK,
            completed=False,
        )


def test_a_closed_project_cannot_be_changed_until_reopened(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    member = ledger_world.aarhus_member
    guide_project_close(acting_user=member, project=project)
    assert GuideProject.objects.get(pk=project.pk).closed_at is not None
    with unchanged(WorksheetAnswer), pytest.raises(ActionNotAllowed):
        worksheet_save(
            acting_user=member,
            project=project,
            worksheet="tjek-ibrugtagning",
            answers=CHECK,
            completed=False,
        )
    with pytest.raises(ValidationError, match="allerede afsluttet"):
        guide_project_close(acting_user=member, project=project)
    guide_project_reopen(acting_user=ledger_world.aarhus_admin, project=project)
    assert GuideProject.objects.get(pk=project.pk).closed_at is None
    with pytest.raises(ValidationError, match="ikke afsluttet"):
        guide_project_reopen(acting_user=member, project=project)
    worksheet_save(
        acting_user=member,
        project=project,
        worksheet="tjek-ibrugtagning",
        answers=CHECK,
        completed=True,
    )


def test_reopening_is_refused_when_another_open_project_took_its_place(
    ledger_world: LedgerWorld,
) -> None:
    member = ledger_world.aarhus_member
    first = _project(ledger_world)
    guide_project_close(acting_user=member, project=first)
    _project(ledger_world)
    with unchanged(first), pytest.raises(ValidationError, match="allerede et åbent projekt"):
        guide_project_reopen(acting_user=member, project=first)


@pytest.mark.parametrize("who", ["odense_member", "outsider", "editor"])
def test_only_members_close_and_reopen(ledger_world: LedgerWorld, who: str) -> None:
    project = _project(ledger_world)
    user = getattr(ledger_world, who)
    with unchanged(project), pytest.raises(ActionNotAllowed):
        guide_project_close(acting_user=user, project=project)
    guide_project_close(acting_user=ledger_world.aarhus_member, project=project)
    project.refresh_from_db()
    with unchanged(project), pytest.raises(ActionNotAllowed):
        guide_project_reopen(acting_user=user, project=project)


# --------------------------------------------------------------------------------------------
# Selectors and the policy matrix


def test_projects_are_visible_to_their_organisations_members_only(
    ledger_world: LedgerWorld, django_user_model: Any
) -> None:
    project = _project(ledger_world)
    odense_project = _project(
        ledger_world,
        acting_user=ledger_world.odense_member,
        organisation=ledger_world.odense,
        side=GuideSide.SHARING,
    )
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    visible = {
        "aarhus_member": {project.pk},
        "aarhus_admin": {project.pk},
        "odense_member": {odense_project.pk},
        "outsider": set(),
        "editor": set(),
    }
    for who, expected in visible.items():
        user = getattr(ledger_world, who)
        assert {p.pk for p in guide_selectors.guide_projects(user=user)} == expected, who
        assert {o.project.pk for o in guide_selectors.guide_overview(user=user)} == expected
    assert {p.pk for p in guide_selectors.guide_projects(user=admin)} == {
        project.pk,
        odense_project.pk,
    }
    for who in ("odense_member", "outsider", "editor"):
        with pytest.raises(Http404):
            guide_selectors.guide_project(user=getattr(ledger_world, who), pk=project.pk)
        assert not GuideProjectPolicy.can(getattr(ledger_world, who), "view", project)
    assert guide_selectors.guide_project(user=ledger_world.aarhus_admin, pk=project.pk) == project
    with pytest.raises(Http404):
        guide_selectors.guide_project(user=ledger_world.aarhus_member, pk=10**30)


def test_answers_are_read_only_through_a_visible_project(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    worksheet_save(
        acting_user=ledger_world.aarhus_member,
        project=project,
        worksheet="tjek-ibrugtagning",
        answers=CHECK,
        completed=True,
    )
    own = guide_selectors.guide_answers(user=ledger_world.aarhus_admin, project=project)
    assert list(own) == ["tjek-ibrugtagning"]
    assert guide_selectors.guide_answers(user=ledger_world.odense_member, project=project) == {}


def test_the_pickers_offer_own_organisations_and_published_solutions(
    ledger_world: LedgerWorld,
) -> None:
    member = ledger_world.aarhus_member
    assert guide_selectors.guide_organisations(user=member) == [ledger_world.aarhus]
    assert guide_selectors.guide_organisations(user=ledger_world.outsider) == []
    solutions = set(guide_selectors.guide_solutions(user=member))
    assert {ledger_world.robot, ledger_world.app} <= solutions
    assert ledger_world.draft not in solutions
    own = make_adoption(
        ledger_world.aarhus, ledger_world.robot, [(AdoptionStatus.PILOT, date(2022, 5, 1))]
    )
    make_adoption(
        ledger_world.odense, ledger_world.robot, [(AdoptionStatus.PILOT, date(2022, 5, 1))]
    )
    other = SolutionFactory.create(organisation=ledger_world.odense, status="publiceret")
    assert list(guide_selectors.guide_adoption_options(user=member)) == [own]
    assert list(guide_selectors.guide_adoption_options(user=member, solution=other)) == []
